#include "FactsJson.h"
#include "FactsBinary.h"
#include "JsonBytes.h"
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

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

/// Every number in facts is an unsigned 32-bit value (lines, columns,
/// sizes, argument indexes, enums). nlohmann converts any JSON number to
/// the field's type with a cast, undefined for 1e73 into unsigned (found
/// by tests/fuzz/facts.cpp): such a number is refused first. Iterative:
/// shard files come from elsewhere and may nest deeply.
static std::string checkNumbers(const nlohmann::json &J) {
  std::vector<const nlohmann::json *> Work{&J};
  while (!Work.empty()) {
    const nlohmann::json *V = Work.back();
    Work.pop_back();
    if (V->is_number_float() ||
        (V->is_number_integer() && !V->is_number_unsigned()) ||
        (V->is_number_unsigned() &&
         V->get<uint64_t>() > std::numeric_limits<uint32_t>::max()))
      return "a number is not a 32-bit unsigned integer: " + V->dump();
    if (V->is_structured())
      for (const nlohmann::json &C : *V)
        Work.push_back(&C);
  }
  return "";
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
    if (std::string Bad = checkNumbers(J); !Bad.empty())
      return llvm::createStringError(std::errc::invalid_argument,
                                     "%s: not valid facts: %s",
                                     Origin.str().c_str(), Bad.c_str());
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
