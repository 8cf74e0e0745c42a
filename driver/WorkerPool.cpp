// The parent side of TU isolation: worker processes that are started on
// demand, reused for many TUs, and killed on a timeout.
//
// Why not llvm::sys::ExecuteAndWait(SecondsToWait): its timeout uses the
// process-wide alarm() and, on expiry, wait()s for *any* child, so with a
// worker per extraction thread one thread's alarm cancels another's and a
// timeout can reap a sibling's worker. And a process start per TU (loading
// libclang-cpp and libLLVM) cost 50-110% on the bundled corpus; a kept
// worker costs one process start per WorkerUses TUs.

#include "Worker.h"
#include "model/FactsBinary.h"
#include "model/FactsJson.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace afalg {

namespace fs = llvm::sys::fs;

/// A worker serves this many TUs, then a fresh one takes over: memory a
/// parse leaks or fragments does not pile up over a large tree.
static constexpr unsigned WorkerUses = 64;

namespace {

/// A running worker: its pid, our end of its socket, and its two files.
struct Proc {
  pid_t Pid = -1;
  int Sock = -1;
  std::string Req, Facts;
  unsigned Uses = 0;

  Proc() = default;
  Proc(const Proc &) = delete;
  Proc &operator=(const Proc &) = delete;
  ~Proc() {
    if (Sock >= 0)
      close(Sock);
    if (Pid > 0) {
      kill(Pid, SIGKILL); // idle or misbehaving: nothing to wait for
      reap();
    }
    if (!Req.empty())
      fs::remove(Req);
    if (!Facts.empty())
      fs::remove(Facts);
  }
  int reap() {
    int Status = 0;
    while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR)
      ;
    Pid = -1;
    return Status;
  }
};

/// Idle workers, shared by the extraction threads.
class Pool {
public:
  std::unique_ptr<Proc> take() {
    std::lock_guard<std::mutex> L(M);
    if (Idle.empty())
      return nullptr;
    std::unique_ptr<Proc> P = std::move(Idle.back());
    Idle.pop_back();
    return P;
  }
  void give(std::unique_ptr<Proc> P) {
    std::lock_guard<std::mutex> L(M);
    Idle.push_back(std::move(P));
  }
  bool empty() {
    std::lock_guard<std::mutex> L(M);
    return Idle.empty();
  }
  void clear() {
    std::vector<std::unique_ptr<Proc>> Old;
    {
      std::lock_guard<std::mutex> L(M);
      Old.swap(Idle);
    }
  }
  ~Pool() { clear(); }

private:
  std::mutex M;
  std::vector<std::unique_ptr<Proc>> Idle;
};

Pool &pool() {
  static Pool P;
  return P;
}

std::atomic<unsigned> Forked{0}, Spawned{0};

std::unique_ptr<Proc> spawn(const std::string &Exe, std::string &Err) {
  auto P = std::make_unique<Proc>();
  llvm::SmallString<128> Req, Facts;
  // Unique 0600 files: nothing another user could pre-create or read.
  if (std::error_code EC =
          fs::createTemporaryFile("afalg-request", "json", Req)) {
    Err = "cannot create a temporary file: " + EC.message();
    return nullptr;
  }
  P->Req = std::string(Req);
  if (std::error_code EC =
          fs::createTemporaryFile("afalg-facts", "bin", Facts)) {
    Err = "cannot create a temporary file: " + EC.message();
    return nullptr;
  }
  P->Facts = std::string(Facts);
  int SV[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, SV) != 0) {
    Err = std::string("cannot create a socket: ") + strerror(errno);
    return nullptr;
  }
  P->Sock = SV[0];
  // Above the standard descriptors, so the dup2 below always copies (and
  // so clears close-on-exec); every other descriptor of ours stays shut.
  int Child = fcntl(SV[1], F_DUPFD_CLOEXEC, 10);
  close(SV[1]);
  if (Child < 0) {
    Err = std::string("cannot duplicate a socket: ") + strerror(errno);
    return nullptr;
  }
  posix_spawn_file_actions_t FA;
  posix_spawn_file_actions_init(&FA);
  // Clang may print (#pragma clang __debug dump, a crash's stack dump):
  // none of it belongs in the report or on the user's terminal.
  posix_spawn_file_actions_addopen(&FA, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&FA, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&FA, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&FA, Child, 3);
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  sigset_t None;
  sigemptyset(&None);
  posix_spawnattr_setsigmask(&Attr, &None);
  sigset_t Default;
  sigemptyset(&Default);
  sigaddset(&Default, SIGPIPE);
  posix_spawnattr_setsigdefault(&Attr, &Default);
  posix_spawnattr_setflags(&Attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const char *Argv[] = {Exe.c_str(),    "--extract-server", "3",
                        P->Req.c_str(), P->Facts.c_str(),   nullptr};
  int Rc = posix_spawn(&P->Pid, Exe.c_str(), &FA, &Attr,
                       const_cast<char *const *>(Argv), environ);
  posix_spawn_file_actions_destroy(&FA);
  posix_spawnattr_destroy(&Attr);
  close(Child);
  if (Rc != 0) {
    P->Pid = -1;
    Err = "cannot start '" + Exe + "': " + strerror(Rc);
    return nullptr;
  }
  ++Spawned;
  return P;
}

/// How a request ended.
struct Reply {
  enum { Line, Died, TimedOut } Kind = Died;
  std::string Text; ///< the answer line
  int Status = 0;   ///< waitpid status when it died
};

Reply await(Proc &P, unsigned Seconds) {
  using Clock = std::chrono::steady_clock;
  auto Deadline = Clock::now() + std::chrono::seconds(Seconds);
  Reply R;
  while (true) {
    int Wait = -1;
    if (Seconds) {
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Deadline - Clock::now())
                      .count();
      Wait = static_cast<int>(std::max<long long>(Left, 0));
    }
    struct pollfd PF = {P.Sock, POLLIN, 0};
    int N = poll(&PF, 1, Wait);
    if (N < 0 && errno == EINTR)
      continue;
    if (N == 0) {
      kill(P.Pid, SIGKILL);
      P.reap();
      R.Kind = Reply::TimedOut;
      return R;
    }
    char Buf[512];
    ssize_t Got = N > 0 ? read(P.Sock, Buf, sizeof(Buf)) : -1;
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got <= 0) { // the worker's end closed: it is gone
      R.Status = P.reap();
      return R;
    }
    R.Text.append(Buf, Got);
    size_t NL = R.Text.find('\n');
    if (NL != std::string::npos) {
      R.Text.resize(NL);
      R.Kind = Reply::Line;
      return R;
    }
    if (R.Text.size() > 65536) { // not our protocol
      R.Status = 0;
      return R;
    }
  }
}

TUFacts failed(const ExtractRequest &R, std::string Why) {
  TUFacts F;
  F.MainFile = R.File;
  F.Failed = true;
  F.FailReason = std::move(Why);
  return F;
}

std::string deathReason(int Status) {
  if (WIFSIGNALED(Status)) {
    int Sig = WTERMSIG(Status);
    if (Sig == SIGKILL)
      return "the compiler was killed (signal 9) while parsing this file; "
             "out of memory?";
    return "the compiler crashed (signal " + std::to_string(Sig) +
           ") while parsing this file";
  }
  if (WIFEXITED(Status))
    // LLVM's report_fatal_error() exits with 1 instead of crashing.
    return "the compiler stopped with a fatal error (exit code " +
           std::to_string(WEXITSTATUS(Status)) + ") while parsing this file";
  return "the extraction worker stopped unexpectedly";
}

/// Whether this process runs a single thread: fork() copies only the
/// calling one, and a lock another thread held would stay locked forever
/// in the child.
bool singleThreaded() {
  // A stream: /proc files claim a size of 0.
  auto Buf = llvm::MemoryBuffer::getFileAsStream("/proc/self/status");
  if (!Buf)
    return false;
  llvm::StringRef Text = (*Buf)->getBuffer();
  size_t At = Text.find("\nThreads:");
  if (At == llvm::StringRef::npos)
    return false;
  unsigned N = 0;
  return !Text.drop_front(At + 9)
              .ltrim()
              .take_until([](char C) { return C == '\n'; })
              .getAsInteger(10, N) &&
         N == 1;
}

/// The child side of a forked worker: the same state an exec()ed
/// `--extract-server` starts from (standard streams on /dev/null, the
/// socket as fd 3 and no other descriptor, default signal handling, no
/// crash recovery), then the server loop. Never returns.
[[noreturn]] void becomeWorker(int Child, const std::string &Req,
                               const std::string &Facts) {
  int Null = open("/dev/null", O_RDWR);
  if (Null < 0 || dup2(Null, 0) < 0 || dup2(Null, 1) < 0 || dup2(Null, 2) < 0 ||
      dup2(Child, 3) < 0)
    _exit(127);
  // Other workers' sockets must not stay open here: a worker sees the end
  // of the scan as its socket closing.
  bool Closed = false;
#ifdef SYS_close_range
  Closed = syscall(SYS_close_range, 4u, ~0u, 0u) == 0;
#endif
  long Max = sysconf(_SC_OPEN_MAX);
  for (int Fd = 4; !Closed && Fd < (Max > 0 ? Max : 1024); ++Fd)
    close(Fd);
  sigset_t None;
  sigemptyset(&None);
  sigprocmask(SIG_SETMASK, &None, nullptr);
  signal(SIGPIPE, SIG_DFL);
  // A compiler crash must end this process with its signal, as in an
  // exec()ed worker, not be caught by the scan's recovery handlers.
  llvm::CrashRecoveryContext::Disable();
  // _exit: the parent's atexit handlers and buffered output are not ours.
  _exit(runExtractServer(3, Req, Facts));
}

/// spawn() by fork() alone; see prestartWorker().
std::unique_ptr<Proc> forkWorker() {
  auto P = std::make_unique<Proc>();
  llvm::SmallString<128> Req, Facts;
  if (fs::createTemporaryFile("afalg-request", "json", Req))
    return nullptr;
  P->Req = std::string(Req);
  if (fs::createTemporaryFile("afalg-facts", "bin", Facts))
    return nullptr;
  P->Facts = std::string(Facts);
  int SV[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, SV) != 0)
    return nullptr;
  P->Sock = SV[0];
  // Above the standard descriptors, as in spawn(): the child's dup2()s
  // onto 0-3 cannot overwrite it.
  int Child = fcntl(SV[1], F_DUPFD_CLOEXEC, 10);
  close(SV[1]);
  if (Child < 0)
    return nullptr;
  pid_t Pid = fork();
  if (Pid == 0) {
    close(P->Sock);
    becomeWorker(Child, P->Req, P->Facts);
  }
  close(Child);
  if (Pid < 0)
    return nullptr;
  P->Pid = Pid;
  ++Forked;
  return P;
}

} // namespace

void shutdownWorkers() { pool().clear(); }

WorkerCounts workerCounts() { return {Forked.load(), Spawned.load()}; }

void prestartWorker() {
  if (isolation().Executable.empty() || !pool().empty() || !singleThreaded())
    return;
  if (std::unique_ptr<Proc> P = forkWorker())
    pool().give(std::move(P));
}

TUFacts extractIsolated(const ExtractRequest &R, const ProjectInfo &Project,
                        const IsolationOptions &O) {
  std::string Json = requestToJson(R, Project);
  // A kept worker may have died while idle (the OOM killer); then a fresh
  // one gets the request. A fresh one that fails speaks for the TU.
  for (bool Fresh = false; true; Fresh = true) {
    std::unique_ptr<Proc> P = Fresh ? nullptr : pool().take();
    if (!P) {
      Fresh = true;
      std::string Err;
      P = spawn(O.Executable, Err);
      if (!P)
        return failed(R, "cannot start the extraction worker: " + Err);
    }
    {
      std::error_code EC;
      llvm::raw_fd_ostream Out(P->Req, EC);
      if (!EC)
        Out << Json;
      Out.close();
      if (EC || Out.has_error()) {
        Out.clear_error();
        return failed(R, "cannot write the extraction request to '" + P->Req +
                             "'");
      }
    }
    if (send(P->Sock, "go\n", 3, MSG_NOSIGNAL) != 3) {
      if (Fresh)
        return failed(R, "the extraction worker did not start");
      continue;
    }
    Reply Rp = await(*P, O.TimeoutSeconds);
    if (Rp.Kind == Reply::TimedOut)
      return failed(R, "timed out after " + std::to_string(O.TimeoutSeconds) +
                           " s");
    if (Rp.Kind == Reply::Died)
      return failed(R, deathReason(Rp.Status));
    if (Rp.Text != "ok") {
      llvm::StringRef Why = llvm::StringRef(Rp.Text).drop_front(6);
      return failed(R, "the extraction worker failed: " + Why.str());
    }
    auto Buf = llvm::MemoryBuffer::getFile(P->Facts);
    llvm::Expected<TUFacts> F =
        Buf ? factsFromBinary((*Buf)->getBuffer(),
                              "the extraction worker's output")
            : llvm::createStringError(Buf.getError(),
                                      "the extraction worker's output is "
                                      "unreadable");
    if (++P->Uses < WorkerUses)
      pool().give(std::move(P));
    if (!F)
      return failed(R, llvm::toString(F.takeError()));
    F->MainFile = R.File;
    return std::move(*F);
  }
}

} // namespace afalg
