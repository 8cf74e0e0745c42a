#include "IoCheck.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace afalg {

/// The aio_fildes field of the iocb an io_submit argument points to.
static const FieldDecl *iocbFdField(const Expr *Iocbs) {
  if (!Iocbs)
    return nullptr;
  QualType T = Iocbs->IgnoreParenCasts()->getType();
  while (T->isPointerType() || T->isArrayType())
    T = T->isPointerType() ? T->getPointeeType()
                           : QualType(T->getPointeeOrArrayElementType(), 0);
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return nullptr;
  for (const FieldDecl *FD : RD->fields())
    if (FD->getName() == "aio_fildes")
      return FD;
  return nullptr;
}

void IoCheck::onCall(const CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  bool IsIo = llvm::StringSwitch<bool>(Name)
                  .Cases("send", "sendto", "sendmsg", "sendmmsg", true)
                  .Cases("write", "writev", "read", "readv", true)
                  .Cases("recv", "recvfrom", "recvmsg", "recvmmsg", true)
                  .Default(false);
  if (IsIo && CE.getNumArgs() >= 1) {
    Ctx.addFdSite(RuleId::Io, SiteKind::FdUse, CE, arg(CE, 0), Name);
    return;
  }
  // io_submit(ctx, n, iocbpp), directly or as syscall(__NR_io_submit, ...).
  unsigned First = 0;
  if (Name == "syscall") {
    std::string Macro = CE.getNumArgs() ? Ctx.macroNameAt(arg(CE, 0)) : "";
    if (Macro != "__NR_io_submit" && Macro != "SYS_io_submit")
      return;
    First = 1;
  } else if (Name != "io_submit") {
    return;
  }
  const FieldDecl *Fd = iocbFdField(arg(CE, First + 2));
  if (!Fd)
    return;
  if (Site *S = Ctx.addSite(RuleId::Io, SiteKind::FdUse, &CE, "io_submit"))
    S->FdKey = "f:" + Ctx.usr(Fd);
}

} // namespace afalg
