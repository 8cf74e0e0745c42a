#include "Fixture.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace afalg {
namespace test {

namespace {

Range range(const std::string &File, unsigned Line, unsigned Col,
            unsigned EndLine, unsigned EndCol) {
  Range R;
  R.File = File;
  R.Line = Line;
  R.Column = Col;
  R.EndLine = EndLine;
  R.EndColumn = EndCol;
  return R;
}

Finding finding(RuleId Rule, Severity Level, Range Loc, std::string Function,
                std::string Message, std::string Session = "",
                Algorithm Alg = {}) {
  Finding F;
  F.Rule = Rule;
  F.Level = Level;
  F.Loc = std::move(Loc);
  F.Function = std::move(Function);
  F.Message = std::move(Message);
  F.Session = std::move(Session);
  F.Alg = std::move(Alg);
  return F;
}

} // namespace

ScanResult fixtureResult() {
  const std::string Hash = "src/hash.c", Aead = "src/aead.c";
  const Algorithm Sha256{"hash", "sha256"};
  const Algorithm Authenc{"aead", "authencesn(hmac(sha256),cbc(aes))"};
  ScanResult R;

  // The aead file first, to prove the reporters sort by file.
  Finding Splice =
      finding(RuleId::Zerocopy, Severity::Error, range(Aead, 41, 5, 41, 48),
              "encrypt_block",
              "splice() into an AF_ALG aead socket: the Copy Fail shape", "s2",
              Authenc);
  Splice.Fix.Reason = "zero-copy input has no equivalent in openssl";
  R.Findings.push_back(Splice);
  R.Findings.push_back(finding(
      RuleId::Socket, Severity::Error, range(Aead, 30, 10, 30, 42),
      "encrypt_block", "socket(AF_ALG, SOCK_SEQPACKET, 0)", "s2", Authenc));
  R.Findings.push_back(finding(
      RuleId::Cmsg, Severity::Warning, range(Aead, 35, 3, 35, 30),
      "encrypt_block",
      "cmsg_type = ALG_SET_OP with \"op[0](1)\" \\ <&> \ttab, caf\xc3\xa9 "
      "\xe2\x80\x94 s\xc3\xbc\xc3\x9f",
      "s2", Authenc));
  // The algorithm name is built at run time: only its type is known.
  R.Findings.push_back(finding(RuleId::Setsockopt, Severity::Warning,
                               range(Aead, 52, 3, 52, 61), "open_cipher",
                               "setsockopt(fd, SOL_ALG, ALG_SET_KEY, ...)",
                               "s3", Algorithm{"skcipher", ""}));
  Finding Inactive =
      finding(RuleId::Socket, Severity::Warning, range(Aead, 70, 9, 70, 35), "",
              "socket(AF_ALG, ...) in an inactive #if branch");
  Inactive.Conf = Confidence::Low;
  R.Findings.push_back(Inactive);

  Finding Socket =
      finding(RuleId::Socket, Severity::Warning, range(Hash, 12, 12, 12, 45),
              "sha256_file", "socket(AF_ALG, SOCK_SEQPACKET, 0)", "s1", Sha256);
  Socket.AlgSupported = true;
  Socket.Fix.Fixable = true;
  Socket.Fix.Reason = "replace the AF_ALG socket with afalg_compat_socket()";
  Socket.Fix.Edits.push_back(
      {range(Hash, 12, 12, 12, 17), "afalg_compat_socket"});
  // An insertion: end equals begin.
  Socket.Fix.Edits.push_back(
      {range(Hash, 1, 1, 1, 1), "#include \"afalg_compat.h\"\n"});
  R.Findings.push_back(Socket);
  R.Findings.push_back(finding(RuleId::Sockaddr, Severity::Warning,
                               range(Hash, 8, 3, 11, 4), "sha256_file",
                               "struct sockaddr_alg names hash \"sha256\"",
                               "s1", Sha256));
  R.Findings.push_back(finding(RuleId::Bind, Severity::Warning,
                               range(Hash, 13, 3, 13, 48), "sha256_file",
                               "bind() to hash sha256", "s1", Sha256));
  R.Findings.push_back(finding(RuleId::Accept, Severity::Warning,
                               range(Hash, 14, 12, 14, 32), "sha256_file",
                               "accept() on an AF_ALG socket", "s1", Sha256));
  R.Findings.push_back(finding(
      RuleId::Io, Severity::Note, range(Hash, 15, 3, 15, 26), "sha256_file",
      "write() to an AF_ALG operation socket", "s1", Sha256));
  R.Findings.push_back(finding(RuleId::Kcapi, Severity::Note,
                               range(Hash, 90, 10, 90, 40), "digest_helper",
                               "kcapi_md_sha256() uses AF_ALG"));

  Session S1;
  S1.Id = "s1";
  S1.Algorithms = {Sha256};
  S1.Functions = {"sha256_file"};
  S1.Files = {Hash};
  Session S2;
  S2.Id = "s2";
  S2.Algorithms = {Authenc};
  S2.Functions = {"encrypt_block"};
  S2.Files = {Aead};
  S2.Level = Severity::Error;
  S2.CopyFailShape = true;
  Session S3;
  S3.Id = "s3";
  S3.Algorithms = {Algorithm{"skcipher", ""}};
  S3.Functions = {"open_cipher"};
  S3.Files = {Aead};
  R.Sessions = {S3, S1, S2};

  R.Analysed = 5;
  R.Skipped = {"third_party/vendor.c"};
  R.Errors = {{"src/broken.c", "expected ';' after expression"}};
  return R;
}

ScanResult edgeResult() {
  ScanResult R;
  // Unknown column and end; a path with a space, '#', '%' and non-ASCII.
  R.Findings.push_back(
      finding(RuleId::Socket, Severity::Warning,
              range("dir with space/na\xc3\xafve#1%.c", 7, 0, 0, 0), "f",
              "line one\nline two\r\n", "only"));
  // No position at all (a finding from a file-level fact).
  R.Findings.push_back(finding(RuleId::OpensslEngine, Severity::Warning,
                               range("engine.c", 0, 0, 0, 0), "",
                               "ENGINE_by_id(\"afalg\")"));
  // Bytes that are not UTF-8 in the message and the algorithm name.
  Finding Latin1 = finding(
      RuleId::Sockaddr, Severity::Warning, range("engine.c", 3, 5, 3, 5), "g",
      "salg_name \"caf\xe9\"", "", Algorithm{"", "caf\xe9"});
  // Claims to be fixable, but an edit has no position: SARIF drops it.
  Latin1.Fix.Fixable = true;
  Latin1.Fix.Edits.push_back({range("engine.c", 0, 0, 0, 0), "x"});
  R.Findings.push_back(Latin1);
  // Two identical findings on different lines: fingerprints must differ.
  for (unsigned Line : {20u, 30u})
    R.Findings.push_back(finding(RuleId::Io, Severity::Note,
                                 range("engine.c", Line, 3, Line, 9), "g",
                                 "read() on an AF_ALG socket", "t"));
  // A pure deletion spanning lines.
  Finding Del = finding(RuleId::Cmsg, Severity::Warning,
                        range("engine.c", 40, 1, 42, 2), "g", "cmsg [x]");
  Del.Fix.Fixable = true;
  Del.Fix.Edits.push_back({range("engine.c", 40, 1, 42, 2), ""});
  R.Findings.push_back(Del);
  R.Analysed = 1;
  R.Skipped = {"b.c", "a.c", "b.c"};
  R.Errors = {{"", "no compile command for any input"},
              {"z.c", "crashed"},
              {"a b.c", "timed out after 60s"}};
  return R;
}

ReportContext goldenContext() {
  ReportContext Ctx;
  Ctx.ToolVersion = "9.8.7-test";
  return Ctx;
}

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::ostringstream SS;
  SS << In.rdbuf();
  return SS.str();
}

bool fileExists(const std::string &Path) {
  return std::ifstream(Path, std::ios::binary).good();
}

void writeFile(const std::string &Path, const std::string &Text) {
  std::ofstream Out(Path, std::ios::binary | std::ios::trunc);
  Out << Text;
  Out.close();
  INFO("writing " << Path);
  REQUIRE(Out.good());
}

} // namespace test
} // namespace afalg
