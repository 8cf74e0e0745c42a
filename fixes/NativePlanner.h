#ifndef AFALG_FIXES_NATIVEPLANNER_H
#define AFALG_FIXES_NATIVEPLANNER_H

// The planner behind planNativeSession() (NativeSession.h), shared by the
// files that implement it: NativeEdits.cpp (source edits and AST
// navigation), NativeSession.cpp (the fds and the protocol's calls),
// NativeDecls.cpp (the sockaddr_alg and the declarations). Not an API.

#include "NativeSession.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include <optional>
#include <set>

namespace afalg {
namespace native {

using namespace clang;

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

std::string calleeName(const CallExpr *C);

/// glibc passes socket addresses as a transparent union, which Clang shows
/// as a compound literal around the pointer.
const Expr *stripTransparentUnion(const Expr *E);

bool isComparison(BinaryOperatorKind K);

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

  bool fail(const std::string &Why, SourceLocation L);

  std::optional<int64_t> intValue(const Expr *E);

  DynTypedNode parent(const DynTypedNode &N);
  DynTypedNode parent(const Stmt *S);

  /// E with the implicit casts and parentheses around it.
  const Expr *climb(const Expr *E);

  /// Whether the value of E is used (a discarded call becomes a plain
  /// statement in the rewrite).
  bool valueUsed(const Expr *E);

  bool inLoop(const Stmt *S);

  /// File offsets of a token range in the main file, outside macros'
  /// bodies.
  std::optional<std::pair<unsigned, unsigned>> offsets(SourceRange R);

  std::optional<std::string> text(const Expr *E);

  bool edit(SourceRange R, std::string Text, SourceLocation Why);

  /// Offset past the ';' that ends a statement at End, if there is one.
  unsigned withSemicolon(unsigned End);

  /// Removes a whole statement (and its line when it is alone on it).
  bool deleteStmt(const Stmt *S);

  bool findSocket(const Collector &C);

  /// The local int variable a socket()/accept() result is stored in.
  const VarDecl *fdVarOf(const CallExpr *C);

  bool planOp();

  bool isNull(const Expr *E);

  /// Rewrites the operator and constant of `fd < 0`-style tests, leaving
  /// the operand (which may itself be rewritten) alone.
  bool planTest(const BinaryOperator *BO, const Expr *Operand);

  /// Every use of an fd variable must be one the rewrite models.
  bool planFdVar(const Collector &C, const VarDecl *V, bool IsTfm);

  bool planAssign(const BinaryOperator *BO, const VarDecl *V, bool IsTfm);

  bool planCall(const CallExpr *C, bool IsTfm);

  /// The kernel finishes a hash at a send without MSG_MORE and starts the
  /// next one at the following send; a rewrite that just updates is exact
  /// only when such a send is the last one.
  bool checkDataOrder();

  bool isSockaddrAlg(const VarDecl *V);

  /// The sockaddr_alg goes away with bind(): its declaration and the
  /// statements that fill it in are removed.
  bool planSockaddr(const Collector &C);

  /// Whether S reads or writes the sockaddr (sizeof(sa) does neither).
  bool refersTo(const Stmt *S);

  /// memset(&sa, ...), strcpy((char *)sa.salg_name, ...), sa.salg_x = ...
  bool planFill(const DeclRefExpr *D);

  /// int tfm;  ->  EVP_MD *tfm;   int tfm, op, i;  ->  int i; + two lines
  bool planDecl(const VarDecl *V, const std::string &Type);

  bool planInit(const VarDecl *V);

  /// After the last #include before the function at the top level of the
  /// preprocessor, else the start of the function's line: the helpers
  /// need the file's own includes, never a conditional block's.
  unsigned preludeOffset();
};

} // namespace native
} // namespace afalg

#endif
