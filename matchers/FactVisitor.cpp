#include "FactVisitor.h"
#include "Checks.h"
#include "Constants.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace afalg {
namespace {

class Visitor : public RecursiveASTVisitor<Visitor> {
public:
  Visitor(ExtractContext &Ctx, llvm::ArrayRef<std::string> KcapiPrefixes)
      : Ctx(Ctx), Checks(makeChecks(KcapiPrefixes)) {}

  // Children first, so a call's result key exists before the assignment
  // that stores it is visited.
  bool shouldTraversePostOrder() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    // Library code in system headers is not the user's, and skipping it
    // keeps the walk proportional to the project's own code.
    if (D && !isa<TranslationUnitDecl>(D) &&
        Ctx.sm().isInSystemHeader(D->getLocation()))
      return true;
    const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return RecursiveASTVisitor::TraverseDecl(D);
    const FunctionDecl *Saved = Ctx.CurrentFunction;
    Ctx.CurrentFunction = FD;
    unsigned Before = Statements;
    bool R = RecursiveASTVisitor::TraverseDecl(D);
    Ctx.facts().FunctionSizes.push_back(
        {Ctx.returnKey(FD), Statements - Before});
    Ctx.CurrentFunction = Saved;
    return R;
  }

  bool VisitStmt(Stmt *) {
    ++Statements;
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    for (auto &C : Checks)
      C->onCall(*CE, Ctx);
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        Callee && Ctx.isProjectFunction(Callee)) {
      unsigned N = std::min<unsigned>(CE->getNumArgs(), Callee->getNumParams());
      CallFact Call;
      Call.Result = Ctx.callKey(CE);
      Call.Callee = Ctx.returnKey(Callee);
      if (auto R = Ctx.makeRange(CE->getSourceRange()))
        Call.Loc = *R;
      Call.Function = Ctx.functionName();
      if (Callee->getIdentifier())
        Call.CalleeName = Callee->getName().str();
      for (unsigned I = 0; I < N; ++I) {
        flowInto(CE->getArg(I), Ctx.paramKey(Callee, I));
        auto Keys = Ctx.keysOf(CE->getArg(I));
        Call.Args.push_back(Keys.empty() ? "" : Keys.front());
        if (Ctx.evalInt(CE->getArg(I)) == AfAlg)
          Call.AfAlgArgs.push_back(I);
      }
      Ctx.facts().Calls.push_back(std::move(Call));
    }
    return true;
  }

  /// new Cipher(std::move(op), ...) / Cipher c(fd): the arguments flow into
  /// the constructor's parameters as for a call. Copies, moves and fd
  /// holders (ScopedFD) are left to keysOf's pass-through: their one field
  /// would otherwise join every holder of the program into one socket.
  bool VisitCXXConstructExpr(CXXConstructExpr *CCE) {
    const CXXConstructorDecl *Ctor = CCE->getConstructor();
    if (!Ctor || Ctor->isCopyOrMoveConstructor() ||
        !Ctx.isProjectFunction(Ctor) || isFdHolder(Ctor->getParent()))
      return true;
    unsigned N = std::min<unsigned>(CCE->getNumArgs(), Ctor->getNumParams());
    for (unsigned I = 0; I < N; ++I)
      flowInto(CCE->getArg(I), Ctx.paramKey(Ctor, I));
    return true;
  }

  static bool isFdHolder(const CXXRecordDecl *RD) {
    if (!RD || !RD->hasDefinition())
      return false;
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getIdentifier() && M->getNumParams() == 0 &&
          llvm::is_contained({"get", "fd", "get_fd", "native_handle", "handle",
                              "release", "value"},
                             M->getName()))
        return true;
    return false;
  }

  /// wrapper.reset(fd) / wrapper = fd on C++ fd holders.
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MCE) {
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    if (MD && MD->getIdentifier() && MD->getName() == "reset" &&
        MCE->getNumArgs() == 1)
      for (const Key &To : Ctx.keysOf(MCE->getImplicitObjectArgument()))
        flowInto(MCE->getArg(0), To);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    for (auto &C : Checks)
      C->onAssign(*BO, Ctx);
    for (const Key &To : Ctx.keysOf(BO->getLHS()))
      flowInto(BO->getRHS(), To);
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (isa<ParmVarDecl>(VD))
      return true;
    for (auto &C : Checks)
      C->onVarDecl(*VD, Ctx);
    if (const Expr *Init = VD->getInit()) {
      std::string U = Ctx.usr(VD);
      if (!U.empty())
        flowInit(Init, "v:" + U);
    }
    return true;
  }

  /// (struct ctx){ .tfm = socket(...) } fills fields like an initializer
  /// does (strongSwan's INIT() macro).
  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *CLE) {
    // Not glibc's transparent-union argument wrappers: their one field would
    // join the addresses of every bind() in the program.
    if (const RecordDecl *RD = CLE->getType()->getAsRecordDecl();
        RD && Ctx.sm().isInSystemHeader(RD->getLocation()))
      return true;
    if (const Expr *Init = CLE->getInitializer())
      flowInit(Init, "l:compound-literal");
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *RS) {
    if (Ctx.CurrentFunction && RS->getRetValue())
      flowInto(RS->getRetValue(), Ctx.returnKey(Ctx.CurrentFunction));
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl *CD) {
    if (CD->isDependentContext())
      return true;
    for (const CXXCtorInitializer *Init : CD->inits())
      if (const FieldDecl *FD = Init->getMember(); FD && Init->isWritten())
        flowInto(Init->getInit(), "f:" + Ctx.usr(FD));
    return true;
  }

  void finish() {
    for (auto &C : Checks)
      C->finish(Ctx);
  }

private:
  void flowInto(const Expr *From, const Key &To) {
    Ctx.addFlow(From, To);
    // Copying a pointer shares what it points to: after q = p (or passing
    // an array to a parameter), q[i]/*q and p[i]/*p are the same storage.
    QualType T = From->IgnoreParenImpCasts()->getType();
    if (!T.isNull() && (T->isPointerType() || T->isArrayType()))
      for (const Key &K : Ctx.keysOf(From))
        if (K.front() != '&' && K.front() != 's' && K.front() != 'u') {
          Ctx.addEdge(K + "[]", To + "[]");
          Ctx.addEdge(To + "[]", K + "[]");
          Ctx.addEdge("*" + K, "*" + To);
          Ctx.addEdge("*" + To, "*" + K);
        }
    if (auto S = Ctx.evalString(From))
      Ctx.facts().Strings.push_back({To, *S});
    else if (Ctx.evalInt(From) == AfAlg)
      Ctx.facts().AfAlgConstants.push_back(To);
  }

  /// Initializers of aggregates spread over fields (tables of algorithm
  /// names) and array elements.
  void flowInit(const Expr *Init, const Key &To) {
    const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreImplicit());
    if (!ILE) {
      flowInto(Init, To);
      return;
    }
    QualType T = ILE->getType();
    if (T->isArrayType()) {
      for (const Expr *E : ILE->inits())
        flowInit(E, To + "[]");
      return;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    if (!RD || !(RD = RD->getDefinition()))
      return;
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (RD->isUnion() && ILE->getInitializedFieldInUnion() != FD)
        continue;
      unsigned Idx = RD->isUnion() ? 0 : I++;
      if (Idx >= ILE->getNumInits())
        break;
      flowInit(ILE->getInit(Idx), "f:" + Ctx.usr(FD));
    }
  }

  ExtractContext &Ctx;
  std::vector<std::unique_ptr<Check>> Checks;
  unsigned Statements = 0;
};

} // namespace

void visitTranslationUnit(ASTContext &AST, ExtractContext &Ctx,
                          llvm::ArrayRef<std::string> KcapiPrefixes) {
  Visitor V(Ctx, KcapiPrefixes);
  V.TraverseDecl(AST.getTranslationUnitDecl());
  V.finish();
}

} // namespace afalg
