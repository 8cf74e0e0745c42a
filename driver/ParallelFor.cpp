#include "ParallelFor.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <algorithm>
#include <atomic>
#include <chrono>

namespace afalg {

void parallelFor(size_t N, unsigned Jobs, llvm::function_ref<void(size_t)> Fn) {
  size_t Threads = std::min<size_t>(
      N, llvm::hardware_concurrency(Jobs).compute_thread_count());
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next++) < N;)
      Fn(I);
  };
  if (Threads <= 1)
    return Work();
  // The first items run here alone: when what is left would take less
  // than MinParallel at their pace, threads would cost more (start-up,
  // lock contention, a malloc arena each) than they save. A warm run's
  // items, known by their stamps, take microseconds; a cold run's, which
  // read and lex files, take a millisecond or more.
  using Clock = std::chrono::steady_clock;
  constexpr auto MinParallel = std::chrono::milliseconds(20);
  auto Start = Clock::now();
  size_t Probe = std::min<size_t>(N, 64);
  while (Next < Probe)
    Fn(Next++);
  auto Spent = Clock::now() - Start;
  if (Spent * (N - Probe) < MinParallel * Probe)
    return Work();
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Threads - 1));
  for (size_t T = 1; T < Threads; ++T)
    Pool.async(Work);
  Work();
  Pool.wait();
}

} // namespace afalg
