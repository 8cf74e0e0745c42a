#include "TokenScan.h"
#include "TokenLex.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;

namespace afalg {
namespace {

using namespace tokens;

class Scanner {
public:
  Scanner(std::vector<Tok> T) : T(std::move(T)) {}

  /// Names declared as sockaddr_alg anywhere in the file (a variable may be
  /// declared in active code and used in an inactive branch).
  void collectAlgVars(const std::vector<Tok> &All) {
    for (size_t I = 0; I + 1 < All.size(); ++I) {
      if (!All[I].is("sockaddr_alg") && !All[I].is("sockaddr_alg_new"))
        continue;
      size_t J = I + 1;
      while (J < All.size() && All[J].is("*"))
        ++J;
      if (J < All.size() && All[J].IsIdent())
        AlgVars.insert(All[J].Text);
    }
  }

  std::vector<TokenHit> run(const std::vector<Tok> &All) {
    Scopes = blocksOf(T);
    collectSocketNames(T, /*MembersOnly=*/false);
    collectSocketNames(All, /*MembersOnly=*/true);
    collectSplicedPipes();
    for (size_t I = 0; I < T.size(); ++I)
      if (T[I].IsIdent()) {
        at(I);
        fdUse(I);
      }
    return std::move(Hits);
  }

private:
  void hit(RuleId R, size_t I, Algorithm A = {}) {
    Hits.push_back({R, T[I].Offset,
                    T[I].Offset + static_cast<unsigned>(T[I].Text.size()), A,
                    T[I].IsIdent() ? T[I].Text : ""});
  }

  void at(size_t I) {
    const Tok &K = T[I];
    if (K.is("socket") && isCallStart(T, I)) {
      auto A = args(T, I + 1);
      if (!A.empty() && argIs(T, A[0], {"AF_ALG", "PF_ALG", "38", "0x26"}))
        hit(RuleId::Socket, I);
    } else if (K.is("syscall") && isCallStart(T, I)) {
      auto A = args(T, I + 1);
      if (A.size() >= 2 && argIs(T, A[0], {"SYS_socket", "__NR_socket"}) &&
          argIs(T, A[1], {"AF_ALG", "PF_ALG", "38", "0x26"}))
        hit(RuleId::Socket, I);
    } else if (K.is("setsockopt") && isCallStart(T, I)) {
      auto A = args(T, I + 1);
      if (A.size() >= 2 && argIs(T, A[1], {"SOL_ALG", "279"}))
        hit(RuleId::Setsockopt, I);
    } else if (K.is("bind") && isCallStart(T, I)) {
      auto A = args(T, I + 1);
      if (A.size() >= 2)
        for (size_t J = A[1].first; J < A[1].second; ++J)
          if (T[J].is("sockaddr_alg") || T[J].is("sockaddr_alg_new") ||
              (T[J].IsIdent() && AlgVars.contains(T[J].Text))) {
            hit(RuleId::Bind, I);
            break;
          }
    } else if ((K.is("cmsg_level") || K.is("cmsg_type")) && I > 0 &&
               (T[I - 1].is("->") || T[I - 1].is(".")) && I + 2 < T.size() &&
               T[I + 1].is("=")) {
      bool Level = K.is("cmsg_level");
      const Tok &V = T[I + 2];
      if (Level ? (V.is("SOL_ALG") || V.is("279"))
                : (V.is("ALG_SET_OP") || V.is("ALG_SET_IV") ||
                   V.is("ALG_SET_AEAD_ASSOCLEN")))
        hit(RuleId::Cmsg, firstOfLvalue(I));
    } else if (llvm::StringRef(K.Text).starts_with("kcapi_") &&
               isCallStart(T, I)) {
      // libkcapi's own functions calling each other are not uses of it.
      llvm::StringRef Fn = llvm::StringRef(Scopes.Fn[I]).ltrim('_');
      if (!Fn.starts_with("kcapi_"))
        hit(RuleId::Kcapi, I);
    } else if (K.is("ENGINE_load_afalg") && isCallStart(T, I)) {
      hit(RuleId::OpensslEngine, I);
    } else if (K.is("ENGINE_by_id") && isCallStart(T, I) && I + 3 < T.size() &&
               unquote(T[I + 2]) == "afalg") {
      hit(RuleId::OpensslEngine, I);
    } else if (K.is("OPENSSL_INIT_ENGINE_AFALG")) {
      hit(RuleId::OpensslEngine, I);
    } else if (K.is("sockaddr_alg") || K.is("sockaddr_alg_new")) {
      declaration(I);
    } else if (AlgVars.contains(K.Text)) {
      store(I);
    }
  }

  /// The token naming the variable or field a call's result is assigned
  /// to (`op = accept(`, `ctx->op = RETRY(accept(`, `.tfm = socket(`,
  /// `int fd = socket(`, `ofd = c ? -1 : accept(`), or npos.
  static size_t assignedName(const std::vector<Tok> &T, size_t Call) {
    constexpr size_t None = std::string::npos;
    size_t J = Call;
    while (J > 0 && (T[J - 1].is("(") ||
                     (T[J - 1].IsIdent() && T[J].is("(") && J != Call)))
      --J;
    if (J >= 2 && T[J - 1].is("=") && T[J - 2].IsIdent())
      return J - 2;
    int Depth = 0;
    bool Conditional = false;
    for (J = Call; J-- > 0;) {
      const Tok &K = T[J];
      if (K.is(")") || K.is("]"))
        ++Depth;
      else if (K.is("(") || K.is("["))
        Depth = Depth > 0 ? Depth - 1 : 0; // an enclosing one: go on
      else if (Depth > 0)
        continue;
      else if (K.is("?") || K.is(":"))
        Conditional = true;
      else if (K.is("="))
        return Conditional && J > 0 && T[J - 1].IsIdent() ? J - 1 : None;
      else if (K.is(";") || K.is("{") || K.is("}") || K.is(",") || K.is("&&") ||
               K.is("||") || K.is("return"))
        return None;
    }
    return None;
  }

  /// The name a return statement at Ret gives back, directly or as a
  /// branch of a conditional (`return ofd < 0 ? -EAFNOSUPPORT : ofd;`), or
  /// npos.
  static size_t returnedName(const std::vector<Tok> &T, size_t Ret) {
    int Depth = 0;
    for (size_t J = Ret + 1; J < T.size(); ++J) {
      if (T[J].is("(") || T[J].is("["))
        ++Depth;
      else if (T[J].is(")") || T[J].is("]"))
        --Depth;
      else if (Depth == 0 && (T[J].is(";") || T[J].is("{") || T[J].is("}"))) {
        if (!T[J].is(";") || J == Ret + 1 || !T[J - 1].IsIdent())
          return std::string::npos;
        bool Whole = J == Ret + 2, Branch = T[J - 2].is(":");
        return Whole || Branch ? J - 1 : std::string::npos;
      }
    }
    return std::string::npos;
  }

  /// The last identifier of an argument (`ctx->opfd` → opfd), or npos.
  static size_t argName(const std::vector<Tok> &T,
                        std::pair<size_t, size_t> R) {
    for (size_t J = R.second; J > R.first; --J)
      if (T[J - 1].IsIdent())
        return J - 1;
    return std::string::npos;
  }

  /// What a name at token J stands for: a struct member stands for every
  /// member spelled that way (tokens cannot tell objects apart); any other
  /// name only within its function (each function's `fd` is its own).
  static std::string nameKey(const std::vector<Tok> &T, const Blocks &B,
                             size_t J) {
    if (J == std::string::npos)
      return "";
    if (J > 0 && (T[J - 1].is("->") || T[J - 1].is(".")))
      return T[J].Text;
    return T[J].Text + "#" + std::to_string(B.Id[J]);
  }

  /// Names that hold AF_ALG sockets in Toks (nameKey()): assigned from
  /// socket(AF_ALG, ...), from accept() on such a name, or from a function
  /// that returns one; or bound to a sockaddr_alg, or given SOL_ALG
  /// options. MembersOnly (the rest of the file, for a skipped branch):
  /// every name links the chain, but only struct members are kept
  /// (`ctx->opfd = accept(...)` in active code names the opfd that an
  /// inactive `splice(..., ctx->opfd, ...)` feeds).
  void collectSocketNames(const std::vector<Tok> &Toks, bool MembersOnly) {
    llvm::StringSet<> Chain, Makers;
    for (const auto &N : FdNames)
      if (!MembersOnly || !N.getKey().contains('#'))
        Chain.insert(N.getKey());
    Blocks B = blocksOf(Toks);
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (size_t I = 0; I < Toks.size(); ++I) {
        // A function that returns such a name makes sockets:
        // `int ofd = alg_socket(alg);` in its callers.
        if (Toks[I].is("return") && !B.Fn[I].empty() &&
            Chain.contains(nameKey(Toks, B, returnedName(Toks, I))) &&
            Makers.insert(B.Fn[I]).second)
          Changed = true;
        if (!Toks[I].IsIdent() || !isCallStart(Toks, I))
          continue;
        auto A = args(Toks, I + 1);
        auto ArgKey = [&](size_t K) {
          return K < A.size() ? nameKey(Toks, B, argName(Toks, A[K])) : "";
        };
        bool Source = (Toks[I].is("socket") && !A.empty() &&
                       argIs(Toks, A[0], {"AF_ALG", "PF_ALG", "38", "0x26"})) ||
                      ((Toks[I].is("accept") || Toks[I].is("accept4")) &&
                       Chain.contains(ArgKey(0))) ||
                      Makers.contains(Toks[I].Text);
        std::string N = Source ? nameKey(Toks, B, assignedName(Toks, I)) : "";
        // `return accept4(fd, NULL, 0, SOCK_CLOEXEC);` makes sockets too.
        if (Source) {
          size_t J = I;
          while (J > 0 && Toks[J - 1].is("("))
            --J;
          if (J > 0 && Toks[J - 1].is("return") && !B.Fn[I].empty() &&
              Makers.insert(B.Fn[I]).second)
            Changed = true;
        }
        // What is done to a socket names it too: bind() to a sockaddr_alg
        // and setsockopt(SOL_ALG) work on nothing else.
        if (!Source && A.size() >= 2 &&
            ((Toks[I].is("bind") && namesAlgAddress(Toks, A[1])) ||
             (Toks[I].is("setsockopt") &&
              argIs(Toks, A[1], {"SOL_ALG", "279"}))))
          N = ArgKey(0);
        // A socket passed to a function of this file names its parameter
        // there: `alg_encrypt(fd, ...)` and `int alg_encrypt(int fd, ...)`.
        if (auto F = B.Functions.find(Toks[I].Text);
            !Source && F != B.Functions.end())
          for (size_t K = 0; K < A.size() && K < F->second.Params.size(); ++K)
            if (!F->second.Params[K].empty() && Chain.contains(ArgKey(K)) &&
                Chain
                    .insert(F->second.Params[K] + "#" +
                            std::to_string(F->second.Block))
                    .second) {
              Changed = true;
              if (!MembersOnly)
                FdNames.insert(F->second.Params[K] + "#" +
                               std::to_string(F->second.Block));
            }
        if (N.empty() || !Chain.insert(N).second)
          continue;
        Changed = true;
        if (!MembersOnly || !llvm::StringRef(N).contains('#'))
          FdNames.insert(N);
      }
    }
  }

  /// Pipes spliced into one of those names: `splice(p[0], ..., opfd, ...)`
  /// makes a vmsplice() into p a feed of the AF_ALG socket (Copy Fail).
  void collectSplicedPipes() {
    for (size_t I = 0; I < T.size(); ++I) {
      if (!T[I].is("splice") || !isCallStart(T, I))
        continue;
      auto A = args(T, I + 1);
      if (A.size() >= 3 && FdNames.contains(key(argName(T, A[2]))))
        if (std::string P = key(argName(T, A[0])); !P.empty())
          Pipes.insert(P);
    }
  }

  /// Whether a bind() address argument spells a sockaddr_alg (the type in
  /// a cast, or a variable declared with it).
  bool namesAlgAddress(const std::vector<Tok> &Toks,
                       std::pair<size_t, size_t> R) const {
    for (size_t J = R.first; J < R.second; ++J)
      if (Toks[J].is("sockaddr_alg") || Toks[J].is("sockaddr_alg_new") ||
          (Toks[J].IsIdent() && AlgVars.contains(Toks[J].Text)))
        return true;
    return false;
  }

  /// accept/bind/I-O/zero-copy calls whose fd is one of those names.
  void fdUse(size_t I) {
    if (FdNames.empty() || !isCallStart(T, I))
      return;
    if (T[I].is("vmsplice")) {
      auto A = args(T, I + 1);
      if (!A.empty() && Pipes.contains(key(argName(T, A[0]))))
        hit(RuleId::Zerocopy, I);
      return;
    }
    llvm::StringRef N = T[I].Text;
    int FdArg = -1;
    RuleId Rule = RuleId::Io;
    if (N == "accept" || N == "accept4")
      FdArg = 0, Rule = RuleId::Accept;
    else if (N == "bind")
      FdArg = 0, Rule = RuleId::Bind;
    else if (N == "send" || N == "sendto" || N == "sendmsg" || N == "write" ||
             N == "writev" || N == "read" || N == "readv" || N == "recv" ||
             N == "recvfrom" || N == "recvmsg")
      FdArg = 0;
    else if (N == "splice")
      FdArg = 2, Rule = RuleId::Zerocopy;
    else if (N == "sendfile" || N == "sendfile64")
      FdArg = 0, Rule = RuleId::Zerocopy;
    else if (N == "tee")
      FdArg = 1, Rule = RuleId::Zerocopy;
    if (FdArg < 0)
      return;
    auto A = args(T, I + 1);
    if (static_cast<size_t>(FdArg) >= A.size() ||
        !FdNames.contains(key(argName(T, A[FdArg]))))
      return;
    for (const TokenHit &H : Hits)
      if (H.Rule == Rule && H.Offset == T[I].Offset)
        return;
    hit(Rule, I);
  }

  /// The start of `a->b.cmsg_level`: the statement's first token.
  size_t firstOfLvalue(size_t I) {
    while (I >= 2 && (T[I - 1].is("->") || T[I - 1].is(".")) &&
           T[I - 2].IsIdent())
      I -= 2;
    return I;
  }

  /// `struct sockaddr_alg sa = { .salg_type = "hash", ... };`
  void declaration(size_t I) {
    size_t Start = I > 0 && T[I - 1].is("struct") ? I - 1 : I;
    if (Start > 0 && (T[Start - 1].is("const") || T[Start - 1].is("static")))
      Start = Start - 1;
    size_t J = I + 1;
    if (J + 2 >= T.size() || !T[J].IsIdent() || !T[J + 1].is("=") ||
        !T[J + 2].is("{"))
      return;
    Algorithm A;
    bool Filled = false;
    int Depth = 0;
    for (size_t K = J + 2; K < T.size(); ++K) {
      if (T[K].is("{"))
        ++Depth;
      else if (T[K].is("}") && --Depth == 0)
        break;
      else if (T[K].is("salg_type") || T[K].is("salg_name")) {
        Filled = true;
        if (K + 2 < T.size() && T[K + 1].is("="))
          (T[K].is("salg_type") ? A.Type : A.Name) = unquote(T[K + 2]);
      } else if (T[K].Kind == tok::string_literal ||
                 (T[K].Kind == tok::numeric_constant && !T[K].is("0")) ||
                 T[K].is("AF_ALG") || T[K].is("PF_ALG")) {
        Filled = true;
      }
    }
    if (!Filled)
      return;
    Declared.insert(scoped(J));
    hit(RuleId::Sockaddr, Start, A);
  }

  /// `sa.salg_x = ...;` or `strcpy((char *)sa.salg_name, "...")`: the first
  /// store into an object that was not filled by its declaration.
  void store(size_t I) {
    if (I + 2 >= T.size() || !(T[I + 1].is(".") || T[I + 1].is("->")) ||
        !llvm::StringRef(T[I + 2].Text).starts_with("salg_"))
      return;
    // Only a variable at the root of the lvalue names an object (`u.alg.x`
    // is u's member, not a variable called alg).
    if (Declared.contains(scoped(I)) ||
        (I > 0 &&
         (T[I - 1].is("sizeof") || T[I - 1].is(".") || T[I - 1].is("->"))))
      return;
    size_t CallAt = SIZE_MAX;
    for (size_t K = I; K > 0 && I - K < 6; --K)
      if (T[K - 1].is("(") && K >= 2 && T[K - 2].IsIdent()) {
        CallAt = K - 2;
        break;
      }
    bool Assign = I + 3 < T.size() && T[I + 3].is("=");
    // Not `Cond ? T[CallAt].Text : ""`: that is a temporary std::string,
    // gone before the StringRef is read (found by tests/fuzz/tokens.cpp).
    llvm::StringRef Callee;
    if (CallAt != SIZE_MAX)
      Callee = T[CallAt].Text;
    bool Copy = Callee.contains("cpy") || Callee.contains("sprintf") ||
                Callee.contains("snprintf");
    if (!Assign && !Copy)
      return;
    size_t At = Copy ? CallAt : I;
    auto [It, New] = Stored.try_emplace(scoped(I), Hits.size());
    std::string Value;
    if (Copy) {
      auto A = args(T, CallAt + 1);
      if (A.size() >= 2)
        Value = unquote(T[A.back().first]);
    }
    if (New)
      hit(RuleId::Sockaddr, At);
    Algorithm &Alg = Hits[It->second].Alg;
    if (T[I + 2].is("salg_type") && !Value.empty())
      Alg.Type = Value;
    if (T[I + 2].is("salg_name") && !Value.empty())
      Alg.Name = Value;
  }

  std::vector<Tok> T;
  std::vector<TokenHit> Hits;
  std::string key(size_t J) const { return nameKey(T, Scopes, J); }

  /// A variable's name in its function: each function's `sa` is its own.
  std::string scoped(size_t I) const {
    return T[I].Text + "#" + std::to_string(Scopes.Id[I]);
  }

  Blocks Scopes;
  llvm::StringSet<> AlgVars, Declared, FdNames, Pipes;
  llvm::StringMap<size_t> Stored;
};

} // namespace

std::vector<TokenHit>
scanTokens(llvm::StringRef Buffer, unsigned Begin, unsigned End, bool CPlusPlus,
           const std::vector<std::pair<unsigned, unsigned>> &Skip) {
  if (Begin >= End || Begin >= Buffer.size())
    return {};
  Scanner S(lex(Buffer, Begin, End, CPlusPlus, Skip));
  std::vector<Tok> All = lex(Buffer, 0, Buffer.size(), CPlusPlus);
  S.collectAlgVars(All);
  return S.run(All);
}

} // namespace afalg
