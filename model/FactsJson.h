#ifndef AFALG_MODEL_FACTSJSON_H
#define AFALG_MODEL_FACTSJSON_H

#include "Facts.h"
#include "llvm/Support/Error.h"
#include <string>

namespace afalg {

/// A TU's facts as canonical JSON (stable key order, sorted where order
/// carries no meaning), for caching, shards and the purity test.
std::string factsToJson(const TUFacts &F);
llvm::Expected<TUFacts> factsFromJson(llvm::StringRef Text,
                                      llvm::StringRef Origin);

} // namespace afalg

#endif
