#include "driver/Scan.h"
#include "driver/App.h"
#include "driver/Inputs.h"
#include "model/FactsJson.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

using namespace afalg;

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

/// A scratch directory removed at the end of the test.
struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> P;
    llvm::sys::fs::createUniqueDirectory("afalg-scan-test", P);
    Path = std::string(P);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string write(const std::string &Name, const std::string &Text) {
    std::string F = Path + "/" + Name;
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(F));
    std::ofstream(F, std::ios::binary) << Text;
    return F;
  }
};

const char *AfAlgSource = R"(#include <sys/socket.h>
#include <linux/if_alg.h>
int open_hash(void) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "hash",
                            .salg_name = "sha256"};
  int fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
  bind(fd, (struct sockaddr *)&sa, sizeof(sa));
  return fd;
}
)";

} // namespace

TEST_CASE("the README demo finds every example's session and exits 1",
          "[demo]") {
  std::string Examples = std::string(AFALG_SOURCE_DIR) + "/examples";
  Run R = runTool({"--format=json", "--root", AFALG_SOURCE_DIR, Examples});
  CHECK(R.Code == 1);
  std::set<std::string> FilesWithSocket, SessionFiles;
  std::error_code EC;
  unsigned Examples_ = 0;
  for (llvm::sys::fs::directory_iterator It(Examples, EC), End;
       It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".c")
      ++Examples_;
  REQUIRE(Examples_ >= 6);
  // Each example is one complete session: socket, bind, accept, I/O.
  for (const char *Rule : {"afalg-socket", "afalg-bind", "afalg-accept",
                           "afalg-io", "afalg-sockaddr"}) {
    size_t Count = 0, Pos = 0;
    std::string Needle = std::string("\"rule\": \"") + Rule + "\"";
    while ((Pos = R.Out.find(Needle, Pos)) != std::string::npos) {
      ++Count;
      ++Pos;
    }
    INFO(Rule);
    CHECK(Count >= Examples_);
  }
  CHECK(R.Out.find("\"session\": null") == std::string::npos);
}

TEST_CASE("reports are byte-identical across runs", "[determinism]") {
  std::string Examples = std::string(AFALG_SOURCE_DIR) + "/examples";
  for (const char *Format :
       {"--format=text", "--format=json", "--format=sarif"}) {
    Run A = runTool({Format, "-j", "2", "--root", AFALG_SOURCE_DIR, Examples});
    Run B = runTool({Format, "-j", "1", "--root", AFALG_SOURCE_DIR, Examples});
    CHECK(A.Out == B.Out);
    CHECK(A.Out.find(AFALG_SOURCE_DIR) == std::string::npos);
  }
}

TEST_CASE("bad inputs are named, the rest of the scan goes on, exit 2",
          "[robustness]") {
  TempDir D;
  D.write("good.c", AfAlgSource);
  D.write("binary.c", std::string("\x7f"
                                  "ELF\0\0\x01\x02",
                                  8));
  D.write("notc.c", "def main():\n    print('this is python')\n\n"
                    "if __name__ == '__main__':\n    main()\n");
  std::string Locked = D.write("locked.c", AfAlgSource);
  llvm::sys::fs::setPermissions(Locked, llvm::sys::fs::no_perms);
  bool CanLock = !std::ifstream(Locked).good(); // root reads anything
  // The prefilter would not parse notc.c (nothing in it can be AF_ALG, so
  // it counts as analysed; ScaleTest.cpp): parse everything here.
  Run R =
      runTool({"--format=json", "--no-prefilter", "--root", D.Path, D.Path});
  CHECK(R.Code == 2);
  CHECK(R.Out.find("\"file\": \"good.c\"") != std::string::npos);
  CHECK(R.Err.find("binary.c") != std::string::npos);
  CHECK(R.Err.find("binary file") != std::string::npos);
  CHECK(R.Err.find("notc.c") != std::string::npos);
  CHECK(R.Err.find("does not parse") != std::string::npos);
  if (CanLock)
    CHECK(R.Err.find("locked.c") != std::string::npos);
}

TEST_CASE("exit codes follow --fail-on", "[cli]") {
  TempDir D;
  D.write("a.c", AfAlgSource);
  CHECK(runTool({D.Path}).Code == 1);
  CHECK(runTool({"--fail-on=none", D.Path}).Code == 0);
  CHECK(runTool({"--fail-on=error", D.Path}).Code == 0);
  CHECK(runTool({"--fail-on=note", D.Path}).Code == 1);
  CHECK(runTool({"--format=yaml", D.Path}).Code == 2);
  CHECK(runTool({D.Path + "/missing"}).Code == 2);
  D.write("clean.c", "int main(void) { return 0; }\n");
  CHECK(runTool({D.Path + "/clean.c"}).Code == 0);
}

TEST_CASE("audit mode skips missing headers and says so", "[audit]") {
  TempDir D;
  D.write("src/crypto.c", std::string("#include \"not-here.h\"\n#include "
                                      "<nowhere/either.h>\n") +
                              AfAlgSource);
  Run R = runTool({"--format=json", "--root", D.Path, D.Path});
  CHECK(R.Code == 1);
  CHECK(R.Out.find("\"rule\": \"afalg-socket\"") != std::string::npos);
  CHECK(R.Out.find("\"algorithm\": {") != std::string::npos);
}

TEST_CASE("audit mode finds headers in include/ given as or next to PATH",
          "[audit]") {
  TempDir D;
  D.write("include/ctx.h", "struct ctx { int opfd; };\n"
                           "int ctx_open(struct ctx *c);\n");
  D.write("src/open.c", "#include <sys/socket.h>\n"
                        "#include <ctx.h>\n"
                        "int ctx_open(struct ctx *c) {\n"
                        "  c->opfd = socket(38, SOCK_SEQPACKET, 0);\n"
                        "  return c->opfd;\n"
                        "}\n");
  D.write("src/use.c", "#include <unistd.h>\n"
                       "#include <ctx.h>\n"
                       "long use(struct ctx *c, char *b) {\n"
                       "  return read(c->opfd, b, 32);\n"
                       "}\n");
  auto ioInUse = [](const Run &R) {
    return R.Out.find("src/use.c:4:") != std::string::npos &&
           R.Out.find("afalg-io") != std::string::npos;
  };
  // include/ named as a PATH, and include/ beside the PATH.
  CHECK(ioInUse(
      runTool({"--root", D.Path, D.Path + "/src", D.Path + "/include"})));
  CHECK(ioInUse(runTool({"--root", D.Path, D.Path + "/src"})));
}

TEST_CASE("a header included by many TUs reports once", "[dedup]") {
  TempDir D;
  D.write("inc/alg.h", "#include <sys/socket.h>\n"
                       "static inline int alg_socket(void) {\n"
                       "  return socket(38, 5, 0);\n}\n");
  D.write("a.c", "#include \"inc/alg.h\"\nint a(void){return alg_socket();}\n");
  D.write("b.c", "#include \"inc/alg.h\"\nint b(void){return alg_socket();}\n");
  Run R = runTool({"--format=text", "--root", D.Path, D.Path});
  size_t N = 0, Pos = 0;
  while ((Pos = R.Out.find("[afalg-socket]", Pos)) != std::string::npos)
    ++N, ++Pos;
  CHECK(N == 1);
  CHECK(R.Out.find("inc/alg.h:3:") != std::string::npos);
}

TEST_CASE("a TU's facts are the same alone and among others", "[purity]") {
  Options O;
  O.Paths = {std::string(AFALG_SOURCE_DIR) + "/tests/fixtures/flow"};
  O.Root = AFALG_SOURCE_DIR;
  auto Plan = planInputs(O);
  REQUIRE(static_cast<bool>(Plan));
  REQUIRE(Plan->Sources.size() > 5);
  std::vector<TUFacts> All = extractAll(*Plan, 2);
  ProjectInfo Project{Plan->Root};
  for (size_t I = 0; I < Plan->Sources.size(); I += 3) {
    TUFacts Alone = extractTU(Plan->Sources[I], Project);
    auto It = std::find_if(All.begin(), All.end(), [&](const TUFacts &F) {
      return F.MainFile == Plan->Sources[I].File;
    });
    REQUIRE(It != All.end());
    INFO(Plan->Sources[I].File);
    CHECK(factsToJson(Alone) == factsToJson(*It));
    auto Back = factsFromJson(factsToJson(Alone), "test");
    REQUIRE(static_cast<bool>(Back));
    CHECK(factsToJson(*Back) == factsToJson(Alone));
  }
}
