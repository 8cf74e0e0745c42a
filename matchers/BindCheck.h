#ifndef AFALG_MATCHERS_BINDCHECK_H
#define AFALG_MATCHERS_BINDCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-bind: bind() of a struct sockaddr_alg (through casts and pointers)
/// is reported as is; any other bind() is kept for the link step, which
/// reports it when its fd is an AF_ALG socket or its address object was
/// filled in as a sockaddr_alg (unions).
class BindCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
