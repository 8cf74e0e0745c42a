/* af_alg.c - digests of buffers and streams through the Linux kernel
   crypto API.  The whole file is compiled only when configure enabled
   USE_LINUX_CRYPTO_API in config.h.  */

#include <config.h>

#if USE_LINUX_CRYPTO_API

#include "af_alg.h"

#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#include "sys-limits.h"

#define BLOCKSIZE 32768

/* Open an operation socket for hash ALG, or return a negative errno.  */
static int
hash_op_socket (char const *alg)
{
  struct sockaddr_alg salg = { // expect: afalg-sockaddr [low]
    .salg_family = AF_ALG,
    .salg_type = "hash",
  };
  size_t i = 0;

  /* bounded copy of the name, no strcpy; the array is already zeroed */
  while (alg[i] != '\0')
    {
      if (i == sizeof salg.salg_name - 1)
        return -EINVAL;
      salg.salg_name[i] = alg[i];
      i++;
    }

  int cfd = socket (AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); // expect: afalg-socket [low]
  if (cfd < 0)
    return -EAFNOSUPPORT;
  int ofd = (bind (cfd, (struct sockaddr *) &salg, sizeof salg) == 0 // expect: afalg-bind [low]
             ? accept4 (cfd, NULL, 0, SOCK_CLOEXEC) // expect: afalg-accept [low]
             : -1);
  /* the operation socket keeps the transform alive */
  close (cfd);
  return ofd < 0 ? -EAFNOSUPPORT : ofd;
}

int
afalg_buffer (const char *buffer, size_t len, const char *alg,
              void *resblock, ssize_t hashlen)
{
  /* Kernels before 4.9 return zeroes for the empty message.  */
  if (len == 0)
    return -EAFNOSUPPORT;

  int ofd = hash_op_socket (alg);
  if (ofd < 0)
    return ofd;

  int result = -EAFNOSUPPORT;
  while (len > 0)
    {
      ssize_t size = len > BLOCKSIZE ? BLOCKSIZE : len;
      if (send (ofd, buffer, size, MSG_MORE) != size) // expect: afalg-io [low]
        goto done;
      buffer += size;
      len -= size;
    }
  if (read (ofd, resblock, hashlen) == hashlen) // expect: afalg-io [low]
    result = 0;
 done:
  close (ofd);
  return result;
}

int
afalg_stream (FILE *stream, const char *alg,
              void *resblock, ssize_t hashlen)
{
  int ofd = hash_op_socket (alg);
  if (ofd < 0)
    return ofd;

  int fd = fileno (stream);
  int result = -EAFNOSUPPORT;
  struct stat st;
  off_t off = ftello (stream);

  if (0 <= off && fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
      && off < st.st_size && st.st_size - off < SYS_BUFSIZE_MAX)
    {
      /* One sendfile of the rest of a regular file: one digest.  */
      off_t nbytes = st.st_size - off;
      if (fflush (stream))
        result = -EIO;
      else if (sendfile (ofd, fd, &off, nbytes) == nbytes // expect: afalg-zerocopy [low]
               && read (ofd, resblock, hashlen) == hashlen // expect: afalg-io [low]
               && lseek (fd, off, SEEK_SET) != (off_t) -1)
        result = 0;
    }
  else
    {
      /* Pipes and terminals: stdio buffers, MSG_MORE per block.  */
      char buf[BLOCKSIZE];
      size_t n;
      int sent = 0;

      while ((n = fread (buf, 1, sizeof buf, stream)) > 0)
        {
          if (send (ofd, buf, n, MSG_MORE) != (ssize_t) n) // expect: afalg-io [low]
            goto done;
          sent = 1;
        }
      if (ferror (stream))
        result = -EIO;
      else if (sent && read (ofd, resblock, hashlen) == hashlen) // expect: afalg-io [low]
        result = 0;
    }
 done:
  close (ofd);
  return result;
}

#endif
