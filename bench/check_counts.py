#!/usr/bin/env python3
"""Compare an afalg-scan JSON report with the tree's expected findings.

    check_counts.py REPORT.json TREE [--label NAME] [--quiet]

Prints one line per rule (expected, found). A rule whose count differs gets
a line starting with "WARNING:", followed by the findings the scan missed
or added (file:line rule), from TREE/expected_findings.tsv. The report's
paths must be relative to TREE (run afalg-scan from inside TREE). Exit
status: 0 counts match, 1 they differ, 2 unreadable input.
"""

import argparse
import collections
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("tree")
    ap.add_argument("--label", default="afalg-scan")
    ap.add_argument("--quiet", action="store_true", help="only warnings")
    a = ap.parse_args()
    try:
        with open(a.report) as f:
            rep = json.load(f)
        rules = []
        with open(os.path.join(a.tree, "expected.txt")) as f:
            exp_counts = {}
            for ln in f:
                if ln.startswith("#") or not ln.strip():
                    continue
                r, n = ln.split()
                if r != "total":
                    exp_counts[r] = int(n)
                    rules.append(r)
        exp = set()
        path = os.path.join(a.tree, "expected_findings.tsv")
        if os.path.exists(path):
            with open(path) as f:
                for ln in f:
                    p, line, r = ln.rstrip("\n").split("\t")
                    exp.add((p, int(line), r))
    except (OSError, ValueError) as e:
        print(f"WARNING: {a.label}: cannot check counts: {e}")
        return 2

    got = collections.Counter()
    found = set()
    for fi in rep.get("findings", []):
        got[fi["rule"]] += 1
        found.add((fi["file"], fi["line"], fi["rule"]))
    bad = False
    for r in sorted(set(rules) | set(got)):
        e, g = exp_counts.get(r, 0), got.get(r, 0)
        if e != g:
            bad = True
            print(f"WARNING: {a.label}: {r}: expected {e} findings, found {g}")
        elif not a.quiet:
            print(f"  ok {r}: {g}")
    if exp:
        missed = sorted(exp - found)
        extra = sorted(found - exp)
        for p, line, r in missed:
            print(f"WARNING: {a.label}: missed   {p}:{line} {r}")
        for p, line, r in extra:
            print(f"WARNING: {a.label}: reported {p}:{line} {r} (not generated)")
        bad |= bool(missed or extra)
    errs = rep.get("inputs", {}).get("errors") or rep.get("errors")
    if errs:
        print(f"WARNING: {a.label}: the report lists {len(errs)} input errors")
        bad = True
    if not bad and not a.quiet:
        print(f"  counts match expected.txt ({sum(got.values())} findings)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
