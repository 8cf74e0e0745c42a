#ifndef AFALG_SUPPORT_CLANGRUN_H
#define AFALG_SUPPORT_CLANGRUN_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/FrontendAction.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace afalg {

enum class ClangRun {
  Ok,      ///< the action ran on a TU that parsed
  Failed,  ///< the driver or the frontend reported failure (errors, ...)
  Crashed, ///< the compiler crashed; Clang's crash recovery caught it
};

/// Runs Act over one compile command (Args[0] is the compiler) as the
/// driver would, from Directory (the command's working directory, on a
/// file system of its own: the process's stays where it is), reporting
/// to Diags, inside a CrashRecoveryContext. The scan's extractor and the
/// native-rewrite planner both parse through here.
ClangRun runClangAction(const std::vector<std::string> &Args,
                        llvm::StringRef Directory,
                        std::unique_ptr<clang::FrontendAction> Act,
                        clang::DiagnosticConsumer &Diags);

} // namespace afalg

#endif
