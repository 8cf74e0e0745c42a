#include "Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <sys/stat.h>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

std::string realAbsolute(llvm::StringRef P, llvm::StringRef Dir) {
  llvm::SmallString<256> A(P);
  if (!path::is_absolute(A) && !Dir.empty()) {
    A = Dir;
    path::append(A, P);
  }
  fs::make_absolute(A);
  path::remove_dots(A, true);
  llvm::SmallString<256> Real;
  if (!fs::real_path(A, Real))
    return std::string(Real);
  return std::string(A);
}

bool isNormalAbsolutePath(llvm::StringRef P) {
  if (!P.starts_with("/") || (P.size() > 1 && P.ends_with("/")))
    return false;
  // One pass: a component starts after each '/'.
  for (size_t I = 0, N = P.size(); I < N; ++I) {
    if (P[I] != '/')
      continue;
    size_t Len = P.find('/', I + 1);
    Len = (Len == llvm::StringRef::npos ? N : Len) - I - 1;
    if ((Len == 0 && I + 1 < N) || (Len == 1 && P[I + 1] == '.') ||
        (Len == 2 && P[I + 1] == '.' && P[I + 2] == '.'))
      return false;
    I += Len;
  }
  return true;
}

std::string joinNormalPath(llvm::StringRef Dir, llvm::StringRef Name) {
  std::string C;
  C.reserve(Dir.size() + 1 + Name.size());
  C += Dir;
  if (!Dir.empty() && !Dir.ends_with("/"))
    C += '/';
  C += Name;
  if (isNormalAbsolutePath(C))
    return C;
  llvm::SmallString<256> S(C);
  path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

bool isInside(llvm::StringRef Child, llvm::StringRef Dir) {
  return Child == Dir ||
         (Child.starts_with(Dir) &&
          (Dir.ends_with("/") || Child.substr(Dir.size()).starts_with("/")));
}

std::string RealPaths::file(llvm::StringRef P) {
  llvm::SmallString<256> A(P);
  fs::make_absolute(A);
  path::remove_dots(A, true);
  llvm::StringRef Name = path::filename(A);
  struct stat St;
  std::string Out;
  if (::lstat(A.c_str(), &St) != 0 || !S_ISREG(St.st_mode) || Name == "." ||
      Name == "..") {
    Out = realAbsolute(A);
  } else {
    auto [It, New] = Dirs.try_emplace(path::parent_path(A), "");
    if (New)
      It->second = realAbsolute(It->first());
    llvm::SmallString<256> R(It->second);
    path::append(R, Name);
    Out = std::string(R);
  }
  if (Logging)
    Log.push_back({FsCheck::RealFile, P.str(), Out});
  return Out;
}

bool RealPaths::isDirectory(llvm::StringRef D) {
  auto [It, New] = IsDir.try_emplace(D, false);
  if (New)
    It->second = fs::is_directory(D);
  if (Logging && New)
    Log.push_back({FsCheck::IsDirectory, D.str(), It->second ? "1" : ""});
  return It->second;
}

bool checksHold(const std::vector<FsCheck> &Checks) {
  RealPaths Again;
  for (const FsCheck &C : Checks) {
    bool Same = C.K == FsCheck::RealFile
                    ? Again.file(C.In) == C.Out
                    : Again.isDirectory(C.In) == !C.Out.empty();
    if (!Same)
      return false;
  }
  return true;
}

} // namespace afalg
