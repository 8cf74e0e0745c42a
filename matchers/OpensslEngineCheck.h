#ifndef AFALG_MATCHERS_OPENSSLENGINECHECK_H
#define AFALG_MATCHERS_OPENSSLENGINECHECK_H

#include "Check.h"

namespace afalg {

/// afalg-openssl-engine: ENGINE_by_id("afalg") and ENGINE_load_afalg()
/// calls. Uses of the OPENSSL_INIT_ENGINE_AFALG macro (and of
/// ENGINE_load_afalg when it is a macro) are found by the preprocessor hook.
class OpensslEngineCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
