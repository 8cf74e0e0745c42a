#include "Paths.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

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

bool isInside(llvm::StringRef Child, llvm::StringRef Dir) {
  return Child == Dir ||
         (Child.starts_with(Dir) &&
          (Dir.ends_with("/") || Child.substr(Dir.size()).starts_with("/")));
}

} // namespace afalg
