#ifndef AFALG_FIXES_SUPPORT_H
#define AFALG_FIXES_SUPPORT_H

#include "model/Finding.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace afalg {

/// The libraries a rewrite can target.
llvm::ArrayRef<llvm::StringRef> fixTargets();
bool isFixTarget(llvm::StringRef Lib);

/// Whether the compat runtime built on Lib implements the kernel algorithm
/// (type may be empty: then any type that fits the name). Mirrors the
/// runtime's own table; tests check both agree for every known name.
bool compatSupports(llvm::StringRef Lib, const Algorithm &A);

/// The algorithm name with implementation suffixes and wrappers dropped:
/// "cbc-aes-aesni" -> "cbc(aes)", "sha256-generic" -> "sha256",
/// "cryptd(gcm(aes))" -> "gcm(aes)" (AFALG.md §2.2 recipe).
std::string canonicalAlgorithmName(llvm::StringRef Name);

} // namespace afalg

#endif
