#include "CmsgCheck.h"
#include "Constants.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace afalg {

static llvm::StringRef storedField(const BinaryOperator &BO) {
  const auto *ME = dyn_cast<MemberExpr>(BO.getLHS()->IgnoreParenImpCasts());
  if (!ME || !ME->getMemberDecl()->getIdentifier())
    return "";
  return ME->getMemberDecl()->getName();
}

void CmsgCheck::onAssign(const BinaryOperator &BO, ExtractContext &Ctx) {
  llvm::StringRef Field = storedField(BO);
  if (Field == "cmsg_level") {
    if (Ctx.evalInt(BO.getRHS()) != SolAlg)
      return;
    Ctx.addSite(RuleId::Cmsg, SiteKind::Direct, &BO);
    LevelFunctions.push_back(Ctx.CurrentFunction);
    return;
  }
  if (Field != "cmsg_type")
    return;
  std::string Macro = Ctx.macroNameAt(BO.getRHS());
  if (Macro == "ALG_SET_OP" || Macro == "ALG_SET_IV" ||
      Macro == "ALG_SET_AEAD_ASSOCLEN") {
    Ctx.addSite(RuleId::Cmsg, SiteKind::Direct, &BO);
    return;
  }
  auto V = Ctx.evalInt(BO.getRHS());
  if (!llvm::StringRef(Macro).starts_with("SCM_") && V &&
      (*V == AlgSetIv || *V == AlgSetOp || *V == AlgSetAeadAssoclen))
    TypeStores.push_back({BO.getSourceRange(), Ctx.CurrentFunction});
}

void CmsgCheck::finish(ExtractContext &Ctx) {
  const FunctionDecl *Saved = Ctx.CurrentFunction;
  for (const Pending &P : TypeStores) {
    if (!P.Function || !llvm::is_contained(LevelFunctions, P.Function))
      continue;
    Ctx.CurrentFunction = P.Function;
    Ctx.addSiteAt(RuleId::Cmsg, SiteKind::Direct, P.Where);
  }
  Ctx.CurrentFunction = Saved;
}

} // namespace afalg
