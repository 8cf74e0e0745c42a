/*
 * SHA-1 of "abc" streamed one byte at a time with MSG_MORE, finished by an
 * empty send: the sockaddr filled in by memset/strcpy, the fds declared
 * with another variable, the socket opened inside a test.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  const char *text = "abc";
  unsigned char digest[20];
  struct sockaddr_alg sa;
  int fd, op, i;

  memset(&sa, 0, sizeof(sa));
  sa.salg_family = AF_ALG;
  strcpy((char *)sa.salg_type, "hash");
  strcpy((char *)sa.salg_name, "sha1");
  if ((fd = socket(AF_ALG, SOCK_SEQPACKET, 0)) < 0) {
    perror("socket");
    return 1;
  }
  if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
      (op = accept(fd, 0, 0)) < 0) {
    perror("bind/accept");
    (void)close(fd);
    return 1;
  }
  for (i = 0; text[i]; i++)
    if (send(op, text + i, 1, MSG_MORE) != 1)
      return 1;
  send(op, NULL, 0, 0);
  if (recv(op, digest, sizeof(digest), MSG_WAITALL) != 20)
    return 1;
  for (i = 0; i < 20; i++)
    printf("%02x", digest[i]);
  putchar('\n');
  close(op);
  close(fd);
  return 0;
}
