#ifndef AFALG_TESTS_CONFIG_TEMPDIR_H
#define AFALG_TESTS_CONFIG_TEMPDIR_H

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <fstream>
#include <string>

namespace afalg::test {

/// A scratch directory (real path, so it compares equal to what the tool
/// computes), removed with everything in it.
struct TempDir {
  std::string Path;
  TempDir() {
    llvm::SmallString<128> P, Real;
    llvm::sys::fs::createUniqueDirectory("afalg-config", P);
    llvm::sys::fs::real_path(P, Real);
    Path = std::string(Real);
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string file(const std::string &Name) const { return Path + "/" + Name; }
  std::string write(const std::string &Name, const std::string &Text) const {
    std::string F = file(Name);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(F));
    std::ofstream(F, std::ios::binary) << Text;
    return F;
  }
};

} // namespace afalg::test

#endif
