#include "CompatCheck.h"
#include "ObjectKey.h"

namespace afalg {

void CompatCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  if (!Name.starts_with("afalg_compat_"))
    return;
  if (Site *S = Ctx.addSite(RuleId::Io, SiteKind::Compat, &CE, Name))
    if (Name == "afalg_compat_bind" && CE.getNumArgs() >= 2)
      S->AddrKey = objectKeyOfPointer(arg(CE, 1), Ctx);
}

} // namespace afalg
