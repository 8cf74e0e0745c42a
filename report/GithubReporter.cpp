// GitHub Actions workflow commands: printed by a step, each line becomes an
// annotation on the pull request's diff, with no upload and no permissions
// needed. https://docs.github.com/actions/reference/workflow-commands
//
//   ::warning
//   file=src/a.c,line=3,col=7,endLine=3,endColumn=20,title=afalg-socket::message
//
// The runner parses every line of a step's output, so a value must never
// contain a raw line break: data and properties are escaped as the runner
// (actions/toolkit's command.ts) expects, and a message cannot start a
// command of its own.

#include "report/ReportUtil.h"
#include "report/Reporter.h"
#include "report/TextUtil.h"

#include <algorithm>
#include <tuple>

namespace afalg {

namespace {

/// The escaping of a command's message (actions/toolkit escapeData).
std::string escapeData(llvm::StringRef S) {
  std::string Out;
  for (char C : report::validUtf8(S)) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else
      Out += C;
  }
  return Out;
}

/// The escaping of a property value (actions/toolkit escapeProperty): ','
/// and ':' would end the value, or the property list.
std::string escapeProperty(llvm::StringRef S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

llvm::StringRef commandFor(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    break;
  }
  return "notice";
}

/// "file=…,line=…,col=…,endLine=…,endColumn=…" with the unknown (0) parts
/// left out. GitHub takes columns only for a range on one line, so a range
/// over several lines keeps its lines alone. Columns are 1-based and the
/// end column is the last character's, as in the JSON report.
std::string positionProperties(const Range &Loc) {
  std::string Out;
  auto Add = [&Out](llvm::StringRef Key, const std::string &Value) {
    if (!Out.empty())
      Out += ',';
    Out += Key.str() + "=" + Value;
  };
  if (!Loc.File.empty())
    Add("file", escapeProperty(Loc.File));
  if (Loc.Line == 0 || Loc.File.empty())
    return Out;
  Add("line", std::to_string(Loc.Line));
  bool OneLine = Loc.EndLine == 0 || Loc.EndLine == Loc.Line;
  if (Loc.Column && OneLine)
    Add("col", std::to_string(Loc.Column));
  if (Loc.EndLine >= Loc.Line)
    Add("endLine", std::to_string(Loc.EndLine));
  if (Loc.Column && Loc.EndLine == Loc.Line && Loc.EndColumn >= Loc.Column)
    Add("endColumn", std::to_string(Loc.EndColumn));
  return Out;
}

std::string command(llvm::StringRef Name, std::string Properties,
                    llvm::StringRef Title, llvm::StringRef Message) {
  if (!Properties.empty())
    Properties += ',';
  Properties += "title=" + escapeProperty(Title);
  return "::" + Name.str() + " " + Properties + "::" + escapeData(Message) +
         "\n";
}

llvm::StringRef orUnknown(llvm::StringRef S) {
  return S.empty() ? llvm::StringRef("unknown") : S;
}

} // namespace

std::string renderGithub(const ScanResult &R, const ReportContext &Ctx) {
  std::string Out;
  for (const Finding *F : report::reportedFindings(R)) {
    // Further lines of an annotation are shown under its first.
    std::string Message = F->Message;
    if (!F->Alg.empty())
      Message += "\nalgorithm: " + orUnknown(F->Alg.Type).str() + " " +
                 orUnknown(F->Alg.Name).str();
    if (F->Conf != Confidence::High)
      Message += "\nconfidence: " + confidenceName(F->Conf).str();
    Out += command(commandFor(F->Level), positionProperties(F->Loc),
                   ruleName(F->Rule), Message);
  }

  for (const InputError &E : report::sortedErrors(R)) {
    Range Where;
    Where.File = E.File;
    Out += command("error", positionProperties(Where), Ctx.ToolName,
                   E.File.empty() ? E.Message
                                  : "could not be analysed: " + E.Message);
  }
  std::vector<InputError> Partial = R.Partial;
  std::sort(Partial.begin(), Partial.end(),
            [](const InputError &A, const InputError &B) {
              return std::tie(A.File, A.Message) < std::tie(B.File, B.Message);
            });
  for (const InputError &E : Partial) {
    Range Where;
    Where.File = E.File;
    Out += command("notice", positionProperties(Where), Ctx.ToolName,
                   "analysed in part: " + E.Message);
  }

  Out += "::notice title=" + escapeProperty(Ctx.ToolName) +
         "::" + escapeData(report::summarySentence(R)) + "\n";
  return Out;
}

} // namespace afalg
