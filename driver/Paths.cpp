#include "Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <ctime>
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

const std::string &RealDirs::get(llvm::StringRef Dir) {
  if (auto It = Memo.find(Dir); It != Memo.end())
    return It->second;
  std::string Out;
  auto Slow = [&] {
    llvm::SmallString<256> Real;
    if (!fs::real_path(Dir, Real) && fs::is_directory(Real))
      Out = std::string(Real);
  };
  if (Dir == "/") {
    Out = "/";
  } else if (!isNormalAbsolutePath(Dir)) {
    Slow(); // ".." after a symlink is not what it says lexically
  } else {
    std::string Parent = get(path::parent_path(Dir));
    struct stat St;
    if (!Parent.empty() && ::lstat(Dir.str().c_str(), &St) == 0) {
      if (S_ISDIR(St.st_mode))
        Out = joinNormalPath(Parent, path::filename(Dir));
      else if (S_ISLNK(St.st_mode))
        Slow();
    }
  }
  return Memo.try_emplace(Dir, std::move(Out)).first->second;
}

std::string dirStamp(llvm::StringRef Dir, int64_t RacyWindowNs) {
  struct stat St;
  if (::stat(Dir.str().c_str(), &St) != 0 || !S_ISDIR(St.st_mode))
    return "";
  auto Ns = [](const struct timespec &T) {
    return int64_t(T.tv_sec) * 1'000'000'000 + T.tv_nsec;
  };
  struct timespec Now;
  clock_gettime(CLOCK_REALTIME, &Now);
  int64_t M = Ns(St.st_mtim), C = Ns(St.st_ctim);
  if (std::max(M, C) > Ns(Now) - RacyWindowNs)
    return "";
  return std::to_string(St.st_dev) + ":" + std::to_string(St.st_ino) + ":" +
         std::to_string(M) + ":" + std::to_string(C);
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
  } else if (const std::string &Dir = Dirs.get(path::parent_path(A));
             !Dir.empty()) {
    Out = joinNormalPath(Dir, Name);
    llvm::StringRef Parent = path::parent_path(A);
    if (Logging && Stamped.try_emplace(Parent, true).second)
      if (std::string Stamp = dirStamp(Parent, RacyWindowNs); !Stamp.empty())
        Log.push_back({FsCheck::DirStamp, Parent.str(), Stamp});
  } else {
    Out = realAbsolute(A);
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
  RealDirs Dirs;
  llvm::StringMap<bool> Unchanged;
  for (const FsCheck &C : Checks) {
    if (C.K == FsCheck::DirStamp) {
      // A stamp taken now would be racy: then the files are asked again.
      Unchanged[C.In] = dirStamp(C.In, 0) == C.Out;
      continue;
    }
    if (C.K == FsCheck::IsDirectory) {
      if (Again.isDirectory(C.In) != !C.Out.empty())
        return false;
      continue;
    }
    llvm::SmallString<256> A(C.In);
    fs::make_absolute(A);
    path::remove_dots(A, true);
    llvm::StringRef Parent = path::parent_path(A);
    if (Unchanged.lookup(Parent)) {
      // The same entry under the same name: the regular file it was, in a
      // directory whose own real path is asked again.
      const std::string &Dir = Dirs.get(Parent);
      if (!Dir.empty() && joinNormalPath(Dir, path::filename(A)) == C.Out)
        continue;
    }
    if (Again.file(C.In) != C.Out)
      return false;
  }
  return true;
}

} // namespace afalg
