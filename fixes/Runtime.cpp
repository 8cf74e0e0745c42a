#include "Apply.h"
#include "Support.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#ifndef AFALG_RUNTIME_SRC_DIR
#define AFALG_RUNTIME_SRC_DIR ""
#endif
#ifndef AFALG_RUNTIME_INSTALL_DIR
#define AFALG_RUNTIME_INSTALL_DIR ""
#endif

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

/// The runtime sources: $AFALG_RUNTIME_DIR, the installed copy, or the
/// source tree this binary was built from.
static std::string runtimeSources() {
  if (auto Env = llvm::sys::Process::GetEnv("AFALG_RUNTIME_DIR"))
    return *Env;
  // Installed next to the binary (prefix/bin -> prefix/share), wherever the
  // prefix was moved to; then the configured prefix; then the source tree.
  std::string Exe = fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&installRuntime));
  llvm::SmallString<256> Relocated(path::parent_path(path::parent_path(Exe)));
  path::append(Relocated, "share", "afalg-scan", "runtime");
  for (std::string D : {std::string(Relocated),
                        std::string(AFALG_RUNTIME_INSTALL_DIR),
                        std::string(AFALG_RUNTIME_SRC_DIR)}) {
    llvm::SmallString<256> H(D);
    path::append(H, "afalg_compat.h");
    if (!D.empty() && fs::exists(H))
      return D;
  }
  return "";
}

static bool isBackend(llvm::StringRef Name) {
  return Name == "afalg_compat_openssl.c" || Name == "afalg_compat_gcrypt.c" ||
         Name == "afalg_compat_nettle.c";
}

llvm::Expected<std::string> installRuntime(const std::string &Root,
                                           const std::string &Dir,
                                           const std::string &Lib) {
  std::string Src = runtimeSources();
  if (Src.empty())
    return llvm::createStringError(
        std::errc::no_such_file_or_directory,
        "the compat runtime sources were not found (set AFALG_RUNTIME_DIR)");
  llvm::SmallString<256> Dest(Root);
  path::append(Dest, Dir);
  path::remove_dots(Dest, true);
  if (!llvm::StringRef(Dest).starts_with(Root + "/"))
    return llvm::createStringError(std::errc::invalid_argument,
                                   "'%s' is outside the project root",
                                   Dir.c_str());
  if (std::error_code EC = fs::create_directories(Dest))
    return llvm::createStringError(EC, "cannot create '%s'", Dest.c_str());
  std::vector<std::string> Core;
  std::error_code EC;
  std::vector<std::string> Names;
  for (fs::directory_iterator It(Src, EC), End; It != End && !EC;
       It.increment(EC))
    Names.push_back(std::string(path::filename(It->path())));
  std::sort(Names.begin(), Names.end());
  for (const std::string &Name : Names) {
    llvm::StringRef N = Name;
    if (!N.ends_with(".c") && !N.ends_with(".h") && N != "README.md")
      continue;
    if (N.ends_with(".c") && !isBackend(N))
      Core.push_back(Dir + "/" + Name);
    llvm::SmallString<256> From(Src), To(Dest);
    path::append(From, Name);
    path::append(To, Name);
    auto A = llvm::MemoryBuffer::getFile(From);
    auto B = llvm::MemoryBuffer::getFile(To);
    if (A && B && (*A)->getBuffer() == (*B)->getBuffer())
      continue; // idempotent: an identical copy is already there
    if (std::error_code CE = fs::copy_file(From, To))
      return llvm::createStringError(CE, "cannot copy '%s'", To.c_str());
  }
  std::string Link = Lib == "openssl"  ? "-lcrypto"
                     : Lib == "gcrypt" ? "-lgcrypt"
                                       : "-lnettle";
  std::string Sources;
  for (const std::string &C : Core)
    Sources += " " + C;
  return "build the rewritten code with: -I " + Dir + Sources + " " + Dir +
         "/afalg_compat_" + Lib + ".c " + Link + " -pthread";
}

} // namespace afalg
