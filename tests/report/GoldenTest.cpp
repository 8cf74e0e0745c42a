// Golden files and the contract every reporter keeps: it renders an empty
// scan, its output is byte-identical across runs and independent of the
// order of its input, and it ends with a newline.

#include "Golden.h"
#include "Fixture.h"
#include "report/Reporter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

using namespace afalg;
using namespace afalg::test;

namespace {

struct NamedReporter {
  const char *Ext;
  std::string (*Render)(const ScanResult &, const ReportContext &);
};

const NamedReporter Reporters[] = {
    {"txt", renderText},
    {"json", renderJson},
    {"sarif", renderSarif},
};

/// The same scan, every list in another order.
ScanResult shuffled(ScanResult R, unsigned Seed) {
  std::mt19937 Rng(Seed);
  std::shuffle(R.Findings.begin(), R.Findings.end(), Rng);
  std::shuffle(R.Sessions.begin(), R.Sessions.end(), Rng);
  std::shuffle(R.Errors.begin(), R.Errors.end(), Rng);
  std::shuffle(R.Skipped.begin(), R.Skipped.end(), Rng);
  for (Session &S : R.Sessions) {
    std::shuffle(S.Algorithms.begin(), S.Algorithms.end(), Rng);
    std::shuffle(S.Files.begin(), S.Files.end(), Rng);
  }
  return R;
}

} // namespace

TEST_CASE("reporters match their golden files", "[report][golden]") {
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

TEST_CASE("every reporter keeps the contract", "[report][contract]") {
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
