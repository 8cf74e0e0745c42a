// decodePlan() on fuzzed bytes: plan entries live in a cache directory that
// other runs (and users) write. What it accepts must encode back to the
// same bytes; nothing may crash or allocate without bound. Seeds: entries
// a real run wrote (cache-dir/plans/*.plan).
#include "driver/PlanCache.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  // The database digest an entry names is its own: the one it must match.
  llvm::StringRef Rest = Bytes.split('\n').second;
  if (Rest.size() < 4)
    return 0;
  uint32_t N = 0;
  for (int I = 0; I < 4; ++I)
    N |= uint32_t(uint8_t(Rest[I])) << (8 * I);
  std::string Digest = Rest.drop_front(4).take_front(N).str();
  std::optional<DbPlan> P = decodePlan(Bytes, Digest);
  if (P && encodePlan(Digest, *P) != Bytes)
    __builtin_trap();
  return 0;
}
