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

/// The keys whose facts link() consults beyond the sites themselves: every
/// key an AF_ALG socket reaches, the keys that alias a sockaddr_alg object,
/// the keys whose strings or AF_ALG constants can flow into a sockaddr's
/// salg_* fields or a socket() wrapper's domain, and the pipes spliced into
/// sockets. A TU that mentions none of them (and has no AF_ALG site of its
/// own) cannot change link()'s result: the prefilter's second phase
/// (driver/Prefilter.h) parses the TUs that do. Sorted, unique.
std::vector<Key> relevantKeys(const std::vector<TUFacts> &TUs);

} // namespace afalg

#endif
