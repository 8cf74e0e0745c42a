#include "FactsJson.h"
#include "FactsBinary.h"
#include "JsonBytes.h"
#include <nlohmann/json.hpp>

namespace afalg {

// Enums travel as their integer values (nlohmann's default).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Algorithm, Type, Name)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Range, File, Line, Column, EndLine,
                                   EndColumn)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Site, Id, Rule, Kind, Conf, Loc, Function,
                                   FunctionKey, Callee, FdKey, ResultKey,
                                   AddrKey, InKey, DomainKey, Alg, AlgTypeKeys,
                                   AlgNameKeys, Note, CalleeLoc, CalleeInMacro)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Edge, From, To)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(StringFact, Where, Value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CallFact, Result, Callee, Args, AfAlgArgs,
                                   Loc, Function, CalleeName)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TUFacts, MainFile, Sites, Edges, Strings,
                                   Calls, FunctionSizes, AfAlgConstants, Files,
                                   FileHashes, AllFiles, MissingHeaders,
                                   ErrorCount, FirstError, Failed, FailReason)

std::string factsToJson(const TUFacts &F) {
  TUFacts C = F;
  // Visiting order is an implementation detail; the facts are sets.
  std::sort(C.Edges.begin(), C.Edges.end());
  C.Edges.erase(std::unique(C.Edges.begin(), C.Edges.end()), C.Edges.end());
  std::sort(C.Strings.begin(), C.Strings.end());
  C.Strings.erase(std::unique(C.Strings.begin(), C.Strings.end()),
                  C.Strings.end());
  std::sort(C.AfAlgConstants.begin(), C.AfAlgConstants.end());
  C.AfAlgConstants.erase(
      std::unique(C.AfAlgConstants.begin(), C.AfAlgConstants.end()),
      C.AfAlgConstants.end());
  std::sort(C.Sites.begin(), C.Sites.end(),
            [](const Site &A, const Site &B) { return A.Id < B.Id; });
  std::sort(
      C.Calls.begin(), C.Calls.end(),
      [](const CallFact &A, const CallFact &B) { return A.Result < B.Result; });
  std::sort(C.FunctionSizes.begin(), C.FunctionSizes.end());
  nlohmann::json J = C;
  encodeJsonBytes(J);
  return J.dump(1) + "\n";
}

llvm::Expected<TUFacts> factsFromJson(llvm::StringRef Text,
                                      llvm::StringRef Origin) {
  try {
    nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end());
    decodeJsonBytes(J);
    // AllFiles came later (the cache's dependency list): facts written
    // before it read as if nothing was recorded.
    if (J.is_object() && !J.contains("AllFiles"))
      J["AllFiles"] = nlohmann::json::array();
    TUFacts F = J.get<TUFacts>();
    std::string Bad = checkFactEnums(F);
    if (Bad.empty())
      return F;
    return llvm::createStringError(std::errc::invalid_argument,
                                   "%s: not valid facts: %s",
                                   Origin.str().c_str(), Bad.c_str());
  } catch (const nlohmann::json::exception &E) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "%s: not valid facts: %s",
                                   Origin.str().c_str(), E.what());
  }
}

} // namespace afalg
