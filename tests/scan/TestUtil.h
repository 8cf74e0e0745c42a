#ifndef AFALG_TESTS_SCAN_TESTUTIL_H
#define AFALG_TESTS_SCAN_TESTUTIL_H

// Helpers for the robustness tests (Hostile, Malformed, Isolation): run the
// tool in this process or as the real executable, and scratch trees.

#include "driver/App.h"
#include "driver/Worker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

namespace afalg {
namespace test {

struct Run {
  int Code;
  std::string Out, Err;
};

/// runApp() in this process; WorkerExe turns isolation on.
inline Run runInProcess(const std::vector<std::string> &Args,
                        const std::string &WorkerExe = "") {
  std::string Out, Err;
  llvm::raw_string_ostream O(Out), E(Err);
  int Code = runApp(Args, O, E, /*ErrIsTerminal=*/false, WorkerExe);
  setIsolation({}); // later tests extract in-process again
  O.flush();
  E.flush();
  return {Code, Out, Err};
}

inline std::string readFile(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

/// The afalg-scan executable, as a user runs it (isolation on by default),
/// optionally through a Prefix command (setpriv ... to drop root). Code is
/// -2 for a crash or timeout of the tool itself.
inline Run runExecutable(const std::vector<std::string> &Args,
                         unsigned TimeoutSeconds = 300,
                         const std::vector<std::string> &Prefix = {}) {
  llvm::SmallString<128> OutPath, ErrPath;
  llvm::sys::fs::createTemporaryFile("afalg-test-out", "txt", OutPath);
  llvm::sys::fs::createTemporaryFile("afalg-test-err", "txt", ErrPath);
  llvm::FileRemover RmOut(OutPath), RmErr(ErrPath);
  std::vector<llvm::StringRef> Argv;
  for (const std::string &A : Prefix)
    Argv.push_back(A);
  Argv.push_back(AFALG_TOOL);
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  int Code = llvm::sys::ExecuteAndWait(Argv[0], Argv, std::nullopt, Redirects,
                                       TimeoutSeconds);
  return {Code, readFile(std::string(OutPath)), readFile(std::string(ErrPath))};
}

/// A scratch directory removed at the end of the test (made writable
/// first: tests take permissions away).
struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> P;
    llvm::sys::fs::createUniqueDirectory("afalg-scan-test", P);
    llvm::SmallString<128> Real;
    llvm::sys::fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~TempDir() {
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(Path, EC, false), End;
         It != End && !EC; It.increment(EC))
      if (It->type() == llvm::sys::fs::file_type::directory_file)
        llvm::sys::fs::setPermissions(It->path(), llvm::sys::fs::all_all);
    llvm::sys::fs::remove_directories(Path);
  }
  std::string write(const std::string &Name, const std::string &Text) const {
    std::string F = Path + "/" + Name;
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(F));
    std::ofstream(F, std::ios::binary) << Text;
    return F;
  }
  void append(const std::string &Name, const std::string &Text) const {
    std::ofstream(Path + "/" + Name, std::ios::binary | std::ios::app) << Text;
  }
};

/// Copies the files under From to To (which exists).
inline void copyTree(const std::string &From, const std::string &To) {
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(From, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Rel = It->path();
    Rel.consume_front(From);
    std::string Dest = To + Rel.str();
    if (It->type() == llvm::sys::fs::file_type::directory_file)
      llvm::sys::fs::create_directories(Dest);
    else
      llvm::sys::fs::copy_file(It->path(), Dest);
  }
}

/// A path in this source tree.
inline std::string source(const std::string &Rel) {
  return std::string(AFALG_SOURCE_DIR) + "/" + Rel;
}

/// The numbers of the --stats line: TUs, extracted, from the cache,
/// parsed, stale, unreadable, stored, left unparsed.
struct Counts {
  unsigned TUs = 0, Extracted = 0, Hits = 0, Parsed = 0, Stale = 0, Corrupt = 0,
           Stored = 0, Unparsed = 0;
};
inline Counts stats(const std::string &Err) {
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

/// A JSON scan of Root (in this process) with --stats.
inline Run scanJson(const std::string &Root,
                    std::vector<std::string> Extra = {}) {
  std::vector<std::string> Args = {"--format=json", "--fail-on=none", "--stats",
                                   "--root", Root};
  Args.insert(Args.end(), Extra.begin(), Extra.end());
  Args.push_back(Root);
  return runInProcess(Args);
}

/// Every path under Dir with its size and modification time: two equal
/// snapshots mean nothing was written there.
inline std::map<std::string, std::string> snapshot(const std::string &Dir) {
  std::map<std::string, std::string> S;
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC, false), End;
       It != End && !EC; It.increment(EC)) {
    llvm::sys::fs::file_status St;
    llvm::sys::fs::status(It->path(), St, /*follow=*/false);
    S[It->path()] =
        std::to_string(St.getSize()) + "@" +
        std::to_string(St.getLastModificationTime().time_since_epoch().count());
  }
  return S;
}

/// How many times Needle occurs in Hay.
inline size_t count(const std::string &Hay, const std::string &Needle) {
  size_t N = 0;
  for (size_t P = Hay.find(Needle); P != std::string::npos;
       P = Hay.find(Needle, P + 1))
    ++N;
  return N;
}

/// A complete AF_ALG use: one socket, one bind.
inline const char *afAlgSource() {
  return "#include <sys/socket.h>\n"
         "#include <linux/if_alg.h>\n"
         "int open_hash(void) {\n"
         "  struct sockaddr_alg sa = {.salg_family = AF_ALG,\n"
         "                            .salg_type = \"hash\",\n"
         "                            .salg_name = \"sha256\"};\n"
         "  int fd = socket(AF_ALG, SOCK_SEQPACKET, 0);\n"
         "  bind(fd, (struct sockaddr *)&sa, sizeof(sa));\n"
         "  return fd;\n"
         "}\n";
}

} // namespace test
} // namespace afalg

#endif
