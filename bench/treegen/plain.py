"""Plain TUs: C with no AF_ALG, some including heavy system and OpenSSL
headers (the decoys and the parse floor)."""

import os

from .common import *  # noqa: F401,F403


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

