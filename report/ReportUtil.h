#ifndef AFALG_REPORT_REPORTUTIL_H
#define AFALG_REPORT_REPORTUTIL_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace afalg {
namespace report {

/// The findings of R in report order: (file, line, column, rule, message),
/// then every other field, so that the order is total and never depends on
/// the order the caller produced them in.
std::vector<const Finding *> sortedFindings(const ScanResult &R);
/// sortedFindings without the suppressed ones: what text-like reports show.
std::vector<const Finding *> reportedFindings(const ScanResult &R);

/// A copy of the sessions, sorted by id, with their lists sorted and unique.
std::vector<Session> sortedSessions(const ScanResult &R);

/// Input errors sorted by (file, message); skipped files sorted and unique.
std::vector<InputError> sortedErrors(const ScanResult &R);
std::vector<std::string> sortedSkipped(const ScanResult &R);

/// Number of distinct files among the findings.
unsigned countFiles(const std::vector<const Finding *> &Findings);

/// "1 note", "2 notes".
std::string plural(unsigned N, llvm::StringRef Singular,
                   llvm::StringRef PluralForm = "");

/// A project-relative '/'-separated path as a relative URI reference:
/// percent-encodes every byte outside RFC 3986's unreserved set and '/', so
/// spaces, '%', '#', '?', ':' and non-ASCII bytes cannot change its meaning.
std::string pathToUri(llvm::StringRef Path);

/// "afalg-openssl-engine" -> "AfalgOpensslEngine".
std::string camelCaseName(llvm::StringRef RuleName);

} // namespace report
} // namespace afalg

#endif
