// TU isolation (DESIGN §6): a compiler crash or hang in one TU costs that
// TU only, reported with its reason; the other TUs' findings are complete.
// The workers are the real afalg-scan (AFALG_TOOL): this test binary
// cannot serve as one.

#include "TestUtil.h"
#include "driver/Inputs.h"
#include "driver/Scan.h"
#include "model/FactsJson.h"
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

using namespace afalg;
using namespace afalg::test;

namespace {

IsolationOptions tool(unsigned Timeout = 300) {
  IsolationOptions O;
  O.Executable = AFALG_TOOL;
  O.TimeoutSeconds = Timeout;
  return O;
}

/// A request as the audit planner would make it, minus what stops a file
/// from crashing the compiler on purpose.
ExtractRequest request(const std::string &Root, const std::string &File) {
  ExtractRequest R;
  R.File = File;
  R.Directory = Root;
  R.Args = {"clang", "-fsyntax-only", "-resource-dir=" + clangResourceDir(),
            File};
  return R;
}

} // namespace

TEST_CASE("isolated extraction gives exactly the in-process facts",
          "[isolation]") {
  Options O;
  O.Paths = {std::string(AFALG_SOURCE_DIR) + "/examples",
             std::string(AFALG_SOURCE_DIR) + "/tests/fixtures/flow"};
  O.Root = AFALG_SOURCE_DIR;
  auto Plan = planInputs(O);
  REQUIRE(static_cast<bool>(Plan));
  REQUIRE(Plan->Sources.size() > 5);
  ProjectInfo Project{Plan->Root};
  for (size_t I = 0; I < Plan->Sources.size(); I += 2) {
    ExtractRequest R = Plan->Sources[I];
    // The config's wrapper prefixes change the facts, so they must reach
    // the worker: these make the helpers of the examples API calls.
    if (I % 4 == 0)
      R.KcapiPrefixes = {"alg_", "cbc_", "aead_", "rng_", "print_"};
    INFO(R.File);
    TUFacts Alone = extractTU(R, Project);
    TUFacts Isolated = extractIsolated(R, Project, tool());
    CHECK_FALSE(Isolated.Failed);
    CHECK(factsToJson(Isolated) == factsToJson(Alone));
  }
  shutdownWorkers();
}

TEST_CASE("a compiler crash is one failed TU with its signal", "[isolation]") {
  TempDir D;
  std::string Crash = D.write("crash.c", "#pragma clang __debug crash\n");
  std::string Good = D.write("good.c", afAlgSource());
  ProjectInfo P{D.Path};
  TUFacts F = extractIsolated(request(D.Path, Crash), P, tool());
  CHECK(F.Failed);
  CHECK(F.MainFile == Crash);
  CHECK_THAT(F.FailReason,
             Catch::Matches("the compiler crashed \\(signal [0-9]+\\) while "
                            "parsing this file"));
  // The next TU gets a fresh worker and is whole.
  TUFacts G = extractIsolated(request(D.Path, Good), P, tool());
  CHECK_FALSE(G.Failed);
  CHECK(G.Sites.size() >= 3);
  shutdownWorkers();
}

TEST_CASE("the scan disarms #pragma clang __debug crash", "[isolation]") {
  TempDir D;
  D.write("crash.c",
          std::string("#pragma clang __debug crash\n") + afAlgSource());
  Run R = runInProcess({"--format=json", "--root", D.Path, D.Path});
  CHECK(R.Code == 1);
  CHECK(R.Out.find("\"file\": \"crash.c\"") != std::string::npos);
}

TEST_CASE("a TU that hangs times out, the others are complete",
          "[isolation][slow]") {
  TempDir D;
  // A constant expression that would take hours once its step limit is
  // lifted (the flag comes from the user, after "--").
  D.write("hang.cpp", "constexpr unsigned long spin() {\n"
                      "  unsigned long I = 0;\n"
                      "  while (I < ~0ul) ++I;\n"
                      "  return I;\n}\n"
                      "static_assert(spin() != 0, \"\");\n"
                      "extern \"C\" int socket(int, int, int);\n"
                      "int f() { return socket(38, 5, 0); }\n");
  D.write("good.c", afAlgSource());
  auto Start = std::chrono::steady_clock::now();
  Run R = runInProcess({"--format=json", "--tu-timeout=2", "--root", D.Path,
                        D.Path, "--", "-fconstexpr-steps=4294967295"},
                       AFALG_TOOL);
  auto Took = std::chrono::steady_clock::now() - Start;
  INFO(R.Err);
  CHECK(R.Code == 2);
  CHECK(R.Err.find("hang.cpp: timed out after 2 s") != std::string::npos);
  CHECK(count(R.Out, "\"file\": \"good.c\"") >= 3);
  CHECK(Took < std::chrono::seconds(60));
}

TEST_CASE("a stack overflow in the compiler costs one file, exit 2",
          "[isolation]") {
  TempDir D;
  // Generated code: a left-deep expression of a million terms overflows
  // the compiler's recursion. In-process this ended the whole scan.
  std::string Deep = "int x = 1";
  for (int I = 0; I < 1000000; ++I)
    Deep += "+1";
  D.write("deep.c", "#include <sys/socket.h>\n" + Deep +
                        ";\nint f(void) { return socket(38, 5, 0); }\n");
  D.write("good.c", afAlgSource());
  Run R = runExecutable({"--format=json", "--root", D.Path, D.Path});
  INFO(R.Err);
  nlohmann::json J;
  REQUIRE_NOTHROW(J = nlohmann::json::parse(R.Out));
  CHECK(count(R.Out, "\"file\": \"good.c\"") >= 3);
  // A machine with a huge stack may parse it after all; either way the
  // scan ends normally and accounts for the file.
  if (R.Code == 2)
    CHECK(R.Err.find("deep.c: the compiler crashed (signal") !=
          std::string::npos);
  else
    CHECK(R.Code == 1);
}

TEST_CASE("worker requests carry any bytes", "[isolation]") {
  ExtractRequest R;
  R.File = "/src/caf\xe9/a\xff.c";
  R.Directory = "/src/\x80";
  R.Args = {"clang", "-DX=\"\xfe\"", R.File};
  R.Audit = true;
  ProjectInfo P{"/src"};
  std::string Json = requestToJson(R, P);
  CHECK_NOTHROW(nlohmann::json::parse(Json));
  ExtractRequest Back;
  ProjectInfo BackP;
  REQUIRE_FALSE(static_cast<bool>(requestFromJson(Json, Back, BackP)));
  CHECK(Back.File == R.File);
  CHECK(Back.Directory == R.Directory);
  CHECK(Back.Args == R.Args);
  CHECK(Back.Audit);
  CHECK(BackP.Root == "/src");
  llvm::Error E = requestFromJson("{\"file\": 1}", Back, BackP);
  CHECK(static_cast<bool>(E));
  llvm::consumeError(std::move(E));
}

TEST_CASE("facts with bytes that are not UTF-8 round-trip", "[isolation]") {
  TUFacts F;
  F.MainFile = "/p/caf\xe9.c";
  StringFact S;
  S.Where = "v:c:@x";
  S.Value = "sha\xff";
  F.Strings.push_back(S);
  std::string Json = factsToJson(F); // used to throw
  auto Back = factsFromJson(Json, "test");
  REQUIRE(static_cast<bool>(Back));
  CHECK(Back->MainFile == F.MainFile);
  REQUIRE(Back->Strings.size() == 1);
  CHECK(Back->Strings[0].Value == "sha\xff");
}

TEST_CASE("isolation needs the afalg-scan executable", "[isolation]") {
  TempDir D;
  D.write("a.c", afAlgSource());
  Run R = runInProcess({"--isolate", D.Path});
  CHECK(R.Code == 2);
  CHECK(R.Err.find("--isolate") != std::string::npos);
  CHECK(runInProcess({"--tu-timeout=0", D.Path}).Code == 2);
  CHECK(runInProcess({"--tu-timeout=x", D.Path}).Code == 2);
}

TEST_CASE("the CLI isolates by default and reports the same as in-process",
          "[isolation]") {
  std::string Examples = std::string(AFALG_SOURCE_DIR) + "/examples";
  Run A =
      runExecutable({"--format=json", "--root", AFALG_SOURCE_DIR, Examples});
  Run B = runExecutable(
      {"--format=json", "--no-isolate", "--root", AFALG_SOURCE_DIR, Examples});
  CHECK(A.Code == 1);
  CHECK(A.Out == B.Out);
}
