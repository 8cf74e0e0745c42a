#ifndef AFALG_DRIVER_APP_H
#define AFALG_DRIVER_APP_H

#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace afalg {

/// The whole command: parse options, plan, scan, report, exit code
/// (DESIGN §3: 0 clean, 1 findings at or above --fail-on, 2 usage or
/// configuration error or an input that could not be analysed).
/// WorkerExecutable is afalg-scan itself, which --isolate (the default when
/// it is known) re-runs per TU; "" extracts in-process.
int runApp(const std::vector<std::string> &Args, llvm::raw_ostream &Out,
           llvm::raw_ostream &Err, bool ErrIsTerminal,
           const std::string &WorkerExecutable = "");

} // namespace afalg

#endif
