// GitHub workflow annotations and the Markdown audit report: escaping,
// ordering, bounds for large scans, golden files and the reporter contract.

#include "Fixture.h"
#include "Golden.h"
#include "report/Reporter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <sstream>

using namespace afalg;
using namespace afalg::test;

namespace {

struct NamedReporter {
  const char *Ext;
  std::string (*Render)(const ScanResult &, const ReportContext &);
};

const NamedReporter Reporters[] = {
    {"github", renderGithub},
    {"md", renderMarkdown},
};

/// The same scan, every list in another order.
ScanResult shuffled(ScanResult R, unsigned Seed) {
  std::mt19937 Rng(Seed);
  std::shuffle(R.Findings.begin(), R.Findings.end(), Rng);
  std::shuffle(R.Sessions.begin(), R.Sessions.end(), Rng);
  std::shuffle(R.Errors.begin(), R.Errors.end(), Rng);
  std::shuffle(R.Partial.begin(), R.Partial.end(), Rng);
  std::shuffle(R.Skipped.begin(), R.Skipped.end(), Rng);
  for (Session &S : R.Sessions) {
    std::shuffle(S.Algorithms.begin(), S.Algorithms.end(), Rng);
    std::shuffle(S.Files.begin(), S.Files.end(), Rng);
  }
  return R;
}

std::vector<std::string> lines(const std::string &Text) {
  std::vector<std::string> Out;
  std::istringstream In(Text);
  for (std::string L; std::getline(In, L);)
    Out.push_back(L);
  return Out;
}

Finding simple(const std::string &File, unsigned Line, Severity Level,
               const std::string &Message) {
  Finding F;
  F.Loc.File = File;
  F.Loc.Line = F.Loc.EndLine = Line;
  F.Loc.Column = 3;
  F.Loc.EndColumn = 20;
  F.Level = Level;
  F.Message = Message;
  return F;
}

size_t count(const std::string &Text, const std::string &Needle) {
  size_t N = 0;
  for (size_t At = Text.find(Needle); At != std::string::npos;
       At = Text.find(Needle, At + 1))
    ++N;
  return N;
}

} // namespace

TEST_CASE("new reporters match their golden files", "[report][golden]") {
  for (const NamedReporter &Rep : Reporters) {
    SECTION(std::string("fixture.") + Rep.Ext) {
      checkGolden("fixture", Rep.Ext,
                  Rep.Render(fixtureResult(), goldenContext()));
    }
    SECTION(std::string("edge.") + Rep.Ext) {
      ReportContext Ctx;
      Ctx.AutomationId = "nightly/linux-x86_64";
      checkGolden("edge", Rep.Ext, Rep.Render(edgeResult(), Ctx));
    }
    SECTION(std::string("empty.") + Rep.Ext) {
      checkGolden("empty", Rep.Ext, Rep.Render(ScanResult{}, goldenContext()));
    }
  }
}

TEST_CASE("new reporters keep the contract", "[report][contract]") {
  for (const NamedReporter &Rep : Reporters) {
    INFO("reporter " << Rep.Ext);
    const ReportContext Ctx = goldenContext();
    std::string Empty = Rep.Render(ScanResult{}, Ctx);
    REQUIRE_FALSE(Empty.empty());
    CHECK(Empty.back() == '\n');
    CHECK(Rep.Render(ScanResult{}, Ctx) == Empty);
    for (const ScanResult &R : {fixtureResult(), edgeResult()}) {
      std::string First = Rep.Render(R, Ctx);
      CHECK(First.back() == '\n');
      CHECK(Rep.Render(R, Ctx) == First);
      for (unsigned Seed : {1u, 2u, 3u})
        CHECK(Rep.Render(shuffled(R, Seed), Ctx) == First);
    }
  }
}

TEST_CASE("github: one workflow command per finding, summary last",
          "[report][github]") {
  ScanResult R;
  R.Findings.push_back(simple("b.c", 9, Severity::Note, "write()"));
  R.Findings.push_back(simple("a.c", 3, Severity::Warning, "socket()"));
  R.Findings.push_back(simple("a.c", 5, Severity::Error, "splice()"));
  R.Analysed = 2;
  std::vector<std::string> L = lines(renderGithub(R, ReportContext{}));
  REQUIRE(L.size() == 4);
  CHECK(L[0] == "::warning file=a.c,line=3,col=3,endLine=3,endColumn=20,"
                "title=afalg-socket::socket()");
  CHECK(L[1].rfind("::error file=a.c,line=5,", 0) == 0);
  CHECK(L[2].rfind("::notice file=b.c,line=9,", 0) == 0);
  CHECK(L[3] == "::notice title=afalg-scan::3 findings (1 error, 1 warning, "
                "1 note) in 2 files; 2 files analysed, 0 could not be "
                "analysed");
}

TEST_CASE("github: data and properties are escaped", "[report][github]") {
  ScanResult R;
  Finding F = simple("dir,x/a:b%.c", 4, Severity::Warning,
                     "100% done\r\n::error::injected");
  F.Loc.EndLine = 6; // several lines: GitHub takes no columns then
  R.Findings.push_back(F);
  R.Errors.push_back({"x,y.c", "crashed\nbadly"});
  R.Partial.push_back({"p.c", "missing <linux/if_alg.h>"});
  std::string Text = renderGithub(R, ReportContext{});
  std::vector<std::string> L = lines(Text);
  REQUIRE(L.size() == 4);
  CHECK(L[0] == "::warning file=dir%2Cx/a%3Ab%25.c,line=4,endLine=6,"
                "title=afalg-socket::100%25 done%0D%0A::error::injected");
  CHECK(L[1] == "::error file=x%2Cy.c,title=afalg-scan::could not be "
                "analysed: crashed%0Abadly");
  CHECK(L[2] == "::notice file=p.c,title=afalg-scan::analysed in part: "
                "missing <linux/if_alg.h>");
  for (const std::string &Line : L)
    CHECK(Line.rfind("::", 0) == 0);
  // Unknown positions are left out, not invented.
  std::string Edge = renderGithub(edgeResult(), ReportContext{});
  CHECK_THAT(Edge, Catch::Contains("::warning file=engine.c,title="
                                   "afalg-openssl-engine::"));
  CHECK_THAT(Edge, Catch::Contains(",line=7,title=afalg-socket::line one%0A"));
  CHECK_THAT(Edge, Catch::Contains("::error title=afalg-scan::no compile"));
  CHECK(Edge.find("caf\xe9") == std::string::npos); // U+FFFD instead
}

TEST_CASE("markdown: counts, tables and Copy Fail sessions first",
          "[report][markdown]") {
  std::string Md = renderMarkdown(fixtureResult(), goldenContext());
  CHECK(Md.rfind("## afalg-scan: AF_ALG audit\n", 0) == 0);
  CHECK_THAT(Md, Catch::Contains("> [!CAUTION]\n> 1 session has the Copy "
                                 "Fail shape"));
  for (const char *Title :
       {"### Summary", "### Findings by rule", "### Findings by algorithm",
        "### Findings by top-level directory", "### Sessions", "### Findings",
        "### Inputs not analysed"})
    CHECK(Md.find(std::string("\n") + Title + "\n") != std::string::npos);
  CHECK_THAT(Md, Catch::Contains("| `afalg-socket` | 1 | 2 | 0 | 3 |"));
  CHECK_THAT(Md, Catch::Contains("| src/ | 11 | 2 |"));
  CHECK_THAT(Md, Catch::Contains("| hash sha256 | 5 |"));
  // s2 (Copy Fail) is listed before s1 and s3.
  size_t S2 = Md.find("| s2 |"), S1 = Md.find("| s1 |");
  REQUIRE(S2 != std::string::npos);
  CHECK(S2 < S1);
  CHECK_THAT(Md, Catch::Contains("| [src/aead.c:41](src/aead.c#L41) | "
                                 "`afalg-zerocopy` | **error** |"));
  CHECK_THAT(Md, Catch::Contains("| src/broken.c | expected ';' after "
                                 "expression |"));
  CHECK(Md.find("### Inputs analysed in part") == std::string::npos);
}

TEST_CASE("markdown: cells cannot break the table or inject markup",
          "[report][markdown]") {
  ScanResult R;
  R.Findings.push_back(simple("a b(1).c", 2, Severity::Warning,
                              "x | y `z` *b* <img> [l](u) $m$\nnext"));
  R.Partial.push_back({"p.c", "missing <linux/if_alg.h>"});
  std::string Md = renderMarkdown(R, ReportContext{});
  CHECK_THAT(Md,
             Catch::Contains("| [a b(1).c:2](a%20b%281%29.c#L2) | "
                             "`afalg-socket` | warning | x \\| y \\`z\\` "
                             "\\*b\\* \\<img\\> \\[l\\](u) \\$m\\$ next |"));
  CHECK_THAT(Md, Catch::Contains("### Inputs analysed in part\n\n"
                                 "| File | What was missing |"));
  // Every line of a table is one row: no raw line break inside a cell.
  for (const std::string &L : lines(Md))
    if (!L.empty() && L[0] == '|')
      CHECK(L.back() == '|');
}

TEST_CASE("markdown: a large scan stays a readable comment",
          "[report][markdown]") {
  ScanResult R;
  for (unsigned I = 0; I < 600; ++I)
    R.Findings.push_back(simple("f" + std::to_string(I % 7) + ".c", I + 1,
                                I % 100 == 0 ? Severity::Error : Severity::Note,
                                "read()"));
  std::string Md = renderMarkdown(R, ReportContext{});
  CHECK_THAT(Md, Catch::Contains("_Showing the first 500 of 600 findings; "
                                 "the JSON and SARIF reports list them "
                                 "all._"));
  // The errors survive the cut: they come first.
  CHECK(count(Md, "| **error** |") == 6);
  CHECK(Md.size() < 65536);

  // Long messages hit the byte bound before the row bound.
  ScanResult Long;
  for (unsigned I = 0; I < 400; ++I)
    Long.Findings.push_back(
        simple("src/a.c", I + 1, Severity::Warning, std::string(1000, 'm')));
  Md = renderMarkdown(Long, ReportContext{});
  CHECK(Md.size() < 65536);
  CHECK_THAT(Md, Catch::Contains(" of 400 findings;"));
  CHECK(Md.find(std::string(301, 'm')) == std::string::npos);
}

TEST_CASE("markdown: an empty scan says so", "[report][markdown]") {
  std::string Md = renderMarkdown(ScanResult{}, ReportContext{});
  CHECK_THAT(Md, Catch::Contains("No use of AF_ALG found. 0 findings"));
  CHECK(Md.find("### Findings") == std::string::npos);
  CHECK(Md.find("[!CAUTION]") == std::string::npos);
}
