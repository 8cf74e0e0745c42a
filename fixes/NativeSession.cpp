#include "NativePlanner.h"
#include "clang/Lex/Lexer.h"

namespace afalg {
namespace native {

bool Planner::findSocket(const Collector &C) {
  for (const CallExpr *Call : C.Calls) {
    std::string Name = calleeName(Call);
    if (Name == "syscall")
      return fail("a raw syscall() in the function", Call->getBeginLoc());
    if (Name != "socket" || Call->getNumArgs() != 3 ||
        intValue(Call->getArg(0)) != AfAlg)
      continue;
    if (Socket)
      return fail("more than one AF_ALG socket in the function",
                  Call->getBeginLoc());
    Socket = Call;
  }
  if (!Socket)
    return fail("no socket(AF_ALG, ...) call in the function", F.getLocation());
  Tfm = fdVarOf(Socket);
  return Tfm &&
         edit(Socket->getSourceRange(), Lib.open(), Socket->getBeginLoc());
}

const VarDecl *Planner::fdVarOf(const CallExpr *C) {
  const Expr *U = climb(C);
  DynTypedNode P = parent(U);
  const VarDecl *V = P.get<VarDecl>();
  if (const auto *BO = P.get<BinaryOperator>())
    if (BO->getOpcode() == BO_Assign && BO->getRHS() == U)
      if (const auto *D =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        V = dyn_cast<VarDecl>(D->getDecl());
  if (!V) {
    fail("the fd is not stored in a local variable", C->getBeginLoc());
    return nullptr;
  }
  if (!V->isLocalVarDecl() || V->isStaticLocal() ||
      !V->getType()->isSpecificBuiltinType(BuiltinType::Int)) {
    fail("the fd is kept in '" + V->getNameAsString() +
             "', which is not a local int variable",
         C->getBeginLoc());
    return nullptr;
  }
  return V;
}

bool Planner::planOp() {
  if (!Accept)
    return fail("no accept() on the transform socket", F.getLocation());
  Op = fdVarOf(Accept);
  if (Op == Tfm)
    return fail("the operation fd replaces the transform fd",
                Accept->getBeginLoc());
  return Op != nullptr;
}

bool Planner::isNull(const Expr *E) {
  return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
         Expr::NPCK_NotNull;
}

bool Planner::planTest(const BinaryOperator *BO, const Expr *Operand) {
  bool Left =
      BO->getLHS()->IgnoreParenImpCasts() == Operand->IgnoreParenImpCasts();
  const Expr *K = Left ? BO->getRHS() : BO->getLHS();
  std::optional<int64_t> V = intValue(K);
  BinaryOperatorKind Op = BO->getOpcode();
  if (!Left) // k OP fd  ->  fd OP' k
    Op = BinaryOperator::reverseComparisonOp(Op);
  bool Invalid; // the test is "the call failed"
  if (V == 0 && Op == BO_LT)
    Invalid = true;
  else if (V == -1 && (Op == BO_EQ || Op == BO_LE))
    Invalid = true;
  else if (V == 0 && Op == BO_GE)
    Invalid = false;
  else if (V == -1 && (Op == BO_NE || Op == BO_GT))
    Invalid = false;
  else
    return fail("an fd is compared with something other than the error "
                "value",
                BO->getOperatorLoc());
  std::string Cmp = Invalid ? "==" : "!=";
  auto O = offsets(BO->getSourceRange());
  auto OpRange = offsets(Operand->getSourceRange());
  if (!O || !OpRange)
    return fail("an fd test is written through a macro", BO->getBeginLoc());
  if (Left)
    Out.Edits.push_back({OpRange->second, O->second, " " + Cmp + " NULL"});
  else
    Out.Edits.push_back({O->first, OpRange->first, "NULL " + Cmp + " "});
  return true;
}

bool Planner::planFdVar(const Collector &C, const VarDecl *V, bool IsTfm) {
  for (const DeclRefExpr *D : C.Refs) {
    if (D->getDecl() != V)
      continue;
    const Expr *U = climb(D);
    DynTypedNode P = parent(U);
    if (const auto *Call = P.get<CallExpr>()) {
      if (Call->getNumArgs() == 0 || Call->getArg(0) != U)
        return fail("the fd '" + V->getNameAsString() + "' is passed to " +
                        calleeName(Call) + "()",
                    D->getLocation());
      if (!planCall(Call, IsTfm))
        return false;
      continue;
    }
    if (const auto *BO = P.get<BinaryOperator>()) {
      if (isComparison(BO->getOpcode())) {
        if (!planTest(BO, U))
          return false;
        continue;
      }
      if (BO->getOpcode() == BO_Assign && BO->getLHS() == U &&
          planAssign(BO, V, IsTfm))
        continue;
      if (!Out.Reason.empty())
        return false;
    }
    return fail("the fd '" + V->getNameAsString() +
                    "' is used in a way the native rewrite does not model",
                D->getLocation());
  }
  return true;
}

bool Planner::planAssign(const BinaryOperator *BO, const VarDecl *V,
                         bool IsTfm) {
  const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
  if (R == (IsTfm ? static_cast<const Expr *>(Socket) : Accept)) {
  } else if (intValue(R) == -1) {
    if (!edit(BO->getRHS()->getSourceRange(), "NULL", BO->getBeginLoc()))
      return false;
  } else {
    return fail("'" + V->getNameAsString() + "' is assigned another value",
                BO->getBeginLoc());
  }
  // (fd = socket(...)) < 0
  const Expr *U = climb(BO);
  DynTypedNode P = parent(U);
  if (const auto *Cmp = P.get<BinaryOperator>())
    if (isComparison(Cmp->getOpcode()))
      return planTest(Cmp, U);
  if (valueUsed(BO))
    return fail("the value of an assignment to '" + V->getNameAsString() +
                    "' is used",
                BO->getBeginLoc());
  return true;
}

bool Planner::planCall(const CallExpr *C, bool IsTfm) {
  std::string Name = calleeName(C);
  SourceLocation L = C->getBeginLoc();
  std::string V = (IsTfm ? Tfm : Op)->getNameAsString();
  bool Used = valueUsed(C);
  if (Name == "close")
    return edit(C->getSourceRange(), Lib.close(V, IsTfm, Used), L);
  if (IsTfm && Name == "bind" && C->getNumArgs() == 3) {
    if (Bind)
      return fail("the transform socket is bound twice", L);
    Bind = C;
    const auto *Addr =
        dyn_cast<UnaryOperator>(stripTransparentUnion(C->getArg(1)));
    const auto *D =
        Addr && Addr->getOpcode() == UO_AddrOf
            ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParenImpCasts())
            : nullptr;
    Sa = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    if (!Sa || !Sa->isLocalVarDecl() || Sa->isStaticLocal())
      return fail("bind() does not take a local sockaddr_alg", L);
    if (Used) // keeps the error branch, which can no longer be taken
      return edit(C->getSourceRange(), "0 /* bound when opened */", L);
    return deleteStmt(climb(C));
  }
  if (IsTfm && Name == "setsockopt" && C->getNumArgs() == 5) {
    if (intValue(C->getArg(1)) != SolAlg || intValue(C->getArg(2)) != AlgSetKey)
      return fail("a setsockopt() other than ALG_SET_KEY", L);
    if (!Hmac)
      return fail("a key is set on an unkeyed hash", L);
    auto Key = text(C->getArg(3)), Len = text(C->getArg(4));
    if (!Key || !Len)
      return fail("the key is written through a macro", L);
    return edit(C->getSourceRange(), Lib.setKey(V, *Key, *Len, Used), L);
  }
  if (Name == "accept" || Name == "accept4") {
    if (!IsTfm)
      return fail("accept() on the operation socket (a hash state "
                  "clone) needs the compat runtime",
                  L);
    if (Accept)
      return fail("more than one accept() on the transform socket", L);
    if (!isNull(C->getArg(1)) || !isNull(C->getArg(2)))
      return fail("accept() asks for the peer address", L);
    Accept = C;
    return edit(C->getSourceRange(), Lib.accept(V), L);
  }
  if (!IsTfm && (Name == "write" || Name == "send") &&
      C->getNumArgs() == (Name == "send" ? 4u : 3u)) {
    int64_t Flags = 0;
    if (Name == "send") {
      std::optional<int64_t> Fl = intValue(C->getArg(3));
      if (!Fl || (*Fl & ~(MsgMore | MsgNoSignal)))
        return fail("send() flags other than MSG_MORE", L);
      Flags = *Fl;
    }
    if (Used && C->getArg(2)->HasSideEffects(Ctx))
      return fail("the length of a write has side effects", L);
    auto Buf = text(C->getArg(1)), Len = text(C->getArg(2));
    if (!Buf || !Len)
      return fail("a write's operands are written through a macro", L);
    Data.push_back({SM.getFileOffset(SM.getExpansionLoc(L)),
                    (Flags & MsgMore) != 0, inLoop(C)});
    return edit(C->getSourceRange(), Lib.update(V, *Buf, *Len, Used), L);
  }
  if (!IsTfm && (Name == "read" || Name == "recv") &&
      C->getNumArgs() == (Name == "recv" ? 4u : 3u)) {
    // MSG_WAITALL changes nothing for a digest that is there at once.
    std::optional<int64_t> Fl =
        Name == "recv" ? intValue(C->getArg(3)) : std::optional<int64_t>(0);
    if (!Fl || (*Fl & ~MsgWaitAll))
      return fail("recv() flags other than MSG_WAITALL", L);
    auto Buf = text(C->getArg(1)), N = text(C->getArg(2));
    if (!Buf || !N)
      return fail("a read's operands are written through a macro", L);
    return edit(C->getSourceRange(), Lib.final(V, *Buf, *N), L);
  }
  return fail("the fd '" + V + "' is passed to " + Name + "()", L);
}

bool Planner::checkDataOrder() {
  const DataCall *Final = nullptr;
  for (const DataCall &D : Data) {
    if (D.More)
      continue;
    if (Final || D.InLoop)
      return fail("more than one write without MSG_MORE: the kernel "
                  "restarts the hash at each",
                  SM.getComposedLoc(SM.getMainFileID(), D.Offset));
    Final = &D;
  }
  for (const DataCall &D : Data)
    if (Final && D.Offset > Final->Offset)
      return fail("a write follows one without MSG_MORE: the kernel "
                  "restarts the hash there",
                  SM.getComposedLoc(SM.getMainFileID(), D.Offset));
  return true;
}

} // namespace native

NativeSessionPlan planNativeSession(clang::ASTContext &Ctx,
                                    const clang::FunctionDecl &F,
                                    const NativeLibrary &Lib, bool Hmac) {
  return native::Planner(Ctx, F, Lib, Hmac).run();
}

} // namespace afalg
