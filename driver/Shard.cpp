#include "Shard.h"
#include "model/FactsJson.h"
#include "model/JsonBytes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>
#include <set>

namespace afalg {

using Json = nlohmann::json;

static constexpr const char *Schema = "afalg-scan-facts/1";

bool ShardSpec::selects(const std::string &RelPath) const {
  return Count <= 1 ||
         llvm::xxh3_64bits(llvm::StringRef(RelPath)) % Count == Index - 1;
}

std::optional<ShardSpec> parseShard(const std::string &Text,
                                    std::string &Error) {
  auto [K, N] = llvm::StringRef(Text).split('/');
  ShardSpec S;
  if (K.getAsInteger(10, S.Index) || N.getAsInteger(10, S.Count) ||
      S.Count == 0 || S.Index == 0 || S.Index > S.Count || S.Count > 100000) {
    Error = "--shard needs K/N with 1 <= K <= N, got '" + Text + "'";
    return std::nullopt;
  }
  return S;
}

static Json errorsJson(const std::vector<InputError> &Errors) {
  Json A = Json::array();
  for (const InputError &E : Errors)
    A.push_back({{"file", E.File}, {"message", E.Message}});
  return A;
}

static Json factsArray(const std::vector<TUFacts> &TUs) {
  Json A = Json::array();
  for (const TUFacts &F : TUs) {
    TUFacts C = F;
    C.AllFiles.clear(); // this machine's system headers: the cache's business
    A.push_back(Json::parse(factsToJson(C)));
  }
  return A;
}

llvm::Expected<std::string> bundleToJson(const FactsBundle &B) try {
  Json J = {{"schema", Schema},
            {"tool", {{"name", "afalg-scan"}, {"version", B.ToolVersion}}},
            {"root", B.Root},
            {"audit", B.Audit},
            {"shard", {{"index", B.Shard.Index}, {"count", B.Shard.Count}}},
            {"sources", factsArray(B.Sources)},
            {"headers", factsArray(B.Headers)},
            {"errors", errorsJson(B.Errors)},
            {"excluded", B.Excluded}};
  // File names are bytes (model/JsonBytes.h); the facts are encoded already.
  encodeJsonBytes(J);
  return J.dump(1) + "\n";
} catch (const Json::exception &E) {
  return llvm::createStringError(std::errc::illegal_byte_sequence,
                                 "cannot write facts: %s", E.what());
}

llvm::Expected<FactsBundle> bundleFromJson(llvm::StringRef Text,
                                           llvm::StringRef Origin) {
  auto Bad = [&](const std::string &Why) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "%s: not an afalg-scan facts file: %s",
                                   Origin.str().c_str(), Why.c_str());
  };
  try {
    Json J = Json::parse(Text.begin(), Text.end());
    if (!J.is_object() || J.value("schema", "") != Schema)
      return Bad("schema is not " + std::string(Schema));
    // Not the facts: factsFromJson() decodes those itself.
    for (const char *K : {"root", "errors", "excluded"})
      if (J.contains(K))
        decodeJsonBytes(J[K]);
    FactsBundle B;
    B.ToolVersion = J.at("tool").at("version").get<std::string>();
    B.Root = J.at("root").get<std::string>();
    B.Audit = J.at("audit").get<bool>();
    B.Shard.Index = J.at("shard").at("index").get<unsigned>();
    B.Shard.Count = J.at("shard").at("count").get<unsigned>();
    for (auto [Key, Into] :
         {std::pair{"sources", &B.Sources}, std::pair{"headers", &B.Headers}})
      for (const Json &F : J.at(Key)) {
        auto T = factsFromJson(F.dump(), Origin);
        if (!T)
          return T.takeError();
        Into->push_back(std::move(*T));
      }
    for (const Json &E : J.at("errors"))
      B.Errors.push_back({E.at("file").get<std::string>(),
                          E.at("message").get<std::string>()});
    B.Excluded = J.at("excluded").get<std::vector<std::string>>();
    return B;
  } catch (const Json::exception &E) {
    return Bad(E.what());
  }
}

llvm::Expected<std::vector<TUFacts>>
combineBundles(std::vector<FactsBundle> Bundles, const std::string &Version,
               std::vector<InputError> &Errors,
               std::vector<std::string> &Excluded) {
  auto Fail = [](const std::string &Why) {
    return llvm::createStringError(std::errc::invalid_argument, "%s",
                                   Why.c_str());
  };
  if (Bundles.empty())
    return Fail("merge needs at least one facts file");
  unsigned N = Bundles.front().Shard.Count;
  std::set<unsigned> Have;
  for (const FactsBundle &B : Bundles) {
    if (B.ToolVersion != Version)
      return Fail("facts from afalg-scan " + B.ToolVersion +
                  " cannot be merged by afalg-scan " + Version);
    if (B.Shard.Count != N)
      return Fail("facts files come from different splits (" +
                  std::to_string(N) + " and " + std::to_string(B.Shard.Count) +
                  " shards)");
    if (!Have.insert(B.Shard.Index).second)
      return Fail("shard " + std::to_string(B.Shard.Index) + "/" +
                  std::to_string(N) + " is given twice");
  }
  // A missing shard would silently drop findings: refuse.
  for (unsigned K = 1; K <= N; ++K)
    if (!Have.count(K))
      return Fail("shard " + std::to_string(K) + "/" + std::to_string(N) +
                  " is missing");
  // A header is a TU of its own only if no source of any shard read it,
  // exactly as in a single run.
  llvm::StringSet<> Seen;
  std::vector<TUFacts> Out;
  for (FactsBundle &B : Bundles) {
    for (const TUFacts &F : B.Sources)
      for (const std::string &P : F.Files)
        Seen.insert(P);
    for (TUFacts &F : B.Sources)
      Out.push_back(std::move(F));
    Errors.insert(Errors.end(), B.Errors.begin(), B.Errors.end());
    Excluded.insert(Excluded.end(), B.Excluded.begin(), B.Excluded.end());
  }
  for (FactsBundle &B : Bundles)
    for (TUFacts &F : B.Headers)
      if (!Seen.contains(F.MainFile))
        Out.push_back(std::move(F));
  return Out;
}

} // namespace afalg
