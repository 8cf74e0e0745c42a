#ifndef AFALG_MODEL_FACTGRAPH_H
#define AFALG_MODEL_FACTGRAPH_H

#include "Facts.h"
#include "llvm/ADT/StringMap.h"
#include <map>
#include <set>
#include <vector>

namespace afalg {

/// Merged facts with keys interned, and the reachability questions the link
/// step asks of them.
class FactGraph {
public:
  explicit FactGraph(const std::vector<TUFacts> &TUs);

  const std::vector<Site> &sites() const { return Sites; }
  size_t size() const { return Names.size(); }
  /// Index of K, or -1 when no fact mentions it.
  int find(const Key &K) const;
  /// Every key reachable from K along value flow (K included).
  std::vector<int> reach(int From) const;
  /// Every key whose values can flow into K (K included).
  std::vector<int> backward(int From) const;
  /// The string constants that may be stored in K.
  std::set<std::string> stringsAt(const Key &K) const;
  /// Whether the AF_ALG family constant can be stored in K.
  bool afAlgReaches(const Key &K) const;
  /// Keys that name the same object as K (address-of aliasing and pointer
  /// copies, in both directions), K included.
  std::set<Key> aliases(const Key &K, unsigned MaxDepth = 4) const;
  const Key &name(int I) const { return Names[I]; }
  /// Project calls whose callee returns through return key R ("r:...").
  const std::vector<CallFact> &callsReturning(int R) const;
  /// Calls of functions whose body no TU has, by the keys of their
  /// arguments.
  const std::vector<const CallFact *> &bodilessCallsWithArg(int K) const;
  const std::vector<int> &successors(int I) const { return Out[I]; }
  const std::vector<int> &predecessors(int I) const { return In[I]; }
  /// Statements in each function with a body, by "r:" key.
  const std::map<Key, unsigned> &functionSizes() const { return Sizes; }

private:
  int intern(const Key &K);
  std::vector<Site> Sites;
  std::vector<Key> Names;
  llvm::StringMap<int> Ids;
  std::vector<std::vector<int>> Out, In;
  std::vector<std::vector<std::string>> StringsAt; // direct facts per key
  std::vector<char> AfAlgAt;
  std::map<int, std::vector<CallFact>> CallsByReturn;
  std::map<int, std::vector<const CallFact *>> BodilessByArg;
  std::map<Key, unsigned> Sizes;
};

} // namespace afalg

#endif
