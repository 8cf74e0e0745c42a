// Issue 6, one-file re-runs: the compile database's plan kept between runs
// (driver/PlanCache.h), the cache's binary facts (model/FactsBinary.h) and
// the cheap path joins of the text index must each change nothing a run
// reports.
#include "driver/PlanCache.h"
#include "TestUtil.h"
#include "driver/Inputs.h"
#include "driver/Paths.h"
#include "driver/Scan.h"
#include "matchers/Extractor.h"
#include "model/FactsBinary.h"
#include "model/FactsJson.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>

using namespace afalg;
using namespace afalg::test;
namespace fs = llvm::sys::fs;

namespace {

const char *Hash = "#include <sys/socket.h>\n"
                   "#include <linux/if_alg.h>\n"
                   "int open_hash(void) {\n"
                   "  return socket(AF_ALG, SOCK_SEQPACKET, 0);\n"
                   "}\n";
const char *Plain = "int add(int a, int b) { return a + b; }\n";

std::string entry(const std::string &Dir, const std::string &File,
                  const std::string &Extra = "") {
  return "{\"directory\": \"" + Dir + "\", \"file\": \"" + File +
         "\", \"arguments\": [\"cc\", \"-Iinclude\"" + Extra + ", \"-c\", \"" +
         File + "\"]}";
}

/// A tree with a compile database of the given entries.
void writeDb(TempDir &T, const std::vector<std::string> &Entries) {
  std::string Db = "[";
  for (size_t I = 0; I < Entries.size(); ++I)
    Db += (I ? ",\n" : "\n") + Entries[I];
  T.write("compile_commands.json", Db + "\n]\n");
}

Run scan(const TempDir &T, const TempDir &Cache) {
  return runInProcess({"-p", T.Path, "--root", T.Path, "--cache-dir",
                       Cache.Path, "--format=json", "--fail-on=none", "--stats",
                       T.Path});
}

bool planFromCache(const Run &R) {
  return R.Err.find("compile database plan from the cache") !=
         std::string::npos;
}

DbPlan samplePlan() {
  DbPlan P;
  ExtractRequest R;
  R.File = "/p/src/a.c";
  R.Directory = "/p";
  R.Args = {"cc", "-Iinclude", "", "-DX=\"a b\"", "src/a.c"};
  P.Sources.push_back(R);
  R.File = "/p/src/b.c";
  R.Args = {};
  P.Sources.push_back(R);
  P.Errors.push_back({"/p/src/c.c", "the directory '/gone' of its compile "
                                    "command does not exist"});
  P.Checks.push_back({FsCheck::RealFile, "/p/./src/a.c", "/p/src/a.c"});
  P.Checks.push_back({FsCheck::IsDirectory, "/gone", ""});
  return P;
}

} // namespace

TEST_CASE("joinNormalPath agrees with path::append and remove_dots",
          "[plan-cache]") {
  const char *Dirs[] = {"/p",      "/p/",      "/p/a/b", "/",   "/p/./a",
                        "/p/../q", "/p//a",    "rel/d",  "",    "/p/a/..",
                        "/p/.a",   "/p/..a/b", "/p/a.",  "/p/."};
  const char *Names[] = {"x.h",      "sys/x.h", "./x.h", "../x.h",
                         "a/../x.h", "a//x.h",  ".x.h",  "..x.h",
                         "x.h/.",    "x/..",    "...",   "a/./b/../c.h"};
  for (const char *D : Dirs)
    for (const char *N : Names) {
      llvm::SmallString<256> Want(D);
      llvm::sys::path::append(Want, N);
      llvm::sys::path::remove_dots(Want, /*remove_dot_dot=*/true);
      INFO(D << " + " << N);
      CHECK(joinNormalPath(D, N) == std::string(Want));
    }
  CHECK(isNormalAbsolutePath("/"));
  CHECK(isNormalAbsolutePath("/p/a.b/..c/.d"));
  CHECK_FALSE(isNormalAbsolutePath("/p/"));
  CHECK_FALSE(isNormalAbsolutePath("/p//a"));
  CHECK_FALSE(isNormalAbsolutePath("/p/./a"));
  CHECK_FALSE(isNormalAbsolutePath("/p/.."));
  CHECK_FALSE(isNormalAbsolutePath("p/a"));
}

TEST_CASE("binary facts round-trip the facts of every flow fixture",
          "[plan-cache]") {
  Options O;
  O.Paths = {std::string(AFALG_SOURCE_DIR) + "/tests/fixtures/flow"};
  O.Root = AFALG_SOURCE_DIR;
  auto Plan = planInputs(O);
  REQUIRE(static_cast<bool>(Plan));
  std::vector<TUFacts> All = extractAll(*Plan, 2);
  REQUIRE(All.size() > 10);
  size_t Sites = 0;
  for (const TUFacts &F : All) {
    INFO(F.MainFile);
    std::string Bin = factsToBinary(F);
    auto Back = factsFromBinary(Bin, "test");
    REQUIRE(static_cast<bool>(Back));
    CHECK(factsToJson(*Back) == factsToJson(F));
    CHECK(Back->AllFiles == F.AllFiles); // not in the JSON comparison
    Sites += F.Sites.size();
  }
  CHECK(Sites > 50);
}

TEST_CASE("binary facts: truncated, garbled or out-of-range input is an "
          "error",
          "[plan-cache]") {
  TUFacts F;
  F.MainFile = "a.c";
  Site S;
  S.Id = "a.c:1:socket";
  S.Rule = RuleId::Bind;
  S.AlgNameKeys = {"v:x", "v:y"};
  F.Sites.push_back(S);
  F.Edges.push_back({"v:a", "v:b"});
  F.Failed = true;
  std::string Bin = factsToBinary(F);
  for (size_t N = 0; N < Bin.size(); ++N) {
    auto Cut = factsFromBinary(llvm::StringRef(Bin).take_front(N), "cut");
    CHECK_FALSE(static_cast<bool>(Cut));
    if (!Cut)
      CHECK(llvm::toString(Cut.takeError()).find("cut: not valid facts") == 0);
  }
  auto Longer = factsFromBinary(Bin + "x", "longer");
  CHECK_FALSE(static_cast<bool>(Longer));
  llvm::consumeError(Longer.takeError());
  // The rule is the first u32 after the site id: make it unknown.
  std::string Bad = Bin;
  size_t At = Bad.find("a.c:1:socket") + strlen("a.c:1:socket");
  Bad[At] = char(0xff);
  auto Unknown = factsFromBinary(Bad, "enum");
  REQUIRE_FALSE(static_cast<bool>(Unknown));
  CHECK(llvm::toString(Unknown.takeError()).find("unknown rule") !=
        std::string::npos);
}

TEST_CASE("a plan entry round-trips, and any damage makes it a miss",
          "[plan-cache]") {
  DbPlan P = samplePlan();
  std::string Bytes = encodePlan("digest", P);
  auto Back = decodePlan(Bytes, "digest");
  REQUIRE(Back.has_value());
  REQUIRE(Back->Sources.size() == 2);
  CHECK(Back->Sources[0].Args == P.Sources[0].Args);
  CHECK(Back->Sources[1].File == "/p/src/b.c");
  CHECK(Back->Errors.size() == 1);
  CHECK(Back->Checks.size() == 2);
  CHECK(Back->Checks[1].K == FsCheck::IsDirectory);
  CHECK(encodePlan("digest", *Back) == Bytes);
  CHECK_FALSE(decodePlan(Bytes, "another-digest"));
  for (size_t N = 0; N < Bytes.size(); ++N) {
    INFO("cut at " << N);
    CHECK_FALSE(decodePlan(llvm::StringRef(Bytes).take_front(N), "digest"));
  }
  for (size_t I = 0; I < Bytes.size(); ++I) {
    std::string Flipped = Bytes;
    Flipped[I] ^= 0x20;
    INFO("flipped byte " << I);
    CHECK_FALSE(decodePlan(Flipped, "digest"));
  }
}

TEST_CASE("the compile database plan comes from the cache until the "
          "database or the files change",
          "[plan-cache]") {
  TempDir T, Cache;
  T.write("src/a.c", Hash);
  T.write("src/b.c", Plain);
  writeDb(T, {entry(T.Path, "src/a.c"), entry(T.Path, "src/b.c")});
  Run Cold = scan(T, Cache);
  CHECK_FALSE(planFromCache(Cold));
  Run Warm = scan(T, Cache);
  CHECK(planFromCache(Warm));
  CHECK(Warm.Out == Cold.Out);
  CHECK(Warm.Code == Cold.Code);

  SECTION("a changed database is planned again") {
    T.write("src/c.c", Hash);
    writeDb(T, {entry(T.Path, "src/a.c"), entry(T.Path, "src/b.c"),
                entry(T.Path, "src/c.c")});
    Run R = scan(T, Cache);
    CHECK_FALSE(planFromCache(R));
    CHECK(count(R.Out, "src/c.c") > 0);
    CHECK(planFromCache(scan(T, Cache)));
  }
  SECTION("a source that becomes a symlink is planned again") {
    T.write("elsewhere/a.c", Hash);
    fs::remove(T.Path + "/src/a.c");
    REQUIRE_FALSE(
        fs::create_link(T.Path + "/elsewhere/a.c", T.Path + "/src/a.c"));
    Run R = scan(T, Cache);
    CHECK_FALSE(planFromCache(R));
    // Reported where it really is, as without a cache.
    CHECK(count(R.Out, "elsewhere/a.c") > 0);
    CHECK(R.Out == runInProcess({"-p", T.Path, "--root", T.Path,
                                 "--format=json", "--fail-on=none", T.Path})
                       .Out);
  }
  SECTION("a command directory that disappears is planned again") {
    T.write("build/keep", "");
    writeDb(T,
            {entry(T.Path, "src/a.c"), entry(T.Path + "/build", "../src/b.c")});
    scan(T, Cache);
    REQUIRE(planFromCache(scan(T, Cache)));
    fs::remove_directories(T.Path + "/build");
    Run R = scan(T, Cache);
    CHECK_FALSE(planFromCache(R));
    CHECK(R.Code == 2); // b.c's command cannot run
    CHECK(count(R.Err, "of its compile command does not exist") == 1);
  }
  SECTION("a garbled entry is a miss, never an error") {
    std::error_code EC;
    fs::directory_iterator It(Cache.Path + "/plans", EC);
    REQUIRE_FALSE(EC);
    std::string Entry = It->path();
    std::string Bytes = readFile(Entry);
    REQUIRE(Bytes.size() > 40);
    Bytes[Bytes.size() / 2] ^= 1;
    std::ofstream(Entry, std::ios::binary) << Bytes;
    Run R = scan(T, Cache);
    CHECK_FALSE(planFromCache(R));
    CHECK(R.Out == Cold.Out);
    CHECK(planFromCache(scan(T, Cache))); // and it was written anew
  }
}

TEST_CASE("a database whose commands read other files is never kept",
          "[plan-cache]") {
  TempDir T, Cache;
  T.write("src/a.c", Hash);
  T.write("flags.rsp", "-DFROM_RSP=1\n");
  writeDb(T, {entry(T.Path, "src/a.c", ", \"@flags.rsp\"")});
  scan(T, Cache);
  Run R = scan(T, Cache);
  CHECK_FALSE(planFromCache(R));
  CHECK_FALSE(fs::exists(Cache.Path + "/plans"));
}

TEST_CASE("plan checks: an unchanged directory vouches for its files, a "
          "changed one has them asked again",
          "[plan-cache]") {
  TempDir T;
  T.write("src/a.c", Plain);
  T.write("src/b.c", Plain);
  T.write("other/c.c", Plain);
  RealPaths R;
  R.Logging = true;
  R.RacyWindowNs = 0; // the test's directories are seconds old at most
  for (const char *F : {"src/a.c", "src/b.c", "other/c.c", "src/gone.c"})
    R.file(T.Path + "/" + F);
  size_t Stamps = 0;
  for (const FsCheck &C : R.Log)
    Stamps += C.K == FsCheck::DirStamp;
  CHECK(Stamps == 2);
  CHECK(checksHold(R.Log));

  SECTION("a file replaced by a symlink") {
    fs::remove(T.Path + "/src/a.c");
    REQUIRE_FALSE(fs::create_link(T.Path + "/other/c.c", T.Path + "/src/a.c"));
    CHECK_FALSE(checksHold(R.Log));
  }
  SECTION("a file that appears where none was") {
    T.write("src/gone.c", Plain);
    // Same answer: a regular file's real path is its lexical one here.
    CHECK(checksHold(R.Log));
  }
  SECTION("a directory replaced by a symlink to another") {
    fs::rename(T.Path + "/src", T.Path + "/moved");
    REQUIRE_FALSE(fs::create_link(T.Path + "/moved", T.Path + "/src"));
    CHECK_FALSE(checksHold(R.Log));
  }
  SECTION("a stale directory stamp alone changes nothing") {
    std::vector<FsCheck> Old = R.Log;
    for (FsCheck &C : Old)
      if (C.K == FsCheck::DirStamp)
        C.Out = "0:0:0:0";
    CHECK(checksHold(Old)); // every file asked again, all the same
  }
}
