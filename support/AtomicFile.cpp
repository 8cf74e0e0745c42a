#include "AtomicFile.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

namespace afalg {

namespace fs = llvm::sys::fs;

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Data,
                                std::optional<fs::perms> Mode) {
  // Next to the target: a rename across file systems is a copy.
  llvm::SmallString<256> Tmp;
  int FD;
  if (std::error_code EC =
          fs::createUniqueFile(Path + ".afalg-tmp-%%%%%%%%%%%%", FD, Tmp))
    return llvm::createStringError(EC, "cannot create a file next to '%s'",
                                   Path.str().c_str());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Data;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      fs::remove(Tmp);
      return llvm::createStringError(EC, "cannot write '%s'", Tmp.c_str());
    }
  }
  if (Mode)
    fs::setPermissions(Tmp, *Mode);
  if (std::error_code EC = fs::rename(Tmp, Path)) {
    fs::remove(Tmp);
    return llvm::createStringError(EC, "cannot replace '%s'",
                                   Path.str().c_str());
  }
  return llvm::Error::success();
}

} // namespace afalg
