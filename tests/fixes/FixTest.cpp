#define CATCH_CONFIG_MAIN
#include "driver/App.h"
#include "fixes/Apply.h"
#include "fixes/CompatPlan.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace afalg;

namespace {

struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> P;
    llvm::sys::fs::createUniqueDirectory("afalg-fix-test", P);
    llvm::SmallString<128> Real;
    llvm::sys::fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string write(const std::string &Name, const std::string &Text) {
    std::string F = Path + "/" + Name;
    std::ofstream(F, std::ios::binary) << Text;
    return F;
  }
  std::string read(const std::string &Name) {
    std::ifstream In(Path + "/" + Name, std::ios::binary);
    std::stringstream S;
    S << In.rdbuf();
    return S.str();
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

std::string session(const char *Type, const char *Name,
                    const char *Socket = "socket(AF_ALG, SOCK_SEQPACKET, 0)") {
  return std::string(R"(#include <sys/socket.h>
#include <linux/if_alg.h>
#include <unistd.h>
int digest(const char *in, unsigned n, unsigned char *out) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = ")") +
         Type + R"(", .salg_name = ")" + Name + R"("};
  int tfm = )" +
         Socket + R"(;
  bind(tfm, (struct sockaddr *)&sa, sizeof(sa));
  int op = accept(tfm, 0, 0);
  write(op, in, n);
  return (int)read(op, out, 32);
}
)";
}

} // namespace

TEST_CASE("a call spelled in a #define body is refused, session-wide",
          "[fix]") {
  TempDir D;
  D.write("m.c", "#define OPEN_ALG() socket(AF_ALG, SOCK_SEQPACKET, 0)\n" +
                     session("hash", "sha256", "OPEN_ALG()"));
  Run R = runTool({"--format=json", "--fix=openssl", "--dry-run", "--root",
                   D.Path, "-o", D.Path + "/r.json", D.Path});
  CHECK(R.Out.empty()); // nothing can be rewritten
  std::string Json = D.read("r.json");
  CHECK(Json.find("spelled inside a #define body") != std::string::npos);
  CHECK(Json.find("another call of this session cannot be rewritten") !=
        std::string::npos);
  CHECK(Json.find("\"fixable\": true") == std::string::npos);
}

TEST_CASE("a call from a #define body inside another macro's argument is "
          "refused",
          "[fix]") {
  // OSERROR's argument carries ALG_SOCKET's body: renaming at the argument
  // would rewrite the macro's name (found on a kernel-samples-like tree).
  TempDir D;
  D.write("m.c",
          "#define OSERROR(X) do { if ((X) == -1) return -1; } while (0)\n"
          "#define ALG_SOCKET() socket(AF_ALG, SOCK_SEQPACKET, 0)\n" +
              session("hash", "sha256", "-1;\n  OSERROR(tfm = ALG_SOCKET())"));
  Run R = runTool({"--format=json", "--fix=openssl", "--fix-strategy=compat",
                   "--dry-run", "--root", D.Path, "-o", D.Path + "/r.json",
                   D.Path});
  CHECK(R.Out.empty());
  CHECK_THAT(D.read("r.json"),
             Catch::Contains("spelled inside a #define body"));
}

TEST_CASE("a session whose socket() is outside the scan is not rewritten",
          "[fix]") {
  TempDir D;
  std::string Src = R"(#include <sys/socket.h>
#include <linux/if_alg.h>
#include <unistd.h>
int digest_on(int fd, const char *in, unsigned n, unsigned char *out) {
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "hash",
                            .salg_name = "sha256"};
  bind(fd, (struct sockaddr *)&sa, sizeof(sa));
  int op = accept(fd, 0, 0);
  write(op, in, n);
  return (int)read(op, out, 32);
}
)";
  D.write("a.c", Src);
  Run R = runTool({"--format=json", "--fix=openssl", "--dry-run", "--root",
                   D.Path, "-o", D.Path + "/r.json", D.Path});
  CHECK(R.Out.empty()); // no diff: nothing is rewritten
  std::string Json = D.read("r.json");
  CHECK(Json.find("\"rule\": \"afalg-accept\"") != std::string::npos);
  CHECK(Json.find("socket() is not in the scanned code") != std::string::npos);
  CHECK(Json.find("\"fixable\": true") == std::string::npos);
  CHECK(D.read("a.c") == Src);
}

TEST_CASE("an algorithm the library lacks is not fixable, with the reason",
          "[fix]") {
  TempDir D;
  D.write("a.c", session("hash", "crct10dif"));
  Run R = runTool({"--format=json", "--fix=nettle", "--dry-run", "--root",
                   D.Path, "-o", D.Path + "/r.json", D.Path});
  CHECK(R.Out.empty());
  CHECK(D.read("r.json").find("nettle has no equivalent for hash crct10dif") !=
        std::string::npos);
  // sm4 is in OpenSSL and libgcrypt, not in Nettle.
  D.write("a.c", session("skcipher", "cbc(sm4)"));
  CHECK(!runTool({"--fix=openssl", "--dry-run", D.Path}).Out.empty());
  CHECK(runTool({"--fix=nettle", "--dry-run", D.Path}).Out.empty());
}

TEST_CASE("a file changed since analysis is refused and left alone", "[fix]") {
  TempDir D;
  D.write("a.c", session("hash", "sha256"));
  ScanResult R;
  {
    std::string Out, Err;
    llvm::raw_string_ostream OS(Out), ES(Err);
    REQUIRE(
        runApp({"--fix=openssl", "--fix-strategy=compat", "--dry-run", D.Path},
               OS, ES, false) == 0);
    CHECK(OS.str().find("+#include \"afalg_compat.h\"") != std::string::npos);
  }
  // Simulate the race: analyse, then edit, then apply.
  Finding F;
  F.Rule = RuleId::Socket;
  F.Fix.Fixable = true;
  F.Fix.Edits.push_back({{"a.c", 6, 13, 6, 18}, "afalg_compat_socket"});
  R.Findings.push_back(F);
  R.FileHashes["a.c"] = "0"; // not the hash of what is on disk now
  ApplyOptions AO;
  AO.Root = D.Path;
  std::string Before = D.read("a.c");
  ApplyResult Res = applyFixes(R, AO);
  REQUIRE(Res.Refused.size() == 1);
  CHECK(Res.Refused[0].Message.find("changed since it was analysed") !=
        std::string::npos);
  CHECK(D.read("a.c") == Before);
}

TEST_CASE("edits never leave the project root", "[fix]") {
  TempDir Outside, Root;
  Outside.write("victim.c", "int socket_like;\n");
  llvm::sys::fs::create_link(Outside.Path + "/victim.c", Root.Path + "/link.c");
  ScanResult R;
  for (const char *File : {"../victim.c", "link.c"}) {
    Finding F;
    F.Fix.Fixable = true;
    F.Fix.Edits.push_back({{File, 1, 1, 1, 3}, "XXX"});
    R.Findings.push_back(F);
  }
  ApplyOptions AO;
  AO.Root = Root.Path;
  ApplyResult Res = applyFixes(R, AO);
  CHECK(Res.Files.empty());
  CHECK(Res.Refused.size() == 2);
  CHECK(Outside.read("victim.c") == "int socket_like;\n");
}

TEST_CASE("fixes apply in place, atomically, and a second run is a no-op",
          "[fix]") {
  TempDir D;
  D.write("a.c", session("aead", "gcm(aes)"));
  Run First = runTool({"--fix=openssl", "--quiet", D.Path});
  CHECK(First.Err.find("rewrote 5 places in 1 files onto openssl") !=
        std::string::npos);
  std::string After = D.read("a.c");
  CHECK(After.find("afalg_compat_socket(AF_ALG") != std::string::npos);
  CHECK(After.find("afalg_compat_read(op") != std::string::npos);
  CHECK(llvm::sys::fs::exists(D.Path + "/afalg_compat/afalg_compat.h"));
  Run Second = runTool({"--fix=openssl", "--dry-run", D.Path});
  CHECK(Second.Out.empty());
  CHECK(D.read("a.c") == After);
  // No temporary files left behind.
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(D.Path, EC), End; It != End;
       It.increment(EC))
    CHECK(llvm::StringRef(It->path()).find(".afalg-") == llvm::StringRef::npos);
}

TEST_CASE("clang-apply-replacements YAML names files and offsets", "[fix]") {
  TempDir D;
  D.write("a.c", session("hash", "sha256"));
  // Exit 1: the findings are still there; the YAML is the fix.
  REQUIRE(runTool({"--fix=openssl", "--fix-strategy=compat", "--export-fixes",
                   D.Path + "/f.yaml", D.Path})
              .Code == 1);
  std::string Y = D.read("f.yaml");
  CHECK(Y.find("Replacements:") != std::string::npos);
  CHECK(Y.find("ReplacementText: afalg_compat_socket") != std::string::npos);
  CHECK(Y.find("FilePath:        '" + D.Path + "/a.c'") != std::string::npos);
  CHECK(D.read("a.c") == session("hash", "sha256")); // export writes nothing
}

TEST_CASE("a one-function hash session becomes direct library calls",
          "[fix][native]") {
  TempDir D;
  D.write("a.c", session("hash", "sha256"));
  Run Diff = runTool({"--fix=openssl", "--dry-run", D.Path});
  CHECK(Diff.Out.find("+  EVP_MD *tfm = EVP_MD_fetch(NULL, \"SHA2-256\", "
                      "NULL);") != std::string::npos);
  CHECK(Diff.Out.find("+  EVP_MD_CTX *op = afalg_native_md_accept(tfm);") !=
        std::string::npos);
  CHECK(Diff.Out.find("+  EVP_DigestUpdate(op, in, n);") != std::string::npos);
  CHECK(Diff.Out.find("-  struct sockaddr_alg sa") != std::string::npos);
  CHECK(Diff.Out.find("afalg_compat") == std::string::npos);
  // In place: no compat runtime is installed for a native-only rewrite,
  // and the result is idempotent.
  Run Apply = runTool({"--fix=gcrypt", "--quiet", D.Path});
  CHECK(Apply.Err.find("rewrote") != std::string::npos);
  CHECK(!llvm::sys::fs::exists(D.Path + "/afalg_compat"));
  std::string After = D.read("a.c");
  CHECK(After.find("afalg_native_gcry_open(GCRY_MD_SHA256, 0)") !=
        std::string::npos);
  CHECK(runTool({"--fix=gcrypt", "--dry-run", D.Path}).Out.empty());
  CHECK(D.read("a.c") == After);
  // Rewritten statements keep the indentation of the file they are in.
  TempDir Tabs;
  std::string Tabbed = session("hash", "sha256");
  for (size_t At = 0; (At = Tabbed.find("\n  ", At)) != std::string::npos;)
    Tabbed.replace(At, 3, "\n\t");
  Tabs.write("a.c", Tabbed);
  std::string TabDiff = runTool({"--fix=openssl", "--dry-run", Tabs.Path}).Out;
  CHECK(TabDiff.find("+\tEVP_MD *tfm = EVP_MD_fetch(NULL, \"SHA2-256\", "
                     "NULL);") != std::string::npos);
  CHECK(TabDiff.find("+\tEVP_MD_CTX *op = afalg_native_md_accept(tfm);") !=
        std::string::npos);
  CHECK(TabDiff.find("+  EVP_MD_CTX *op =") == std::string::npos);
}

TEST_CASE("sessions without the native shape keep the compat fix and say why",
          "[fix][native]") {
  TempDir D;
  auto Reason = [&](const std::string &Src, const char *Strategy = "auto") {
    D.write("a.c", Src);
    runTool({"--format=json", "--fix=openssl", "--dry-run",
             std::string("--fix-strategy=") + Strategy, "-o",
             D.Path + "/r.json", D.Path});
    return D.read("r.json");
  };
  std::string Base = session("hash", "sha256");
  auto replace = [](std::string S, const std::string &From,
                    const std::string &To) {
    S.replace(S.find(From), From.size(), To);
    return S;
  };
  // The fd escapes into a function the rewrite cannot see.
  std::string Escapes =
      replace(Base, "  write(op, in, n);", "  void feed(int fd);\n  feed(op);");
  CHECK_THAT(Reason(Escapes), Catch::Contains("(not native: the fd 'op' is "
                                              "passed to feed() (line"));
  // Two final writes: the kernel hashes only the last one.
  std::string TwoFinals = replace(Base, "  write(op, in, n);",
                                  "  write(op, in, n);\n"
                                  "  write(op, in, n);");
  CHECK_THAT(Reason(TwoFinals),
             Catch::Contains("more than one write without MSG_MORE"));
  // A cipher: compat only.
  std::string Cipher = session("skcipher", "cbc(aes)");
  std::string Auto = Reason(Cipher);
  CHECK_THAT(Auto, Catch::Contains("native rewriting covers hashes and HMACs"));
  CHECK_THAT(Auto, Catch::Contains("\"fixable\": true"));
  std::string Native = Reason(Cipher, "native");
  CHECK_THAT(Native, Catch::Contains("no native rewrite: native rewriting "
                                     "covers hashes and HMACs"));
  CHECK_THAT(Native, !Catch::Contains("\"fixable\": true"));
  CHECK(runTool({"--fix=openssl", "--fix-strategy=native", "--dry-run", D.Path})
            .Out.empty());
  CHECK(runTool({"--fix=openssl", "--fix-strategy=bogus", D.Path}).Code == 2);
}
