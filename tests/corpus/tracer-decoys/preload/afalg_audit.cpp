// expect-no-findings
// LD_PRELOAD audit shim: notes which descriptors of the host process are
// AF_ALG sockets and which algorithms they bind, then forwards every call
// to the real libc function.  It never opens a socket of its own.

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_alg.h>

#include <array>
#include <atomic>
#include <cstdio>

#include "audit_log.h"   // audit_event(const char*, int, const char*)

namespace {

template <typename Fn>
Fn next_symbol(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

struct FdInfo {
  bool alg = false;
  bool op = false;
  char name[64] = {};
};

std::array<FdInfo, 4096> g_fds;
pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

FdInfo* info_for(int fd) {
  return (fd >= 0 && static_cast<size_t>(fd) < g_fds.size()) ? &g_fds[fd] : nullptr;
}

}  // namespace

extern "C" int socket(int domain, int type, int protocol) {
  static auto real = next_symbol<int (*)(int, int, int)>("socket");
  const int fd = real(domain, type, protocol);

  if (domain == AF_ALG && fd >= 0) {
    pthread_mutex_lock(&g_lock);
    if (FdInfo* i = info_for(fd))
      *i = FdInfo{true, false, {}};
    pthread_mutex_unlock(&g_lock);
  }
  return fd;
}

extern "C" int bind(int fd, const struct sockaddr* addr, socklen_t len) {
  static auto real = next_symbol<int (*)(int, const struct sockaddr*, socklen_t)>("bind");

  if (addr && len >= sizeof(struct sockaddr_alg) && addr->sa_family == AF_ALG) {
    const auto* sa = reinterpret_cast<const struct sockaddr_alg*>(addr);
    pthread_mutex_lock(&g_lock);
    if (FdInfo* i = info_for(fd)) {
      // copy out of the caller's address for the log
      snprintf(i->name, sizeof(i->name), "%.13s/%.40s",
               reinterpret_cast<const char*>(sa->salg_type),
               reinterpret_cast<const char*>(sa->salg_name));
      audit_event("af_alg.bind", fd, i->name);
    }
    pthread_mutex_unlock(&g_lock);
  }
  return real(fd, addr, len);
}

extern "C" int setsockopt(int fd, int level, int optname, const void* optval,
                          socklen_t optlen) {
  static auto real =
      next_symbol<int (*)(int, int, int, const void*, socklen_t)>("setsockopt");

  if (level == SOL_ALG) {
    // never log key material, only which option was used
    audit_event(optname == ALG_SET_KEY ? "af_alg.setkey" : "af_alg.setopt", fd,
                nullptr);
  }
  return real(fd, level, optname, optval, optlen);
}

extern "C" int accept4(int fd, struct sockaddr* addr, socklen_t* len, int flags) {
  static auto real =
      next_symbol<int (*)(int, struct sockaddr*, socklen_t*, int)>("accept4");
  const int nfd = real(fd, addr, len, flags);

  pthread_mutex_lock(&g_lock);
  FdInfo* parent = info_for(fd);
  FdInfo* child = info_for(nfd);
  if (parent && child && parent->alg) {
    *child = *parent;
    child->op = true;
  }
  pthread_mutex_unlock(&g_lock);
  return nfd;
}

extern "C" ssize_t sendmsg(int fd, const struct msghdr* msg, int flags) {
  static auto real = next_symbol<ssize_t (*)(int, const struct msghdr*, int)>("sendmsg");
  FdInfo* i = info_for(fd);

  if (i && i->op && msg) {
    auto* m = const_cast<struct msghdr*>(msg);
    for (struct cmsghdr* c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
      if (c->cmsg_level != SOL_ALG)
        continue;
      if (c->cmsg_type == ALG_SET_OP)
        audit_event("af_alg.op", fd, i->name);
      else if (c->cmsg_type == ALG_SET_AEAD_ASSOCLEN)
        audit_event("af_alg.aead", fd, i->name);
    }
  }
  return real(fd, msg, flags);
}

extern "C" int close(int fd) {
  static auto real = next_symbol<int (*)(int)>("close");

  pthread_mutex_lock(&g_lock);
  if (FdInfo* i = info_for(fd))
    *i = FdInfo{};
  pthread_mutex_unlock(&g_lock);
  return real(fd);
}
