#include "ExtractContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace afalg {

SourceLocation ExtractContext::reportLoc(SourceLocation L) const {
  return L.isValid() ? SM.getFileLoc(L) : L;
}

std::string ExtractContext::projectPath(SourceLocation L) const {
  L = reportLoc(L);
  if (L.isInvalid() || SM.isInSystemHeader(L))
    return "";
  FileID FID = SM.getFileID(L);
  auto It = PathCache.find(FID);
  if (It != PathCache.end())
    return It->second;
  std::string Rel;
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
    llvm::StringRef Real = FE->getFileEntry().tryGetRealPathName();
    llvm::SmallString<256> P(Real.empty() ? FE->getName() : Real);
    llvm::sys::fs::make_absolute(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    llvm::StringRef S = P;
    if (S.consume_front(Project.Root) && (S.empty() || S.front() == '/')) {
      S.consume_front("/");
      Rel = llvm::sys::path::convert_to_slash(S);
    }
  }
  PathCache[FID] = Rel;
  return Rel;
}

std::optional<Range> ExtractContext::makeRange(SourceRange R) const {
  SourceLocation B = reportLoc(R.getBegin());
  std::string Path = projectPath(B);
  if (Path.empty())
    return std::nullopt;
  SourceLocation E = B;
  CharSourceRange CR = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isValid() && SM.getFileID(CR.getBegin()) == SM.getFileID(B) &&
      CR.getBegin() == B && CR.getEnd().isValid())
    E = CR.getEnd().getLocWithOffset(-1);
  else
    E = B.getLocWithOffset(
        std::max(1u, Lexer::MeasureTokenLength(B, SM, Ctx.getLangOpts())) - 1);
  Range Out;
  Out.File = Path;
  auto [FID, BOff] = SM.getDecomposedLoc(B);
  unsigned EOff = SM.getFileOffset(E);
  if (EOff < BOff)
    EOff = BOff;
  Out.Line = SM.getLineNumber(FID, BOff);
  Out.Column = SM.getColumnNumber(FID, BOff);
  Out.EndLine = SM.getLineNumber(FID, EOff);
  Out.EndColumn = SM.getColumnNumber(FID, EOff);
  return Out;
}

static std::optional<int64_t> evalIntImpl(const Expr *E, ASTContext &Ctx,
                                          int Depth) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  // Template code has no values yet, and Clang's evaluator asserts on it.
  if (E->isValueDependent() || E->isTypeDependent() ||
      E->isInstantiationDependent() || E->containsErrors())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getExtValue();
  // C has no constant variables; a `const int fam = AF_ALG;` is still a
  // constant to the reader, so follow the initializer of const variables.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType().isConstQualified())
        if (const Expr *Init = VD->getAnyInitializer())
          return evalIntImpl(Init, Ctx, Depth + 1);
  return std::nullopt;
}

std::optional<int64_t> ExtractContext::evalInt(const Expr *E) const {
  return evalIntImpl(E, Ctx, 0);
}

static std::optional<std::string> evalStringImpl(const Expr *E, int Depth) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = E->IgnoreParenCasts();
  if (E->isInstantiationDependent())
    return std::nullopt;
  if (const auto *SL = dyn_cast<StringLiteral>(E)) {
    if (SL->getCharByteWidth() != 1)
      return std::nullopt;
    std::string S = SL->getString().str();
    return S.substr(0, S.find('\0'));
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType().isConstQualified() || VD->getType()->isArrayType() ||
          (VD->getType()->isPointerType() &&
           VD->getType()->getPointeeType().isConstQualified()))
        if (const Expr *Init = VD->getAnyInitializer())
          return evalStringImpl(Init, Depth + 1);
  return std::nullopt;
}

std::optional<std::string> ExtractContext::evalString(const Expr *E) const {
  return evalStringImpl(E, 0);
}

std::string ExtractContext::macroNameAt(const Expr *E) const {
  SourceLocation L = E->IgnoreParenImpCasts()->getBeginLoc();
  if (!L.isMacroID())
    return "";
  // The innermost macro whose expansion starts here names the constant.
  return Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()).str();
}

std::string ExtractContext::usr(const Decl *D) const {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

Key ExtractContext::paramKey(const FunctionDecl *FD, unsigned I) const {
  return "p:" + usr(FD->getCanonicalDecl()) + "#" + std::to_string(I);
}

Key ExtractContext::callKey(const CallExpr *CE) const {
  SourceLocation L = reportLoc(CE->getBeginLoc());
  std::string Path = projectPath(L);
  if (Path.empty())
    Path = SM.getFilename(L).str();
  // Two calls can share a spelling location (one macro expanded twice on a
  // line): the expansion offset tells them apart.
  return "c:" + Path + ":" + std::to_string(SM.getFileOffset(L)) + ":" +
         std::to_string(
             SM.getFileOffset(SM.getExpansionLoc(CE->getBeginLoc())));
}

bool ExtractContext::isProjectFunction(const FunctionDecl *FD) const {
  if (!FD || FD->getBuiltinID() || FD->isImplicit())
    return false;
  for (const FunctionDecl *R : FD->redecls())
    if (SM.isInSystemHeader(R->getLocation()))
      return false;
  return true;
}

Key ExtractContext::returnKey(const FunctionDecl *FD) const {
  return "r:" + usr(FD->getCanonicalDecl());
}

llvm::SmallVector<Key, 2> ExtractContext::keysOf(const Expr *E) {
  llvm::SmallVector<Key, 2> Keys;
  if (!E)
    return Keys;
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      if (const auto *FD = dyn_cast<FunctionDecl>(PVD->getDeclContext()))
        Keys.push_back(paramKey(FD, PVD->getFunctionScopeIndex()));
    } else if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      std::string U = usr(VD);
      if (!U.empty())
        Keys.push_back("v:" + U);
    }
  } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      std::string U = usr(FD);
      if (!U.empty())
        Keys.push_back("f:" + U);
    }
  } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    for (const Key &K : keysOf(ASE->getBase()))
      Keys.push_back(K + "[]");
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref) {
      // *f(handle) where f returns &handle->opfd: the object f points
      // into does not depend on the call.
      if (const auto *Inner = dyn_cast<CallExpr>(strip(UO->getSubExpr())))
        if (const FunctionDecl *FD = Inner->getDirectCallee();
            FD && isProjectFunction(FD) && !CallResults.count(Inner)) {
          Keys.push_back("*" + returnKey(FD));
          return Keys;
        }
      for (const Key &K : keysOf(UO->getSubExpr()))
        Keys.push_back(K.front() == '&' ? K.substr(1) : "*" + K);
    } else if (UO->getOpcode() == UO_AddrOf) {
      for (const Key &K : keysOf(UO->getSubExpr()))
        Keys.push_back("&" + K);
    }
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isAssignmentOp())
      return keysOf(BO->getLHS());
    if (BO->getOpcode() == BO_Comma)
      return keysOf(BO->getRHS());
  } else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    Keys = keysOf(CO->getTrueExpr());
    Keys.append(keysOf(CO->getFalseExpr()));
  } else if (const auto *SE = dyn_cast<StmtExpr>(E)) {
    // ({ long r; do r = f(); while (...); r; }) is worth its last value.
    if (const CompoundStmt *CS = SE->getSubStmt(); CS && !CS->body_empty())
      if (const auto *Last = dyn_cast<Expr>(CS->body_back()))
        return keysOf(Last);
  } else if (const auto *CCE = dyn_cast<CXXConstructExpr>(E)) {
    // An fd wrapper built from an fd (ScopedFD op(accept(...))), or a
    // copy/move of another wrapper, holds the same socket.
    if (CCE->getNumArgs() >= 1)
      return keysOf(CCE->getArg(0));
  } else if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    // fd.get(), sock.native_handle(): the fd the wrapper object holds.
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    if (MD && MD->getIdentifier() && MCE->getNumArgs() == 0) {
      llvm::StringRef N = MD->getName();
      if (N == "get" || N == "fd" || N == "get_fd" || N == "native_handle" ||
          N == "handle" || N == "release" || N == "value")
        return keysOf(MCE->getImplicitObjectArgument());
    }
    if (const CXXMethodDecl *M = MCE->getMethodDecl();
        M && isProjectFunction(M))
      Keys.push_back(callKey(MCE));
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    auto It = CallResults.find(CE);
    if (It != CallResults.end()) {
      Keys.push_back(It->second);
    } else if (const FunctionDecl *FD = CE->getDirectCallee()) {
      llvm::StringRef N = calleeName(CE);
      // dup() and friends return another name for the same socket;
      // std::move/std::forward pass their argument through.
      if ((N == "dup" || N == "dup2" || N == "dup3" || N == "fcntl") &&
          CE->getNumArgs() >= 1)
        return keysOf(CE->getArg(0));
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          (FD->getName() == "move" || FD->getName() == "forward") &&
          CE->getNumArgs() == 1)
        return keysOf(CE->getArg(0));
      if (isProjectFunction(FD))
        Keys.push_back(callKey(CE));
    }
  }
  return Keys;
}

std::string ExtractContext::functionName() const {
  if (!CurrentFunction)
    return "";
  return CurrentFunction->getQualifiedNameAsString();
}

Site *ExtractContext::addSite(RuleId Rule, SiteKind Kind, const Expr *E,
                              llvm::StringRef Callee) {
  Site *S = addSiteAt(Rule, Kind, E->getSourceRange(), Callee);
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!S || !CE || !CE->getCallee())
    return S;
  // Where a rewrite renames the call: the callee's name token. A name
  // spelled in a macro body cannot be edited at the call.
  // Follow macro arguments back to where they were written: in
  // OSERROR(ALG_SETKEY(fd, k)) the name comes through OSERROR's argument
  // but is spelled in ALG_SETKEY's body.
  SourceLocation Name = CE->getCallee()->IgnoreParenImpCasts()->getExprLoc();
  while (Name.isMacroID() && SM.isMacroArgExpansion(Name))
    Name = SM.getImmediateSpellingLoc(Name);
  S->CalleeInMacro = Name.isMacroID();
  if (!S->CalleeInMacro)
    if (auto R = makeRange(SourceRange(Name, Name)))
      S->CalleeLoc = *R;
  return S;
}

Site *ExtractContext::addSiteAt(RuleId Rule, SiteKind Kind, SourceRange R,
                                llvm::StringRef Callee,
                                llvm::StringRef IdSuffix) {
  std::optional<Range> Loc = makeRange(R);
  if (!Loc)
    return nullptr;
  SourceLocation B = reportLoc(R.getBegin());
  std::string Id = Loc->File + ":" + std::to_string(SM.getFileOffset(B)) + ":" +
                   ruleName(Rule).str() + IdSuffix.str();
  // The same call seen twice (inside decltype() of a HANDLE_EINTR-style
  // macro, then evaluated) is one site; both expressions must map to it.
  for (Site &S : Out.Sites)
    if (S.Id == Id)
      return &S;
  Site S;
  S.Id = Id;
  S.Rule = Rule;
  S.Kind = Kind;
  S.Loc = *Loc;
  S.Function = functionName();
  if (CurrentFunction)
    S.FunctionKey = returnKey(CurrentFunction);
  S.Callee = Callee.str();
  Out.Sites.push_back(std::move(S));
  return &Out.Sites.back();
}

Site *ExtractContext::addFdSite(RuleId Rule, SiteKind Kind, const CallExpr &CE,
                                const Expr *Fd, llvm::StringRef Callee) {
  Site *S = addSite(Rule, Kind, &CE, Callee);
  if (!S)
    return nullptr;
  S->FdKey = "u:" + S->Id;
  Key FdKey = S->FdKey;
  addFlow(Fd, FdKey);
  return S;
}

void ExtractContext::addEdge(const Key &From, const Key &To) {
  if (From.empty() || To.empty() || From == To)
    return;
  // Taking an address aliases: p = &x makes *p and x the same storage.
  if (From.front() == '&') {
    Key Target = From.substr(1);
    Out.Edges.push_back({Target, "*" + To});
    Out.Edges.push_back({"*" + To, Target});
    return;
  }
  Out.Edges.push_back({From, To});
}

void ExtractContext::addFlow(const Expr *From, const Key &To) {
  for (const Key &K : keysOf(From))
    addEdge(K, To);
}

const Expr *strip(const Expr *E) {
  while (E) {
    // C++ temporaries (MaterializeTemporaryExpr, CXXBindTemporaryExpr,
    // ExprWithCleanups) wrap values the same way casts do.
    const Expr *Prev = nullptr;
    while (E != Prev) {
      Prev = E;
      E = E->IgnoreParenCasts()->IgnoreImplicit();
    }
    const auto *CL = dyn_cast<CompoundLiteralExpr>(E);
    if (!CL || !CL->getType()->isUnionType())
      return E;
    const auto *ILE = dyn_cast_or_null<InitListExpr>(CL->getInitializer());
    if (!ILE || ILE->getNumInits() != 1)
      return E;
    E = ILE->getInit(0);
  }
  return E;
}

/// In a template, send(fd, data.data(), n) with a dependent argument is
/// not resolved until instantiation; the names lookup found are known.
static const FunctionDecl *dependentCallee(const CallExpr *CE) {
  const auto *ULE =
      dyn_cast_or_null<UnresolvedLookupExpr>(CE->getCallee()->IgnoreParens());
  // ::send(...) is as good as send(...); ns::send(...) is someone else's.
  if (!ULE || ULE->getNumDecls() == 0 ||
      (ULE->getQualifier() &&
       ULE->getQualifier()->getKind() != NestedNameSpecifier::Global))
    return nullptr;
  const FunctionDecl *Found = nullptr;
  for (const NamedDecl *D : ULE->decls()) {
    const auto *FD = dyn_cast<FunctionDecl>(D->getUnderlyingDecl());
    if (!FD)
      return nullptr; // a template or a using-declaration of another kind
    Found = FD;
  }
  return Found;
}

llvm::StringRef calleeName(const CallExpr *CE) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD && CE->getCallee())
    FD = dependentCallee(CE);
  if (!FD || isa<CXXMethodDecl>(FD) || !FD->getIdentifier())
    return "";
  // A project's own mylib::socket() is not the libc call.
  if (!FD->isExternC() &&
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return "";
  return FD->getName();
}

} // namespace afalg
