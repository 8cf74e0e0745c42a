/* sha256-stream.c - SHA-256 of a stream, kernel first, then portable C.  */

#include <config.h>

#include "sha256.h"

#include <stdlib.h>
#include <string.h>

#if USE_LINUX_CRYPTO_API
# include "af_alg.h"
#endif

#define BLOCKSIZE 32768

int
sha256_stream (FILE *stream, void *resblock)
{
  struct sha256_ctx ctx;
  size_t n;

#if USE_LINUX_CRYPTO_API
  int ret = afalg_stream (stream, "sha256", resblock, SHA256_DIGEST_SIZE);
  if (!ret)
    return 0;
  if (ret == -EIO)
    return 1;
#endif

  char *buffer = malloc (BLOCKSIZE + 72);
  if (!buffer)
    return 1;

  sha256_init_ctx (&ctx);
  while ((n = fread (buffer, 1, BLOCKSIZE, stream)) > 0)
    sha256_process_bytes (buffer, n, &ctx);
  if (ferror (stream))
    {
      free (buffer);
      return 1;
    }
  sha256_finish_ctx (&ctx, resblock);
  free (buffer);
  return 0;
}
