#include "Scan.h"
#include "model/Link.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <algorithm>
#include <mutex>

namespace afalg {

std::string unparseableReason(const std::string &File) {
  auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return "cannot be read: " + Buf.getError().message();
  llvm::StringRef Head = (*Buf)->getBuffer().take_front(65536);
  if (Head.contains('\0'))
    return "is a binary file, not C or C++ source";
  return "";
}

static std::string relative(const std::string &File, const std::string &Root) {
  llvm::StringRef F = File;
  if (F.consume_front(Root) && F.starts_with("/"))
    return llvm::sys::path::convert_to_slash(F.drop_front());
  return llvm::sys::path::convert_to_slash(File);
}

static void extractBatch(const std::vector<const ExtractRequest *> &Reqs,
                         const ProjectInfo &Project, unsigned Jobs,
                         std::vector<TUFacts> &Out, unsigned &Done,
                         unsigned Total, const ProgressFn &Progress) {
  size_t Base = Out.size();
  Out.resize(Base + Reqs.size());
  std::mutex M;
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  for (size_t I = 0; I < Reqs.size(); ++I)
    Pool.async([&, I] {
      const ExtractRequest &R = *Reqs[I];
      TUFacts F;
      std::string Why = unparseableReason(R.File);
      if (!Why.empty()) {
        F.MainFile = R.File;
        F.Failed = true;
        F.FailReason = Why;
      } else {
        F = extractTU(R, Project);
      }
      Out[Base + I] = std::move(F);
      std::lock_guard<std::mutex> L(M);
      ++Done;
      if (Progress)
        Progress(Done, Total, R.File);
    });
  Pool.wait();
}

std::vector<TUFacts> extractAll(const InputPlan &Plan, unsigned Jobs,
                                const ProgressFn &Progress) {
  ProjectInfo Project{Plan.Root};
  std::vector<TUFacts> Out;
  unsigned Done = 0;
  unsigned Total = Plan.Sources.size() + Plan.Headers.size();
  std::vector<const ExtractRequest *> Batch;
  for (const ExtractRequest &R : Plan.Sources)
    Batch.push_back(&R);
  extractBatch(Batch, Project, Jobs, Out, Done, Total, Progress);
  // Headers that no source includes are still the project's code.
  llvm::StringSet<> Seen;
  for (const TUFacts &F : Out)
    for (const std::string &P : F.Files)
      Seen.insert(P);
  Batch.clear();
  for (const ExtractRequest &R : Plan.Headers)
    if (!Seen.contains(relative(R.File, Plan.Root)))
      Batch.push_back(&R);
  Total = Done + Batch.size();
  extractBatch(Batch, Project, Jobs, Out, Done, Total, Progress);
  return Out;
}

ScanResult runScan(const InputPlan &Plan, unsigned Jobs,
                   const ProgressFn &Progress) {
  std::vector<TUFacts> Facts = extractAll(Plan, Jobs, Progress);
  ScanResult R = link(Facts);
  for (const InputError &E : Plan.Errors)
    R.Errors.push_back({relative(E.File, Plan.Root), E.Message});
  for (const TUFacts &F : Facts) {
    std::string Rel = relative(F.MainFile, Plan.Root);
    if (F.Failed) {
      R.Errors.push_back({Rel, F.FailReason});
      continue;
    }
    ++R.Analysed;
    if (!F.MissingHeaders.empty()) {
      std::vector<std::string> Names = F.MissingHeaders;
      std::sort(Names.begin(), Names.end());
      Names.erase(std::unique(Names.begin(), Names.end()), Names.end());
      std::string List;
      for (const std::string &H : Names)
        List += (List.empty() ? "" : ", ") + H;
      R.Partial.push_back({Rel, "missing headers skipped: " + List});
    } else if (F.ErrorCount) {
      R.Errors.push_back({Rel, "does not parse (" +
                                   std::to_string(F.ErrorCount) +
                                   " errors; first: " + F.FirstError + ")"});
    }
  }
  auto ByFile = [](const InputError &A, const InputError &B) {
    return std::tie(A.File, A.Message) < std::tie(B.File, B.Message);
  };
  std::sort(R.Errors.begin(), R.Errors.end(), ByFile);
  std::sort(R.Partial.begin(), R.Partial.end(), ByFile);
  return R;
}

} // namespace afalg
