#ifndef AFALG_MATCHERS_EXTRACTOR_H
#define AFALG_MATCHERS_EXTRACTOR_H

#include "ExtractContext.h"
#include "model/Facts.h"
#include <string>
#include <vector>

namespace afalg {

/// One translation unit to analyse: a complete, already sanitised compiler
/// command line (argv[0] first, the file included) and its directory.
struct ExtractRequest {
  std::string File;      ///< absolute path of the main file
  std::string Directory; ///< working directory of the command
  std::vector<std::string> Args;
  bool Audit = false; ///< skip missing #includes instead of failing
  /// Extra callee-name prefixes reported as afalg-kcapi (the config's
  /// kcapi-like-apis); part of the request so facts stay a function of it.
  std::vector<std::string> KcapiPrefixes;
};

/// Parses one TU with Clang and returns its facts. Never throws; a crash in
/// the compiler is caught and reported as a failed TU.
TUFacts extractTU(const ExtractRequest &Req, const ProjectInfo &Project);

} // namespace afalg

#endif
