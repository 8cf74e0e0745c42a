#include "KcapiCheck.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace afalg {

bool isLibkcapiFile(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Path));
  auto Has = [&](llvm::StringRef Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return llvm::sys::fs::exists(P);
  };
  return Has("kcapi.h") && Has("internal.h");
}

/// Whether Name belongs to the API with Prefix itself (its internal
/// helpers are often spelled with leading underscores): the API's own
/// implementation calling itself is not a use of it.
static bool isApiFunction(llvm::StringRef Name, llvm::StringRef Prefix) {
  return Name.starts_with(Prefix) ||
         (Name.consume_front("_") &&
          (Name.starts_with(Prefix) ||
           (Name.consume_front("_") && Name.starts_with(Prefix))));
}

void KcapiCheck::onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {
  llvm::StringRef Name = calleeName(&CE);
  llvm::StringRef Prefix;
  if (Name.starts_with("kcapi_"))
    Prefix = "kcapi_";
  else
    for (const std::string &P : ExtraPrefixes)
      if (Name.starts_with(P)) {
        Prefix = P;
        break;
      }
  if (Prefix.empty())
    return;
  // Constructors and operators have no simple name (getName() asserts).
  const clang::FunctionDecl *FD = Ctx.CurrentFunction;
  llvm::StringRef Caller =
      FD && FD->getDeclName().isIdentifier() ? FD->getName() : "";
  if (isApiFunction(Caller, Prefix))
    return;
  const clang::SourceManager &SM = Ctx.sm();
  clang::SourceLocation L = Ctx.reportLoc(CE.getBeginLoc());
  if (Prefix == "kcapi_")
    if (auto FE = SM.getFileEntryRefForID(SM.getFileID(L)))
      if (isLibkcapiFile(FE->getName()))
        return;
  Site *S = Ctx.addSite(RuleId::Kcapi, SiteKind::Direct, &CE, Name);
  if (S && Prefix != "kcapi_")
    S->Note = "a kcapi-like API (" + Prefix.str() + "*, from the config)";
}

} // namespace afalg
