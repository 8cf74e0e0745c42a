"""AF_ALG kits: groups of TUs using AF_ALG in every rule shape, some with
descriptors crossing files; each kit returns its expected findings."""

import os

from .common import *  # noqa: F401,F403
from .plain import *  # noqa: F401,F403


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

