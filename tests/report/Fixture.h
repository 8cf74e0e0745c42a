#ifndef AFALG_TESTS_REPORT_FIXTURE_H
#define AFALG_TESTS_REPORT_FIXTURE_H

#include "model/Finding.h"
#include "report/Reporter.h"
#include <string>

namespace afalg {
namespace test {

/// A realistic scan of two files: a hash session and a Copy-Fail-shaped
/// aead session, an unknown algorithm, a finding from an inactive #if, a
/// fixable finding with edits, messages with characters that need escaping,
/// a skipped file and a file that could not be analysed. The findings are
/// deliberately out of order: reporters must sort.
ScanResult fixtureResult();

/// Odd but legal input: unknown positions (0), paths that need URI
/// encoding, bytes that are not UTF-8, newlines in messages, a fix that
/// cannot be located, a partly known algorithm.
ScanResult edgeResult();

/// Fixed context for goldens: a version that never follows the project's.
ReportContext goldenContext();

/// Reads a whole file; "" when it does not exist.
std::string readFile(const std::string &Path);
bool fileExists(const std::string &Path);
/// Writes a whole file; fails the current test on error.
void writeFile(const std::string &Path, const std::string &Text);

} // namespace test
} // namespace afalg

#endif
