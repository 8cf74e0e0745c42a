#include "AcceptCheck.h"

namespace afalg {

void AcceptCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  if ((Name != "accept" && Name != "accept4") || CE.getNumArgs() < 1)
    return;
  if (Site *S = Ctx.addFdSite(RuleId::Accept, SiteKind::Accept, CE, arg(CE, 0),
                              Name)) {
    S->ResultKey = "s:" + S->Id;
    Ctx.bindCallResult(&CE, S->ResultKey);
  }
}

} // namespace afalg
