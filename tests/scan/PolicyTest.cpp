// The CI-lint workflow end to end, in a scratch git repository.
#include "driver/App.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace afalg;

namespace {

struct Repo {
  std::string Path;
  Repo() {
    llvm::SmallString<128> P, Real;
    llvm::sys::fs::createUniqueDirectory("afalg-policy", P);
    llvm::sys::fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~Repo() { llvm::sys::fs::remove_directories(Path); }
  void write(const std::string &Name, const std::string &Text) {
    std::ofstream(Path + "/" + Name, std::ios::binary) << Text;
  }
  std::string read(const std::string &Name) {
    std::ifstream In(Path + "/" + Name);
    std::stringstream S;
    S << In.rdbuf();
    return S.str();
  }
  int git(const std::string &Args) {
    std::string Cmd = "git -C '" + Path +
                      "' -c user.name=t -c user.email=t@example.org "
                      "-c init.defaultBranch=main " +
                      Args + " >/dev/null 2>&1";
    return std::system(Cmd.c_str());
  }
};

struct Run {
  int Code;
  std::string Out, Err;
};

Run runTool(std::vector<std::string> Args) {
  std::string Out, Err;
  llvm::raw_string_ostream O(Out), E(Err);
  int Code = runApp(Args, O, E, false);
  return {Code, O.str(), E.str()};
}

// The socket is opened in one file and used in another.
const char *Open = R"(#include <sys/socket.h>
#include <linux/if_alg.h>
struct alg { int tfm, op; };
void alg_open(struct alg *a) {
  a->tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  a->op = accept(a->tfm, 0, 0);
}
)";
const char *Use = R"(#include <unistd.h>
struct alg { int tfm, op; };
long alg_read(struct alg *a, char *b) {
  return read(a->op, b, 32);
}
)";

bool hasGit() { return static_cast<bool>(llvm::sys::findProgramByName("git")); }

} // namespace

TEST_CASE("suppressed findings keep exit 0 and stay visible in SARIF",
          "[policy]") {
  Repo R;
  R.write("a.c", R"(#include <sys/socket.h>
int f(void) {
  // afalg-scan: ignore[afalg-socket] audited: only used in the self-test
  return socket(AF_ALG, SOCK_SEQPACKET, 0);
}
int g(void) {
  return socket(AF_ALG, SOCK_SEQPACKET, 0); // NOLINT(afalg-socket)
}
)");
  Run S = runTool({"--format=sarif", "--root", R.Path, R.Path});
  CHECK(S.Code == 0);
  CHECK(S.Out.find("\"kind\": \"inSource\"") != std::string::npos);
  CHECK(S.Out.find("audited: only used in the self-test") != std::string::npos);
  Run T = runTool({"--root", R.Path, R.Path});
  CHECK(T.Out.find("2 suppressed") != std::string::npos);

  // No reason, or nothing to suppress: a finding of its own.
  R.write("b.c", "// afalg-scan: ignore[afalg-io]\nint x;\n");
  Run U = runTool({"--root", R.Path, R.Path});
  CHECK(U.Code == 1);
  CHECK(U.Out.find("[afalg-suppression]") != std::string::npos);
}

TEST_CASE("a baseline hides old findings, also after lines moved", "[policy]") {
  Repo R;
  R.write("open.c", Open);
  R.write("use.c", Use);
  std::string Base = R.Path + "/base.json";
  CHECK(runTool({"--root", R.Path, "--write-baseline", Base, R.Path}).Code ==
        1);
  // Lines move above every finding; nothing is new.
  R.write("open.c",
          std::string("/* a new comment\n   of two lines */\n") + Open);
  Run Same = runTool({"--root", R.Path, "--baseline", Base, R.Path});
  CHECK(Same.Code == 0);
  CHECK(Same.Out.rfind("0 findings", 0) == 0);
  // A new use is reported.
  R.write("use.c", std::string(Use) + "long again(struct alg *a, char *b) "
                                      "{ return read(a->op, b, 1); }\n");
  Run New = runTool({"--root", R.Path, "--baseline", Base, R.Path});
  CHECK(New.Out.find("use.c:6:") != std::string::npos);
  CHECK(New.Out.find("1 finding ") != std::string::npos);
  CHECK(runTool({"--baseline", R.Path + "/missing.json", R.Path}).Code == 2);
}

TEST_CASE("changed-since reports the changed file, with whole-program flow",
          "[policy]") {
  if (!hasGit()) {
    WARN("git not installed: skipped");
    return;
  }
  Repo R;
  REQUIRE(R.git("init -q") == 0);
  R.write("open.c", Open);
  R.write("use.c", Use);
  REQUIRE(R.git("add -A") == 0);
  REQUIRE(R.git("commit -q -m base") == 0);
  R.write("use.c", std::string(Use) + "/* touched */\n");
  Run C = runTool({"--root", R.Path, "--changed-since", "HEAD", R.Path});
  // The read in use.c is found although its socket comes from open.c,
  // which is unchanged and so not reported.
  CHECK(C.Out.find("use.c:4:") != std::string::npos);
  CHECK(C.Out.find("open.c") == std::string::npos);
  Run L = runTool(
      {"--root", R.Path, "--changed-since", "HEAD", "--changed-lines", R.Path});
  CHECK(L.Out.rfind("0 findings", 0) == 0); // line 4 did not change
  CHECK(runTool({"--changed-since", "no-such-ref", R.Path}).Code == 2);
}
