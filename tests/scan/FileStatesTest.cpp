// Issue 6, warm runs (driver/FileStates.h): files whose stamp is unchanged
// since an earlier run are not read again; anything that writes a file is
// seen, and the first worker is forked.
#include "driver/FileStates.h"
#include "TestUtil.h"
#include "driver/App.h"
#include "driver/Cache.h"
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
  Run Off = runInProcess({"--format=json", "--fail-on=none", "--no-prefilter",
                          "--root", D.Path, Src, "--", "-I" + D.Path + "/inc"});
  Run On = runInProcess({"--format=json", "--fail-on=none", "--stats", "--root",
                         D.Path, Src, "--", "-I" + D.Path + "/inc"});
  CHECK(On.Out == Off.Out);
  CHECK(On.Out.find("\"file\": \"src/b.c\"") != std::string::npos);
}

TEST_CASE("the first worker is forked, and behaves as an exec()ed one",
          "[isolation]") {
  TempDir D;
  std::string Good = D.write("good.c", afAlgSource());
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
