#ifndef AFALG_MATCHERS_COMPATCHECK_H
#define AFALG_MATCHERS_COMPATCHECK_H

#include "Check.h"

namespace afalg {

/// Calls into the afalg_compat runtime (code already rewritten): never
/// reported, but they tell the link step that the sockaddr_alg objects and
/// control messages they consume no longer reach the kernel.
class CompatCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
