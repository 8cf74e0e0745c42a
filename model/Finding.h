#ifndef AFALG_MODEL_FINDING_H
#define AFALG_MODEL_FINDING_H

#include "Rule.h"
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace afalg {

/// How sure the scanner is: High from the AST, Medium from the token
/// fallback in a file whose parse had errors, Low from inactive #if code.
enum class Confidence { Low, Medium, High };
llvm::StringRef confidenceName(Confidence C);

/// A kernel algorithm as bound through salg_type/salg_name.
struct Algorithm {
  std::string Type; // "hash", "skcipher", "aead", "rng", or "" if unknown
  std::string Name; // "gcm(aes)", or "" if unknown
  bool empty() const { return Type.empty() && Name.empty(); }
  friend bool operator<(const Algorithm &A, const Algorithm &B) {
    return std::tie(A.Type, A.Name) < std::tie(B.Type, B.Name);
  }
  friend bool operator==(const Algorithm &A, const Algorithm &B) {
    return A.Type == B.Type && A.Name == B.Name;
  }
};

/// A range in a file. File is relative to the project root, '/'-separated;
/// lines and columns are 1-based; End* point at the last character.
struct Range {
  std::string File;
  unsigned Line = 0, Column = 0, EndLine = 0, EndColumn = 0;
  friend bool operator<(const Range &A, const Range &B) {
    return std::tie(A.File, A.Line, A.Column, A.EndLine, A.EndColumn) <
           std::tie(B.File, B.Line, B.Column, B.EndLine, B.EndColumn);
  }
  friend bool operator==(const Range &A, const Range &B) {
    return std::tie(A.File, A.Line, A.Column, A.EndLine, A.EndColumn) ==
           std::tie(B.File, B.Line, B.Column, B.EndLine, B.EndColumn);
  }
};

/// One text edit of a fix, in the same coordinates as Range (End exclusive
/// when it equals Begin for an insertion).
struct Replacement {
  Range Where;
  std::string Text;
};

/// What the fixer can do with a finding.
struct FixInfo {
  bool Fixable = false;
  std::string Reason; // why not, or what the fix does
  std::vector<Replacement> Edits;
};

/// The value that flows from extraction to the reporters. It needs no live
/// SourceManager, so it can be cached, merged across shards and reported.
struct Finding {
  RuleId Rule = RuleId::Socket;
  Severity Level = Severity::Warning;
  Confidence Conf = Confidence::High;
  Range Loc;
  std::string Function; // enclosing function, "" at file scope
  std::string Message;
  std::string Session;       // "" when not part of a socket session
  Algorithm Alg;             // the first (or only) known algorithm
  bool AlgSupported = false; // Alg has an equivalent in the fix target
  FixInfo Fix;
  /// Silenced by an in-source suppression: still reported in JSON and
  /// SARIF (with the justification), never counted for the exit code.
  bool Suppressed = false;
  std::string SuppressionKind;   ///< "afalg-scan" | "nolint"
  std::string SuppressionReason; ///< the justification written
  // Inputs of the fix planners (not part of the report contract).
  std::string Callee;         ///< called function, for call findings
  Range CalleeLoc;            ///< its name token
  bool CalleeInMacro = false; ///< spelled inside a #define body
};

/// One socket's life: every finding that shares the session id.
struct Session {
  std::string Id;
  std::vector<Algorithm> Algorithms;  // every candidate, sorted
  std::vector<std::string> Functions; // sorted, unique
  std::vector<std::string> Files;     // sorted, unique
  Severity Level = Severity::Warning;
  bool CopyFailShape = false; // aead fed by splice/sendfile/vmsplice
};

/// A file that could not be analysed, or analysed only in part.
struct InputError {
  std::string File;
  std::string Message;
};

/// Everything a reporter needs.
struct ScanResult {
  std::vector<Finding> Findings; // sorted by (file, line, column, rule)
  std::vector<Session> Sessions; // sorted by id
  unsigned Analysed = 0;
  std::vector<std::string> Skipped; // files skipped (prefilter, excluded)
  std::vector<InputError> Errors;   ///< not analysed, or analysed with errors
  std::vector<InputError> Partial;  ///< analysed without some headers (audit)
  /// Content hash (xxh3, hex) of every project file when it was analysed,
  /// so a fix never lands on a file that changed since.
  std::map<std::string, std::string> FileHashes;
  /// Files of FileHashes whose text, as analysed, spells no suppression
  /// directive (no "afalg-scan:", no "NOLINT"): the suppression step need
  /// not read them again. Filled by the prefilter; empty means "read all".
  std::set<std::string> NoDirectives;
};

} // namespace afalg

#endif
