#ifndef AFALG_MATCHERS_KCAPICHECK_H
#define AFALG_MATCHERS_KCAPICHECK_H

#include "Check.h"

namespace afalg {

/// afalg-kcapi: calls into libkcapi from outside libkcapi itself.
class KcapiCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
