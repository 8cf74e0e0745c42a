#ifndef AFALG_MATCHERS_CHECKS_H
#define AFALG_MATCHERS_CHECKS_H

#include "Check.h"
#include <memory>
#include <vector>

namespace afalg {

/// A fresh instance of every check, in a fixed order (explicit registration:
/// no static initialisers).
std::vector<std::unique_ptr<Check>> makeChecks();

} // namespace afalg

#endif
