#!/usr/bin/env python3
"""CalDAV sync of N deadlines through a local Radicale (Debian's package, on
127.0.0.1 with a temporary storage folder): the full first sync that sends
them all, the full first sync of a second data dir that receives them all,
and an incremental sync of 10 changes each way. Needs a Secret Service for
the password, so it runs inside scripts/headless.

    scripts/headless .build/venv/bin/python scripts/bench_sync.py --docketctl target/release/docketctl [--deadlines 10000]

Prints one line per figure with the command behind it.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_interop  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_radicale(work):
    port = free_port()
    users = os.path.join(work, "users")
    with open(users, "w") as f:
        f.write("bench:bench-pw\n")
    config = os.path.join(work, "radicale.conf")
    with open(config, "w") as f:
        f.write(f"[server]\nhosts = 127.0.0.1:{port}\n\n[auth]\ntype = htpasswd\n"
                f"htpasswd_filename = {users}\nhtpasswd_encryption = plain\n\n"
                f"[storage]\nfilesystem_folder = {os.path.join(work, 'collections')}\n\n"
                f"[rights]\ntype = owner_only\n\n[logging]\nlevel = warning\n")
    server = subprocess.Popen(["radicale", "--config", config],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, f"http://127.0.0.1:{port}/"
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("Radicale did not start")


def measure(docketctl_path, count, changes=10):
    """The figures, in seconds."""
    work = tempfile.mkdtemp(prefix="docket-bench-sync-")
    server, url = start_radicale(work)
    try:
        def docketctl(data, *argv, stdin=None):
            return subprocess.run([docketctl_path, *argv], check=True, input=stdin, text=True,
                                  stdout=subprocess.PIPE,
                                  env=dict(os.environ, DOCKET_DATA_DIR=data, TZ="Europe/Brussels")).stdout

        def timed(action):
            start = time.perf_counter()
            action()
            return time.perf_counter() - start

        sender, receiver = os.path.join(work, "a"), os.path.join(work, "b")
        source = os.path.join(work, "deadlines.csv")
        bench_interop.write_csv(source, count)
        docketctl(sender, "import", "--format", "csv", source)
        for data in (sender, receiver):
            docketctl(data, "account", "add", "bench", "--url", url, "--user", "bench",
                      "--calendar", "Bench", stdin="bench-pw\n")
        figures = {"send_all": timed(lambda: docketctl(sender, "sync"))}
        figures["receive_all"] = timed(lambda: docketctl(receiver, "sync"))
        figures["nothing"] = timed(lambda: docketctl(sender, "sync"))
        ids = [d["id"] for d in __import__("json").loads(docketctl(sender, "list", "--json"))[:changes]]
        for i, id_ in enumerate(ids):
            docketctl(sender, "edit", id_, "--owner", f"Changed {i}")
        figures["send_changes"] = timed(lambda: docketctl(sender, "sync"))
        figures["receive_changes"] = timed(lambda: docketctl(receiver, "sync"))
        figures["total"] = count + 31
        return figures
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docketctl", required=True)
    parser.add_argument("--deadlines", type=int, default=10_000)
    args = parser.parse_args()
    f = measure(args.docketctl, args.deadlines)
    print(f"CalDAV sync through a local Radicale, {f['total']} deadlines (with the embedded pack):")
    print(f"  first sync, sending them all          {f['send_all']:8.2f} s")
    print(f"  first sync of a second data dir       {f['receive_all']:8.2f} s")
    print(f"  sync with nothing changed             {f['nothing']:8.2f} s")
    print(f"  sync sending 10 changes               {f['send_changes']:8.2f} s")
    print(f"  sync receiving those 10 changes       {f['receive_changes']:8.2f} s")
    print(f"  (scripts/headless .build/venv/bin/python scripts/bench_sync.py --docketctl {args.docketctl} --deadlines {args.deadlines})")


if __name__ == "__main__":
    sys.exit(main())
