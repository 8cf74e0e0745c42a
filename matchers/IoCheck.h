#ifndef AFALG_MATCHERS_IOCHECK_H
#define AFALG_MATCHERS_IOCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-io: data calls (send/write/read/recv families, io_submit) whose fd
/// may be an AF_ALG socket; the link step keeps those that are.
class IoCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
