// scanTokens() on fuzzed buffers: it reads inactive #if code and files
// that did not parse, i.e. anything. The first bytes choose the scanned
// range, the language and a skipped range, within the buffer as its
// callers guarantee (a NUL-terminated whole file, offsets inside it).
#include "matchers/TokenScan.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 4)
    return 0;
  std::string Buf(reinterpret_cast<const char *>(Data) + 4, Size - 4);
  unsigned N = Buf.size() + 1;
  unsigned Begin = Data[0] % N, End = Begin + Data[1] % (N - Begin + 1);
  unsigned SkipB = Data[2] % N, SkipE = SkipB + Data[3] % (N - SkipB + 1);
  std::vector<std::pair<unsigned, unsigned>> Skip;
  if (Data[3] & 1)
    Skip.push_back({SkipB, SkipE});
  for (const TokenHit &H : scanTokens(Buf, Begin, End, Data[0] & 1, Skip))
    if (H.Offset > Buf.size() || H.EndOffset > Buf.size() ||
        H.EndOffset <= H.Offset)
      __builtin_trap();
  return 0;
}
