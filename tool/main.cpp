#include "driver/App.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  // Lets a compiler crash in one TU be caught and reported, not fatal.
  llvm::CrashRecoveryContext::Enable();
  std::vector<std::string> Args(argv + 1, argv + argc);
  return afalg::runApp(Args, llvm::outs(), llvm::errs(),
                       llvm::sys::Process::StandardErrIsDisplayed());
}
