#ifndef AFALG_TESTS_EXPECTATIONS_H
#define AFALG_TESTS_EXPECTATIONS_H

#include "model/Finding.h"
#include <optional>
#include <string>
#include <vector>

namespace afalg {

/// One `// expect:` item: a finding the scanner must produce.
struct Expectation {
  std::string File; ///< project-relative, as in findings
  unsigned Line = 0;
  std::string Rule;
  std::optional<Algorithm> Alg;
  std::optional<Confidence> Conf;
  bool Flow = false; ///< tagged [flow]: needs cross-function data flow
};

struct ExpectationSet {
  std::vector<Expectation> Items;
  std::vector<std::string> NoFindingFiles; ///< `// expect-no-findings`
  std::vector<std::string> Errors;         ///< malformed annotations
};

/// Parses the inline annotations of one file's text (see
/// tests/fixtures/README.md for the syntax).
void parseExpectations(const std::string &RelPath, const std::string &Text,
                       ExpectationSet &Out);

/// The differences between expectations and findings, one line each
/// ("file:line: missing afalg-io"); empty when they agree.
std::vector<std::string> compareFindings(const ExpectationSet &Expected,
                                         const std::vector<Finding> &Actual);

} // namespace afalg

#endif
