#include "NativeSession.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <optional>
#include <set>

using namespace clang;

namespace afalg {

namespace {

// The ABI values, not the macros: the code may spell them as numbers.
constexpr int64_t AfAlg = 38, SolAlg = 279, AlgSetKey = 1;
constexpr int64_t MsgMore = 0x8000, MsgNoSignal = 0x4000, MsgWaitAll = 0x100;

class Collector : public RecursiveASTVisitor<Collector> {
public:
  std::vector<const CallExpr *> Calls;
  std::vector<const DeclRefExpr *> Refs;
  bool VisitCallExpr(CallExpr *C) {
    Calls.push_back(C);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    Refs.push_back(D);
    return true;
  }
};

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

class Planner {
public:
  Planner(ASTContext &Ctx, const FunctionDecl &F, const NativeLibrary &Lib,
          bool Hmac)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), F(F), Lib(Lib), Hmac(Hmac) {}

  NativeSessionPlan run() {
    Collector C;
    C.TraverseStmt(F.getBody());
    if (findSocket(C) && planFdVar(C, Tfm, true) && planOp() &&
        planFdVar(C, Op, false) && planSockaddr(C) && checkDataOrder() &&
        planDecl(Tfm, Lib.tfmType()) && planDecl(Op, Lib.opType()))
      Out.PreludeOffset = preludeOffset();
    if (!Out.Reason.empty())
      Out.Edits.clear();
    return std::move(Out);
  }

private:
  ASTContext &Ctx;
  const SourceManager &SM;
  const FunctionDecl &F;
  const NativeLibrary &Lib;
  bool Hmac;
  NativeSessionPlan Out;
  const VarDecl *Tfm = nullptr, *Op = nullptr, *Sa = nullptr;
  const CallExpr *Socket = nullptr, *Accept = nullptr, *Bind = nullptr;
  struct DataCall {
    unsigned Offset;
    bool More, InLoop;
  };
  std::vector<DataCall> Data;
  std::set<const Stmt *> Deleted;

  bool fail(const std::string &Why, SourceLocation L) {
    if (Out.Reason.empty()) {
      Out.Reason = Why;
      if (L.isValid())
        Out.Reason +=
            " (line " + std::to_string(SM.getExpansionLineNumber(L)) + ")";
    }
    return false;
  }

  std::optional<int64_t> intValue(const Expr *E) {
    Expr::EvalResult R;
    if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
      return R.Val.getInt().getExtValue();
    return std::nullopt;
  }

  DynTypedNode parent(const DynTypedNode &N) {
    auto Ps = Ctx.getParents(N);
    return Ps.empty() ? DynTypedNode() : Ps[0];
  }
  DynTypedNode parent(const Stmt *S) {
    return parent(DynTypedNode::create(*S));
  }

  /// E with the implicit casts and parentheses around it.
  const Expr *climb(const Expr *E) {
    for (;;) {
      DynTypedNode P = parent(E);
      const Expr *PE = P.get<Expr>();
      if (PE && (isa<ImplicitCastExpr>(PE) || isa<ParenExpr>(PE)))
        E = PE;
      else
        return E;
    }
  }

  /// Whether the value of E is used (a discarded call becomes a plain
  /// statement in the rewrite).
  bool valueUsed(const Expr *E) {
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

  bool inLoop(const Stmt *S) {
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

  /// File offsets of a token range in the main file, outside macros'
  /// bodies.
  std::optional<std::pair<unsigned, unsigned>> offsets(SourceRange R) {
    CharSourceRange CR = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(R), SM, Ctx.getLangOpts());
    if (CR.isInvalid() || !SM.isInMainFile(CR.getBegin()))
      return std::nullopt;
    return std::make_pair(SM.getFileOffset(CR.getBegin()),
                          SM.getFileOffset(CR.getEnd()));
  }

  std::optional<std::string> text(const Expr *E) {
    auto O = offsets(E->getSourceRange());
    if (!O)
      return std::nullopt;
    StringRef Buf = SM.getBufferData(SM.getMainFileID());
    return Buf.substr(O->first, O->second - O->first).str();
  }

  bool edit(SourceRange R, std::string Text, SourceLocation Why) {
    if (R.getBegin().isMacroID() || R.getEnd().isMacroID())
      return fail("a call of the session is written through a macro", Why);
    auto O = offsets(R);
    if (!O)
      return fail("a call of the session is not in the main file", Why);
    Out.Edits.push_back({O->first, O->second, std::move(Text)});
    return true;
  }

  /// Offset past the ';' that ends a statement at End, if there is one.
  unsigned withSemicolon(unsigned End) {
    StringRef Buf = SM.getBufferData(SM.getMainFileID());
    size_t Semi = Buf.find_first_not_of(" \t", End);
    return Semi != StringRef::npos && Buf[Semi] == ';' ? Semi + 1 : End;
  }

  /// Removes a whole statement (and its line when it is alone on it).
  bool deleteStmt(const Stmt *S) {
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

  bool findSocket(const Collector &C) {
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
      return fail("no socket(AF_ALG, ...) call in the function",
                  F.getLocation());
    Tfm = fdVarOf(Socket);
    return Tfm &&
           edit(Socket->getSourceRange(), Lib.open(), Socket->getBeginLoc());
  }

  /// The local int variable a socket()/accept() result is stored in.
  const VarDecl *fdVarOf(const CallExpr *C) {
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

  bool planOp() {
    if (!Accept)
      return fail("no accept() on the transform socket", F.getLocation());
    Op = fdVarOf(Accept);
    if (Op == Tfm)
      return fail("the operation fd replaces the transform fd",
                  Accept->getBeginLoc());
    return Op != nullptr;
  }

  bool isNull(const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  }

  /// Rewrites the operator and constant of `fd < 0`-style tests, leaving
  /// the operand (which may itself be rewritten) alone.
  bool planTest(const BinaryOperator *BO, const Expr *Operand) {
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

  /// Every use of an fd variable must be one the rewrite models.
  bool planFdVar(const Collector &C, const VarDecl *V, bool IsTfm) {
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

  bool planAssign(const BinaryOperator *BO, const VarDecl *V, bool IsTfm) {
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

  bool planCall(const CallExpr *C, bool IsTfm) {
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
      if (intValue(C->getArg(1)) != SolAlg ||
          intValue(C->getArg(2)) != AlgSetKey)
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

  /// The kernel finishes a hash at a send without MSG_MORE and starts the
  /// next one at the following send; a rewrite that just updates is exact
  /// only when such a send is the last one.
  bool checkDataOrder() {
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

  bool isSockaddrAlg(const VarDecl *V) {
    const auto *RT = V->getType()->getAs<RecordType>();
    return RT && RT->getDecl()->getName() == "sockaddr_alg";
  }

  /// The sockaddr_alg goes away with bind(): its declaration and the
  /// statements that fill it in are removed.
  bool planSockaddr(const Collector &C) {
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

  /// Whether S reads or writes the sockaddr (sizeof(sa) does neither).
  bool refersTo(const Stmt *S) {
    if (const auto *D = dyn_cast<DeclRefExpr>(S))
      return D->getDecl() == Sa;
    if (isa<UnaryExprOrTypeTraitExpr>(S))
      return false;
    for (const Stmt *Child : S->children())
      if (Child && refersTo(Child))
        return true;
    return false;
  }

  /// memset(&sa, ...), strcpy((char *)sa.salg_name, ...), sa.salg_x = ...
  bool planFill(const DeclRefExpr *D) {
    const Stmt *S = D;
    for (;;) {
      DynTypedNode P = parent(S);
      if (P.get<CompoundStmt>())
        break;
      S = P.get<Stmt>();
      if (!S)
        return fail("the sockaddr_alg is used outside bind()",
                    D->getLocation());
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

  /// int tfm;  ->  EVP_MD *tfm;   int tfm, op, i;  ->  int i; + two lines
  bool planDecl(const VarDecl *V, const std::string &Type) {
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

  bool planInit(const VarDecl *V) {
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

  /// After the last #include before the function at the top level of the
  /// preprocessor, else the start of the function's line: the helpers
  /// need the file's own includes, never a conditional block's.
  unsigned preludeOffset() {
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
};

} // namespace

NativeSessionPlan planNativeSession(ASTContext &Ctx, const FunctionDecl &F,
                                    const NativeLibrary &Lib, bool Hmac) {
  return Planner(Ctx, F, Lib, Hmac).run();
}

} // namespace afalg
