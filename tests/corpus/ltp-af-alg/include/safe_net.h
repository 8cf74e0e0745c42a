/*
 * afalg-scan evaluation corpus: LTP-style test library (SAFE_* macros that
 * call safe_*() functions taking __FILE__/__LINE__, tst_alg_* helpers).
 */
#include <sys/socket.h>
int safe_socket(const char *file, const int lineno, void (cleanup_fn)(void), int domain, int type, int protocol);
int safe_bind(const char *file, const int lineno, void (cleanup_fn)(void), int socket, const struct sockaddr *address, socklen_t address_len);
int safe_accept(const char *file, const int lineno, void (cleanup_fn)(void), int sockfd, struct sockaddr *addr, socklen_t *addrlen);
int safe_setsockopt(const char *file, const int lineno, int fd, int level, int optname, const void *optval, socklen_t optlen);
ssize_t safe_write(const char *file, const int lineno, void (cleanup_fn)(void), int len_strict, int fildes, const void *buf, size_t nbyte);
ssize_t safe_read(const char *file, const int lineno, void (cleanup_fn)(void), char len_strict, int fildes, void *buf, size_t nbyte);
#define SAFE_SOCKET(domain, type, protocol) safe_socket(__FILE__, __LINE__, NULL, domain, type, protocol)
#define SAFE_BIND(socket, address, address_len) safe_bind(__FILE__, __LINE__, NULL, socket, address, address_len)
#define SAFE_ACCEPT(sockfd, addr, addrlen) safe_accept(__FILE__, __LINE__, NULL, sockfd, addr, addrlen)
#define SAFE_SETSOCKOPT(fd, level, optname, optval, optlen) safe_setsockopt(__FILE__, __LINE__, fd, level, optname, optval, optlen)
#define SAFE_WRITE(len_strict, fildes, buf, nbyte) safe_write(__FILE__, __LINE__, NULL, (len_strict), (fildes), (buf), (nbyte))
#define SAFE_READ(len_strict, fildes, buf, nbyte) safe_read(__FILE__, __LINE__, NULL, (len_strict), (fildes), (buf), (nbyte))
