// An audit report in GitHub-flavoured Markdown, meant for a pull-request
// comment: counts first, then the sessions that matter most (the Copy Fail
// shape), then the findings. Every table is bounded in rows and in bytes,
// so a large scan still fits a comment (GitHub takes at most 65,536
// characters); the JSON and SARIF reports always hold everything.

#include "report/ReportUtil.h"
#include "report/Reporter.h"
#include "report/TextUtil.h"

#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace afalg {

namespace {

constexpr size_t MaxCellBytes = 300;

/// Bounds of one table. Together they keep a whole report under GitHub's
/// 65,536 characters: 44,000 + 6,000 + 4 x 3,000 bytes of bounded tables,
/// plus the summary and per-rule tables (a few rows each) and the prose.
struct Limit {
  size_t Rows, Bytes;
};
constexpr Limit FindingsLimit = {500, 44000};
constexpr Limit SessionsLimit = {100, 6000};
constexpr Limit ListLimit = {100, 3000}; // directories, algorithms, inputs

/// Text as the content of a table cell: one line, no Markdown, HTML, math
/// or table syntax. Every ASCII punctuation character that could start one
/// is backslash-escaped (CommonMark allows that for any of them).
std::string cell(llvm::StringRef Raw) {
  std::string S = report::validUtf8(Raw);
  if (S.size() > MaxCellBytes) {
    size_t Cut = MaxCellBytes;
    while (Cut > 0 && (static_cast<unsigned char>(S[Cut]) & 0xC0) == 0x80)
      --Cut;                               // never inside a UTF-8 sequence
    S = S.substr(0, Cut) + "\xE2\x80\xA6"; // U+2026
  }
  std::string Out;
  for (char C : S) {
    unsigned char U = static_cast<unsigned char>(C);
    if (U < 0x20 || U == 0x7f) {
      Out += ' ';
      continue;
    }
    if (llvm::StringRef("\\`*_[]<>|~$&").contains(C))
      Out += '\\';
    Out += C;
  }
  return Out;
}

llvm::StringRef severityCell(Severity S) {
  return S == Severity::Error ? "**error**" : severityName(S);
}

std::string algorithmText(const Algorithm &A) {
  if (A.empty())
    return "unknown";
  if (A.Name.empty())
    return A.Type + " (name unknown)";
  return A.Type.empty() ? A.Name : A.Type + " " + A.Name;
}

/// "a, b, c and 4 more".
std::string listCell(const std::vector<std::string> &Items, size_t Max = 5) {
  std::string Out;
  for (size_t I = 0; I < Items.size() && I < Max; ++I)
    Out += (I ? ", " : "") + cell(Items[I]);
  if (Items.size() > Max)
    Out += " and " + std::to_string(Items.size() - Max) + " more";
  return Out;
}

std::string location(const Range &Loc) {
  if (Loc.File.empty())
    return "_unknown_";
  std::string Text = Loc.File, Target = report::pathToUri(Loc.File);
  if (Loc.Line) {
    Text += ":" + std::to_string(Loc.Line);
    Target += "#L" + std::to_string(Loc.Line);
  }
  return "[" + cell(Text) + "](" + Target + ")";
}

struct Table {
  std::vector<std::string> Header;            // Markdown
  std::string Align;                          // 'l' or 'r' per column
  std::vector<std::vector<std::string>> Rows; // Markdown cells
};

void emitTable(std::string &Out, const Table &T, Limit L,
               llvm::StringRef What) {
  auto Row = [](const std::vector<std::string> &Cells) {
    std::string R = "|";
    for (const std::string &C : Cells)
      R += " " + C + " |";
    return R + "\n";
  };
  Out += Row(T.Header);
  Out += "|";
  for (char A : T.Align)
    Out += A == 'r' ? " ---: |" : " --- |";
  Out += "\n";
  size_t Shown = 0, Bytes = 0;
  for (const auto &Cells : T.Rows) {
    std::string R = Row(Cells);
    if (Shown == L.Rows || Bytes + R.size() > L.Bytes)
      break;
    Out += R;
    Bytes += R.size();
    ++Shown;
  }
  if (Shown < T.Rows.size())
    Out += "\n_Showing the first " + std::to_string(Shown) + " of " +
           std::to_string(T.Rows.size()) + " " + What.str() +
           "; the JSON and SARIF reports list them all._\n";
}

void section(std::string &Out, llvm::StringRef Title) {
  Out += "\n### " + Title.str() + "\n\n";
}

std::string topDirectory(llvm::StringRef File) {
  if (File.empty())
    return "(no file)";
  size_t Slash = File.find('/');
  return Slash == llvm::StringRef::npos ? "(root)"
                                        : File.take_front(Slash + 1).str();
}

Table byRule(const std::vector<const Finding *> &Findings) {
  std::map<RuleId, std::array<unsigned, 3>> Counts;
  for (const Finding *F : Findings)
    ++Counts[F->Rule][static_cast<int>(F->Level)];
  Table T{{"Rule", "Errors", "Warnings", "Notes", "Total"}, "lrrrr", {}};
  for (const RuleInfo &Info : allRules()) {
    auto It = Counts.find(Info.Id);
    if (It == Counts.end())
      continue;
    const auto &C = It->second;
    T.Rows.push_back({"`" + Info.Name.str() + "`", std::to_string(C[2]),
                      std::to_string(C[1]), std::to_string(C[0]),
                      std::to_string(C[0] + C[1] + C[2])});
  }
  return T;
}

Table byAlgorithm(const std::vector<const Finding *> &Findings) {
  std::map<Algorithm, unsigned> Counts;
  for (const Finding *F : Findings)
    ++Counts[F->Alg];
  Table T{{"Algorithm", "Findings"}, "lr", {}};
  for (const auto &[A, N] : Counts)
    if (!A.empty())
      T.Rows.push_back({cell(algorithmText(A)), std::to_string(N)});
  auto Unknown = Counts.find(Algorithm{});
  if (Unknown != Counts.end())
    T.Rows.push_back({"_unknown_", std::to_string(Unknown->second)});
  return T;
}

Table byDirectory(const std::vector<const Finding *> &Findings) {
  std::map<std::string, std::pair<unsigned, std::set<std::string>>> Dirs;
  for (const Finding *F : Findings) {
    auto &D = Dirs[topDirectory(F->Loc.File)];
    ++D.first;
    D.second.insert(F->Loc.File);
  }
  Table T{{"Directory", "Findings", "Files"}, "lrr", {}};
  for (const auto &[Dir, D] : Dirs)
    T.Rows.push_back(
        {cell(Dir), std::to_string(D.first), std::to_string(D.second.size())});
  return T;
}

/// The Copy Fail shape first, then by severity, then by id.
Table sessionsTable(const ScanResult &R) {
  std::vector<Session> Sessions = report::sortedSessions(R);
  std::stable_sort(Sessions.begin(), Sessions.end(),
                   [](const Session &A, const Session &B) {
                     return std::make_pair(A.CopyFailShape, A.Level) >
                            std::make_pair(B.CopyFailShape, B.Level);
                   });
  std::map<std::string, unsigned> FindingsOf;
  for (const Finding &F : R.Findings)
    if (!F.Session.empty())
      ++FindingsOf[F.Session];
  Table T{{"Session", "Severity", "Copy Fail shape", "Algorithms", "Functions",
           "Files", "Findings"},
          "llllllr",
          {}};
  for (const Session &S : Sessions) {
    std::vector<std::string> Algs;
    for (const Algorithm &A : S.Algorithms)
      Algs.push_back(algorithmText(A));
    T.Rows.push_back({cell(S.Id), severityCell(S.Level).str(),
                      S.CopyFailShape ? "**yes**" : "no", listCell(Algs),
                      listCell(S.Functions), listCell(S.Files),
                      std::to_string(FindingsOf[S.Id])});
  }
  return T;
}

/// Errors first, so that a capped table drops notes before anything else.
Table findingsTable(std::vector<const Finding *> Findings) {
  std::stable_sort(
      Findings.begin(), Findings.end(),
      [](const Finding *A, const Finding *B) { return A->Level > B->Level; });
  Table T{{"Location", "Rule", "Severity", "Message"}, "llll", {}};
  for (const Finding *F : Findings) {
    std::string Message = cell(F->Message);
    if (F->Conf != Confidence::High)
      Message += " _(" + confidenceName(F->Conf).str() + " confidence)_";
    T.Rows.push_back({location(F->Loc), "`" + ruleName(F->Rule).str() + "`",
                      severityCell(F->Level).str(), Message});
  }
  return T;
}

Table inputsTable(std::vector<InputError> Inputs, llvm::StringRef Second) {
  std::sort(Inputs.begin(), Inputs.end(),
            [](const InputError &A, const InputError &B) {
              return std::tie(A.File, A.Message) < std::tie(B.File, B.Message);
            });
  Table T{{"File", Second.str()}, "ll", {}};
  for (const InputError &E : Inputs)
    T.Rows.push_back(
        {E.File.empty() ? "_all inputs_" : cell(E.File), cell(E.Message)});
  return T;
}

} // namespace

std::string renderMarkdown(const ScanResult &R, const ReportContext &Ctx) {
  std::vector<const Finding *> Findings = report::reportedFindings(R);
  report::SeverityCounts Counts = report::countSeverities(R);
  unsigned CopyFail = 0;
  for (const Session &S : R.Sessions)
    CopyFail += S.CopyFailShape;

  std::string Out = "## " + cell(Ctx.ToolName) + ": AF_ALG audit\n\n";
  Out += Findings.empty() ? "No use of AF_ALG found. " : "";
  Out += cell(report::summarySentence(R)) + ".\n";
  if (CopyFail)
    Out += "\n> [!CAUTION]\n> " + report::plural(CopyFail, "session") +
           (CopyFail == 1 ? " has" : " have") +
           " the Copy Fail shape: an `aead` socket fed by `splice`, "
           "`sendfile` or `vmsplice`. See *Sessions* below.\n";

  section(Out, "Summary");
  Table Summary{{"", "Count"}, "lr", {}};
  auto Add = [&Summary](llvm::StringRef What, size_t N) {
    Summary.Rows.push_back({What.str(), std::to_string(N)});
  };
  Add("Errors", Counts[Severity::Error]);
  Add("Warnings", Counts[Severity::Warning]);
  Add("Notes", Counts[Severity::Note]);
  Add("Files with findings", report::countFiles(Findings));
  Add("Sessions", R.Sessions.size());
  Add("Sessions with the Copy Fail shape", CopyFail);
  Add("Files analysed", R.Analysed);
  Add("Files skipped", report::sortedSkipped(R).size());
  Add("Files not analysed", R.Errors.size());
  Add("Files analysed in part", R.Partial.size());
  emitTable(Out, Summary, ListLimit, "rows");

  if (!Findings.empty()) {
    section(Out, "Findings by rule");
    emitTable(Out, byRule(Findings), ListLimit, "rules");
    section(Out, "Findings by algorithm");
    emitTable(Out, byAlgorithm(Findings), ListLimit, "algorithms");
    section(Out, "Findings by top-level directory");
    emitTable(Out, byDirectory(Findings), ListLimit, "directories");
  }
  if (!R.Sessions.empty()) {
    section(Out, "Sessions");
    emitTable(Out, sessionsTable(R), SessionsLimit, "sessions");
  }
  if (!Findings.empty()) {
    section(Out, "Findings");
    Out += "Errors first, then warnings and notes; each in file order.\n\n";
    emitTable(Out, findingsTable(Findings), FindingsLimit, "findings");
  }
  if (!R.Errors.empty()) {
    section(Out, "Inputs not analysed");
    emitTable(Out, inputsTable(R.Errors, "Reason"), ListLimit, "inputs");
  }
  if (!R.Partial.empty()) {
    section(Out, "Inputs analysed in part");
    emitTable(Out, inputsTable(R.Partial, "What was missing"), ListLimit,
              "inputs");
  }

  Out += "\n<sub>Generated by " + cell(Ctx.ToolName);
  if (!Ctx.ToolVersion.empty())
    Out += " " + cell(Ctx.ToolVersion);
  return Out + ".</sub>\n";
}

} // namespace afalg
