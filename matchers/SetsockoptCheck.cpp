#include "SetsockoptCheck.h"
#include "Constants.h"

namespace afalg {

static const char *optionName(std::optional<int64_t> V) {
  switch (V.value_or(-1)) {
  case 1:
    return "ALG_SET_KEY";
  case 5:
    return "ALG_SET_AEAD_AUTHSIZE";
  case 6:
    return "ALG_SET_DRBG_ENTROPY";
  case 7:
    return "ALG_SET_KEY_BY_KEY_SERIAL";
  default:
    return "";
  }
}

void SetsockoptCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  if (calleeName(&CE) != "setsockopt" || CE.getNumArgs() < 3)
    return;
  std::optional<int64_t> Level = Ctx.evalInt(arg(CE, 1));
  // A level that is not a constant (safe_setsockopt(fd, level, ...) in a
  // wrapper) counts when the fd is an AF_ALG socket.
  if (Level && *Level != SolAlg)
    return;
  SiteKind Kind = Level ? SiteKind::Direct : SiteKind::FdUse;
  if (Site *S = Ctx.addFdSite(RuleId::Setsockopt, Kind, CE, arg(CE, 0),
                              "setsockopt"))
    S->Note = optionName(Ctx.evalInt(arg(CE, 2)));
}

} // namespace afalg
