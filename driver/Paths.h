#ifndef AFALG_DRIVER_PATHS_H
#define AFALG_DRIVER_PATHS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace afalg {

/// P made absolute (against Dir when relative and Dir is given, else the
/// working directory), dots removed, symlinks resolved when it exists: a
/// symlink counts where it points.
std::string realAbsolute(llvm::StringRef P, llvm::StringRef Dir = "");

/// Whether an absolute path has no empty, "." or ".." component (nor a
/// trailing '/'): then path::remove_dots() would leave it as it is, and
/// need not run (it was most of the cost of resolving a large tree's
/// #includes).
bool isNormalAbsolutePath(llvm::StringRef P);

/// Dir/Name as path::append() and path::remove_dots(remove_dot_dot) give
/// it, without their cost in the common case where there is nothing to
/// remove. Name is relative.
std::string joinNormalPath(llvm::StringRef Dir, llvm::StringRef Name);

/// Whether Child is Dir or below it, by path components.
bool isInside(llvm::StringRef Child, llvm::StringRef Dir);

/// One answer RealPaths gave, kept so that a later run can ask again and
/// compare (driver/PlanCache.h).
struct FsCheck {
  enum Kind : uint8_t {
    RealFile,    ///< file(In) was Out
    IsDirectory, ///< isDirectory(In): Out "1", else ""
  };
  Kind K = RealFile;
  std::string In, Out;
};

/// realAbsolute() for many files in few directories: a regular file's real
/// path is its directory's plus its name, so one lstat per file and one
/// realpath per directory instead of an lstat per path component.
class RealPaths {
public:
  std::string file(llvm::StringRef P);
  bool isDirectory(llvm::StringRef D);
  /// Every answer, in order, when Logging.
  std::vector<FsCheck> Log;
  bool Logging = false;

private:
  llvm::StringMap<std::string> Dirs;
  llvm::StringMap<bool> IsDir;
};

/// Whether every check still gets the same answer.
bool checksHold(const std::vector<FsCheck> &Checks);

} // namespace afalg

#endif
