#ifndef AFALG_REPORT_AUDITSUMMARY_H
#define AFALG_REPORT_AUDITSUMMARY_H

#include "model/Finding.h"
#include <map>
#include <string>
#include <vector>

namespace afalg {
namespace report {

/// What an audit wants at a glance: counts per rule, algorithm and
/// top-level directory (unsuppressed findings), and the sessions with the
/// Copy Fail shape.
struct AuditSummary {
  std::map<std::string, unsigned> ByRule, ByAlgorithm, ByDirectory;
  std::vector<const Session *> CopyFail; ///< sorted by id
};

AuditSummary summarize(const ScanResult &R);

} // namespace report
} // namespace afalg

#endif
