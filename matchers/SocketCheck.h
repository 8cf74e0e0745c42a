#ifndef AFALG_MATCHERS_SOCKETCHECK_H
#define AFALG_MATCHERS_SOCKETCHECK_H

#include "Check.h"

namespace afalg {

/// afalg-socket: socket(38, ...) and syscall(SYS_socket, 38, ...). Each
/// such call is also the source of a session in the link step.
class SocketCheck : public Check {
public:
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
};

} // namespace afalg

#endif
