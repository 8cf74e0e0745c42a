#ifndef AFALG_DRIVER_POLICY_H
#define AFALG_DRIVER_POLICY_H

#include "Inputs.h"
#include "Options.h"
#include "model/Finding.h"
#include "llvm/Support/Error.h"

namespace afalg {

/// The CI-lint policy over a scan's findings, in the order that keeps
/// fingerprints stable: in-source suppressions (and findings of
/// afalg-suppression for sloppy ones), --write-baseline, --baseline (only
/// new findings stay), --changed-since/--changed-lines (only findings in
/// changed files or lines stay; the data flow was still whole-program).
llvm::Error applyPolicy(ScanResult &R, const Options &O, const InputPlan &Plan);

} // namespace afalg

#endif
