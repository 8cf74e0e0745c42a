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
  SiteKind Kind = SiteKind::Direct;
  Key Domain;
  if (auto V = Ctx.evalInt(arg(CE, DomainArg)); V != AfAlg) {
    // A wrapper such as qemu_socket(domain, ...) passes the family through a
    // parameter; the link step reports it if AF_ALG reaches that parameter.
    if (V)
      return;
    auto Keys = Ctx.keysOf(arg(CE, DomainArg));
    if (Keys.empty() || Keys.front().rfind("p:", 0) != 0)
      return;
    Kind = SiteKind::DomainParam;
    Domain = Keys.front();
  }
  if (Site *S = Ctx.addSite(RuleId::Socket, Kind, &CE, Name)) {
    S->ResultKey = "s:" + S->Id;
    S->DomainKey = Domain;
    Ctx.bindCallResult(&CE, S->ResultKey);
  }
}

} // namespace afalg
