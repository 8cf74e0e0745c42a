// parseUnifiedDiff() on fuzzed text: git's output for arbitrary file names
// and contents.
#include "policy/GitChanges.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto C = policy::parseUnifiedDiff(Text);
  if (!C) {
    llvm::consumeError(C.takeError());
    return 0;
  }
  for (const auto &[File, Change] : C->Files) {
    // The ranges are documented as sorted, merged and disjoint.
    for (size_t I = 0; I < Change.Ranges.size(); ++I) {
      const policy::LineRange &R = Change.Ranges[I];
      if (R.Begin > R.End || (I && Change.Ranges[I - 1].End + 1 >= R.Begin))
        __builtin_trap();
    }
    C->touches(File, 1, 100);
  }
  return 0;
}
