/*
 * OS helpers: close-on-exec socket wrappers, scatter/gather socket I/O, and
 * a local control socket that uses them too.
 */

#include "qemu/osdep.h"
#include <sys/un.h>

int qemu_socket(int domain, int type, int protocol)
{
    int ret;

#ifdef SOCK_CLOEXEC
    ret = socket(domain, type | SOCK_CLOEXEC, protocol); // expect: afalg-socket [flow]
    if (ret != -1 || errno != EINVAL) {
        return ret;
    }
#endif
    ret = socket(domain, type, protocol); // expect: afalg-socket [flow]
    if (ret >= 0) {
        fcntl(ret, F_SETFD, FD_CLOEXEC);
    }
    return ret;
}

int qemu_accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
    int ret;

#ifdef CONFIG_ACCEPT4
    ret = accept4(s, addr, addrlen, SOCK_CLOEXEC);
#else
    ret = accept(s, addr, addrlen); // expect: afalg-accept [flow]
    if (ret >= 0) {
        fcntl(ret, F_SETFD, FD_CLOEXEC);
    }
#endif
    return ret;
}

ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned iov_cnt,
                      size_t bytes, bool do_send)
{
    struct msghdr msg = {
        .msg_iov = (struct iovec *)iov,
        .msg_iovlen = iov_cnt,
    };
    ssize_t ret;

    do {
        if (do_send) {
            ret = sendmsg(sockfd, &msg, 0); // expect: afalg-io [flow]
        } else {
            ret = recvmsg(sockfd, &msg, 0); // expect: afalg-io [flow]
        }
    } while (ret < 0 && errno == EINTR);
    return ret;
}

/* monitor socket: the same wrappers on an AF_UNIX stream socket */
int qemu_monitor_serve_one(const char *path, char *buf, size_t len)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int lfd, cfd;
    ssize_t n;

    lfd = qemu_socket(AF_UNIX, SOCK_STREAM, 0);
    if (lfd < 0) {
        return -1;
    }
    snprintf(un.sun_path, sizeof(un.sun_path), "%s", path);
    if (bind(lfd, (struct sockaddr *)&un, sizeof(un)) < 0 ||
        listen(lfd, 1) < 0) {
        close(lfd);
        return -1;
    }
    cfd = qemu_accept(lfd, NULL, NULL);
    close(lfd);
    if (cfd < 0) {
        return -1;
    }
    n = read(cfd, buf, len);
    if (n > 0) {
        n = write(cfd, "OK\n", 3);
    }
    close(cfd);
    return n < 0 ? -1 : 0;
}
