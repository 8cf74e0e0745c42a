// parseBaseline() on fuzzed JSON and SARIF: a baseline file comes from an
// earlier run, possibly another version, possibly edited by hand.
#include "policy/Baseline.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto B = policy::parseBaseline(Text, "fuzz.json");
  if (!B) {
    llvm::consumeError(B.takeError());
    return 0;
  }
  // Matching a parsed baseline must work too.
  Finding F;
  F.Loc.File = "a.c";
  F.Loc.Line = 1;
  F.Message = "m";
  policy::matchBaseline(*B, {F, F});
  return 0;
}
