#ifndef AFALG_DRIVER_WORKER_H
#define AFALG_DRIVER_WORKER_H

#include "matchers/Extractor.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace afalg {

/// How a TU is extracted: in this process, or in a worker process that a
/// compiler crash, hang or stack overflow cannot take down with it
/// (DESIGN §6).
struct IsolationOptions {
  /// The afalg-scan executable to run as a worker; "" extracts in-process
  /// (library use and tests, where the running binary is not afalg-scan).
  std::string Executable;
  /// A TU still parsing after this long has its worker killed and is
  /// reported as timed out; 0 waits forever.
  unsigned TimeoutSeconds = 300;
};

/// Sets how extractDispatch() extracts, for the scans that follow, and ends
/// idle workers of an earlier setting. The CLI calls it once per run,
/// before any extraction thread starts.
void setIsolation(const IsolationOptions &O);
const IsolationOptions &isolation();

/// extractTU() in-process or through extractIsolated(), as set.
TUFacts extractDispatch(const ExtractRequest &R, const ProjectInfo &Project);

/// Extracts one TU in a worker process. Workers are kept and reused (a
/// process start costs about as much as a small TU), one TU at a time
/// each: a crash, a timeout or unreadable output costs that TU only, which
/// becomes a failed TUFacts naming the reason. Thread-safe; nothing here
/// throws or exits.
TUFacts extractIsolated(const ExtractRequest &R, const ProjectInfo &Project,
                        const IsolationOptions &O);

/// Ends the idle workers (the next extractIsolated() starts new ones).
void shutdownWorkers();

/// With isolation set and while this process has a single thread: starts
/// one idle worker by fork() alone. Most of an exec()ed worker's start-up
/// is the dynamic loader relocating libclang-cpp and libLLVM, as much CPU
/// as parsing a small TU; a forked one has them relocated already. It is
/// the first worker a scan gets, which is what a re-run after a one-file
/// edit waits for. Idle, it costs a fork and an exit. Not thread-safe: call
/// it before the scan starts threads.
void prestartWorker();

/// Workers started so far by this process, for tests and diagnostics.
struct WorkerCounts {
  unsigned Forked = 0;  ///< by prestartWorker()
  unsigned Spawned = 0; ///< exec()ed
};
WorkerCounts workerCounts();

/// Worker side, one TU: `afalg-scan --extract-worker REQUEST.json
/// FACTS.json`. Also a way to re-run a failing TU by hand. Returns the
/// exit code: 0, or 2 with a message on Err.
int runExtractWorker(llvm::StringRef RequestPath, llvm::StringRef FactsPath,
                     llvm::raw_ostream &Err);

/// Worker side, many TUs: `afalg-scan --extract-server FD REQUEST.json
/// FACTS`. For each "go" line on FD, extracts the request in REQUEST.json
/// into FACTS (binary facts: model/FactsBinary.h) and answers "ok" or
/// "error MESSAGE".
/// Returns 0 when FD is closed.
int runExtractServer(int Fd, llvm::StringRef RequestPath,
                     llvm::StringRef FactsPath);

/// The request file's format, exposed for tests.
std::string requestToJson(const ExtractRequest &R, const ProjectInfo &P);
llvm::Error requestFromJson(llvm::StringRef Text, ExtractRequest &R,
                            ProjectInfo &P);

} // namespace afalg

#endif
