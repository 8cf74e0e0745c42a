#!/usr/bin/env python3
"""Time shell commands round-robin: every row once per round, ROUNDS rounds.

    timeit.py --rounds R --out TIMINGS.json ROWS.tsv

ROWS.tsv has one row per line: KEY <tab> DIR <tab> PREPARE <tab> COMMAND
(PREPARE and COMMAND are sh command lines; PREPARE may be empty and is not
timed). In each round the rows run in file order, so a drift in the machine's
speed during a long benchmark hits every row alike and the ratios between
rows stay meaningful; it also makes each round a cache life cycle (a "cold"
row whose PREPARE empties a cache, then a "warm" row right after it).

Per run it records the wall time (monotonic clock around the child), the CPU
time (user + system of the shell and everything it waited for, from wait4)
and the peak RSS of the largest of those processes (ru_maxrss, as
/usr/bin/time reports it). The command's stdout is read through a pipe and
discarded (not /dev/null, which some tools detect and short-cut). A command
that exits non-zero stops the benchmark.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_one(cmd, cwd):
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(["sh", "-c", cmd], cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=err)
        while p.stdout.read(1 << 16):
            pass
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        p.stdout.close()
        if p.returncode != 0:
            err.seek(0)
            tail = err.read()[-2000:].decode(errors="replace")
            sys.exit(f"timeit: exit {p.returncode} from: {cmd}\n{tail}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("rows")
    a = ap.parse_args()
    rows = []
    with open(a.rows) as f:
        for ln in f:
            key, cwd, prep, cmd = ln.rstrip("\n").split("\t")
            rows.append((key, cwd, prep, cmd))
    res = {k: {"wall": [], "cpu": [], "rss_kb": []} for k, _, _, _ in rows}
    loads = []
    for rnd in range(1, a.rounds + 1):
        # The machine may be shared: what else ran is part of the result.
        with open("/proc/loadavg") as f:
            loads.append(f.read().split()[0])
        for key, cwd, prep, cmd in rows:
            if prep:
                subprocess.run(["sh", "-c", prep], cwd=cwd, check=True,
                               stdout=subprocess.DEVNULL)
            wall, cpu, rss = run_one(cmd, cwd)
            r = res[key]
            r["wall"].append(wall)
            r["cpu"].append(cpu)
            r["rss_kb"].append(rss)
            print(f"round {rnd}/{a.rounds}  {key:<6} wall {wall:8.3f} s  cpu {cpu:8.3f} s  "
                  f"peak {rss / 1024:6.0f} MiB", file=sys.stderr, flush=True)
    for r in res.values():
        for k in ("wall", "cpu", "rss_kb"):
            r["median_" + k] = statistics.median(r[k])
    res["__load__"] = loads
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
