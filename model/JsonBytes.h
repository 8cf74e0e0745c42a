#ifndef AFALG_MODEL_JSONBYTES_H
#define AFALG_MODEL_JSONBYTES_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include <nlohmann/json.hpp>
#include <vector>

namespace afalg {

/// JSON strings are Unicode, but file names and string constants in C are
/// bytes: a file named in Latin-1 or a salg_name of "\xff" would make
/// nlohmann's dump() throw. These two walks carry such a string losslessly
/// as {"$bytes": "<hex>"} (a key no fact ever has) and turn it back before
/// the typed conversion, so facts and worker requests round-trip any byte.
inline void encodeJsonBytes(nlohmann::json &Root) {
  // An explicit stack: input nesting must not decide our stack depth.
  std::vector<nlohmann::json *> Todo{&Root};
  while (!Todo.empty()) {
    nlohmann::json &J = *Todo.back();
    Todo.pop_back();
    if (J.is_string()) {
      const std::string &S = J.get_ref<const std::string &>();
      if (!llvm::json::isUTF8(S))
        J = nlohmann::json{{"$bytes", llvm::toHex(S, /*LowerCase=*/true)}};
    } else if (J.is_array() || J.is_object()) {
      for (nlohmann::json &E : J)
        Todo.push_back(&E);
    }
  }
}

/// The inverse of encodeJsonBytes(). A malformed "$bytes" value is left as
/// the object it is, so the typed conversion rejects it with a clear error.
inline void decodeJsonBytes(nlohmann::json &Root) {
  std::vector<nlohmann::json *> Todo{&Root};
  while (!Todo.empty()) {
    nlohmann::json &J = *Todo.back();
    Todo.pop_back();
    if (J.is_object() && J.size() == 1 && J.contains("$bytes") &&
        J["$bytes"].is_string()) {
      std::string Bytes;
      if (llvm::tryGetFromHex(J["$bytes"].get_ref<const std::string &>(),
                              Bytes))
        J = Bytes;
    } else if (J.is_array() || J.is_object()) {
      for (nlohmann::json &E : J)
        Todo.push_back(&E);
    }
  }
}

} // namespace afalg

#endif
