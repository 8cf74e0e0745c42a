#ifndef AFALG_MATCHERS_CONSTANTS_H
#define AFALG_MATCHERS_CONSTANTS_H

#include "llvm/ADT/StringRef.h"

namespace afalg {

// Values from the kernel ABI (AFALG.md §1.1); projects often redefine the
// macros, so checks compare values, not spellings.
inline constexpr int64_t AfAlg = 38;
inline constexpr int64_t SolAlg = 279;
inline constexpr int64_t AlgSetIv = 2;
inline constexpr int64_t AlgSetOp = 3;
inline constexpr int64_t AlgSetAeadAssoclen = 4;
/// __NR_socket on x86-64, the target audit mode parses for.
inline constexpr int64_t NrSocketX8664 = 41;

inline bool isSalgField(llvm::StringRef Name) {
  return Name.starts_with("salg_");
}

inline bool isSockaddrAlgRecord(llvm::StringRef Name) {
  return Name == "sockaddr_alg" || Name == "sockaddr_alg_new";
}

} // namespace afalg

#endif
