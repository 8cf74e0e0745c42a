// planInputs() on a fuzzed compile_commands.json: the database is
// untrusted input (DESIGN §6). Any bytes must give a plan or an error.
#include "driver/Inputs.h"
#include "llvm/Support/FileSystem.h"
#include <cstdint>
#include <fstream>

using namespace afalg;

static const std::string &scratch() {
  static std::string Dir = [] {
    llvm::SmallString<128> P;
    llvm::sys::fs::createUniqueDirectory("afalg-fuzz-db", P);
    llvm::sys::fs::create_directories(P + "/build");
    std::ofstream(std::string(P) + "/a.c") << "int a;\n";
    return std::string(P);
  }();
  return Dir;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const std::string &Dir = scratch();
  std::ofstream(Dir + "/build/compile_commands.json", std::ios::binary)
      .write(reinterpret_cast<const char *>(Data), Size);
  Options O;
  O.Paths = {Dir};
  O.Root = Dir;
  O.BuildDir = Dir + "/build";
  llvm::Expected<InputPlan> Plan = planInputs(O);
  if (!Plan) {
    llvm::consumeError(Plan.takeError());
    return 0;
  }
  for (const ExtractRequest &R : Plan->Sources)
    if (R.Args.empty() || R.Args[0].rfind("clang", 0) != 0)
      __builtin_trap(); // sanitised commands always start with our clang
  return 0;
}
