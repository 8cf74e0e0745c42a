#include "FactGraph.h"
#include "llvm/ADT/StringMap.h"
#include <algorithm>
#include <deque>

namespace afalg {

FactGraph::FactGraph(const std::vector<TUFacts> &TUs) {
  // A header's sites arrive once per TU that includes it; keep one, the
  // most confident.
  llvm::StringMap<size_t> SiteIndex;
  std::vector<Edge> Edges;
  std::vector<StringFact> Strings;
  std::vector<Key> AfAlgKeys;
  std::map<Key, CallFact> Calls; // keyed by result: headers repeat them
  for (const TUFacts &TU : TUs) {
    for (const CallFact &C : TU.Calls)
      Calls.emplace(C.Result, C);
    for (const auto &[F, N] : TU.FunctionSizes)
      Sizes[F] = std::max(Sizes[F], N);
    for (const Site &S : TU.Sites) {
      auto [It, New] = SiteIndex.try_emplace(S.Id, Sites.size());
      if (New)
        Sites.push_back(S);
      else if (S.Conf > Sites[It->second].Conf)
        Sites[It->second] = S;
    }
    Edges.insert(Edges.end(), TU.Edges.begin(), TU.Edges.end());
    Strings.insert(Strings.end(), TU.Strings.begin(), TU.Strings.end());
    for (const Key &K : TU.AfAlgConstants)
      AfAlgKeys.push_back(K);
  }
  std::sort(Sites.begin(), Sites.end(),
            [](const Site &A, const Site &B) { return A.Id < B.Id; });
  std::sort(Edges.begin(), Edges.end());
  Edges.erase(std::unique(Edges.begin(), Edges.end()), Edges.end());
  std::sort(Strings.begin(), Strings.end());
  Strings.erase(std::unique(Strings.begin(), Strings.end()), Strings.end());
  for (const Edge &E : Edges) {
    int F = intern(E.From), T = intern(E.To);
    Out[F].push_back(T);
    In[T].push_back(F);
  }
  // A site's fd may take part in no edge (a parameter used in place):
  // it is still a node, for the link step to root and reach.
  for (const Site &S : Sites)
    for (const Key *K : {&S.FdKey, &S.ResultKey})
      if (!K->empty())
        intern(*K);
  for (const StringFact &S : Strings)
    StringsAt[intern(S.Where)].push_back(S.Value);
  for (const Key &K : AfAlgKeys)
    AfAlgAt[intern(K)] = 1;
  for (auto &[R, C] : Calls) {
    intern(C.Result);
    CallsByReturn[intern(C.Callee)].push_back(C);
  }
  // After every push_back above: the pointers must stay valid.
  for (auto &[R, Cs] : CallsByReturn)
    for (const CallFact &C : Cs)
      if (!Sizes.count(C.Callee))
        for (const Key &A : C.Args)
          if (!A.empty())
            BodilessByArg[intern(A)].push_back(&C);
}

const std::vector<const CallFact *> &
FactGraph::bodilessCallsWithArg(int K) const {
  static const std::vector<const CallFact *> None;
  auto It = BodilessByArg.find(K);
  return It == BodilessByArg.end() ? None : It->second;
}

const std::vector<CallFact> &FactGraph::callsReturning(int R) const {
  static const std::vector<CallFact> None;
  auto It = CallsByReturn.find(R);
  return It == CallsByReturn.end() ? None : It->second;
}

int FactGraph::intern(const Key &K) {
  auto [It, New] = Ids.try_emplace(K, static_cast<int>(Names.size()));
  if (New) {
    Names.push_back(K);
    Out.emplace_back();
    In.emplace_back();
    StringsAt.emplace_back();
    AfAlgAt.push_back(0);
  }
  return It->second;
}

int FactGraph::find(const Key &K) const {
  auto It = Ids.find(K);
  return It == Ids.end() ? -1 : It->second;
}

std::vector<int> FactGraph::reach(int From) const {
  std::vector<int> Seen;
  if (From < 0)
    return Seen;
  std::vector<char> Mark(Names.size(), 0);
  std::deque<int> Work{From};
  Mark[From] = 1;
  while (!Work.empty()) {
    int N = Work.front();
    Work.pop_front();
    Seen.push_back(N);
    for (int M : Out[N])
      if (!Mark[M]) {
        Mark[M] = 1;
        Work.push_back(M);
      }
  }
  return Seen;
}

std::vector<int> FactGraph::backward(int From) const {
  std::vector<int> Seen;
  if (From < 0)
    return Seen;
  std::vector<char> Mark(Names.size(), 0);
  std::deque<int> Work{From};
  Mark[From] = 1;
  while (!Work.empty()) {
    int N = Work.front();
    Work.pop_front();
    Seen.push_back(N);
    for (int M : In[N])
      if (!Mark[M]) {
        Mark[M] = 1;
        Work.push_back(M);
      }
  }
  return Seen;
}

std::set<std::string> FactGraph::stringsAt(const Key &K) const {
  std::set<std::string> Result;
  for (int N : backward(find(K)))
    Result.insert(StringsAt[N].begin(), StringsAt[N].end());
  return Result;
}

bool FactGraph::afAlgReaches(const Key &K) const {
  for (int N : backward(find(K)))
    if (AfAlgAt[N])
      return true;
  return false;
}

std::set<Key> FactGraph::aliases(const Key &K, unsigned MaxDepth) const {
  std::set<Key> Seen{K};
  std::vector<Key> Frontier{K};
  for (unsigned D = 0; D < MaxDepth && !Frontier.empty(); ++D) {
    std::vector<Key> Next;
    auto Visit = [&](const Key &N) {
      if (Seen.insert(N).second)
        Next.push_back(N);
    };
    for (const Key &N : Frontier) {
      auto Neighbours = [&](const Key &X, const std::string &Prefix) {
        int I = find(X);
        if (I < 0)
          return;
        for (int M : Out[I])
          Visit(Prefix + Names[M]);
        for (int M : In[I])
          Visit(Prefix + Names[M]);
      };
      Neighbours(N, "");
      // Two pointers that hold the same value point to the same object.
      if (N.size() > 1 && N[0] == '*')
        Neighbours(N.substr(1), "*");
    }
    Frontier = std::move(Next);
  }
  return Seen;
}

} // namespace afalg
