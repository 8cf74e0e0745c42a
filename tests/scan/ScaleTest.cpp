// Issue 6, "speed and scale": the result cache, the text prefilter and
// sharding must each leave the report byte-identical.
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
namespace fs = llvm::sys::fs;

namespace {

struct Run {
  int Code;
  std::string Out, Err;
};

Run runTool(std::vector<std::string> Args) {
  std::string Out, Err;
  llvm::raw_string_ostream O(Out), E(Err);
  int Code = runApp(Args, O, E, /*ErrIsTerminal=*/false);
  O.flush();
  E.flush();
  return {Code, Out, Err};
}

/// A scratch directory (real path: reports are relative to it).
struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> P, Real;
    fs::createUniqueDirectory("afalg-scale", P);
    fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~TempDir() { fs::remove_directories(Path); }
  std::string write(const std::string &Name, const std::string &Text) const {
    std::string F = Path + "/" + Name;
    fs::create_directories(llvm::sys::path::parent_path(F));
    std::ofstream(F, std::ios::binary) << Text;
    return F;
  }
  void append(const std::string &Name, const std::string &Text) const {
    std::ofstream(Path + "/" + Name, std::ios::binary | std::ios::app) << Text;
  }
};

void copyTree(const std::string &From, const std::string &To) {
  std::error_code EC;
  for (fs::recursive_directory_iterator It(From, EC), End; It != End && !EC;
       It.increment(EC)) {
    llvm::StringRef Rel = It->path();
    Rel.consume_front(From);
    std::string Dest = To + Rel.str();
    if (It->type() == fs::file_type::directory_file)
      fs::create_directories(Dest);
    else
      fs::copy_file(It->path(), Dest);
  }
}

std::string source(const std::string &Rel) {
  return std::string(AFALG_SOURCE_DIR) + "/" + Rel;
}

/// The numbers of the --stats line: TUs, extracted, from the cache,
/// parsed, stale, unreadable, stored, left unparsed.
struct Counts {
  unsigned TUs = 0, Extracted = 0, Hits = 0, Parsed = 0, Stale = 0, Corrupt = 0,
           Stored = 0, Unparsed = 0;
};
Counts stats(const std::string &Err) {
  Counts C;
  std::smatch M;
  std::regex Head("stats: (\\d+) TUs: (\\d+) extracted");
  if (std::regex_search(Err, M, Head))
    C.TUs = std::stoi(M[1]), C.Extracted = std::stoi(M[2]);
  std::regex Cache("\\((\\d+) from the cache, (\\d+) parsed(; (\\d+) stale "
                   "and (\\d+) unreadable entries)?; (\\d+) stored\\)");
  if (std::regex_search(Err, M, Cache)) {
    C.Hits = std::stoi(M[1]), C.Parsed = std::stoi(M[2]);
    if (M[3].matched)
      C.Stale = std::stoi(M[4]), C.Corrupt = std::stoi(M[5]);
    C.Stored = std::stoi(M[6]);
  }
  std::regex Pre("(\\d+) left unparsed by the prefilter");
  if (std::regex_search(Err, M, Pre))
    C.Unparsed = std::stoi(M[1]);
  return C;
}

Run scanJson(const std::string &Root, std::vector<std::string> Extra = {}) {
  std::vector<std::string> Args = {"--format=json", "--fail-on=none", "--stats",
                                   "--root", Root};
  Args.insert(Args.end(), Extra.begin(), Extra.end());
  Args.push_back(Root);
  return runTool(Args);
}

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
  Run Off = runTool({"--format=json", "--fail-on=none", "--no-prefilter",
                     "--root", D.Path, "-p", D.Path, D.Path});
  Run On = runTool({"--format=json", "--fail-on=none", "--stats", "--root",
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
    Run Single = runTool({"--format=json", "--root", Dir, Dir});
    std::vector<std::string> Merge = {"merge", "--format=json", "--root", Dir};
    for (int K = 1; K <= 3; ++K) {
      std::string F = Out.Path + "/f" + std::to_string(K) + ".json";
      Run S = runTool({"--shard=" + std::to_string(K) + "/3", "--facts-out", F,
                       "--root", Dir, Dir});
      CHECK(S.Code == 0);
      Merge.push_back(F);
    }
    Run M = runTool(Merge);
    CHECK(M.Code == Single.Code);
    CHECK(M.Out == Single.Out);
    CHECK(M.Out.find(Dir) == std::string::npos);
    // Also as SARIF (fingerprints, notifications).
    Merge[1] = "--format=sarif";
    CHECK(runTool(Merge).Out ==
          runTool({"--format=sarif", "--root", Dir, Dir}).Out);
    // A missing or repeated shard is refused rather than under-reported.
    CHECK(runTool({"merge", Merge[4], Merge[5]}).Code == 2);
    CHECK(runTool({"merge", Merge[4], Merge[4], Merge[5], Merge[6]}).Code == 2);
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

// ---------------------------------------------------------------------------
// The warm path (driver/FileStates.h): files whose stamp is unchanged since
// an earlier run are not read again; anything that writes a file is seen.

namespace {

int64_t nsOf(const struct timespec &T) {
  return int64_t(T.tv_sec) * 1'000'000'000 + T.tv_nsec;
}

struct stat statOf(const std::string &Path) {
  struct stat St;
  REQUIRE(::stat(Path.c_str(), &St) == 0);
  return St;
}

/// A run start this far after the file's last change: its stamp is settled.
int64_t settledAfter(const std::string &Path) {
  return nsOf(statOf(Path).st_ctim) + 10'000'000'000;
}

bool spells(const FileText &T, const char *Name) {
  return std::binary_search(T.Idents.begin(), T.Idents.end(), identHash(Name));
}

/// Rewrites Path with Text (the same size as before), then puts the old
/// mtime back: only the ctime tells that the file changed.
void rewriteKeepingMtime(const std::string &Path, const std::string &Text) {
  struct stat Before = statOf(Path);
  REQUIRE(static_cast<size_t>(Before.st_size) == Text.size());
  std::ofstream(Path, std::ios::binary | std::ios::trunc) << Text;
  struct timespec Times[2] = {Before.st_atim, Before.st_mtim};
  REQUIRE(::utimensat(AT_FDCWD, Path.c_str(), Times, 0) == 0);
  REQUIRE(statOf(Path).st_mtim.tv_nsec == Before.st_mtim.tv_nsec);
}

unsigned filesRead(const std::string &Err) {
  std::smatch M;
  std::regex Re("(\\d+) files read, (\\d+) known by their stamp");
  return std::regex_search(Err, M, Re) ? std::stoi(M[1]) : ~0u;
}

size_t count(const std::string &Hay, const std::string &Needle) {
  size_t N = 0;
  for (size_t P = Hay.find(Needle); P != std::string::npos;
       P = Hay.find(Needle, P + 1))
    ++N;
  return N;
}

bool singleThreaded() {
  std::ifstream In("/proc/self/status");
  std::string Line;
  while (std::getline(In, Line))
    if (Line.rfind("Threads:", 0) == 0)
      return std::stoi(Line.substr(8)) == 1;
  return false;
}

} // namespace

TEST_CASE("file states: an unchanged stamp skips the read, a write is seen",
          "[cache][stamps]") {
  TempDir D;
  std::string F = D.write("a.c", "int alpha;\n");
  std::string Rec = D.Path + "/records/files.stamps";
  int64_t Later = settledAfter(F);
  std::string Hash;
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
    CHECK(spells(S.text(F), "alpha"));
    Hash = S.hash(F); // from the same read
    CHECK(S.stats().Read == 1);
    S.save();
  }
  REQUIRE(fs::exists(Rec));
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
    CHECK(spells(S.text(F), "alpha"));
    CHECK(S.hash(F) == Hash);
    CHECK(S.stats().Read == 0);
    CHECK(S.stats().Known == 1);
  }
  // Same size, mtime put back (cp -p, touch -r): the ctime changed.
  rewriteKeepingMtime(F, "int gamma;\n");
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, settledAfter(F));
    CHECK(spells(S.text(F), "gamma"));
    CHECK_FALSE(spells(S.text(F), "alpha"));
    CHECK(S.hash(F) != Hash);
    CHECK(S.stats().Read == 1);
    CHECK(S.stats().Known == 0);
  }
}

TEST_CASE("file states: a stamp within the racy window is not kept",
          "[cache][stamps]") {
  TempDir D;
  std::string F = D.write("a.c", "int alpha;\n");
  std::string Rec = D.Path + "/files.stamps";
  // The run started right after the file's last write: a second write in
  // the same timestamp tick could leave the same stamp, so the file is
  // read again next time, however its stamp looks then.
  int64_t Racy = nsOf(statOf(F).st_ctim) + 1'000'000;
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Racy);
    CHECK(spells(S.text(F), "alpha"));
    S.save();
  }
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, settledAfter(F));
    CHECK(spells(S.text(F), "alpha"));
    CHECK(S.stats().Read == 1);
    CHECK(S.stats().Known == 0);
    S.save(); // settled now: kept
  }
  FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, settledAfter(F));
  S.text(F);
  CHECK(S.stats().Known == 1);
}

TEST_CASE("file states: a garbled or truncated record file is ignored",
          "[cache][stamps]") {
  TempDir D;
  std::string F = D.write("a.c", "int alpha;\n");
  std::string G = D.write("b.c", "int beta;\n");
  std::string Rec = D.Path + "/files.stamps";
  int64_t Later = settledAfter(G);
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
    S.text(F);
    S.text(G);
    S.save();
  }
  auto Buf = llvm::MemoryBuffer::getFile(Rec);
  REQUIRE(Buf);
  std::string Whole = (*Buf)->getBuffer().str();
  for (std::string Bad : {Whole.substr(0, Whole.size() / 2),
                          Whole.substr(0, Whole.size() - 1) + "x",
                          std::string("\x7f garbage\n"), std::string()}) {
    std::ofstream(Rec, std::ios::binary | std::ios::trunc) << Bad;
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
    CHECK(spells(S.text(F), "alpha"));
    CHECK(spells(S.text(G), "beta"));
    CHECK(S.stats().Read == 2);
    CHECK(S.stats().Known == 0);
  }
}

TEST_CASE("file states: records of files no run sees any more are dropped",
          "[cache][stamps]") {
  TempDir D;
  std::string Old = D.write("old.c", "int old;\n");
  std::string Rec = D.Path + "/files.stamps";
  int64_t Later = settledAfter(Old);
  {
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
    S.text(Old);
    S.save();
  }
  // Each run sees one new file only (so that it saves); old.c ages out.
  for (unsigned I = 0; I < FileStates::MaxAge; ++I) {
    std::string New = D.write("n" + std::to_string(I) + ".c", "int n;\n");
    FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, settledAfter(New));
    S.text(New);
    S.save();
  }
  FileStates S({}, Rec, FileStates::DefaultRacyWindowNs, Later);
  S.text(Old);
  CHECK(S.stats().Read == 1);
}

TEST_CASE("a warm run reads no unchanged file, same-size edits with the old "
          "mtime are seen",
          "[cache][stamps]") {
  TempDir Tree, Cache;
  // The family comes from a header: the cache entry of a.c depends on it.
  Tree.write("fam.h", "#define FAM AF_ALG \n");
  Tree.write("a.c", "#include <sys/socket.h>\n#include \"fam.h\"\n"
                    "int s(void) { return socket(FAM, 5, 0); }\n");
  Tree.write("b.c", "#include <sys/socket.h>\n"
                    "int t(void) { return socket(AF_ALG, 5, 0); }\n");
  Tree.write("plain.c", "int plain(int x) { return x + 1; }\n");
  // Only a stamp older than the racy window is trusted.
  std::this_thread::sleep_for(
      std::chrono::nanoseconds(FileStates::DefaultRacyWindowNs + 100'000'000));
  std::string Dir = "--cache-dir=" + Cache.Path;
  Run Plain = scanJson(Tree.Path, {"--no-cache"});
  Run Cold = scanJson(Tree.Path, {Dir});
  Run Warm = scanJson(Tree.Path, {Dir});
  CHECK(Cold.Out == Plain.Out);
  CHECK(Warm.Out == Plain.Out);
  CHECK(filesRead(Cold.Err) > 3);
  CHECK(filesRead(Warm.Err) == 0);
  CHECK(stats(Warm.Err).Hits == 2);
  CHECK(count(Warm.Out, "\"rule\": \"afalg-socket\"") == 2);
  // The header now names another family; same size, mtime put back.
  rewriteKeepingMtime(Tree.Path + "/fam.h", "#define FAM AF_UNIX\n");
  Run Edited = scanJson(Tree.Path, {Dir});
  CHECK(Edited.Out == scanJson(Tree.Path, {"--no-cache"}).Out);
  CHECK(count(Edited.Out, "\"rule\": \"afalg-socket\"") == 1);
  CHECK(stats(Edited.Err).Stale == 1);
  // And a main file: b.c no longer opens an AF_ALG socket.
  rewriteKeepingMtime(Tree.Path + "/b.c",
                      "#include <sys/socket.h>\n"
                      "int t(void) { return socket(AF_UNIX,5, 0); }\n");
  Run Main = scanJson(Tree.Path, {Dir});
  CHECK(Main.Out == scanJson(Tree.Path, {"--no-cache"}).Out);
  CHECK(count(Main.Out, "\"rule\": \"afalg-socket\"") == 0);
}

TEST_CASE("suppression directives of unparsed files are read whatever the "
          "cache knows",
          "[cache][stamps][prefilter]") {
  TempDir Tree, Cache;
  Tree.write("a.c", "#include <sys/socket.h>\nint s(void) "
                    "{ return socket(AF_ALG, 5, 0); }\n");
  // Unparsed by the prefilter: a stray directive is a finding of its own.
  Tree.write("stray.c", "// NOLINTEND(afalg-socket)\nint x;\n");
  Tree.write("plain.c", "int plain(int x) { return x + 1; }\n");
  std::string Dir = "--cache-dir=" + Cache.Path;
  Run Plain = scanJson(Tree.Path, {"--no-cache"});
  CHECK(Plain.Out.find("stray.c") != std::string::npos);
  CHECK(scanJson(Tree.Path, {Dir}).Out == Plain.Out);
  CHECK(scanJson(Tree.Path, {Dir}).Out == Plain.Out);
  // The files the policy step may skip are the ones without a directive.
  Options O;
  O.Paths = {Tree.Path};
  O.Root = Tree.Path;
  auto Plan = planInputs(O);
  REQUIRE(static_cast<bool>(Plan));
  ScanResult R = runScan(*Plan, 1);
  CHECK(R.NoDirectives.count("plain.c") == 1);
  CHECK(R.NoDirectives.count("stray.c") == 0);
  CHECK(R.FileHashes.count("stray.c") == 1);
}

TEST_CASE("includes through a symlinked directory are followed",
          "[prefilter]") {
  TempDir D;
  D.write("real/ctx.h", "struct ctx { int tfmfd, opfd; };\n");
  REQUIRE_FALSE(fs::create_link(D.Path + "/real", D.Path + "/inc"));
  D.write("src/a.c", R"(#include <sys/socket.h>
#include <linux/if_alg.h>
#include "ctx.h"
int ctx_open(struct ctx *c) {
  c->tfmfd = socket(AF_ALG, SOCK_SEQPACKET, 0);
  c->opfd = accept(c->tfmfd, 0, 0);
  return c->opfd;
}
)");
  D.write("src/b.c", "#include <unistd.h>\n#include \"ctx.h\"\n"
                     "long rd(struct ctx *c, char *o) "
                     "{ return read(c->opfd, o, 32); }\n");
  std::string Src = D.Path + "/src";
  Run Off = runTool({"--format=json", "--fail-on=none", "--no-prefilter",
                     "--root", D.Path, Src, "--", "-I" + D.Path + "/inc"});
  Run On = runTool({"--format=json", "--fail-on=none", "--stats", "--root",
                    D.Path, Src, "--", "-I" + D.Path + "/inc"});
  CHECK(On.Out == Off.Out);
  CHECK(On.Out.find("\"file\": \"src/b.c\"") != std::string::npos);
}

TEST_CASE("the first worker is forked, and behaves as an exec()ed one",
          "[isolation]") {
  TempDir D;
  std::string Good = D.write("good.c", R"(#include <sys/socket.h>
#include <linux/if_alg.h>
int open_hash(void) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "hash",
                            .salg_name = "sha256"};
  int fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
  bind(fd, (struct sockaddr *)&sa, sizeof(sa));
  return fd;
}
)");
  std::string Crash = D.write("crash.c", "#pragma clang __debug crash\n");
  auto Request = [&](const std::string &File) {
    ExtractRequest R;
    R.File = File;
    R.Directory = D.Path;
    R.Args = {"clang", "-fsyntax-only", "-resource-dir=" + clangResourceDir(),
              File};
    return R;
  };
  ProjectInfo P{D.Path};
  IsolationOptions Iso;
  Iso.Executable = AFALG_TOOL;
  setIsolation(Iso);
  if (!singleThreaded()) {
    WARN("this test process runs other threads: no fork to test");
    setIsolation({});
    return;
  }
  WorkerCounts Before = workerCounts();
  prestartWorker();
  CHECK(workerCounts().Forked == Before.Forked + 1);
  prestartWorker(); // one idle worker is enough
  CHECK(workerCounts().Forked == Before.Forked + 1);
  TUFacts F = extractIsolated(Request(Good), P, Iso);
  CHECK(workerCounts().Spawned == Before.Spawned);
  CHECK(factsToJson(F) == factsToJson(extractTU(Request(Good), P)));
  // A crash in a forked worker ends it with its signal, as in an exec()ed
  // one (the scan's crash recovery is not inherited).
  shutdownWorkers();
  prestartWorker();
  TUFacts C = extractIsolated(Request(Crash), P, Iso);
  CHECK(C.Failed);
  CHECK_THAT(C.FailReason,
             Catch::Matches("the compiler crashed \\(signal [0-9]+\\) while "
                            "parsing this file"));
  shutdownWorkers();
  setIsolation({});
}
