/* af_alg.h - digests of buffers and streams through the Linux kernel
   crypto API.  afalg-scan evaluation corpus, after a portability library's
   optional kernel crypto back end (configure --with-linux-crypto).  */

#ifndef AF_ALG_H
# define AF_ALG_H 1

# include <stdio.h>
# include <errno.h>

# ifdef __cplusplus
extern "C" {
# endif

# if USE_LINUX_CRYPTO_API

/* Hash LEN bytes at BUFFER with kernel algorithm ALG ("sha256", ...) and
   store HASHLEN bytes at RESBLOCK.  0 on success, -EAFNOSUPPORT when the
   kernel cannot do it (callers then fall back to their own code), -EIO on
   a read error of STREAM.  */
int afalg_buffer (const char *buffer, size_t len, const char *alg,
                  void *resblock, ssize_t hashlen);
int afalg_stream (FILE *stream, const char *alg,
                  void *resblock, ssize_t hashlen);

# else

static inline int
afalg_buffer (const char *buffer, size_t len, const char *alg,
              void *resblock, ssize_t hashlen)
{
  return -EAFNOSUPPORT;
}

static inline int
afalg_stream (FILE *stream, const char *alg,
              void *resblock, ssize_t hashlen)
{
  return -EAFNOSUPPORT;
}

# endif

# ifdef __cplusplus
}
# endif

#endif /* AF_ALG_H */
