// The configuration file end to end: runApp on scratch trees, checking that
// each setting changes what a real scan reports, and that the command line
// wins over the file.
#include "driver/App.h"
#include "TempDir.h"
#include "config/Config.h"
#include "llvm/Support/MemoryBuffer.h"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

using namespace afalg;
using afalg::test::TempDir;

namespace {

struct Run {
  int Code;
  std::string Out, Err;
};

Run runTool(const std::vector<std::string> &Args) {
  std::string Out, Err;
  llvm::raw_string_ostream O(Out), E(Err);
  int Code = runApp(Args, O, E, false);
  return {Code, O.str(), E.str()};
}

/// "file:line:rule:severity" of every finding in a JSON report.
std::multiset<std::string> findings(const Run &R) {
  std::multiset<std::string> Out;
  nlohmann::json J = nlohmann::json::parse(R.Out);
  for (const auto &F : J["findings"])
    Out.insert(F["file"].get<std::string>() + ":" +
               std::to_string(F["line"].get<int>()) + ":" +
               F["rule"].get<std::string>() + ":" +
               F["severity"].get<std::string>());
  return Out;
}

Run scan(const TempDir &T, std::vector<std::string> Extra = {}) {
  std::vector<std::string> Args = {"--format=json", "--root", T.Path};
  Args.insert(Args.end(), Extra.begin(), Extra.end());
  Args.push_back(T.Path);
  return runTool(Args);
}

const char *SessionSrc = R"(#include <sys/socket.h>
#include <linux/if_alg.h>
#include <unistd.h>
int digest(char *b) {
  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  int op = accept(tfm, 0, 0);
  return (int)read(op, b, 32);
}
)";

std::string readFile(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  REQUIRE(static_cast<bool>(B));
  return (*B)->getBuffer().str();
}

} // namespace

TEST_CASE("without a config the defaults apply", "[config][app]") {
  TempDir T;
  T.write("a.c", SessionSrc);
  Run R = scan(T);
  CHECK(R.Code == 1);
  CHECK(findings(R) == std::multiset<std::string>{"a.c:5:afalg-socket:warning",
                                                  "a.c:6:afalg-accept:warning",
                                                  "a.c:7:afalg-io:note"});
}

TEST_CASE("rules off and severity overrides change the report",
          "[config][app]") {
  TempDir T;
  T.write("a.c", SessionSrc);
  T.write(ConfigFileName, "rules:\n"
                          "  afalg-io: off\n"
                          "  afalg-socket: { severity: error }\n"
                          "  afalg-accept: note\n");
  Run R = scan(T);
  CHECK(R.Code == 1);
  CHECK(findings(R) == std::multiset<std::string>{"a.c:5:afalg-socket:error",
                                                  "a.c:6:afalg-accept:note"});
  // Lowered below the default --fail-on, nothing fails any more.
  T.write(ConfigFileName,
          "rules: { afalg-socket: note, afalg-accept: note }\n");
  CHECK(scan(T).Code == 0);
  // --no-config: back to the defaults.
  Run N = scan(T, {"--no-config"});
  CHECK(N.Code == 1);
  CHECK(findings(N).count("a.c:7:afalg-io:note") == 1);
}

TEST_CASE("Copy Fail stays an error unless overridden explicitly",
          "[config][app]") {
  TempDir T;
  std::string Fx = AFALG_SOURCE_DIR "/tests/fixtures/zerocopy/";
  T.write("esn.c", readFile(Fx + "copy-fail-aead-splice.c"));
  T.write("crc.c", readFile(Fx + "splice-from-file.c"));
  auto Zerocopy = [&]() {
    std::multiset<std::string> Out;
    for (const std::string &F : findings(scan(T)))
      if (F.find(":afalg-zerocopy:") != std::string::npos)
        Out.insert(F.substr(0, 3) + F.substr(F.rfind(':')));
    return Out;
  };
  CHECK(Zerocopy() == std::multiset<std::string>{"crc:warning", "esn:error"});
  T.write(ConfigFileName, "rules: { afalg-zerocopy: note }\n");
  CHECK(Zerocopy() == std::multiset<std::string>{"crc:note", "esn:error"});
  T.write(ConfigFileName, "rules:\n  afalg-zerocopy: { severity: note, "
                          "copy-fail-severity: warning }\n");
  CHECK(Zerocopy() == std::multiset<std::string>{"crc:note", "esn:warning"});
}

TEST_CASE("excluded paths are not analysed, included headers still count",
          "[config][app]") {
  TempDir T;
  T.write("src/a.c",
          "#include \"../third_party/inl.h\"\n" + std::string(SessionSrc));
  T.write("third_party/v.c", SessionSrc);
  T.write("third_party/inl.h", "#include <sys/socket.h>\n"
                               "static inline int open_alg(void) {\n"
                               "  return socket(38, SOCK_SEQPACKET, 0);\n"
                               "}\n");
  T.write(ConfigFileName, "paths:\n  exclude: [\"third_party/**\"]\n");
  Run R = scan(T);
  std::multiset<std::string> F = findings(R);
  CHECK(F.count("third_party/v.c:5:afalg-socket:warning") == 0);
  CHECK(F.count("src/a.c:6:afalg-socket:warning") == 1);
  // The header is part of src/a.c's translation unit.
  CHECK(F.count("third_party/inl.h:3:afalg-socket:warning") == 1);
  nlohmann::json J = nlohmann::json::parse(R.Out);
  CHECK(J["inputs"]["skipped"] == nlohmann::json::array({"third_party/v.c"}));

  // include globs select instead.
  T.write(ConfigFileName, "paths: { include: [third_party] }\n");
  F = findings(scan(T));
  CHECK(F.count("third_party/v.c:5:afalg-socket:warning") == 1);
  CHECK(F.count("src/a.c:6:afalg-socket:warning") == 0);
}

TEST_CASE("kcapi-like-apis adds wrapper prefixes to afalg-kcapi",
          "[config][app]") {
  TempDir T;
  T.write("w.c", "int vendor_alg_open(const char *name);\n"
                 "int vendor_alg_reopen(void) {\n"
                 "  return vendor_alg_open(\"sha256\");\n" // the API itself
                 "}\n"
                 "int hash_file(void) {\n"
                 "  return vendor_alg_open(\"sha256\");\n"
                 "}\n");
  CHECK(findings(scan(T)).empty());
  T.write(ConfigFileName, "kcapi-like-apis: [vendor_alg_]\n");
  Run R = scan(T);
  CHECK(findings(R) == std::multiset<std::string>{"w.c:6:afalg-kcapi:note"});
}

TEST_CASE("the command line wins over the config file", "[config][app]") {
  TempDir T;
  T.write("a.c", SessionSrc);
  T.write(ConfigFileName, "fail-on: error\n");
  CHECK(scan(T).Code == 0); // only warnings and notes
  CHECK(scan(T, {"--fail-on=warning"}).Code == 1);
  CHECK(scan(T, {"--no-config"}).Code == 1);

  Run D = runTool({"--dump-config", "--fail-on=note", T.Path});
  CHECK(D.Code == 0);
  CHECK_THAT(D.Out, Catch::Contains("fail-on: note\n"));
  CHECK_THAT(D.Out, Catch::Contains("# read from " + T.file(ConfigFileName)));
  D = runTool({"--dump-config", T.Path});
  CHECK_THAT(D.Out, Catch::Contains("fail-on: error\n"));

  // --config names another file; the PATH's own config is not read.
  TempDir Other;
  std::string Cfg = Other.write("strict.yaml", "fail-on: note\n"
                                               "rules: { afalg-io: error }\n");
  Run S = scan(T, {"--config", Cfg});
  CHECK(S.Code == 1);
  CHECK(findings(S).count("a.c:7:afalg-io:error") == 1);
  CHECK(runTool({"--config", Cfg, "--no-config", T.Path}).Code == 2);
}

TEST_CASE("dump-config prints the effective configuration", "[config][app]") {
  TempDir T;
  T.write(ConfigFileName, "rules: { afalg-io: off }\n"
                          "fix: { target: gcrypt, compat-dir: vendor/compat }\n"
                          "kcapi-like-apis: [mykcapi_]\n");
  Run D = runTool({"--dump-config", T.Path});
  REQUIRE(D.Code == 0);
  CHECK_THAT(D.Out, Catch::Contains("  afalg-io: { enabled: false, "
                                    "severity: note }\n"));
  CHECK_THAT(D.Out, Catch::Contains("fail-on: warning\n"));
  CHECK_THAT(D.Out, Catch::Contains("fix: { target: gcrypt, compat-dir: "
                                    "\"vendor/compat\" }\n"));
  CHECK_THAT(D.Out, Catch::Contains("kcapi-like-apis: [\"mykcapi_\"]\n"));
  // Dump, read the dump back as the config, dump again: the same.
  std::string Dumped = T.write("dumped.yaml", D.Out);
  Run Again = runTool({"--dump-config", "--config", Dumped, T.Path});
  REQUIRE(Again.Code == 0);
  auto Body = [](const std::string &S) { return S.substr(S.find("rules:")); };
  CHECK(Body(Again.Out) == Body(D.Out));
  // The command line shows through.
  Run C = runTool({"--dump-config", "--fix=nettle", "--compat-dir=x",
                   "--fail-on=none", T.Path});
  CHECK_THAT(C.Out, Catch::Contains("fail-on: none\n"));
  CHECK_THAT(C.Out, Catch::Contains("fix: { target: nettle, compat-dir: "
                                    "\"x\" }\n"));
}

TEST_CASE("a bad config stops the run with exit code 2", "[config][app]") {
  TempDir T;
  T.write("a.c", SessionSrc);
  std::string F = T.write(ConfigFileName, "fail-on: error\nrulez: {}\n");
  Run R = scan(T);
  CHECK(R.Code == 2);
  CHECK(R.Out.empty());
  CHECK(R.Err == "afalg-scan: error: " + F +
                     ":2:1: unknown key 'rulez' (expected: rules, paths, "
                     "fail-on, fix, kcapi-like-apis)\n");
  Run M = runTool({"--config", T.file("missing.yaml"), T.Path});
  CHECK(M.Code == 2);
  CHECK_THAT(M.Err, Catch::Contains("cannot read configuration"));
}

TEST_CASE("a bare --fix takes its library from the config", "[config][app]") {
  TempDir T;
  // sm4 exists in OpenSSL and libgcrypt, not in Nettle.
  T.write("a.c", R"c(#include <sys/socket.h>
#include <linux/if_alg.h>
#include <unistd.h>
int enc(const char *in, char *out, int n) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "skcipher",
                            .salg_name = "cbc(sm4)"};
  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  bind(tfm, (struct sockaddr *)&sa, sizeof(sa));
  int op = accept(tfm, 0, 0);
  write(op, in, n);
  return (int)read(op, out, 32);
}
)c");
  Run NoLib = runTool({"--fix", "--dry-run", T.Path});
  CHECK(NoLib.Code == 2);
  CHECK_THAT(NoLib.Err, Catch::Contains("--fix needs a library"));

  T.write(ConfigFileName, "fix: { target: nettle }\n");
  CHECK(runTool({"--fix", "--dry-run", T.Path}).Out.empty());
  CHECK(!runTool({"--fix=openssl", "--dry-run", T.Path}).Out.empty());
  CHECK(!runTool({"--fix", "openssl", "--dry-run", T.Path}).Out.empty());
  T.write(ConfigFileName, "fix: { target: gcrypt }\n");
  Run G = runTool({"--fix", "--dry-run", T.Path});
  CHECK(G.Code == 0);
  CHECK_THAT(G.Out, Catch::Contains("+#include \"afalg_compat.h\""));
  // The config alone never rewrites anything.
  std::string Before = readFile(T.file("a.c"));
  CHECK(scan(T).Code == 1);
  CHECK(readFile(T.file("a.c")) == Before);
}
