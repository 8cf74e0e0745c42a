// SHA-512 of "abc" read into a 16-byte buffer: the kernel returns the
// first 16 bytes of the digest. C++: nullptr, reinterpret_cast, snprintf
// into the sockaddr.
#include <cstdio>
#include <linux/if_alg.h>
#include <sys/socket.h>
#include <unistd.h>

int main() {
  unsigned char out[16];
  sockaddr_alg sa = {};
  sa.salg_family = AF_ALG;
  snprintf(reinterpret_cast<char *>(sa.salg_type), sizeof sa.salg_type, "%s",
           "hash");
  snprintf(reinterpret_cast<char *>(sa.salg_name), sizeof sa.salg_name, "%s",
           "sha512");
  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  if (tfm < 0 || bind(tfm, reinterpret_cast<sockaddr *>(&sa), sizeof sa) < 0)
    return 1;
  int op = accept(tfm, nullptr, nullptr);
  if (op < 0)
    return 1;
  if (send(op, "abc", 3, 0) != 3)
    return 1;
  ssize_t n = read(op, out, sizeof out);
  if (n != 16)
    return 1;
  for (unsigned char c : out)
    std::printf("%02x", c);
  std::printf("\n");
  close(op);
  close(tfm);
  return 0;
}
