#ifndef AFALG_MATCHERS_ACCEPTCHECK_H
#define AFALG_MATCHERS_ACCEPTCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-accept: accept()/accept4() whose fd may be an AF_ALG socket. The
/// result is an operation socket of the same session.
class AcceptCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
