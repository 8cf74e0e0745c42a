#include "Rule.h"

namespace afalg {

static const RuleInfo Rules[] = {
#define AFALG_RULE(Enum, Id, Sev, Prec, SecSev, Short, Full)                   \
  {RuleId::Enum, Id, Severity::Sev, Prec, SecSev, Short, Full},
#include "Rules.def"
};

llvm::ArrayRef<RuleInfo> allRules() { return Rules; }

const RuleInfo &ruleInfo(RuleId Id) { return Rules[static_cast<int>(Id)]; }

llvm::StringRef ruleName(RuleId Id) { return ruleInfo(Id).Name; }

std::optional<RuleId> ruleFromName(llvm::StringRef Name) {
  for (const RuleInfo &R : Rules)
    if (R.Name == Name)
      return R.Id;
  return std::nullopt;
}

llvm::StringRef severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

std::optional<Severity> severityFromName(llvm::StringRef Name) {
  if (Name == "note")
    return Severity::Note;
  if (Name == "warning")
    return Severity::Warning;
  if (Name == "error")
    return Severity::Error;
  return std::nullopt;
}

} // namespace afalg
