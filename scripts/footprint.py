#!/usr/bin/env python3
"""Measures Docket's footprint beside a bare Tauri 2 window of the same build.

Run inside scripts/headless (an Xvfb display, a D-Bus session and dunst):

    scripts/headless scripts/footprint.py --docket target/release/docket \
        --docketctl target/release/docketctl --bare target/release/bare-window \
        [--idle-seconds 600]

Prints, each with how it was measured:
- PSS (and Pss_Anon) summed over every process of the app, from
  /proc/PID/smaps_rollup: the bare window; Docket with its window open;
  Docket after its window was closed (tray only);
- CPU time and context switches of Docket over an idle period, window closed;
- the delay between a reminder's fire time and its notification reaching the
  daemon, as Docket logs it.
"""

import argparse
import datetime
import os
import re
import signal
import subprocess
import sys
import tempfile
import time


def children_tree(pid):
    """pid and all its descendants."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(") ", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(parents.get(p, []))
    return tree


def pss_kib(pid):
    """(Pss, Pss_Anon) in KiB summed over the process tree."""
    total = anon = 0
    for p in children_tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key == "Pss":
                        total += int(value.split()[0])
                    elif key == "Pss_Anon":
                        anon += int(value.split()[0])
        except OSError:
            pass
    return total, anon


def cpu_seconds(pid):
    """User + system CPU time of the process tree, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in children_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(") ", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / ticks


def context_switches(pid):
    """Voluntary + involuntary context switches over all threads of the tree."""
    total = 0
    for p in children_tree(pid):
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/status") as f:
                    for line in f:
                        if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                            total += int(line.split()[1])
        except OSError:
            pass
    return total


def window_ids(title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                         capture_output=True, text=True)
    return out.stdout.split()


def wait(what, predicate, timeout=60):
    start = time.time()
    while time.time() - start < timeout:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    sys.exit(f"footprint: timed out waiting for {what}")


def webviews(pid):
    count = 0
    for p in children_tree(pid):
        try:
            with open(f"/proc/{p}/comm") as f:
                count += f.read().startswith("WebKitWebProces")
        except OSError:
            pass
    return count


def mb(kib):
    return f"{kib / 1024:.1f} MB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docket", required=True)
    ap.add_argument("--docketctl", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--idle-seconds", type=int, default=600)
    ap.add_argument("--settle-seconds", type=float, default=5)
    args = ap.parse_args()
    rows = []

    bare = subprocess.Popen([args.bare], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait("the bare window", lambda: window_ids("Bare window"))
    time.sleep(args.settle_seconds)
    bare_pss, bare_anon = pss_kib(bare.pid)
    bare.kill()
    bare.wait()
    rows.append(("bare Tauri 2 window, open", bare_pss, bare_anon))

    data = tempfile.mkdtemp()
    env = dict(os.environ, DOCKET_DATA_DIR=data, TZ="UTC")
    # A reminder that fires during the run, to measure its delay.
    due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    subprocess.run([args.docketctl, "add", "--title", "Footprint check", "--due", due.strftime("%Y-%m-%d"),
                    "--time", due.strftime("%H:%M"), "--tz", "UTC", "--remind", "1m"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    log_path = os.path.join(data, "app.log")
    log = open(log_path, "w")
    app = subprocess.Popen([args.docket], env=env, stdout=subprocess.DEVNULL, stderr=log)
    window = wait("Docket's window", lambda: window_ids("Docket"))[0]
    time.sleep(args.settle_seconds)
    pss, anon = pss_kib(app.pid)
    rows.append(("Docket, window open", pss, anon))

    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
    subprocess.run(["xdotool", "key", "ctrl+w"], check=True)
    wait("the window to close", lambda: not window_ids("Docket"))
    wait("the webview to end", lambda: webviews(app.pid) == 0)
    time.sleep(args.settle_seconds)
    closed_pss, closed_anon = pss_kib(app.pid)
    rows.append(("Docket, window closed (tray only)", closed_pss, closed_anon))

    wait("the reminder", lambda: "after its fire time" in open(log_path).read(), timeout=150)
    delay = re.search(r"shown, (-?\d+) ms after its fire time", open(log_path).read()).group(1)
    subprocess.run(["dunstctl", "close-all"], check=False)

    time.sleep(2)
    cpu0, sw0, t0 = cpu_seconds(app.pid), context_switches(app.pid), time.time()
    time.sleep(args.idle_seconds)
    cpu1, sw1, t1 = cpu_seconds(app.pid), context_switches(app.pid), time.time()
    app.send_signal(signal.SIGTERM)
    app.wait()

    print("| what | PSS | Pss_Anon | how |")
    print("|---|---|---|---|")
    for name, p, a in rows:
        print(f"| {name} | {mb(p)} | {mb(a)} | sum of /proc/PID/smaps_rollup over the process tree |")
    print(f"| window closed / bare window | {100 * closed_pss / bare_pss:.0f}% | | ratio of the PSS above |")
    idle = t1 - t0
    print()
    print(f"idle, window closed, {idle:.0f} s: CPU {cpu1 - cpu0:.2f} s "
          f"({(cpu1 - cpu0) * 600 / idle:.3f} s per 10 min), {sw1 - sw0} context switches "
          f"({(sw1 - sw0) * 60 / idle:.1f} per minute) — utime+stime from /proc/PID/stat, "
          f"voluntary+nonvoluntary switches from /proc/PID/task/*/status")
    print(f"reminder delay: {delay} ms from fire time to the notification being accepted by the daemon "
          f"(Docket's log)")


if __name__ == "__main__":
    main()
