#include "App.h"
#include "Inputs.h"
#include "Options.h"
#include "Policy.h"
#include "Scan.h"
#include "fixes/Apply.h"
#include "fixes/CompatPlan.h"
#include "report/Reporter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include <chrono>

#ifndef AFALG_VERSION
#define AFALG_VERSION "0.0.0"
#endif

namespace afalg {

static void listRules(llvm::raw_ostream &Out) {
  for (const RuleInfo &R : allRules())
    Out << R.Name << "  [" << severityName(R.DefaultSeverity) << "]  "
        << R.ShortDescription << "\n";
}

static std::string render(const ScanResult &R, OutputFormat F) {
  ReportContext Ctx;
  Ctx.ToolVersion = AFALG_VERSION;
  switch (F) {
  case OutputFormat::Json:
    return renderJson(R, Ctx);
  case OutputFormat::Sarif:
    return renderSarif(R, Ctx);
  case OutputFormat::Cbom:
    return renderCbom(R, Ctx);
  case OutputFormat::Github:
    return renderGithub(R, Ctx);
  case OutputFormat::Markdown:
    return renderMarkdown(R, Ctx);
  default:
    return renderText(R, Ctx);
  }
}

/// Writes through a temporary file and a rename, so a reader never sees a
/// half-written report.
static bool writeReport(const std::string &Path, const std::string &Text,
                        llvm::raw_ostream &Out, llvm::raw_ostream &Err) {
  if (Path == "-") {
    Out << Text;
    Out.flush();
    return true;
  }
  llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << Text;
    return llvm::Error::success();
  });
  if (E) {
    Err << "afalg-scan: error: cannot write '" << Path
        << "': " << llvm::toString(std::move(E)) << "\n";
    return false;
  }
  return true;
}

/// --fix: rewrite (or diff, or export) and install the runtime.
static int runFixes(const Options &O, const InputPlan &Plan,
                    const ScanResult &R, llvm::raw_ostream &Out,
                    llvm::raw_ostream &Err) {
  ApplyOptions AO;
  AO.Root = Plan.Root;
  AO.DryRun = O.DryRun || !O.ExportFixes.empty();
  if (!O.ExportFixes.empty()) {
    std::string Yaml = exportFixesYaml(R, AO);
    if (!writeReport(O.ExportFixes, Yaml, Out, Err))
      return 2;
    return 0;
  }
  ApplyResult Res = applyFixes(R, AO);
  for (const InputError &E : Res.Refused)
    Err << "afalg-scan: fix refused: " << E.File << ": " << E.Message << "\n";
  unsigned NotFixable = 0;
  for (const Finding &F : R.Findings)
    NotFixable += !F.Fix.Fixable;
  if (O.DryRun) {
    Out << Res.Diff;
    Out.flush();
  } else {
    unsigned Edits = 0;
    for (const FileRewrite &W : Res.Files)
      Edits += W.Edits;
    Err << "afalg-scan: rewrote " << Edits << " calls in " << Res.Files.size()
        << " files onto the compat runtime (" << O.FixTarget << ")";
    if (NotFixable)
      Err << "; " << NotFixable << " findings are not fixable (see the report)";
    Err << "\n";
    if (!Res.Files.empty()) {
      auto Help = installRuntime(Plan.Root, O.CompatDir, O.FixTarget);
      if (!Help) {
        Err << "afalg-scan: error: " << llvm::toString(Help.takeError())
            << "\n";
        return 2;
      }
      Err << "afalg-scan: " << *Help << "\n";
    }
  }
  return Res.Refused.empty() ? 0 : 2;
}

int runApp(const std::vector<std::string> &Args, llvm::raw_ostream &Out,
           llvm::raw_ostream &Err, bool ErrIsTerminal) {
  std::string Error;
  std::optional<Options> O = parseOptions(Args, Error);
  if (!O) {
    Err << "afalg-scan: error: " << Error << "\n";
    return 2;
  }
  if (O->Help) {
    Out << usageText();
    return 0;
  }
  if (O->Version) {
    Out << "afalg-scan " << AFALG_VERSION << "\n";
    return 0;
  }
  if (O->ListRules) {
    listRules(Out);
    return 0;
  }
  llvm::Expected<InputPlan> Plan = planInputs(*O);
  if (!Plan) {
    Err << "afalg-scan: error: " << llvm::toString(Plan.takeError()) << "\n";
    return 2;
  }
  ProgressFn Progress;
  if (ErrIsTerminal && !O->Quiet)
    Progress = [&Err, Start = std::chrono::steady_clock::now()](
                   unsigned Done, unsigned Total, const std::string &F) {
      auto Secs = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::steady_clock::now() - Start)
                      .count();
      Err << "\r\x1b[K[" << Done << "/" << Total << "] " << Secs << "s "
          << llvm::sys::path::filename(F);
      if (Done == Total)
        Err << "\n";
      Err.flush();
    };
  ScanResult R = runScan(*Plan, O->Jobs, Progress);
  planCompatFixes(R, O->FixTarget.empty() ? "openssl" : O->FixTarget);
  if (llvm::Error E = applyPolicy(R, *O, *Plan)) {
    Err << "afalg-scan: error: " << llvm::toString(std::move(E)) << "\n";
    return 2;
  }
  if (!O->FixTarget.empty()) {
    int Rc = runFixes(*O, *Plan, R, Out, Err);
    if (Rc)
      return Rc;
    if (O->DryRun && O->Output == "-")
      return 0; // the diff was the output
  }
  if (!writeReport(O->Output, render(R, O->Format), Out, Err))
    return 2;
  for (const InputError &E : R.Errors)
    Err << "afalg-scan: error: " << E.File << ": " << E.Message << "\n";
  if (!R.Errors.empty())
    return 2;
  if (O->FailOn)
    for (const Finding &F : R.Findings)
      if (!F.Suppressed && F.Level >= *O->FailOn)
        return 1;
  return 0;
}

} // namespace afalg
