#include "SockaddrCheck.h"
#include "Constants.h"
#include "ObjectKey.h"

using namespace clang;

namespace afalg {

/// The salg_* member E writes to (`sa.salg_name`, `&sa->salg_type[0]`).
static const MemberExpr *salgMember(const Expr *E) {
  if (!E)
    return nullptr;
  E = strip(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      E = strip(UO->getSubExpr());
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    E = ASE->getBase()->IgnoreParenCasts();
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME)
    return nullptr;
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD || !FD->getIdentifier() || !isSalgField(FD->getName()) ||
      !isSockaddrAlg(FD->getParent()))
    return nullptr;
  return ME;
}

static bool isCopyLike(llvm::StringRef N) {
  return N.contains("cpy") || N.contains("sprintf") || N.contains("snprintf") ||
         N == "memmove" || N.contains("strlcat") || N == "strcat";
}

/// Calls that read or clear an object without letting it reach a bind().
static bool isInspection(llvm::StringRef N) {
  std::string L = N.lower();
  llvm::StringRef S = L;
  return S == "memset" || S == "bzero" || S == "explicit_bzero" ||
         S == "memcmp" || S == "strcmp" || S == "strncmp" || S == "strlen" ||
         S == "strnlen" || S.contains("print") || S.contains("log") ||
         S.contains("dump") || S.contains("puts") || S.contains("trace") ||
         S.contains("debug") || S.contains("format");
}

/// The string a copy call writes, when constant: strcpy's source, or a
/// printf-style format whose %s arguments are constants.
static std::optional<std::string> copiedValue(const CallExpr &CE,
                                              llvm::StringRef Callee,
                                              ExtractContext &Ctx,
                                              const Expr *&Source) {
  Source = nullptr;
  if (!Callee.contains("printf")) {
    Source = arg(CE, 1);
    return Ctx.evalString(Source);
  }
  unsigned FmtIdx = Callee.contains("snprintf") ? 2 : 1;
  auto Fmt = Ctx.evalString(arg(CE, FmtIdx));
  if (!Fmt)
    return std::nullopt;
  if (*Fmt == "%s")
    Source = arg(CE, FmtIdx + 1);
  std::string Out;
  unsigned Next = FmtIdx + 1;
  for (size_t I = 0; I < Fmt->size(); ++I) {
    char C = (*Fmt)[I];
    if (C != '%') {
      Out += C;
      continue;
    }
    char D = I + 1 < Fmt->size() ? (*Fmt)[++I] : '\0';
    if (D == '%') {
      Out += '%';
    } else if (D == 's') {
      auto S = Ctx.evalString(arg(CE, Next++));
      if (!S)
        return std::nullopt;
      Out += *S;
    } else {
      return std::nullopt;
    }
  }
  return Out;
}

static const VarDecl *localRoot(const VarDecl *V) {
  return V && V->hasLocalStorage() && !isa<ParmVarDecl>(V) ? V : nullptr;
}

SockaddrCheck::Object &SockaddrCheck::object(const Key &K, SourceRange Where,
                                             const VarDecl *Root,
                                             ExtractContext &Ctx) {
  std::string Id = K.empty() ? "@" + std::to_string(Objects.size()) : K;
  auto [It, New] = Index.try_emplace(Id, Objects.size());
  if (New) {
    Object O;
    O.Where = Where;
    O.Function = Ctx.CurrentFunction;
    O.Local = localRoot(Root);
    Objects.push_back(O);
    Order.push_back(K);
  }
  return Objects[It->second];
}

void SockaddrCheck::storeInto(const MemberExpr &Field, const Key &Obj,
                              const VarDecl *Root, SourceRange Where,
                              const Expr *Value, ExtractContext &Ctx) {
  Object &O = object(Obj, Where, Root, Ctx);
  llvm::StringRef Name = Field.getMemberDecl()->getName();
  if (Name != "salg_type" && Name != "salg_name")
    return;
  std::string &Str = Name == "salg_type" ? O.Type : O.Name;
  std::vector<Key> &Keys = Name == "salg_type" ? O.TypeKeys : O.NameKeys;
  if (!Value)
    return;
  if (auto S = Ctx.evalString(Value))
    Str = *S;
  else
    for (const Key &K : Ctx.keysOf(Value))
      Keys.push_back(K);
}

static Key objectOf(const MemberExpr &ME, ExtractContext &Ctx) {
  return ME.isArrow() ? objectKeyOfPointer(ME.getBase(), Ctx)
                      : objectKeyOfLvalue(ME.getBase(), Ctx);
}

void SockaddrCheck::noteEscape(const Expr *E) {
  if (const VarDecl *V = localRoot(rootVar(E)))
    Escaped.insert(V);
}

/// Fills O from an initializer; returns whether anything non-zero is set.
static bool fillFromInit(const Expr *Init, const RecordDecl *RD,
                         std::string &Type, std::string &Name,
                         ExtractContext &Ctx) {
  const auto *ILE = dyn_cast_or_null<InitListExpr>(Init->IgnoreImplicit());
  if (!ILE || !RD || !(RD = RD->getDefinition()))
    return false;
  if (ILE->isSyntacticForm() && ILE->getSemanticForm())
    ILE = ILE->getSemanticForm();
  bool Filled = false;
  unsigned I = 0;
  for (const FieldDecl *FD : RD->fields()) {
    if (RD->isUnion() && ILE->getInitializedFieldInUnion() != FD)
      continue;
    unsigned Idx = RD->isUnion() ? 0 : I++;
    if (Idx >= ILE->getNumInits())
      break;
    const Expr *E = ILE->getInit(Idx);
    if (!E || isa<ImplicitValueInitExpr>(E))
      continue;
    if (const RecordDecl *Sub = recordOf(FD->getType());
        Sub && !FD->getType()->isPointerType()) {
      Filled |= fillFromInit(E, Sub, Type, Name, Ctx);
      continue;
    }
    auto V = Ctx.evalInt(E);
    auto S = Ctx.evalString(E);
    if ((V && *V == 0) || (S && S->empty()))
      continue;
    Filled = true;
    if (FD->getName() == "salg_type" && S)
      Type = *S;
    if (FD->getName() == "salg_name" && S)
      Name = *S;
  }
  return Filled;
}

void SockaddrCheck::onVarDecl(const VarDecl &VD, ExtractContext &Ctx) {
  const Expr *Init = VD.getInit();
  if (!Init)
    return;
  QualType T = VD.getType();
  const RecordDecl *RD = recordOf(T);
  if (T->isPointerType() || !(isSockaddrAlg(RD) || RD)) {
    noteEscape(Init);
    return;
  }
  std::string Type, Name;
  if (!fillFromInit(Init, RD, Type, Name, Ctx)) {
    noteEscape(Init);
    return;
  }
  // Only objects that hold a sockaddr_alg somewhere are of interest.
  if (!isSockaddrAlg(RD) && Type.empty() && Name.empty() &&
      !isUnionWithSockaddrAlg(RD))
    return;
  std::string U = Ctx.usr(&VD);
  Object &O = object(U.empty() ? "" : "v:" + U, VD.getSourceRange(), &VD, Ctx);
  O.Type = Type;
  O.Name = Name;
}

void SockaddrCheck::onAssign(const BinaryOperator &BO, ExtractContext &Ctx) {
  noteEscape(BO.getRHS());
  const Expr *LHS = BO.getLHS()->IgnoreParenImpCasts();
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(LHS))
    LHS = ASE->getBase();
  if (const MemberExpr *ME = salgMember(LHS))
    storeInto(*ME, objectOf(*ME, Ctx),
              ME->isArrow() ? nullptr : rootVar(ME->getBase()),
              BO.getSourceRange(), nullptr, Ctx);
}

void SockaddrCheck::onCall(const CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Callee = calleeName(&CE);
  bool Copy = isCopyLike(Callee);
  for (unsigned I = 0; I < CE.getNumArgs(); ++I)
    if (!isInspection(Callee) && !(Copy && I == 0))
      noteEscape(CE.getArg(I));
  if (!Copy)
    return;
  const MemberExpr *ME = salgMember(arg(CE, 0));
  if (!ME)
    return;
  const Expr *Source = nullptr;
  auto Value = copiedValue(CE, Callee, Ctx, Source);
  Object &O = object(objectOf(*ME, Ctx), CE.getSourceRange(),
                     ME->isArrow() ? nullptr : rootVar(ME->getBase()), Ctx);
  llvm::StringRef Field = ME->getMemberDecl()->getName();
  if (Field != "salg_type" && Field != "salg_name")
    return;
  bool IsType = Field == "salg_type";
  if (Value)
    (IsType ? O.Type : O.Name) = *Value;
  else if (Source)
    for (const Key &K : Ctx.keysOf(Source))
      (IsType ? O.TypeKeys : O.NameKeys).push_back(K);
}

void SockaddrCheck::finish(ExtractContext &Ctx) {
  const FunctionDecl *Saved = Ctx.CurrentFunction;
  for (size_t I = 0; I < Objects.size(); ++I) {
    const Object &O = Objects[I];
    if (O.Local && !Escaped.contains(O.Local))
      continue;
    Ctx.CurrentFunction = O.Function;
    Site *S = Ctx.addSiteAt(RuleId::Sockaddr, SiteKind::Direct, O.Where);
    if (!S)
      continue;
    S->AddrKey = Order[I];
    S->Alg = {O.Type, O.Name};
    S->AlgTypeKeys = O.TypeKeys;
    S->AlgNameKeys = O.NameKeys;
  }
  Ctx.CurrentFunction = Saved;
}

} // namespace afalg
