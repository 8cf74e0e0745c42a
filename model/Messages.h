#ifndef AFALG_MODEL_MESSAGES_H
#define AFALG_MODEL_MESSAGES_H

#include "Finding.h"
#include <string>

namespace afalg {

/// The message of a finding: what the construct does, with the algorithm
/// when known. No line numbers, so fingerprints survive edits elsewhere.
std::string describe(const Finding &F, const std::string &Callee,
                     const std::string &Note, const Session *S, bool CopyFail);

/// "hash sha256", "aead gcm(aes)", "hash (unknown algorithm)".
std::string algorithmText(const Algorithm &A);

} // namespace afalg

#endif
