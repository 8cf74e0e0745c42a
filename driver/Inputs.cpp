#include "Inputs.h"
#include "AuditFlags.h"
#include "Paths.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
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

/// realAbsolute() for many files in few directories: a regular file's real
/// path is its directory's plus its name, so one lstat per file and one
/// realpath per directory instead of an lstat per path component.
class RealPaths {
public:
  std::string file(llvm::StringRef P) {
    llvm::SmallString<256> A(P);
    fs::make_absolute(A);
    path::remove_dots(A, true);
    llvm::StringRef Name = path::filename(A);
    struct stat St;
    if (::lstat(A.c_str(), &St) != 0 || !S_ISREG(St.st_mode) || Name == "." ||
        Name == "..")
      return realAbsolute(A);
    auto [It, New] = Dirs.try_emplace(path::parent_path(A), "");
    if (New)
      It->second = realAbsolute(It->first());
    llvm::SmallString<256> Out(It->second);
    path::append(Out, Name);
    return std::string(Out);
  }
  bool isDirectory(llvm::StringRef D) {
    auto [It, New] = IsDir.try_emplace(D, false);
    if (New)
      It->second = fs::is_directory(D);
    return It->second;
  }

private:
  llvm::StringMap<std::string> Dirs;
  llvm::StringMap<bool> IsDir;
};

// sanitizeCommand() is in Sanitize.cpp.

static llvm::Error loadDatabase(const std::string &DbPath,
                                const std::vector<std::string> &Abs,
                                const Options &O, InputPlan &Plan) {
  if (llvm::Error E = checkCompileDatabase(DbPath))
    return E;
  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      DbPath, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "cannot read compile database '%s': %s",
                                   DbPath.c_str(), Err.c_str());
  llvm::StringSet<> Seen;
  RealPaths Real;
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
    R.Args = sanitizeCommand(Cmd, Plan.Root, C.Directory);
    Plan.Sources.push_back(std::move(R));
  }
  return llvm::Error::success();
}

llvm::Expected<InputPlan> planInputs(const Options &O) {
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
    if (llvm::Error E = loadDatabase(Db, Abs, O, Plan))
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
