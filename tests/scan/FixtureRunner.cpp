// Scans one fixture (a file, or a directory for multi-file fixtures) in
// audit mode and fails on any missing or unexpected finding.
#include "Expectations.h"
#include "driver/Inputs.h"
#include "driver/Scan.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace afalg;

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: fixture_runner FILE-OR-DIR\n";
    return 2;
  }
  std::string Target = argv[1];
  bool IsDir = llvm::sys::fs::is_directory(Target);
  Options O;
  O.Paths = {Target};
  O.Root = IsDir ? Target : std::string(llvm::sys::path::parent_path(Target));
  O.Jobs = 1;
  auto Plan = planInputs(O);
  if (!Plan) {
    llvm::errs() << llvm::toString(Plan.takeError()) << "\n";
    return 2;
  }
  ScanResult R = runScan(*Plan, 1);
  ExpectationSet Expected;
  for (const auto *List : {&Plan->Sources, &Plan->Headers})
    for (const ExtractRequest &Req : *List) {
      auto Buf = llvm::MemoryBuffer::getFile(Req.File);
      if (!Buf)
        continue;
      llvm::StringRef Rel = Req.File;
      Rel.consume_front(Plan->Root);
      Rel.consume_front("/");
      parseExpectations(Rel.str(), (*Buf)->getBuffer().str(), Expected);
    }
  std::vector<std::string> Diffs = compareFindings(Expected, R.Findings);
  for (const InputError &E : R.Errors)
    Diffs.push_back(E.File + ": input error: " + E.Message);
  for (const std::string &D : Diffs)
    llvm::outs() << D << "\n";
  llvm::outs() << Expected.Items.size() << " expected, " << R.Findings.size()
               << " found, " << Diffs.size() << " differences\n";
  return Diffs.empty() ? 0 : 1;
}
