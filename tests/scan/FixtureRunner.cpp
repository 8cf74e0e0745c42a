// Scans one fixture (a file, or a directory for multi-file fixtures) in
// audit mode and fails on any missing or unexpected finding.
#include "Expectations.h"
#include "driver/Inputs.h"
#include "driver/Scan.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace afalg;

namespace {

struct Scan {
  ScanResult Result;
  ExpectationSet Expected;
};

std::optional<Scan> scanWithExpectations(const std::string &Target) {
  bool IsDir = llvm::sys::fs::is_directory(Target);
  Options O;
  O.Paths = {Target};
  O.Root = IsDir ? Target : std::string(llvm::sys::path::parent_path(Target));
  auto Plan = planInputs(O);
  if (!Plan) {
    llvm::errs() << llvm::toString(Plan.takeError()) << "\n";
    return std::nullopt;
  }
  Scan S;
  S.Result = runScan(*Plan, 0);
  for (const auto *List : {&Plan->Sources, &Plan->Headers})
    for (const ExtractRequest &Req : *List) {
      auto Buf = llvm::MemoryBuffer::getFile(Req.File);
      if (!Buf)
        continue;
      llvm::StringRef Rel = Req.File;
      Rel.consume_front(Plan->Root);
      Rel.consume_front("/");
      parseExpectations(Rel.str(), (*Buf)->getBuffer().str(), S.Expected);
    }
  return S;
}

/// Precision and recall per rule over every project of a corpus, split into
/// findings that need cross-function flow ([flow]) and those that do not.
int scoreCorpus(const std::string &Corpus) {
  struct Count {
    unsigned TP = 0, FP = 0, FN = 0;
  };
  std::map<std::string, Count> ByRule;
  std::error_code EC;
  std::vector<std::string> Projects;
  for (llvm::sys::fs::directory_iterator It(Corpus, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::fs::is_directory(It->path()))
      Projects.push_back(It->path());
  std::sort(Projects.begin(), Projects.end());
  for (const std::string &P : Projects) {
    auto S = scanWithExpectations(P);
    if (!S)
      return 2;
    std::map<std::tuple<std::string, unsigned, std::string>, unsigned> Got;
    for (const Finding &F : S->Result.Findings)
      ++Got[{F.Loc.File, F.Loc.Line, ruleName(F.Rule).str()}];
    for (const Expectation &E : S->Expected.Items) {
      std::string Key = E.Rule + (E.Flow ? " [flow]" : "");
      auto It = Got.find({E.File, E.Line, E.Rule});
      if (It != Got.end() && It->second > 0) {
        --It->second;
        ++ByRule[Key].TP;
      } else {
        ++ByRule[Key].FN;
        llvm::outs() << llvm::sys::path::filename(P) << "/" << E.File << ":"
                     << E.Line << ": missed " << Key << "\n";
      }
    }
    for (const Finding &F : S->Result.Findings) {
      auto It = Got.find({F.Loc.File, F.Loc.Line, ruleName(F.Rule).str()});
      if (It->second == 0)
        continue;
      --It->second;
      ++ByRule[ruleName(F.Rule).str()].FP;
      llvm::outs() << llvm::sys::path::filename(P) << "/" << F.Loc.File << ":"
                   << F.Loc.Line << ": false positive " << ruleName(F.Rule)
                   << " (" << F.Message << ")\n";
    }
  }
  Count Direct, Flow;
  llvm::outs()
      << "\nrule                        TP   FP   FN  precision recall\n";
  for (auto &[Rule, C] : ByRule) {
    double P = C.TP + C.FP ? double(C.TP) / (C.TP + C.FP) : 1.0;
    double R = C.TP + C.FN ? double(C.TP) / (C.TP + C.FN) : 1.0;
    llvm::outs() << llvm::format("%-26s %4u %4u %4u  %.3f     %.3f\n",
                                 Rule.c_str(), C.TP, C.FP, C.FN, P, R);
    Count &Sum = llvm::StringRef(Rule).contains("[flow]") ||
                         llvm::StringRef(Rule).starts_with("afalg-io") ||
                         llvm::StringRef(Rule).starts_with("afalg-accept") ||
                         llvm::StringRef(Rule).starts_with("afalg-zerocopy")
                     ? Flow
                     : Direct;
    Sum.TP += C.TP;
    Sum.FP += C.FP;
    Sum.FN += C.FN;
  }
  // The bars the product is held to; a change that drops below them on
  // this corpus is a regression.
  struct Bar {
    const char *Name;
    Count C;
    double MinP, MinR;
  };
  bool Ok = true;
  for (const Bar &B : {Bar{"direct rules", Direct, 0.95, 0.90},
                       Bar{"data-flow rules", Flow, 0.95, 0.80}}) {
    double P = B.C.TP + B.C.FP ? double(B.C.TP) / (B.C.TP + B.C.FP) : 1.0;
    double R = B.C.TP + B.C.FN ? double(B.C.TP) / (B.C.TP + B.C.FN) : 1.0;
    bool Pass = P >= B.MinP && R >= B.MinR;
    Ok &= Pass;
    llvm::outs() << llvm::format("%-26s %4u %4u %4u  %.3f     %.3f  %s\n",
                                 B.Name, B.C.TP, B.C.FP, B.C.FN, P, R,
                                 Pass ? "ok" : "BELOW BAR");
  }
  return Ok ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 3 && llvm::StringRef(argv[1]) == "--score")
    return scoreCorpus(argv[2]);
  if (argc != 2) {
    llvm::errs() << "usage: fixture_runner FILE-OR-DIR | --score CORPUS\n";
    return 2;
  }
  std::string Target = argv[1];
  bool IsDir = llvm::sys::fs::is_directory(Target);
  Options O;
  O.Paths = {Target};
  O.Root = IsDir ? Target : std::string(llvm::sys::path::parent_path(Target));
  O.Jobs = 1;
  auto Plan = planInputs(O);
  if (!Plan) {
    llvm::errs() << llvm::toString(Plan.takeError()) << "\n";
    return 2;
  }
  ScanResult R = runScan(*Plan, 1);
  ExpectationSet Expected;
  for (const auto *List : {&Plan->Sources, &Plan->Headers})
    for (const ExtractRequest &Req : *List) {
      auto Buf = llvm::MemoryBuffer::getFile(Req.File);
      if (!Buf)
        continue;
      llvm::StringRef Rel = Req.File;
      Rel.consume_front(Plan->Root);
      Rel.consume_front("/");
      parseExpectations(Rel.str(), (*Buf)->getBuffer().str(), Expected);
    }
  std::vector<std::string> Diffs = compareFindings(Expected, R.Findings);
  for (const InputError &E : R.Errors)
    Diffs.push_back(E.File + ": input error: " + E.Message);
  for (const std::string &D : Diffs)
    llvm::outs() << D << "\n";
  llvm::outs() << Expected.Items.size() << " expected, " << R.Findings.size()
               << " found, " << Diffs.size() << " differences\n";
  return Diffs.empty() ? 0 : 1;
}
