#ifndef AFALG_DRIVER_AUDITFLAGS_H
#define AFALG_DRIVER_AUDITFLAGS_H

#include "Inputs.h"

namespace afalg {

/// Audit mode: walks the PATHs (skipping VCS and build output, not
/// following directory symlinks), and gives each C/C++ source and header a
/// command with inferred include directories.
void planAudit(const std::vector<std::string> &Paths,
               const std::vector<std::string> &ExtraArgs, InputPlan &Plan);

/// Does this header look like C++ (classes, namespaces, templates)?
bool looksLikeCxx(llvm::StringRef Text);

} // namespace afalg

#endif
