#ifndef AFALG_MODEL_ALGORITHMCANDIDATES_H
#define AFALG_MODEL_ALGORITHMCANDIDATES_H

#include "FactGraph.h"
#include <vector>

namespace afalg {

/// Every (type, name) pair a site's constants and the strings flowing into
/// its salg_type/salg_name keys allow; a type and a name from tables of
/// rows are paired by the name's grammar, not crossed freely.
std::vector<Algorithm> algorithmCandidates(const Site &S, const FactGraph &G);

} // namespace afalg

#endif
