#ifndef AFALG_POLICY_SUPPRESSIONS_H
#define AFALG_POLICY_SUPPRESSIONS_H

#include "model/Finding.h"
#include "policy/PolicyDiagnostic.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace afalg {
namespace policy {

/// One in-source suppression, written as a comment:
///   // afalg-scan: ignore[afalg-io,afalg-accept] reason
///   // afalg-scan: ignore-begin[afalg-*] reason ... // afalg-scan: ignore-end
///   // NOLINT(afalg-io)  // NOLINTNEXTLINE(afalg-*)  // NOLINTBEGIN ... END
/// It silences findings of Rules whose start line is in [Line, EndLine].
struct Suppression {
  std::string File;               ///< project-relative, '/'-separated
  unsigned Line = 0, EndLine = 0; ///< the lines it covers, inclusive
  unsigned DirectiveLine = 0;     ///< where it is written; problems point here
  std::vector<std::string> Rules; ///< concrete rule ids, sorted, never empty
  std::string Reason;             ///< "" when none was written
  std::string Kind;               ///< "afalg-scan" | "nolint"
  std::string Spelling;           ///< "ignore[afalg-io]", "NOLINT(afalg-*)"
  /// False for a bare NOLINT or NOLINT(*): those serve every linter, so
  /// silencing nothing of ours is no mistake.
  bool ReportUnused = true;
  bool Used = false; ///< set by applySuppressions()
};

/// Why a finding is suppressed: what SARIF calls an inSource suppression.
struct SuppressionInfo {
  std::string Kind;   ///< "afalg-scan" | "nolint"
  std::string Reason; ///< the justification ("" for a NOLINT without one)
  std::string File;   ///< where the suppression is written
  unsigned Line = 0;
};

struct SuppressionResult {
  /// Indexed like the findings given to applySuppressions().
  std::vector<std::optional<SuppressionInfo>> Suppressed;
  /// Suppressions that silenced nothing, sorted.
  std::vector<PolicyDiagnostic> Problems;
};

/// The suppressions written in the comments of one source file. Malformed
/// markup is reported in Problems (appended, in line order): an afalg-scan
/// suppression without a reason, an unknown rule id, an empty or unclosed
/// rule list, an unknown "afalg-scan: ignore..." directive, a begin without
/// an end (such a block suppresses nothing) and an end without a begin.
/// NOLINT forms need no reason; NOLINT lists naming only other tools' checks
/// are not ours and are skipped.
std::vector<Suppression>
parseSuppressions(llvm::StringRef RelPath, llvm::StringRef Text,
                  std::vector<PolicyDiagnostic> &Problems);

/// Matches findings against suppressions (of any number of files), marks
/// every suppression that covers a finding as Used, and reports the ones
/// that silence nothing. When several cover one finding, the narrowest is
/// the one reported.
SuppressionResult applySuppressions(const std::vector<Finding> &Findings,
                                    std::vector<Suppression> &Sups);

} // namespace policy
} // namespace afalg

#endif
