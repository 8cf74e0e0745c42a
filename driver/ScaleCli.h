#ifndef AFALG_DRIVER_SCALECLI_H
#define AFALG_DRIVER_SCALECLI_H

#include "Cache.h"
#include "Inputs.h"
#include "Options.h"
#include "Scan.h"
#include "Shard.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace afalg {

// The command-line side of the cache, the shards and merge, kept out of
// App.cpp's flow (README "Scale").

/// --cache-dir, else $AFALG_SCAN_CACHE_DIR (unless --no-cache). A cache
/// that cannot be used is a warning: it only ever saves time.
std::unique_ptr<ResultCache> openCache(const Options &O,
                                       llvm::raw_ostream &Err);

/// merge: reads the facts files named as PATHs. Points O at the project
/// root (--root, else the shards' root if it exists here, else the working
/// directory) so the configuration and in-source suppressions are found.
llvm::Error loadBundles(Options &O, std::vector<FactsBundle> &Bundles);

/// merge: the plan a single run would have had, as far as the report
/// needs one (the root, for suppressions and fixes).
InputPlan mergePlan(const Options &O, const std::vector<FactsBundle> &B);

/// merge: link and account as a single run does. Excluded receives the
/// shards' excluded inputs as absolute paths under Root.
llvm::Expected<ScanResult> mergeBundles(std::vector<FactsBundle> Bundles,
                                        const std::string &Root,
                                        std::vector<std::string> &Excluded);

/// --facts-out (with or without --shard): extracts and writes the facts.
/// Returns the exit code.
int writeFactsOut(const Options &O, const InputPlan &Plan,
                  const ScanConfig &Config,
                  const std::vector<std::string> &Excluded,
                  llvm::raw_ostream &Err);

/// --stats: one line on Err.
void printStats(const ScanStats &S, const ResultCache *Cache,
                llvm::raw_ostream &Err);

} // namespace afalg

#endif
