#include "Inputs.h"
#include "AuditFlags.h"
#include "Cache.h"
#include "Paths.h"
#include "PlanCache.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <sys/stat.h>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

std::string clangResourceDir() { return AFALG_CLANG_RESOURCE_DIR; }

/// Report paths are relative to this: --root, else the working directory
/// when every PATH is inside it, else the PATHs' common ancestor.
static std::string chooseRoot(const Options &O,
                              const std::vector<std::string> &Abs) {
  if (!O.Root.empty())
    return realAbsolute(O.Root);
  std::string Cwd = realAbsolute(".");
  bool AllInside = true;
  for (const std::string &P : Abs)
    AllInside &= isInside(P, Cwd);
  if (AllInside)
    return Cwd;
  std::string Common = fs::is_directory(Abs[0])
                           ? Abs[0]
                           : std::string(path::parent_path(Abs[0]));
  for (const std::string &P : Abs)
    while (!isInside(P, Common) && Common != "/")
      Common = std::string(path::parent_path(Common));
  return Common;
}

static std::string findDatabase(const Options &O,
                                const std::vector<std::string> &Abs) {
  auto Has = [](llvm::StringRef Dir) {
    llvm::SmallString<256> P(Dir);
    path::append(P, "compile_commands.json");
    return fs::exists(P) ? std::string(P) : std::string();
  };
  if (!O.BuildDir.empty())
    return Has(realAbsolute(O.BuildDir));
  for (const std::string &P : Abs) {
    std::string Dir =
        fs::is_directory(P) ? P : std::string(path::parent_path(P));
    if (std::string D = Has(Dir); !D.empty())
      return D;
  }
  return Has(realAbsolute("build"));
}

// sanitizeCommand() is in Sanitize.cpp.

/// Flags whose meaning depends on other files' content (response files,
/// VFS overlays): a plan that holds them is not kept (PlanCache checks
/// only paths).
static bool readsOtherFiles(const std::vector<std::string> &Cmd) {
  return llvm::any_of(Cmd, [](llvm::StringRef A) {
    return A.contains('@') || A.contains("vfsoverlay");
  });
}

static llvm::Error loadDatabase(const std::string &DbPath,
                                const std::vector<std::string> &Abs,
                                const Options &O, const ResultCache *Cache,
                                InputPlan &Plan) {
  auto Buf = llvm::MemoryBuffer::getFile(DbPath, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(
        Buf.getError(), "cannot read compile database '%s': %s", DbPath.c_str(),
        Buf.getError().message().c_str());
  llvm::StringRef Content = (*Buf)->getBuffer();
  std::optional<PlanCache> Plans;
  if (Cache) {
    // Everything but the content that decides the plan: the content is
    // checked by its digest, the file system by the plan's own checks.
    std::vector<std::string> Slot{DbPath, Plan.Root, realAbsolute("."),
                                  clangResourceDir()};
    Slot.insert(Slot.end(), Abs.begin(), Abs.end());
    Slot.push_back("--");
    Slot.insert(Slot.end(), O.ExtraArgs.begin(), O.ExtraArgs.end());
    Plans.emplace(Cache->dir(), Slot);
    if (std::optional<DbPlan> P = Plans->lookup(Content)) {
      Plan.Sources = std::move(P->Sources);
      Plan.Errors = std::move(P->Errors);
      Plan.FromCache = true;
      return llvm::Error::success();
    }
  }
  if (llvm::Error E = checkCompileDatabase(DbPath, Content))
    return E;
  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
      Content, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "cannot read compile database '%s': %s",
                                   DbPath.c_str(), Err.c_str());
  llvm::StringSet<> Seen;
  RealPaths Real;
  Real.Logging = Plans.has_value();
  bool Keep = Plans.has_value() && !readsOtherFiles(O.ExtraArgs);
  for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
    llvm::SmallString<256> File(C.Filename);
    if (!path::is_absolute(File)) {
      llvm::SmallString<256> D(C.Directory);
      path::append(D, File);
      File = D;
    }
    std::string AbsFile = Real.file(File);
    bool Wanted = false;
    for (const std::string &P : Abs)
      Wanted |= isInside(AbsFile, P);
    if (!Wanted || !Seen.insert(AbsFile).second)
      continue;
    if (!Real.isDirectory(C.Directory)) {
      Plan.Errors.push_back(
          {AbsFile, "the directory '" + C.Directory +
                        "' of its compile command does not exist"});
      continue;
    }
    ExtractRequest R;
    R.File = AbsFile;
    R.Directory = C.Directory;
    std::vector<std::string> Cmd = C.CommandLine;
    Cmd.insert(Cmd.end(), O.ExtraArgs.begin(), O.ExtraArgs.end());
    Keep &= !readsOtherFiles(Cmd);
    R.Args = sanitizeCommand(Cmd, Plan.Root, C.Directory);
    Plan.Sources.push_back(std::move(R));
  }
  if (Keep)
    Plans->store(Content, {Plan.Sources, Plan.Errors, std::move(Real.Log)});
  return llvm::Error::success();
}

llvm::Expected<InputPlan> planInputs(const Options &O,
                                     const ResultCache *Cache) {
  InputPlan Plan;
  std::vector<std::string> Abs;
  for (const std::string &P : O.Paths) {
    if (!fs::exists(P))
      return llvm::createStringError(std::errc::no_such_file_or_directory,
                                     "no such file or directory: '%s'",
                                     P.c_str());
    Abs.push_back(realAbsolute(P));
  }
  Plan.Root = chooseRoot(O, Abs);
  std::string Db = findDatabase(O, Abs);
  if (!O.BuildDir.empty() && Db.empty())
    return llvm::createStringError(
        std::errc::no_such_file_or_directory,
        "no compile_commands.json in '%s' (given with -p)", O.BuildDir.c_str());
  if (!Db.empty()) {
    Plan.Database = Db;
    if (llvm::Error E = loadDatabase(Db, Abs, O, Cache, Plan))
      return std::move(E);
    // A database found by looking around that covers none of the PATHs
    // (say ./build of another project) is not this scan's.
    if (!O.BuildDir.empty() || !Plan.Sources.empty() || !Plan.Errors.empty())
      return Plan;
    Plan.Database.clear();
  }
  Plan.Audit = true;
  planAudit(Abs, O.ExtraArgs, Plan);
  return Plan;
}

} // namespace afalg
