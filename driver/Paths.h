#ifndef AFALG_DRIVER_PATHS_H
#define AFALG_DRIVER_PATHS_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace afalg {

/// P made absolute (against Dir when relative and Dir is given, else the
/// working directory), dots removed, symlinks resolved when it exists: a
/// symlink counts where it points.
std::string realAbsolute(llvm::StringRef P, llvm::StringRef Dir = "");

/// Whether Child is Dir or below it, by path components.
bool isInside(llvm::StringRef Child, llvm::StringRef Dir);

} // namespace afalg

#endif
