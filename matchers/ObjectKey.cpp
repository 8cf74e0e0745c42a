#include "ObjectKey.h"
#include "Constants.h"

using namespace clang;

namespace afalg {

static Key normalize(Key K) {
  // "*&x" is x.
  while (K.size() > 2 && K[0] == '*' && K[1] == '&')
    K = K.substr(2);
  return K;
}

Key objectKeyOfPointer(const Expr *E, ExtractContext &Ctx) {
  if (!E)
    return "";
  E = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      return objectKeyOfLvalue(UO->getSubExpr(), Ctx);
  if (E->getType()->isArrayType())
    return objectKeyOfLvalue(E, Ctx);
  auto Keys = Ctx.keysOf(E);
  return Keys.empty() ? "" : normalize("*" + Keys.front());
}

Key objectKeyOfLvalue(const Expr *E, ExtractContext &Ctx) {
  if (!E)
    return "";
  E = strip(E);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->isArrow() ? objectKeyOfPointer(ME->getBase(), Ctx)
                         : objectKeyOfLvalue(ME->getBase(), Ctx);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      return objectKeyOfPointer(UO->getSubExpr(), Ctx);
  auto Keys = Ctx.keysOf(E);
  return Keys.empty() ? "" : normalize(Keys.front());
}

const VarDecl *rootVar(const Expr *E) {
  while (E) {
    E = strip(E);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_AddrOf)
        return nullptr;
      E = UO->getSubExpr();
    } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      E = ASE->getBase();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

const RecordDecl *recordOf(QualType T) {
  for (int I = 0; I < 4 && !T.isNull(); ++I) {
    if (T->isPointerType())
      T = T->getPointeeType();
    else if (T->isArrayType())
      T = QualType(T->getPointeeOrArrayElementType(), 0);
    else
      break;
  }
  return T.isNull() ? nullptr : T->getAsRecordDecl();
}

bool isSockaddrAlg(const RecordDecl *RD) {
  return RD && RD->getIdentifier() && isSockaddrAlgRecord(RD->getName());
}

bool isUnionWithSockaddrAlg(const RecordDecl *RD) {
  if (!RD || !RD->isUnion())
    return false;
  if (const RecordDecl *Def = RD->getDefinition())
    for (const FieldDecl *FD : Def->fields())
      if (isSockaddrAlg(recordOf(FD->getType())))
        return true;
  return false;
}

} // namespace afalg
