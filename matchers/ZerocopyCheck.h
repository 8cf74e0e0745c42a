#ifndef AFALG_MATCHERS_ZEROCOPYCHECK_H
#define AFALG_MATCHERS_ZEROCOPYCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-zerocopy: splice/sendfile/tee into an AF_ALG socket, and vmsplice
/// into a pipe whose other end is spliced into one.
class ZerocopyCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
