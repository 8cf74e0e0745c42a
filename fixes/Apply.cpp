#include "Apply.h"
#include "support/AtomicFile.h"
#include "clang/Tooling/ReplacementsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <map>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

struct ByteEdit {
  size_t Offset, Length;
  std::string Text;
  friend bool operator<(const ByteEdit &A, const ByteEdit &B) {
    return std::tie(A.Offset, A.Length, A.Text) <
           std::tie(B.Offset, B.Length, B.Text);
  }
  friend bool operator==(const ByteEdit &A, const ByteEdit &B) {
    return A.Offset == B.Offset && A.Length == B.Length && A.Text == B.Text;
  }
};

std::vector<size_t> lineStarts(llvm::StringRef Text) {
  std::vector<size_t> Starts{0};
  for (size_t I = 0; I < Text.size(); ++I)
    if (Text[I] == '\n')
      Starts.push_back(I + 1);
  return Starts;
}

/// Resolves a real path and checks it is inside Root: no write may leave it.
std::string insideRoot(const std::string &Root, const std::string &Rel) {
  llvm::SmallString<256> P(Root);
  path::append(P, Rel);
  llvm::SmallString<256> Real, RealRoot;
  if (fs::real_path(P, Real) || fs::real_path(Root, RealRoot))
    return "";
  llvm::StringRef R = Real;
  if (!R.starts_with(RealRoot) || !R.substr(RealRoot.size()).starts_with("/"))
    return "";
  return std::string(Real);
}

/// Where the runtime's #include goes: before the first #include, else at
/// the top.
size_t includePoint(llvm::StringRef Text) {
  size_t Pos = 0;
  while (Pos < Text.size()) {
    llvm::StringRef Line = Text.substr(Pos).split('\n').first;
    if (Line.ltrim().starts_with("#include") ||
        Line.ltrim().starts_with("# include"))
      return Pos;
    Pos += Line.size() + 1;
  }
  return 0;
}

/// Edits per project file, in byte offsets of the file's current content.
std::map<std::string, std::vector<ByteEdit>>
collect(const ScanResult &R, const ApplyOptions &O,
        std::map<std::string, std::string> &Contents,
        std::vector<InputError> &Refused) {
  std::map<std::string, std::vector<ByteEdit>> Out;
  std::map<std::string, bool> Bad;
  for (const Finding &F : R.Findings) {
    if (!F.Fix.Fixable)
      continue;
    for (const Replacement &E : F.Fix.Edits) {
      const std::string &File = E.Where.File;
      if (Bad[File])
        continue;
      if (!Contents.count(File)) {
        std::string Real = insideRoot(O.Root, File);
        auto Buf = Real.empty() ? nullptr : llvm::MemoryBuffer::getFile(Real);
        if (Real.empty() || !Buf) {
          Refused.push_back({File, "outside the project root or unreadable; "
                                   "not rewritten"});
          Bad[File] = true;
          continue;
        }
        std::string Text = (*Buf)->getBuffer().str();
        auto Hash = R.FileHashes.find(File);
        if (Hash != R.FileHashes.end() &&
            Hash->second != llvm::utohexstr(llvm::xxh3_64bits(Text))) {
          Refused.push_back({File, "changed since it was analysed; re-run "
                                   "the scan before fixing"});
          Bad[File] = true;
          continue;
        }
        Contents[File] = std::move(Text);
      }
      const std::string &Text = Contents[File];
      std::vector<size_t> Starts = lineStarts(Text);
      if (E.Where.Line == 0 || E.Where.Line > Starts.size() ||
          E.Where.EndLine > Starts.size()) {
        Refused.push_back({File, "an edit points past the end of the file"});
        Bad[File] = true;
        continue;
      }
      size_t B = Starts[E.Where.Line - 1] + E.Where.Column - 1;
      size_t End = Starts[E.Where.EndLine - 1] + E.Where.EndColumn;
      if (End > Text.size() || End < B) {
        Refused.push_back({File, "an edit points past the end of the file"});
        Bad[File] = true;
        continue;
      }
      Out[File].push_back({B, End - B, E.Text});
    }
  }
  for (auto It = Out.begin(); It != Out.end();)
    It = Bad[It->first] ? Out.erase(It) : std::next(It);
  return Out;
}

std::string rewrite(const std::string &Text, std::vector<ByteEdit> Edits,
                    const ApplyOptions &O, unsigned &Count) {
  std::sort(Edits.begin(), Edits.end());
  Edits.erase(std::unique(Edits.begin(), Edits.end()), Edits.end());
  std::string Out;
  size_t Pos = 0;
  Count = 0;
  for (const ByteEdit &E : Edits) {
    if (E.Offset < Pos)
      continue; // overlaps the previous edit: keep the first
    Out.append(Text, Pos, E.Offset - Pos);
    Out += E.Text;
    Pos = E.Offset + E.Length;
    ++Count;
  }
  Out.append(Text, Pos, std::string::npos);
  // Native rewrites bring their own includes; compat calls need the
  // runtime's header.
  bool Compat = llvm::any_of(Edits, [](const ByteEdit &E) {
    return llvm::StringRef(E.Text).contains("afalg_compat_");
  });
  std::string Include = "#include \"" + O.CompatHeader + "\"";
  if (Compat && Out.find(Include) == std::string::npos)
    Out.insert(includePoint(Out), Include + "\n");
  return Out;
}

llvm::Error writeAtomically(const std::string &Real, const std::string &Text) {
  fs::file_status St;
  if (std::error_code EC = fs::status(Real, St))
    return llvm::createStringError(EC, "cannot stat '%s'", Real.c_str());
  return writeFileAtomically(Real, Text, St.permissions());
}

/// One line of an edit script.
struct LineOp {
  char Kind; // ' ', '-', '+'
  llvm::StringRef Line;
};

/// Myers' O((N+M)D) shortest edit script; the common head and tail are
/// taken off first, so a rewrite of a few places in a big file is cheap.
std::vector<LineOp> diffLines(llvm::ArrayRef<llvm::StringRef> A,
                              llvm::ArrayRef<llvm::StringRef> B) {
  size_t Head = 0;
  while (Head < A.size() && Head < B.size() && A[Head] == B[Head])
    ++Head;
  size_t Tail = 0;
  while (Tail < A.size() - Head && Tail < B.size() - Head &&
         A[A.size() - 1 - Tail] == B[B.size() - 1 - Tail])
    ++Tail;
  llvm::ArrayRef<llvm::StringRef> X = A.slice(Head, A.size() - Head - Tail);
  llvm::ArrayRef<llvm::StringRef> Y = B.slice(Head, B.size() - Head - Tail);
  long N = X.size(), M = Y.size(), Max = N + M, Off = Max + 1;
  std::vector<long> V(2 * Max + 3, 0);
  std::vector<std::vector<long>> Trace;
  long D = 0;
  for (; D <= Max; ++D) {
    Trace.push_back(V);
    bool Done = false;
    for (long K = -D; K <= D; K += 2) {
      long I = (K == -D || (K != D && V[Off + K - 1] < V[Off + K + 1]))
                   ? V[Off + K + 1]
                   : V[Off + K - 1] + 1;
      long J = I - K;
      while (I < N && J < M && X[I] == Y[J])
        ++I, ++J;
      V[Off + K] = I;
      if (I >= N && J >= M) {
        Done = true;
        break;
      }
    }
    if (Done)
      break;
  }
  // Walk back through the snapshots to recover the script.
  std::vector<LineOp> Mid;
  long I = N, J = M;
  for (; D > 0; --D) {
    const std::vector<long> &P = Trace[D];
    long K = I - J;
    bool Down = K == -D || (K != D && P[Off + K - 1] < P[Off + K + 1]);
    long PK = Down ? K + 1 : K - 1;
    long PI = P[Off + PK], PJ = PI - PK;
    while (I > PI + (Down ? 0 : 1) && J > PJ + (Down ? 1 : 0)) {
      Mid.push_back({' ', X[--I]});
      --J;
    }
    if (Down)
      Mid.push_back({'+', Y[--J]});
    else
      Mid.push_back({'-', X[--I]});
  }
  while (I > 0 && J > 0) {
    Mid.push_back({' ', X[--I]});
    --J;
  }
  std::vector<LineOp> Ops;
  for (size_t K = 0; K < Head; ++K)
    Ops.push_back({' ', A[K]});
  Ops.insert(Ops.end(), Mid.rbegin(), Mid.rend());
  for (size_t K = A.size() - Tail; K < A.size(); ++K)
    Ops.push_back({' ', A[K]});
  return Ops;
}

} // namespace

std::string unifiedDiff(const std::string &File, const std::string &Before,
                        const std::string &After) {
  llvm::SmallVector<llvm::StringRef> A, B;
  llvm::StringRef(Before).split(A, '\n');
  llvm::StringRef(After).split(B, '\n');
  std::vector<LineOp> Ops = diffLines(A, B);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "--- a/" << File << "\n+++ b/" << File << "\n";
  const size_t Ctx = 3;
  size_t K = 0;
  while (K < Ops.size()) {
    if (Ops[K].Kind == ' ') {
      ++K;
      continue;
    }
    size_t Start = K > Ctx ? K - Ctx : 0, End = K;
    // Extend while the next change is within 2*Ctx lines.
    while (End < Ops.size()) {
      size_t Next = End;
      while (Next < Ops.size() && Ops[Next].Kind == ' ')
        ++Next;
      if (Next == Ops.size() || Next - End > 2 * Ctx)
        break;
      End = Next + 1;
    }
    End = std::min(Ops.size(), End + Ctx);
    size_t OldLine = 1, NewLine = 1;
    for (size_t X = 0; X < Start; ++X) {
      OldLine += Ops[X].Kind != '+';
      NewLine += Ops[X].Kind != '-';
    }
    size_t OldN = 0, NewN = 0;
    for (size_t X = Start; X < End; ++X) {
      OldN += Ops[X].Kind != '+';
      NewN += Ops[X].Kind != '-';
    }
    OS << "@@ -" << OldLine << "," << OldN << " +" << NewLine << "," << NewN
       << " @@\n";
    for (size_t X = Start; X < End; ++X)
      OS << Ops[X].Kind << Ops[X].Line << "\n";
    K = End;
  }
  return OS.str();
}

ApplyResult applyFixes(const ScanResult &R, const ApplyOptions &O) {
  ApplyResult Res;
  std::map<std::string, std::string> Contents;
  auto Edits = collect(R, O, Contents, Res.Refused);
  for (auto &[File, FileEdits] : Edits) {
    FileRewrite W;
    W.File = File;
    W.Before = Contents[File];
    W.After = rewrite(W.Before, FileEdits, O, W.Edits);
    if (W.After == W.Before)
      continue;
    Res.Diff += unifiedDiff(File, W.Before, W.After);
    if (!O.DryRun)
      if (llvm::Error E = writeAtomically(insideRoot(O.Root, File), W.After)) {
        Res.Refused.push_back({File, llvm::toString(std::move(E))});
        continue;
      }
    Res.Files.push_back(std::move(W));
  }
  return Res;
}

} // namespace afalg

namespace afalg {

std::string exportFixesYaml(const ScanResult &R, const ApplyOptions &O) {
  std::map<std::string, std::string> Contents;
  std::vector<InputError> Refused;
  auto Edits = collect(R, O, Contents, Refused);
  clang::tooling::TranslationUnitReplacements TU;
  for (auto &[File, FileEdits] : Edits) {
    std::string Abs = insideRoot(O.Root, File);
    std::sort(FileEdits.begin(), FileEdits.end());
    FileEdits.erase(std::unique(FileEdits.begin(), FileEdits.end()),
                    FileEdits.end());
    for (const ByteEdit &E : FileEdits)
      TU.Replacements.emplace_back(Abs, E.Offset, E.Length, E.Text);
    std::string Include = "#include \"" + O.CompatHeader + "\"";
    bool Compat = llvm::any_of(FileEdits, [](const ByteEdit &E) {
      return llvm::StringRef(E.Text).contains("afalg_compat_");
    });
    if (Compat && Contents[File].find(Include) == std::string::npos)
      TU.Replacements.emplace_back(Abs, includePoint(Contents[File]), 0,
                                   Include + "\n");
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  llvm::yaml::Output Y(OS);
  Y << TU;
  return OS.str();
}

} // namespace afalg
