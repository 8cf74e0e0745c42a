/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <linux/if_alg.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "hexdecoct.h"
#include "khash.h"
#include "macro.h"

/* Largest digest we are prepared to keep; a few spare bytes are harmless. */
#define LONGEST_DIGEST 128

union alg_sockaddr {
        struct sockaddr sa;
        struct sockaddr_alg alg;
};

struct khash {
        int fd;
        char *algorithm;
        uint8_t digest[LONGEST_DIGEST+1];
        size_t digest_size;
        bool digest_valid;
};

int khash_supported(void) {
        static const union alg_sockaddr sa = { // expect: afalg-sockaddr {{hash sha256}}
                .alg.salg_family = AF_ALG,
                .alg.salg_type = "hash",
                .alg.salg_name = "sha256", /* stands in for "the API works" */
        };
        static int cached = -1;

        if (cached < 0) {
                _cleanup_close_ int fd1 = -1, fd2 = -1;
                uint8_t buf[LONGEST_DIGEST+1];

                fd1 = socket(AF_ALG, SOCK_SEQPACKET|SOCK_CLOEXEC, 0); // expect: afalg-socket
                if (fd1 < 0)
                        return IN_SET(errno, EAFNOSUPPORT, EOPNOTSUPP) ? (cached = false) : -errno;

                if (bind(fd1, &sa.sa, sizeof(sa)) < 0) // expect: afalg-bind
                        return IN_SET(errno, ENOENT, EOPNOTSUPP) ? (cached = false) : -errno;

                fd2 = accept4(fd1, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept
                if (fd2 < 0)
                        return errno == EOPNOTSUPP ? (cached = false) : -errno;

                /* some kernels answer ENOKEY for unkeyed hashes: treat as broken */
                if (recv(fd2, buf, sizeof(buf), 0) < 0 && // expect: afalg-io
                    IN_SET(errno, ENOKEY, EOPNOTSUPP))
                        return (cached = false);

                cached = true;
        }
        return cached;
}

int khash_new_with_key(khash **ret, const char *algorithm, const void *key, size_t key_size) {
        union alg_sockaddr sa = { // expect: afalg-sockaddr {{hash hmac(sha256)}} [flow]
                .alg.salg_family = AF_ALG,
                .alg.salg_type = "hash",
        };
        _cleanup_close_ int fd = -1;
        khash *h;
        ssize_t n;
        int r;

        assert(ret);
        if (!algorithm || !*algorithm)
                return -EINVAL;
        if (strlen(algorithm) >= sizeof(sa.alg.salg_name))
                return -EOPNOTSUPP;

        r = khash_supported();
        if (r <= 0)
                return r < 0 ? r : -EOPNOTSUPP;

        fd = socket(AF_ALG, SOCK_SEQPACKET|SOCK_CLOEXEC, 0); // expect: afalg-socket
        if (fd < 0)
                return -errno;

        strcpy((char*) sa.alg.salg_name, algorithm);
        if (bind(fd, &sa.sa, sizeof(sa)) < 0) // expect: afalg-bind
                return errno == ENOENT ? -EOPNOTSUPP : -errno;

        if (key && setsockopt(fd, SOL_ALG, ALG_SET_KEY, key, key_size) < 0) // expect: afalg-setsockopt
                return -errno;

        h = new0(khash, 1);
        if (!h)
                return -ENOMEM;

        h->fd = accept4(fd, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept
        h->algorithm = strdup(algorithm);
        if (h->fd < 0 || !h->algorithm) {
                khash_unref(h);
                return -ENOMEM;
        }

        /* an empty final read tells us the digest size */
        (void) send(h->fd, NULL, 0, 0); // expect: afalg-io
        n = recv(h->fd, h->digest, sizeof(h->digest), 0); // expect: afalg-io
        if (n < 0 || n >= LONGEST_DIGEST) {
                khash_unref(h);
                return n < 0 ? -errno : -EOPNOTSUPP;
        }
        h->digest_size = (size_t) n;
        h->digest_valid = true;

        /* and start over for the caller */
        (void) send(h->fd, NULL, 0, 0); // expect: afalg-io

        *ret = h;
        return 0;
}

int khash_new(khash **ret, const char *algorithm) {
        return khash_new_with_key(ret, algorithm, NULL, 0);
}

khash* khash_unref(khash *h) {
        if (!h)
                return NULL;
        safe_close(h->fd);
        free(h->algorithm);
        free(h);
        return NULL;
}

int khash_dup(khash *h, khash **ret) {
        khash *copy;

        assert(h);
        copy = new0(khash, 1);
        if (!copy)
                return -ENOMEM;
        *copy = *h;
        copy->algorithm = strdup(h->algorithm);

        /* a clone of the running state, not a fresh operation */
        copy->fd = accept4(h->fd, NULL, 0, SOCK_CLOEXEC); // expect: afalg-accept [flow]
        if (copy->fd < 0 || !copy->algorithm) {
                khash_unref(copy);
                return -errno;
        }
        *ret = TAKE_PTR(copy);
        return 0;
}

int khash_reset(khash *h) {
        if (send(h->fd, NULL, 0, 0) < 0) // expect: afalg-io [flow]
                return -errno;
        h->digest_valid = false;
        return 0;
}

int khash_put(khash *h, const void *buffer, size_t size) {
        if (size == 0)
                return 0;
        if (send(h->fd, buffer, size, MSG_MORE) < 0) // expect: afalg-io [flow]
                return -errno;
        h->digest_valid = false;
        return 0;
}

int khash_put_iovec(khash *h, const struct iovec *iovec, size_t n) {
        struct msghdr mh = {
                .msg_iov = (struct iovec*) iovec,
                .msg_iovlen = n,
        };

        if (n == 0)
                return 0;
        if (sendmsg(h->fd, &mh, MSG_MORE) < 0) // expect: afalg-io [flow]
                return -errno;
        h->digest_valid = false;
        return 0;
}

int khash_digest_data(khash *h, const void **ret) {
        ssize_t n;

        if (!h->digest_valid) {
                n = recv(h->fd, h->digest, h->digest_size, 0); // expect: afalg-io [flow]
                if (n < 0)
                        return -errno;
                if ((size_t) n != h->digest_size)
                        return -EIO;
                h->digest_valid = true;
        }
        *ret = h->digest;
        return 0;
}
