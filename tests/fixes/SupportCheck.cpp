// Compares the fixer's support table with what the compat runtime itself
// reports (the probe's output), so "not fixable: LIB has no X" can never
// disagree with the runtime that will run the code.
#include "fixes/Support.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    llvm::errs() << "usage: support_check LIB PROBE-OUTPUT\n";
    return 2;
  }
  auto Buf = llvm::MemoryBuffer::getFile(argv[2]);
  if (!Buf) {
    llvm::errs() << "cannot read " << argv[2] << "\n";
    return 2;
  }
  llvm::SmallVector<llvm::StringRef> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, false);
  unsigned Bad = 0;
  for (llvm::StringRef L : Lines) {
    auto [Type, Rest] = L.split(' ');
    auto [Name, Bit] = Rest.split(' ');
    bool Runtime = Bit == "1";
    bool Table = afalg::compatSupports(argv[1], {Type.str(), Name.str()});
    if (Runtime != Table) {
      llvm::outs() << argv[1] << ": " << Type << " " << Name << ": runtime "
                   << Runtime << ", fixer table " << Table << "\n";
      ++Bad;
    }
  }
  llvm::outs() << Lines.size() - Bad << " passed, " << Bad << " failed\n";
  return Bad ? 1 : 0;
}
