#ifndef AFALG_CONFIG_CONFIG_H
#define AFALG_CONFIG_CONFIG_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace afalg {

/// The file searched for upward from the first PATH.
inline constexpr const char *ConfigFileName = ".afalg-scan.yaml";

/// One rule's settings; an unset field keeps the built-in behaviour.
struct RuleSettings {
  std::optional<bool> Enabled;
  std::optional<Severity> Level;
  /// afalg-zerocopy only. The linker raises Copy Fail findings to error; a
  /// plain `severity` must not quietly lower the CVE shape, so only this
  /// key changes their level.
  std::optional<Severity> CopyFailLevel;
  friend bool operator==(const RuleSettings &A, const RuleSettings &B) {
    return A.Enabled == B.Enabled && A.Level == B.Level &&
           A.CopyFailLevel == B.CopyFailLevel;
  }
};

/// What a .afalg-scan.yaml says. Every field is optional: the command line
/// wins over it, and it wins over the built-in defaults.
struct Config {
  std::string File;    ///< the file read; "" for the built-in defaults
  std::string BaseDir; ///< absolute; globs and compat-dir are relative to it
  std::map<RuleId, RuleSettings> Rules;
  std::vector<std::string> Include, Exclude; ///< path globs
  bool HasFailOn = false;
  std::optional<Severity> FailOn;         ///< with HasFailOn; nullopt is "none"
  std::string FixTarget;                  ///< "" when not set
  std::string CompatDir;                  ///< "" when not set
  std::vector<std::string> KcapiPrefixes; ///< extra afalg-kcapi prefixes
};

/// Parses configuration text. Every error is "FILE:LINE:COL: message" and
/// names the offending key or value. BaseDir is stored as given.
llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef File,
                                   llvm::StringRef BaseDir);

/// Reads and parses File; BaseDir becomes File's (absolute) directory.
llvm::Expected<Config> loadConfig(const std::string &File);

/// The nearest .afalg-scan.yaml in the directory of Start (Start itself if
/// it is a directory) or any parent up to the filesystem root.
std::optional<std::string> findConfig(llvm::StringRef Start);

/// The configuration as YAML that parseConfig accepts, every rule spelled
/// out with its effective settings; byte-identical for equal inputs.
std::string dumpConfig(const Config &C);

/// Applies rule settings to linked findings: drops findings of disabled
/// rules (and sessions left without findings) and overrides severities.
void applyRuleSettings(ScanResult &R, const Config &C);

/// compat-dir, relative to the config file, as a path relative to Root
/// (what --compat-dir means); an error if it leaves Root.
llvm::Expected<std::string> compatDirUnder(const Config &C,
                                           llvm::StringRef Root);

} // namespace afalg

#endif
