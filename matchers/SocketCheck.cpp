#include "SocketCheck.h"
#include "Constants.h"

namespace afalg {

static bool isSocketSyscall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  const clang::Expr *Nr = arg(CE, 0);
  if (!Nr || CE.getNumArgs() < 2)
    return false;
  std::string Macro = Ctx.macroNameAt(Nr);
  if (Macro == "SYS_socket" || Macro == "__NR_socket")
    return true;
  return Macro.empty() && Ctx.evalInt(Nr) == NrSocketX8664;
}

void SocketCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  unsigned DomainArg;
  if (Name == "socket")
    DomainArg = 0;
  else if (Name == "syscall" && isSocketSyscall(CE, Ctx))
    DomainArg = 1;
  else
    return;
  if (Ctx.evalInt(arg(CE, DomainArg)) != AfAlg)
    return;
  if (Site *S = Ctx.addSite(RuleId::Socket, SiteKind::Direct, &CE, Name)) {
    S->ResultKey = "s:" + S->Id;
    Ctx.bindCallResult(&CE, S->ResultKey);
  }
}

} // namespace afalg
