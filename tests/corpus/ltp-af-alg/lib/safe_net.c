/*
 * afalg-scan evaluation corpus: LTP-style test library (SAFE_* macros that
 * call safe_*() functions taking __FILE__/__LINE__, tst_alg_* helpers).
 */
#include <stdio.h>
#include <unistd.h>
#include "safe_net.h"
int safe_socket(const char *file, const int lineno, void (cleanup_fn)(void), int domain, int type, int protocol)
{
	int rval = socket(domain, type, protocol); // expect: afalg-socket [flow]
	if (rval < 0) { fprintf(stderr, "%s:%d socket failed\n", file, lineno); return -1; }
	return rval;
}
int safe_bind(const char *file, const int lineno, void (cleanup_fn)(void), int socket, const struct sockaddr *address, socklen_t address_len)
{
	int i;
	for (i = 0; i < 120; i++) {
		if (!bind(socket, address, address_len)) // expect: afalg-bind [flow]
			return 0;
		sleep(1);
	}
	fprintf(stderr, "%s:%d bind failed\n", file, lineno);
	return -1;
}
int safe_accept(const char *file, const int lineno, void (cleanup_fn)(void), int sockfd, struct sockaddr *addr, socklen_t *addrlen)
{
	int rval = accept(sockfd, addr, addrlen); // expect: afalg-accept [flow]
	if (rval < 0) fprintf(stderr, "%s:%d accept failed\n", file, lineno);
	return rval;
}
int safe_setsockopt(const char *file, const int lineno, int fd, int level, int optname, const void *optval, socklen_t optlen)
{
	int rval = setsockopt(fd, level, optname, optval, optlen); // expect: afalg-setsockopt [flow]
	if (rval) fprintf(stderr, "%s:%d setsockopt failed\n", file, lineno);
	return rval;
}
ssize_t safe_write(const char *file, const int lineno, void (cleanup_fn)(void), int len_strict, int fildes, const void *buf, size_t nbyte)
{
	ssize_t rval = write(fildes, buf, nbyte); // expect: afalg-io [flow]
	if (rval == -1 || (len_strict && (size_t)rval != nbyte)) fprintf(stderr, "%s:%d write failed\n", file, lineno);
	return rval;
}
ssize_t safe_read(const char *file, const int lineno, void (cleanup_fn)(void), char len_strict, int fildes, void *buf, size_t nbyte)
{
	ssize_t rval = read(fildes, buf, nbyte); // expect: afalg-io [flow]
	if (rval == -1 || (len_strict && (size_t)rval != nbyte)) fprintf(stderr, "%s:%d read failed\n", file, lineno);
	return rval;
}
