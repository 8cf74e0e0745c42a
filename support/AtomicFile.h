#ifndef AFALG_SUPPORT_ATOMICFILE_H
#define AFALG_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include <optional>

namespace afalg {

/// Replaces (or creates) Path with Data through a temporary file in the
/// same directory and a rename: atomic on POSIX, so a concurrent reader
/// sees the old content or the new, never half of either, and a failure
/// leaves the old file as it was. Mode: the new file's permissions (a
/// rewritten source keeps its own); else the temporary file's.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Data,
                                std::optional<llvm::sys::fs::perms> Mode = {});

} // namespace afalg

#endif
