// The human-readable report, in the compiler-diagnostic shape editors and
// terminals already understand: "path:line:col: warning: message [rule]".

#include "report/ReportUtil.h"
#include "report/AuditSummary.h"
#include "report/Reporter.h"

#include "llvm/Support/raw_ostream.h"

namespace afalg {

namespace {

/// One finding is one line: control characters (a newline in a message
/// above all) would break the "path:line:col:" shape that tools parse.
std::string oneLine(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    unsigned char U = static_cast<unsigned char>(C);
    Out += (U < 0x20 || U == 0x7f) ? ' ' : C;
  }
  return Out;
}

void printPosition(llvm::raw_ostream &OS, const Range &Loc) {
  OS << oneLine(Loc.File);
  if (Loc.Line == 0)
    return;
  OS << ':' << Loc.Line;
  if (Loc.Column != 0)
    OS << ':' << Loc.Column;
}

llvm::StringRef orUnknown(llvm::StringRef S) {
  return S.empty() ? llvm::StringRef("unknown") : S;
}

} // namespace

std::string renderText(const ScanResult &R, const ReportContext &Ctx) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);

  std::vector<const Finding *> Findings = report::reportedFindings(R);
  unsigned Counts[3] = {0, 0, 0};
  for (const Finding *F : Findings) {
    ++Counts[static_cast<int>(F->Level)];
    printPosition(OS, F->Loc);
    OS << ": " << severityName(F->Level) << ": " << oneLine(F->Message) << " ["
       << ruleName(F->Rule) << "]\n";
    if (!F->Alg.empty())
      OS << "  algorithm: " << oneLine(orUnknown(F->Alg.Type)) << ' '
         << oneLine(orUnknown(F->Alg.Name)) << '\n';
    if (F->Conf != Confidence::High)
      OS << "  confidence: " << confidenceName(F->Conf) << '\n';
    if (F->Fix.Fixable && !F->Fix.Edits.empty())
      OS << "  fix: "
         << oneLine(F->Fix.Reason.empty() ? "rewrite onto " + Ctx.FixTarget
                                          : F->Fix.Reason)
         << '\n';
  }

  std::vector<InputError> Errors = report::sortedErrors(R);
  std::vector<std::string> Skipped = report::sortedSkipped(R);
  if (!Findings.empty()) {
    // The audit view: what is there, where, and what to fix first.
    report::AuditSummary Sum = report::summarize(R);
    auto List = [&](const char *Title,
                    const std::map<std::string, unsigned> &Counts) {
      OS << "  " << Title << ":";
      for (const auto &[Name, N] : Counts)
        OS << " " << oneLine(Name) << " " << N << ";";
      OS << "\n";
    };
    OS << "summary:\n";
    for (const Session *S : Sum.CopyFail) {
      OS << "  Copy Fail shape (aead fed by splice/sendfile): session " << S->Id
         << " in";
      for (const std::string &F : S->Files)
        OS << " " << oneLine(F);
      OS << "\n";
    }
    List("by rule", Sum.ByRule);
    List("by algorithm", Sum.ByAlgorithm);
    List("by directory", Sum.ByDirectory);
    if (!R.Partial.empty())
      OS << "  " << R.Partial.size()
         << " files analysed without some headers (see the JSON report)\n";
  }
  OS << report::plural(Findings.size(), "finding") << " ("
     << report::plural(Counts[static_cast<int>(Severity::Error)], "error")
     << ", "
     << report::plural(Counts[static_cast<int>(Severity::Warning)], "warning")
     << ", " << report::plural(Counts[static_cast<int>(Severity::Note)], "note")
     << ") in " << report::plural(report::countFiles(Findings), "file") << "; "
     << report::plural(R.Analysed, "file") << " analysed, ";
  if (!Skipped.empty())
    OS << Skipped.size() << " skipped, ";
  size_t Silenced = report::sortedFindings(R).size() - Findings.size();
  if (Silenced)
    OS << Silenced << " suppressed, ";
  OS << Errors.size() << " could not be analysed\n";

  for (const InputError &E : Errors)
    OS << oneLine(E.File.empty() ? Ctx.ToolName : E.File)
       << ": error: " << oneLine(E.Message) << '\n';

  OS.flush();
  return Out;
}

} // namespace afalg
