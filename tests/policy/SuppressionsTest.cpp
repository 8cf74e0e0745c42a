// Inline suppressions: every form, the placement rules, the problems the
// CI lint must report, and comment-looking text inside literals.

#include "policy/Suppressions.h"

#include <catch2/catch.hpp>

using namespace afalg;
using namespace afalg::policy;

namespace {

Finding finding(RuleId Rule, unsigned Line, std::string File = "src/a.c") {
  Finding F;
  F.Rule = Rule;
  F.Loc = Range{std::move(File), Line, 3, Line, 20};
  F.Function = "f";
  F.Message = "m";
  return F;
}

struct Run {
  std::vector<Suppression> Sups;
  std::vector<PolicyDiagnostic> ParseProblems;
  SuppressionResult Result;
};

/// Parses Text as src/a.c and applies it to the findings.
Run run(const std::string &Text, const std::vector<Finding> &Findings) {
  Run R;
  R.Sups = parseSuppressions("src/a.c", Text, R.ParseProblems);
  R.Result = applySuppressions(Findings, R.Sups);
  return R;
}

std::vector<bool> suppressed(const Run &R) {
  std::vector<bool> Out;
  for (const auto &S : R.Result.Suppressed)
    Out.push_back(S.has_value());
  return Out;
}

std::vector<std::string> messages(const std::vector<PolicyDiagnostic> &P) {
  std::vector<std::string> Out;
  for (const PolicyDiagnostic &D : P)
    Out.push_back(std::to_string(D.Line) + ": " + D.Message);
  return Out;
}

using B = std::vector<bool>;

} // namespace

TEST_CASE("ignore on the finding's line or alone on the line before",
          "[policy][suppress]") {
  std::string Text = "void f(int fd) {\n" // 1
                     "  write(fd, b, n); // afalg-scan: ignore[afalg-io] "
                     "-- test vector only\n"                                // 2
                     "  // afalg-scan: ignore[afalg-io]: known slow path\n" // 3
                     "  read(fd, b, n);\n"                                  // 4
                     "  read(fd, b, n);\n"                                  // 5
                     "}\n";
  Run R = run(Text, {finding(RuleId::Io, 2), finding(RuleId::Io, 4),
                     finding(RuleId::Io, 5)});
  CHECK(suppressed(R) == B{true, true, false});
  REQUIRE(R.Result.Suppressed[0]);
  CHECK(R.Result.Suppressed[0]->Kind == "afalg-scan");
  CHECK(R.Result.Suppressed[0]->Reason == "test vector only");
  CHECK(R.Result.Suppressed[0]->Line == 2);
  CHECK(R.Result.Suppressed[1]->Reason == "known slow path");
  CHECK(R.ParseProblems.empty());
  CHECK(R.Result.Problems.empty());
}

TEST_CASE("a trailing ignore does not swallow the next statement",
          "[policy][suppress]") {
  std::string Text = "write(fd, b, n); // afalg-scan: ignore[afalg-io] ok\n"
                     "write(fd, b, n);\n";
  Run R = run(Text, {finding(RuleId::Io, 1), finding(RuleId::Io, 2)});
  CHECK(suppressed(R) == B{true, false});
}

TEST_CASE("rule lists: several, the wildcard, globs, and no list",
          "[policy][suppress]") {
  std::string Text = "// afalg-scan: ignore[afalg-io, afalg-accept] r1\n" // 1
                     "x;\n"                                               // 2
                     "// afalg-scan: ignore[*] r2\n"                      // 3
                     "x;\n"                                               // 4
                     "// afalg-scan: ignore r3\n"                         // 5
                     "x;\n"                                               // 6
                     "// afalg-scan: ignore[afalg-s*] r4\n"               // 7
                     "x;\n";                                              // 8
  Run R = run(Text, {finding(RuleId::Io, 2), finding(RuleId::Accept, 2),
                     finding(RuleId::Socket, 2), finding(RuleId::Bind, 4),
                     finding(RuleId::Kcapi, 6), finding(RuleId::Socket, 8),
                     finding(RuleId::Sockaddr, 8), finding(RuleId::Bind, 8)});
  CHECK(suppressed(R) == B{true, true, false, true, true, true, true, false});
  CHECK(R.ParseProblems.empty());
  CHECK(R.Result.Problems.empty());
}

TEST_CASE("ignore-begin ... ignore-end blocks, nested", "[policy][suppress]") {
  std::string Text =
      "// afalg-scan: ignore-begin[afalg-io] legacy path\n"    // 1
      "write(fd, b, n);\n"                                     // 2
      "/* afalg-scan: ignore-begin[afalg-accept] fixture */\n" // 3
      "accept(fd, 0, 0);\n"                                    // 4
      "/* afalg-scan: ignore-end */\n"                         // 5
      "accept(fd, 0, 0);\n"                                    // 6
      "// afalg-scan: ignore-end[afalg-io]\n"                  // 7
      "write(fd, b, n);\n";                                    // 8
  Run R = run(Text, {finding(RuleId::Io, 2), finding(RuleId::Accept, 4),
                     finding(RuleId::Accept, 6), finding(RuleId::Io, 6),
                     finding(RuleId::Io, 8)});
  CHECK(suppressed(R) == B{true, true, false, true, false});
  CHECK(R.Result.Suppressed[1]->Reason == "fixture");
  CHECK(R.ParseProblems.empty());
}

TEST_CASE("block problems: unterminated, stray end, mismatched end",
          "[policy][suppress]") {
  std::string Text = "// afalg-scan: ignore-end\n"                 // 1
                     "// afalg-scan: ignore-begin[afalg-io] why\n" // 2
                     "// afalg-scan: ignore-end[afalg-bind]\n"     // 3
                     "// afalg-scan: ignore-begin[afalg-io] why\n" // 4
                     "write(fd, b, n);\n";                         // 5
  Run R = run(Text, {finding(RuleId::Io, 5)});
  // Fail closed: an unterminated block suppresses nothing.
  CHECK(suppressed(R) == B{false});
  CHECK(messages(R.ParseProblems) ==
        std::vector<std::string>{
            "1: 'afalg-scan: ignore-end' without a matching 'afalg-scan: "
            "ignore-begin'",
            "3: 'afalg-scan: ignore-end[afalg-bind]' closes 'afalg-scan: "
            "ignore-begin[afalg-io]' of line 2; the lists differ",
            "4: 'afalg-scan: ignore-begin[afalg-io]' has no matching "
            "'afalg-scan: ignore-end'; it suppresses nothing"});
  // The closed (if mismatched) block of lines 2-3 covered nothing.
  CHECK(messages(R.Result.Problems) ==
        std::vector<std::string>{
            "2: 'afalg-scan: ignore-begin[afalg-io]' suppresses nothing; "
            "remove it"});
}

TEST_CASE("block comments: inline, before code, and box style",
          "[policy][suppress]") {
  std::string Text = "/* afalg-scan: ignore[afalg-bind] a */ bind(fd);\n" // 1
                     "bind(fd);\n"                                        // 2
                     "/*\n"                                               // 3
                     " * afalg-scan: ignore[afalg-socket] kernel test\n"  // 4
                     " */\n"                                              // 5
                     "socket(AF_ALG, 5, 0);\n"                            // 6
                     "/// afalg-scan: ignore[afalg-kcapi] doc comment\n"  // 7
                     "kcapi_md_init();\n";                                // 8
  Run R = run(Text, {finding(RuleId::Bind, 1), finding(RuleId::Bind, 2),
                     finding(RuleId::Socket, 6), finding(RuleId::Kcapi, 8)});
  CHECK(suppressed(R) == B{true, false, true, true});
  CHECK(R.Result.Suppressed[2]->Reason == "kernel test");
  CHECK(R.ParseProblems.empty());
}

TEST_CASE("clang-tidy NOLINT forms", "[policy][suppress][nolint]") {
  std::string Text =
      "write(fd, b, n); // NOLINT(afalg-io)\n"                    // 1
      "// NOLINTNEXTLINE(afalg-*)\n"                              // 2
      "accept(fd, 0, 0);\n"                                       // 3
      "socket(AF_ALG, 5, 0); // NOLINT\n"                         // 4
      "bind(fd); // NOLINT(bugprone-foo)\n"                       // 5
      "// NOLINTBEGIN(afalg-bind, misc-x)\n"                      // 6
      "bind(fd);\n"                                               // 7
      "// NOLINTEND(afalg-bind,misc-x)\n"                         // 8
      "bind(fd); /* NOLINT(*,-afalg-bind): clang-tidy style */\n" // 9
      "bind(fd); // NOLINTNEXTLINE\n"                             // 10
      "bind(fd); // NOLINTFOO NOLINTx\n";                         // 11
  Run R = run(Text, {finding(RuleId::Io, 1), finding(RuleId::Accept, 3),
                     finding(RuleId::Socket, 4), finding(RuleId::Bind, 5),
                     finding(RuleId::Bind, 7), finding(RuleId::Bind, 9),
                     finding(RuleId::Bind, 10), finding(RuleId::Bind, 11)});
  // Line 9: clang-tidy drops negative globs in NOLINT lists, so '*' wins.
  CHECK(suppressed(R) == B{true, true, true, false, true, true, false, true});
  CHECK(R.Result.Suppressed[0]->Kind == "nolint");
  CHECK(R.Result.Suppressed[0]->Reason.empty());
  CHECK(R.Result.Suppressed[5]->Reason == "clang-tidy style");
  // A NOLINT needs no reason.
  CHECK(R.ParseProblems.empty());
  CHECK(R.Result.Problems.empty());
}

TEST_CASE("NOLINT problems concern only afalg checks",
          "[policy][suppress][nolint]") {
  std::string Text = "x; // NOLINT(afalg-iox, bugprone-y)\n" // 1
                     "x; // NOLINT\n"                        // 2
                     "x; // NOLINT(afalg-io)\n"              // 3
                     "// NOLINTBEGIN(afalg-io)\n"            // 4
                     "// NOLINTEND(afalg-bind)\n"            // 5
                     "// NOLINTBEGIN(readability-*)\n";      // 6
  Run R = run(Text, {});
  CHECK(messages(R.ParseProblems) ==
        std::vector<std::string>{
            "1: unknown rule 'afalg-iox'",
            "4: NOLINTBEGIN(afalg-io) has no matching NOLINTEND; it "
            "suppresses nothing",
            "5: NOLINTEND(afalg-bind) without a matching "
            "NOLINTBEGIN(afalg-bind)"});
  // A bare NOLINT serves every linter: unused is no mistake. An explicit
  // afalg one is.
  CHECK(messages(R.Result.Problems) ==
        std::vector<std::string>{
            "3: NOLINT(afalg-io) suppresses nothing; remove it"});
}

TEST_CASE("afalg-scan problems: reason, rules, directive, list",
          "[policy][suppress]") {
  std::string Text = "x; // afalg-scan: ignore[afalg-io]\n"        // 1
                     "x; // afalg-scan: ignore[afalg-io] --\n"     // 2
                     "x; // afalg-scan: ignore[afalg-iox] why\n"   // 3
                     "x; // afalg-scan: ignore[] why\n"            // 4
                     "x; // afalg-scan: ignore[afalg-io why\n"     // 5
                     "x; // afalg-scan: ignore-next-line why\n"    // 6
                     "x; // afalg-scan: the scanner's own notes\n" // 7
                     "x; // afalg-scan: ignore[afalg-zz*] why\n";  // 8
  Run R = run(Text, {finding(RuleId::Io, 1), finding(RuleId::Io, 2)});
  // Reason-less suppressions still apply; the lint reports them instead.
  CHECK(suppressed(R) == B{true, true});
  CHECK(messages(R.ParseProblems) ==
        std::vector<std::string>{
            "1: 'afalg-scan: ignore[afalg-io]' has no reason; say after it "
            "why the finding is acceptable",
            "2: 'afalg-scan: ignore[afalg-io]' has no reason; say after it "
            "why the finding is acceptable",
            "3: unknown rule 'afalg-iox'",
            "4: empty rule list; write ignore[*] to silence every rule",
            "5: missing ']' after the rule list of 'afalg-scan: ignore'",
            "6: unknown directive 'afalg-scan: ignore-next-line'; expected "
            "ignore, ignore-begin or ignore-end",
            "8: rule pattern 'afalg-zz*' matches no rule"});
  CHECK(R.Result.Problems.empty()); // lines 3, 4, 8 name no valid rule
}

TEST_CASE("unused suppressions are reported, per file", "[policy][suppress]") {
  std::vector<PolicyDiagnostic> Problems;
  std::vector<Suppression> Sups = parseSuppressions(
      "a.c", "x; // afalg-scan: ignore[afalg-io] why\n", Problems);
  std::vector<Suppression> More = parseSuppressions(
      "b.c", "x; // afalg-scan: ignore[afalg-io] why\n", Problems);
  Sups.insert(Sups.end(), More.begin(), More.end());
  SuppressionResult R = applySuppressions(
      {finding(RuleId::Io, 1, "b.c"), finding(RuleId::Bind, 1, "a.c")}, Sups);
  REQUIRE(R.Suppressed[0]);
  CHECK(R.Suppressed[0]->Reason == "why");
  CHECK(!R.Suppressed[1]);
  REQUIRE(R.Problems.size() == 1);
  CHECK(R.Problems[0].File == "a.c");
  CHECK(R.Problems[0].Line == 1);
  CHECK(Sups[1].Used);
}

TEST_CASE("comment markers inside literals are not comments",
          "[policy][suppress][scanner]") {
  std::string Text =
      "puts(\"// afalg-scan: ignore[*] fake\"); write(fd, b, n);\n" // 1
      "puts(\"\\\"// NOLINT\"); write(fd, b, n);\n"                 // 2
      "c = '\"'; write(fd, b, n); // NOLINT(afalg-io)\n"            // 3
      "c = '\\''; write(fd, b, n); // NOLINT(afalg-io)\n"           // 4
      "s = R\"x(// NOLINT )\" )x\"; write(fd, b, n);\n"             // 5
      "n = 1'000'000; write(fd, b, n); // NOLINT(afalg-io)\n"       // 6
      "s = \"/* not a comment */ // NOLINT\"; write(fd, b, n);\n"   // 7
      "s = \"a\\\n"                                                 // 8
      "// NOLINT still in the string\"; write(fd, b, n);\n"         // 9
      "s = \"unterminated; // NOLINT(afalg-io)\n"                   // 10
      "write(fd, b, n); // NOLINT(afalg-io)\n"                      // 11
      "s = u8R\"(multi\n"                                           // 12
      "// NOLINT\n"                                                 // 13
      ")\"; write(fd, b, n);\n";                                    // 14
  std::vector<Finding> Fs;
  for (unsigned L : {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 14})
    Fs.push_back(finding(RuleId::Io, L));
  Run R = run(Text, Fs);
  CHECK(suppressed(R) == B{false, false, true, true, false, true, false, false,
                           false, true, false, false});
  CHECK(R.ParseProblems.empty());
}

TEST_CASE("a // comment continued by a backslash covers its last line",
          "[policy][suppress][scanner]") {
  std::string Text = "x; // long note \\\n"  // 1
                     "   NOLINT(afalg-io)\n" // 2
                     "write(fd, b, n);\n";   // 3
  Run R = run(Text, {finding(RuleId::Io, 2), finding(RuleId::Io, 3)});
  CHECK(suppressed(R) == B{true, false});
}

TEST_CASE("the narrowest suppression explains a finding, all count as used",
          "[policy][suppress]") {
  std::string Text =
      "// afalg-scan: ignore-begin[*] whole legacy module\n"         // 1
      "write(fd, b, n); // afalg-scan: ignore[afalg-io] this call\n" // 2
      "// afalg-scan: ignore-end\n";                                 // 3
  Run R = run(Text, {finding(RuleId::Io, 2)});
  REQUIRE(R.Result.Suppressed[0]);
  CHECK(R.Result.Suppressed[0]->Reason == "this call");
  CHECK(R.Result.Problems.empty());
}

TEST_CASE("CRLF sources", "[policy][suppress]") {
  std::string Text = "// afalg-scan: ignore[afalg-io] windows file\r\n"
                     "write(fd, b, n);\r\n";
  Run R = run(Text, {finding(RuleId::Io, 2)});
  REQUIRE(R.Result.Suppressed[0]);
  CHECK(R.Result.Suppressed[0]->Reason == "windows file");
}
