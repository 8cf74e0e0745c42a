#ifndef AFALG_MODEL_LINK_H
#define AFALG_MODEL_LINK_H

#include "Facts.h"
#include <vector>

namespace afalg {

/// The whole-program step: merges the facts of every TU (deduplicating
/// sites that headers repeat), solves which keys hold AF_ALG sockets and
/// which strings reach salg_type/salg_name, and turns sites into findings
/// grouped into sessions. Fills Findings and Sessions only; a pure function
/// of its input, independent of TU order.
ScanResult link(const std::vector<TUFacts> &TUs);

} // namespace afalg

#endif
