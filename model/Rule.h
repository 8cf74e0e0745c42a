#ifndef AFALG_MODEL_RULE_H
#define AFALG_MODEL_RULE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <array>
#include <optional>

namespace afalg {

/// How serious a finding is; ordered so that comparisons mean "at least".
enum class Severity { Note, Warning, Error };

/// Every rule the scanner knows, in the (sorted) order of Rules.def.
enum class RuleId {
#define AFALG_RULE(Enum, Id, Sev, Prec, SecSev, Short, Full) Enum,
#include "Rules.def"
};

/// Static description of one rule, as shown by --list-rules and SARIF.
struct RuleInfo {
  RuleId Id;
  llvm::StringRef Name;
  Severity DefaultSeverity;
  llvm::StringRef Precision;
  llvm::StringRef SecuritySeverity;
  llvm::StringRef ShortDescription;
  llvm::StringRef FullDescription;
};

llvm::ArrayRef<RuleInfo> allRules();
const RuleInfo &ruleInfo(RuleId Id);
llvm::StringRef ruleName(RuleId Id);
std::optional<RuleId> ruleFromName(llvm::StringRef Name);

llvm::StringRef severityName(Severity S); // "note" | "warning" | "error"
std::optional<Severity> severityFromName(llvm::StringRef Name);

} // namespace afalg

#endif
