#!/usr/bin/env python3
"""Turn bench/run.sh's measurements into the Markdown results table.

    make_table.py WORKDIR OUT.md

Reads WORKDIR/rows.tsv (key, label, command as shown), WORKDIR/timings.json
(bench/timeit.py), WORKDIR/info.txt (machine and tree facts, "key: value")
and WORKDIR/counts.txt (the count check's output); prints the Markdown and
writes it to OUT.md.
"""

import json
import os
import sys


def num(x):
    """Two decimals, or two significant digits below 0.1."""
    return f"{x:.2f}" if x >= 0.1 else f"{x:.2g}"


def main():
    work, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(work, "timings.json")) as f:
        tim = json.load(f)
    rows = []
    with open(os.path.join(work, "rows.tsv")) as f:
        for ln in f:
            key, label, cmd = ln.rstrip("\n").split("\t")
            t = tim[key]
            rows.append(dict(key=key, label=label, cmd=cmd, med=t["median_wall"],
                             lo=min(t["wall"]), hi=max(t["wall"]), cpu=t["median_cpu"],
                             rss=t["median_rss_kb"] / 1024, n=len(t["wall"])))
    info = {}
    with open(os.path.join(work, "info.txt")) as f:
        for ln in f:
            k, _, v = ln.partition(":")
            info[k.strip()] = v.strip()
    by = {r["key"]: r for r in rows}
    floor, floor_cpu = by["floor"]["med"], by["floor"]["cpu"]

    md = ["## Results", ""]
    md.append(f"Synthetic tree: `gen_tree.py {info['n']} --afalg-share {info['share']} "
              f"--seed {info['seed']}`: {info['tus']} TUs ({info['afalg_tus']} using "
              f"AF_ALG), {info['loc']} lines of C, {info['expected']} expected findings. "
              f"Machine: {info['nproc']} cores (`nproc`), {info['cpu']}, {info['clang']}, "
              f"{info['afalg']}, {info['rg']}; load average {info['load']} at the start, "
              f"{info.get('load_end', '?')} at the end"
              + (f" (1-minute load at the start of each round: "
                 f"{', '.join(tim['__load__'])})" if tim.get("__load__") else "")
              + f". Medians of {info['runs']} rounds "
              f"(bench/timeit.py: every row once per round, in table order); CPU is user + "
              f"system of the command and all its child processes; peak RSS is the "
              f"largest single process. The page cache is warm in every row.")
    md.append("")
    md.append("| row | wall s | min–max s | wall × (a) | CPU s | CPU × (a) | peak RSS MiB |")
    md.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        md.append(f"| {r['label']} | {num(r['med'])} | {num(r['lo'])}–{num(r['hi'])} | "
                  f"{num(r['med'] / floor)} | {num(r['cpu'])} | {num(r['cpu'] / floor_cpu)} "
                  f"| {r['rss']:.0f} |")
    md.append("")
    notes = []
    if "batch" in by and "cold" in by:
        b = by["batch"]
        c, ck = (by["full"], "(b2)") if "full" in by else (by["cold"], "(b)")
        notes.append(f"afalg-scan parsing every TU, {ck}, against the in-process parse (a2): "
                     f"wall {c['med'] / b['med']:.2f}×, CPU {c['cpu'] / b['cpu']:.2f}×. (a) starts "
                     f"one clang per TU, (a2) parses the same TUs 50 per process: "
                     f"(a) / (a2) CPU = {floor_cpu / b['cpu']:.2f}×, which is process start-up.")
    if "j1" in by and "cold" in by:
        notes.append(f"Parallel speed-up of afalg-scan, (g) `-j1` / (b) `-j{info['jobs']}`: "
                     f"**{by['j1']['med'] / by['cold']['med']:.2f}×** wall "
                     f"(CPU {by['cold']['cpu'] / by['j1']['cpu']:.2f}× of `-j1`'s).")
    if "audit" in by and "cold" in by:
        notes.append(f"Audit mode / compile-database mode: wall "
                     f"{by['audit']['med'] / by['cold']['med']:.2f}×, CPU "
                     f"{by['audit']['cpu'] / by['cold']['cpu']:.2f}×.")
    if "rg" in by:
        notes.append(f"ripgrep matches {info['rg_lines']} lines in {info['rg_files']} "
                     f"files; afalg-scan reports {info['found']} findings.")
    if info.get("cache") == "yes":
        notes.append("**cold / warm / one-file edit**: (b) and (g) empty the cache "
                     "(`--cache-dir`) first, then fill it; (c) runs right after (b); (d) "
                     "right after (c), once a comment line has been appended to one "
                     "AF_ALG TU (`edit_target.txt`, a file that must be parsed and linked "
                     "again whatever the prefilter decides)."
                     + (f" (d) / (c): {by['edit']['med'] / by['warm']['med']:.2f}× wall; "
                        f"(b) / (c): {by['cold']['med'] / by['warm']['med']:.1f}×."
                        if "edit" in by and "warm" in by else ""))
    else:
        notes.append("**cold / warm / one-file edit**: this afalg-scan has no cache, so "
                     "(b), (c) and (d) run the same full analysis; they will diverge once "
                     "the TU cache (DESIGN.md §6) exists. (c) runs right after (b); (d) "
                     "right after (c), once a comment line has been appended to one AF_ALG "
                     "TU (`edit_target.txt`).")
    if "full" in by and "cold" in by:
        notes.append(f"Prefilter: (b2), every TU parsed, / (b): wall "
                     f"{by['full']['med'] / by['cold']['med']:.2f}×, CPU "
                     f"{by['full']['cpu'] / by['cold']['cpu']:.2f}×."
                     + (f" `--stats`: {info['stats']}" if info.get("stats") else ""))
    md += [f"- {n}" for n in notes]
    bars = []

    def ratio(a, b, what="med"):
        return by[a][what] / by[b][what]

    if "cold" in by and "parsed" in by:
        bars.append(f"1. cold cache against clang-19 -fsyntax-only of the TUs it parses: "
                    f"(b) / (a4) = **{ratio('cold', 'parsed'):.2f}×** wall, "
                    f"{ratio('cold', 'parsed', 'cpu'):.2f}× CPU (bar: ≤ 1.15×; (a4) parses "
                    f"{info.get('parsed_tus', '?')} TUs, the `--stats` count of TUs "
                    f"extracted, one clang process each)."
                    + (f" Parsing every TU: (b2) / (a) = {ratio('full', 'floor'):.2f}× wall, "
                       f"{ratio('full', 'floor', 'cpu'):.2f}× CPU; against the batched "
                       f"parse without process start-ups, (b2) / (a2) = "
                       f"{ratio('full', 'batch'):.2f}× wall, "
                       f"{ratio('full', 'batch', 'cpu'):.2f}× CPU."
                       if "full" in by and "batch" in by else ""))
    if "full" in by and "cold" in by:
        bars.append(f"2. prefilter: (b2) / (b) = **{ratio('full', 'cold'):.1f}×** wall, "
                    f"{ratio('full', 'cold', 'cpu'):.1f}× CPU (bar: ≥ 10×); JSON reports "
                    f"with and without the prefilter byte-identical: "
                    f"**{info.get('same_report', '?')}**.")
    if "edit" in by and "one" in by:
        bars.append(f"3. one-file edit against one TU's parse: (d) / (a3) = "
                    f"**{ratio('edit', 'one'):.2f}×** wall, {ratio('edit', 'one', 'cpu'):.2f}× "
                    f"CPU (bar: < 2×); warm without an edit, (c) / (a3) = "
                    f"{ratio('warm', 'one'):.2f}× wall, {ratio('warm', 'one', 'cpu'):.2f}× CPU.")
    if "full" in by and "fullj1" in by:
        bars.append(f"4. parallel speed-up parsing every TU: (g2) `-j1` / (b2) "
                    f"`-j{info['jobs']}` = **{ratio('fullj1', 'full'):.2f}×** wall (bar: ≥ "
                    f"1.7×; CPU {ratio('full', 'fullj1', 'cpu'):.2f}× of `-j1`'s). On a "
                    f"machine whose other load keeps L runnable processes on its "
                    f"{info['nproc']} cores, fair scheduling caps it near "
                    f"2(L+1)/(L+2): 1.6× for L = 3, 1.71× for L = 5.")
    if bars:
        md += ["", "Issue 6 bars, as ratios within this run:", ""] + bars
    md += ["", "Per-rule finding counts against `expected.txt` (one untimed scan per mode):",
           "", "```"]
    with open(os.path.join(work, "counts.txt")) as f:
        md.append(f.read().rstrip("\n"))
    md += ["```", ""]
    md.append("Commands (run in the generated tree, `bench/.work/tree`; the audit row in "
              "`bench/.work/audit-tree`, the same files hard-linked without "
              "`compile_commands.json`; `afalg-scan` is `$AFALG_SCAN`, default `build/tool/afalg-scan`):")
    md += ["", "```sh", f"RUNS={info['runs']} JOBS={info['jobs']} bench/run.sh {info['n']}"]
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
