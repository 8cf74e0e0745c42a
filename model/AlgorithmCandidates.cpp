#include "AlgorithmCandidates.h"
#include "AlgorithmName.h"
#include <set>

namespace afalg {

std::vector<Algorithm> algorithmCandidates(const Site &S, const FactGraph &G) {
  std::set<std::string> Types, Names;
  if (!S.Alg.Type.empty())
    Types.insert(S.Alg.Type);
  if (!S.Alg.Name.empty())
    Names.insert(S.Alg.Name);
  for (const Key &K : S.AlgTypeKeys)
    for (const std::string &V : G.stringsAt(K))
      Types.insert(V);
  for (const Key &K : S.AlgNameKeys)
    for (const std::string &V : G.stringsAt(K))
      Names.insert(V);
  std::vector<Algorithm> Out;
  // Type and name from a table of rows cannot be crossed freely: pair each
  // name with the type its grammar implies, when that type is a candidate.
  if (Types.size() > 1 && Names.size() > 1) {
    for (const std::string &N : Names) {
      std::string T = socketTypeOf(N);
      Out.push_back({Types.count(T) ? T : "", N});
    }
    return Out;
  }
  if (Types.empty())
    Types.insert("");
  if (Names.empty())
    Names.insert("");
  for (const std::string &T : Types)
    for (const std::string &N : Names)
      if (!T.empty() || !N.empty())
        Out.push_back({T, N});
  return Out;
}

} // namespace afalg
