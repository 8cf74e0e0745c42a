#ifndef AFALG_DRIVER_PREFILTER_H
#define AFALG_DRIVER_PREFILTER_H

#include "Inputs.h"
#include "model/Facts.h"
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace afalg {

class FileStates;

/// The identifiers a TU must spell to hold facts about key K: a global's,
/// a field's or a function's name (for its parameters and return value);
/// none for keys private to one TU (locals, call results, site values).
/// False when K's name cannot be told from the key (C++ operators,
/// templates, unknown key kinds): then only parsing everything is safe.
bool keyIdentifiers(const Key &K, std::vector<std::string> &Names);

/// Parses the given TUs (in any order, possibly in parallel).
using ExtractFn = std::function<std::vector<TUFacts>(
    const std::vector<const ExtractRequest *> &)>;

struct PrefilterResult {
  /// Facts of the TUs parsed: sources, and headers no source includes.
  std::vector<TUFacts> Facts;
  /// TUs the text showed cannot change the findings: not parsed, counted
  /// as analysed (what the prefilter proved is an analysis result).
  unsigned Unparsed = 0;
  /// Project files of those TUs (relative path -> xxh3), so that policy
  /// steps that look at every file read (suppression comments, excluded
  /// files) see the same files as without the prefilter.
  std::map<std::string, std::string> FileHashes;
  unsigned Seeded = 0;  ///< TUs parsed for their own AF_ALG tokens
  unsigned Rounds = 0;  ///< link rounds of the second phase
  bool Widened = false; ///< a name could not be derived: parsed everything
};

/// The text prefilter (DESIGN §6), with zero loss of findings against
/// parsing every TU:
///  1. every TU whose text (main file and the project headers it includes,
///     transitively) holds an AF_ALG token or a socket()-like call that
///     might be one is parsed;
///  2. the facts are linked and the names of every key that link() would
///     consult beyond those TUs (model/Link.h relevantKeys: fields,
///     globals, functions that carry AF_ALG fds, addresses, algorithm
///     strings) are collected; every remaining TU that spells one of them
///     is parsed; repeat until no TU is added;
///  3. audit headers that no source includes are handled as in a plain
///     run, by the same relevance test.
/// A TU that is not parsed spells no name its facts could connect to the
/// AF_ALG graph, so its facts could not change link()'s result.
/// States: where file texts come from (driver/FileStates.h), made with
/// kcapiPrefixes(Plan); null scans every file anew.
PrefilterResult extractRelevant(const InputPlan &Plan, unsigned Jobs,
                                const ExtractFn &Extract,
                                FileStates *States = nullptr);

/// The config's kcapi-like prefixes of every input: AF_ALG tokens too.
std::vector<std::string> kcapiPrefixes(const InputPlan &Plan);

} // namespace afalg

#endif
