/*
 * afalg_compat.h - userspace replacement for the Linux AF_ALG socket protocol.
 *
 * Every function mirrors the libc call of the same name (same signature,
 * same return value, errno on failure).  socket(AF_ALG, ...) returns a real
 * file descriptor whose crypto state lives in this runtime; calls on any
 * other descriptor are passed to libc unchanged, so a rewritten program may
 * route all of its socket/file calls through these functions.
 *
 * The runtime is backed by one crypto library chosen at link time
 * (afalg_compat_openssl, afalg_compat_gcrypt or afalg_compat_nettle).
 */
#ifndef AFALG_COMPAT_H
#define AFALG_COMPAT_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* splice(2)'s offset type; loff_t itself is hidden in strict C modes. */
#if defined(__GLIBC__)
typedef __loff_t afalg_compat_loff_t;
#else
typedef loff_t afalg_compat_loff_t;
#endif

int afalg_compat_socket(int domain, int type, int protocol);
int afalg_compat_bind(int fd, const struct sockaddr *addr, socklen_t addrlen);
int afalg_compat_setsockopt(int fd, int level, int optname, const void *optval,
                            socklen_t optlen);
int afalg_compat_accept(int fd, struct sockaddr *addr, socklen_t *addrlen);
int afalg_compat_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen,
                         int flags);

ssize_t afalg_compat_send(int fd, const void *buf, size_t len, int flags);
ssize_t afalg_compat_sendto(int fd, const void *buf, size_t len, int flags,
                            const struct sockaddr *dest, socklen_t destlen);
ssize_t afalg_compat_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t afalg_compat_write(int fd, const void *buf, size_t len);
ssize_t afalg_compat_writev(int fd, const struct iovec *iov, int iovcnt);

ssize_t afalg_compat_read(int fd, void *buf, size_t len);
ssize_t afalg_compat_readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t afalg_compat_recv(int fd, void *buf, size_t len, int flags);
ssize_t afalg_compat_recvfrom(int fd, void *buf, size_t len, int flags,
                              struct sockaddr *src, socklen_t *srclen);
ssize_t afalg_compat_recvmsg(int fd, struct msghdr *msg, int flags);

ssize_t afalg_compat_splice(int fd_in, afalg_compat_loff_t *off_in, int fd_out,
                            afalg_compat_loff_t *off_out, size_t len,
                            unsigned int flags);
ssize_t afalg_compat_vmsplice(int fd, const struct iovec *iov, size_t nr_segs,
                              unsigned int flags);
ssize_t afalg_compat_tee(int fd_in, int fd_out, size_t len, unsigned int flags);
ssize_t afalg_compat_sendfile(int out_fd, int in_fd, off_t *offset,
                              size_t count);

int afalg_compat_close(int fd);
int afalg_compat_dup(int fd);
int afalg_compat_dup2(int oldfd, int newfd);
int afalg_compat_dup3(int oldfd, int newfd, int flags);
int afalg_compat_fcntl(int fd, int cmd, ...);

/*
 * 1 if bind({type, name}) would succeed with the linked library, else 0.
 * `name` follows the kernel grammar; driver names are canonicalized.
 */
int afalg_compat_supported(const char *type, const char *name);

/* Name of the linked crypto library: "openssl", "gcrypt" or "nettle". */
const char *afalg_compat_backend_name(void);

/* 1 if fd is a descriptor created by afalg_compat_socket/accept. */
int afalg_compat_is_handle(int fd);

#ifdef __cplusplus
}
#endif

#endif /* AFALG_COMPAT_H */
