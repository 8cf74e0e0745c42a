// The JSON contract (DESIGN §4) field by field, and the text summary.

#include "Fixture.h"
#include "report/Reporter.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace afalg;
using namespace afalg::test;
using nlohmann::json;

namespace {

std::vector<std::string> keys(const json &Object) {
  std::vector<std::string> Out;
  for (auto It = Object.begin(); It != Object.end(); ++It)
    Out.push_back(It.key());
  return Out;
}

std::vector<std::string> orderedKeys(const std::string &Text,
                                     const std::string &Pointer) {
  nlohmann::ordered_json J = nlohmann::ordered_json::parse(Text);
  std::vector<std::string> Out;
  for (auto It = J.at(nlohmann::ordered_json::json_pointer(Pointer)).begin();
       It != J.at(nlohmann::ordered_json::json_pointer(Pointer)).end(); ++It)
    Out.push_back(It.key());
  return Out;
}

} // namespace

TEST_CASE("JSON has the afalg-scan/1 shape in a fixed key order",
          "[report][json]") {
  std::string Text = renderJson(fixtureResult(), goldenContext());
  using V = std::vector<std::string>;
  CHECK(orderedKeys(Text, "") ==
        V{"schema", "tool", "findings", "sessions", "summary", "inputs"});
  CHECK(orderedKeys(Text, "/findings/0") ==
        V{"rule", "severity", "confidence", "file", "line", "column", "endLine",
          "endColumn", "function", "message", "session", "algorithm", "fixable",
          "fix"});
  CHECK(orderedKeys(Text, "/sessions/0") ==
        V{"id", "algorithms", "functions", "files", "severity", "copyFail"});
  CHECK(orderedKeys(Text, "/inputs") ==
        V{"analysed", "skipped", "errors", "partial"});

  json J = json::parse(Text);
  CHECK(J["schema"] == "afalg-scan/1");
  CHECK(J["tool"]["version"] == "9.8.7-test");
  REQUIRE(J["findings"].size() == fixtureResult().Findings.size());
  // Sorted by file first: src/aead.c before src/hash.c.
  CHECK(J["findings"][0]["file"] == "src/aead.c");
  CHECK(J["findings"].back()["file"] == "src/hash.c");
  CHECK(J["sessions"][0]["id"] == "s1");
  CHECK(J["inputs"]["analysed"] == 5);
  CHECK(J["inputs"]["errors"][0]["file"] == "src/broken.c");
}

TEST_CASE("JSON uses null for what is not known", "[report][json]") {
  json J = json::parse(renderJson(fixtureResult(), goldenContext()));
  bool SawNullFix = false, SawReasonOnly = false, SawEdits = false;
  for (const json &F : J["findings"]) {
    if (F["confidence"] == "low") {
      CHECK(F["function"].is_null());
      CHECK(F["session"].is_null());
      CHECK(F["algorithm"].is_null());
    }
    if (F["rule"] == "afalg-setsockopt") {
      CHECK(F["algorithm"]["type"] == "skcipher");
      CHECK(F["algorithm"]["name"].is_null());
    }
    if (F["fix"].is_null()) {
      SawNullFix = true;
      CHECK(F["fixable"] == false);
    } else if (F["fixable"] == false) {
      SawReasonOnly = true;
      CHECK(F["fix"]["edits"].empty());
    } else {
      SawEdits = true;
      REQUIRE(F["fix"]["edits"].size() == 2);
      CHECK(keys(F["fix"]["edits"][0]).size() == 6);
      CHECK(F["fix"]["edits"][0]["text"] == "afalg_compat_socket");
    }
  }
  CHECK(SawNullFix);
  CHECK(SawReasonOnly);
  CHECK(SawEdits);
}

TEST_CASE("JSON survives bytes that are not UTF-8", "[report][json]") {
  std::string Text = renderJson(edgeResult(), ReportContext{});
  json J = json::parse(Text);
  CHECK(J["inputs"]["skipped"] == json({"a.c", "b.c"}));
  CHECK(Text.find("caf\xef\xbf\xbd") != std::string::npos); // U+FFFD
}

TEST_CASE("text: one line per finding and a summary", "[report][text]") {
  ScanResult R;
  Finding F;
  F.Loc.File = "a.c";
  F.Loc.Line = 3;
  F.Loc.Column = 7;
  F.Message = "socket(AF_ALG, ...)";
  R.Findings.push_back(F);
  R.Analysed = 1;
  CHECK(renderText(R, ReportContext{}) ==
        "a.c:3:7: warning: socket(AF_ALG, ...) [afalg-socket]\n"
        "summary:\n"
        "  by rule: afalg-socket 1;\n"
        "  by algorithm: (unknown) 1;\n"
        "  by directory: . 1;\n"
        "1 finding (0 errors, 1 warning, 0 notes) in 1 file; "
        "1 file analysed, 0 could not be analysed\n");

  std::string Text = renderText(fixtureResult(), goldenContext());
  CHECK_THAT(Text, Catch::Contains(
                       "11 findings (2 errors, 7 warnings, 2 notes) in 2 "
                       "files; 5 files analysed, 1 skipped, 1 could not be "
                       "analysed\nsrc/broken.c: error: expected ';' after "
                       "expression\n"));
  CHECK_THAT(Text, Catch::Contains("  algorithm: skcipher unknown\n"));
  CHECK_THAT(Text, Catch::Contains("  confidence: low\n"));
}

TEST_CASE("text keeps one finding on one line", "[report][text]") {
  std::string Text = renderText(edgeResult(), ReportContext{});
  // "\r\n" becomes two spaces, then the usual one before the rule.
  CHECK_THAT(Text, Catch::Contains(":7: warning: line one line two   "
                                   "[afalg-socket]\n"));
  CHECK_THAT(Text, Catch::Contains("engine.c: warning: ENGINE_by_id"));
  CHECK_THAT(Text, Catch::Contains("afalg-scan: error: no compile command"));
}
