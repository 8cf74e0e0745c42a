#ifndef AFALG_FIXES_APPLY_H
#define AFALG_FIXES_APPLY_H

#include "model/Finding.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace afalg {

struct ApplyOptions {
  std::string Root;    ///< absolute project root
  bool DryRun = false; ///< produce a diff, write nothing
  std::string CompatHeader = "afalg_compat.h";
};

/// One file's rewrite: byte edits on the content it had when analysed.
struct FileRewrite {
  std::string File; ///< project-relative
  std::string Before, After;
  unsigned Edits = 0;
};

struct ApplyResult {
  std::vector<FileRewrite> Files;
  std::vector<InputError> Refused; ///< files left untouched, and why
  std::string Diff;                ///< unified diff of every rewrite
};

/// Computes the rewrite of every file with fixable edits, checking that the
/// file is inside the root and unchanged since analysis; in place (unless
/// DryRun) each file is replaced atomically (temporary file and rename).
/// Applying the same result twice changes nothing the second time.
ApplyResult applyFixes(const ScanResult &R, const ApplyOptions &O);

/// clang-apply-replacements YAML for the same edits (absolute paths, byte
/// offsets), computed against the files as they are on disk.
std::string exportFixesYaml(const ScanResult &R, const ApplyOptions &O);

/// Copies the compat runtime's sources (for Lib) into Root/Dir, unless
/// identical copies are there; returns the build instructions to print.
llvm::Expected<std::string> installRuntime(const std::string &Root,
                                           const std::string &Dir,
                                           const std::string &Lib);

/// A unified diff of Before -> After for one file (a/ and b/ prefixes).
std::string unifiedDiff(const std::string &File, const std::string &Before,
                        const std::string &After);

} // namespace afalg

#endif
