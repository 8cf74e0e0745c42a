#ifndef AFALG_DRIVER_OPTIONS_H
#define AFALG_DRIVER_OPTIONS_H

#include "model/Finding.h"
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace afalg {

enum class OutputFormat { Text, Json, Sarif, Cbom, Github, Markdown };

/// Everything the command line says, validated.
struct Options {
  std::vector<std::string> Paths;     ///< default "."
  std::string BuildDir;               ///< -p
  std::string Root;                   ///< --root (default: derived)
  std::vector<std::string> ExtraArgs; ///< after "--"
  unsigned Jobs = 0;                  ///< 0: all cores
  OutputFormat Format = OutputFormat::Text;
  std::string Output = "-";
  std::optional<Severity> FailOn = Severity::Warning; ///< nullopt: never
  std::string FixTarget;                              ///< --fix=LIB
  bool DryRun = false;
  std::string ExportFixes;
  std::string FixStrategy = "auto"; ///< --fix-strategy: auto|native|compat
  std::string CompatDir = "afalg_compat"; ///< where --fix puts the runtime
  std::string Baseline, WriteBaseline;    ///< --baseline, --write-baseline
  std::string ChangedSince;               ///< --changed-since REF
  bool ChangedLines = false;              ///< --changed-lines
  bool ListRules = false, Version = false, Help = false;
  bool Quiet = false;
  // Speed and scale (README "Scale").
  std::string CacheDir;        ///< --cache-dir (else $AFALG_SCAN_CACHE_DIR)
  bool NoCache = false;        ///< --no-cache: ignore the environment too
  bool Prefilter = true;       ///< --no-prefilter turns it off
  unsigned ShardIndex = 0;     ///< --shard=K/N: K (1-based); 0: no shard
  unsigned ShardCount = 0;     ///<   and N
  std::string FactsOut;        ///< --facts-out FILE: facts, not a report
  bool Merge = false;          ///< `afalg-scan merge FACTS...`
  bool Stats = false;          ///< --stats: cache and prefilter counts
  std::optional<bool> Isolate; ///< --[no-]isolate; default: on in the CLI
  unsigned TuTimeout = 300;    ///< --tu-timeout=SECONDS per isolated TU

  // The config file (.afalg-scan.yaml) fills in what the command line
  // leaves unset; Explicit says what it set ("--fail-on", "--fix", ...).
  std::string ConfigFile;         ///< --config FILE
  bool NoConfig = false;          ///< --no-config
  bool DumpConfig = false;        ///< --dump-config
  bool FixRequested = false;      ///< --fix, with or without LIB
  std::set<std::string> Explicit; ///< options given on the command line
};

/// Parses argv (without argv[0]); the error names the bad option.
std::optional<Options> parseOptions(const std::vector<std::string> &Args,
                                    std::string &Error);

const char *usageText();

} // namespace afalg

#endif
