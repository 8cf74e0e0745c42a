#include "NativePlanner.h"
#include "clang/Lex/Lexer.h"

namespace afalg {
namespace native {

std::string calleeName(const CallExpr *C) {
  if (const FunctionDecl *FD = C->getDirectCallee())
    if (FD->getIdentifier())
      return FD->getName().str();
  return "";
}

/// glibc passes socket addresses as a transparent union, which Clang shows
/// as a compound literal around the pointer.
const Expr *stripTransparentUnion(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *CL = dyn_cast<CompoundLiteralExpr>(E))
    if (const auto *IL = dyn_cast<InitListExpr>(CL->getInitializer()))
      if (IL->getNumInits() == 1)
        return IL->getInit(0)->IgnoreParenCasts();
  return E;
}

bool isComparison(BinaryOperatorKind K) {
  return K == BO_LT || K == BO_GT || K == BO_LE || K == BO_GE || K == BO_EQ ||
         K == BO_NE;
}

bool Planner::fail(const std::string &Why, SourceLocation L) {
  if (Out.Reason.empty()) {
    Out.Reason = Why;
    if (L.isValid())
      Out.Reason +=
          " (line " + std::to_string(SM.getExpansionLineNumber(L)) + ")";
  }
  return false;
}

std::optional<int64_t> Planner::intValue(const Expr *E) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getExtValue();
  return std::nullopt;
}

DynTypedNode Planner::parent(const DynTypedNode &N) {
  auto Ps = Ctx.getParents(N);
  return Ps.empty() ? DynTypedNode() : Ps[0];
}

DynTypedNode Planner::parent(const Stmt *S) {
  return parent(DynTypedNode::create(*S));
}

const Expr *Planner::climb(const Expr *E) {
  for (;;) {
    DynTypedNode P = parent(E);
    const Expr *PE = P.get<Expr>();
    if (PE && (isa<ImplicitCastExpr>(PE) || isa<ParenExpr>(PE)))
      E = PE;
    else
      return E;
  }
}

bool Planner::valueUsed(const Expr *E) {
  const Expr *U = climb(E);
  DynTypedNode P = parent(U);
  if (P.get<CompoundStmt>() || P.get<LabelStmt>() || P.get<CaseStmt>() ||
      P.get<DefaultStmt>())
    return false;
  if (const auto *If = P.get<IfStmt>())
    return If->getCond() == U;
  if (const auto *W = P.get<WhileStmt>())
    return W->getCond() == U;
  if (const auto *D = P.get<DoStmt>())
    return D->getCond() == U;
  if (const auto *Fo = P.get<ForStmt>())
    return Fo->getCond() == U;
  return true;
}

bool Planner::inLoop(const Stmt *S) {
  DynTypedNode N = DynTypedNode::create(*S);
  for (;;) {
    N = parent(N);
    const Stmt *P = N.get<Stmt>();
    if (!P || P == F.getBody())
      return false;
    if (isa<ForStmt>(P) || isa<WhileStmt>(P) || isa<DoStmt>(P))
      return true;
  }
}

std::optional<std::pair<unsigned, unsigned>> Planner::offsets(SourceRange R) {
  CharSourceRange CR = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
  if (CR.isInvalid() || !SM.isInMainFile(CR.getBegin()))
    return std::nullopt;
  return std::make_pair(SM.getFileOffset(CR.getBegin()),
                        SM.getFileOffset(CR.getEnd()));
}

std::optional<std::string> Planner::text(const Expr *E) {
  auto O = offsets(E->getSourceRange());
  if (!O)
    return std::nullopt;
  StringRef Buf = SM.getBufferData(SM.getMainFileID());
  return Buf.substr(O->first, O->second - O->first).str();
}

bool Planner::edit(SourceRange R, std::string Text, SourceLocation Why) {
  if (R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return fail("a call of the session is written through a macro", Why);
  auto O = offsets(R);
  if (!O)
    return fail("a call of the session is not in the main file", Why);
  Out.Edits.push_back({O->first, O->second, std::move(Text)});
  return true;
}

unsigned Planner::withSemicolon(unsigned End) {
  StringRef Buf = SM.getBufferData(SM.getMainFileID());
  size_t Semi = Buf.find_first_not_of(" \t", End);
  return Semi != StringRef::npos && Buf[Semi] == ';' ? Semi + 1 : End;
}

bool Planner::deleteStmt(const Stmt *S) {
  if (!Deleted.insert(S).second)
    return true;
  if (!parent(S).get<CompoundStmt>())
    return fail("a statement to remove is not in a block", S->getBeginLoc());
  auto O = offsets(S->getSourceRange());
  if (!O || S->getBeginLoc().isMacroID())
    return fail("a statement to remove is written through a macro",
                S->getBeginLoc());
  StringRef Buf = SM.getBufferData(SM.getMainFileID());
  unsigned B = O->first, E = withSemicolon(O->second);
  size_t LineStart = Buf.rfind('\n', B);
  LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Buf.find('\n', E);
  if (Buf.slice(LineStart, B).trim().empty() &&
      Buf.slice(E, LineEnd).trim().empty()) {
    B = LineStart;
    E = LineEnd == StringRef::npos ? Buf.size() : LineEnd + 1;
  }
  Out.Edits.push_back({B, E, ""});
  return true;
}

} // namespace native
} // namespace afalg
