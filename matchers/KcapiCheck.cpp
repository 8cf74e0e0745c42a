#include "KcapiCheck.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace afalg {

/// libkcapi's own sources (lib/ next to kcapi.h and internal.h) implement
/// the API; their internal kcapi_* calls are not uses of it.
static bool isLibkcapiFile(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Path));
  auto Has = [&](llvm::StringRef Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return llvm::sys::fs::exists(P);
  };
  return Has("kcapi.h") && Has("internal.h");
}

void KcapiCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  if (!Name.starts_with("kcapi_"))
    return;
  llvm::StringRef Caller =
      Ctx.CurrentFunction ? Ctx.CurrentFunction->getName() : "";
  if (Caller.starts_with("kcapi_") || Caller.starts_with("_kcapi_") ||
      Caller.starts_with("__kcapi_"))
    return;
  const clang::SourceManager &SM = Ctx.sm();
  clang::SourceLocation L = Ctx.reportLoc(CE.getBeginLoc());
  if (auto FE = SM.getFileEntryRefForID(SM.getFileID(L)))
    if (isLibkcapiFile(FE->getName()))
      return;
  Ctx.addSite(RuleId::Kcapi, SiteKind::Direct, &CE, Name);
}

} // namespace afalg
