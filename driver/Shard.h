#ifndef AFALG_DRIVER_SHARD_H
#define AFALG_DRIVER_SHARD_H

#include "model/Facts.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace afalg {

/// --shard=K/N: this run analyses the TUs whose stable hash of their
/// project-relative path, mod N, is K-1. The hash depends on the path
/// only, so every machine splits a tree the same way.
struct ShardSpec {
  unsigned Index = 1, Count = 1; ///< K (1-based) and N
  bool selects(const std::string &RelPath) const;
};

/// Parses "K/N" (1 <= K <= N); the error says what is wrong.
std::optional<ShardSpec> parseShard(const std::string &Text,
                                    std::string &Error);

/// What one shard (or a whole run with --facts-out) hands to `afalg-scan
/// merge`: everything the report needs that only parsing can give. Paths
/// are relative to the root, so a merge can run on another machine.
struct FactsBundle {
  std::string ToolVersion;
  std::string Root; ///< informative; merge's --root says where the tree is
  bool Audit = false;
  ShardSpec Shard;
  std::vector<TUFacts> Sources;
  /// Audit headers that no source of this shard includes, parsed as TUs of
  /// their own; merge keeps those that no source of any shard includes.
  std::vector<TUFacts> Headers;
  std::vector<InputError> Errors;    ///< inputs that cannot be parsed
  std::vector<std::string> Excluded; ///< inputs the config excluded
};

/// Fails only when facts cannot be written as JSON (a path that is not
/// UTF-8 inside the facts).
llvm::Expected<std::string> bundleToJson(const FactsBundle &B);
llvm::Expected<FactsBundle> bundleFromJson(llvm::StringRef Text,
                                           llvm::StringRef Origin);

/// Checks that the bundles are the N shards of one split, each once, from
/// this tool's version; returns the TUs a single run would have analysed
/// and, in Errors and Excluded, the union of the shards' lists.
llvm::Expected<std::vector<TUFacts>>
combineBundles(std::vector<FactsBundle> Bundles, const std::string &Version,
               std::vector<InputError> &Errors,
               std::vector<std::string> &Excluded);

} // namespace afalg

#endif
