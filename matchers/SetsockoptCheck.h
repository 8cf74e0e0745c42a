#ifndef AFALG_MATCHERS_SETSOCKOPTCHECK_H
#define AFALG_MATCHERS_SETSOCKOPTCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-setsockopt: setsockopt() whose level evaluates to SOL_ALG.
class SetsockoptCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
