#ifndef AFALG_MATCHERS_TOKENSCAN_H
#define AFALG_MATCHERS_TOKENSCAN_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace afalg {

/// A construct found by looking at tokens only.
struct TokenHit {
  RuleId Rule;
  unsigned Offset;    ///< of the first token, in the scanned buffer
  unsigned EndOffset; ///< one past the last character of the first token
  Algorithm Alg;
  std::string Callee; ///< the called name, for calls
};

/// Token-level scan for code the compiler never parsed: inactive #if
/// branches, and files whose parse failed. Strong shapes count
/// (socket(AF_ALG, ...), setsockopt(.., SOL_ALG, ..), cmsg stores, bind of a
/// sockaddr_alg, sockaddr_alg fills, kcapi_* calls, the afalg engine), and
/// accept/I-O/zero-copy calls on names assigned from socket(AF_ALG, ...) or
/// from accept() on such a name in the scanned code. Preprocessor directive
/// lines (macro definitions) are skipped.
/// Buffer is the whole file; [Begin, End) the part to scan.
/// Skip lists [begin, end) offsets not to look at (inactive code when the
/// active code of a damaged file is scanned).
std::vector<TokenHit>
scanTokens(llvm::StringRef Buffer, unsigned Begin, unsigned End, bool CPlusPlus,
           const std::vector<std::pair<unsigned, unsigned>> &Skip = {});

} // namespace afalg

#endif
