// Baselines: both report kinds read back to the fingerprints the reporter
// wrote, matching survives line moves, is one-to-one, and every malformed
// input is an llvm::Error naming the file and the field.

#include "policy/Baseline.h"
#include "../report/Fixture.h"
#include "report/Fingerprint.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace afalg;
using namespace afalg::policy;

namespace {

Finding io(unsigned Line, std::string Function = "encrypt",
           std::string Message = "write() on an AF_ALG operation socket") {
  Finding F;
  F.Rule = RuleId::Io;
  F.Level = Severity::Note;
  F.Loc = Range{"src/aead.c", Line, 5, Line, 30};
  F.Function = std::move(Function);
  F.Message = std::move(Message);
  return F;
}

ScanResult result(std::vector<Finding> Findings) {
  ScanResult R;
  R.Findings = std::move(Findings);
  return R;
}

/// The baseline a run writes, in either format, read back.
Baseline roundTrip(const std::vector<Finding> &Findings, bool Sarif) {
  ScanResult R = result(Findings);
  ReportContext Ctx = test::goldenContext();
  std::string Text = Sarif ? renderSarif(R, Ctx) : renderJson(R, Ctx);
  llvm::Expected<Baseline> B = parseBaseline(Text, "base");
  REQUIRE(static_cast<bool>(B));
  return std::move(*B);
}

std::string errorOf(llvm::StringRef Text, llvm::StringRef Name = "b.json") {
  llvm::Expected<Baseline> B = parseBaseline(Text, Name);
  if (B)
    return "<no error>";
  return llvm::toString(B.takeError());
}

std::vector<std::string> prints(const Baseline &B) {
  std::vector<std::string> Out;
  for (const BaselineEntry &E : B.Entries)
    Out.push_back(E.Fingerprint);
  std::sort(Out.begin(), Out.end());
  return Out;
}

using Bools = std::vector<bool>;

} // namespace

TEST_CASE("golden reports read back as baselines of the scan that wrote them",
          "[policy][baseline]") {
  for (const char *Name : {"fixture", "edge"}) {
    ScanResult R = std::string(Name) == "fixture" ? test::fixtureResult()
                                                  : test::edgeResult();
    std::string Dir = AFALG_GOLDEN_DIR;
    llvm::Expected<Baseline> J =
        loadBaseline(Dir + "/" + Name + ".approved.json");
    llvm::Expected<Baseline> S =
        loadBaseline(Dir + "/" + Name + ".approved.sarif");
    REQUIRE(static_cast<bool>(J));
    REQUIRE(static_cast<bool>(S));
    INFO(Name);
    CHECK(J->Kind == Baseline::Format::Json);
    CHECK(S->Kind == Baseline::Format::Sarif);
    CHECK(J->Entries.size() == R.Findings.size());
    CHECK(S->Entries.size() == R.Findings.size());
    // The JSON recompute and the SARIF reporter agree, and both match the
    // scan one-to-one (the edge case has bytes that are not UTF-8).
    for (const Baseline *B : {&*J, &*S}) {
      BaselineMatch M = matchBaseline(*B, R.Findings);
      CHECK(M.New == Bools(R.Findings.size(), false));
      CHECK(M.Fixed.empty());
    }
  }
  llvm::Expected<Baseline> J =
      loadBaseline(std::string(AFALG_GOLDEN_DIR) + "/fixture.approved.json");
  llvm::Expected<Baseline> S =
      loadBaseline(std::string(AFALG_GOLDEN_DIR) + "/fixture.approved.sarif");
  REQUIRE((J && S));
  CHECK(prints(*J) == prints(*S));
  CHECK(S->Entries[0].File == "src/aead.c");
  CHECK(S->Entries[0].Rule == "afalg-socket");
  CHECK(S->Entries[0].Line == 30);
}

TEST_CASE("a finding moved down 10 lines still matches", "[policy][baseline]") {
  for (bool Sarif : {false, true}) {
    INFO((Sarif ? "sarif" : "json"));
    Baseline B = roundTrip({io(20), io(40, "decrypt")}, Sarif);
    CHECK(isNew(B, {io(30), io(50, "decrypt")}) == Bools{false, false});
    // A message that names a line keeps matching when that line moves.
    Baseline C = roundTrip({io(20, "f", "see line 12")}, Sarif);
    CHECK(isNew(C, {io(30, "f", "see line 22")}) == Bools{false});
  }
}

TEST_CASE("a new finding in the same function does not match",
          "[policy][baseline]") {
  Baseline B = roundTrip({io(20)}, /*Sarif=*/true);
  std::vector<Finding> Now = {io(20), io(25, "encrypt", "read() on it")};
  CHECK(isNew(B, Now) == Bools{false, true});
  Finding Other = io(20);
  Other.Rule = RuleId::Zerocopy; // same place, another rule
  CHECK(isNew(B, {Other}) == Bools{true});
  Finding Moved = io(20, "decrypt"); // same rule and text, another function
  CHECK(isNew(B, {Moved}) == Bools{true});
}

TEST_CASE("identical findings in one function match one-to-one",
          "[policy][baseline]") {
  for (bool Sarif : {false, true}) {
    INFO((Sarif ? "sarif" : "json"));
    Baseline B = roundTrip({io(20), io(30)}, Sarif);
    REQUIRE(B.Entries.size() == 2);
    CHECK(B.Entries[0].Fingerprint != B.Entries[1].Fingerprint);
    // Both moved: both still known.
    CHECK(isNew(B, {io(31), io(21)}) == Bools{false, false});
    // A third copy is new; the findings are matched in report order.
    BaselineMatch M = matchBaseline(B, {io(40), io(20), io(30)});
    CHECK(M.New == Bools{true, false, false});
    // One removed: one baseline entry is fixed, the other still matches.
    M = matchBaseline(B, {io(25)});
    CHECK(M.New == Bools{false});
    CHECK(M.Fixed == std::vector<size_t>{1});
  }
}

TEST_CASE("fingerprintsOf equals the SARIF reporter's, in input order",
          "[policy][baseline]") {
  std::vector<Finding> Fs = {io(50), io(10, "a"), io(30)};
  std::vector<std::string> Mine = fingerprintsOf(Fs);
  ScanResult R = result(Fs);
  std::vector<const Finding *> Sorted = report::sortedFindings(R);
  std::vector<std::string> Theirs = report::computeFingerprints(Sorted);
  for (size_t K = 0; K < Sorted.size(); ++K)
    CHECK(Mine[Sorted[K] - R.Findings.data()] == Theirs[K]);
}

TEST_CASE("baseline errors name the file and the field",
          "[policy][baseline][errors]") {
  CHECK_THAT(
      errorOf("{\"schema\": \"afalg-scan/1\", \"findings\": [", "base.json"),
      Catch::StartsWith("base.json: ") && Catch::Contains("parse error"));
  CHECK(errorOf("") != "<no error>");
  CHECK(errorOf("[1]") == "b.json: expected a JSON object, got array");
  CHECK(errorOf("{\"x\": 1}") ==
        "b.json: neither an afalg-scan JSON report (\"schema\": "
        "\"afalg-scan/1\") nor a SARIF 2.1.0 log");
  CHECK(errorOf("{\"schema\": \"afalg-scan/2\", \"findings\": []}") ==
        "b.json: schema: unsupported schema 'afalg-scan/2' (expected "
        "afalg-scan/1)");
  CHECK(errorOf("{\"schema\": 1}") ==
        "b.json: schema: expected a string, got number");
  CHECK(errorOf("{\"schema\": \"afalg-scan/1\"}") ==
        "b.json: missing field \"findings\"");
  CHECK(errorOf("{\"schema\": \"afalg-scan/1\", \"findings\": {}}") ==
        "b.json: findings: expected an array, got object");
  std::string Head = "{\"schema\": \"afalg-scan/1\", \"findings\": [";
  CHECK(errorOf(Head + "3]}") ==
        "b.json: findings[0]: expected an object, got number");
  CHECK(errorOf(Head + "{\"rule\": \"afalg-io\", \"file\": \"a.c\", "
                       "\"line\": \"12\", \"message\": \"m\"}]}") ==
        "b.json: findings[0].line: expected an unsigned integer, got string");
  CHECK(errorOf(Head + "{\"rule\": \"afalg-io\", \"file\": \"a.c\", "
                       "\"line\": -1, \"message\": \"m\"}]}") ==
        "b.json: findings[0].line: expected an unsigned integer, got number");
  CHECK(errorOf(Head + "{\"rule\": \"afalg-io\", \"file\": \"a.c\", "
                       "\"line\": 99999999999, \"message\": \"m\"}]}") ==
        "b.json: findings[0].line: number out of range");
  CHECK(errorOf(Head + "{\"rule\": \"afalg-io\", \"line\": 1}]}") ==
        "b.json: findings[0]: missing field \"file\"");
  CHECK(errorOf(Head + "{\"rule\": \"afalg-io\", \"file\": \"a.c\", "
                       "\"line\": 1, \"message\": \"m\", \"function\": 7}]}") ==
        "b.json: findings[0].function: expected a string, got number");

  CHECK(errorOf("{\"version\": \"2.0.0\", \"runs\": []}", "b.sarif") ==
        "b.sarif: version: unsupported SARIF version '2.0.0' (expected "
        "2.1.0)");
  CHECK(errorOf("{\"version\": \"2.1.0\", \"runs\": []}", "b.sarif") ==
        "b.sarif: runs: no run of afalg-scan in this SARIF log");
  CHECK(errorOf("{\"version\": \"2.1.0\", \"runs\": [{\"results\": [{}]}]}",
                "b.sarif") ==
        "b.sarif: runs[0].results[0]: missing field \"partialFingerprints\"");
  CHECK(errorOf("{\"version\": \"2.1.0\", \"runs\": [{\"results\": "
                "[{\"partialFingerprints\": {\"other/v1\": \"x\"}}]}]}",
                "b.sarif") ==
        "b.sarif: runs[0].results[0].partialFingerprints: no "
        "\"afalgScan/v1\" fingerprint; the log was not written by this "
        "afalg-scan version; regenerate the baseline");
  CHECK(errorOf("{\"version\": \"2.1.0\", \"runs\": [{\"results\": "
                "[{\"partialFingerprints\": {\"afalgScan/v1\": 5}}]}]}",
                "b.sarif") ==
        "b.sarif: runs[0].results[0].partialFingerprints.afalgScan/v1: "
        "expected a string, got number");

  llvm::Expected<Baseline> Missing = loadBaseline("/nonexistent/base.json");
  REQUIRE(!Missing);
  CHECK_THAT(
      llvm::toString(Missing.takeError()),
      Catch::StartsWith("cannot read baseline '/nonexistent/base.json'"));
}

TEST_CASE("lenient where nothing is lost", "[policy][baseline]") {
  // A rule this build does not know (a newer afalg-scan): left out, named.
  llvm::Expected<Baseline> B = parseBaseline(
      "{\"schema\": \"afalg-scan/1\", \"findings\": ["
      "{\"rule\": \"afalg-future\", \"file\": \"a.c\", \"line\": 1, "
      "\"message\": \"m\"},"
      "{\"rule\": \"afalg-io\", \"file\": \"a.c\", \"line\": 2, "
      "\"message\": \"m\", \"function\": null}]}",
      "b.json");
  REQUIRE(static_cast<bool>(B));
  CHECK(B->Entries.size() == 1);
  CHECK(B->UnknownRules == std::vector<std::string>{"afalg-future"});

  // A merged SARIF log: other tools' runs and absent results are skipped.
  llvm::Expected<Baseline> S = parseBaseline(
      "{\"version\": \"2.1.0\", \"runs\": ["
      "{\"tool\": {\"driver\": {\"name\": \"clang-tidy\"}}, \"results\": "
      "[{\"ruleId\": \"x\"}]},"
      "{\"tool\": {\"driver\": {\"name\": \"afalg-scan\"}}, \"results\": ["
      "{\"ruleId\": \"afalg-io\", \"partialFingerprints\": "
      "{\"afalgScan/v1\": \"0123456789abcdef\"}, \"locations\": "
      "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": "
      "\"src/my%20file.c\"}, \"region\": {\"startLine\": 7}}}]},"
      "{\"baselineState\": \"absent\"}]}]}",
      "b.sarif");
  REQUIRE(static_cast<bool>(S));
  REQUIRE(S->Entries.size() == 1);
  CHECK(S->Entries[0].File == "src/my file.c");
  CHECK(S->Entries[0].Line == 7);
  CHECK(S->Path == "b.sarif");
}
