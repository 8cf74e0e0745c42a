#include "ClangRun.h"
#include "clang/Basic/FileManager.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace afalg {

ClangRun runClangAction(const std::vector<std::string> &Args,
                        llvm::StringRef Directory,
                        std::unique_ptr<clang::FrontendAction> Act,
                        clang::DiagnosticConsumer &Diags) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
      llvm::vfs::createPhysicalFileSystem().release());
  if (!Directory.empty())
    FS->setCurrentWorkingDirectory(Directory);
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
      new clang::FileManager(clang::FileSystemOptions(), FS));
  clang::tooling::ToolInvocation Inv(Args, std::move(Act), Files.get());
  Inv.setDiagnosticConsumer(&Diags);
  bool Ok = false;
  llvm::CrashRecoveryContext CRC;
  if (!CRC.RunSafely([&] { Ok = Inv.run(); }))
    return ClangRun::Crashed;
  return Ok ? ClangRun::Ok : ClangRun::Failed;
}

} // namespace afalg
