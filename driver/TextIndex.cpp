#include "TextIndex.h"
#include "FileStates.h"
#include "Paths.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <set>
#include <sys/stat.h>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

bool inside(llvm::StringRef P, llvm::StringRef Dir) {
  return P.starts_with(Dir) &&
         (P.size() == Dir.size() || P[Dir.size()] == '/' || Dir.ends_with("/"));
}

} // namespace

/// Where a TU's #includes are looked up, from its command line.
struct TextIndex::SearchPath {
  std::vector<std::string> Quote, User, System, Forced;
  bool Doubt = false;
};

TextIndex::SearchPath TextIndex::searchPath(const ExtractRequest &R,
                                            llvm::StringRef Root) {
  SearchPath S;
  auto Abs = [&](llvm::StringRef P) {
    if (path::is_absolute(P)) {
      if (isNormalAbsolutePath(P))
        return P.str();
      llvm::SmallString<256> A(P);
      path::remove_dots(A, /*remove_dot_dot=*/true);
      return std::string(A);
    }
    return joinNormalPath(R.Directory, P);
  };
  struct Flag {
    const char *Name;
    std::vector<std::string> *Into;
  };
  // -I dirs that are also default system dirs stay system dirs (as in
  // Clang); they are not followed.
  auto AddUser = [&](const std::string &D) {
    if (D != "/usr/include" && D != "/usr/local/include")
      S.User.push_back(D);
  };
  const Flag WithValue[] = {
      {"-iquote", &S.Quote},     {"-isystem", &S.System},
      {"-idirafter", &S.System}, {"-cxx-isystem", &S.System},
      {"-include", &S.Forced},   {"-imacros", &S.Forced}};
  for (size_t I = 1; I < R.Args.size(); ++I) {
    llvm::StringRef A = R.Args[I];
    // Only '@' and flags of these first letters bear on the search path;
    // most arguments are passed over at their first two characters.
    if (A.empty() ||
        (A[0] != '@' && (A[0] != '-' || A.size() < 2 ||
                         !llvm::StringRef("IiFf-c").contains(A[1]))))
      continue;
    if (A.starts_with("@") || A.starts_with("-ivfsoverlay") ||
        A.starts_with("-iprefix") || A.starts_with("-iwithprefix") ||
        A.starts_with("-I=") || A == "-I-" || A.starts_with("-isystem=") ||
        A.starts_with("-fmodule") || A.starts_with("-iframework") ||
        A.starts_with("-F")) {
      S.Doubt = true; // search rules this index does not model
      continue;
    }
    auto Value = [&](llvm::StringRef Flag, std::string &V) {
      if (A == Flag && I + 1 < R.Args.size()) {
        V = R.Args[++I];
        return true;
      }
      if (A.starts_with(Flag) && A.size() > Flag.size() &&
          A != "-include-pch") {
        V = A.drop_front(Flag.size()).ltrim("=").str();
        return true;
      }
      return false;
    };
    std::string V;
    if (Value("--include-directory", V) || Value("-I", V)) {
      AddUser(Abs(V));
      continue;
    }
    for (const Flag &F : WithValue)
      if (Value(F.Name, V)) {
        F.Into->push_back(F.Into == &S.Forced ? V : Abs(V));
        break;
      }
  }
  // System headers outside the project are library code: never followed.
  llvm::erase_if(S.System,
                 [&](const std::string &D) { return !inside(D, Root); });
  return S;
}

TextIndex::TextIndex(std::string Root, std::vector<std::string> ExtraPrefixes)
    : Root(std::move(Root)),
      Own(std::make_unique<FileStates>(std::move(ExtraPrefixes))),
      States(*Own) {}

TextIndex::TextIndex(std::string Root, FileStates &States)
    : Root(std::move(Root)), States(States) {}

TextIndex::~TextIndex() = default;

std::string TextIndex::realDir(const std::string &Dir) {
  llvm::SmallString<256> Abs(Dir.empty() ? "." : Dir);
  fs::make_absolute(Abs);
  // Under the lock: a cold run meets a few hundred directories, one lstat
  // each; a warm run's are all known.
  std::lock_guard<std::mutex> L(DirsM);
  return Dirs.get(Abs);
}

TextIndex::Node *TextIndex::resolve(llvm::StringRef P) {
  {
    std::lock_guard<std::mutex> L(M);
    if (auto It = Candidates.find(P); It != Candidates.end())
      return It->second;
  }
  std::string Real;
  bool HasStat = false;
  struct stat St;
  if (::lstat(P.str().c_str(), &St) == 0 && !S_ISDIR(St.st_mode)) {
    llvm::StringRef Name = path::filename(P);
    if (S_ISREG(St.st_mode) && Name != "." && Name != "..") {
      // A regular file's real path is its directory's plus its name: one
      // lstat here and a realpath per directory, not per file (most of
      // the include candidates of a large tree share a few directories).
      // The lstat is the stat() of that real path: FileStates takes it.
      std::string Dir = realDir(std::string(path::parent_path(P)));
      if (!Dir.empty()) {
        llvm::SmallString<256> R(Dir);
        path::append(R, Name);
        Real = std::string(R);
        HasStat = true;
      }
    } else {
      llvm::SmallString<256> R;
      if (!fs::is_directory(P) && !fs::real_path(P, R))
        Real = std::string(R);
    }
  }
  std::lock_guard<std::mutex> L(M);
  Node *N = nullptr;
  if (!Real.empty()) {
    std::unique_ptr<Node> &Slot = Nodes[Real];
    if (!Slot) {
      Slot = std::make_unique<Node>();
      Slot->Real = Real;
      Slot->HasStat = HasStat;
      Slot->St = St;
      llvm::StringRef Rel = Real;
      if (Rel.consume_front(Root) && Rel.consume_front("/"))
        Slot->Project.Rel = Rel.str();
    }
    N = Slot.get();
  }
  Candidates[P] = N;
  return N;
}

const FileText &TextIndex::text(Node &N) {
  if (const FileText *T = N.Text.load(std::memory_order_acquire))
    return *T;
  std::lock_guard<std::mutex> L(N.M);
  if (!N.Text.load(std::memory_order_relaxed)) {
    const FileText &T = States.text(N.Real, N.HasStat ? &N.St : nullptr);
    N.Project.Hash = T.Hash;
    N.Text.store(&T, std::memory_order_release);
  }
  return *N.Text.load(std::memory_order_relaxed);
}

unsigned TextIndex::searchPathId(const SearchPath &S) {
  std::string Key;
  for (const auto *List : {&S.Quote, &S.User, &S.System}) {
    for (const std::string &D : *List)
      Key += D + '\0';
    Key += '\1';
  }
  std::lock_guard<std::mutex> L(M);
  return SearchPaths.try_emplace(Key, SearchPaths.size()).first->second;
}

const std::vector<TextIndex::Edge> &
TextIndex::edges(Node &N, const SearchPath &S, unsigned Id) {
  {
    std::lock_guard<std::mutex> L(N.M);
    if (auto It = N.Edges.find(Id); It != N.Edges.end())
      return It->second;
  }
  const FileText &F = text(N);
  std::vector<Edge> Out;
  auto Add = [&](llvm::StringRef Candidate, Via How) {
    if (Node *To = resolve(Candidate))
      Out.push_back({To, How});
  };
  llvm::StringRef Dir = path::parent_path(N.Real);
  // Every match along the path, not only the first: more text can only
  // make a TU look relevant.
  for (const FileText::Include &I : F.Includes) {
    if (llvm::StringRef(I.Name).starts_with("/")) {
      Add(I.Name, Via::Inherit);
      continue;
    }
    auto Try = [&](llvm::StringRef D, Via How) {
      Add(joinNormalPath(D, I.Name), How);
    };
    if (!I.Angled) {
      Try(Dir, Via::Inherit);
      for (const std::string &D : S.Quote)
        Try(D, Via::User);
    }
    for (const std::string &D : S.User)
      Try(D, Via::User);
    for (const std::string &D : S.System)
      Try(D, Via::System);
  }
  std::lock_guard<std::mutex> L(N.M);
  // std::map nodes do not move: the reference stays valid.
  return N.Edges.try_emplace(Id, std::move(Out)).first->second;
}

TUText TextIndex::closure(const ExtractRequest &R) {
  SearchPath S = searchPath(R, Root);
  unsigned Id = searchPathId(S);
  TUText Out;
  Out.Doubt = S.Doubt;
  // (file, reached through a system directory)
  std::vector<std::pair<Node *, bool>> Work;
  llvm::SmallPtrSet<Node *, 32> Seen;
  auto Push = [&](llvm::StringRef Candidate, bool System) {
    Node *N = resolve(Candidate);
    if (N)
      Work.push_back({N, System});
    return N;
  };
  if (!Push(R.File, false))
    Out.Doubt = true; // unreadable main file: the parse reports it
  // -include FILE: the working directory first, then the search path.
  for (const std::string &F : S.Forced) {
    if (path::is_absolute(F)) {
      Push(F, false);
      continue;
    }
    std::vector<std::string> Dirs{R.Directory};
    Dirs.insert(Dirs.end(), S.Quote.begin(), S.Quote.end());
    Dirs.insert(Dirs.end(), S.User.begin(), S.User.end());
    for (const std::string &D : Dirs) {
      llvm::SmallString<256> P(D);
      path::append(P, F);
      Push(std::string(P), false);
    }
  }
  while (!Work.empty()) {
    auto [N, System] = Work.back();
    Work.pop_back();
    if (!Seen.insert(N).second)
      continue;
    Out.Files.push_back(&text(*N));
    if (!System && !N->Project.Rel.empty())
      Out.ProjectFiles.push_back(&N->Project);
    for (const Edge &E : edges(*N, S, Id))
      Work.push_back(
          {E.To, E.How == Via::Inherit ? System : E.How == Via::System});
  }
  return Out;
}

} // namespace afalg
