// sanitizeCommand() on fuzzed argument vectors (NUL-separated): whatever
// the flags, the result starts with our clang and ends with our resource
// directory, and no -Xclang is left without its value.
#include "driver/Inputs.h"
#include <cstdint>

using namespace afalg;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::vector<std::string> Cmd(1, "cc");
  std::string Cur;
  for (size_t I = 0; I < Size; ++I) {
    if (Data[I] == 0) {
      Cmd.push_back(Cur);
      Cur.clear();
    } else {
      Cur += static_cast<char>(Data[I]);
    }
  }
  Cmd.push_back(Cur);
  // A root nothing is inside: response files must not be read.
  std::vector<std::string> Out =
      sanitizeCommand(Cmd, "/nonexistent-afalg-root", "/");
  if (Out.size() < 3 || Out[0] != "clang" ||
      Out.back().rfind("-resource-dir=", 0) != 0)
    __builtin_trap();
  for (size_t I = 0; I < Out.size(); ++I)
    if (Out[I] == "-Xclang" && I + 1 == Out.size())
      __builtin_trap();
  return 0;
}
