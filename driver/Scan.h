#ifndef AFALG_DRIVER_SCAN_H
#define AFALG_DRIVER_SCAN_H

#include "Inputs.h"
#include "Shard.h"
#include "model/Facts.h"
#include <functional>

namespace afalg {

class ResultCache;

/// Called after each TU: (done, total, file). Used for terminal progress.
using ProgressFn = std::function<void(unsigned, unsigned, const std::string &)>;

/// How a scan runs (issue 6, "speed and scale").
struct ScanConfig {
  unsigned Jobs = 0; ///< parallel TUs; 0: all cores
  ProgressFn Progress;
  ResultCache *Cache = nullptr; ///< driver/Cache.h; null: parse every TU
  bool Prefilter = true;        ///< driver/Prefilter.h
};

/// Time one phase of a run took: wall and this process's CPU (user +
/// system; isolated workers not included), in seconds.
struct PhaseTime {
  std::string Name;
  double Wall = 0, Cpu = 0;
};

/// Measures from construction to add().
class PhaseClock {
public:
  PhaseClock();
  /// Appends the time since construction (or the last add) to Into.
  void add(const char *Name, std::vector<PhaseTime> &Into);

private:
  double Wall, Cpu;
};

/// What a scan did, for --stats and the benchmarks.
struct ScanStats {
  unsigned TUs = 0;              ///< TUs a run without prefilter would analyse
  unsigned Extracted = 0;        ///< TUs extracted (parsed or from the cache)
  unsigned Prefiltered = 0;      ///< TUs the prefilter left unparsed
  unsigned Seeded = 0;           ///< TUs with AF_ALG tokens of their own
  unsigned Rounds = 0;           ///< prefilter link rounds
  bool Widened = false;          ///< the prefilter gave up and parsed all
  unsigned FilesRead = 0;        ///< files read for their text or hash
  unsigned FilesKnown = 0;       ///< files known from the cache by their stamp
  bool PlanCached = false;       ///< the database's plan came from the cache
  std::vector<PhaseTime> Phases; ///< in the order they ran
};

/// Extracts the planned TUs on Jobs threads (through the cache, skipping
/// what the prefilter proves irrelevant), links the facts and accounts for
/// every input: analysed, partial or failed.
ScanResult runScan(const InputPlan &Plan, const ScanConfig &Config,
                   ScanStats *Stats = nullptr);
/// Prefilter on, no cache.
ScanResult runScan(const InputPlan &Plan, unsigned Jobs,
                   const ProgressFn &Progress = nullptr);

/// --shard: extracts this shard's sources and its audit headers that none
/// of them includes (no prefilter: relevance needs every shard's facts),
/// with paths relative to the root, for `afalg-scan merge`.
FactsBundle extractShard(const InputPlan &Plan, const ShardSpec &Shard,
                         const ScanConfig &Config, ScanStats *Stats = nullptr);

/// link() plus the accounting of inputs (analysed, partial, errors), for
/// facts whose MainFile is absolute under Root or already relative.
ScanResult assembleScan(const std::vector<TUFacts> &Facts,
                        const std::vector<InputError> &PlanErrors,
                        const std::string &Root);

/// Extract only, in plan order; exposed for tests and for sharding.
std::vector<TUFacts> extractAll(const InputPlan &Plan, unsigned Jobs,
                                const ProgressFn &Progress = nullptr);

/// Why a file cannot be parsed at all (unreadable, binary), or "".
std::string unparseableReason(const std::string &File);

} // namespace afalg

#endif
