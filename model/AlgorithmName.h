#ifndef AFALG_MODEL_ALGORITHMNAME_H
#define AFALG_MODEL_ALGORITHMNAME_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace afalg {

/// The AF_ALG socket type a kernel algorithm name belongs to ("hash",
/// "skcipher", "aead", "rng"), from its outermost template or base name
/// (AFALG.md §2.3), or "" when the name is not recognised.
std::string socketTypeOf(llvm::StringRef Name);

} // namespace afalg

#endif
