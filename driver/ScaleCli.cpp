#include "ScaleCli.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0.0.0"
#endif

namespace afalg {

namespace fs = llvm::sys::fs;

std::unique_ptr<ResultCache> openCache(const Options &O,
                                       llvm::raw_ostream &Err) {
  if (O.NoCache)
    return nullptr;
  std::string Dir = O.CacheDir;
  if (Dir.empty())
    Dir = llvm::sys::Process::GetEnv("AFALG_SCAN_CACHE_DIR").value_or("");
  if (Dir.empty())
    return nullptr;
  auto C = ResultCache::open(Dir);
  if (!C) {
    Err << "afalg-scan: warning: " << llvm::toString(C.takeError())
        << "; running without a cache\n";
    return nullptr;
  }
  return std::move(*C);
}

llvm::Error loadBundles(Options &O, std::vector<FactsBundle> &Bundles) {
  for (const std::string &P : O.Paths) {
    auto Buf = llvm::MemoryBuffer::getFile(P);
    if (!Buf)
      return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                     P.c_str(),
                                     Buf.getError().message().c_str());
    auto B = bundleFromJson((*Buf)->getBuffer(), P);
    if (!B)
      return B.takeError();
    Bundles.push_back(std::move(*B));
  }
  if (O.Root.empty())
    O.Root = !Bundles.empty() && fs::is_directory(Bundles.front().Root)
                 ? Bundles.front().Root
                 : ".";
  llvm::SmallString<256> Root(O.Root);
  fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  O.Root = std::string(Root);
  O.Paths = {O.Root}; // where the configuration is looked for
  return llvm::Error::success();
}

InputPlan mergePlan(const Options &O, const std::vector<FactsBundle> &B) {
  InputPlan Plan;
  Plan.Root = O.Root;
  Plan.Audit = !B.empty() && B.front().Audit;
  return Plan;
}

llvm::Expected<ScanResult> mergeBundles(std::vector<FactsBundle> Bundles,
                                        const std::string &Root,
                                        std::vector<std::string> &Excluded) {
  std::vector<InputError> Errors;
  std::vector<std::string> Rel;
  auto Facts = combineBundles(std::move(Bundles), AFALG_VERSION, Errors, Rel);
  if (!Facts)
    return Facts.takeError();
  for (const std::string &F : Rel)
    Excluded.push_back(Root + "/" + F);
  // Every path in the facts is relative already.
  return assembleScan(*Facts, Errors, "");
}

int writeFactsOut(const Options &O, const InputPlan &Plan,
                  const ScanConfig &Config,
                  const std::vector<std::string> &Excluded,
                  llvm::raw_ostream &Err) {
  ShardSpec S;
  if (O.ShardCount) {
    S.Index = O.ShardIndex;
    S.Count = O.ShardCount;
  }
  ScanStats St;
  FactsBundle B = extractShard(Plan, S, Config, &St);
  for (const std::string &F : Excluded) {
    llvm::StringRef Rel = F;
    if (Rel.consume_front(Plan.Root) && Rel.consume_front("/") &&
        S.selects(Rel.str()))
      B.Excluded.push_back(Rel.str());
  }
  llvm::Expected<std::string> Text = bundleToJson(B);
  if (!Text) {
    Err << "afalg-scan: error: " << llvm::toString(Text.takeError()) << "\n";
    return 2;
  }
  if (llvm::Error E =
          llvm::writeToOutput(O.FactsOut, [&](llvm::raw_ostream &OS) {
            OS << *Text;
            return llvm::Error::success();
          })) {
    Err << "afalg-scan: error: cannot write '" << O.FactsOut
        << "': " << llvm::toString(std::move(E)) << "\n";
    return 2;
  }
  if (O.Stats)
    printStats(St, Config.Cache, Err);
  // Inputs that cannot be analysed are reported (and fail) at the merge.
  return 0;
}

void printStats(const ScanStats &S, const ResultCache *Cache,
                llvm::raw_ostream &Err) {
  Err << "afalg-scan: stats: " << S.TUs << " TUs: " << S.Extracted
      << " extracted";
  if (Cache) {
    ResultCache::Stats C = Cache->stats();
    Err << " (" << C.Hits << " from the cache, " << C.Misses << " parsed";
    if (C.Stale || C.Corrupt)
      Err << "; " << C.Stale << " stale and " << C.Corrupt
          << " unreadable entries";
    Err << "; " << C.Stored << " stored)";
  }
  Err << ", " << S.Prefiltered << " left unparsed by the prefilter ("
      << S.Seeded << " with AF_ALG tokens, " << S.Rounds << " link rounds"
      << (S.Widened ? ", widened to every TU" : "") << "); " << S.FilesRead
      << " files read, " << S.FilesKnown << " known by their stamp"
      << (S.PlanCached ? "; compile database plan from the cache" : "") << "\n";
  if (S.Phases.empty())
    return;
  // Milliseconds: the scale a CI step or a one-file re-run is judged on.
  Err << "afalg-scan: stats: time (wall/CPU ms of this process):";
  const char *Sep = " ";
  for (const PhaseTime &P : S.Phases) {
    Err << Sep << P.Name << " "
        << llvm::format("%.1f/%.1f", P.Wall * 1e3, P.Cpu * 1e3);
    Sep = ", ";
  }
  Err << "\n";
}

} // namespace afalg
