/*
 * HMAC-SHA256 (RFC 4231 test case 2) in one function: the shape the native
 * rewrite turns into direct library calls. Declarations with initialisers,
 * a designated-initialiser sockaddr, the key set on the transform socket.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

int main(void) {
  static const char key[] = "Jefe";
  static const char msg[] = "what do ya want for nothing?";
  unsigned char mac[32];
  struct sockaddr_alg sa = {.salg_family = AF_ALG,
                            .salg_type = "hash",
                            .salg_name = "hmac(sha256)"};
  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  if (tfm == -1)
    return 1;
  if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
      setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, strlen(key)) != 0) {
    close(tfm);
    return 1;
  }
  int op = accept(tfm, NULL, NULL);
  if (op < 0) {
    close(tfm);
    return 1;
  }
  if (write(op, msg, strlen(msg)) != (ssize_t)strlen(msg) ||
      read(op, mac, sizeof(mac)) != (ssize_t)sizeof(mac)) {
    close(op);
    close(tfm);
    return 1;
  }
  for (size_t i = 0; i < sizeof(mac); i++)
    printf("%02x", mac[i]);
  printf("\n");
  close(op);
  close(tfm);
  return 0;
}
