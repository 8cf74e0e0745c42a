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

RULES = [
    "afalg-socket", "afalg-bind", "afalg-setsockopt", "afalg-accept",
    "afalg-cmsg", "afalg-zerocopy", "afalg-io", "afalg-sockaddr",
    "afalg-kcapi", "afalg-openssl-engine",
]

SHARE_SOCKET = 0.30   # plain TUs that include <sys/socket.h> and do TCP/UDP
SHARE_OPENSSL = 0.20  # plain TUs that include <openssl/evp.h> and <openssl/ssl.h>

WORDS = ["parser", "cache", "queue", "config", "buffer", "index", "store",
         "codec", "table", "stream", "sched", "proto", "util", "log", "arena",
         "metric", "route", "token", "frame", "batch"]


class Src:
    """A file being written line by line, with the findings expected on its lines."""

    def __init__(self, rel):
        self.rel = rel
        self.lines = []
        self.expect = []  # (line, rule)

    def __call__(self, text="", *rules):
        for i, ln in enumerate(text.split("\n")):
            self.lines.append(ln)
            if i == 0:
                for r in rules:
                    assert r in RULES, r
                    self.expect.append((len(self.lines), r))
        return self

    def at(self, rule, offset):
        """Expect RULE on the line OFFSET lines after the last line written (0 = it)."""
        self.expect.append((len(self.lines) + offset, rule))

    def text(self):
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------------------- plain code

def piece_struct(s, rng, p, k):
    n = rng.randint(3, 6)
    types = ["int", "unsigned", "long", "double", "size_t", "char"]
    s(f"struct {p}_rec{k} {{")
    fields = []
    for i in range(n):
        t = rng.choice(types)
        if t == "char":
            s(f"\tchar name{i}[{rng.choice([16, 32, 64])}];")
        else:
            s(f"\t{t} f{i};")
            fields.append((t, f"f{i}"))
    s(f"\tstruct {p}_rec{k} *next;")
    s("};")
    s()
    # constructor + destructor + fold over a list
    s(f"static struct {p}_rec{k} *{p}_rec{k}_new(int seed)")
    s("{")
    s(f"\tstruct {p}_rec{k} *r = calloc(1, sizeof(*r));")
    s()
    s("\tif (!r)")
    s("\t\treturn NULL;")
    for t, f in fields:
        s(f"\tr->{f} = ({t})(seed * {rng.randint(2, 97)} + {rng.randint(0, 1000)});")
    s("\treturn r;")
    s("}")
    s()
    s(f"static void {p}_rec{k}_free_all(struct {p}_rec{k} *r)")
    s("{")
    s("\twhile (r) {")
    s(f"\t\tstruct {p}_rec{k} *n = r->next;")
    s()
    s("\t\tfree(r);")
    s("\t\tr = n;")
    s("\t}")
    s("}")
    s()
    s(f"long {p}_rec{k}_fold(int count)")
    s("{")
    s(f"\tstruct {p}_rec{k} *head = NULL, *r;")
    s("\tlong acc = 0;")
    s("\tint i;")
    s()
    s("\tfor (i = 0; i < count; i++) {")
    s(f"\t\tr = {p}_rec{k}_new(i);")
    s("\t\tif (!r)")
    s("\t\t\tbreak;")
    s("\t\tr->next = head;")
    s("\t\thead = r;")
    s("\t}")
    s("\tfor (r = head; r; r = r->next)")
    if fields:
        s(f"\t\tacc += (long)r->{fields[0][1]};")
    else:
        s("\t\tacc++;")
    s(f"\t{p}_rec{k}_free_all(head);")
    s("\treturn acc;")
    s("}")
    s()


def piece_sort(s, rng, p, k):
    s(f"static int {p}_cmp{k}(const void *a, const void *b)")
    s("{")
    s("\tconst int *x = a, *y = b;")
    s()
    s("\treturn (*x > *y) - (*x < *y);")
    s("}")
    s()
    s(f"int {p}_median{k}(int *v, size_t n)")
    s("{")
    s("\tsize_t i;")
    s()
    s("\tif (n == 0)")
    s("\t\treturn 0;")
    s("\tfor (i = 0; i < n; i++)")
    s(f"\t\tv[i] = (v[i] * {rng.randint(3, 31)}) % {rng.randint(100, 10000)};")
    s(f"\tqsort(v, n, sizeof(*v), {p}_cmp{k});")
    s("\treturn v[n / 2];")
    s("}")
    s()


def piece_hash(s, rng, p, k):
    s(f"unsigned {p}_fnv{k}(const char *str)")
    s("{")
    s("\tunsigned h = 2166136261u;")
    s("\tsize_t i, n = strlen(str);")
    s()
    s("\tfor (i = 0; i < n; i++) {")
    s("\t\th ^= (unsigned char)str[i];")
    s("\t\th *= 16777619u;")
    s("\t}")
    s(f"\treturn h ^ {rng.randint(0, 65535)}u;")
    s("}")
    s()


def piece_state(s, rng, p, k):
    n = rng.randint(4, 8)
    s(f"enum {p}_state{k} {{")
    for i in range(n):
        s(f"\t{p.upper()}_S{k}_{i},")
    s("};")
    s()
    s(f"int {p}_run{k}(const char *input)")
    s("{")
    s(f"\tenum {p}_state{k} st = {p.upper()}_S{k}_0;")
    s("\tint steps = 0;")
    s()
    s("\tfor (; *input; input++, steps++) {")
    s("\t\tswitch (st) {")
    for i in range(n):
        nxt = (i + 1) % n
        s(f"\t\tcase {p.upper()}_S{k}_{i}:")
        s(f"\t\t\tif (*input == '{chr(ord('a') + i)}')")
        s(f"\t\t\t\tst = {p.upper()}_S{k}_{nxt};")
        s("\t\t\tbreak;")
    s("\t\t}")
    s("\t}")
    s("\treturn steps + (int)st;")
    s("}")
    s()


def piece_parse(s, rng, p, k):
    s(f"int {p}_parse_kv{k}(const char *line, char *key, size_t keylen, long *val)")
    s("{")
    s("\tconst char *eq = strchr(line, '=');")
    s("\tsize_t n;")
    s("\tchar *end;")
    s()
    s("\tif (!eq)")
    s("\t\treturn -1;")
    s("\tn = (size_t)(eq - line);")
    s("\tif (n + 1 > keylen)")
    s("\t\tn = keylen - 1;")
    s("\tmemcpy(key, line, n);")
    s("\tkey[n] = '\\0';")
    s(f"\t*val = strtol(eq + 1, &end, {rng.choice([0, 10, 16])});")
    s("\tif (end == eq + 1)")
    s("\t\treturn -1;")
    s(f"\tprintf(\"{p}: %s=%ld\\n\", key, *val);")
    s("\treturn 0;")
    s("}")
    s()


def piece_matrix(s, rng, p, k):
    d = rng.choice([3, 4, 5, 8])
    s(f"void {p}_matmul{k}(double a[{d}][{d}], double b[{d}][{d}], double out[{d}][{d}])")
    s("{")
    s("\tint i, j, m;")
    s()
    s(f"\tfor (i = 0; i < {d}; i++)")
    s(f"\t\tfor (j = 0; j < {d}; j++) {{")
    s("\t\t\tdouble acc = 0;")
    s()
    s(f"\t\t\tfor (m = 0; m < {d}; m++)")
    s("\t\t\t\tacc += a[i][m] * b[m][j];")
    s("\t\t\tout[i][j] = acc;")
    s("\t\t}")
    s("}")
    s()


def piece_file_io(s, rng, p, k):
    # regular file descriptors through read()/write(): silent
    s(f"long {p}_copy_file{k}(const char *from, const char *to)")
    s("{")
    s("\tchar buf[4096];")
    s("\tlong total = 0;")
    s("\tssize_t n;")
    s("\tint in, out;")
    s()
    s("\tin = open(from, O_RDONLY);")
    s("\tif (in < 0)")
    s("\t\treturn -1;")
    s("\tout = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);")
    s("\tif (out < 0) {")
    s("\t\tclose(in);")
    s("\t\treturn -1;")
    s("\t}")
    s("\twhile ((n = read(in, buf, sizeof(buf))) > 0) {")
    s("\t\tif (write(out, buf, (size_t)n) != n)")
    s("\t\t\tbreak;")
    s("\t\ttotal += n;")
    s("\t}")
    s("\tclose(in);")
    s("\tclose(out);")
    s("\treturn total;")
    s("}")
    s()


def piece_tcp(s, rng, p, k, mod):
    # AF_INET decoys: socket, bind of sockaddr_in, setsockopt SOL_SOCKET,
    # accept, read/write, the descriptor kept in the module's conn struct.
    port = rng.randint(1024, 60000)
    s(f"int {p}_serve{k}(struct {mod}_conn *c)")
    s("{")
    s("\tstruct sockaddr_in sin;")
    s("\tchar buf[512];")
    s("\tint one = 1, lfd;")
    s("\tssize_t n;")
    s()
    s("\tlfd = socket(AF_INET, SOCK_STREAM, 0);")
    s("\tif (lfd < 0)")
    s("\t\treturn -1;")
    s("\tsetsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));")
    s("\tmemset(&sin, 0, sizeof(sin));")
    s("\tsin.sin_family = AF_INET;")
    s(f"\tsin.sin_port = htons({port});")
    s("\tsin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);")
    s("\tif (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) < 0 || listen(lfd, 8) < 0) {")
    s("\t\tclose(lfd);")
    s("\t\treturn -1;")
    s("\t}")
    s("\tc->fd = accept(lfd, NULL, NULL);")
    s("\tclose(lfd);")
    s("\tif (c->fd < 0)")
    s("\t\treturn -1;")
    s("\twhile ((n = read(c->fd, buf, sizeof(buf))) > 0) {")
    s("\t\tc->bytes += (unsigned long)n;")
    s("\t\tif (send(c->fd, buf, (size_t)n, 0) != n)")
    s("\t\t\tbreak;")
    s("\t}")
    s("\tclose(c->fd);")
    s("\treturn 0;")
    s("}")
    s()


def piece_evp(s, rng, p, k):
    md = rng.choice(["EVP_sha256", "EVP_sha512", "EVP_sha1", "EVP_md5"])
    s(f"int {p}_digest{k}(const void *data, size_t len, unsigned char *out, unsigned *outlen)")
    s("{")
    s("\tEVP_MD_CTX *ctx = EVP_MD_CTX_new();")
    s("\tint ok;")
    s()
    s("\tif (!ctx)")
    s("\t\treturn -1;")
    s(f"\tok = EVP_DigestInit_ex(ctx, {md}(), NULL) &&")
    s("\t     EVP_DigestUpdate(ctx, data, len) &&")
    s("\t     EVP_DigestFinal_ex(ctx, out, outlen);")
    s("\tEVP_MD_CTX_free(ctx);")
    s("\treturn ok ? 0 : -1;")
    s("}")
    s()
    s(f"SSL_CTX *{p}_tls_ctx{k}(void)")
    s("{")
    s("\tSSL_CTX *ctx = SSL_CTX_new(TLS_client_method());")
    s()
    s("\tif (ctx)")
    s("\t\tSSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);")
    s("\treturn ctx;")
    s("}")
    s()


PLAIN_PIECES = [piece_struct, piece_sort, piece_hash, piece_state, piece_parse,
                piece_matrix]


def plain_body(s, rng, p, mod, target, sock, ssl, fileio):
    k = 0
    if sock:
        piece_tcp(s, rng, p, k, mod)
        k += 1
    if ssl:
        piece_evp(s, rng, p, k)
        k += 1
    if fileio:
        piece_file_io(s, rng, p, k)
        k += 1
    while len(s.lines) < target:
        rng.choice(PLAIN_PIECES)(s, rng, p, k)
        k += 1


def plain_tu(rel, rng, idx, mod, siblings):
    s = Src(rel)
    p = f"t{idx:05d}"
    sock = rng.random() < SHARE_SOCKET
    ssl = rng.random() < SHARE_OPENSSL
    fileio = sock or rng.random() < 0.3
    s(f"/* {os.path.basename(rel)}: generated plain translation unit */")
    s("#include <stdio.h>")
    s("#include <stdlib.h>")
    s("#include <string.h>")
    if fileio:
        s("#include <fcntl.h>")
        s("#include <unistd.h>")
    if sock:
        s("#include <sys/socket.h>")
        s("#include <netinet/in.h>")
        s("#include <arpa/inet.h>")
    if ssl:
        s("#include <openssl/evp.h>")
        s("#include <openssl/ssl.h>")
    s()
    s('#include "proj/common.h"')
    s(f'#include "proj/{mod}.h"')
    s()
    target = rng.randint(100, 300)
    plain_body(s, rng, p, mod, target - 12, sock, ssl, fileio)
    # the module entry point, calling a sibling's entry (cross-file calls)
    s(f"int {mod}_entry_{idx}(int arg)")
    s("{")
    s("\tint r = arg;")
    s()
    for sib in siblings:
        s(f"\tr += {mod}_entry_{sib}(arg - 1);")
    s("\treturn proj_clamp(r, 0, PROJ_MAX);")
    s("}")
    return s


# ---------------------------------------------------------------- AF_ALG kits
#
# Each kit writes one or two TUs and records every finding it expects. The
# shapes follow tests/fixtures (and their README's positions): descriptors
# are kept in struct alg_ctx (include/proj/alg_ctx.h) or returned, never
# passed as a bare int parameter (a thin wrapper would add call-site findings).

AFALG_PRELUDE = [
    "#define _GNU_SOURCE",
    "#include <fcntl.h>",
    "#include <stdio.h>",
    "#include <stdlib.h>",
    "#include <string.h>",
    "#include <sys/socket.h>",
    "#include <sys/uio.h>",
    "#include <unistd.h>",
    "#include <linux/if_alg.h>",
]


def afalg_header(s, what, extra=(), proj=("proj/common.h", "proj/alg_ctx.h"),
                 if_alg=True):
    """if_alg=False: a use-side TU that spells no AF_ALG token at all (no
    <linux/if_alg.h>, no AF_ALG/SOL_ALG/ALG_*), reached only through a field
    or function name: a text prefilter must widen to find it."""
    s(f"/* {os.path.basename(s.rel)}: {what} */")
    for ln in AFALG_PRELUDE:
        if if_alg or "if_alg" not in ln:
            s(ln)
    for ln in extra:
        s(ln)
    s()
    for h in proj:
        s(f'#include "{h}"')
    s()


SKCIPHERS = ["cbc(aes)", "ctr(aes)", "xts(aes)", "ecb(aes)", "cbc(des3_ede)"]
HASHES = ["sha256", "sha1", "sha512", "hmac(sha256)", "sha3-256"]


def kit_skcipher_ctx(rng, k, rel_open, rel_use, mod):
    """Open + key in one TU, cmsg + sendmsg + read on ctx->op in another."""
    alg = rng.choice(SKCIPHERS)
    o = Src(rel_open)
    afalg_header(o, "opens a skcipher session into struct alg_ctx")
    plain_body(o, rng, f"a{k:04d}o", mod, rng.randint(30, 90), False, False, False)
    o(f"int ak{k}_open(struct alg_ctx *ctx, const unsigned char *key, unsigned keylen)")
    o("{")
    o("\tstruct sockaddr_alg sa = {", "afalg-sockaddr")
    o("\t\t.salg_family = AF_ALG,")
    o('\t\t.salg_type = "skcipher",')
    o(f'\t\t.salg_name = "{alg}",')
    o("\t};")
    o()
    o("\tctx->op = -1;")
    o("\tctx->tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);", "afalg-socket")
    o("\tif (ctx->tfm < 0)")
    o("\t\treturn -1;")
    o("\tif (bind(ctx->tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0)", "afalg-bind")
    o("\t\tgoto fail;")
    o("\tif (setsockopt(ctx->tfm, SOL_ALG, ALG_SET_KEY, key, keylen) < 0)", "afalg-setsockopt")
    o("\t\tgoto fail;")
    o("\tctx->op = accept(ctx->tfm, NULL, 0);", "afalg-accept")
    o("\tif (ctx->op < 0)")
    o("\t\tgoto fail;")
    o("\tctx->ivlen = 16;")
    o("\treturn 0;")
    o("fail:")
    o("\tclose(ctx->tfm);")
    o("\tctx->tfm = -1;")
    o("\treturn -1;")
    o("}")

    u = Src(rel_use)
    afalg_header(u, "encrypts through the operation socket opened elsewhere")
    plain_body(u, rng, f"a{k:04d}u", mod, rng.randint(30, 90), False, False, False)
    u(f"ssize_t ak{k}_crypt(struct alg_ctx *ctx, int encrypt, const unsigned char *iv,")
    u("\t\t    const void *in, void *out, size_t len)")
    u("{")
    u("\tchar cbuf[CMSG_SPACE(sizeof(__u32)) + CMSG_SPACE(sizeof(struct af_alg_iv) + 16)];")
    u("\tstruct iovec iov = { .iov_base = (void *)in, .iov_len = len };")
    u("\tstruct msghdr msg = { 0 };")
    u("\tstruct cmsghdr *cmsg;")
    u("\tstruct af_alg_iv *ivm;")
    u("\tssize_t n;")
    u()
    u("\tmemset(cbuf, 0, sizeof(cbuf));")
    u("\tmsg.msg_control = cbuf;")
    u("\tmsg.msg_controllen = sizeof(cbuf);")
    u("\tmsg.msg_iov = &iov;")
    u("\tmsg.msg_iovlen = 1;")
    u("\tcmsg = CMSG_FIRSTHDR(&msg);")
    u("\tcmsg->cmsg_level = SOL_ALG;", "afalg-cmsg")
    u("\tcmsg->cmsg_type = ALG_SET_OP;", "afalg-cmsg")
    u("\tcmsg->cmsg_len = CMSG_LEN(sizeof(__u32));")
    u("\t*(__u32 *)CMSG_DATA(cmsg) = encrypt ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;")
    u("\tcmsg = CMSG_NXTHDR(&msg, cmsg);")
    u("\tcmsg->cmsg_level = SOL_ALG;", "afalg-cmsg")
    u("\tcmsg->cmsg_type = ALG_SET_IV;", "afalg-cmsg")
    u("\tcmsg->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + 16);")
    u("\tivm = (struct af_alg_iv *)CMSG_DATA(cmsg);")
    u("\tivm->ivlen = 16;")
    u("\tmemcpy(ivm->iv, iv, 16);")
    u("\tn = sendmsg(ctx->op, &msg, 0);", "afalg-io")
    u("\tif (n != (ssize_t)len)")
    u("\t\treturn -1;")
    u("\treturn read(ctx->op, out, len);", "afalg-io")
    u("}")
    return [o, u]


def kit_hash_zerocopy(rng, k, rel_open, rel_use, mod):
    """PF_ALG + accept4 in one TU; vmsplice/splice/sendfile + read in another."""
    alg = rng.choice(HASHES)
    o = Src(rel_open)
    afalg_header(o, "opens a hash session (PF_ALG, accept4) into struct alg_ctx")
    plain_body(o, rng, f"a{k:04d}o", mod, rng.randint(30, 90), False, False, False)
    o(f"int ak{k}_hash_open(struct alg_ctx *ctx)")
    o("{")
    o("\tstruct sockaddr_alg sa = {", "afalg-sockaddr")
    o("\t\t.salg_family = AF_ALG,")
    o('\t\t.salg_type = "hash",')
    o(f'\t\t.salg_name = "{alg}",')
    o("\t};")
    o()
    o("\tctx->tfm = socket(PF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);", "afalg-socket")
    o("\tif (ctx->tfm < 0)")
    o("\t\treturn -1;")
    o("\tif (bind(ctx->tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0) {", "afalg-bind")
    o("\t\tclose(ctx->tfm);")
    o("\t\treturn -1;")
    o("\t}")
    o("\tctx->op = accept4(ctx->tfm, NULL, NULL, SOCK_CLOEXEC);", "afalg-accept")
    o("\treturn ctx->op < 0 ? -1 : 0;")
    o("}")

    u = Src(rel_use)
    afalg_header(u, "hashes a buffer and a file through zero-copy paths",
                 extra=["#include <sys/sendfile.h>", "#include <sys/stat.h>"], if_alg=False)
    plain_body(u, rng, f"a{k:04d}u", mod, rng.randint(30, 90), False, False, False)
    u(f"ssize_t ak{k}_hash_buf(struct alg_ctx *ctx, const void *buf, size_t len, unsigned char *md)")
    u("{")
    u("\tstruct iovec iov = { .iov_base = (void *)buf, .iov_len = len };")
    u("\tint pipes[2] = { -1, -1 };")
    u("\tssize_t ret = -1;")
    u()
    u("\tif (pipe(pipes) < 0)")
    u("\t\treturn -1;")
    u("\tif (vmsplice(pipes[1], &iov, 1, SPLICE_F_GIFT) != (ssize_t)len)", "afalg-zerocopy")
    u("\t\tgoto out;")
    u("\tif (splice(pipes[0], NULL, ctx->op, NULL, len, 0) != (ssize_t)len)", "afalg-zerocopy")
    u("\t\tgoto out;")
    u("\tret = read(ctx->op, md, 64);", "afalg-io")
    u("out:")
    u("\tclose(pipes[0]);")
    u("\tclose(pipes[1]);")
    u("\treturn ret;")
    u("}")
    u()
    u(f"int ak{k}_hash_file(struct alg_ctx *ctx, const char *path, unsigned char *md)")
    u("{")
    u("\tunsigned char head[16];")
    u("\tstruct stat st;")
    u("\toff_t off = 0;")
    u("\tint fd, ret = -1;")
    u()
    u("\tfd = open(path, O_RDONLY);")
    u("\tif (fd < 0)")
    u("\t\treturn -1;")
    u("\tif (fstat(fd, &st) < 0 || read(fd, head, sizeof(head)) < 0)")
    u("\t\tgoto out;")
    u("\tif (sendfile(ctx->op, fd, &off, (size_t)st.st_size) != st.st_size)", "afalg-zerocopy")
    u("\t\tgoto out;")
    u("\tif (alg_ctx_send_more(ctx, head, 0) < 0)")
    u("\t\tgoto out;")
    u("\tret = read(ctx->op, md, 64) < 0 ? -1 : 0;", "afalg-io")
    u("out:")
    u("\tclose(fd);")
    u("\treturn ret;")
    u("}")
    return [o, u]


def kit_returned_fd(rng, k, rel_open, rel_use, mod):
    """syscall(SYS_socket) + zero-init sockaddr + rng seed, fd returned to another TU."""
    o = Src(rel_open)
    afalg_header(o, "opens an rng operation socket and returns it",
                 extra=["#include <sys/syscall.h>"], proj=("proj/common.h",))
    plain_body(o, rng, f"a{k:04d}o", mod, rng.randint(30, 90), False, False, False)
    o(f"int ak{k}_rng_open(const unsigned char *seed, unsigned seedlen)")
    o("{")
    o("\tstruct sockaddr_alg sa = { 0 };")
    o("\tint tfm, op;")
    o()
    o("\tsa.salg_family = AF_ALG;", "afalg-sockaddr")
    o('\tstrcpy((char *)sa.salg_type, "rng");')
    o('\tstrcpy((char *)sa.salg_name, "stdrng");')
    o("\ttfm = (int)syscall(SYS_socket, AF_ALG, SOCK_SEQPACKET, 0);", "afalg-socket")
    o("\tif (tfm < 0)")
    o("\t\treturn -1;")
    o("\tif (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||", "afalg-bind")
    o("\t    setsockopt(tfm, SOL_ALG, ALG_SET_KEY, seed, seedlen) < 0) {", "afalg-setsockopt")
    o("\t\tclose(tfm);")
    o("\t\treturn -1;")
    o("\t}")
    o("\top = accept(tfm, NULL, 0);", "afalg-accept")
    o("\tclose(tfm);")
    o("\treturn op;")
    o("}")

    u = Src(rel_use)
    afalg_header(u, "draws random bytes from a descriptor opened in another file",
                 proj=("proj/common.h",), if_alg=False)
    plain_body(u, rng, f"a{k:04d}u", mod, rng.randint(30, 90), False, False, False)
    u(f"int ak{k}_rng_open(const unsigned char *seed, unsigned seedlen);")
    u()
    u(f"int ak{k}_random(unsigned char *buf, size_t len)")
    u("{")
    u(f'\tstatic const unsigned char seed[16] = "ak{k % 10000:04d}-seed-0001";')
    u("\tint fd = ak%d_rng_open(seed, sizeof(seed));" % k)
    u("\tssize_t n;")
    u()
    u("\tif (fd < 0)")
    u("\t\treturn -1;")
    u("\tn = recv(fd, buf, len, 0);", "afalg-io")
    u("\tif (n >= 0 && (size_t)n < len)")
    u("\t\tn = read(fd, buf + n, len - (size_t)n);", "afalg-io")
    u("\tclose(fd);")
    u("\treturn n < 0 ? -1 : 0;")
    u("}")
    return [o, u]


def kit_aead_single(rng, k, rel, mod):
    """Everything in one TU: aead gcm(aes), authsize, three cmsgs, Copy Fail splice."""
    s = Src(rel)
    afalg_header(s, "aead gcm(aes) decrypt in one function, file data spliced in",
                 proj=("proj/common.h",))
    plain_body(s, rng, f"a{k:04d}s", mod, rng.randint(60, 150), False, False, True)
    s(f"int ak{k}_gcm_decrypt(int file_fd, const unsigned char key[16], const unsigned char iv[12],")
    s("\t\t    unsigned assoclen, size_t len, unsigned char *out)")
    s("{")
    s("\tstruct sockaddr_alg sa = {", "afalg-sockaddr")
    s("\t\t.salg_family = AF_ALG,")
    s('\t\t.salg_type = "aead",')
    s('\t\t.salg_name = "gcm(aes)",')
    s("\t};")
    s("\tchar cbuf[CMSG_SPACE(4) + CMSG_SPACE(sizeof(struct af_alg_iv) + 12) + CMSG_SPACE(4)];")
    s("\tstruct msghdr msg = { 0 };")
    s("\tstruct cmsghdr *cmsg;")
    s("\tstruct af_alg_iv *ivm;")
    s("\tint p[2], tfm, op = -1, ret = -1;")
    s()
    s("\ttfm = socket(AF_ALG, SOCK_SEQPACKET, 0);", "afalg-socket")
    s("\tif (tfm < 0)")
    s("\t\treturn -1;")
    s("\tif (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||", "afalg-bind")
    s("\t    setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, 16) < 0 ||", "afalg-setsockopt")
    s("\t    setsockopt(tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL, 16) < 0)", "afalg-setsockopt")
    s("\t\tgoto out;")
    s("\top = accept(tfm, NULL, 0);", "afalg-accept")
    s("\tif (op < 0 || pipe(p) < 0)")
    s("\t\tgoto out;")
    s("\tmemset(cbuf, 0, sizeof(cbuf));")
    s("\tmsg.msg_control = cbuf;")
    s("\tmsg.msg_controllen = sizeof(cbuf);")
    s("\tcmsg = CMSG_FIRSTHDR(&msg);")
    s("\tcmsg->cmsg_level = SOL_ALG;", "afalg-cmsg")
    s("\tcmsg->cmsg_type = ALG_SET_OP;", "afalg-cmsg")
    s("\tcmsg->cmsg_len = CMSG_LEN(4);")
    s("\t*(__u32 *)CMSG_DATA(cmsg) = ALG_OP_DECRYPT;")
    s("\tcmsg = CMSG_NXTHDR(&msg, cmsg);")
    s("\tcmsg->cmsg_level = SOL_ALG;", "afalg-cmsg")
    s("\tcmsg->cmsg_type = ALG_SET_IV;", "afalg-cmsg")
    s("\tcmsg->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + 12);")
    s("\tivm = (struct af_alg_iv *)CMSG_DATA(cmsg);")
    s("\tivm->ivlen = 12;")
    s("\tmemcpy(ivm->iv, iv, 12);")
    s("\tcmsg = CMSG_NXTHDR(&msg, cmsg);")
    s("\tcmsg->cmsg_level = SOL_ALG;", "afalg-cmsg")
    s("\tcmsg->cmsg_type = ALG_SET_AEAD_ASSOCLEN;", "afalg-cmsg")
    s("\tcmsg->cmsg_len = CMSG_LEN(4);")
    s("\t*(__u32 *)CMSG_DATA(cmsg) = assoclen;")
    s("\tif (sendmsg(op, &msg, MSG_MORE) < 0)", "afalg-io")
    s("\t\tgoto out_pipe;")
    s("\tif (splice(file_fd, NULL, p[1], NULL, len, 0) == (ssize_t)len &&")
    s("\t    splice(p[0], NULL, op, NULL, len, 0) == (ssize_t)len)", "afalg-zerocopy")
    s("\t\tret = (int)read(op, out, len);", "afalg-io")
    s("out_pipe:")
    s("\tclose(p[0]);")
    s("\tclose(p[1]);")
    s("out:")
    s("\tif (op >= 0)")
    s("\t\tclose(op);")
    s("\tclose(tfm);")
    s("\treturn ret;")
    s("}")
    return [s]


def kit_kcapi(rng, k, rel, mod):
    s = Src(rel)
    s(f"/* {os.path.basename(rel)}: digests and encrypts through libkcapi */")
    s("#include <stdint.h>")
    s("#include <stdio.h>")
    s("#include <stdlib.h>")
    s("#include <string.h>")
    s("#include <sys/types.h>")
    s()
    s('#include "proj/common.h"')
    s('#include "proj/kcapi_compat.h"')
    s()
    plain_body(s, rng, f"a{k:04d}k", mod, rng.randint(60, 150), False, False, False)
    s(f"int ak{k}_kcapi_digest(const uint8_t *in, size_t len, uint8_t *md, size_t mdlen)")
    s("{")
    s("\tstruct kcapi_handle *h = NULL;")
    s("\tssize_t r;")
    s()
    s(f'\tif (kcapi_md_init(&h, "{rng.choice(HASHES)}", 0) < 0)', "afalg-kcapi")
    s("\t\treturn -1;")
    s("\tr = kcapi_md_digest(h, in, len, md, mdlen);", "afalg-kcapi")
    s("\tkcapi_md_destroy(h);", "afalg-kcapi")
    s("\treturn r < 0 ? -1 : 0;")
    s("}")
    s()
    s(f"ssize_t ak{k}_kcapi_encrypt(const uint8_t key[16], const uint8_t iv[16],")
    s("\t\t\t   const uint8_t *in, uint8_t *out, size_t len)")
    s("{")
    s("\tstruct kcapi_handle *h = NULL;")
    s("\tssize_t r = -1;")
    s()
    s(f'\tif (kcapi_cipher_init(&h, "{rng.choice(SKCIPHERS)}", 0) < 0)', "afalg-kcapi")
    s("\t\treturn -1;")
    s("\tif (kcapi_cipher_setkey(h, key, 16) == 0)", "afalg-kcapi")
    s("\t\tr = kcapi_cipher_encrypt(h, in, len, iv, out, len, 0);", "afalg-kcapi")
    s("\tkcapi_cipher_destroy(h);", "afalg-kcapi")
    s("\treturn r;")
    s("}")
    s()
    s(f"int ak{k}_kcapi_random(uint8_t *buf, size_t len)")
    s("{")
    s("\treturn kcapi_rng_get_bytes(buf, len) == (ssize_t)len ? 0 : -1;", "afalg-kcapi")
    s("}")
    return [s]


def kit_engine(rng, k, rel, mod):
    s = Src(rel)
    s(f"/* {os.path.basename(rel)}: loads the OpenSSL afalg engine */")
    s("#include <stdio.h>")
    s("#include <stdlib.h>")
    s("#include <string.h>")
    s("#include <openssl/crypto.h>")
    s("#include <openssl/engine.h>")
    s("#include <openssl/evp.h>")
    s("#include <openssl/ssl.h>")
    s()
    s('#include "proj/common.h"')
    s()
    s("#ifndef ENGINE_load_afalg")
    s("#define ENGINE_load_afalg() \\")
    s("\tOPENSSL_init_crypto(OPENSSL_INIT_ENGINE_AFALG, NULL)")
    s("#endif")
    s()
    plain_body(s, rng, f"a{k:04d}e", mod, rng.randint(60, 150), False, True, False)
    s(f"int ak{k}_use_kernel_crypto(void)")
    s("{")
    s("\tENGINE *e;")
    s()
    s("\tENGINE_load_builtin_engines();")
    s("\tENGINE_load_afalg();", "afalg-openssl-engine")
    s('\te = ENGINE_by_id("afalg");', "afalg-openssl-engine")
    s("\tif (!e) {")
    s('\t\te = ENGINE_by_id("rdrand");')
    s("\t\tif (!e)")
    s("\t\t\treturn 0;")
    s("\t}")
    s("\tif (!ENGINE_set_default(e, ENGINE_METHOD_CIPHERS)) {")
    s("\t\tENGINE_free(e);")
    s("\t\treturn 0;")
    s("\t}")
    s("\tENGINE_free(e);")
    s("\treturn 1;")
    s("}")
    return [s]


# (name, TUs it writes, function)
KITS = [
    ("skcipher_ctx", 2, kit_skcipher_ctx),
    ("hash_zerocopy", 2, kit_hash_zerocopy),
    ("returned_fd", 2, kit_returned_fd),
    ("aead_single", 1, kit_aead_single),
    ("kcapi", 1, kit_kcapi),
    ("engine", 1, kit_engine),
]
CYCLE_TUS = sum(n for _, n, _ in KITS)


# ---------------------------------------------------------------- headers

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
