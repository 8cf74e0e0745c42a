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
  if (calleeName(&CE) != "setsockopt" || CE.getNumArgs() < 3 ||
      Ctx.evalInt(arg(CE, 1)) != SolAlg)
    return;
  if (Site *S = Ctx.addFdSite(RuleId::Setsockopt, SiteKind::Direct, CE,
                              arg(CE, 0), "setsockopt"))
    S->Note = optionName(Ctx.evalInt(arg(CE, 2)));
}

} // namespace afalg
