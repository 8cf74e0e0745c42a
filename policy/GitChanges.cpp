#include "policy/GitChanges.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include <algorithm>
#include <optional>

namespace afalg {
namespace policy {

namespace {

llvm::Error error(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message.str());
}

/// Undoes git's quote_c_style(): "\"a\\tb\\303\\251\"" -> "a<TAB>bé".
std::optional<std::string> unquoteC(llvm::StringRef S) {
  if (!S.consume_front("\""))
    return std::nullopt;
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    if (C == '"')
      return Out;
    if (C != '\\') {
      Out += C;
      continue;
    }
    if (++I >= S.size())
      return std::nullopt;
    C = S[I];
    if (C >= '0' && C <= '7') {
      unsigned V = 0;
      for (size_t K = 0; K < 3 && I < S.size() && S[I] >= '0' && S[I] <= '7';
           ++K, ++I)
        V = V * 8 + (S[I] - '0');
      --I;
      Out += static_cast<char>(V);
      continue;
    }
    // Letter escapes; '\\' and '"' stand for themselves.
    size_t K = llvm::StringRef("abfnrtv").find(C);
    Out += K == llvm::StringRef::npos ? C : "\a\b\f\n\r\t\v"[K];
  }
  return std::nullopt; // no closing quote
}

/// The path of a "+++ " line, or "" for /dev/null (a deleted file).
std::optional<std::string> newSidePath(llvm::StringRef Rest) {
  std::string Path;
  if (Rest.starts_with("\"")) {
    std::optional<std::string> P = unquoteC(Rest);
    if (!P)
      return std::nullopt;
    Path = std::move(*P);
  } else {
    // Git ends a name that contains a space with a tab; an unquoted name
    // never holds a tab itself.
    Path = Rest.take_until([](char C) { return C == '\t'; }).str();
  }
  if (Path == "/dev/null")
    return std::string();
  llvm::StringRef P(Path);
  P.consume_front("b/");
  return P.str();
}

/// "-a[,b] +c[,d] @@ context" -> {a, b, c, d}; an omitted count is 1.
bool parseHunkHeader(llvm::StringRef S, unsigned Out[4]) {
  for (int Side = 0; Side < 2; ++Side) {
    if (!S.consume_front(Side == 0 ? "-" : "+"))
      return false;
    if (S.consumeInteger(10, Out[2 * Side]))
      return false;
    Out[2 * Side + 1] = 1;
    if (S.consume_front(",") && S.consumeInteger(10, Out[2 * Side + 1]))
      return false;
    if (!S.consume_front(" "))
      return false;
  }
  return S.starts_with("@@");
}

void mergeRanges(std::vector<LineRange> &R) {
  std::sort(R.begin(), R.end(), [](const LineRange &A, const LineRange &B) {
    return A.Begin < B.Begin;
  });
  std::vector<LineRange> Out;
  for (const LineRange &X : R) {
    if (!Out.empty() && X.Begin <= Out.back().End + 1)
      Out.back().End = std::max(Out.back().End, X.End);
    else
      Out.push_back(X);
  }
  R = std::move(Out);
}

/// Runs git with Args (Args[0] is the program) and returns its stdout. The
/// output goes through a temporary file: ExecuteAndWait offers no pipe, and
/// a file cannot deadlock on a large diff.
llvm::Expected<std::string> runGit(llvm::ArrayRef<llvm::StringRef> Args) {
  llvm::SmallString<128> OutPath, ErrPath;
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("afalg-git", "out", OutPath))
    return error("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveOut(OutPath);
  if (std::error_code EC =
          llvm::sys::fs::createTemporaryFile("afalg-git", "err", ErrPath))
    return error("cannot create a temporary file: " + EC.message());
  llvm::FileRemover RemoveErr(ErrPath);

  // stdin from /dev/null: git must never wait for a terminal.
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  std::string ExecError;
  int RC = llvm::sys::ExecuteAndWait(Args[0], Args, std::nullopt, Redirects, 0,
                                     0, &ExecError);
  std::string Command = llvm::join(Args.drop_front(), " ");
  if (RC < 0)
    return error("cannot run 'git " + Command + "': " + ExecError);
  if (RC != 0) {
    std::string Stderr;
    if (auto Buf = llvm::MemoryBuffer::getFile(ErrPath))
      Stderr = (*Buf)->getBuffer().trim().str();
    return error("'git " + Command + "' failed (exit " + llvm::Twine(RC) + ")" +
                 (Stderr.empty() ? "" : ": " + Stderr));
  }
  auto Buf = llvm::MemoryBuffer::getFile(OutPath, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return error("cannot read the output of 'git " + Command +
                 "': " + Buf.getError().message());
  return (*Buf)->getBuffer().str();
}

} // namespace

bool ChangedFiles::containsFile(llvm::StringRef File) const {
  return Files.count(File.str()) != 0;
}

bool ChangedFiles::touches(llvm::StringRef File, unsigned Line,
                           unsigned EndLine) const {
  auto It = Files.find(File.str());
  if (It == Files.end())
    return false;
  if (It->second.WholeFile)
    return true;
  EndLine = std::max(Line, EndLine);
  for (const LineRange &R : It->second.Ranges)
    if (R.Begin <= EndLine && Line <= R.End)
      return true;
  return false;
}

bool ChangedFiles::touches(const Finding &F) const {
  return touches(F.Loc.File, F.Loc.Line, F.Loc.EndLine);
}

llvm::Expected<ChangedFiles> parseUnifiedDiff(llvm::StringRef Diff) {
  ChangedFiles Out;
  FileChange *Current = nullptr;
  bool NewFile = false;
  unsigned OldLeft = 0, NewLeft = 0, LineNo = 0;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Diff.consume_back("\n");
  if (!Diff.empty())
    Diff.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    ++LineNo;
    llvm::StringRef Full = Line.rtrim();
    auto Malformed = [&](llvm::StringRef What) {
      return error("malformed diff at line " + llvm::Twine(LineNo) + ": " +
                   What + ": '" + Full + "'");
    };
    if (Line.starts_with("\\"))
      continue; // "\ No newline at end of file", after either side
    if (OldLeft || NewLeft) {
      // Hunk body: counted, so its text is never read as a header.
      if (Line.starts_with("-") && OldLeft)
        --OldLeft;
      else if (Line.starts_with("+") && NewLeft)
        --NewLeft;
      else if (Line.starts_with(" ") && OldLeft && NewLeft)
        --OldLeft, --NewLeft;
      else
        return Malformed("hunk does not match its header");
      continue;
    }
    Line = Line.rtrim("\r");
    // Between hunks git writes only headers; a body line here means a
    // hunk was longer than its header said.
    if ((Line.starts_with("+") && !Line.starts_with("+++ ")) ||
        (Line.starts_with("-") && !Line.starts_with("--- ")) ||
        Line.starts_with(" "))
      return Malformed("line outside a hunk");
    if (Line.starts_with("diff ")) {
      Current = nullptr;
      NewFile = false;
    } else if (Line.starts_with("new file mode")) {
      NewFile = true;
    } else if (Line.consume_front("+++ ")) {
      std::optional<std::string> Path = newSidePath(Line);
      if (!Path)
        return Malformed("bad path");
      Current = Path->empty() ? nullptr : &Out.Files[*Path];
      if (Current)
        Current->WholeFile |= NewFile;
    } else if (Line.consume_front("@@ ")) {
      unsigned H[4];
      if (!parseHunkHeader(Line, H))
        return Malformed("bad hunk header");
      OldLeft = H[1];
      NewLeft = H[3];
      if (Current && H[3] > 0)
        Current->Ranges.push_back({H[2], H[2] + H[3] - 1});
    }
    // Everything else (index, mode, rename/copy, similarity, "Binary files
    // ... differ", "--- ") says nothing about new-side lines.
  }
  if (OldLeft || NewLeft)
    return error("malformed diff: the last hunk is truncated");
  for (auto &[Path, Change] : Out.Files)
    mergeRanges(Change.Ranges);
  return Out;
}

llvm::Expected<ChangedFiles> changedSince(llvm::StringRef RepoRoot,
                                          llvm::StringRef Ref) {
  // git would read "--output=x" as an option even before "--".
  if (Ref.empty() || Ref.starts_with("-"))
    return error("invalid revision '" + Ref + "'");
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return error("git is needed to find changed lines but is not on PATH");

  // Global options pin down everything a user's config could change in the
  // output we parse: prefixes (diff.noprefix, diff.mnemonicPrefix), quoting
  // of non-ASCII names, colour, external diff and textconv drivers, and
  // whether paths are relative. --find-renames: a moved file reports only
  // its edited lines, not every line. --no-optional-locks: a read-only
  // query must not take index.lock from a concurrent git in CI.
  std::string Root = RepoRoot.str();
  llvm::SmallVector<llvm::StringRef, 24> Base = {
      *Git, "--no-optional-locks", "-C", Root, "-c", "core.quotePath=false"};

  std::string Rev = Ref.str();
  if (Ref.ends_with("...")) {
    llvm::SmallVector<llvm::StringRef, 24> MB = Base;
    std::string Left = Ref.drop_back(3).str();
    MB.append({"merge-base", Left, "HEAD"});
    llvm::Expected<std::string> Out = runGit(MB);
    if (!Out)
      return Out.takeError();
    Rev = llvm::StringRef(*Out).trim().str();
  }

  llvm::SmallVector<llvm::StringRef, 24> DiffArgs = Base;
  DiffArgs.append({"diff", "--unified=0", "--no-color", "--no-ext-diff",
                   "--no-textconv", "--find-renames", "--relative",
                   "--src-prefix=a/", "--dst-prefix=b/", Rev, "--"});
  llvm::Expected<std::string> Diff = runGit(DiffArgs);
  if (!Diff)
    return Diff.takeError();
  llvm::Expected<ChangedFiles> Out = parseUnifiedDiff(*Diff);
  if (!Out)
    return Out.takeError();

  // Untracked files are new in full; -z keeps odd names unquoted. ls-files
  // lists them relative to (and only under) the -C directory.
  llvm::SmallVector<llvm::StringRef, 24> LsArgs = Base;
  LsArgs.append({"ls-files", "--others", "--exclude-standard", "-z"});
  llvm::Expected<std::string> Untracked = runGit(LsArgs);
  if (!Untracked)
    return Untracked.takeError();
  llvm::SmallVector<llvm::StringRef, 16> Names;
  llvm::StringRef(*Untracked).split(Names, '\0', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Name : Names)
    Out->Files[Name.str()].WholeFile = true;
  return Out;
}

} // namespace policy
} // namespace afalg
