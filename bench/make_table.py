#!/usr/bin/env python3
"""Turn bench/run.sh's measurements into the Markdown results table.

    make_table.py WORKDIR OUT.md

Reads WORKDIR/rows.tsv (one line per row: key, label, command, hyperfine JSON,
peak-RSS file), WORKDIR/info.txt (machine and tree facts, "key: value") and
WORKDIR/counts.txt (the count check's output), prints the Markdown and
writes it to OUT.md.
"""

import json
import os
import statistics
import sys


def load_rss(path):
    try:
        with open(path) as f:
            kb = [int(x) for x in f.read().split() if x.isdigit()]
    except OSError:
        return None
    return statistics.median(kb) / 1024 if kb else None


def num(x):
    """Two decimals, or three significant digits below 0.1."""
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def main():
    work, out = sys.argv[1], sys.argv[2]
    rows = []
    with open(os.path.join(work, "rows.tsv")) as f:
        for ln in f:
            key, label, cmd, hjson, rss = ln.rstrip("\n").split("\t")
            with open(hjson) as h:
                r = json.load(h)["results"][0]
            rows.append(dict(key=key, label=label, cmd=cmd, med=r["median"],
                             lo=r["min"], hi=r["max"], n=len(r["times"]),
                             cpu=r["user"] + r["system"],
                             rss=load_rss(rss) if rss else None))
    info = {}
    with open(os.path.join(work, "info.txt")) as f:
        for ln in f:
            k, _, v = ln.partition(":")
            info[k.strip()] = v.strip()
    by = {r["key"]: r for r in rows}
    floor = by["floor"]["med"]
    floor_cpu = by["floor"]["cpu"]

    md = []
    md.append("## Results")
    md.append("")
    md.append(f"Synthetic tree: `gen_tree.py {info['n']} --afalg-share {info['share']} "
              f"--seed {info['seed']}`: {info['tus']} TUs ({info['afalg_tus']} using "
              f"AF_ALG), {info['loc']} lines of C, {info['expected']} expected findings. "
              f"Machine: {info['nproc']} cores (`nproc`), {info['cpu']}, {info['clang']}, "
              f"{info['afalg']}, {info['hyperfine']}, {info['rg']}; load average "
              f"{info['load']} at start. Every row is the median of {info['runs']} runs "
              f"(hyperfine; CPU is user + system of the command and its children, "
              f"the mean over the runs; page cache warm in all rows).")
    md.append("")
    md.append("| row | median wall s | min–max s | wall × floor "
              "| mean CPU s | CPU × floor | peak RSS MiB |")
    md.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rss = f"{r['rss']:.0f}" if r["rss"] is not None else "–"
        md.append(f"| {r['label']} | {num(r['med'])} | {num(r['lo'])}–{num(r['hi'])} | "
                  f"{num(r['med'] / floor)} | {num(r['cpu'])} | {num(r['cpu'] / floor_cpu)} "
                  f"| {rss} |")
    md.append("")
    notes = []
    if "j1" in by and "cold" in by:
        notes.append(f"Parallel speed-up of afalg-scan, `-j1` / `-j{info['jobs']}`: "
                     f"**{by['j1']['med'] / by['cold']['med']:.2f}×**.")
    if "audit" in by and "cold" in by:
        notes.append(f"Audit mode / compile-database mode: "
                     f"{by['audit']['med'] / by['cold']['med']:.2f}×.")
    if "rg" in by:
        notes.append(f"ripgrep matches {info['rg_lines']} lines in "
                     f"{info['rg_files']} files; afalg-scan reports {info['found']} findings.")
    notes.append("Peak RSS is the largest single process (`/usr/bin/time -f %M`, median "
                 "over the runs): for the clang row, the largest one `clang-19 -fsyntax-only`.")
    notes.append("**cold / warm / one-file edit**: afalg-scan has no cache yet, so the three "
                 "rows run the same full analysis; they will diverge once the TU cache "
                 "(DESIGN.md §6) exists. cold runs `$COLD_PREPARE` (default: nothing) before "
                 "each run; warm runs right after a completed run; the edit row appends a "
                 "comment to one plain TU (`edit_target.txt`) before each run.")
    for n in notes:
        md.append(f"- {n}")
    md.append("")
    md.append("Per-rule finding counts vs `expected.txt`:")
    md.append("")
    md.append("```")
    with open(os.path.join(work, "counts.txt")) as f:
        md.append(f.read().rstrip("\n"))
    md.append("```")
    md.append("")
    md.append(f"Commands (run in the generated tree, `bench/.work/tree`; the audit row in "
              f"`bench/.work/audit-tree`, the same files hard-linked without "
              f"`compile_commands.json`; `afalg-scan` is `build/tool/afalg-scan`):")
    md.append("")
    md.append("```sh")
    md.append(f"bench/run.sh {info['n']}    # RUNS={info['runs']} JOBS={info['jobs']}")
    for r in rows:
        md.append(f"# {r['label']}")
        md.append(r["cmd"])
    md.append("```")
    text = "\n".join(md) + "\n"
    with open(out, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
