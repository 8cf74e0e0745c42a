// The CycloneDX 1.6 CBOM: the kernel-name parser and its mapping onto the
// schema's enums, the shape of the BOM, golden files, the reporter contract,
// and validation of fresh output with the official schema.

#include "Fixture.h"
#include "Golden.h"
#include "report/CryptoAsset.h"
#include "report/Reporter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/wait.h>

using namespace afalg;
using namespace afalg::test;
using nlohmann::json;
using report::describeAlgorithm;

namespace {

std::string canonical(const std::string &Name) {
  auto Tree = report::parseAlgorithmName(Name);
  REQUIRE(Tree);
  return report::printAlgorithmName(report::canonicalAlgorithm(*Tree));
}

json cbom(const ScanResult &R) {
  return json::parse(renderCbom(R, goldenContext()));
}

const json *component(const json &Bom, const std::string &Ref) {
  for (const json &C : Bom["components"])
    if (C["bom-ref"] == Ref)
      return &C;
  return nullptr;
}

Finding findingAt(const std::string &File, unsigned Line, Algorithm Alg,
                  std::string Session = "") {
  Finding F;
  F.Loc.File = File;
  F.Loc.Line = F.Loc.EndLine = Line;
  F.Loc.Column = 1;
  F.Loc.EndColumn = 9;
  F.Message = "bind()";
  F.Rule = RuleId::Bind;
  F.Alg = std::move(Alg);
  F.Session = std::move(Session);
  return F;
}

/// Every kind of name the tables know, and some they do not.
std::vector<std::string> manyNames() {
  std::istringstream In(
      "md4 md5 sha1 sha224 sha256-avx2 sha384 sha512 sha3-256-generic sm3 "
      "rmd160 wp512 streebog512 blake2b-256 crc32c-intel xxhash64 ghash "
      "poly1305 hmac(sha1) hmac(sha3-512) cmac(aes) xcbc(aes) ecb(aes) "
      "cbc(des3_ede) ctr(sm4) xts(aes) cts(cbc(aes)) lrw(serpent) "
      "rfc3686(ctr(aes)) essiv(cbc(aes),sha256) adiantum(xchacha12,aes) "
      "ecb(arc4) chacha20 gcm(aes) ccm(aes) rfc4106(gcm(aes)) "
      "rfc4543(gcm(aes)) rfc4309(ccm(aes)) rfc7539(chacha20,poly1305) "
      "rfc7539esp(chacha20,poly1305) authenc(hmac(sha256),cbc(aes)) "
      "authencesn(hmac(sha1),rfc3686(ctr(aes))) gcm_base(ctr(aes),ghash) "
      "aegis128 stdrng drbg_nopr_hmac_sha256 jitterentropy_rng "
      "ecb(cipher_null) digest_null pcrypt(gcm(aes)) cbc-aes-aesni "
      "future_alg(x) cbc(aes caf\xe9");
  std::vector<std::string> Out;
  for (std::string Name; In >> Name;)
    Out.push_back(Name);
  return Out;
}

/// The same scan, every list in another order.
ScanResult shuffled(ScanResult R, unsigned Seed) {
  std::mt19937 Rng(Seed);
  std::shuffle(R.Findings.begin(), R.Findings.end(), Rng);
  std::shuffle(R.Sessions.begin(), R.Sessions.end(), Rng);
  std::shuffle(R.Errors.begin(), R.Errors.end(), Rng);
  std::shuffle(R.Partial.begin(), R.Partial.end(), Rng);
  for (Session &S : R.Sessions)
    std::shuffle(S.Algorithms.begin(), S.Algorithms.end(), Rng);
  return R;
}

/// Runs scripts/validate-cbom.sh; its exit status, or -1.
int validateCbom(const std::vector<std::string> &Paths) {
  std::string Command = "bash '" + std::string(AFALG_VALIDATE_CBOM) + "'";
  for (const std::string &P : Paths)
    Command += " '" + P + "'";
  Command += " 2>&1";
  INFO("running " << Command);
  int Status = std::system(Command.c_str());
  return Status != -1 && WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
}

std::string outputPath(const std::string &Name) {
  return std::string(AFALG_TEST_OUTPUT_DIR) + "/" + Name;
}

} // namespace

TEST_CASE("kernel algorithm names parse by the cryptomgr grammar",
          "[report][cbom]") {
  auto Tree = report::parseAlgorithmName("authenc(hmac(sha256),cbc(aes))");
  REQUIRE(Tree);
  CHECK(Tree->Ident == "authenc");
  REQUIRE(Tree->Args.size() == 2);
  CHECK(Tree->Args[0].Ident == "hmac");
  CHECK(Tree->Args[0].Args[0].Ident == "sha256");
  CHECK(Tree->Args[1].Args[0].Ident == "aes");
  CHECK(report::printAlgorithmName(*Tree) == "authenc(hmac(sha256),cbc(aes))");
  CHECK(report::parseAlgorithmName("sha3-256")->Ident == "sha3-256");

  for (const char *Bad :
       {"", "cbc(aes", "cbc(aes))", "cbc()", "cbc(,aes)", "gcm(aes),",
        "sha 256", "\"sha256\"", "(aes)", "caf\xe9"})
    CHECK_FALSE(report::parseAlgorithmName(Bad));
  CHECK_FALSE(report::parseAlgorithmName(std::string(128, 'a')));
  CHECK(report::parseAlgorithmName(std::string(127, 'a')));
  std::string Args32 = "x(a", Args33;
  for (int I = 1; I < 32; ++I)
    Args32 += ",a";
  Args33 = Args32 + ",a)";
  CHECK(report::parseAlgorithmName(Args32 + ")"));
  CHECK_FALSE(report::parseAlgorithmName(Args33));
}

TEST_CASE("driver names resolve to the names they implement",
          "[report][cbom]") {
  CHECK(canonical("sha256-avx2") == "sha256");
  CHECK(canonical("sha3-256-generic") == "sha3-256");
  CHECK(canonical("crc32c-intel") == "crc32c");
  CHECK(canonical("cbc-aes-aesni") == "cbc(aes)");
  CHECK(canonical("cts-cbc-aes-aesni") == "cts(cbc(aes))");
  CHECK(canonical("rfc4106-gcm-aesni") == "rfc4106(gcm(aes))");
  CHECK(canonical("xts-aes-vaes-avx2") == "xts(aes)");
  CHECK(canonical("generic-gcm-aesni") == "gcm(aes)");
  CHECK(canonical("cbc(aes-generic)") == "cbc(aes)");
  CHECK(canonical("cryptd(hmac(sha256-ni))") == "hmac(sha256)");
  // Not resolvable: kept as written, never split blindly on '-'.
  CHECK(canonical("atmel-cbc-aes") == "atmel-cbc-aes");
  CHECK(canonical("sha256-omap") == "sha256-omap");
  CHECK(canonical("blake2b-256") == "blake2b-256");
}

TEST_CASE("algorithms map onto CycloneDX algorithm properties",
          "[report][cbom]") {
  using V = std::vector<std::string>;
  auto Sha = describeAlgorithm({"hash", "sha256"});
  CHECK(Sha.Primitive == "hash");
  CHECK(Sha.ParameterSet == "256");
  CHECK(Sha.Functions == V{"digest"});
  CHECK(Sha.Oid == "2.16.840.1.101.3.4.2.1");
  CHECK(Sha.Mode.empty());

  auto Hmac = describeAlgorithm({"hash", "hmac(sha256)"});
  CHECK(Hmac.Primitive == "mac");
  CHECK(Hmac.Functions == V{"tag"});
  CHECK(Hmac.Oid == "1.2.840.113549.2.9");

  auto Gcm = describeAlgorithm({"aead", "gcm(aes)"});
  CHECK(Gcm.Primitive == "ae");
  CHECK(Gcm.Mode == "gcm");
  CHECK(Gcm.ParameterSet.empty()); // the key size is not in the name
  CHECK(Gcm.Functions == V{"encrypt", "decrypt"});

  auto Authenc =
      describeAlgorithm({"aead", "authencesn(hmac(sha256),cbc(aes))"});
  CHECK(Authenc.Primitive == "ae");
  CHECK(Authenc.Mode == "cbc");
  CHECK(describeAlgorithm({"skcipher", "xts(aes)"}).Mode == "other");
  CHECK(describeAlgorithm({"skcipher", "rfc3686(ctr(aes))"}).Mode == "ctr");
  CHECK(describeAlgorithm({"skcipher", "cbc(sm4)"}).ParameterSet == "128");
  CHECK(describeAlgorithm({"skcipher", "ecb(arc4)"}).Primitive ==
        "stream-cipher");
  CHECK(describeAlgorithm({"aead", "rfc7539(chacha20,poly1305)"}).Oid ==
        "1.2.840.113549.1.9.16.3.18");
  CHECK(describeAlgorithm({"rng", "drbg_nopr_ctr_aes256"}).Primitive == "drbg");
  CHECK(describeAlgorithm({"hash", "crc32c"}).Primitive == "other");

  // The socket type says what it can when the name does not.
  auto Mystery = describeAlgorithm({"aead", "mystery(aes)"});
  CHECK(Mystery.Parsed);
  CHECK(Mystery.Primitive == "ae");
  auto TypeOnly = describeAlgorithm({"skcipher", ""});
  CHECK(TypeOnly.Primitive == "unknown");
  CHECK(TypeOnly.Functions == V{"encrypt", "decrypt"});
  auto Invalid = describeAlgorithm({"", "caf\xe9"});
  CHECK_FALSE(Invalid.Parsed);
  CHECK(Invalid.Primitive == "unknown");
  CHECK(describeAlgorithm({"", "sha256-avx2"}).SocketType == "hash");
}

TEST_CASE("every mapped value is in the official schema's enums",
          "[report][cbom]") {
  json Schema = json::parse(readFile(AFALG_CBOM_SCHEMA));
  const json &Props = Schema["definitions"]["cryptoProperties"]["properties"]
                            ["algorithmProperties"]["properties"];
  auto In = [](const json &Enum, const std::string &V) {
    return std::find(Enum.begin(), Enum.end(), V) != Enum.end();
  };
  for (const char *Type : {"", "hash", "skcipher", "aead", "rng"})
    for (const std::string &Name : manyNames()) {
      auto D = describeAlgorithm({Type, Name});
      INFO(Type << " " << Name);
      CHECK(In(Props["primitive"]["enum"], D.Primitive));
      if (!D.Mode.empty())
        CHECK(In(Props["mode"]["enum"], D.Mode));
      for (const std::string &F : D.Functions)
        CHECK(In(Props["cryptoFunctions"]["items"]["enum"], F));
    }
}

TEST_CASE("CBOM has one asset per algorithm with its occurrences",
          "[report][cbom]") {
  json Bom = cbom(fixtureResult());
  CHECK(Bom["bomFormat"] == "CycloneDX");
  CHECK(Bom["specVersion"] == "1.6");
  CHECK(Bom["version"] == 1);
  CHECK_FALSE(Bom["metadata"].contains("timestamp"));
  const json &Tool = Bom["metadata"]["tools"]["components"][0];
  CHECK(Tool["name"] == "afalg-scan");
  CHECK(Tool["version"] == "9.8.7-test");

  REQUIRE(Bom["components"].size() == 4);
  const json *Sha = component(Bom, "crypto/hash/sha256");
  REQUIRE(Sha);
  CHECK((*Sha)["type"] == "cryptographic-asset");
  CHECK((*Sha)["name"] == "sha256");
  CHECK((*Sha)["cryptoProperties"]["assetType"] == "algorithm");
  CHECK((*Sha)["cryptoProperties"]["oid"] == "2.16.840.1.101.3.4.2.1");
  const json &Occ = (*Sha)["evidence"]["occurrences"];
  REQUIRE(Occ.size() == 5);
  CHECK(Occ[0]["location"] == "src/hash.c");
  CHECK(Occ[0]["line"] == 8);
  CHECK(Occ[0]["symbol"] == "sha256_file");
  CHECK(Occ[0]["additionalContext"] == "afalg-sockaddr");

  const json *Aead =
      component(Bom, "crypto/ae/authencesn(hmac(sha256),cbc(aes))");
  REQUIRE(Aead);
  CHECK((*Aead)["cryptoProperties"]["algorithmProperties"]["mode"] == "cbc");
  CHECK((*Aead)["properties"].dump().find(
            R"({"name":"afalg-scan:copy-fail-shape","value":"true"})") !=
        std::string::npos);
  CHECK((*Sha)["properties"].dump().find("copy-fail") == std::string::npos);
  CHECK((*Aead)["evidence"]["occurrences"].size() == 3);
  REQUIRE(component(Bom, "crypto/type-only/skcipher"));
  // The libkcapi call and the inactive #if socket name no algorithm.
  const json *Unknown = component(Bom, "crypto/af_alg");
  REQUIRE(Unknown);
  CHECK((*Unknown)["name"] == "AF_ALG kernel crypto API");
  CHECK((*Unknown)["evidence"]["occurrences"].size() == 2);
  CHECK((*Unknown)["evidence"]["occurrences"][0]["additionalContext"] ==
        "afalg-socket (low confidence)");
}

TEST_CASE("CBOM merges spellings and keeps session candidates",
          "[report][cbom]") {
  ScanResult R;
  R.Findings.push_back(findingAt("a.c", 3, {"hash", "sha256-avx2"}, "s"));
  R.Findings.push_back(findingAt("b.c", 4, {"hash", "sha256"}));
  R.Findings.push_back(findingAt("c.c", 5, {"skcipher", ""}, "t"));
  Session S;
  S.Id = "s";
  S.Algorithms = {{"hash", "sha256-avx2"}, {"hash", "sha512"}};
  Session T;
  T.Id = "t";
  T.Algorithms = {{"skcipher", ""}, {"skcipher", "cbc(aes)"}};
  R.Sessions = {S, T};
  json Bom = cbom(R);

  const json *Sha = component(Bom, "crypto/hash/sha256");
  REQUIRE(Sha);
  CHECK((*Sha)["evidence"]["occurrences"].size() == 2);
  CHECK((*Sha)["properties"].dump().find("sha256-avx2") != std::string::npos);
  // A candidate of a session is an asset, its findings the evidence.
  const json *Sha512 = component(Bom, "crypto/hash/sha512");
  REQUIRE(Sha512);
  CHECK((*Sha512)["evidence"]["occurrences"][0]["location"] == "a.c");
  // A known name makes the type-only candidate redundant for c.c.
  const json *Cbc = component(Bom, "crypto/block-cipher/cbc(aes)");
  REQUIRE(Cbc);
  CHECK((*Cbc)["evidence"]["occurrences"][0]["location"] == "c.c");
  const json *TypeOnly = component(Bom, "crypto/type-only/skcipher");
  REQUIRE(TypeOnly);
  CHECK_FALSE(TypeOnly->contains("evidence"));
}

TEST_CASE("CBOM serial numbers are reproducible name-based UUIDs",
          "[report][cbom]") {
  std::string Serial = cbom(fixtureResult())["serialNumber"];
  CHECK(Serial == cbom(shuffled(fixtureResult(), 7))["serialNumber"]);
  REQUIRE(Serial.size() == 45);
  CHECK(Serial.rfind("urn:uuid:", 0) == 0);
  CHECK(Serial[23] == '5');                                         // version 5
  CHECK(std::string("89ab").find(Serial[28]) != std::string::npos); // variant
  ScanResult Changed = fixtureResult();
  Changed.Findings[0].Loc.Line += 1;
  CHECK(cbom(Changed)["serialNumber"] != Serial);
  CHECK(cbom(ScanResult{})["serialNumber"] != Serial);
}

TEST_CASE("CBOM matches its golden files", "[report][cbom][golden]") {
  const ReportContext Ctx = goldenContext();
  SECTION("fixture.cdx.json") {
    checkGolden("fixture", "cdx.json", renderCbom(fixtureResult(), Ctx));
  }
  SECTION("edge.cdx.json") {
    ReportContext EdgeCtx;
    EdgeCtx.AutomationId = "nightly/linux-x86_64";
    checkGolden("edge", "cdx.json", renderCbom(edgeResult(), EdgeCtx));
  }
  SECTION("empty.cdx.json") {
    checkGolden("empty", "cdx.json", renderCbom(ScanResult{}, Ctx));
  }
}

TEST_CASE("CBOM keeps the reporter contract", "[report][cbom][contract]") {
  const ReportContext Ctx = goldenContext();
  std::string Empty = renderCbom(ScanResult{}, Ctx);
  CHECK(Empty.back() == '\n');
  CHECK(renderCbom(ScanResult{}, Ctx) == Empty);
  CHECK(json::parse(Empty)["components"].empty());
  for (const ScanResult &R : {fixtureResult(), edgeResult()}) {
    std::string First = renderCbom(R, Ctx);
    CHECK(renderCbom(R, Ctx) == First);
    for (unsigned Seed : {1u, 2u, 3u})
      CHECK(renderCbom(shuffled(R, Seed), Ctx) == First);
  }
}

TEST_CASE("freshly rendered CBOMs pass the official CycloneDX 1.6 schema",
          "[report][cbom][schema]") {
  ScanResult Many;
  unsigned Line = 1;
  for (const char *Type : {"", "hash", "skcipher", "aead", "rng"})
    for (const std::string &Name : manyNames())
      Many.Findings.push_back(findingAt("src/many.c", Line++, {Type, Name}));
  ReportContext Custom;
  Custom.ToolVersion = "";
  const std::pair<const char *, ScanResult> Cases[] = {
      {"fixture", fixtureResult()},
      {"edge", edgeResult()},
      {"empty", ScanResult{}},
      {"many", Many},
  };
  std::vector<std::string> Paths;
  for (const auto &[Name, R] : Cases) {
    Paths.push_back(outputPath(std::string("fresh-") + Name + ".cdx.json"));
    writeFile(Paths.back(), renderCbom(R, Custom));
  }
  CHECK(validateCbom(Paths) == 0);
}

TEST_CASE("the CBOM validator rejects each kind of fault",
          "[report][cbom][schema]") {
  const std::pair<const char *, const char *> Faults[] = {
      {"mode-xts", "/components/0/cryptoProperties/algorithmProperties/mode"},
      {"primitive", "/components/0/cryptoProperties/algorithmProperties/"
                    "primitive"},
      {"serial-version", "/serialNumber"},
      {"duplicate-ref", "/components/1/bom-ref"},
  };
  for (const auto &[Name, Pointer] : Faults) {
    json Bom = cbom(fixtureResult());
    std::string Fault = Name;
    json::json_pointer P(Pointer);
    if (Fault == "mode-xts")
      Bom[P] = "xts"; // a mode the 1.6 enum does not list
    else if (Fault == "primitive")
      Bom[P] = "hash-function";
    else if (Fault == "serial-version")
      Bom[P] = "urn:uuid:00000000-0000-0000-0000-000000000000";
    else
      Bom[P] = Bom["components"][0]["bom-ref"];
    std::string Path = outputPath(std::string("fault-") + Name + ".cdx.json");
    writeFile(Path, Bom.dump(2));
    INFO("fault " << Name);
    CHECK(validateCbom({Path}) == 1);
  }
}
