#include "Prefilter.h"
#include "ParallelFor.h"
#include "TextIndex.h"
#include "model/Link.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include <array>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace afalg {

static llvm::StringRef identifierPrefix(llvm::StringRef S) {
  return S.take_while([](char C) { return llvm::isAlnum(C) || C == '_'; });
}

/// The function name in a USR ("c:@F@name", "c:a.c@F@name",
/// "c:@N@ns@S@Cls@F@method#I#"), or "" when it is not a plain identifier
/// that call sites spell (operators, destructors, templates).
static llvm::StringRef functionName(llvm::StringRef Usr) {
  size_t F = Usr.rfind("@F@");
  if (F == llvm::StringRef::npos ||
      Usr.find("@FT@", F) != llvm::StringRef::npos)
    return "";
  llvm::StringRef Name = Usr.drop_front(F + 3);
  llvm::StringRef Id = identifierPrefix(Name);
  if (Id.empty() || Id.starts_with("operator") ||
      (Id.size() < Name.size() && Name[Id.size()] != '#'))
    return "";
  return Id;
}

bool keyIdentifiers(const Key &K, std::vector<std::string> &Names) {
  llvm::StringRef S = K;
  while (S.consume_front("*") || S.consume_front("&"))
    ;
  while (S.consume_back("[]"))
    ;
  if (S.starts_with("s:") || S.starts_with("u:") || S.starts_with("c:"))
    return true; // a site's or a call's value: private to the TUs that
                 // hold the site or call, which spell its other names
  llvm::StringRef Usr = S.drop_front(2);
  if (S.starts_with("v:")) {
    // Locals (their USR names the function) are reached only through the
    // names of what flows into them: parameters, fields, globals.
    if (Usr.contains("@F@") || Usr.contains("@FT@"))
      return true;
    llvm::StringRef Id = Usr.substr(Usr.rfind('@') + 1);
    if (Id.empty() || identifierPrefix(Id) != Id)
      return false;
    Names.push_back(Id.str());
    return true;
  }
  if (S.starts_with("f:")) {
    size_t At = Usr.rfind("@FI@");
    llvm::StringRef Id =
        At == llvm::StringRef::npos ? "" : Usr.drop_front(At + 4);
    if (Id.empty() || identifierPrefix(Id) != Id)
      return false;
    Names.push_back(Id.str());
    return true;
  }
  if (S.starts_with("p:")) {
    size_t Hash = Usr.rfind('#');
    if (Hash == llvm::StringRef::npos)
      return false;
    Usr = Usr.take_front(Hash);
  } else if (!S.starts_with("r:")) {
    return false; // "l:compound-literal" and kinds added later
  }
  llvm::StringRef Id = functionName(Usr);
  if (Id.empty())
    return false;
  Names.push_back(Id.str());
  return true;
}

namespace {

std::string relativeTo(const std::string &File, const std::string &Root) {
  llvm::StringRef F = File;
  if (F.consume_front(Root) && F.consume_front("/"))
    return F.str();
  return File;
}

/// One TU the prefilter decides about.
struct Unit {
  const ExtractRequest *Req;
  std::string Rel;
  TUText Text;
  bool Parsed = false;
};

class Prefilter {
public:
  Prefilter(const InputPlan &Plan, unsigned Jobs, const ExtractFn &Extract,
            FileStates *States)
      : Plan(Plan), Jobs(Jobs), Extract(Extract),
        Index(States ? TextIndex(Plan.Root, *States)
                     : TextIndex(Plan.Root, kcapiPrefixes(Plan))) {}

  PrefilterResult run() {
    std::vector<Unit> Sources = units(Plan.Sources), Headers;
    for (const Unit &U : Sources)
      Result.Seeded += seeded(U);
    while (true) {
      while (parse(Sources, nullptr))
        ;
      // Headers no source includes are TUs of their own (audit mode). A
      // header in the text of a source left unparsed is irrelevant: that
      // source's text holds all of the header's.
      if (Headers.empty())
        Headers = units(Plan.Headers);
      if (Headers.empty())
        break; // (and no need for the set below)
      std::set<std::string> Seen = seen(Sources);
      if (!parse(Headers, &Seen))
        break;
    }
    // A parsed header stays a TU unless a parsed source read it (what the
    // compiler saw, not the text's guess).
    std::set<std::string> Read = seen({});
    std::set<std::string> Seen =
        Headers.empty() ? std::set<std::string>() : seen(Sources);
    std::vector<TUFacts> Facts;
    for (size_t I = 0; I < Parsed.size(); ++I)
      if (!IsHeader[I] ||
          !Read.count(relativeTo(Parsed[I].MainFile, Plan.Root)))
        Facts.push_back(std::move(Parsed[I]));
    // Each project file once, however many TUs read it.
    llvm::SmallPtrSet<const ProjectFile *, 32> Listed;
    auto Unparsed = [&](const Unit &U) {
      ++Result.Unparsed;
      for (const ProjectFile *F : U.Text.ProjectFiles)
        if (Listed.insert(F).second)
          Result.FileHashes.emplace(F->Rel, F->Hash);
    };
    for (const Unit &U : Sources)
      if (!U.Parsed)
        Unparsed(U);
    for (const Unit &U : Headers)
      if (!U.Parsed && !Seen.count(U.Rel))
        Unparsed(U);
    Result.Facts = std::move(Facts);
    return std::move(Result);
  }

private:
  std::vector<Unit> units(const std::vector<ExtractRequest> &Reqs) {
    std::vector<Unit> Out(Reqs.size());
    parallelFor(Reqs.size(), Jobs, [&](size_t I) {
      Out[I].Req = &Reqs[I];
      Out[I].Rel = relativeTo(Reqs[I].File, Plan.Root);
      Out[I].Text = Index.closure(Reqs[I]);
    });
    return Out;
  }

  /// Project files read by parsed sources, and in the text of the others.
  std::set<std::string> seen(const std::vector<Unit> &Sources) const {
    std::set<std::string> Seen;
    for (size_t I = 0; I < Parsed.size(); ++I)
      if (!IsHeader[I])
        Seen.insert(Parsed[I].Files.begin(), Parsed[I].Files.end());
    llvm::SmallPtrSet<const ProjectFile *, 32> Listed;
    for (const Unit &U : Sources)
      if (!U.Parsed)
        for (const ProjectFile *F : U.Text.ProjectFiles)
          if (Listed.insert(F).second)
            Seen.insert(F->Rel);
    return Seen;
  }

  static bool seeded(const Unit &U) {
    if (U.Text.Doubt)
      return true;
    for (const FileText *F : U.Text.Files)
      if (F->Seed || F->Doubt)
        return true;
    return false;
  }

  bool mentions(const FileText &F) {
    auto [It, New] = Memo.try_emplace(&F, false);
    if (!New)
      return It->second;
    for (uint32_t H : F.Idents)
      if (mayBeName(H) && NameHashes.count(H))
        return It->second = true;
    for (const std::string &P : F.Pasted)
      for (const std::string &N : Names)
        if (llvm::StringRef(N).contains(P))
          return It->second = true;
    return false;
  }

  /// Most identifiers of a large tree are not names: one bit test rejects
  /// them before the hash set lookup (a few names set few of the bits).
  bool mayBeName(uint32_t H) const {
    return NameBits[(H >> 6) % NameBits.size()] >> (H & 63) & 1;
  }

  bool relevant(const Unit &U) {
    if (All || seeded(U))
      return true;
    for (const FileText *F : U.Text.Files)
      if (mentions(*F))
        return true;
    return false;
  }

  /// Parses the units now relevant (headers: unless Seen), then widens the
  /// names from all facts so far. False when nothing was left to parse.
  bool parse(std::vector<Unit> &Units, const std::set<std::string> *Seen) {
    std::vector<const ExtractRequest *> Batch;
    for (Unit &U : Units)
      if (!U.Parsed && !(Seen && Seen->count(U.Rel)) && relevant(U)) {
        U.Parsed = true;
        Batch.push_back(U.Req);
      }
    if (Batch.empty())
      return false;
    for (TUFacts &F : Extract(Batch)) {
      Parsed.push_back(std::move(F));
      IsHeader.push_back(Seen != nullptr);
    }
    widen();
    return true;
  }

  void widen() {
    ++Result.Rounds;
    Memo.clear();
    for (const Key &K : relevantKeys(Parsed)) {
      std::vector<std::string> Ids;
      if (!keyIdentifiers(K, Ids)) {
        All = Result.Widened = true;
        continue;
      }
      for (std::string &Id : Ids)
        if (NameSet.insert(Id).second) {
          uint32_t H = identHash(Id);
          NameHashes.insert(H);
          NameBits[(H >> 6) % NameBits.size()] |= uint64_t(1) << (H & 63);
          Names.push_back(std::move(Id));
        }
    }
  }

  const InputPlan &Plan;
  unsigned Jobs;
  const ExtractFn &Extract;
  TextIndex Index;
  PrefilterResult Result;
  std::vector<TUFacts> Parsed;
  std::vector<bool> IsHeader;
  bool All = false;
  std::unordered_set<uint32_t> NameHashes;
  std::array<uint64_t, 64> NameBits{};
  std::set<std::string> NameSet;
  std::vector<std::string> Names;
  std::unordered_map<const FileText *, bool> Memo;
};

} // namespace

std::vector<std::string> kcapiPrefixes(const InputPlan &Plan) {
  std::set<std::string> P;
  for (const auto *Reqs : {&Plan.Sources, &Plan.Headers})
    for (const ExtractRequest &R : *Reqs)
      P.insert(R.KcapiPrefixes.begin(), R.KcapiPrefixes.end());
  return std::vector<std::string>(P.begin(), P.end());
}

PrefilterResult extractRelevant(const InputPlan &Plan, unsigned Jobs,
                                const ExtractFn &Extract, FileStates *States) {
  return Prefilter(Plan, Jobs, Extract, States).run();
}

} // namespace afalg
