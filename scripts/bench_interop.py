#!/usr/bin/env python3
"""iCalendar export and import of N deadlines by docketctl, beside Python's
icalendar parsing and writing the same file, in the same run.

    scripts/bench_interop.py --docketctl target/release/docketctl [--deadlines 10000] [--runs 5]

Prints one line per figure (median of the runs) with the command behind it.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(runs, action):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def write_csv(path, count):
    """`count` deadlines: date-only and timed ones in several zones, custom
    leads on the timed ones, over ten years."""
    zones = ["Europe/Brussels", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "due_date", "due_time", "tz", "kind", "owner", "reference", "description", "lead_times"])
        for i in range(count):
            year, day = 2027 + i % 10, 1 + i % 28
            timed_one = i % 3 == 0
            w.writerow([
                f"Review {i:06d}: vendor AI system {i % 97}, annual check",
                f"{year}-{1 + i % 12:02d}-{day:02d}",
                "17:00" if timed_one else "",
                zones[i % 5],
                ["internal", "commitment", "obligation"][i % 3],
                ["Ana", "Ben", ""][i % 3],
                f"Art. {i % 113}",
                f"Internal commitment {i}; see the register, line {i}.",
                "30d,7d,1d,2h,15m" if timed_one else "",
            ])


def measure(docketctl_path, count, runs):
    """The figures, in seconds, with the file's size in bytes."""
    import icalendar  # from .build/venv (scripts/setup-python)

    work = tempfile.mkdtemp(prefix="docket-bench-")
    data = os.path.join(work, "data")
    env = dict(os.environ, DOCKET_DATA_DIR=data, TZ="Europe/Brussels")

    def docketctl(*argv, data_dir=data):
        subprocess.run([docketctl_path, *argv], check=True, stdout=subprocess.DEVNULL,
                       env=dict(env, DOCKET_DATA_DIR=data_dir))

    source = os.path.join(work, "deadlines.csv")
    write_csv(source, count)
    docketctl("import", "--format", "csv", source)
    ics = os.path.join(work, "deadlines.ics")

    figures = {"export": timed(runs, lambda: docketctl("export", "-o", ics))}
    figures["size"] = os.path.getsize(ics)

    def import_fresh():
        fresh = tempfile.mkdtemp(dir=work)
        docketctl("import", ics, data_dir=fresh)

    # A fresh data dir each time (the embedded pack is installed first).
    figures["import"] = timed(runs, import_fresh)
    figures["reimport"] = timed(runs, lambda: docketctl("import", ics))
    # The audit report of every deadline (they fall due 2027 to 2036).
    report_pdf = os.path.join(work, "report.pdf")
    report_html = os.path.join(work, "report.html")
    figures["report_pdf"] = timed(runs, lambda: docketctl(
        "report", "--from", "2027-01-01", "--to", "2036-12-31", "-o", report_pdf))
    figures["report_pdf_size"] = os.path.getsize(report_pdf)
    figures["report_html"] = timed(runs, lambda: docketctl(
        "report", "--from", "2027-01-01", "--to", "2036-12-31", "-o", report_html))
    figures["report_html_size"] = os.path.getsize(report_html)
    raw = open(ics, "rb").read()
    figures["py_parse"] = timed(runs, lambda: icalendar.Calendar.from_ical(raw))
    cal = icalendar.Calendar.from_ical(raw)
    figures["py_write"] = timed(runs, lambda: cal.to_ical())
    shutil.rmtree(work, ignore_errors=True)
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docketctl", required=True)
    parser.add_argument("--deadlines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    f = measure(args.docketctl, args.deadlines, args.runs)
    n = args.deadlines
    print(f"iCalendar, {n} deadlines ({f['size'] / 1e6:.1f} MB), median of {args.runs}:")
    print(f"  docketctl export -o FILE                      {f['export'] * 1000:8.0f} ms")
    print(f"  python icalendar Calendar.to_ical()           {f['py_write'] * 1000:8.0f} ms   Docket {f['py_write'] / f['export']:5.1f}x faster")
    print(f"  docketctl import FILE (fresh data dir)        {f['import'] * 1000:8.0f} ms")
    print(f"  python icalendar Calendar.from_ical()         {f['py_parse'] * 1000:8.0f} ms   Docket {f['py_parse'] / f['import']:5.1f}x faster")
    print(f"  docketctl import FILE (again: all unchanged)  {f['reimport'] * 1000:8.0f} ms")
    print(f"  (scripts/bench_interop.py --docketctl {args.docketctl} --deadlines {n} --runs {args.runs})")


if __name__ == "__main__":
    sys.exit(main())
