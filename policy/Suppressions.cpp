#include "policy/Suppressions.h"
#include "policy/CommentScanner.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>
#include <map>

namespace afalg {
namespace policy {

namespace {

constexpr llvm::StringLiteral Marker = "afalg-scan:";
constexpr llvm::StringLiteral KindScan = "afalg-scan";
constexpr llvm::StringLiteral KindNoLint = "nolint";

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_'; }

/// clang-tidy's check globs: '*' matches any run of characters. Greedy with
/// one backtrack point, so hostile globs ("a*a*a*…") stay linear-ish instead
/// of exponential.
bool globMatch(llvm::StringRef Glob, llvm::StringRef Name) {
  size_t G = 0, N = 0;
  size_t StarG = llvm::StringRef::npos, StarN = 0;
  while (N < Name.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      StarG = G++;
      StarN = N;
    } else if (G < Glob.size() && Glob[G] == Name[N]) {
      ++G;
      ++N;
    } else if (StarG != llvm::StringRef::npos) {
      G = StarG + 1;
      N = ++StarN;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

/// The justification after a directive, without the separators people put
/// in front of it ("-- reason", ": reason", "— reason"). Punctuation alone
/// is no reason.
std::string cleanReason(llvm::StringRef S) {
  for (;;) {
    llvm::StringRef Before = S;
    S = S.ltrim().ltrim(":-=,;");
    S.consume_front("\xE2\x80\x94"); // em dash
    S.consume_front("\xE2\x80\x93"); // en dash
    if (S == Before)
      break;
  }
  S = S.rtrim();
  if (llvm::none_of(S, [](char C) { return llvm::isAlnum(C); }))
    return "";
  return S.str();
}

/// "a, b ,c" -> "a,b,c": the key that pairs an end with its begin.
std::string normalizedList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 4> Items;
  List.split(Items, ',');
  std::string Out;
  for (llvm::StringRef Item : Items) {
    if (!Out.empty())
      Out += ',';
    Out += Item.trim().str();
  }
  return Out;
}

std::vector<std::string> allRuleNames() {
  std::vector<std::string> Out;
  for (const RuleInfo &R : allRules())
    Out.push_back(R.Name.str());
  std::sort(Out.begin(), Out.end());
  return Out;
}

class Parser {
public:
  Parser(llvm::StringRef File, std::vector<PolicyDiagnostic> &Problems)
      : File(File), Problems(Problems) {}

  std::vector<Suppression> run(llvm::StringRef Text) {
    for (const Comment &C : scanComments(Text)) {
      llvm::SmallVector<llvm::StringRef, 4> Lines;
      C.Body.split(Lines, '\n');
      for (size_t K = 0; K < Lines.size(); ++K)
        handleLine(C, Lines[K].rtrim("\r\\"), C.Line + K);
    }
    finish();
    std::stable_sort(Out.begin(), Out.end(),
                     [](const Suppression &A, const Suppression &B) {
                       return std::tie(A.Line, A.EndLine, A.DirectiveLine) <
                              std::tie(B.Line, B.EndLine, B.DirectiveLine);
                     });
    return std::move(Out);
  }

private:
  llvm::StringRef File;
  std::vector<PolicyDiagnostic> &Problems;
  std::vector<Suppression> Out;
  // Open blocks, innermost last; the string is the list that ends them.
  std::vector<std::pair<Suppression, std::string>> ScanBlocks, NoLintBlocks;

  void problem(unsigned Line, const llvm::Twine &Message) {
    Problems.push_back({File.str(), Line, Message.str()});
  }

  Suppression make(unsigned Line, llvm::StringRef Kind, std::string Spelling,
                   std::vector<std::string> Rules, std::string Reason) {
    Suppression S;
    S.File = File.str();
    S.Line = S.EndLine = S.DirectiveLine = Line;
    S.Kind = Kind.str();
    S.Spelling = std::move(Spelling);
    S.Rules = std::move(Rules);
    S.Reason = std::move(Reason);
    return S;
  }

  /// The rules a list names. In an afalg-scan directive every item must
  /// name one of ours; a NOLINT list is shared with clang-tidy, so only
  /// items spelled "afalg-..." are ours to check, and negative globs are
  /// dropped as clang-tidy drops them. MentionsUs: an item is spelled
  /// "afalg-...", so the author meant this tool.
  std::vector<std::string> resolve(llvm::StringRef List, bool NoLint,
                                   unsigned Line, bool &MentionsUs) {
    llvm::SmallVector<llvm::StringRef, 4> Items;
    List.split(Items, ',', -1, /*KeepEmpty=*/false);
    std::vector<std::string> Rules;
    bool AnyItem = false;
    for (llvm::StringRef Item : Items) {
      Item = Item.trim();
      if (Item.empty() || (NoLint && Item.starts_with("-")))
        continue;
      AnyItem = true;
      bool Ours = !NoLint || Item.starts_with("afalg-");
      MentionsUs |= Item.starts_with("afalg-");
      size_t Before = Rules.size();
      for (const RuleInfo &R : allRules())
        if (globMatch(Item, R.Name))
          Rules.push_back(R.Name.str());
      if (Rules.size() == Before && Ours)
        problem(Line, Item.contains('*')
                          ? "rule pattern '" + Item + "' matches no rule"
                          : "unknown rule '" + Item + "'");
    }
    if (!AnyItem && !NoLint)
      problem(Line, "empty rule list; write ignore[*] to silence every rule");
    std::sort(Rules.begin(), Rules.end());
    Rules.erase(std::unique(Rules.begin(), Rules.end()), Rules.end());
    return Rules;
  }

  void handleLine(const Comment &C, llvm::StringRef Text, unsigned Line) {
    // Doc-comment and box-comment decorations: "///", "//!", " * ".
    llvm::StringRef Lead = Text.ltrim().ltrim("/*!<").ltrim();
    if (Lead.consume_front(Marker))
      scanDirective(C, Lead, Line);
    else
      noLintDirectives(Text, Line);
  }

  void scanDirective(const Comment &C, llvm::StringRef Rest, unsigned Line) {
    Rest = Rest.ltrim();
    llvm::StringRef Word =
        Rest.take_while([](char Ch) { return isIdentChar(Ch) || Ch == '-'; });
    // Prose that merely starts with "afalg-scan:" is no directive.
    if (!Word.starts_with("ignore"))
      return;
    if (Word != "ignore" && Word != "ignore-begin" && Word != "ignore-end") {
      problem(Line, "unknown directive 'afalg-scan: " + Word +
                        "'; expected ignore, ignore-begin or ignore-end");
      return;
    }
    Rest = Rest.drop_front(Word.size());
    std::optional<llvm::StringRef> List;
    if (Rest.ltrim().starts_with("[")) {
      Rest = Rest.ltrim().drop_front();
      size_t Close = Rest.find(']');
      if (Close == llvm::StringRef::npos) {
        problem(Line, "missing ']' after the rule list of 'afalg-scan: " +
                          Word + "'");
        return;
      }
      List = Rest.take_front(Close);
      Rest = Rest.drop_front(Close + 1);
    }
    std::string Spelling =
        Word.str() + (List ? "[" + normalizedList(*List) + "]" : "");
    bool Unused = false;
    std::vector<std::string> Rules =
        List ? resolve(*List, /*NoLint=*/false, Line, Unused) : allRuleNames();

    if (Word == "ignore-end") {
      closeScanBlock(Line, List ? normalizedList(*List) : "", Spelling);
      return;
    }
    std::string Reason = cleanReason(Rest);
    if (Reason.empty())
      problem(Line, "'afalg-scan: " + Spelling +
                        "' has no reason; say after it why the finding is "
                        "acceptable");
    Suppression S =
        make(Line, KindScan, Spelling, std::move(Rules), std::move(Reason));
    if (Word == "ignore-begin") {
      ScanBlocks.emplace_back(std::move(S), List ? normalizedList(*List) : "");
      return;
    }
    // Alone on its lines it covers the next line too; after code (or
    // before code) it covers only its own line, so that a trailing comment
    // cannot silently swallow the statement below it.
    bool Standalone = !C.CodeBefore && !C.CodeAfter;
    S.EndLine = Standalone ? C.EndLine + 1 : (C.CodeAfter ? C.EndLine : Line);
    if (!S.Rules.empty())
      Out.push_back(std::move(S));
  }

  void closeScanBlock(unsigned Line, const std::string &Key,
                      llvm::StringRef Spelling) {
    if (ScanBlocks.empty()) {
      problem(Line, "'afalg-scan: " + Spelling +
                        "' without a matching 'afalg-scan: ignore-begin'");
      return;
    }
    auto [S, BeginKey] = std::move(ScanBlocks.back());
    ScanBlocks.pop_back();
    if (!Key.empty() && Key != BeginKey)
      problem(Line, "'afalg-scan: " + Spelling +
                        "' closes 'afalg-scan: " + S.Spelling + "' of line " +
                        llvm::Twine(S.DirectiveLine) + "; the lists differ");
    S.EndLine = Line;
    if (!S.Rules.empty())
      Out.push_back(std::move(S));
  }

  /// clang-tidy's forms, found anywhere in a comment line as clang-tidy
  /// finds them: NOLINT, NOLINTNEXTLINE, NOLINTBEGIN, NOLINTEND, each with
  /// an optional "(check,glob-*)" list. An unclosed "(" means no list, as
  /// in clang-tidy.
  void noLintDirectives(llvm::StringRef Text, unsigned Line) {
    size_t Pos = 0;
    while ((Pos = Text.find("NOLINT", Pos)) != llvm::StringRef::npos) {
      size_t Start = Pos;
      Pos += 6;
      if (Start > 0 && isIdentChar(Text[Start - 1]))
        continue;
      llvm::StringRef Rest = Text.drop_front(Pos);
      llvm::StringRef Suffix;
      for (llvm::StringRef S : {"NEXTLINE", "BEGIN", "END"})
        if (Rest.starts_with(S)) {
          Suffix = S;
          break;
        }
      Rest = Rest.drop_front(Suffix.size());
      if (!Rest.empty() && isIdentChar(Rest[0]))
        continue;
      std::optional<llvm::StringRef> List;
      if (Rest.starts_with("(")) {
        size_t Close = Rest.find(')');
        if (Close != llvm::StringRef::npos) {
          List = Rest.slice(1, Close);
          Rest = Rest.drop_front(Close + 1);
        }
      }
      Pos = Text.size() - Rest.size();
      noLint(Suffix, List, Rest.take_front(Rest.find("NOLINT")), Line);
    }
  }

  void noLint(llvm::StringRef Suffix, std::optional<llvm::StringRef> List,
              llvm::StringRef Rest, unsigned Line) {
    bool MentionsUs = false;
    std::vector<std::string> Rules =
        List ? resolve(*List, /*NoLint=*/true, Line, MentionsUs)
             : allRuleNames();
    if (Rules.empty())
      return; // other tools' checks only
    std::string Key = List ? normalizedList(*List) : "";
    std::string Spelling =
        ("NOLINT" + Suffix + (List ? "(" + Key + ")" : "")).str();
    if (Suffix == "END") {
      auto It = llvm::find_if(llvm::reverse(NoLintBlocks),
                              [&](const auto &B) { return B.second == Key; });
      if (It == NoLintBlocks.rend()) {
        problem(Line, Spelling + " without a matching NOLINTBEGIN" +
                          (List ? "(" + Key + ")" : ""));
        return;
      }
      Suppression S = std::move(It->first);
      NoLintBlocks.erase(std::next(It).base());
      S.EndLine = Line;
      Out.push_back(std::move(S));
      return;
    }
    Suppression S =
        make(Line, KindNoLint, Spelling, std::move(Rules), cleanReason(Rest));
    S.ReportUnused = MentionsUs;
    if (Suffix == "BEGIN") {
      NoLintBlocks.emplace_back(std::move(S), Key);
      return;
    }
    if (Suffix == "NEXTLINE")
      S.Line = S.EndLine = Line + 1;
    Out.push_back(std::move(S));
  }

  void finish() {
    // An unterminated block suppresses nothing, as in clang-tidy: failing
    // closed keeps a stray begin from hiding the rest of the file.
    for (const auto &[S, Key] : ScanBlocks)
      problem(S.DirectiveLine, "'afalg-scan: " + S.Spelling +
                                   "' has no matching 'afalg-scan: "
                                   "ignore-end'; it suppresses nothing");
    for (const auto &[S, Key] : NoLintBlocks)
      problem(S.DirectiveLine, S.Spelling + " has no matching NOLINTEND; it "
                                            "suppresses nothing");
  }
};

} // namespace

std::vector<Suppression>
parseSuppressions(llvm::StringRef RelPath, llvm::StringRef Text,
                  std::vector<PolicyDiagnostic> &Problems) {
  std::vector<PolicyDiagnostic> Found;
  std::vector<Suppression> Out = Parser(RelPath, Found).run(Text);
  std::stable_sort(Found.begin(), Found.end(),
                   [](const PolicyDiagnostic &A, const PolicyDiagnostic &B) {
                     return A.Line < B.Line;
                   });
  Problems.insert(Problems.end(), Found.begin(), Found.end());
  return Out;
}

SuppressionResult applySuppressions(const std::vector<Finding> &Findings,
                                    std::vector<Suppression> &Sups) {
  std::map<llvm::StringRef, std::vector<Suppression *>> ByFile;
  for (Suppression &S : Sups)
    ByFile[S.File].push_back(&S);

  SuppressionResult R;
  R.Suppressed.resize(Findings.size());
  for (size_t I = 0; I < Findings.size(); ++I) {
    const Finding &F = Findings[I];
    auto It = ByFile.find(F.Loc.File);
    if (It == ByFile.end())
      continue;
    llvm::StringRef Rule = ruleName(F.Rule);
    const Suppression *Best = nullptr;
    for (Suppression *S : It->second) {
      if (F.Loc.Line < S->Line || F.Loc.Line > S->EndLine ||
          !std::binary_search(S->Rules.begin(), S->Rules.end(), Rule))
        continue;
      // Every cover counts as used: a block around an inline suppression
      // is redundant for that finding, not wrong.
      S->Used = true;
      auto Rank = [](const Suppression *X) {
        return std::make_tuple(X->EndLine - X->Line, X->Kind != KindScan,
                               ~X->DirectiveLine);
      };
      if (!Best || Rank(S) < Rank(Best))
        Best = S;
    }
    if (Best)
      R.Suppressed[I] = SuppressionInfo{Best->Kind, Best->Reason, Best->File,
                                        Best->DirectiveLine};
  }
  for (const Suppression &S : Sups)
    if (!S.Used && S.ReportUnused)
      R.Problems.push_back(
          {S.File, S.DirectiveLine,
           (S.Kind == KindScan ? "'afalg-scan: " + S.Spelling + "'"
                               : S.Spelling) +
               " suppresses nothing; remove it"});
  std::sort(R.Problems.begin(), R.Problems.end());
  return R;
}

} // namespace policy
} // namespace afalg
