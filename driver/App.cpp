#include "App.h"
#include "Inputs.h"
#include "Options.h"
#include "Policy.h"
#include "ScaleCli.h"
#include "Scan.h"
#include "Worker.h"
#include "config/Config.h"
#include "config/PathFilter.h"
#include "fixes/Apply.h"
#include "fixes/CompatPlan.h"
#include "fixes/NativePlan.h"
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
    bool Compat = llvm::any_of(Res.Files, [](const FileRewrite &W) {
      return llvm::StringRef(W.After).contains("afalg_compat_");
    });
    Err << "afalg-scan: rewrote " << Edits << " places in " << Res.Files.size()
        << " files onto " << O.FixTarget
        << (Compat ? " (compat runtime where a session is not native)" : "");
    if (NotFixable)
      Err << "; " << NotFixable << " findings are not fixable (see the report)";
    Err << "\n";
    if (Compat) {
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

/// Reads the configuration (--config FILE, else the nearest .afalg-scan.yaml
/// above the first PATH, none with --no-config) and lets it fill in what
/// the command line left unset: command line over config over defaults.
static llvm::Expected<Config> configure(Options &O) {
  Config C;
  std::string File = O.ConfigFile;
  if (File.empty() && !O.NoConfig)
    File = findConfig(O.Paths.front()).value_or("");
  if (!File.empty()) {
    llvm::Expected<Config> L = loadConfig(File);
    if (!L)
      return L.takeError();
    C = std::move(*L);
  }
  if (C.HasFailOn && !O.Explicit.count("--fail-on"))
    O.FailOn = C.FailOn;
  // The config never starts a rewrite on its own: it only names the
  // library for a bare --fix (and for the fix hints in the report).
  if (O.FixRequested && O.FixTarget.empty()) {
    if (C.FixTarget.empty())
      return llvm::createStringError(
          std::errc::invalid_argument,
          "--fix needs a library: --fix=LIB, or fix.target in the config");
    O.FixTarget = C.FixTarget;
  }
  return C;
}

/// Drops the inputs the config's path globs exclude. Only inputs: a header
/// an analysed source includes is still analysed, findings and all.
static std::vector<std::string> filterInputs(InputPlan &Plan, const Config &C) {
  PathFilter Filter(C);
  std::vector<std::string> Dropped;
  auto Keep = [&](std::vector<ExtractRequest> &V) {
    std::vector<ExtractRequest> Kept;
    for (ExtractRequest &R : V) {
      if (Filter.selects(R.File)) {
        R.KcapiPrefixes = C.KcapiPrefixes;
        Kept.push_back(std::move(R));
      } else {
        Dropped.push_back(R.File);
      }
    }
    V = std::move(Kept);
  };
  Keep(Plan.Sources);
  Keep(Plan.Headers);
  llvm::erase_if(Plan.Errors,
                 [&](const InputError &E) { return !Filter.selects(E.File); });
  return Dropped;
}

int runApp(const std::vector<std::string> &Args, llvm::raw_ostream &Out,
           llvm::raw_ostream &Err, bool ErrIsTerminal,
           const std::string &WorkerExecutable) {
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
  std::vector<FactsBundle> Bundles; // merge: the shards' facts
  if (O->Merge)
    if (llvm::Error E = loadBundles(*O, Bundles)) {
      Err << "afalg-scan: error: " << llvm::toString(std::move(E)) << "\n";
      return 2;
    }
  llvm::Expected<Config> Cfg = configure(*O);
  if (!Cfg) {
    Err << "afalg-scan: error: " << llvm::toString(Cfg.takeError()) << "\n";
    return 2;
  }
  // The library the fix hints are planned for: --fix, else the config's.
  std::string FixLib = !O->FixTarget.empty()     ? O->FixTarget
                       : !Cfg->FixTarget.empty() ? Cfg->FixTarget
                                                 : "openssl";
  if (O->DumpConfig) {
    Config Eff = *Cfg;
    Eff.HasFailOn = true;
    Eff.FailOn = O->FailOn;
    Eff.FixTarget = FixLib;
    if (Eff.CompatDir.empty() || O->Explicit.count("--compat-dir"))
      Eff.CompatDir = O->CompatDir;
    Out << dumpConfig(Eff);
    return 0;
  }
  PhaseClock Clock;
  std::vector<PhaseTime> Before;
  std::unique_ptr<ResultCache> Cache = openCache(*O, Err);
  llvm::Expected<InputPlan> Plan =
      O->Merge ? mergePlan(*O, Bundles) : planInputs(*O, Cache.get());
  Clock.add("plan", Before);
  if (!Plan) {
    Err << "afalg-scan: error: " << llvm::toString(Plan.takeError()) << "\n";
    return 2;
  }
  std::vector<std::string> Excluded = filterInputs(*Plan, *Cfg);
  if (!O->FixTarget.empty() && !Cfg->CompatDir.empty() &&
      !O->Explicit.count("--compat-dir")) {
    llvm::Expected<std::string> Dir = compatDirUnder(*Cfg, Plan->Root);
    if (!Dir) {
      Err << "afalg-scan: error: " << llvm::toString(Dir.takeError()) << "\n";
      return 2;
    }
    O->CompatDir = *Dir;
  }
  // A worker process per TU when this binary is known (DESIGN §6): a
  // compiler crash or hang then costs one file, not the run.
  IsolationOptions Iso;
  Iso.TimeoutSeconds = O->TuTimeout;
  if (O->Isolate.value_or(!WorkerExecutable.empty())) {
    if (WorkerExecutable.empty()) {
      Err << "afalg-scan: error: --isolate: the afalg-scan executable is "
             "unknown here\n";
      return 2;
    }
    Iso.Executable = WorkerExecutable;
  }
  setIsolation(Iso);
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
  ScanConfig SC;
  SC.Jobs = O->Jobs;
  SC.Progress = Progress;
  SC.Cache = Cache.get();
  SC.Prefilter = O->Prefilter;
  if (!O->FactsOut.empty()) // a shard: facts for `afalg-scan merge`
    return writeFactsOut(*O, *Plan, SC, Excluded, Err);
  ScanStats Stats;
  ScanResult R;
  if (O->Merge) {
    auto M = mergeBundles(std::move(Bundles), Plan->Root, Excluded);
    if (!M) {
      Err << "afalg-scan: error: " << llvm::toString(M.takeError()) << "\n";
      return 2;
    }
    R = std::move(*M);
  } else {
    Clock.add("setup", Before);
    R = runScan(*Plan, SC, &Stats);
    Clock = PhaseClock();
  }
  Stats.Phases.insert(Stats.Phases.begin(), Before.begin(), Before.end());
  Stats.PlanCached = Plan->FromCache;
  for (const std::string &F : Excluded) {
    llvm::StringRef Rel = F;
    if (Rel.consume_front(Plan->Root) && Rel.consume_front("/") &&
        !R.FileHashes.count(Rel.str())) // not analysed through an #include
      R.Skipped.push_back(Rel.str());
  }
  planCompatFixes(R, FixLib);
  if (!O->FixTarget.empty())
    planNativeFixes(R, Plan->Sources, Plan->Root, O->FixTarget,
                    O->FixStrategy == "native"   ? FixStrategy::Native
                    : O->FixStrategy == "compat" ? FixStrategy::Compat
                                                 : FixStrategy::Auto);
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
  // After the fixes: a rewrite must cover every call on the socket, even
  // those whose rule the report leaves out.
  applyRuleSettings(R, *Cfg);
  bool Written = writeReport(O->Output, render(R, O->Format), Out, Err);
  Clock.add("policy and report", Stats.Phases);
  if (O->Stats && !O->Merge)
    printStats(Stats, Cache.get(), Err);
  if (!Written)
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
