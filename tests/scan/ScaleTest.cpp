// Issue 6, "speed and scale": the result cache, the text prefilter and
// sharding must each leave the report byte-identical.
#include "TestUtil.h"
#include "driver/App.h"
#include "driver/Cache.h"
#include "driver/FileStates.h"
#include "driver/Inputs.h"
#include "driver/Scan.h"
#include "driver/Worker.h"
#include "model/FactsJson.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <catch2/catch.hpp>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <thread>

using namespace afalg;
using namespace afalg::test;
namespace fs = llvm::sys::fs;

namespace {

double seconds(const std::function<void()> &F) {
  auto Start = std::chrono::steady_clock::now();
  F();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
      .count();
}

} // namespace

TEST_CASE("the prefilter loses no finding on the test trees", "[prefilter]") {
  for (const char *Tree :
       {"examples", "tests/fixtures/flow", "tests/corpus", "tests/fixtures"}) {
    INFO(Tree);
    std::string Dir = source(Tree);
    Run Off = scanJson(Dir, {"--no-prefilter"});
    Run On = scanJson(Dir);
    CHECK(On.Code == Off.Code);
    CHECK(On.Out == Off.Out);
    Counts C = stats(On.Err);
    WARN(Tree << ": " << C.TUs << " TUs, " << C.Unparsed
              << " left unparsed by the prefilter");
  }
}

TEST_CASE("the prefilter skips most of a synthetic tree, losing nothing",
          "[prefilter]") {
  auto Python = llvm::sys::findProgramByName("python3");
  if (!Python) {
    WARN("python3 not found: bench/gen_tree.py not run");
    return;
  }
  TempDir D;
  std::string Gen = source("bench/gen_tree.py");
  llvm::StringRef Args[] = {*Python,         Gen,  "150", D.Path,
                            "--afalg-share", "0.1"};
  REQUIRE(llvm::sys::ExecuteAndWait(*Python, Args) == 0);
  // With its compile database (-p): the shape of a real build tree.
  Run Off = runInProcess({"--format=json", "--fail-on=none", "--no-prefilter",
                          "--root", D.Path, "-p", D.Path, D.Path});
  Run On = runInProcess({"--format=json", "--fail-on=none", "--stats", "--root",
                         D.Path, "-p", D.Path, D.Path});
  CHECK(On.Out == Off.Out);
  CHECK(On.Out.find("\"rule\": \"afalg-io\"") != std::string::npos);
  Counts C = stats(On.Err);
  CHECK(C.TUs == 150);
  CHECK(C.Unparsed > 100);
  WARN("gen_tree.py 150: " << C.Unparsed << " of " << C.TUs
                           << " TUs left unparsed by the prefilter");
}

TEST_CASE("the prefilter follows names that carry AF_ALG fds across files",
          "[prefilter]") {
  TempDir D;
  // The header names no AF_ALG token: only the field links b.c to a.c.
  D.write("ctx.h", "struct ctx { int tfmfd, opfd; };\n");
  D.write("a.c", R"(#include <sys/socket.h>
#include <linux/if_alg.h>
#include "ctx.h"
int ctx_open(struct ctx *c) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "hash",
                            .salg_name = "sha256"};
  c->tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
  bind(c->tfmfd, (struct sockaddr *)&sa, sizeof(sa));
  c->opfd = accept(c->tfmfd, 0, 0);
  return c->opfd;
}
)");
  D.write("b.c", R"(#include <unistd.h>
#include "ctx.h"
long digest(struct ctx *c, char *out) { return read(c->opfd, out, 32); }
)");
  // Two rounds: e.c's accessor is reached only once e.c is parsed, and
  // f.c spells only the accessor (no header, no field).
  D.write("e.c", "#include \"ctx.h\"\nint ctx_fd(struct ctx *c) "
                 "{ return c->opfd; }\n");
  D.write("f.c", "#include <unistd.h>\nstruct ctx;\nint ctx_fd(struct ctx *);\n"
                 "void feed(struct ctx *c) { write(ctx_fd(c), \"x\", 1); }\n");
  D.write("plain.c", "#include <unistd.h>\nint fd;\n"
                     "void out(void) { write(fd, \"x\", 1); }\n");
  Run Off = scanJson(D.Path, {"--no-prefilter"});
  Run On = scanJson(D.Path);
  CHECK(On.Out == Off.Out);
  CHECK(On.Out.find("\"file\": \"b.c\"") != std::string::npos);
  CHECK(On.Out.find("\"file\": \"f.c\"") != std::string::npos);
  Counts C = stats(On.Err);
  CHECK(C.TUs == 5);
  CHECK(C.Unparsed == 1); // plain.c only
  CHECK(On.Err.find("3 link rounds") != std::string::npos);
}

TEST_CASE("prefiltered files count as analysed, not as skipped",
          "[prefilter]") {
  TempDir D;
  D.write("a.c", "#include <sys/socket.h>\nint s(void) "
                 "{ return socket(AF_ALG, 5, 0); }\n");
  // Not C at all, but nothing in it can be AF_ALG: its parse errors are
  // not looked for (--no-prefilter reports them).
  D.write("notc.c", "def main():\n    print('hello')\n");
  Run On = scanJson(D.Path);
  CHECK(On.Out.find("\"analysed\": 2") != std::string::npos);
  CHECK(On.Out.find("\"skipped\": []") != std::string::npos);
  CHECK(On.Out.find("notc.c") == std::string::npos);
  Run Off = scanJson(D.Path, {"--no-prefilter"});
  CHECK(Off.Out.find("notc.c") != std::string::npos);
  CHECK(Off.Code == 2);
}

TEST_CASE("the cache: cold, warm and after an edit give the same report",
          "[cache]") {
  TempDir Tree, Cache;
  copyTree(source("tests/fixtures/flow"), Tree.Path);
  std::string Dir = "--cache-dir=" + Cache.Path;
  Run Plain = scanJson(Tree.Path, {"--no-prefilter"});
  Run Cold = scanJson(Tree.Path, {"--no-prefilter", Dir});
  Run Warm = scanJson(Tree.Path, {"--no-prefilter", Dir});
  CHECK(Cold.Out == Plain.Out);
  CHECK(Warm.Out == Plain.Out);
  Counts C = stats(Cold.Err), W = stats(Warm.Err);
  CHECK(C.Hits == 0);
  CHECK(C.Stored == C.TUs);
  CHECK(W.Hits == W.TUs);
  CHECK(W.Parsed == 0);
  // One edit: that TU is parsed again, every other one comes from the cache.
  Tree.append("field-of-struct-passed-by-pointer.c", "/* edited */\n");
  Run Edited = scanJson(Tree.Path, {"--no-prefilter", Dir});
  CHECK(Edited.Out == scanJson(Tree.Path, {"--no-prefilter"}).Out);
  Counts E = stats(Edited.Err);
  CHECK(E.Parsed == 1);
  CHECK(E.Stale == 0); // a new main file is a new entry name
  CHECK(E.Hits == E.TUs - 1);
  // An edited header invalidates every TU that read it, and only those.
  Tree.append("global-across-files/session.h", "/* edited */\n");
  Counts H = stats(scanJson(Tree.Path, {"--no-prefilter", Dir}).Err);
  CHECK(H.Parsed >= 2);
  CHECK(H.Stale == H.Parsed); // found by the entries' dependency lists
  CHECK(H.Parsed < H.TUs);
  // With the prefilter too (the default): same report, from the cache.
  Run Pre = scanJson(Tree.Path, {Dir});
  CHECK(Pre.Out == scanJson(Tree.Path, {"--no-prefilter"}).Out);
  CHECK(stats(Pre.Err).Parsed == 0);
}

TEST_CASE("a corrupt cache entry is a miss, never an error", "[cache]") {
  TempDir Tree, CacheDir;
  Tree.write("a.c", "#include <sys/socket.h>\nint s(void) "
                    "{ return socket(AF_ALG, 5, 0); }\n");
  Tree.write("b.c", "#include <sys/socket.h>\nint t(void) "
                    "{ return socket(38, 5, 0); }\n");
  std::string Dir = "--cache-dir=" + CacheDir.Path;
  Run Cold = scanJson(Tree.Path, {Dir});
  Options O;
  O.Paths = {Tree.Path};
  O.Root = Tree.Path;
  auto Plan = planInputs(O);
  REQUIRE(static_cast<bool>(Plan));
  auto C = ResultCache::open(CacheDir.Path);
  REQUIRE(static_cast<bool>(C));
  ProjectInfo P{Plan->Root};
  std::vector<std::string> Entries;
  for (const ExtractRequest &R : Plan->Sources)
    Entries.push_back((*C)->entryPath(R, P));
  REQUIRE(Entries.size() == 2);
  REQUIRE(fs::exists(Entries[0]));
  std::ofstream(Entries[0], std::ios::binary) << "\x7f garbage \0\n";
  // Truncated: a valid head, facts cut short.
  std::ifstream In(Entries[1], std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  In.close();
  std::ofstream(Entries[1], std::ios::binary)
      << S.str().substr(0, S.str().size() - 40);
  Run Again = scanJson(Tree.Path, {Dir});
  CHECK(Again.Code == 0);
  CHECK(Again.Out == Cold.Out);
  Counts A = stats(Again.Err);
  CHECK(A.Corrupt == 2);
  CHECK(A.Hits == 0);
  // Rewritten: the next run hits.
  CHECK(stats(scanJson(Tree.Path, {Dir}).Err).Hits == 2);
}

TEST_CASE("concurrent runs can share a cache directory", "[cache]") {
  TempDir Tree, CacheDir;
  copyTree(source("tests/fixtures/flow"), Tree.Path);
  std::string Dir = "--cache-dir=" + CacheDir.Path;
  Run Reference = scanJson(Tree.Path, {"--no-prefilter"});
  // Two threads of this process, cold.
  Run A, B;
  std::thread T1([&] { A = scanJson(Tree.Path, {"--no-prefilter", Dir}); });
  std::thread T2([&] { B = scanJson(Tree.Path, {"--no-prefilter", Dir}); });
  T1.join();
  T2.join();
  CHECK(A.Out == Reference.Out);
  CHECK(B.Out == Reference.Out);
  // Two processes, on a second cache directory (cold) and then on the
  // first one (warm).
  TempDir Second;
  for (const std::string &CD : {Second.Path, CacheDir.Path}) {
    std::vector<llvm::sys::ProcessInfo> Procs;
    for (int I = 0; I < 2; ++I) {
      std::string Out = Tree.Path + "/out" + std::to_string(I) + ".json";
      std::vector<std::string> Args = {AFALG_TOOL,
                                       "--format=json",
                                       "--fail-on=none",
                                       "--no-prefilter",
                                       "-o",
                                       Out,
                                       "--cache-dir",
                                       CD,
                                       "--root",
                                       Tree.Path,
                                       Tree.Path};
      std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
      Procs.push_back(llvm::sys::ExecuteNoWait(AFALG_TOOL, Refs, std::nullopt));
    }
    for (auto &P : Procs)
      CHECK(llvm::sys::Wait(P, std::nullopt).ReturnCode == 0);
    for (int I = 0; I < 2; ++I) {
      std::ifstream In(Tree.Path + "/out" + std::to_string(I) + ".json");
      std::stringstream S;
      S << In.rdbuf();
      CHECK(S.str() == Reference.Out);
      fs::remove(Tree.Path + "/out" + std::to_string(I) + ".json");
    }
  }
  Counts W = stats(scanJson(Tree.Path, {"--no-prefilter", Dir}).Err);
  CHECK(W.Hits == W.TUs);
}

TEST_CASE("three shards merged equal a single run", "[shard]") {
  for (const char *Tree : {"tests/corpus", "examples"}) {
    INFO(Tree);
    TempDir Out;
    std::string Dir = source(Tree);
    Run Single = runInProcess({"--format=json", "--root", Dir, Dir});
    std::vector<std::string> Merge = {"merge", "--format=json", "--root", Dir};
    for (int K = 1; K <= 3; ++K) {
      std::string F = Out.Path + "/f" + std::to_string(K) + ".json";
      Run S = runInProcess({"--shard=" + std::to_string(K) + "/3",
                            "--facts-out", F, "--root", Dir, Dir});
      CHECK(S.Code == 0);
      Merge.push_back(F);
    }
    Run M = runInProcess(Merge);
    CHECK(M.Code == Single.Code);
    CHECK(M.Out == Single.Out);
    CHECK(M.Out.find(Dir) == std::string::npos);
    // Also as SARIF (fingerprints, notifications).
    Merge[1] = "--format=sarif";
    CHECK(runInProcess(Merge).Out ==
          runInProcess({"--format=sarif", "--root", Dir, Dir}).Out);
    // A missing or repeated shard is refused rather than under-reported.
    CHECK(runInProcess({"merge", Merge[4], Merge[5]}).Code == 2);
    CHECK(
        runInProcess({"merge", Merge[4], Merge[4], Merge[5], Merge[6]}).Code ==
        2);
  }
}

TEST_CASE("one-file re-run against a cold run on tests/corpus", "[timing]") {
  TempDir Tree, CacheDir;
  copyTree(source("tests/corpus"), Tree.Path);
  std::string Dir = "--cache-dir=" + CacheDir.Path;
  Run R;
  double Uncached = seconds([&] { R = scanJson(Tree.Path); });
  double Cold = seconds([&] { R = scanJson(Tree.Path, {Dir}); });
  double Warm = seconds([&] { R = scanJson(Tree.Path, {Dir}); });
  Tree.append("libkcapi-mini/apps/kcapi-hmac.c", "/* edited */\n");
  double Edit = seconds([&] { R = scanJson(Tree.Path, {Dir}); });
  Counts E = stats(R.Err);
  CHECK(E.Parsed == 1);
  WARN("tests/corpus: no cache "
       << Uncached << " s, cold " << Cold << " s, warm " << Warm
       << " s, one edit " << Edit << " s (" << E.Parsed << " of " << E.TUs
       << " TUs parsed)");
}
