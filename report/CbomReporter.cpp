// A CycloneDX 1.6 cryptography bill of materials (CBOM): one
// "cryptographic-asset" component per algorithm that reaches an AF_ALG
// socket, with the places it is used as evidence. Validated against the
// official schema in the test suite (scripts/validate-cbom.sh).
//
// Left out on purpose: metadata.timestamp (no clock: the same scan gives the
// same bytes); executionEnvironment and implementationPlatform (the kernel
// picks generic C, CPU instructions or an offload driver at run time, which a
// static scan cannot know); key sizes the name does not fix.

#include "report/CryptoAsset.h"
#include "report/JsonUtil.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA1.h"
#include <map>
#include <set>

namespace afalg {

namespace {

using report::CryptoAsset;
using report::Json;

constexpr llvm::StringLiteral SchemaUri =
    "http://cyclonedx.org/schema/bom-1.6.schema.json";
constexpr llvm::StringLiteral UnknownRef = "crypto/af_alg";

/// One component: an algorithm, a socket type whose algorithm is not
/// known, or the AF_ALG interface itself when nothing is known.
struct Asset {
  CryptoAsset Desc;
  std::set<std::string> WrittenAs; // spellings that differ from Desc.Name
  bool CopyFail = false;           // a candidate of a Copy-Fail-shaped session
  Json Occurrences = Json::array();
  std::set<std::string> SeenOccurrences;
};

std::string hex8(llvm::StringRef S) {
  std::array<uint8_t, 20> H = llvm::SHA1::hash(llvm::arrayRefFromStringRef(S));
  return llvm::toHex(llvm::ArrayRef<uint8_t>(H).take_front(8),
                     /*LowerCase=*/true);
}

bool isIdent(llvm::StringRef S) {
  return !S.empty() && llvm::all_of(S, [](char C) {
    return llvm::isAlnum(C) || C == '-' || C == '_';
  });
}

/// bom-refs are unique by construction: a named algorithm is keyed by its
/// canonical name (a name outside the kernel grammar by a hash of its
/// bytes, which may not be UTF-8), a type-only one by its type.
std::string bomRef(const Algorithm &A, const CryptoAsset &D) {
  if (!A.Name.empty())
    return D.Parsed ? "crypto/" + D.Primitive + "/" + D.Name
                    : "crypto/invalid-name/" + hex8(A.Name);
  if (!A.Type.empty())
    return "crypto/type-only/" + (isIdent(A.Type) ? A.Type : hex8(A.Type));
  return UnknownRef.str();
}

/// The algorithms a finding is evidence of: its own and its session's
/// candidates; a known name makes the type-only candidates redundant.
std::vector<Algorithm> candidates(const Finding &F,
                                  const std::map<std::string, Session> &S) {
  std::vector<Algorithm> Out;
  if (!F.Alg.empty())
    Out.push_back(F.Alg);
  auto It = F.Session.empty() ? S.end() : S.find(F.Session);
  if (It != S.end())
    for (const Algorithm &A : It->second.Algorithms)
      if (!A.empty())
        Out.push_back(A);
  bool Named =
      llvm::any_of(Out, [](const Algorithm &A) { return !A.Name.empty(); });
  if (Named)
    llvm::erase_if(Out, [](const Algorithm &A) { return A.Name.empty(); });
  return Out;
}

Json occurrence(const Finding &F) {
  Json O = Json::object();
  O["location"] = F.Loc.File;
  if (F.Loc.Line)
    O["line"] = F.Loc.Line;
  if (!F.Function.empty())
    O["symbol"] = F.Function;
  std::string Context = ruleName(F.Rule).str();
  if (F.Conf != Confidence::High)
    Context += " (" + confidenceName(F.Conf).str() + " confidence)";
  O["additionalContext"] = Context;
  return O;
}

Json property(llvm::StringRef Name, llvm::StringRef Value) {
  return Json{{"name", Name.str()}, {"value", Value.str()}};
}

Json componentJson(const std::string &Ref, const Asset &A) {
  const CryptoAsset &D = A.Desc;
  Json C = Json::object();
  C["type"] = "cryptographic-asset";
  C["bom-ref"] = Ref;
  if (Ref == UnknownRef) {
    C["name"] = "AF_ALG kernel crypto API";
    C["description"] = "Uses of the Linux kernel crypto API through AF_ALG "
                       "sockets whose algorithm the scan could not determine";
  } else if (D.Name.empty()) {
    C["name"] = "AF_ALG " + D.SocketType;
    C["description"] = "An algorithm of AF_ALG type " + D.SocketType +
                       " whose name the scan could not determine";
  } else {
    C["name"] = D.Name;
    C["description"] =
        D.Parsed ? "Linux kernel crypto API algorithm used through AF_ALG"
                 : "A name given to AF_ALG that is not a valid kernel "
                   "crypto API algorithm name; the kernel would not bind it";
  }

  Json Alg = Json::object();
  Alg["primitive"] = D.Primitive;
  if (!D.Mode.empty())
    Alg["mode"] = D.Mode;
  if (!D.ParameterSet.empty())
    Alg["parameterSetIdentifier"] = D.ParameterSet;
  if (!D.Functions.empty())
    Alg["cryptoFunctions"] = D.Functions;
  Json Crypto = Json::object();
  Crypto["assetType"] = "algorithm";
  Crypto["algorithmProperties"] = std::move(Alg);
  if (!D.Oid.empty())
    Crypto["oid"] = D.Oid;
  C["cryptoProperties"] = std::move(Crypto);

  Json Props = Json::array();
  if (!D.SocketType.empty())
    Props.push_back(property("afalg-scan:socket-type", D.SocketType));
  for (const std::string &W : A.WrittenAs)
    Props.push_back(property("afalg-scan:written-as", W));
  // DESIGN §2: an aead session fed by splice/sendfile (CVE-class "Copy
  // Fail"); worth a look before anything else in the inventory.
  if (A.CopyFail)
    Props.push_back(property("afalg-scan:copy-fail-shape", "true"));
  if (!Props.empty())
    C["properties"] = std::move(Props);
  if (!A.Occurrences.empty())
    C["evidence"] = Json{{"occurrences", A.Occurrences}};
  return C;
}

/// RFC 4122 §4.3: a name-based (version 5, SHA-1) UUID of the BOM's
/// content in the URL namespace, so that the same scan always gets the
/// same serial number and a different one a different number.
std::string contentUuid(llvm::StringRef Content) {
  static const uint8_t NamespaceUrl[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                           0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                           0x4f, 0xd4, 0x30, 0xc8};
  llvm::SHA1 H;
  H.update(llvm::ArrayRef<uint8_t>(NamespaceUrl));
  H.update(Content);
  std::array<uint8_t, 20> D = H.final();
  D[6] = (D[6] & 0x0f) | 0x50; // version 5
  D[8] = (D[8] & 0x3f) | 0x80; // variant 10xx
  std::string Hex = llvm::toHex(llvm::ArrayRef<uint8_t>(D).take_front(16),
                                /*LowerCase=*/true);
  return "urn:uuid:" + Hex.substr(0, 8) + "-" + Hex.substr(8, 4) + "-" +
         Hex.substr(12, 4) + "-" + Hex.substr(16, 4) + "-" + Hex.substr(20);
}

Json metadataJson(const ScanResult &R, const ReportContext &Ctx) {
  Json Tool = Json::object();
  Tool["type"] = "application";
  Tool["name"] = Ctx.ToolName;
  if (!Ctx.ToolVersion.empty())
    Tool["version"] = Ctx.ToolVersion;
  Json M = Json::object();
  M["tools"] = Json{{"components", Json::array({std::move(Tool)})}};
  // How complete the inventory is: files that could not be analysed may
  // hold algorithms that are missing here.
  M["properties"] = Json::array(
      {property("afalg-scan:files-analysed", std::to_string(R.Analysed)),
       property("afalg-scan:files-skipped",
                std::to_string(report::sortedSkipped(R).size())),
       property("afalg-scan:files-not-analysed",
                std::to_string(R.Errors.size())),
       property("afalg-scan:files-partially-analysed",
                std::to_string(R.Partial.size()))});
  return M;
}

} // namespace

std::string renderCbom(const ScanResult &R, const ReportContext &Ctx) {
  std::map<std::string, Session> Sessions;
  for (Session &S : report::sortedSessions(R))
    Sessions.emplace(S.Id, std::move(S));

  std::map<std::string, Asset> Assets; // by bom-ref
  auto AssetFor = [&](const Algorithm &A) -> Asset & {
    CryptoAsset D = report::describeAlgorithm(A);
    std::string Ref = bomRef(A, D);
    Asset &Out = Assets[Ref];
    if (Out.Desc.Primitive.empty())
      Out.Desc = std::move(D);
    if (A.Name != Out.Desc.Name && !A.Name.empty())
      Out.WrittenAs.insert(A.Name);
    return Out;
  };

  // Every candidate of every session is an asset, even one no finding
  // names; a finding is an occurrence of each of its candidates.
  for (const auto &[Id, S] : Sessions)
    for (const Algorithm &A : S.Algorithms)
      if (!A.empty())
        AssetFor(A).CopyFail |= S.CopyFailShape;
  for (const Finding *F : report::sortedFindings(R)) {
    std::vector<Algorithm> Algs = candidates(*F, Sessions);
    if (Algs.empty())
      Algs.push_back(Algorithm{});
    Json O = occurrence(*F);
    std::string Key =
        O.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (const Algorithm &A : Algs) {
      Asset &Target = AssetFor(A);
      if (Target.SeenOccurrences.insert(Key).second)
        Target.Occurrences.push_back(O);
    }
  }

  Json Components = Json::array();
  for (const auto &[Ref, A] : Assets)
    Components.push_back(componentJson(Ref, A));
  Json Metadata = metadataJson(R, Ctx);

  std::string Content = report::dumpJson(
      Json{{"metadata", Metadata}, {"components", Components}});
  Json Root = Json::object();
  Root["$schema"] = SchemaUri.str();
  Root["bomFormat"] = "CycloneDX";
  Root["specVersion"] = "1.6";
  Root["serialNumber"] = contentUuid(Content);
  Root["version"] = 1;
  Root["metadata"] = std::move(Metadata);
  Root["components"] = std::move(Components);
  return report::dumpJson(Root);
}

} // namespace afalg
