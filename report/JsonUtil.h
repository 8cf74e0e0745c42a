#ifndef AFALG_REPORT_JSONUTIL_H
#define AFALG_REPORT_JSONUTIL_H

#include "model/Finding.h"
#include <nlohmann/json.hpp>
#include <string>

namespace afalg {
namespace report {

/// Keys keep their insertion order, so every report has one fixed layout.
using Json = nlohmann::ordered_json;

/// Two-space indent and a final newline. Bytes that are not UTF-8 (a path
/// or a string constant from a Latin-1 source) become U+FFFD instead of
/// throwing: a report is always written.
inline std::string dumpJson(const Json &J) {
  return J.dump(2, ' ', /*ensure_ascii=*/false,
                nlohmann::json::error_handler_t::replace) +
         "\n";
}

/// {"type": ..., "name": ...}; an unknown part is null.
inline Json algorithmJson(const Algorithm &A) {
  Json J = Json::object();
  J["type"] = A.Type.empty() ? Json(nullptr) : Json(A.Type);
  J["name"] = A.Name.empty() ? Json(nullptr) : Json(A.Name);
  return J;
}

} // namespace report
} // namespace afalg

#endif
