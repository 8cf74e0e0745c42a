#ifndef AFALG_DRIVER_INPUTS_H
#define AFALG_DRIVER_INPUTS_H

#include "Options.h"
#include "matchers/Extractor.h"
#include "model/Finding.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace afalg {

/// What to analyse, decided once before any parsing.
struct InputPlan {
  std::string Root;     ///< absolute project root
  bool Audit = false;   ///< no compile database
  std::string Database; ///< compile_commands.json used, if any
  std::vector<ExtractRequest> Sources;
  std::vector<ExtractRequest> Headers; ///< audit: parsed unless included
  std::vector<InputError> Errors;      ///< inputs that cannot be parsed
  bool FromCache = false; ///< the database's plan came from the cache
};

class ResultCache;

/// The resource directory of the Clang this tool was built against.
std::string clangResourceDir();

/// Finds the inputs: a compile database (-p, next to PATH, ./build) or an
/// audit walk of the PATHs. Fails only on configuration errors (a database
/// that cannot be read, a PATH that does not exist). With a Cache, the plan
/// of an unchanged database is kept there (driver/PlanCache.h).
llvm::Expected<InputPlan> planInputs(const Options &O,
                                     const ResultCache *Cache = nullptr);

/// Checks that a compile_commands.json file is what the format says (an
/// array of objects with string fields, "arguments" an array of strings),
/// naming the entry and field that is not. CompileDbCheck.cpp. Content:
/// the file's bytes, when already read.
llvm::Error checkCompileDatabase(const std::string &Path);
llvm::Error checkCompileDatabase(const std::string &Path,
                                 llvm::StringRef Content);

/// Removes flags that load code or write files from an untrusted compile
/// command, and appends what the analysis needs (-fsyntax-only, ...).
/// Response files inside Root are expanded (relative to Directory, the
/// command's working directory), others dropped. See Sanitize.cpp.
std::vector<std::string> sanitizeCommand(const std::vector<std::string> &Cmd,
                                         const std::string &Root,
                                         const std::string &Directory = "");

} // namespace afalg

#endif
