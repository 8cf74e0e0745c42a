/*
 * MD5 (RFC 1321 "message digest") with fds that start at -1 and are closed
 * only when valid, the usual cleanup shape.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static int md5_hex(const char *msg, size_t len) {
  struct sockaddr_alg sa = {
      .salg_family = AF_ALG, .salg_type = "hash", .salg_name = "md5"};
  unsigned char out[16];
  int rc = -1;
  int tfm = -1;
  int op = -1;

  tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (tfm < 0)
    goto out;
  if (bind(tfm, (struct sockaddr *)&sa, sizeof sa) < 0)
    goto out;
  op = accept4(tfm, NULL, NULL, SOCK_CLOEXEC);
  if (op < 0)
    goto out;
  if (write(op, msg, len) < 0)
    goto out;
  if (read(op, out, sizeof out) != sizeof out)
    goto out;
  for (int i = 0; i < 16; i++)
    printf("%02x", out[i]);
  printf("\n");
  rc = 0;
out:
  if (op >= 0)
    close(op);
  if (tfm != -1)
    close(tfm);
  return rc;
}

int main(void) { return md5_hex("message digest", 14) ? 1 : 0; }
