#include "FileMagic.h"
#include "llvm/Config/llvm-config.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0.0.0"
#endif

namespace afalg {

std::string fileMagic(llvm::StringRef Kind, unsigned FormatVersion) {
  return "afalg-scan-" + Kind.str() + " " + std::to_string(FormatVersion) +
         " " + AFALG_VERSION + " " + LLVM_VERSION_STRING + "\n";
}

} // namespace afalg
