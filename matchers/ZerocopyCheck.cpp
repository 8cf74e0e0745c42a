#include "ZerocopyCheck.h"

namespace afalg {

/// The storage a pipe end lives in; both ends of `int p[2]` share "p[]", so
/// a vmsplice into p[1] and a splice out of p[0] meet on one key.
static Key pipeKey(const clang::Expr *E, ExtractContext &Ctx) {
  auto Keys = Ctx.keysOf(E);
  return Keys.empty() ? Key() : Keys.front();
}

void ZerocopyCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  if (Name == "splice" && CE.getNumArgs() >= 3) {
    if (Site *S = Ctx.addFdSite(RuleId::Zerocopy, SiteKind::FdUse, CE,
                                arg(CE, 2), Name))
      S->InKey = pipeKey(arg(CE, 0), Ctx);
  } else if ((Name == "sendfile" || Name == "sendfile64") &&
             CE.getNumArgs() >= 1) {
    Ctx.addFdSite(RuleId::Zerocopy, SiteKind::FdUse, CE, arg(CE, 0), Name);
  } else if (Name == "tee" && CE.getNumArgs() >= 2) {
    // tee() only writes into pipes; it counts when its output is AF_ALG.
    Ctx.addFdSite(RuleId::Zerocopy, SiteKind::FdUse, CE, arg(CE, 1), Name);
  } else if (Name == "vmsplice" && CE.getNumArgs() >= 1) {
    if (Site *S = Ctx.addFdSite(RuleId::Zerocopy, SiteKind::PipeFeed, CE,
                                arg(CE, 0), Name))
      S->InKey = pipeKey(arg(CE, 0), Ctx);
  }
}

} // namespace afalg
