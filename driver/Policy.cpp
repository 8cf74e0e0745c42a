#include "Policy.h"
#include "policy/Baseline.h"
#include "policy/GitChanges.h"
#include "policy/Suppressions.h"
#include "report/Reporter.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <set>

namespace afalg {

static void suppress(ScanResult &R, const InputPlan &Plan) {
  std::set<std::string> Files;
  for (const auto &[File, Hash] : R.FileHashes)
    Files.insert(File);
  for (const Finding &F : R.Findings)
    Files.insert(F.Loc.File);
  std::set<std::string> Broken;
  for (const InputError &E : R.Errors)
    Broken.insert(E.File);

  std::vector<policy::Suppression> Sups;
  std::vector<policy::PolicyDiagnostic> Problems;
  for (const std::string &File : Files) {
    if (R.NoDirectives.count(File))
      continue; // its text was seen this run: nothing to parse
    llvm::SmallString<256> P(Plan.Root);
    llvm::sys::path::append(P, File);
    auto Buf = llvm::MemoryBuffer::getFile(P);
    if (!Buf)
      continue;
    auto Found = policy::parseSuppressions(File, (*Buf)->getBuffer(), Problems);
    Sups.insert(Sups.end(), Found.begin(), Found.end());
  }
  policy::SuppressionResult SR = policy::applySuppressions(R.Findings, Sups);
  for (size_t I = 0; I < R.Findings.size(); ++I)
    if (const auto &Info = SR.Suppressed[I]) {
      R.Findings[I].Suppressed = true;
      R.Findings[I].SuppressionKind = Info->Kind;
      R.Findings[I].SuppressionReason = Info->Reason;
    }
  // A file that could not be analysed lost findings: its suppressions may
  // look unused without being so.
  for (const policy::PolicyDiagnostic &D : SR.Problems)
    if (!Broken.count(D.File))
      Problems.push_back(D);
  for (const policy::PolicyDiagnostic &D : Problems) {
    Finding F;
    F.Rule = RuleId::Suppression;
    F.Level = ruleInfo(RuleId::Suppression).DefaultSeverity;
    F.Loc = {D.File, D.Line, 1, D.Line, 1};
    F.Message = D.Message;
    F.Fix.Reason = "edit the suppression comment";
    R.Findings.push_back(std::move(F));
  }
}

llvm::Error applyPolicy(ScanResult &R, const Options &O,
                        const InputPlan &Plan) {
  suppress(R, Plan);
  if (!O.WriteBaseline.empty()) {
    ReportContext Ctx;
    std::string Json = renderJson(R, Ctx);
    if (llvm::Error E =
            llvm::writeToOutput(O.WriteBaseline, [&](llvm::raw_ostream &OS) {
              OS << Json;
              return llvm::Error::success();
            }))
      return E;
  }
  if (!O.Baseline.empty()) {
    auto B = policy::loadBaseline(O.Baseline);
    if (!B)
      return B.takeError();
    std::vector<bool> New = policy::isNew(*B, R.Findings);
    std::vector<Finding> Kept;
    for (size_t I = 0; I < R.Findings.size(); ++I)
      if (New[I])
        Kept.push_back(std::move(R.Findings[I]));
    R.Findings = std::move(Kept);
  }
  if (!O.ChangedSince.empty()) {
    auto C = policy::changedSince(Plan.Root, O.ChangedSince);
    if (!C)
      return C.takeError();
    std::vector<Finding> Kept;
    for (Finding &F : R.Findings)
      if (O.ChangedLines ? C->touches(F) : C->containsFile(F.Loc.File))
        Kept.push_back(std::move(F));
    R.Findings = std::move(Kept);
  }
  return llvm::Error::success();
}

} // namespace afalg
