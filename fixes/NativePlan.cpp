#include "NativePlan.h"
#include "NativeSession.h"
#include "support/ClangRun.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include <map>
#include <set>

using namespace clang;

namespace afalg {

namespace {

struct Candidate {
  std::string Session;
  NativeAlgorithm Alg;
  unsigned SocketLine = 0;
  std::string File; ///< project-relative
  std::string Reason;
  std::vector<Replacement> Edits;
};

class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
public:
  explicit FunctionFinder(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || !FD->getBody())
      return true;
    SourceLocation B = SM.getExpansionLoc(FD->getBeginLoc());
    SourceLocation E = SM.getExpansionLoc(FD->getEndLoc());
    if (SM.isInMainFile(B))
      Found.push_back(
          {SM.getExpansionLineNumber(B), SM.getExpansionLineNumber(E), FD});
    return true;
  }
  /// The innermost definition around Line (a lambda inside a function).
  const FunctionDecl *around(unsigned Line) const {
    const Entry *Best = nullptr;
    for (const Entry &X : Found)
      if (X.First <= Line && Line <= X.Last &&
          (!Best || X.Last - X.First < Best->Last - Best->First))
        Best = &X;
    return Best ? Best->F : nullptr;
  }

private:
  struct Entry {
    unsigned First, Last;
    const FunctionDecl *F;
  };
  const SourceManager &SM;
  std::vector<Entry> Found;
};

class Consumer : public ASTConsumer {
public:
  Consumer(std::vector<Candidate *> &Cands, std::string Lib)
      : Cands(Cands), Lib(std::move(Lib)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred()) {
      for (Candidate *C : Cands)
        C->Reason = "the file does not compile cleanly on its own";
      return;
    }
    const SourceManager &SM = Ctx.getSourceManager();
    FunctionFinder Finder(SM);
    Finder.TraverseDecl(Ctx.getTranslationUnitDecl());
    StringRef Buf = SM.getBufferData(SM.getMainFileID());
    bool HasPrelude = Buf.contains(NativeLibrary::preludeMarker());
    for (Candidate *C : Cands) {
      const FunctionDecl *F = Finder.around(C->SocketLine);
      if (!F) {
        C->Reason = "the socket() call is not in a function of the file";
        continue;
      }
      NativeLibrary L(Lib, C->Alg);
      NativeSessionPlan P = planNativeSession(Ctx, *F, L, C->Alg.Hmac);
      if (!P.Reason.empty()) {
        C->Reason = P.Reason;
        continue;
      }
      if (!HasPrelude)
        P.Edits.push_back(
            {P.PreludeOffset, P.PreludeOffset, NativeLibrary::prelude(Lib)});
      for (const NativeEdit &E : P.Edits)
        C->Edits.push_back({range(SM, C->File, E), E.Text});
    }
  }

private:
  std::vector<Candidate *> &Cands;
  std::string Lib;

  /// Byte offsets to the 1-based, last-character-inclusive Range of a
  /// Replacement (an insertion ends one column before it begins).
  static Range range(const SourceManager &SM, const std::string &File,
                     const NativeEdit &E) {
    FileID Main = SM.getMainFileID();
    Range R;
    R.File = File;
    R.Line = SM.getLineNumber(Main, E.Begin);
    R.Column = SM.getColumnNumber(Main, E.Begin);
    if (E.End == E.Begin) {
      R.EndLine = R.Line;
      R.EndColumn = R.Column - 1;
    } else {
      R.EndLine = SM.getLineNumber(Main, E.End - 1);
      R.EndColumn = SM.getColumnNumber(Main, E.End - 1);
    }
    return R;
  }
};

class Action : public ASTFrontendAction {
public:
  Action(std::vector<Candidate *> &Cands, std::string Lib)
      : Cands(Cands), Lib(std::move(Lib)) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<Consumer>(Cands, Lib);
  }

private:
  std::vector<Candidate *> &Cands;
  std::string Lib;
};

void reparse(const ExtractRequest &Req, std::vector<Candidate *> &Cands,
             llvm::StringRef Lib) {
  IgnoringDiagConsumer Quiet;
  if (runClangAction(Req.Args, Req.Directory,
                     std::make_unique<Action>(Cands, Lib.str()),
                     Quiet) != ClangRun::Ok)
    for (Candidate *C : Cands)
      if (C->Reason.empty() && C->Edits.empty())
        C->Reason = "the file could not be parsed again for the rewrite";
}

/// Why a session cannot have a native rewrite before any parsing, or "".
std::string precheck(const Session &S, const std::vector<const Finding *> &Fs,
                     llvm::StringRef Lib, Candidate &C) {
  if (S.Functions.size() != 1 || S.Files.size() != 1)
    return "the session spans several functions";
  if (S.Algorithms.size() != 1 || S.Algorithms[0].Name.empty())
    return "the algorithm is not one constant";
  std::string Why;
  auto A = nativeAlgorithm(Lib, S.Algorithms[0], Why);
  if (!A)
    return Why;
  C.Alg = *A;
  for (const Finding *F : Fs) {
    if (F->Conf != Confidence::High)
      return "part of the session was found without a complete parse";
    if (F->Rule == RuleId::Socket && F->Callee == "socket") {
      C.SocketLine = F->Loc.Line;
      C.File = F->Loc.File;
    }
  }
  if (!C.SocketLine)
    return "the socket() call of the session is not in the project";
  return "";
}

} // namespace

void planNativeFixes(ScanResult &R, const std::vector<ExtractRequest> &Sources,
                     const std::string &Root, llvm::StringRef Lib,
                     FixStrategy Strategy) {
  if (Strategy == FixStrategy::Compat)
    return;
  std::map<std::string, std::vector<const Finding *>> BySession;
  for (const Finding &F : R.Findings)
    if (!F.Session.empty())
      BySession[F.Session].push_back(&F);
  std::map<std::string, Candidate> Cands;
  std::map<std::string, std::vector<Candidate *>> ByFile;
  for (const Session &S : R.Sessions) {
    Candidate &C = Cands[S.Id];
    C.Session = S.Id;
    C.Reason = precheck(S, BySession[S.Id], Lib, C);
    if (C.Reason.empty())
      ByFile[C.File].push_back(&C);
  }
  for (auto &[File, FileCands] : ByFile) {
    const ExtractRequest *Req = nullptr;
    for (const ExtractRequest &Q : Sources)
      if (Q.File == Root + "/" + File)
        Req = &Q;
    if (!Req) {
      for (Candidate *C : FileCands)
        C->Reason = "the session is in a header; rewrite it through the "
                    "compat runtime";
      continue;
    }
    reparse(*Req, FileCands, Lib);
  }

  std::set<std::string> Given; // sessions whose edits a finding carries
  for (Finding &F : R.Findings) {
    auto It = Cands.find(F.Session);
    if (It == Cands.end())
      continue;
    const Candidate &C = It->second;
    if (C.Reason.empty() && !C.Edits.empty()) {
      F.Fix.Fixable = true;
      F.Fix.Reason = "rewritten natively: direct " + Lib.str() + " calls";
      F.Fix.Edits.clear();
      if (Given.insert(C.Session).second)
        F.Fix.Edits = C.Edits;
      continue;
    }
    if (Strategy == FixStrategy::Native) {
      F.Fix.Fixable = false;
      F.Fix.Edits.clear();
      F.Fix.Reason = "no native rewrite: " + C.Reason;
    } else if (F.Fix.Fixable) {
      F.Fix.Reason += " (not native: " + C.Reason + ")";
    }
  }
}

} // namespace afalg
