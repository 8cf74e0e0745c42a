#include "NativePlanner.h"
#include "clang/Lex/Lexer.h"

namespace afalg {
namespace native {

bool Planner::isSockaddrAlg(const VarDecl *V) {
  const auto *RT = V->getType()->getAs<RecordType>();
  return RT && RT->getDecl()->getName() == "sockaddr_alg";
}

bool Planner::planSockaddr(const Collector &C) {
  if (!Bind)
    return fail("no bind() on the transform socket", F.getLocation());
  if (!isSockaddrAlg(Sa))
    return fail("bind() takes '" + Sa->getNameAsString() +
                    "', not a struct sockaddr_alg",
                Bind->getBeginLoc());
  auto BindRange = offsets(Bind->getSourceRange());
  for (const DeclRefExpr *D : C.Refs) {
    if (D->getDecl() != Sa)
      continue;
    unsigned At = SM.getFileOffset(SM.getExpansionLoc(D->getLocation()));
    if (BindRange && At >= BindRange->first && At < BindRange->second)
      continue;
    if (!planFill(D))
      return false;
  }
  const auto *DS = parent(DynTypedNode::create(*Sa)).get<DeclStmt>();
  if (!DS || !DS->isSingleDecl())
    return fail("the sockaddr_alg is declared with other variables",
                Sa->getLocation());
  return deleteStmt(DS);
}

bool Planner::refersTo(const Stmt *S) {
  if (const auto *D = dyn_cast<DeclRefExpr>(S))
    return D->getDecl() == Sa;
  if (isa<UnaryExprOrTypeTraitExpr>(S))
    return false;
  for (const Stmt *Child : S->children())
    if (Child && refersTo(Child))
      return true;
  return false;
}

bool Planner::planFill(const DeclRefExpr *D) {
  const Stmt *S = D;
  for (;;) {
    DynTypedNode P = parent(S);
    if (P.get<CompoundStmt>())
      break;
    S = P.get<Stmt>();
    if (!S)
      return fail("the sockaddr_alg is used outside bind()", D->getLocation());
  }
  const auto *E = dyn_cast<Expr>(S);
  E = E ? E->IgnoreParenCasts() : nullptr;
  auto within = [&](const Expr *Part) {
    auto R = offsets(Part->getSourceRange());
    unsigned At = SM.getFileOffset(SM.getExpansionLoc(D->getLocation()));
    return R && At >= R->first && At < R->second;
  };
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    std::string Name = calleeName(Call);
    bool Filler = Name == "memset" || Name == "strcpy" || Name == "strncpy" ||
                  Name == "memcpy" || Name == "snprintf" || Name == "strlcpy";
    // The destination is the sockaddr; it may appear elsewhere only as
    // sizeof(sa), never as a source.
    bool Source = false;
    for (unsigned I = 1; I < Call->getNumArgs(); ++I)
      Source |= refersTo(Call->getArg(I));
    if (Filler && Call->getNumArgs() > 1 && refersTo(Call->getArg(0)) &&
        !Source)
      return deleteStmt(S);
  }
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Assign && within(BO->getLHS()) &&
        isa<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      return deleteStmt(S);
  return fail("the sockaddr_alg is used outside bind()", D->getLocation());
}

bool Planner::planDecl(const VarDecl *V, const std::string &Type) {
  const auto *DS = parent(DynTypedNode::create(*V)).get<DeclStmt>();
  if (!DS)
    return fail("'" + V->getNameAsString() + "' is not declared in a block",
                V->getLocation());
  StringRef Buf = SM.getBufferData(SM.getMainFileID());
  auto Whole = offsets(DS->getSourceRange());
  if (!Whole || DS->getBeginLoc().isMacroID())
    return fail("a declaration is written through a macro", V->getLocation());
  unsigned NameAt = SM.getFileOffset(SM.getExpansionLoc(V->getLocation()));
  unsigned End = withSemicolon(Whole->second);
  if (DS->isSingleDecl()) {
    if (Buf.slice(Whole->first, NameAt).trim() != "int")
      return fail("'" + V->getNameAsString() + "' is not declared as 'int'",
                  V->getLocation());
    Out.Edits.push_back({Whole->first, NameAt, Type});
    return planInit(V);
  }
  // Several declarators: the others keep their line, ours move to new
  // ones, initialised as the kernel fds were (or to NULL).
  std::string Keep, Moved;
  size_t LineStart = Buf.rfind('\n', Whole->first);
  LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
  std::string Indent = Buf.slice(LineStart, Whole->first).str();
  if (!StringRef(Indent).trim().empty())
    Indent.clear();
  for (const Decl *X : DS->decls()) {
    const auto *XV = dyn_cast<VarDecl>(X);
    if (!XV || !XV->getType()->isSpecificBuiltinType(BuiltinType::Int))
      return fail("'" + V->getNameAsString() +
                      "' is declared with variables of other types",
                  V->getLocation());
    std::string Init;
    if (XV->getInit()) {
      auto T = text(XV->getInit());
      if (!T)
        return fail("an initialiser is written through a macro",
                    XV->getLocation());
      Init = *T;
    }
    if (XV == Tfm || XV == Op) {
      if (XV->getInit() && intValue(XV->getInit()) != -1)
        return fail("'" + XV->getNameAsString() +
                        "' is initialised in a declaration with others",
                    XV->getLocation());
      std::string T = XV == Tfm ? Lib.tfmType() : Lib.opType();
      Moved += (Moved.empty() && Keep.empty() ? "" : "\n" + Indent) + T +
               XV->getNameAsString() + " = NULL;";
      continue;
    }
    Keep += (Keep.empty() ? "int " : ", ") + XV->getNameAsString() +
            (Init.empty() ? "" : " = " + Init);
  }
  if (Buf.slice(Whole->first, End).count('\n') ||
      !Buf.slice(Whole->first, End).starts_with("int"))
    return fail("a declaration of '" + V->getNameAsString() +
                    "' is not a plain 'int a, b;' line",
                V->getLocation());
  if (V == Op && DS == parent(DynTypedNode::create(*Tfm)).get<DeclStmt>())
    return true; // done with Tfm
  std::string New = Keep.empty() ? Moved : Keep + ";" + Moved;
  Out.Edits.push_back({Whole->first, End, New});
  return true;
}

bool Planner::planInit(const VarDecl *V) {
  const Expr *I = V->getInit();
  if (!I)
    return true;
  const Expr *B = I->IgnoreParenImpCasts();
  if (B == Socket || B == Accept)
    return true;
  if (intValue(I) == -1)
    return edit(I->getSourceRange(), "NULL", V->getLocation());
  return fail("'" + V->getNameAsString() +
                  "' starts with a value other "
                  "than -1",
              V->getLocation());
}

unsigned Planner::preludeOffset() {
  StringRef Buf = SM.getBufferData(SM.getMainFileID());
  unsigned FnAt = SM.getFileOffset(SM.getExpansionLoc(F.getBeginLoc()));
  size_t FnLine = Buf.rfind('\n', FnAt);
  unsigned Best = FnLine == StringRef::npos ? 0 : FnLine + 1;
  int Depth = 0;
  for (size_t Pos = 0; Pos < FnAt;) {
    size_t End = Buf.find('\n', Pos);
    End = End == StringRef::npos ? Buf.size() : End;
    StringRef Line = Buf.slice(Pos, End).ltrim();
    if (Line.consume_front("#")) {
      Line = Line.ltrim();
      if (Line.starts_with("if"))
        ++Depth;
      else if (Line.starts_with("endif"))
        --Depth;
      else if (Depth == 0 && Line.starts_with("include")) {
        Best = std::min<size_t>(End + 1, Buf.size());
      }
    }
    Pos = End + 1;
  }
  return Best;
}

} // namespace native
} // namespace afalg
