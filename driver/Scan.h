#ifndef AFALG_DRIVER_SCAN_H
#define AFALG_DRIVER_SCAN_H

#include "Inputs.h"
#include "model/Facts.h"
#include <functional>

namespace afalg {

/// Called after each TU: (done, total, file). Used for terminal progress.
using ProgressFn = std::function<void(unsigned, unsigned, const std::string &)>;

/// Extracts every planned TU on Jobs threads (0: all cores), links the
/// facts and accounts for every input: analysed, partial or failed.
ScanResult runScan(const InputPlan &Plan, unsigned Jobs,
                   const ProgressFn &Progress = nullptr);

/// Extract only, in plan order; exposed for tests and for sharding.
std::vector<TUFacts> extractAll(const InputPlan &Plan, unsigned Jobs,
                                const ProgressFn &Progress = nullptr);

/// Why a file cannot be parsed at all (unreadable, binary), or "".
std::string unparseableReason(const std::string &File);

} // namespace afalg

#endif
