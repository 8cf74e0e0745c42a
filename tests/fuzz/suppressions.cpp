// parseSuppressions() on fuzzed source text, then matching against
// findings on its first lines: comments are written by anyone.
#include "policy/Suppressions.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  std::vector<policy::PolicyDiagnostic> Problems;
  std::vector<policy::Suppression> Sups =
      policy::parseSuppressions("f.c", Text, Problems);
  std::vector<Finding> Findings;
  for (unsigned Line = 1; Line <= 8; ++Line)
    for (const RuleInfo &R : allRules()) {
      Finding F;
      F.Rule = R.Id;
      F.Loc.File = "f.c";
      F.Loc.Line = Line;
      Findings.push_back(F);
    }
  policy::applySuppressions(Findings, Sups);
  return 0;
}
