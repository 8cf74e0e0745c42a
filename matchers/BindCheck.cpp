#include "BindCheck.h"
#include "ObjectKey.h"

namespace afalg {

void BindCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  if (calleeName(&CE) != "bind" || CE.getNumArgs() < 2)
    return;
  const clang::Expr *Addr = arg(CE, 1);
  bool IsAlg = isSockaddrAlg(recordOf(Addr->getType()));
  SiteKind Kind = IsAlg ? SiteKind::Direct : SiteKind::FdUse;
  if (Site *S = Ctx.addFdSite(RuleId::Bind, Kind, CE, arg(CE, 0), "bind"))
    S->AddrKey = objectKeyOfPointer(Addr, Ctx);
}

} // namespace afalg
