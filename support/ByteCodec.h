#ifndef AFALG_SUPPORT_BYTECODEC_H
#define AFALG_SUPPORT_BYTECODEC_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace afalg {

/// Little-endian fields for the files the tool keeps between runs (they
/// may sit on a volume shared by machines).
struct ByteWriter {
  std::string Out;
  void u8(uint8_t V) { Out.push_back(char(V)); }
  void u32(uint32_t V) {
    for (int I = 0; I < 4; ++I)
      Out.push_back(char(V >> (8 * I)));
  }
  void u64(uint64_t V) {
    for (int I = 0; I < 8; ++I)
      Out.push_back(char(V >> (8 * I)));
  }
  void str(llvm::StringRef S) {
    u32(S.size());
    Out += S;
  }
};

/// Bounds-checked: a truncated or garbled file reads as Bad, never past
/// its end.
struct ByteReader {
  llvm::StringRef In;
  bool Bad = false;
  bool need(size_t N) {
    if (In.size() < N)
      Bad = true;
    return !Bad;
  }
  uint64_t num(unsigned Bytes) {
    if (!need(Bytes))
      return 0;
    uint64_t V = 0;
    for (unsigned I = 0; I < Bytes; ++I)
      V |= uint64_t(uint8_t(In[I])) << (8 * I);
    In = In.drop_front(Bytes);
    return V;
  }
  uint8_t u8() { return num(1); }
  uint32_t u32() { return num(4); }
  uint64_t u64() { return num(8); }
  std::string str() {
    uint32_t N = u32();
    if (!need(N))
      return "";
    std::string S = In.take_front(N).str();
    In = In.drop_front(N);
    return S;
  }
  /// A count of items at least MinBytes each: larger than what is left
  /// means garbage (and must not reserve gigabytes).
  uint32_t count(size_t MinBytes) {
    uint32_t N = u32();
    if (!Bad && uint64_t(N) * MinBytes > In.size())
      Bad = true;
    return Bad ? 0 : N;
  }
};

} // namespace afalg

#endif
