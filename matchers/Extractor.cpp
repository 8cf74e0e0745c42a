#include "Extractor.h"
#include "FactVisitor.h"
#include "KcapiCheck.h"
#include "TokenScan.h"
#include "support/ClangRun.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <map>
#include <set>

using namespace clang;

namespace afalg {
namespace {

/// What the preprocessor tells us that the AST does not keep.
struct PPRecord {
  std::vector<SourceRange> Skipped;
  std::vector<SourceLocation> EngineMacros;
  std::vector<std::string> Missing;
};

class PPHooks : public PPCallbacks {
public:
  PPHooks(PPRecord &R, bool Audit) : R(R), Audit(Audit) {}

  bool FileNotFound(StringRef FileName) override {
    if (!Audit)
      return false;
    R.Missing.push_back(FileName.str());
    return true; // skip the include and keep going
  }
  void SourceRangeSkipped(SourceRange Range, SourceLocation) override {
    R.Skipped.push_back(Range);
  }
  void MacroExpands(const Token &Name, const MacroDefinition &,
                    SourceRange Range, const MacroArgs *) override {
    const IdentifierInfo *II = Name.getIdentifierInfo();
    if (II && (II->getName() == "OPENSSL_INIT_ENGINE_AFALG" ||
               II->getName() == "ENGINE_load_afalg"))
      R.EngineMacros.push_back(Range.getBegin());
  }

private:
  PPRecord &R;
  bool Audit;
};

/// Counts errors instead of printing them; the first one explains a
/// failed file to the user.
class DiagCollector : public DiagnosticConsumer {
public:
  unsigned Errors = 0;
  std::string First;
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    ++Errors;
    if (!First.empty())
      return;
    llvm::SmallString<128> Msg;
    Info.FormatDiagnostic(Msg);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc P =
          Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        First = llvm::sys::path::filename(P.getFilename()).str() + ":" +
                std::to_string(P.getLine()) + ": ";
    }
    First += Msg.str();
  }
};

class Consumer : public ASTConsumer {
public:
  Consumer(const ProjectInfo &P, TUFacts &Out, PPRecord &PP,
           const std::vector<std::string> &KcapiPrefixes)
      : Project(P), Out(Out), PP(PP), KcapiPrefixes(KcapiPrefixes) {}

  void HandleTranslationUnit(ASTContext &AST) override {
    ExtractContext Ctx(AST, Project, Out);
    visitTranslationUnit(AST, Ctx, KcapiPrefixes);
    for (SourceLocation L : PP.EngineMacros)
      Ctx.addSiteAt(RuleId::OpensslEngine, SiteKind::Direct, SourceRange(L, L));
    const SourceManager &SM = AST.getSourceManager();
    bool CPP = AST.getLangOpts().CPlusPlus;
    for (SourceRange R : PP.Skipped)
      tokenScan(Ctx, SM.getFileID(R.getBegin()), SM.getFileOffset(R.getBegin()),
                SM.getFileOffset(R.getEnd()), Confidence::Low, CPP);
    collectFiles(Ctx, SM);
  }

private:
  void collectFiles(ExtractContext &Ctx, const SourceManager &SM) {
    std::map<std::string, std::string> Files, All;
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      FileID FID = SM.translateFile(It->first);
      if (FID.isInvalid())
        continue;
      std::string P = Ctx.projectPath(SM.getLocForStartOfFile(FID));
      bool Invalid = false;
      StringRef Buf = SM.getBufferData(FID, &Invalid);
      if (Invalid)
        continue;
      std::string Hash = llvm::utohexstr(llvm::xxh3_64bits(Buf));
      if (!P.empty())
        Files[P] = Hash;
      // Every file read, system headers included: a cached result is valid
      // only while all of them are unchanged (driver/Cache.h).
      All[absolutePath(SM, It->first)] = Hash;
    }
    for (auto &[P, H] : Files) {
      Out.Files.push_back(P);
      Out.FileHashes.push_back({P, H});
    }
    Out.AllFiles.assign(All.begin(), All.end());
  }

  static std::string absolutePath(const SourceManager &SM, FileEntryRef FE) {
    llvm::StringRef Real = FE.getFileEntry().tryGetRealPathName();
    llvm::SmallString<256> P(Real.empty() ? FE.getName() : Real);
    // Relative names are relative to the command's directory, which is the
    // VFS's working directory.
    SM.getFileManager().getVirtualFileSystem().makeAbsolute(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    return std::string(P);
  }

public:
  static void
  tokenScan(ExtractContext &Ctx, FileID FID, unsigned Begin, unsigned End,
            Confidence Conf, bool CPP,
            const std::vector<std::pair<unsigned, unsigned>> &Skip = {}) {
    const SourceManager &SM = Ctx.sm();
    if (FID.isInvalid() ||
        Ctx.projectPath(SM.getLocForStartOfFile(FID)).empty())
      return;
    bool Invalid = false;
    StringRef Buf = SM.getBufferData(FID, &Invalid);
    if (Invalid)
      return;
    SourceLocation Start = SM.getLocForStartOfFile(FID);
    auto FE = SM.getFileEntryRefForID(FID);
    bool Libkcapi = FE && isLibkcapiFile(FE->getName());
    for (const TokenHit &H : scanTokens(Buf, Begin, End, CPP, Skip)) {
      if (H.Rule == RuleId::Kcapi && Libkcapi)
        continue; // as KcapiCheck: the library calling itself
      SourceLocation B = Start.getLocWithOffset(H.Offset);
      unsigned Line = SM.getLineNumber(FID, H.Offset);
      std::string Path = Ctx.projectPath(B);
      // The AST already reported this construct on this line.
      bool Known =
          std::any_of(Ctx.facts().Sites.begin(), Ctx.facts().Sites.end(),
                      [&](const Site &S) {
                        return S.Rule == H.Rule && S.Kind == SiteKind::Direct &&
                               S.Loc.File == Path && S.Loc.Line == Line;
                      });
      if (Known)
        continue;
      SourceLocation E = Start.getLocWithOffset(H.EndOffset - 1);
      const FunctionDecl *Saved = Ctx.CurrentFunction;
      Ctx.CurrentFunction = nullptr;
      size_t Before = Ctx.facts().Sites.size();
      Site *S =
          Ctx.addSiteAt(H.Rule, SiteKind::Direct, SourceRange(B, E), H.Callee);
      if (S && Ctx.facts().Sites.size() == Before &&
          !(S->Kind == SiteKind::FdUse && H.Rule == RuleId::Setsockopt)) {
        // The parse saw this call: the link step judges its fd, better
        // than a name match can. The tokens' verdict stands beside it, at
        // their confidence, for when the parse lost the fd's origin
        // (callers that did not parse); the link keeps the more confident
        // of the two.
        S = Ctx.addSiteAt(H.Rule, SiteKind::Direct, SourceRange(B, E), H.Callee,
                          ":text");
      }
      Ctx.CurrentFunction = Saved;
      if (!S)
        continue;
      // A setsockopt() the parse saw whose level it could not evaluate
      // (SOL_ALG from a missing header): the tokens spell it.
      S->Kind = SiteKind::Direct;
      S->Conf = Conf;
      S->Alg = H.Alg;
    }
  }

private:
  const ProjectInfo &Project;
  TUFacts &Out;
  PPRecord &PP;
  const std::vector<std::string> &KcapiPrefixes;
};

class Action : public ASTFrontendAction {
public:
  Action(const ProjectInfo &P, TUFacts &Out, const ExtractRequest &Req)
      : Project(P), Out(Out), Audit(Req.Audit),
        KcapiPrefixes(Req.KcapiPrefixes) {}

  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(std::make_unique<PPHooks>(PP, Audit));
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    return std::make_unique<Consumer>(Project, Out, PP, KcapiPrefixes);
  }

  void EndSourceFileAction() override {
    CompilerInstance &CI = getCompilerInstance();
    Out.MissingHeaders = PP.Missing;
    unsigned Errors = CI.getDiagnostics().getClient()->getNumErrors();
    if ((Errors == 0 && PP.Missing.empty()) || !CI.hasASTContext())
      return;
    // Declarations lost to missing headers or errors can hide constructs
    // from the AST; a token scan of the project's files recovers the strong
    // shapes.
    ASTContext &AST = CI.getASTContext();
    ExtractContext Ctx(AST, Project, Out);
    const SourceManager &SM = CI.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      FileID FID = SM.translateFile(It->first);
      if (FID.isInvalid())
        continue;
      bool Invalid = false;
      StringRef Buf = SM.getBufferData(FID, &Invalid);
      // Inactive code was scanned already, at low confidence.
      std::vector<std::pair<unsigned, unsigned>> Skip;
      for (SourceRange R : PP.Skipped)
        if (SM.getFileID(R.getBegin()) == FID)
          Skip.push_back(
              {SM.getFileOffset(R.getBegin()), SM.getFileOffset(R.getEnd())});
      if (!Invalid)
        Consumer::tokenScan(Ctx, FID, 0, Buf.size(), Confidence::Medium,
                            AST.getLangOpts().CPlusPlus, Skip);
    }
  }

private:
  const ProjectInfo &Project;
  TUFacts &Out;
  bool Audit;
  const std::vector<std::string> &KcapiPrefixes;
  PPRecord PP;
};

} // namespace

TUFacts extractTU(const ExtractRequest &Req, const ProjectInfo &Project) {
  TUFacts Out;
  Out.MainFile = Req.File;
  DiagCollector Diags;
  ClangRun Run =
      runClangAction(Req.Args, Req.Directory,
                     std::make_unique<Action>(Project, Out, Req), Diags);
  if (Run == ClangRun::Crashed) {
    Out = TUFacts();
    Out.MainFile = Req.File;
    Out.Failed = true;
    Out.FailReason = "the compiler crashed while parsing this file";
    return Out;
  }
  Out.ErrorCount = Diags.Errors;
  Out.FirstError = Diags.First;
  if (Run == ClangRun::Failed && Out.Sites.empty() && Diags.Errors == 0) {
    Out.Failed = true;
    Out.FailReason = "the compiler could not be run on this file";
  }
  return Out;
}

} // namespace afalg
