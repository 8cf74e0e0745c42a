// Facts on fuzzed bytes: JSON facts come from shards computed elsewhere,
// binary facts from cache entries. What either decoder accepts must
// round-trip exactly (through both forms) and link.
#include "model/FactsBinary.h"
#include "model/FactsJson.h"
#include "model/Link.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (auto B = factsFromBinary(Text, "fuzz")) {
    // The binary form is canonical: what it accepts, it writes back as is.
    if (factsToBinary(*B) != Text)
      __builtin_trap();
    link({*B});
  } else {
    llvm::consumeError(B.takeError());
  }
  auto F = factsFromJson(Text, "fuzz");
  if (!F) {
    llvm::consumeError(F.takeError());
    return 0;
  }
  std::string Once = factsToJson(*F);
  auto Back = factsFromJson(Once, "round-trip");
  if (!Back || factsToJson(*Back) != Once)
    __builtin_trap();
  auto Bin = factsFromBinary(factsToBinary(*F), "binary");
  if (!Bin || factsToJson(*Bin) != Once)
    __builtin_trap();
  link({*F, *Back});
  return 0;
}
