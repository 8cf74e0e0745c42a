// Reading .afalg-scan.yaml: LLVM's YAML parser, with the node tree walked
// by hand so that every error names the key or value and where it is.
#include "Config.h"
#include "PathFilter.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include <set>

namespace afalg {

namespace yaml = llvm::yaml;

namespace {

const char *kindName(const yaml::Node *N) {
  switch (N->getType()) {
  case yaml::Node::NK_Null:
    return "empty";
  case yaml::Node::NK_Scalar:
    return "a scalar";
  case yaml::Node::NK_BlockScalar:
    return "a block scalar";
  case yaml::Node::NK_Mapping:
    return "a mapping";
  case yaml::Node::NK_Sequence:
    return "a sequence";
  default:
    return "an alias";
  }
}

std::optional<bool> parseBool(llvm::StringRef V) {
  if (V == "on" || V == "true")
    return true;
  if (V == "off" || V == "false")
    return false;
  return std::nullopt;
}

bool isIdentifierPrefix(llvm::StringRef V) {
  if (V.empty() || llvm::isDigit(V.front()))
    return false;
  return llvm::all_of(V, [](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// Walks the node tree by hand (rather than yaml::Input) so that every
/// error can point at the exact key or value that is wrong.
class Reader {
public:
  Reader(llvm::SourceMgr &SM, llvm::StringRef File) : SM(SM), File(File) {}

  llvm::Error read(yaml::Node *Root, Config &C) {
    if (llvm::isa<yaml::NullNode>(Root))
      return llvm::Error::success(); // an empty file: all defaults
    if (!llvm::isa<yaml::MappingNode>(Root))
      return fail(Root, llvm::Twine("the configuration must be a mapping, "
                                    "not ") +
                            kindName(Root));
    return eachKey(
        Root, "",
        [&](llvm::StringRef K, yaml::Node *KN, yaml::Node *V) -> llvm::Error {
          if (K == "rules")
            return readRules(KN, V, C);
          if (K == "paths")
            return readPaths(KN, V, C);
          if (K == "fail-on")
            return readFailOn(KN, V, C);
          if (K == "fix")
            return readFix(KN, V, C);
          if (K == "kcapi-like-apis")
            return eachString(
                KN, V, K, [&](yaml::Node *N, llvm::StringRef S) -> llvm::Error {
                  if (!isIdentifierPrefix(S))
                    return badValue(N, S, K,
                                    "a C identifier prefix such as 'mykcapi_'");
                  C.KcapiPrefixes.push_back(S.str());
                  return llvm::Error::success();
                });
          return unknownKey(KN, K, "",
                            "rules, paths, fail-on, fix, kcapi-like-apis");
        });
  }

private:
  using KeyFn = llvm::function_ref<llvm::Error(llvm::StringRef, yaml::Node *,
                                               yaml::Node *)>;
  using ItemFn = llvm::function_ref<llvm::Error(yaml::Node *, llvm::StringRef)>;

  llvm::Error fail(const yaml::Node *At, const llvm::Twine &Msg) {
    auto [Line, Col] = SM.getLineAndColumn(start(At));
    return llvm::createStringError(std::errc::invalid_argument, "%s:%u:%u: %s",
                                   File.str().c_str(), Line, Col,
                                   Msg.str().c_str());
  }
  /// Where a node starts. The parser starts a flow collection at its first
  /// entry; the user wrote (and should be shown) the bracket before it.
  llvm::SMLoc start(const yaml::Node *N) {
    llvm::SMLoc L = N->getSourceRange().Start;
    if (!llvm::isa<yaml::SequenceNode, yaml::MappingNode>(N) || !L.isValid())
      return L;
    unsigned Id = SM.FindBufferContainingLoc(L);
    if (!Id)
      return L;
    const char *Begin = SM.getMemoryBuffer(Id)->getBufferStart();
    const char *P = L.getPointer();
    while (P > Begin && llvm::isSpace(P[-1]))
      --P;
    if (P > Begin && (P[-1] == '[' || P[-1] == '{'))
      return llvm::SMLoc::getFromPointer(P - 1);
    return L;
  }
  static std::string in(llvm::StringRef Path) {
    return Path.empty() ? "" : " in '" + Path.str() + "'";
  }
  llvm::Error unknownKey(yaml::Node *At, llvm::StringRef K,
                         llvm::StringRef Path, llvm::StringRef Expected) {
    return fail(At, "unknown key '" + K + "'" + in(Path) +
                        " (expected: " + Expected + ")");
  }
  llvm::Error badValue(yaml::Node *At, llvm::StringRef V, llvm::StringRef Key,
                       llvm::StringRef Allowed) {
    return fail(At,
                "bad value '" + V + "' for '" + Key + "' (" + Allowed + ")");
  }
  llvm::Error wrongKind(yaml::Node *Key, yaml::Node *V, llvm::StringRef Path,
                        llvm::StringRef Want) {
    // An empty value has no position of its own: point at its key. The
    // parser's positions of aliases and block scalars are unreliable too.
    if (llvm::isa<yaml::NullNode>(V))
      return fail(Key, "missing value for '" + Path + "' (" + Want + ")");
    bool Exact =
        llvm::isa<yaml::ScalarNode, yaml::SequenceNode, yaml::MappingNode>(V);
    return fail(Exact ? V : Key,
                "'" + Path + "' must be " + Want + ", not " + kindName(V));
  }

  /// The text of a scalar value, or an error naming Path.
  llvm::Expected<std::string> scalar(yaml::Node *Key, yaml::Node *V,
                                     llvm::StringRef Path,
                                     llvm::StringRef Want) {
    auto *S = llvm::dyn_cast<yaml::ScalarNode>(V);
    if (!S)
      return wrongKind(Key, V, Path, Want);
    llvm::SmallString<64> Buf;
    return S->getValue(Buf).str();
  }

  /// Calls F for each key of a mapping; an empty value is an empty mapping.
  llvm::Error eachKey(yaml::Node *V, llvm::StringRef Path, KeyFn F) {
    auto *M = llvm::dyn_cast<yaml::MappingNode>(V);
    if (!M)
      return llvm::Error::success();
    std::set<std::string> Seen;
    for (yaml::KeyValueNode &KV : *M) {
      auto *K = llvm::dyn_cast_or_null<yaml::ScalarNode>(KV.getKey());
      if (!K)
        return fail(KV.getKey() ? KV.getKey() : M,
                    "keys must be plain names" + in(Path));
      llvm::SmallString<32> Buf;
      llvm::StringRef Name = K->getValue(Buf);
      if (!Seen.insert(Name.str()).second)
        return fail(K, "duplicate key '" + Name + "'" + in(Path));
      if (llvm::Error E = F(Name, K, KV.getValue()))
        return E;
    }
    return llvm::Error::success();
  }
  llvm::Error mapping(yaml::Node *Key, yaml::Node *V, llvm::StringRef Path,
                      KeyFn F) {
    if (!llvm::isa<yaml::MappingNode>(V) && !llvm::isa<yaml::NullNode>(V))
      return wrongKind(Key, V, Path, "a mapping");
    return eachKey(V, Path, F);
  }

  /// A list of strings: a sequence, one scalar, or nothing.
  llvm::Error eachString(yaml::Node *Key, yaml::Node *V, llvm::StringRef Path,
                         ItemFn F) {
    llvm::StringRef Want = "a list of strings";
    if (llvm::isa<yaml::NullNode>(V))
      return llvm::Error::success();
    if (llvm::isa<yaml::ScalarNode>(V)) {
      auto S = scalar(Key, V, Path, Want);
      return S ? F(V, *S) : S.takeError();
    }
    auto *Seq = llvm::dyn_cast<yaml::SequenceNode>(V);
    if (!Seq)
      return wrongKind(Key, V, Path, Want);
    for (yaml::Node &Item : *Seq) {
      if (!llvm::isa<yaml::ScalarNode>(&Item))
        return fail(&Item, "items of '" + Path + "' must be strings, not " +
                               kindName(&Item));
      auto S = scalar(Key, &Item, Path, Want);
      if (!S)
        return S.takeError();
      if (llvm::Error E = F(&Item, *S))
        return E;
    }
    return llvm::Error::success();
  }

  llvm::Expected<Severity> severity(yaml::Node *Key, yaml::Node *V,
                                    llvm::StringRef Path) {
    auto S = scalar(Key, V, Path, "note, warning, error");
    if (!S)
      return S.takeError();
    if (auto Sev = severityFromName(*S))
      return *Sev;
    return badValue(V, *S, Path, "note, warning, error");
  }

  llvm::Error readRules(yaml::Node *Key, yaml::Node *V, Config &C) {
    return mapping(
        Key, V, "rules",
        [&](llvm::StringRef Id, yaml::Node *KN, yaml::Node *RV) -> llvm::Error {
          std::optional<RuleId> R = ruleFromName(Id);
          if (!R)
            return fail(KN,
                        "unknown rule '" + Id + "' in 'rules'" + suggest(Id));
          return readRule(KN, RV, *R, C.Rules[*R]);
        });
  }

  static std::string suggest(llvm::StringRef Id) {
    llvm::StringRef Best;
    unsigned BestDist = 4; // beyond this a guess is noise
    for (const RuleInfo &R : allRules()) {
      unsigned D = Id.edit_distance(R.Name, true, BestDist);
      if (D < BestDist)
        BestDist = D, Best = R.Name;
    }
    if (!Best.empty())
      return " (did you mean '" + Best.str() + "'?)";
    return " (see --list-rules)";
  }

  llvm::Error readRule(yaml::Node *Key, yaml::Node *V, RuleId Id,
                       RuleSettings &S) {
    std::string Path = ("rules." + ruleName(Id)).str();
    const char *Shorthand = "on, off, note, warning, error";
    if (llvm::isa<yaml::ScalarNode>(V)) {
      auto Val = scalar(Key, V, Path, Shorthand);
      if (!Val)
        return Val.takeError();
      if (auto B = parseBool(*Val))
        S.Enabled = *B;
      else if (auto Sev = severityFromName(*Val))
        S.Level = *Sev;
      else
        return badValue(V, *Val, Path, Shorthand);
      return llvm::Error::success();
    }
    if (!llvm::isa<yaml::MappingNode>(V))
      return wrongKind(Key, V, Path,
                       std::string("one of ") + Shorthand + ", or a mapping");
    bool Zerocopy = Id == RuleId::Zerocopy;
    return eachKey(
        V, Path,
        [&](llvm::StringRef K, yaml::Node *KN, yaml::Node *KV) -> llvm::Error {
          std::string Sub = Path + "." + K.str();
          if (K == "enabled") {
            auto Val = scalar(KN, KV, Sub, "true, false");
            if (!Val)
              return Val.takeError();
            auto B = parseBool(*Val);
            if (!B)
              return badValue(KV, *Val, Sub, "true, false, on, off");
            S.Enabled = *B;
            return llvm::Error::success();
          }
          if (K == "severity" || (Zerocopy && K == "copy-fail-severity")) {
            auto Sev = severity(KN, KV, Sub);
            if (!Sev)
              return Sev.takeError();
            (K == "severity" ? S.Level : S.CopyFailLevel) = *Sev;
            return llvm::Error::success();
          }
          return unknownKey(KN, K, Path,
                            Zerocopy ? "enabled, severity, copy-fail-severity"
                                     : "enabled, severity");
        });
  }

  llvm::Error readPaths(yaml::Node *Key, yaml::Node *V, Config &C) {
    return mapping(
        Key, V, "paths",
        [&](llvm::StringRef K, yaml::Node *KN, yaml::Node *PV) -> llvm::Error {
          if (K != "include" && K != "exclude")
            return unknownKey(KN, K, "paths", "include, exclude");
          std::string Path = ("paths." + K).str();
          auto &Out = K == "include" ? C.Include : C.Exclude;
          return eachString(
              KN, PV, Path,
              [&](yaml::Node *N, llvm::StringRef G) -> llvm::Error {
                if (llvm::Error E = PathFilter::check(G))
                  return badValue(N, G, Path,
                                  "invalid glob: " + toString(std::move(E)));
                Out.push_back(G.str());
                return llvm::Error::success();
              });
        });
  }

  llvm::Error readFailOn(yaml::Node *Key, yaml::Node *V, Config &C) {
    const char *Allowed = "none, note, warning, error";
    auto S = scalar(Key, V, "fail-on", Allowed);
    if (!S)
      return S.takeError();
    std::optional<Severity> Sev = severityFromName(*S);
    if (!Sev && *S != "none")
      return badValue(V, *S, "fail-on", Allowed);
    C.HasFailOn = true;
    C.FailOn = Sev;
    return llvm::Error::success();
  }

  llvm::Error readFix(yaml::Node *Key, yaml::Node *V, Config &C) {
    return mapping(
        Key, V, "fix",
        [&](llvm::StringRef K, yaml::Node *KN, yaml::Node *FV) -> llvm::Error {
          std::string Path = ("fix." + K).str();
          if (K == "target") {
            const char *Libs = "openssl, gcrypt, nettle";
            auto S = scalar(KN, FV, Path, Libs);
            if (!S)
              return S.takeError();
            if (*S != "openssl" && *S != "gcrypt" && *S != "nettle")
              return badValue(FV, *S, Path, Libs);
            C.FixTarget = *S;
            return llvm::Error::success();
          }
          if (K == "compat-dir") {
            auto S = scalar(KN, FV, Path, "a directory");
            if (!S)
              return S.takeError();
            if (llvm::StringRef(*S).trim().empty())
              return badValue(FV, *S, Path, "a directory");
            C.CompatDir = *S;
            return llvm::Error::success();
          }
          return unknownKey(KN, K, "fix", "target, compat-dir");
        });
  }

  llvm::SourceMgr &SM;
  llvm::StringRef File;
};

/// Keeps the parser's first diagnostic instead of printing it.
void collectDiag(const llvm::SMDiagnostic &D, void *Ctx) {
  auto *First = static_cast<std::string *>(Ctx);
  if (First->empty())
    *First = std::to_string(D.getLineNo()) + ":" +
             std::to_string(D.getColumnNo() + 1) + ": " + D.getMessage().str();
}

} // namespace

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef File,
                                   llvm::StringRef BaseDir) {
  auto Syntax = [&](const std::string &Diag) {
    return llvm::createStringError(std::errc::invalid_argument, "%s:%s",
                                   File.str().c_str(), Diag.c_str());
  };
  // Syntax first, in a pass of its own: a semantic walk over a broken tree
  // would report a confusing follow-on error instead of the real one.
  {
    llvm::SourceMgr SM;
    std::string First;
    SM.setDiagHandler(collectDiag, &First);
    yaml::Stream S(Text, SM, /*ShowColors=*/false);
    if (!S.validate() || !First.empty())
      return Syntax(First.empty() ? "1:1: invalid YAML" : First);
  }
  llvm::SourceMgr SM;
  std::string First;
  SM.setDiagHandler(collectDiag, &First);
  yaml::Stream S(Text, SM, /*ShowColors=*/false);
  Config C;
  C.File = File.str();
  C.BaseDir = BaseDir.str();
  auto Doc = S.begin();
  if (Doc == S.end())
    return C;
  Reader R(SM, File);
  if (llvm::Error E = R.read(Doc->getRoot(), C))
    return E;
  if (++Doc != S.end())
    return Syntax(
        std::to_string(
            SM.getLineAndColumn(Doc->getRoot()->getSourceRange().Start).first) +
        ":1: only one YAML document is allowed");
  if (!First.empty())
    return Syntax(First);
  return C;
}

} // namespace afalg
