#ifndef AFALG_POLICY_GITCHANGES_H
#define AFALG_POLICY_GITCHANGES_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <vector>

namespace afalg {
namespace policy {

/// Lines [Begin, End] of the new version of a file, 1-based, inclusive.
struct LineRange {
  unsigned Begin = 0, End = 0;
  friend bool operator==(const LineRange &A, const LineRange &B) {
    return A.Begin == B.Begin && A.End == B.End;
  }
};

struct FileChange {
  bool WholeFile = false;        ///< added or untracked: every line is new
  std::vector<LineRange> Ranges; ///< sorted, merged, disjoint
};

/// What changed in a work tree since a revision, so that a CI lint can
/// report only findings on lines a change touched.
struct ChangedFiles {
  /// Keyed by path relative to the project root, '/'-separated, like
  /// Finding::Loc.File. Deleted files are absent (nothing to report there).
  std::map<std::string, FileChange> Files;

  bool containsFile(llvm::StringRef File) const;
  /// Whether a line of [Line, max(Line, EndLine)] in File changed: editing
  /// the second line of a wrapped call touches the call.
  bool touches(llvm::StringRef File, unsigned Line, unsigned EndLine) const;
  bool touches(const Finding &F) const;
};

/// The changed lines of a `git diff --unified=0` (new-file side). It
/// expects git's "a/" and "b/" prefixes, unquotes C-quoted paths, drops the
/// tab git appends to names with spaces, skips deletions and
/// "\ No newline at end of file", and counts hunk lines, so a removed line
/// that reads "-- x" is never taken for a "--- " header. Renamed files are
/// listed under their new name with only their edited lines. Pure-deletion
/// hunks (+c,0) add no line. A malformed hunk is an error, never a silent
/// "nothing changed".
llvm::Expected<ChangedFiles> parseUnifiedDiff(llvm::StringRef Diff);

/// What changed in the work tree under RepoRoot since Ref: committed,
/// staged and unstaged edits (git diff Ref), and untracked files that are
/// not ignored (whole files). RepoRoot may be a subdirectory of the
/// repository; paths are then relative to it and changes outside it are
/// left out. "REF..." (three dots) means the merge base of REF and HEAD,
/// what a pull request changed. A Ref that starts with '-' is refused.
llvm::Expected<ChangedFiles> changedSince(llvm::StringRef RepoRoot,
                                          llvm::StringRef Ref);

} // namespace policy
} // namespace afalg

#endif
