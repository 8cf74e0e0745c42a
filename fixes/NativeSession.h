#ifndef AFALG_FIXES_NATIVESESSION_H
#define AFALG_FIXES_NATIVESESSION_H

#include "NativeLibrary.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace afalg {

/// A byte edit of the main file: [Begin, End) becomes Text.
struct NativeEdit {
  unsigned Begin = 0, End = 0;
  std::string Text;
};

/// The native rewrite of the one AF_ALG session in a function, or why the
/// function does not have the shape it needs (then Edits is empty). The
/// shape: one socket(AF_ALG) whose transform fd, the accepted operation fd
/// and the sockaddr_alg are local variables of the function, used only by
/// the hash protocol's calls and by validity tests (fd < 0), so changing
/// their types cannot change anything else.
struct NativeSessionPlan {
  std::string Reason;
  std::vector<NativeEdit> Edits;
  unsigned PreludeOffset = 0; ///< start of the first top-level definition
};

NativeSessionPlan planNativeSession(clang::ASTContext &Ctx,
                                    const clang::FunctionDecl &F,
                                    const NativeLibrary &Lib, bool Hmac);

} // namespace afalg

#endif
