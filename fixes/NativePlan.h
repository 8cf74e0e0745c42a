#ifndef AFALG_FIXES_NATIVEPLAN_H
#define AFALG_FIXES_NATIVEPLAN_H

#include "matchers/Extractor.h"
#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace afalg {

/// --fix-strategy: native where a session has the shape for it (else the
/// compat rewrite, "auto"), only native, or only compat.
enum class FixStrategy { Auto, Native, Compat };

/// Runs after planCompatFixes(): re-parses the files of sessions confined
/// to one function with one constant hash/HMAC algorithm and replaces their
/// compat edits with direct calls into Lib (DESIGN §5, strategy 2). With
/// Auto a session without that shape keeps its compat fix and the reason
/// native was not possible; with Native it is not fixable. Sources are the
/// scan's commands, which the re-parse reuses; Root is the project root.
void planNativeFixes(ScanResult &R, const std::vector<ExtractRequest> &Sources,
                     const std::string &Root, llvm::StringRef Lib,
                     FixStrategy Strategy);

} // namespace afalg

#endif
