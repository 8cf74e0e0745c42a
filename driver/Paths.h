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

/// Real paths of directories, memoised by prefix: a directory's is its
/// parent's plus its name unless it is a symlink, so each new directory
/// costs one lstat instead of realpath()'s readlink per component (1300
/// syscalls on a warm run of a 2000-file tree). Dir: absolute; "" when it
/// is not an existing directory. Not thread-safe.
class RealDirs {
public:
  const std::string &get(llvm::StringRef Dir);

private:
  llvm::StringMap<std::string> Memo;
};

/// One answer RealPaths gave, kept so that a later run can ask again and
/// compare (driver/PlanCache.h).
struct FsCheck {
  enum Kind : uint8_t {
    RealFile,    ///< file(In) was Out
    IsDirectory, ///< isDirectory(In): Out "1", else ""
    /// Directory In had this stamp (dirStamp()): while it has it, its
    /// entries are the same, so the RealFile answers for regular files in
    /// it hold without an lstat each.
    DirStamp,
  };
  Kind K = RealFile;
  std::string In, Out;
};

/// A directory's identity and last change (device, inode, mtime, ctime),
/// or "" when it cannot be stat()ed or changed less than RacyWindowNs ago
/// (a change within the same clock tick would not show; as FileStates).
std::string dirStamp(llvm::StringRef Dir, int64_t RacyWindowNs);

/// realAbsolute() for many files in few directories: a regular file's real
/// path is its directory's plus its name, so one lstat per file and one
/// lstat per directory instead of a readlink per path component.
class RealPaths {
public:
  std::string file(llvm::StringRef P);
  bool isDirectory(llvm::StringRef D);
  /// Every answer, in order, when Logging, and the stamps of the
  /// directories of regular files.
  std::vector<FsCheck> Log;
  bool Logging = false;
  int64_t RacyWindowNs = 3'000'000'000;

private:
  RealDirs Dirs;
  llvm::StringMap<bool> IsDir;
  llvm::StringMap<bool> Stamped;
};

/// Whether every check still gets the same answer. A RealFile answer for a
/// regular file in a directory whose DirStamp still holds is taken as is.
bool checksHold(const std::vector<FsCheck> &Checks);

} // namespace afalg

#endif
