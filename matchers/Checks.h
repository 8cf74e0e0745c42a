#ifndef AFALG_MATCHERS_CHECKS_H
#define AFALG_MATCHERS_CHECKS_H

#include "Check.h"
#include "llvm/ADT/ArrayRef.h"
#include <memory>
#include <string>
#include <vector>

namespace afalg {

/// A fresh instance of every check, in a fixed order (explicit registration:
/// no static initialisers). KcapiPrefixes: callee prefixes reported as
/// afalg-kcapi besides "kcapi_" (the config's kcapi-like-apis).
std::vector<std::unique_ptr<Check>>
makeChecks(llvm::ArrayRef<std::string> KcapiPrefixes = {});

} // namespace afalg

#endif
