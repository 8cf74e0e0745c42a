#ifndef AFALG_MODEL_FACTSBINARY_H
#define AFALG_MODEL_FACTSBINARY_H

#include "Facts.h"
#include "llvm/Support/Error.h"
#include <string>

namespace afalg {

/// A compact binary form of TUFacts for the result cache: a warm re-run
/// decodes dozens of entries, and JSON decoding was a sixth of its time.
/// Every field, in declaration order; the JSON form (FactsJson.h) stays
/// the interchange format of shard outputs.
std::string factsToBinary(const TUFacts &F);

/// Strict: a truncated or garbled buffer, trailing bytes or an enum value
/// out of range is an error naming Origin, never a crash.
llvm::Expected<TUFacts> factsFromBinary(llvm::StringRef Bytes,
                                        llvm::StringRef Origin);

/// Enums travel as integers; a cache or shard file from elsewhere must not
/// smuggle a value that later indexes a table out of bounds. "" when all
/// are known, else what is wrong.
std::string checkFactEnums(const TUFacts &F);

} // namespace afalg

#endif
