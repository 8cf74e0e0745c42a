#include "Golden.h"
#include "Fixture.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace afalg {
namespace test {

namespace {

bool updateRequested() {
  const char *V = std::getenv("AFALG_UPDATE_GOLDEN");
  return V && std::strcmp(V, "1") == 0;
}

/// "line N: expected `...` got `...`" for the first line that differs.
std::string firstDifference(const std::string &Expected,
                            const std::string &Actual) {
  size_t Line = 1, Start = 0;
  for (size_t I = 0; I < Expected.size() && I < Actual.size(); ++I) {
    if (Expected[I] != Actual[I])
      break;
    if (Expected[I] == '\n') {
      ++Line;
      Start = I + 1;
    }
  }
  auto lineAt = [Start](const std::string &S) {
    if (Start >= S.size())
      return std::string("<end of file>");
    size_t End = S.find('\n', Start);
    return S.substr(Start, End == std::string::npos ? End : End - Start);
  };
  return "line " + std::to_string(Line) + ": approved `" + lineAt(Expected) +
         "` received `" + lineAt(Actual) + "`";
}

} // namespace

std::string goldenDir() { return AFALG_GOLDEN_DIR; }

void checkGolden(const std::string &Name, const std::string &Ext,
                 const std::string &Actual) {
  const std::string Base = goldenDir() + "/" + Name;
  const std::string Approved = Base + ".approved." + Ext;
  const std::string Received = Base + ".received." + Ext;

  if (updateRequested()) {
    writeFile(Approved, Actual);
    std::remove(Received.c_str());
    WARN("updated " << Approved);
    return;
  }

  bool Exists = fileExists(Approved);
  std::string Expected = Exists ? readFile(Approved) : "";
  if (Exists && Expected == Actual) {
    std::remove(Received.c_str());
    SUCCEED(Approved << " matches");
    return;
  }
  writeFile(Received, Actual);
  if (!Exists)
    FAIL("no approved file " << Approved << "; wrote " << Received
                             << " (review it, then rerun with "
                                "AFALG_UPDATE_GOLDEN=1 to approve)");
  FAIL(Approved << " differs from the output, "
                << firstDifference(Expected, Actual) << "; wrote " << Received
                << " (diff them; rerun with AFALG_UPDATE_GOLDEN=1 "
                << "to approve)");
}

} // namespace test
} // namespace afalg
