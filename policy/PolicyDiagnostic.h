#ifndef AFALG_POLICY_POLICYDIAGNOSTIC_H
#define AFALG_POLICY_POLICYDIAGNOSTIC_H

#include <string>
#include <tuple>

namespace afalg {
namespace policy {

/// A problem with the project's own policy markup (a suppression without a
/// reason, one that suppresses nothing, an unterminated block, an unknown
/// rule id). The CLI turns each into a finding of a meta rule, so a CI lint
/// fails on sloppy suppressions the same way it fails on findings.
struct PolicyDiagnostic {
  std::string File; // project-relative, '/'-separated
  unsigned Line = 0;
  std::string Message;
  friend bool operator<(const PolicyDiagnostic &A, const PolicyDiagnostic &B) {
    return std::tie(A.File, A.Line, A.Message) <
           std::tie(B.File, B.Line, B.Message);
  }
  friend bool operator==(const PolicyDiagnostic &A, const PolicyDiagnostic &B) {
    return std::tie(A.File, A.Line, A.Message) ==
           std::tie(B.File, B.Line, B.Message);
  }
};

} // namespace policy
} // namespace afalg

#endif
