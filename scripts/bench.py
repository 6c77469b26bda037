#!/usr/bin/env python3
"""Docket's benchmark table: start, memory, idle cost, planning and store at
scale, iCalendar interop and size, measured in one run on this machine.

Run inside scripts/headless (an Xvfb display, a D-Bus session and dunst),
after `cargo bench -p docket-core --bench at_scale` has written its
estimates (make bench does both):

    scripts/headless .build/venv/bin/python scripts/bench.py \\
        --bin target/release [--deb FILE] [--runs 5] [--deadlines 100000] \\
        [--interop-deadlines 10000] [--idle-seconds 600] [--only SECTION ...]

Prints a Markdown table, each figure with its budget and the command that
measures it alone (the numbered commands under the table).
"""

import argparse
import contextlib
import glob
import io
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_interop  # noqa: E402
import bench_sync  # noqa: E402
import footprint  # noqa: E402

SECTIONS = ["start", "memory", "idle", "planning", "interop", "sync", "size"]


class MapWatcher:
    """Times when top-level windows are mapped on the X server: a thread
    listening for MapNotify on the root window, so nothing is polled."""

    def __init__(self):
        from Xlib import X, display  # python-xlib, from .build/venv

        self.X = X
        self.display = display.Display()
        root = self.display.screen().root
        root.change_attributes(event_mask=X.SubstructureNotifyMask)
        self.display.sync()
        self.maps = []
        self.lock = threading.Lock()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self):
        while True:
            event = self.display.next_event()
            if event.type != self.X.MapNotify or event.override:
                continue
            at = time.time()
            try:
                name = event.window.get_wm_name()
            except Exception:  # the window went away
                name = None
            with self.lock:
                self.maps.append((at, name))

    def mapped(self, title, since, timeout=60):
        """When a window named `title` was first mapped after `since`."""
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                for at, name in self.maps:
                    if at >= since and name == title:
                        return at
            time.sleep(0.01)
        sys.exit(f"bench: no window named {title!r} was mapped within {timeout} s")


class App:
    """A running app (for Docket: its tray process and its window process)
    whose log lines are read as they come."""

    def __init__(self, argv, env=None):
        self.lines = []
        self.started = time.time()
        self.process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    @classmethod
    def docket(cls, binary, data_dir, hidden=False):
        env = dict(os.environ, DOCKET_DATA_DIR=data_dir, TZ="Europe/Brussels")
        return cls([binary, *(["--hidden"] if hidden else [])], env)

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def drawn(self, what, timeout=120):
        """The Unix time the page says it drew `what` ("first screen",
        "whole agenda", or the bare window's "page")."""
        return self._drawn(what, timeout)[0]

    def window_process_started(self):
        """When Docket's window process started, from its own account of how
        long after its start the first screen was drawn."""
        at, after = self._drawn("first screen", 120)
        return at - after

    def _drawn(self, what, timeout):
        pattern = re.compile(rf"{what} drawn at unix ms (\d+)(?:, (\d+) ms after the window process started)?")
        end = time.time() + timeout
        while time.time() < end:
            for line in list(self.lines):
                m = pattern.search(line)
                if m:
                    return int(m.group(1)) / 1000, int(m.group(2) or 0) / 1000
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        sys.exit(f"bench: {self.process.args[0]} did not report its {what} drawn; its log:\n"
                 + "\n".join(self.lines))

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def populate(docketctl, data_dir, count, work):
    """A data dir with the embedded pack and `count` deadlines of our own."""
    env = dict(os.environ, DOCKET_DATA_DIR=data_dir, TZ="Europe/Brussels")
    subprocess.run([docketctl, "list"], env=env, check=True, stdout=subprocess.DEVNULL)
    if count:
        source = os.path.join(work, f"deadlines-{count}.csv")
        bench_interop.write_csv(source, count)
        subprocess.run([docketctl, "import", "--format", "csv", source], env=env, check=True,
                       stdout=subprocess.DEVNULL)


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def spread(samples):
    """Every run's figure, in milliseconds: "341–360"."""
    return f"{min(samples) * 1000:.0f}–{max(samples) * 1000:.0f} ms"


def mb(kib):
    return f"{kib / 1024:.1f} MB"


class Table:
    def __init__(self):
        self.rows = []
        self.commands = []

    def command(self, text):
        if text not in self.commands:
            self.commands.append(text)
        return f"[{self.commands.index(text) + 1}]"

    def row(self, what, figure, budget="", met=None, how=""):
        verdict = "" if met is None else ("met" if met else "**missed**")
        self.rows.append((what, figure, budget, verdict, how))

    def print(self):
        print("| Figure | Measured | Budget | | How |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")
        print()
        for n, text in enumerate(self.commands, 1):
            print(f"[{n}] `{text}`  ")


def section_command(args, section, *extra):
    parts = ["scripts/headless .build/venv/bin/python scripts/bench.py", f"--bin {args.bin}",
             f"--only {section}", *extra]
    return " ".join(parts)


def start(args, table, data, watcher):
    how = table.command(section_command(args, "start", f"--start-runs {args.start_runs}",
                                        f"--deadlines {args.deadlines}"))
    configs = [("the pack (31 items)", data["pack"], 1.2),
               (f"{args.deadlines:,} deadlines", data["big"], 1.5)]
    bare_drawn, bare_mapped = [], []
    runs = {name: {"first": [], "whole": [], "mapped": [], "spawned": []} for name, _, _ in configs}
    # Round by round, so that whatever the machine does meanwhile falls on
    # every configuration alike; the first round warms the page cache and
    # is not counted.
    for round_ in range(args.start_runs + 1):
        bare = App([os.path.join(args.bin, "bare-window")])
        at_map = watcher.mapped("Bare window", bare.started)
        at_drawn = bare.drawn("page")
        bare.stop()
        if round_:
            bare_mapped.append(at_map - bare.started)
            bare_drawn.append(at_drawn - bare.started)
        time.sleep(0.5)
        for name, data_dir, _ in configs:
            app = App.docket(os.path.join(args.bin, "docket"), data_dir)
            t0 = app.started
            at_map = watcher.mapped("Docket", t0)
            at_first = app.drawn("first screen")
            at_whole = app.drawn("whole agenda")
            at_spawn = app.window_process_started()
            app.stop()
            if round_:
                r = runs[name]
                r["spawned"].append(at_spawn - t0)
                r["first"].append(at_first - t0)
                r["whole"].append(at_whole - t0)
                r["mapped"].append(at_map - t0)
            time.sleep(0.5)
    bare = statistics.median(bare_drawn)
    table.row("Start: bare Tauri 2 window, exec → its page drawn",
              f"{ms(bare)} (fastest {ms(min(bare_drawn))}; runs {spread(bare_drawn)})", "baseline", None, how)
    table.row("Start: bare Tauri 2 window, exec → window mapped (before any content)",
              ms(statistics.median(bare_mapped)), "", None, how)
    for name, _, budget in configs:
        r = runs[name]
        f = statistics.median(r["first"])
        fastest = min(r["first"]) / min(bare_drawn)
        table.row(f"Start with {name}: exec → first agenda drawn",
                  f"{ms(f)} ({f / bare:.2f}× bare; fastest {ms(min(r['first']))}, {fastest:.2f}× the fastest bare; "
                  f"runs {spread(r['first'])})",
                  f"≤ {budget}× bare", f <= budget * bare, how)
        table.row(f"Start with {name}: exec → window process started; → window mapped; → whole agenda drawn",
                  f"{ms(statistics.median(r['spawned']))}; {ms(statistics.median(r['mapped']))}; "
                  f"{ms(statistics.median(r['whole']))}", "", None, how)


def settle_pss(pid, seconds):
    time.sleep(seconds)
    return footprint.pss_kib(pid)


def close_window(app):
    window = footprint.wait("Docket's window", lambda: footprint.window_ids("Docket"))[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
    subprocess.run(["xdotool", "key", "ctrl+w"], check=True)
    footprint.wait("the window to close", lambda: not footprint.window_ids("Docket"))
    footprint.wait("the webview to end", lambda: footprint.webviews(app.process.pid) == 0)


def memory(args, table, data, watcher):
    how = table.command(section_command(args, "memory", f"--deadlines {args.deadlines}"))
    bare = App([os.path.join(args.bin, "bare-window")])
    bare.drawn("page")
    bare_pss, bare_anon = settle_pss(bare.process.pid, args.settle_seconds)
    bare.stop()
    table.row("Memory: bare Tauri 2 window, open (PSS / Pss_Anon)", f"{mb(bare_pss)} / {mb(bare_anon)}",
              "baseline", None, how)
    for name, data_dir in [("the pack", data["pack"]), (f"{args.deadlines:,} deadlines", data["big"])]:
        app = App.docket(os.path.join(args.bin, "docket"), data_dir)
        app.drawn("whole agenda")
        pss, anon = settle_pss(app.process.pid, args.settle_seconds)
        table.row(f"Memory with {name}: window open (PSS / Pss_Anon)", f"{mb(pss)} / {mb(anon)}", "", None, how)
        close_window(app)
        pss, anon = settle_pss(app.process.pid, args.settle_seconds)
        share = pss / bare_pss
        table.row(f"Memory with {name}: window closed, tray only (PSS / Pss_Anon)",
                  f"{mb(pss)} ({share:.0%} of bare) / {mb(anon)}",
                  "≤ 40% of bare; Pss_Anon ≤ 30 MB", share <= 0.4 and anon <= 30 * 1024, how)
        app.stop()


def idle(args, table, data, watcher):
    how = table.command(section_command(args, "idle", f"--deadlines {args.deadlines}",
                                        f"--idle-seconds {args.idle_seconds}"))
    app = App.docket(os.path.join(args.bin, "docket"), data["big"], hidden=True)
    # Past the start: the schedule is built and the day's backup taken.
    footprint.wait("the tray process to settle", lambda: footprint.cpu_seconds(app.process.pid) > 0)
    time.sleep(args.settle_seconds * 2)
    pid = app.process.pid
    cpu0, sw0, t0 = footprint.cpu_seconds(pid), switches_by_thread(pid), time.time()
    time.sleep(args.idle_seconds)
    cpu1, sw1, t1 = footprint.cpu_seconds(pid), switches_by_thread(pid), time.time()
    app.stop()
    span = t1 - t0
    # Threads that ended take their counts with them; those alive at the end count.
    sw0, sw1 = sum(sw0.get(tid, 0) for tid in sw1), sum(sw1.values())
    per_10 = (cpu1 - cpu0) * 600 / span
    table.row(f"Idle, window closed, {args.deadlines:,} deadlines: CPU over {span:.0f} s",
              f"{cpu1 - cpu0:.2f} s ({per_10:.3f} s per 10 min)", "< 0.1 s per 10 min", per_10 < 0.1, how)
    table.row("Idle: wake-ups (context switches, all threads)",
              f"{sw1 - sw0} ({(sw1 - sw0) * 60 / span:.1f} per minute)", "", None, how)


def switches_by_thread(pid):
    """Voluntary + involuntary context switches of each thread of the tree."""
    counts = {}
    for p in footprint.children_tree(pid):
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/status") as f:
                    counts[int(task)] = sum(int(line.split()[1]) for line in f if line.startswith(
                        ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))
        except OSError:
            pass
    return counts


def criterion(name):
    """Criterion's median estimate for planning/NAME or store/NAME, in seconds."""
    pattern = os.path.join("target", "criterion", name, "new", "estimates.json")
    found = glob.glob(pattern)
    if not found:
        sys.exit(f"bench: no criterion estimate at {pattern}; run cargo bench -p docket-core --bench at_scale")
    with open(found[0]) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def duration(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms"


def planning(args, table, data, watcher):
    how = table.command(f"DOCKET_BENCH_DEADLINES={args.deadlines} cargo bench -p docket-core --bench at_scale")
    n = f"{args.deadlines:,}"
    look, full = criterion("planning/schedule look"), criterion("planning/full plan")
    table.row(f"Planning at {n} × 5 stages: a look (owed + next wake)",
              f"{duration(look)} ({full / look:,.0f}× faster than a full plan)", "< 1 ms", look < 1e-3, how)
    table.row(f"Planning at {n}: full plan of every deadline (naive)", duration(full), "", None, how)
    table.row(f"Planning at {n}: schedule build (start, each change)",
              duration(criterion("planning/schedule build")), "", None, how)
    for name, what, budget in [("store/list all", "list all", None),
                               ("store/first screen", "first screen (20 upcoming)", None),
                               ("store/filter a month", "open, due in one month", None),
                               ("store/search one", "FTS search, 1 match", 20e-3),
                               ("store/search many", f"FTS search, all {n} match (first 500)", 20e-3),
                               ("store/get one", "one deadline by id", None),
                               ("store/open", "open the database", None)]:
        figure = criterion(name)
        table.row(f"Store at {n}: {what}", duration(figure), "< 20 ms" if budget else "",
                  None if budget is None else figure < budget, how)


def interop(args, table, data, watcher):
    n = args.interop_deadlines
    how = table.command(f".build/venv/bin/python scripts/bench_interop.py --docketctl {args.bin}/docketctl "
                        f"--deadlines {n} --runs {args.runs}")
    f = bench_interop.measure(os.path.join(args.bin, "docketctl"), n, args.runs)
    table.row(f"ICS export, {n:,} deadlines ({f['size'] / 1e6:.1f} MB): docketctl / python icalendar",
              f"{ms(f['export'])} / {ms(f['py_write'])} ({f['py_write'] / f['export']:.1f}× faster)",
              "≥ 5× faster", f["py_write"] / f["export"] >= 5, how)
    table.row(f"ICS import, {n:,} deadlines: docketctl into a fresh dir / python icalendar parse",
              f"{ms(f['import'])} / {ms(f['py_parse'])} ({f['py_parse'] / f['import']:.1f}× faster)",
              "≥ 5× faster", f["py_parse"] / f["import"] >= 5, how)
    table.row("ICS import again, all unchanged", ms(f["reimport"]), "", None, how)
    table.row(f"Audit report of {n:,} deadlines: PDF / HTML (docketctl report)",
              f"{seconds(f['report_pdf'])}, {f['report_pdf_size'] / 1e6:.1f} MB / "
              f"{seconds(f['report_html'])}, {f['report_html_size'] / 1e6:.1f} MB", "", None, how)


def seconds(s):
    return f"{s:.2f} s" if s >= 1 else f"{s * 1e3:.0f} ms"


def sync(args, table, data, watcher):
    n = args.sync_deadlines
    how = table.command(f"scripts/headless .build/venv/bin/python scripts/bench_sync.py "
                        f"--docketctl {args.bin}/docketctl --deadlines {n}")
    f = bench_sync.measure(os.path.join(args.bin, "docketctl"), n)
    total = f["total"]
    table.row(f"CalDAV first sync, sending {total:,} deadlines to a local Radicale",
              seconds(f["send_all"]), "", None, how)
    table.row(f"CalDAV first sync of a second data dir, receiving {total:,}",
              seconds(f["receive_all"]), "", None, how)
    table.row("CalDAV sync with nothing changed", seconds(f["nothing"]), "", None, how)
    table.row("CalDAV sync sending 10 changes", seconds(f["send_changes"]), "", None, how)
    table.row("CalDAV sync receiving 10 changes", seconds(f["receive_changes"]), "", None, how)


def size(args, table, data, watcher):
    binary = os.path.join(args.bin, "docket")
    how = table.command(f"stat -c %s {binary}")
    mib = os.path.getsize(binary) / 2**20
    table.row("Size: the docket binary", f"{mib:.1f} MiB", "< 15 MB", mib * 2**20 < 15e6, how)
    if args.deb:
        how = table.command(f"make package && stat -c %s {args.deb}")
        mib = os.path.getsize(args.deb) / 2**20
        table.row("Size: the .deb", f"{mib:.1f} MiB", "< 10 MB", mib * 2**20 < 10e6, how)
    else:
        table.row("Size: the .deb", "not built in this run", "< 10 MB", None, "make package")


def machine():
    """The CPU, its cores, the memory and the system, in a line."""
    model = "an unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    system = "Linux"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        system = fields.get("PRETTY_NAME", system).strip('"')
    return (f"{model}, {os.cpu_count()} cores, {mem_kib / 2**20:.0f} GiB, {system}, "
            f"kernel {os.uname().release}; Xvfb, software rendering")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="the folder holding docket, docketctl and bare-window")
    ap.add_argument("--deb")
    ap.add_argument("--runs", type=int, default=5, help="runs of each interop figure")
    ap.add_argument("--start-runs", type=int, default=9, help="counted rounds of the start")
    ap.add_argument("--deadlines", type=int, default=100_000)
    ap.add_argument("--interop-deadlines", type=int, default=10_000)
    ap.add_argument("--sync-deadlines", type=int, default=10_000)
    ap.add_argument("--idle-seconds", type=float, default=600)
    ap.add_argument("--settle-seconds", type=float, default=5)
    ap.add_argument("--only", nargs="*", choices=SECTIONS, default=SECTIONS)
    ap.add_argument("--output", help="also write the table to this file")
    args = ap.parse_args()
    args.deb = args.deb or None

    work = tempfile.mkdtemp(prefix="docket-bench-")
    data = {"pack": os.path.join(work, "pack"), "big": os.path.join(work, "big")}
    if {"start", "memory", "idle"} & set(args.only):
        populate(os.path.join(args.bin, "docketctl"), data["pack"], 0, work)
        populate(os.path.join(args.bin, "docketctl"), data["big"], args.deadlines, work)
        watcher = MapWatcher()
    else:
        watcher = None
    table = Table()
    measured = f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine()}."
    for section in SECTIONS:
        if section in args.only:
            globals()[section](args, table, data, watcher)
    shutil.rmtree(work, ignore_errors=True)
    # Programs the session starts may write to the same terminal; the file
    # holds the table alone.
    with contextlib.redirect_stdout(io.StringIO()) as text:
        print(measured)
        print()
        table.print()
    sys.stdout.write(text.getvalue())
    if args.output:
        with open(args.output, "w") as f:
            f.write(text.getvalue())


if __name__ == "__main__":
    main()
