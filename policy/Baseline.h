#ifndef AFALG_POLICY_BASELINE_H
#define AFALG_POLICY_BASELINE_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace afalg {
namespace policy {

/// One finding of an earlier report, reduced to its fingerprint and to
/// what a "fixed since the baseline" listing shows.
struct BaselineEntry {
  std::string Fingerprint; ///< report::computeFingerprints' recipe
  std::string Rule;
  std::string File;
  unsigned Line = 0; ///< informational only: matching never uses it
  std::string Message;
};

/// The findings of an earlier afalg-scan report (JSON or SARIF), so that a
/// CI gate can fail only on findings that are new since then.
struct Baseline {
  enum class Format { Json, Sarif };
  std::string Path;
  Format Kind = Format::Json;
  std::vector<BaselineEntry> Entries; ///< in the report's order
  /// Rule ids of a JSON baseline that this build does not know (a newer
  /// afalg-scan wrote it). Their findings are left out: nothing can match
  /// them. Sorted, unique; the CLI may warn.
  std::vector<std::string> UnknownRules;
};

/// Reads a baseline: an afalg-scan JSON report ("schema": "afalg-scan/1"),
/// whose fingerprints are recomputed from its findings, or a SARIF 2.1.0
/// log written by afalg-scan, whose results carry them in
/// partialFingerprints. Runs of other tools in a merged SARIF log are
/// skipped, and so are results with "baselineState": "absent". Every
/// problem is an error naming the file and the JSON path
/// ("base.json: findings[3].line: expected an unsigned integer, got string").
llvm::Expected<Baseline> loadBaseline(llvm::StringRef Path);

/// loadBaseline() on text already read; Name stands for the file in errors.
llvm::Expected<Baseline> parseBaseline(llvm::StringRef Text,
                                       llvm::StringRef Name);

/// The fingerprint of each finding, indexed like Findings. They are
/// computed in report order (report::sortedFindings), exactly as the SARIF
/// reporter computes them, since the occurrence index depends on it.
std::vector<std::string> fingerprintsOf(const std::vector<Finding> &Findings);

struct BaselineMatch {
  std::vector<bool> New;     ///< indexed like the findings
  std::vector<size_t> Fixed; ///< indices of Entries that nothing matched
};

/// Matches findings one-to-one against the baseline by fingerprint: a line
/// move keeps a match, and of N identical findings in one function only
/// those beyond the baseline's count are new. Findings must be the whole
/// set the report will contain (the occurrence index counts them all).
/// Against a JSON baseline, strings are first passed through the JSON
/// reporter's UTF-8 repair, so a message with Latin-1 bytes still matches.
BaselineMatch matchBaseline(const Baseline &B,
                            const std::vector<Finding> &Findings);

/// matchBaseline(B, Findings).New.
std::vector<bool> isNew(const Baseline &B,
                        const std::vector<Finding> &Findings);

// Writing a baseline needs no function here: a baseline is an ordinary
// report, so the CLI writes renderJson() (or renderSarif()) of the run.

} // namespace policy
} // namespace afalg

#endif
