#include "OpensslEngineCheck.h"

namespace afalg {

void OpensslEngineCheck::onCall(const clang::CallExpr &CE,
                                ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  bool Hit = Name == "ENGINE_load_afalg" ||
             (Name == "ENGINE_by_id" && CE.getNumArgs() == 1 &&
              Ctx.evalString(arg(CE, 0)) == std::string("afalg"));
  if (Hit)
    Ctx.addSite(RuleId::OpensslEngine, SiteKind::Direct, &CE, Name);
}

} // namespace afalg
