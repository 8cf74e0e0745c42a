#ifndef AFALG_TESTS_REPORT_GOLDEN_H
#define AFALG_TESTS_REPORT_GOLDEN_H

#include <string>

namespace afalg {
namespace test {

/// The directory of the approved files (tests/golden/report).
std::string goldenDir();

/// Approval check in the style of Catch2's own approval tests: compares
/// Actual byte for byte with <Name>.approved.<Ext>. On a mismatch it writes
/// <Name>.received.<Ext> beside it (diff the two, then copy to approve) and
/// fails; with AFALG_UPDATE_GOLDEN=1 it rewrites the approved file instead.
void checkGolden(const std::string &Name, const std::string &Ext,
                 const std::string &Actual);

} // namespace test
} // namespace afalg

#endif
