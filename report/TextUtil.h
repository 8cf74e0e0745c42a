#ifndef AFALG_REPORT_TEXTUTIL_H
#define AFALG_REPORT_TEXTUTIL_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace afalg {
namespace report {

/// S with every byte sequence that is not UTF-8 replaced by U+FFFD, as the
/// JSON reports do: a path or message from a Latin-1 source stays readable
/// and cannot make a text report invalid UTF-8.
std::string validUtf8(llvm::StringRef S);

/// Findings of each severity, indexed by static_cast<int>(Severity).
struct SeverityCounts {
  unsigned Of[3] = {0, 0, 0};
  unsigned operator[](Severity S) const { return Of[static_cast<int>(S)]; }
};
SeverityCounts countSeverities(const ScanResult &R);

/// The text report's closing line, without its newline: "11 findings
/// (2 errors, 7 warnings, 2 notes) in 2 files; 5 files analysed, 1 skipped,
/// 1 could not be analysed".
std::string summarySentence(const ScanResult &R);

} // namespace report
} // namespace afalg

#endif
