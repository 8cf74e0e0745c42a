#ifndef AFALG_DRIVER_PARALLELFOR_H
#define AFALG_DRIVER_PARALLELFOR_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include <cstddef>

namespace afalg {

/// Runs Fn(0) ... Fn(N - 1) on up to Jobs threads (0: all cores), the
/// calling thread among them, each taking the next index. One task per
/// thread rather than per item: a warm run's items (2000 closures, say)
/// are so cheap that handing each to a pool cost more than the work, in
/// futex calls. Threads start only when the first items show that the
/// rest would take long enough to gain from them. No thread is left
/// running on return.
void parallelFor(size_t N, unsigned Jobs, llvm::function_ref<void(size_t)> Fn);

} // namespace afalg

#endif
