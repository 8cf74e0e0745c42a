// SARIF specifics the goldens cannot explain on their own: rule table,
// fingerprints that survive edits above a finding, URI encoding, and a
// schema check of freshly rendered output with the real validator.

#include "Fixture.h"
#include "report/Fingerprint.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>

using namespace afalg;
using namespace afalg::test;
using nlohmann::json;

namespace {

json renderParsed(const ScanResult &R,
                  const ReportContext &Ctx = goldenContext()) {
  return json::parse(renderSarif(R, Ctx));
}

std::vector<std::string> fingerprints(const json &Log) {
  std::vector<std::string> Out;
  for (const json &Res : Log["runs"][0]["results"])
    Out.push_back(Res["partialFingerprints"][report::FingerprintKey.str()]
                      .get<std::string>());
  return Out;
}

} // namespace

TEST_CASE("SARIF lists every rule and indexes results into it",
          "[report][sarif]") {
  json Log = renderParsed(fixtureResult());
  REQUIRE(Log["version"] == "2.1.0");
  REQUIRE(Log["runs"].size() == 1);
  const json &Run = Log["runs"][0];
  const json &Rules = Run["tool"]["driver"]["rules"];
  REQUIRE(Rules.size() == allRules().size());
  for (size_t I = 0; I < Rules.size(); ++I) {
    CHECK(Rules[I]["id"] == allRules()[I].Name.str());
    CHECK(Rules[I]["helpUri"].get<std::string>().find(
              "#" + allRules()[I].Name.str()) != std::string::npos);
    CHECK(std::stod(
              Rules[I]["properties"]["security-severity"].get<std::string>()) >
          0);
  }
  CHECK(Rules[0]["name"] == "AfalgAccept");
  for (const json &Res : Run["results"]) {
    size_t Index = Res["ruleIndex"];
    CHECK(Rules[Index]["id"] == Res["ruleId"]);
  }
  CHECK(Run["automationDetails"]["id"] == "afalg-scan/");
  CHECK(Run["invocations"][0]["executionSuccessful"] == false);
  CHECK(Run["invocations"][0]["toolExecutionNotifications"].size() == 1);
  CHECK(renderSarif(fixtureResult(), goldenContext()).find("file:") ==
        std::string::npos);
}

TEST_CASE("SARIF relates the findings of a session", "[report][sarif]") {
  json Log = renderParsed(fixtureResult());
  for (const json &Res : Log["runs"][0]["results"]) {
    if (!Res["properties"].contains("session")) {
      CHECK_FALSE(Res.contains("relatedLocations"));
      continue;
    }
    std::string Session = Res["properties"]["session"];
    if (Session != "s1")
      continue;
    // s1 has five findings: each result relates the four others.
    REQUIRE(Res["relatedLocations"].size() == 4);
    CHECK(Res["relatedLocations"][0]["id"] == 1);
    CHECK(
        Res["relatedLocations"][0]["message"]["text"].get<std::string>().rfind(
            "step: afalg-", 0) == 0);
  }
}

TEST_CASE("SARIF fingerprints ignore line numbers", "[report][sarif]") {
  ScanResult R = fixtureResult();
  std::vector<std::string> Before = fingerprints(renderParsed(R));
  std::set<std::string> Unique(Before.begin(), Before.end());
  CHECK(Unique.size() == Before.size());

  // Lines inserted above every finding of one file.
  for (Finding &F : R.Findings)
    if (F.Loc.File == "src/hash.c") {
      F.Loc.Line += 10;
      F.Loc.EndLine += 10;
    }
  CHECK(fingerprints(renderParsed(R)) == Before);

  // A finding whose message changes is a new alert.
  R.Findings[1].Message += " (changed)";
  CHECK(fingerprints(renderParsed(R)) != Before);

  // Identical findings are told apart by their occurrence index.
  std::vector<std::string> Edge = fingerprints(renderParsed(edgeResult()));
  CHECK(std::set<std::string>(Edge.begin(), Edge.end()).size() == Edge.size());
}

TEST_CASE("message normalisation for fingerprints", "[report][sarif]") {
  CHECK(report::normalizeMessage("  a \t b\n") == "a b");
  CHECK(report::normalizeMessage("socket created at line 12") ==
        "socket created at line #");
  CHECK(report::normalizeMessage("see a.c:120:4") == "see a.c:#:#");
  CHECK(report::normalizeMessage("hash sha256") == "hash sha256");
}

TEST_CASE("paths become relative URI references", "[report][sarif]") {
  CHECK(report::pathToUri("src/a-b_c.1~.c") == "src/a-b_c.1~.c");
  CHECK(report::pathToUri("a b/c#d?.c") == "a%20b/c%23d%3F.c");
  CHECK(report::pathToUri("c:x%.c") == "c%3Ax%25.c");
  CHECK(report::pathToUri("na\xc3\xafve.c") == "na%C3%AFve.c");
  CHECK(report::camelCaseName("afalg-openssl-engine") == "AfalgOpensslEngine");
}

TEST_CASE("SARIF fixes carry edits in SARIF coordinates", "[report][sarif]") {
  json Log = renderParsed(fixtureResult());
  int WithFix = 0;
  for (const json &Res : Log["runs"][0]["results"]) {
    if (!Res.contains("fixes"))
      continue;
    ++WithFix;
    const json &Change = Res["fixes"][0]["artifactChanges"][0];
    CHECK(Change["artifactLocation"]["uri"] == "src/hash.c");
    REQUIRE(Change["replacements"].size() == 2);
    // The inclusive model end 12:17 is SARIF's exclusive 12:18.
    CHECK(Change["replacements"][0]["deletedRegion"]["endColumn"] == 18);
    // The insertion is an empty region.
    const json &Ins = Change["replacements"][1]["deletedRegion"];
    CHECK(Ins["startColumn"] == Ins["endColumn"]);
  }
  // The splice finding has a reason but is not fixable: no SARIF fix.
  CHECK(WithFix == 1);
}

TEST_CASE("freshly rendered SARIF passes the official schema",
          "[report][sarif][schema]") {
  ReportContext Custom;
  Custom.ToolVersion = "0.1.0";
  Custom.AutomationId = "ci/run-1";
  const std::pair<const char *, ScanResult> Cases[] = {
      {"fixture", fixtureResult()},
      {"edge", edgeResult()},
      {"empty", ScanResult{}},
  };
  std::string Files;
  for (const auto &[Name, R] : Cases) {
    std::string Path =
        std::string(AFALG_TEST_OUTPUT_DIR) + "/fresh-" + Name + ".sarif";
    writeFile(Path, renderSarif(R, Custom));
    Files += " '" + Path + "'";
  }
  std::string Command =
      "bash '" + std::string(AFALG_VALIDATE_SARIF) + "'" + Files + " 2>&1";
  INFO("running " << Command);
  int Status = std::system(Command.c_str());
  REQUIRE(Status != -1);
  REQUIRE(WIFEXITED(Status));
  CHECK(WEXITSTATUS(Status) == 0);
}

TEST_CASE("sarif: over 25,000 results keeps the most severe and says so",
          "[report][sarif]") {
  ScanResult R;
  for (unsigned I = 0; I < 25010; ++I) {
    Finding F;
    F.Rule = I < 5 ? RuleId::Zerocopy : RuleId::Io;
    F.Level = I < 5 ? Severity::Error : Severity::Note;
    F.Loc = {"big.c", I + 1, 1, I + 1, 5};
    F.Message = "read() moves data through an AF_ALG socket";
    R.Findings.push_back(F);
  }
  auto J = nlohmann::json::parse(renderSarif(R, ReportContext{}));
  auto &Results = J["runs"][0]["results"];
  CHECK(Results.size() == 25000);
  unsigned Errors = 0;
  for (auto &Res : Results)
    Errors += Res["level"] == "error";
  CHECK(Errors == 5);
  auto &Notes = J["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(Notes.size() == 1);
  CHECK(Notes[0]["message"]["text"].get<std::string>().rfind(
            "10 results left out", 0) == 0);
}

TEST_CASE("sarif: over the upload size limit drops extras, then results",
          "[report][sarif]") {
  ScanResult R;
  Session S;
  S.Id = "s1";
  R.Sessions.push_back(S);
  for (unsigned I = 0; I < 1000; ++I) {
    Finding F;
    F.Rule = I == 0 ? RuleId::Socket : RuleId::Io;
    F.Level = I < 10 ? Severity::Error : Severity::Note;
    F.Loc = {"src/file" + std::to_string(I % 97) + ".c", I + 1, 1, I + 1, 5};
    F.Message = "read() moves data through an AF_ALG socket, step " +
                std::to_string(I * 7919 % 10007);
    F.Session = "s1";
    R.Findings.push_back(F);
  }
  ReportContext Ctx;
  std::string Full = renderSarif(R, Ctx);
  auto J = nlohmann::json::parse(Full);
  CHECK(J["runs"][0]["results"].size() == 1000);
  CHECK(J["runs"][0]["results"][1].contains("relatedLocations"));

  // A limit the extras alone exceed: they go, every result stays.
  Ctx.SarifMaxCompressedBytes = Full.size() / 40;
  auto Compact = nlohmann::json::parse(renderSarif(R, Ctx));
  auto &Notes =
      Compact["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(Notes.size() >= 1);
  CHECK_THAT(Notes.back()["message"]["text"].get<std::string>(),
             Catch::Contains("related locations, code flows and fixes left "
                             "out"));
  CHECK(!Compact["runs"][0]["results"][1].contains("relatedLocations"));
  CHECK(!Compact["runs"][0]["results"][1].contains("codeFlows"));

  // Smaller still: results go too, the most severe stay, and it fits.
  Ctx.SarifMaxCompressedBytes = 8000;
  std::string Small = renderSarif(R, Ctx);
  auto Cut = nlohmann::json::parse(Small);
  auto &Results = Cut["runs"][0]["results"];
  CHECK(Results.size() < 1000);
  CHECK(Results.size() > 10);
  unsigned Errors = 0;
  for (auto &Res : Results)
    Errors += Res["level"] == "error";
  CHECK(Errors == 10);
  CHECK_THAT(Cut["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
                ["message"]["text"]
                    .get<std::string>(),
             Catch::Contains("results left out: code scanning accepts 10 MB"));
}
