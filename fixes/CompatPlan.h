#ifndef AFALG_FIXES_COMPATPLAN_H
#define AFALG_FIXES_COMPATPLAN_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"

namespace afalg {

/// The compat strategy (DESIGN §5): every call on an AF_ALG socket is
/// renamed to its afalg_compat_* twin, which keeps the protocol and is
/// backed by Lib. Sets Fix on every finding: fixable with its edits, or
/// not fixable with the reason. A session is rewritten whole or not at all,
/// since an unrewritten call on a compat handle would fail.
void planCompatFixes(ScanResult &R, llvm::StringRef Lib);

/// The runtime function a libc call becomes ("" when none).
std::string compatName(llvm::StringRef Callee);

} // namespace afalg

#endif
