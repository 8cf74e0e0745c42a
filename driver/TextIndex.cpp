#include "TextIndex.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <set>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

/// Where a TU's #includes are looked up, from its command line.
struct SearchPath {
  std::vector<std::string> Quote, User, System, Forced;
  bool Doubt = false;
};

bool inside(llvm::StringRef P, llvm::StringRef Dir) {
  return P.starts_with(Dir) &&
         (P.size() == Dir.size() || P[Dir.size()] == '/' || Dir.ends_with("/"));
}

SearchPath searchPath(const ExtractRequest &R, llvm::StringRef Root) {
  SearchPath S;
  auto Abs = [&](llvm::StringRef P) {
    llvm::SmallString<256> A(P);
    if (!path::is_absolute(A)) {
      A = R.Directory;
      path::append(A, P);
    }
    path::remove_dots(A, /*remove_dot_dot=*/true);
    return std::string(A);
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

} // namespace

const FileText &TextIndex::file(const std::string &Path) {
  Entry *E;
  {
    std::lock_guard<std::mutex> L(M);
    auto &Slot = Files[Path];
    if (!Slot)
      Slot = std::make_unique<Entry>();
    E = Slot.get();
  }
  std::call_once(E->Once, [&] {
    auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!Buf)
      E->Text.Doubt = true; // unreadable: the parse reports it
    else
      E->Text = scanFileText((*Buf)->getBuffer(), ExtraPrefixes);
  });
  return E->Text;
}

std::string TextIndex::resolve(const std::string &P) {
  {
    std::lock_guard<std::mutex> L(M);
    if (auto It = RealPaths.find(P); It != RealPaths.end())
      return It->second;
  }
  llvm::SmallString<256> Real;
  std::string Out;
  if (!fs::is_directory(P) && !fs::real_path(P, Real))
    Out = std::string(Real);
  std::lock_guard<std::mutex> L(M);
  RealPaths[P] = Out;
  return Out;
}

TUText TextIndex::closure(const ExtractRequest &R) {
  SearchPath S = searchPath(R, Root);
  TUText Out;
  Out.Doubt = S.Doubt;
  // (real path, reached through a system directory)
  std::vector<std::pair<std::string, bool>> Work;
  std::set<std::string> Seen;
  auto Push = [&](const std::string &Candidate, bool System) {
    std::string Real = resolve(Candidate);
    if (!Real.empty())
      Work.push_back({Real, System});
  };
  Push(R.File, false);
  if (resolve(R.File).empty())
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
    auto [P, System] = Work.back();
    Work.pop_back();
    if (!Seen.insert(P).second)
      continue;
    const FileText &F = file(P);
    Out.Files.push_back(&F);
    llvm::StringRef Rel = P;
    if (!System && Rel.consume_front(Root) && Rel.consume_front("/"))
      Out.ProjectFiles.push_back({Rel.str(), F.Hash});
    llvm::StringRef Dir = path::parent_path(P);
    // Every match along the path, not only the first: more text can only
    // make a TU look relevant.
    for (const FileText::Include &I : F.Includes) {
      if (path::is_absolute(I.Name)) {
        Push(I.Name, System);
        continue;
      }
      auto Try = [&](llvm::StringRef D, bool Sys) {
        llvm::SmallString<256> C(D);
        path::append(C, I.Name);
        path::remove_dots(C, /*remove_dot_dot=*/true);
        Push(std::string(C), Sys);
      };
      if (!I.Angled) {
        Try(Dir, System);
        for (const std::string &D : S.Quote)
          Try(D, false);
      }
      for (const std::string &D : S.User)
        Try(D, false);
      for (const std::string &D : S.System)
        Try(D, true);
    }
  }
  return Out;
}

} // namespace afalg
