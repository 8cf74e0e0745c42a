// factsFromJson() on fuzzed text: facts come from caches and from shards
// computed elsewhere. What it accepts must round-trip exactly and link.
#include "model/FactsJson.h"
#include "model/Link.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto F = factsFromJson(Text, "fuzz");
  if (!F) {
    llvm::consumeError(F.takeError());
    return 0;
  }
  std::string Once = factsToJson(*F);
  auto Back = factsFromJson(Once, "round-trip");
  if (!Back || factsToJson(*Back) != Once)
    __builtin_trap();
  link({*F, *Back});
  return 0;
}
