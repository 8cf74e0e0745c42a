#include "Scan.h"
#include "Cache.h"
#include "FileStates.h"
#include "ParallelFor.h"
#include "Prefilter.h"
#include "Worker.h"
#include "model/Link.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

#ifndef AFALG_VERSION
#define AFALG_VERSION "0.0.0"
#endif

namespace afalg {

static void now(double &Wall, double &Cpu) {
  llvm::sys::TimePoint<> Elapsed;
  std::chrono::nanoseconds User, Sys;
  llvm::sys::Process::GetTimeUsage(Elapsed, User, Sys);
  Wall = std::chrono::duration<double>(Elapsed.time_since_epoch()).count();
  Cpu = std::chrono::duration<double>(User + Sys).count();
}

PhaseClock::PhaseClock() { now(Wall, Cpu); }

void PhaseClock::add(const char *Name, std::vector<PhaseTime> &Into) {
  double W, C;
  now(W, C);
  Into.push_back({Name, W - Wall, C - Cpu});
  Wall = W;
  Cpu = C;
}

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

/// State shared by the extraction batches of one scan.
struct BatchEnv {
  ProjectInfo Project;
  const ScanConfig &Config;
  FileStates &Files;
  unsigned Done = 0, Total = 0;
};

/// The run's file states: with a cache, kept in it from run to run.
static std::unique_ptr<FileStates> fileStates(const InputPlan &Plan,
                                              const ScanConfig &Config) {
  std::vector<std::string> Prefixes = kcapiPrefixes(Plan);
  std::string Records =
      Config.Cache
          ? FileStates::recordPath(Config.Cache->dir(), Plan.Root, Prefixes)
          : "";
  return std::make_unique<FileStates>(std::move(Prefixes), std::move(Records));
}

static void extractBatch(const std::vector<const ExtractRequest *> &Reqs,
                         BatchEnv &Env, std::vector<TUFacts> &Out) {
  const ProjectInfo &Project = Env.Project;
  ResultCache *Cache = Env.Config.Cache;
  size_t Base = Out.size();
  Out.resize(Base + Reqs.size());
  std::mutex M;
  auto Finished = [&](size_t I, TUFacts F) {
    Out[Base + I] = std::move(F);
    std::lock_guard<std::mutex> L(M);
    ++Env.Done;
    if (Env.Config.Progress)
      Env.Config.Progress(Env.Done, Env.Total, Reqs[I]->File);
  };
  // First what needs no parse (unparseable files, cache hits), then the
  // parses: between the two the process has no other thread, so the first
  // worker can be forked rather than exec()ed (prestartWorker), and only
  // when a TU is to be parsed at all.
  std::vector<size_t> ToParse(Reqs.size());
  std::atomic<size_t> Pending{0};
  parallelFor(Reqs.size(), Env.Config.Jobs, [&](size_t I) {
    const ExtractRequest &R = *Reqs[I];
    // A text the prefilter scanned this run was readable, not binary.
    const FileText *Known = Env.Files.knownText(R.File);
    std::string Why = Known && !Known->Doubt ? "" : unparseableReason(R.File);
    std::optional<TUFacts> Hit;
    if (!Why.empty()) {
      TUFacts F;
      F.MainFile = R.File;
      F.Failed = true;
      F.FailReason = Why;
      Finished(I, std::move(F));
    } else if (Cache && (Hit = Cache->lookup(R, Project, &Env.Files))) {
      Finished(I, std::move(*Hit));
    } else {
      ToParse[Pending++] = I;
    }
  });
  if (!Pending)
    return;
  ToParse.resize(Pending);
  // Parse in request order: the thread pool starts tasks in FIFO order.
  std::sort(ToParse.begin(), ToParse.end());
  prestartWorker();
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Env.Config.Jobs));
  for (size_t I : ToParse)
    Pool.async([&, I] {
      const ExtractRequest &R = *Reqs[I];
      int64_t Start = FileStates::clock();
      // Worker.h: in-process or isolated.
      TUFacts F = extractDispatch(R, Project);
      if (Cache) {
        Cache->store(R, Project, F, &Env.Files);
        // The next run checks this entry's dependencies by their stamps.
        if (!F.Failed)
          for (const auto &[File, Hash] : F.AllFiles)
            Env.Files.adopt(File, Hash, Start);
      }
      Finished(I, std::move(F));
    });
  Pool.wait();
}

/// What a run without prefilter analyses: every selected source, then the
/// selected headers that no extracted source includes.
static void
extractPlain(const InputPlan &Plan, BatchEnv &Env,
             const std::function<bool(const ExtractRequest &)> &Select,
             std::vector<TUFacts> &Sources, std::vector<TUFacts> &Headers) {
  std::vector<const ExtractRequest *> Batch;
  for (const ExtractRequest &R : Plan.Sources)
    if (Select(R))
      Batch.push_back(&R);
  Env.Total = Env.Done + Batch.size() + Plan.Headers.size();
  extractBatch(Batch, Env, Sources);
  // Headers that no source includes are still the project's code.
  llvm::StringSet<> Seen;
  for (const TUFacts &F : Sources)
    for (const std::string &P : F.Files)
      Seen.insert(P);
  Batch.clear();
  for (const ExtractRequest &R : Plan.Headers)
    if (Select(R) && !Seen.contains(relative(R.File, Plan.Root)))
      Batch.push_back(&R);
  Env.Total = Env.Done + Batch.size();
  extractBatch(Batch, Env, Headers);
}

std::vector<TUFacts> extractAll(const InputPlan &Plan, unsigned Jobs,
                                const ProgressFn &Progress) {
  ScanConfig C;
  C.Jobs = Jobs;
  C.Progress = Progress;
  FileStates Files;
  BatchEnv Env{{Plan.Root}, C, Files};
  std::vector<TUFacts> Out, Headers;
  extractPlain(
      Plan, Env, [](const ExtractRequest &) { return true; }, Out, Headers);
  for (TUFacts &F : Headers)
    Out.push_back(std::move(F));
  return Out;
}

ScanResult assembleScan(const std::vector<TUFacts> &Facts,
                        const std::vector<InputError> &PlanErrors,
                        const std::string &Root) {
  ScanResult R = link(Facts);
  for (const InputError &E : PlanErrors)
    R.Errors.push_back({relative(E.File, Root), E.Message});
  for (const TUFacts &F : Facts) {
    std::string Rel = relative(F.MainFile, Root);
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

/// Files whose text, as analysed, holds no suppression directive: the
/// policy step need not read them again.
static void markDirectiveFree(ScanResult &R, const FileStates &Files,
                              const std::string &Root) {
  for (const auto &[Rel, Hash] : R.FileHashes) {
    llvm::SmallString<256> P(Root);
    llvm::sys::path::append(P, Rel);
    const FileText *T = Files.knownText(std::string(P));
    if (T && !T->Directives && T->Hash == Hash)
      R.NoDirectives.insert(Rel);
  }
}

static void finishFiles(FileStates &Files, ScanStats &S) {
  Files.save();
  FileStates::Stats FS = Files.stats();
  S.FilesRead = FS.Read;
  S.FilesKnown = FS.Known;
}

ScanResult runScan(const InputPlan &Plan, const ScanConfig &Config,
                   ScanStats *Stats) {
  std::unique_ptr<FileStates> Files = fileStates(Plan, Config);
  BatchEnv Env{{Plan.Root}, Config, *Files};
  ScanStats S;
  if (!Config.Prefilter) {
    PhaseClock Clock;
    std::vector<TUFacts> Facts, Headers;
    extractPlain(
        Plan, Env, [](const ExtractRequest &) { return true; }, Facts, Headers);
    for (TUFacts &F : Headers)
      Facts.push_back(std::move(F));
    S.TUs = S.Extracted = Facts.size();
    Clock.add("extract", S.Phases);
    finishFiles(*Files, S);
    Clock.add("file states", S.Phases);
    ScanResult R = assembleScan(Facts, Plan.Errors, Plan.Root);
    Clock.add("link", S.Phases);
    if (Stats)
      *Stats = S;
    return R;
  }
  PhaseClock Clock;
  PrefilterResult P = extractRelevant(
      Plan, Config.Jobs,
      [&](const std::vector<const ExtractRequest *> &Reqs) {
        std::vector<TUFacts> Out;
        Env.Total = Env.Done + Reqs.size();
        extractBatch(Reqs, Env, Out);
        return Out;
      },
      Files.get());
  Clock.add("prefilter and extract", S.Phases);
  ScanResult R = assembleScan(P.Facts, Plan.Errors, Plan.Root);
  Clock.add("link", S.Phases);
  // What the prefilter proved irrelevant was analysed, by its text: the
  // report reads the same as without the prefilter.
  R.Analysed += P.Unparsed;
  for (const auto &[File, Hash] : P.FileHashes)
    R.FileHashes.emplace(File, Hash);
  S.Extracted = Env.Done;
  S.Prefiltered = P.Unparsed;
  S.TUs = S.Extracted + S.Prefiltered;
  S.Seeded = P.Seeded;
  S.Rounds = P.Rounds;
  S.Widened = P.Widened;
  markDirectiveFree(R, *Files, Plan.Root);
  finishFiles(*Files, S);
  Clock.add("file states", S.Phases);
  if (Stats)
    *Stats = S;
  return R;
}

ScanResult runScan(const InputPlan &Plan, unsigned Jobs,
                   const ProgressFn &Progress) {
  ScanConfig C;
  C.Jobs = Jobs;
  C.Progress = Progress;
  return runScan(Plan, C);
}

FactsBundle extractShard(const InputPlan &Plan, const ShardSpec &Shard,
                         const ScanConfig &Config, ScanStats *Stats) {
  std::unique_ptr<FileStates> Files = fileStates(Plan, Config);
  BatchEnv Env{{Plan.Root}, Config, *Files};
  FactsBundle B;
  B.ToolVersion = AFALG_VERSION;
  B.Root = Plan.Root;
  B.Audit = Plan.Audit;
  B.Shard = Shard;
  extractPlain(
      Plan, Env,
      [&](const ExtractRequest &R) {
        return Shard.selects(relative(R.File, Plan.Root));
      },
      B.Sources, B.Headers);
  // Relative paths: the merge may run elsewhere.
  for (auto *List : {&B.Sources, &B.Headers})
    for (TUFacts &F : *List)
      F.MainFile = relative(F.MainFile, Plan.Root);
  for (const InputError &E : Plan.Errors) {
    std::string Rel = relative(E.File, Plan.Root);
    if (Shard.selects(Rel))
      B.Errors.push_back({Rel, E.Message});
  }
  ScanStats S;
  S.TUs = S.Extracted = B.Sources.size() + B.Headers.size();
  finishFiles(*Files, S);
  if (Stats)
    *Stats = S;
  return B;
}

} // namespace afalg
