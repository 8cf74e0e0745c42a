#include "Link.h"
#include "AlgorithmCandidates.h"
#include "AlgorithmName.h"
#include "FactGraph.h"
#include "Messages.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <map>
#include <set>

namespace afalg {
namespace {

std::string sessionId(const std::string &RootSite) {
  uint64_t H = llvm::xxh3_64bits(llvm::StringRef(RootSite));
  return "S" + llvm::utohexstr(H, /*LowerCase=*/true).substr(0, 10);
}

class Linker {
public:
  explicit Linker(const std::vector<TUFacts> &TUs) : G(TUs) {}

  ScanResult run() {
    matchAddresses();
    solveSockets();
    ScanResult R;
    for (const Site &S : G.sites())
      if (reported(S))
        R.Findings.push_back(finding(S));
    addWrapperCalls(R.Findings);
    dropDuplicates(R.Findings);
    assignCmsgSessions(R.Findings);
    buildSessions(R);
    std::sort(R.Findings.begin(), R.Findings.end(),
              [](const Finding &A, const Finding &B) {
                return std::tie(A.Loc, A.Rule, A.Message) <
                       std::tie(B.Loc, B.Rule, B.Message);
              });
    return R;
  }

  std::vector<Key> relevantKeys() {
    matchAddresses();
    solveSockets();
    std::set<Key> Out;
    for (const auto &[K, Sites] : Roots)
      if (!Sites.empty())
        Out.insert(G.name(K));
    auto Backward = [&](const Key &K) {
      for (int N : G.backward(G.find(K)))
        Out.insert(G.name(N));
    };
    for (const Site &S : G.sites()) {
      if (S.Rule == RuleId::Sockaddr) {
        // Twice aliases()'s depth, from the sockaddr's side: a bind() in
        // another TU whose address aliases this object within that depth
        // is found from either end.
        if (!S.AddrKey.empty())
          for (const Key &A : G.aliases(S.AddrKey, 8))
            Out.insert(A);
        for (const Key &K : S.AlgTypeKeys)
          Backward(K);
        for (const Key &K : S.AlgNameKeys)
          Backward(K);
      }
      if (S.Kind == SiteKind::DomainParam)
        Backward(S.DomainKey);
      if (S.Callee == "splice" && !S.InKey.empty())
        Out.insert(S.InKey);
    }
    Out.erase("");
    return std::vector<Key>(Out.begin(), Out.end());
  }

private:
  /// For every socket() site, the keys its socket (and the operation
  /// sockets accepted from it) can reach. A wrapper's return value flows
  /// back only into the calls that gave it this socket: when the socket
  /// entered the wrapper through parameter i, into calls whose argument i
  /// holds it; when the wrapper made it from a domain parameter, into calls
  /// that pass AF_ALG there.
  void solveSockets() {
    AcceptsByFd.clear();
    for (const Site &S : G.sites())
      if (S.Kind == SiteKind::Accept)
        AcceptsByFd[G.find(S.FdKey)].push_back(&S);
    for (const Site &S : G.sites())
      if (S.Rule == RuleId::Socket && !S.ResultKey.empty() && reported(S))
        propagate(S, {G.find(S.ResultKey)}, /*OnlyUnrooted=*/false);
    solveEvidence();
  }

  /// Roots at Root every key its socket reaches from Start: value flow,
  /// operation sockets accept()ed from it, and the results of the calls a
  /// wrapper returned it to (entersCall). OnlyUnrooted: stop at keys some
  /// other root reached (what is beyond them is rooted already).
  void propagate(const Site &Root, std::vector<int> Work, bool OnlyUnrooted) {
    std::vector<char> Reached(G.size(), 0);
    std::vector<int> Returns;
    std::set<Key> Entered;
    bool Changed = true;
    while (Changed) {
      while (!Work.empty()) {
        int K = Work.back();
        Work.pop_back();
        if (K < 0 || Reached[K])
          continue;
        Reached[K] = 1;
        std::set<std::string> &R = Roots[K];
        if (OnlyUnrooted && !R.empty() && !R.count(Root.Id))
          continue;
        R.insert(Root.Id);
        for (int M : G.successors(K))
          Work.push_back(M);
        if (auto It = AcceptsByFd.find(K); It != AcceptsByFd.end())
          for (const Site *A : It->second)
            Work.push_back(G.find(A->ResultKey));
        // An accept() wrapper whose body is not in the scan (a library's,
        // or a file not given): its result is an operation socket.
        for (const CallFact *C : G.bodilessCallsWithArg(K))
          if (llvm::StringRef(C->CalleeName).contains_insensitive("accept"))
            Work.push_back(G.find(C->Result));
        if (G.name(K).rfind("r:", 0) == 0)
          Returns.push_back(K);
      }
      Changed = false;
      for (int R : Returns)
        for (const CallFact &C : G.callsReturning(R))
          if (!Entered.count(C.Result) &&
              entersCall(Root, G.name(R), C, Reached)) {
            Entered.insert(C.Result);
            Work.push_back(G.find(C.Result));
            Changed = true;
          }
    }
  }

  /// A socket made where the scan cannot see it (a parameter, a library
  /// wrapper without a body, a file outside the scan) is still known to
  /// be AF_ALG by what is done to it: bind() to a sockaddr_alg and
  /// setsockopt(SOL_ALG) work on nothing else. Such a site roots what the
  /// storage its fd came from reaches, where no socket() call does. In
  /// site id order: which site roots a key must not depend on the order
  /// the TUs were extracted in.
  void solveEvidence() {
    std::vector<const Site *> Evidence;
    for (const Site &S : G.sites()) {
      bool Bound = S.Rule == RuleId::Bind &&
                   (S.Kind == SiteKind::Direct || BindAddrs.count(S.Id));
      bool SolAlg = S.Rule == RuleId::Setsockopt && S.Kind == SiteKind::Direct;
      if ((Bound || SolAlg) && !rootsOf(S.FdKey))
        Evidence.push_back(&S);
    }
    std::sort(Evidence.begin(), Evidence.end(),
              [](const Site *A, const Site *B) { return A->Id < B->Id; });
    for (const Site *S : Evidence)
      propagate(*S, storageOf(G.find(S->FdKey)), /*OnlyUnrooted=*/true);
  }

  /// Where the fd a site uses was read from: the site's use key's sources,
  /// and through local variables further back, up to (and including) the
  /// first parameter, field, global or call result. Not past a parameter:
  /// what one caller passes says nothing about another's socket.
  std::vector<int> storageOf(int Use) const {
    std::vector<int> Out, Work;
    if (Use < 0)
      return Out;
    Work = G.predecessors(Use);
    std::set<int> Seen;
    while (!Work.empty()) {
      int K = Work.back();
      Work.pop_back();
      if (!Seen.insert(K).second)
        continue;
      Out.push_back(K);
      llvm::StringRef Name = G.name(K);
      bool Local = Name.starts_with("v:") &&
                   (Name.contains("@F@") || Name.contains("@FT@"));
      if (Local)
        for (int P : G.predecessors(K))
          Work.push_back(P);
    }
    return Out;
  }

  bool entersCall(const Site &Socket, const Key &Return, const CallFact &C,
                  const std::vector<char> &Reached) const {
    std::string Params = "p:" + Return.substr(2) + "#";
    if (Socket.Kind == SiteKind::DomainParam && Socket.FunctionKey == Return) {
      for (unsigned I : C.AfAlgArgs)
        if (Socket.DomainKey == Params + std::to_string(I))
          return true;
      return false;
    }
    bool ViaParam = false;
    for (size_t I = 0; I < C.Args.size(); ++I) {
      int P = G.find(Params + std::to_string(I));
      if (P < 0 || !Reached[P])
        continue;
      ViaParam = true;
      int A = G.find(C.Args[I]);
      if (A >= 0 && Reached[A])
        return true;
    }
    return !ViaParam;
  }

  /// Links each sockaddr object to the bind() calls that pass it.
  void matchAddresses() {
    std::map<Key, std::vector<const Site *>> ByAddr;
    for (const Site &S : G.sites())
      if (S.Rule == RuleId::Sockaddr && !S.AddrKey.empty())
        ByAddr[S.AddrKey].push_back(&S);
    for (const Site &S : G.sites()) {
      bool Compat = S.Kind == SiteKind::Compat;
      if ((S.Rule != RuleId::Bind && !Compat) || S.AddrKey.empty())
        continue;
      for (const Key &A : G.aliases(S.AddrKey))
        if (auto It = ByAddr.find(A); It != ByAddr.end())
          for (const Site *SA : It->second) {
            if (Compat) {
              CompatAddrs.insert(SA->Id);
              continue;
            }
            BindAddrs[S.Id].push_back(SA);
            AddrBinds[SA->Id].push_back(&S);
          }
    }
  }

  const std::set<std::string> *rootsOf(const Key &K) const {
    auto It = Roots.find(G.find(K));
    return It == Roots.end() || It->second.empty() ? nullptr : &It->second;
  }

  bool pipeFeedsAfAlg(const Site &Feed) const {
    if (Feed.InKey.empty())
      return false;
    for (const Site &S : G.sites())
      if (S.Callee == "splice" && S.InKey == Feed.InKey && rootsOf(S.FdKey))
        return true;
    return false;
  }

  bool reported(const Site &S) const {
    switch (S.Kind) {
    case SiteKind::Direct:
      // A sockaddr_alg handed only to the compat runtime no longer reaches
      // the kernel (code already rewritten).
      return !(S.Rule == RuleId::Sockaddr && CompatAddrs.count(S.Id) &&
               !AddrBinds.count(S.Id));
    case SiteKind::FdUse:
    case SiteKind::Accept:
    case SiteKind::WrapperCall:
      return rootsOf(S.FdKey) ||
             (S.Rule == RuleId::Bind && BindAddrs.count(S.Id));
    case SiteKind::PipeFeed:
      return rootsOf(S.FdKey) || pipeFeedsAfAlg(S);
    case SiteKind::DomainParam:
      return G.afAlgReaches(S.DomainKey);
    case SiteKind::Compat:
      return false;
    }
    return false;
  }

  std::string sessionOf(const Site &S) const {
    if (S.Rule == RuleId::Socket)
      return sessionId(S.Id);
    const std::set<std::string> *R = rootsOf(S.FdKey);
    if (!R && S.Kind == SiteKind::PipeFeed)
      for (const Site &Sp : G.sites())
        if (Sp.Callee == "splice" && Sp.InKey == S.InKey &&
            (R = rootsOf(Sp.FdKey)))
          break;
    if (!R && S.Rule == RuleId::Sockaddr)
      if (auto It = AddrBinds.find(S.Id); It != AddrBinds.end())
        for (const Site *B : It->second)
          if ((R = rootsOf(B->FdKey)))
            break;
    return R ? sessionId(*R->begin()) : "";
  }

  std::vector<Algorithm> algorithmsOf(const Site &S) const {
    if (S.Rule == RuleId::Sockaddr)
      return algorithmCandidates(S, G);
    std::vector<Algorithm> Out;
    if (!S.Alg.empty())
      Out.push_back(S.Alg);
    if (auto It = BindAddrs.find(S.Id); It != BindAddrs.end())
      for (const Site *A : It->second)
        for (const Algorithm &Alg : algorithmCandidates(*A, G))
          Out.push_back(Alg);
    return Out;
  }

  Finding finding(const Site &S) {
    Finding F;
    F.Rule = S.Rule;
    F.Level = ruleInfo(S.Rule).DefaultSeverity;
    F.Conf = S.Conf;
    F.Loc = S.Loc;
    F.Function = S.Function;
    F.Session = sessionOf(S);
    F.Callee = S.Callee;
    F.CalleeLoc = S.CalleeLoc;
    F.CalleeInMacro = S.CalleeInMacro;
    std::vector<Algorithm> Algs = algorithmsOf(S);
    std::sort(Algs.begin(), Algs.end());
    Algs.erase(std::unique(Algs.begin(), Algs.end()), Algs.end());
    // One algorithm, or none named: a helper shared by sessions of many
    // algorithms is not "bound to" the first of them (the session lists
    // them all).
    if (Algs.size() == 1)
      F.Alg = Algs.front();
    if (!F.Session.empty())
      SessionAlgs[F.Session].insert(Algs.begin(), Algs.end());
    // The message needs the session's algorithms, known only once every
    // finding exists; keep its ingredients until buildSessions.
    F.Message = S.Callee + "\x1f" + S.Note;
    return F;
  }

  /// The calls a thin wrapper can stand for: I/O, zero-copy, and
  /// setsockopt (SAFE_SETSOCKOPT(fd, SOL_ALG, ...) spells the level at the
  /// call site). bind and accept wrappers are reported inside only: their
  /// call sites are neither bind() nor accept() (DESIGN §2).
  static bool isWrappedCall(const Site &S) {
    return S.Kind == SiteKind::FdUse &&
           (S.Rule == RuleId::Io || S.Rule == RuleId::Zerocopy ||
            S.Rule == RuleId::Setsockopt);
  }

  /// A thin wrapper (a small function whose fd parameter reaches exactly
  /// one such call) hides the use from its callers: report each call that
  /// passes it an AF_ALG socket, besides the call inside.
  void addWrapperCalls(std::vector<Finding> &Fs) {
    constexpr unsigned ThinWrapperSize = 80;
    for (const auto &[Fn, Size] : G.functionSizes()) {
      if (Size > ThinWrapperSize)
        continue;
      const std::vector<CallFact> &Calls = G.callsReturning(G.find(Fn));
      if (Calls.empty())
        continue;
      std::string Params = "p:" + Fn.substr(2) + "#";
      for (unsigned I = 0; I < 8; ++I) {
        int P = G.find(Params + std::to_string(I));
        if (P < 0)
          continue;
        std::vector<int> Reach = G.reach(P);
        std::set<int> Reachable(Reach.begin(), Reach.end());
        const Site *Sink = nullptr;
        unsigned Sinks = 0;
        for (const Site &S : G.sites())
          if (S.FunctionKey == Fn && isWrappedCall(S) &&
              Reachable.count(G.find(S.FdKey)))
            Sink = &S, ++Sinks;
        if (Sinks != 1)
          continue;
        for (const CallFact &C : Calls) {
          // The wrapper calling itself is recursion, not a use from outside.
          if (C.Loc.File.empty() || I >= C.Args.size() ||
              C.Function == C.CalleeName)
            continue;
          const std::set<std::string> *R = rootsOf(C.Args[I]);
          if (!R)
            continue;
          Finding F;
          F.Rule = Sink->Rule;
          F.Level = ruleInfo(Sink->Rule).DefaultSeverity;
          F.Loc = C.Loc;
          F.Function = C.Function;
          F.Session = sessionId(*R->begin());
          F.Message = C.CalleeName + "\x1f" + Sink->Callee;
          Fs.push_back(std::move(F));
        }
      }
    }
  }

  /// A construct the AST saw and the token scan of a damaged file saw again
  /// is one finding: keep the most confident.
  static void dropDuplicates(std::vector<Finding> &Fs) {
    std::map<std::tuple<std::string, unsigned, RuleId>, size_t> Best;
    std::vector<Finding> Out;
    for (Finding &F : Fs) {
      auto [It, New] =
          Best.try_emplace({F.Loc.File, F.Loc.Line, F.Rule}, Out.size());
      if (New)
        Out.push_back(std::move(F));
      else if (F.Conf > Out[It->second].Conf)
        Out[It->second] = std::move(F);
    }
    Fs = std::move(Out);
  }

  /// Control messages are built beside the sendmsg() they travel with; give
  /// them the session of the one AF_ALG socket their function writes to.
  void assignCmsgSessions(std::vector<Finding> &Fs) {
    std::map<std::pair<std::string, std::string>, std::set<std::string>> Io;
    for (const Finding &F : Fs)
      if (F.Rule == RuleId::Io && !F.Session.empty())
        Io[{F.Loc.File, F.Function}].insert(F.Session);
    std::set<std::pair<std::string, std::string>> CompatFunctions;
    for (const Site &S : G.sites())
      if (S.Kind == SiteKind::Compat)
        CompatFunctions.insert({S.Loc.File, S.Function});
    for (Finding &F : Fs) {
      if (F.Rule != RuleId::Cmsg || !F.Session.empty())
        continue;
      auto It = Io.find({F.Loc.File, F.Function});
      if (It != Io.end() && It->second.size() == 1)
        F.Session = *It->second.begin();
    }
    // Control messages built for the compat runtime's sendmsg, in a
    // function with no AF_ALG I/O left, are not kernel uses any more.
    Fs.erase(
        std::remove_if(Fs.begin(), Fs.end(),
                       [&](const Finding &F) {
                         return F.Rule == RuleId::Cmsg && F.Session.empty() &&
                                !Io.count({F.Loc.File, F.Function}) &&
                                CompatFunctions.count({F.Loc.File, F.Function});
                       }),
        Fs.end());
  }

  void buildSessions(ScanResult &R) {
    std::map<std::string, Session> Sessions;
    for (Finding &F : R.Findings) {
      if (F.Session.empty())
        continue;
      Session &S = Sessions[F.Session];
      S.Id = F.Session;
      if (!F.Function.empty())
        S.Functions.push_back(F.Function);
      S.Files.push_back(F.Loc.File);
    }
    for (auto &[Id, S] : Sessions) {
      auto It = SessionAlgs.find(Id);
      if (It != SessionAlgs.end())
        S.Algorithms.assign(It->second.begin(), It->second.end());
      for (const Algorithm &A : S.Algorithms)
        if (A.Type == "aead")
          S.CopyFailShape = true;
    }
    for (Finding &F : R.Findings) {
      llvm::StringRef Packed = F.Message;
      auto [CalleeName, Note] = Packed.split('\x1f');
      const Session *S = nullptr;
      if (!F.Session.empty())
        S = &Sessions[F.Session];
      if (F.Alg.empty() && S && S->Algorithms.size() == 1)
        F.Alg = S->Algorithms.front();
      bool CopyFail = S && S->CopyFailShape && F.Rule == RuleId::Zerocopy;
      if (CopyFail)
        F.Level = Severity::Error;
      F.Message = describe(F, CalleeName.str(), Note.str(), S, CopyFail);
    }
    for (auto &[Id, S] : Sessions) {
      bool Fed = false;
      for (const Finding &F : R.Findings)
        if (F.Session == Id && F.Rule == RuleId::Zerocopy) {
          Fed = true;
          S.Level = std::max(S.Level, F.Level);
        }
      S.CopyFailShape = S.CopyFailShape && Fed;
      if (S.CopyFailShape)
        S.Level = Severity::Error;
      auto Uniq = [](std::vector<std::string> &V) {
        std::sort(V.begin(), V.end());
        V.erase(std::unique(V.begin(), V.end()), V.end());
      };
      Uniq(S.Functions);
      Uniq(S.Files);
      R.Sessions.push_back(S);
    }
  }

  FactGraph G;
  std::map<int, std::set<std::string>> Roots;
  std::map<int, std::vector<const Site *>> AcceptsByFd;
  std::map<std::string, std::vector<const Site *>> BindAddrs, AddrBinds;
  std::map<std::string, std::set<Algorithm>> SessionAlgs;
  std::set<std::string> CompatAddrs;
};

} // namespace

std::vector<Key> relevantKeys(const std::vector<TUFacts> &TUs) {
  return Linker(TUs).relevantKeys();
}

ScanResult link(const std::vector<TUFacts> &TUs) {
  ScanResult R = Linker(TUs).run();
  for (const TUFacts &TU : TUs)
    for (const auto &[File, Hash] : TU.FileHashes)
      R.FileHashes.emplace(File, Hash);
  return R;
}

} // namespace afalg
