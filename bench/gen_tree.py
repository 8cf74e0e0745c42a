#!/usr/bin/env python3
"""Generate a deterministic synthetic C project for benchmarking afalg-scan.

    gen_tree.py N OUTDIR [--afalg-share 0.02] [--seed 1]

Writes N translation units under OUTDIR/src/<module>/<sub>/, project headers
under OUTDIR/include/proj/, and:

  compile_commands.json   one entry per TU: directory = OUTDIR,
                          "clang -c src/.../x.c -o src/.../x.o -Iinclude"
  tus.txt                 the TUs, one relative path a line (for the parse floor)
  expected.txt            per rule, how many AF_ALG findings the tree holds
  expected_findings.tsv   every expected finding: file, line, rule
  edit_target.txt         the TU to edit for the "one-file edit" measurement

Most TUs are plain C (structs, lists, loops, parsers, switch state machines),
a share including heavy headers (<sys/socket.h> with AF_INET decoys, and
<openssl/evp.h> + <openssl/ssl.h>). About --afalg-share of the TUs use AF_ALG
in every rule shape, several with descriptors crossing files through a
context structure in a shared header or through a returned descriptor.

Same arguments, same bytes: the output depends only on N, the share and the
seed (OUTDIR is not written into any file except compile_commands.json).
"""

import argparse
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from treegen.common import *  # noqa: E402,F401,F403
from treegen.plain import *  # noqa: E402,F401,F403
from treegen.kits import *  # noqa: E402,F401,F403


def common_h():
    return """/* proj/common.h: project-wide helpers */
#ifndef PROJ_COMMON_H
#define PROJ_COMMON_H

#include <stddef.h>

#define PROJ_MAX 1000000
#define PROJ_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline int proj_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

#endif
"""


def module_h(mod, entries):
    out = [f"/* proj/{mod}.h: module {mod} */",
           f"#ifndef PROJ_{mod.upper()}_H",
           f"#define PROJ_{mod.upper()}_H",
           "",
           f"struct {mod}_conn {{",
           "\tint fd;",
           "\tunsigned long bytes;",
           "};",
           ""]
    for e in entries:
        out.append(f"int {mod}_entry_{e}(int arg);")
    out += ["", "#endif", ""]
    return "\n".join(out)


def alg_ctx_h():
    s = Src("include/proj/alg_ctx.h")
    s("/* proj/alg_ctx.h: an AF_ALG session shared between translation units */")
    s("#ifndef PROJ_ALG_CTX_H")
    s("#define PROJ_ALG_CTX_H")
    s()
    s("#include <stddef.h>")
    s("#include <sys/socket.h>")
    s("#include <sys/types.h>")
    s()
    s("struct alg_ctx {")
    s("\tint tfm;")
    s("\tint op;")
    s("\tsize_t ivlen;")
    s("};")
    s()
    s("/* Included by many TUs: its finding is reported once. */")
    s("static inline ssize_t alg_ctx_send_more(struct alg_ctx *ctx, const void *buf, size_t len)")
    s("{")
    s("\treturn send(ctx->op, buf, len, MSG_MORE);", "afalg-io")
    s("}")
    s()
    s("#endif")
    return s


KCAPI_H = """/* proj/kcapi_compat.h: the libkcapi prototypes used (libkcapi is not installed) */
#ifndef PROJ_KCAPI_COMPAT_H
#define PROJ_KCAPI_COMPAT_H

#include <stdint.h>
#include <sys/types.h>

struct kcapi_handle;
int kcapi_md_init(struct kcapi_handle **handle, const char *ciphername, uint32_t flags);
ssize_t kcapi_md_digest(struct kcapi_handle *handle, const uint8_t *in, size_t inlen,
			uint8_t *out, size_t outlen);
void kcapi_md_destroy(struct kcapi_handle *handle);
int kcapi_cipher_init(struct kcapi_handle **handle, const char *ciphername, uint32_t flags);
int kcapi_cipher_setkey(struct kcapi_handle *handle, const uint8_t *key, uint32_t keylen);
ssize_t kcapi_cipher_encrypt(struct kcapi_handle *handle, const uint8_t *in, size_t inlen,
			     const uint8_t *iv, uint8_t *out, size_t outlen, int access);
void kcapi_cipher_destroy(struct kcapi_handle *handle);
ssize_t kcapi_rng_get_bytes(uint8_t *buf, size_t buflen);

#endif
"""


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, metavar="N", help="number of translation units")
    ap.add_argument("outdir", metavar="OUTDIR")
    ap.add_argument("--afalg-share", type=float, default=0.02,
                    help="share of TUs that use AF_ALG (default 0.02)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.n < 1:
        ap.error("N must be at least 1")
    rng = random.Random(a.seed)
    out = os.path.abspath(a.outdir)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "include", "proj"))

    n_afalg = min(a.n, max(0, round(a.n * a.afalg_share)))
    if a.afalg_share > 0 and a.n >= CYCLE_TUS:
        n_afalg = max(n_afalg, CYCLE_TUS)  # every shape at least once
    n_plain = a.n - n_afalg

    # directory layout: src/m<NN>/<word>/ , ~100 TUs per module, 4 subdirs each
    n_mods = max(1, a.n // 100)
    mods = [f"m{i:02d}" for i in range(n_mods)]
    subs = {m: rng.sample(WORDS, 4) for m in mods}
    slots = []  # (index, module, relpath)
    for i in range(a.n):
        m = mods[i % n_mods]
        sub = subs[m][(i // n_mods) % 4]
        slots.append((i, m, sub))
    afalg_idx = set(rng.sample(range(a.n), n_afalg))

    files = []   # Src objects
    plain_by_mod = {m: [] for m in mods}
    # AF_ALG kits fill the chosen slots in order, cycling over the kit kinds
    afalg_slots = [sl for sl in slots if sl[0] in afalg_idx]
    kit_no, kit_i, pos = 0, 0, 0
    kit_counts = {}
    while pos < len(afalg_slots):
        name, need, fn = KITS[kit_i % len(KITS)]
        kit_i += 1
        if pos + need > len(afalg_slots):
            continue  # a two-TU kit does not fit at the end: try the next kind
        sl = afalg_slots[pos:pos + need]
        rels = [f"src/{m}/{sub}/alg_{name}_{i:05d}.c" for i, m, sub in sl]
        files += fn(rng, kit_no, *rels, sl[0][1])
        kit_counts[name] = kit_counts.get(name, 0) + 1
        kit_no += 1
        pos += need
        if kit_i > 10 * len(KITS) + len(afalg_slots):
            break
    plain_slots = [sl for sl in slots if sl[0] not in afalg_idx]
    for i, m, sub in plain_slots:
        plain_by_mod[m].append(i)
    for i, m, sub in plain_slots:
        peers = [x for x in plain_by_mod[m] if x != i]
        sibs = sorted(rng.sample(peers, min(2, len(peers))))
        rel = f"src/{m}/{sub}/{sub}_{i:05d}.c"
        files.append(plain_tu(rel, rng, i, m, sibs))

    headers = [alg_ctx_h()]
    with open(os.path.join(out, "include/proj/common.h"), "w") as f:
        f.write(common_h())
    with open(os.path.join(out, "include/proj/kcapi_compat.h"), "w") as f:
        f.write(KCAPI_H)
    for m in mods:
        with open(os.path.join(out, f"include/proj/{m}.h"), "w") as f:
            f.write(module_h(m, plain_by_mod[m]))

    tus = []
    for s in headers + files:
        path = os.path.join(out, s.rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(s.text())
        if s.rel.endswith(".c"):
            tus.append(s.rel)
    tus.sort()

    # the header's inline finding exists only if some TU includes alg_ctx.h
    uses_ctx = any(k in kit_counts for k in ("skcipher_ctx", "hash_zerocopy"))
    expect = []
    for s in files + (headers if uses_ctx else []):
        for line, rule in s.expect:
            expect.append((s.rel, line, rule))
    expect.sort()

    cdb = [{"directory": out,
            "command": f"clang -c {t} -o {t[:-2]}.o -Iinclude",
            "file": t} for t in tus]
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(cdb, f, indent=1)
        f.write("\n")
    with open(os.path.join(out, "tus.txt"), "w") as f:
        f.write("".join(t + "\n" for t in tus))
    with open(os.path.join(out, "expected_findings.tsv"), "w") as f:
        f.write("".join(f"{p}\t{ln}\t{r}\n" for p, ln, r in expect))
    counts = {r: 0 for r in RULES}
    for _, _, r in expect:
        counts[r] += 1
    with open(os.path.join(out, "expected.txt"), "w") as f:
        f.write(f"# gen_tree.py {a.n} --afalg-share {a.afalg_share} --seed {a.seed}\n")
        f.write(f"# {len(tus)} TUs, {n_afalg} using AF_ALG; kits: "
                + ", ".join(f"{k}={v}" for k, v in sorted(kit_counts.items())) + "\n")
        for r in RULES:
            f.write(f"{r} {counts[r]}\n")
        f.write(f"total {len(expect)}\n")
    # The one-file edit touches an AF_ALG TU (the use side of the first
    # skcipher_ctx kit when there is one): a file that must be parsed again
    # and linked whatever a prefilter decides, so the edit is never free.
    alg_rels = [s.rel for s in files if s.expect and s.rel.endswith(".c")]
    uses = [r for r in alg_rels if "skcipher_ctx" in r]
    edit = (uses[1] if len(uses) > 1 else alg_rels[0]) if alg_rels else tus[0]
    with open(os.path.join(out, "edit_target.txt"), "w") as f:
        f.write(edit + "\n")
    print(f"gen_tree: {len(tus)} TUs ({n_afalg} AF_ALG) in {a.outdir}; "
          f"{len(expect)} expected findings", file=sys.stderr)


if __name__ == "__main__":
    main()

