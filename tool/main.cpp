#include "driver/App.h"
#include "driver/Worker.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <cstring>

int main(int argc, char **argv) {
  // The hidden worker modes (driver/Worker.h), with no crash recovery, so
  // that a compiler crash ends the worker with its signal.
  if (argc == 4 && std::strcmp(argv[1], "--extract-worker") == 0)
    return afalg::runExtractWorker(argv[2], argv[3], llvm::errs());
  if (argc == 5 && std::strcmp(argv[1], "--extract-server") == 0)
    return afalg::runExtractServer(std::atoi(argv[2]), argv[3], argv[4]);
  // Lets a compiler crash in one TU be caught and reported, not fatal, when
  // TUs are extracted in-process (--no-isolate).
  llvm::CrashRecoveryContext::Enable();
  std::vector<std::string> Args(argv + 1, argv + argc);
  // The workers re-run this very binary; argv[0] may be a bare name.
  static int Anchor;
  std::string Self = llvm::sys::fs::getMainExecutable(argv[0], &Anchor);
  return afalg::runApp(Args, llvm::outs(), llvm::errs(),
                       llvm::sys::Process::StandardErrIsDisplayed(), Self);
}
