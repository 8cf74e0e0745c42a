#ifndef AFALG_DRIVER_OPTIONS_H
#define AFALG_DRIVER_OPTIONS_H

#include "model/Finding.h"
#include <optional>
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
  std::string CompatDir = "afalg_compat"; ///< where --fix puts the runtime
  std::string Baseline, WriteBaseline;    ///< --baseline, --write-baseline
  std::string ChangedSince;               ///< --changed-since REF
  bool ChangedLines = false;              ///< --changed-lines
  bool ListRules = false, Version = false, Help = false;
  bool Quiet = false;
};

/// Parses argv (without argv[0]); the error names the bad option.
std::optional<Options> parseOptions(const std::vector<std::string> &Args,
                                    std::string &Error);

const char *usageText();

} // namespace afalg

#endif
