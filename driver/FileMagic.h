#ifndef AFALG_DRIVER_FILEMAGIC_H
#define AFALG_DRIVER_FILEMAGIC_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace afalg {

/// The first line of a file the tool keeps between runs (file records,
/// compile database plans): "afalg-scan-KIND VERSION TOOL-VERSION
/// LLVM-VERSION\n". What the files hold changes with this tool's and
/// Clang's versions (the raw lexer, the sanitised commands), so a file of
/// another version reads as absent.
std::string fileMagic(llvm::StringRef Kind, unsigned FormatVersion);

} // namespace afalg

#endif
