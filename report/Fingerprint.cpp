#include "report/Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <map>

namespace afalg {
namespace report {

std::string normalizeMessage(llvm::StringRef Message) {
  std::string Out;
  Out.reserve(Message.size());
  bool PendingSpace = false;
  for (size_t I = 0; I < Message.size(); ++I) {
    char C = Message[I];
    if (llvm::isSpace(C)) {
      PendingSpace = !Out.empty();
      continue;
    }
    if (PendingSpace)
      Out += ' ';
    PendingSpace = false;
    if (llvm::isDigit(C) && (llvm::StringRef(Out).ends_with("line ") ||
                             llvm::StringRef(Out).ends_with(":"))) {
      while (I + 1 < Message.size() && llvm::isDigit(Message[I + 1]))
        ++I;
      Out += '#';
      continue;
    }
    Out += C;
  }
  return Out;
}

std::vector<std::string>
computeFingerprints(const std::vector<const Finding *> &Sorted) {
  std::map<std::string, unsigned> Seen;
  std::vector<std::string> Out;
  Out.reserve(Sorted.size());
  for (const Finding *F : Sorted) {
    // NUL separators keep ("ab", "c") and ("a", "bc") apart.
    std::string Key;
    llvm::raw_string_ostream OS(Key);
    OS << FingerprintKey << '\0' << ruleName(F->Rule) << '\0' << F->Loc.File
       << '\0' << F->Function << '\0' << normalizeMessage(F->Message);
    OS.flush();
    unsigned Occurrence = Seen[Key]++;
    Key += '\0';
    Key += std::to_string(Occurrence);
    std::string Hex;
    llvm::raw_string_ostream HS(Hex);
    HS << llvm::format_hex_no_prefix(llvm::xxh3_64bits(Key), 16);
    HS.flush();
    Out.push_back(std::move(Hex));
  }
  return Out;
}

} // namespace report
} // namespace afalg
