#include "Inputs.h"
#include "AuditFlags.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

std::string clangResourceDir() { return AFALG_CLANG_RESOURCE_DIR; }

static std::string absolute(llvm::StringRef P) {
  llvm::SmallString<256> A(P);
  fs::make_absolute(A);
  path::remove_dots(A, true);
  llvm::SmallString<256> Real;
  if (!fs::real_path(A, Real))
    return std::string(Real);
  return std::string(A);
}

static bool isInside(llvm::StringRef Child, llvm::StringRef Dir) {
  return Child == Dir ||
         (Child.starts_with(Dir) &&
          (Dir.ends_with("/") || Child.substr(Dir.size()).starts_with("/")));
}

/// Report paths are relative to this: --root, else the working directory
/// when every PATH is inside it, else the PATHs' common ancestor.
static std::string chooseRoot(const Options &O,
                              const std::vector<std::string> &Abs) {
  if (!O.Root.empty())
    return absolute(O.Root);
  std::string Cwd = absolute(".");
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
    return Has(absolute(O.BuildDir));
  for (const std::string &P : Abs) {
    std::string Dir =
        fs::is_directory(P) ? P : std::string(path::parent_path(P));
    if (std::string D = Has(Dir); !D.empty())
      return D;
  }
  return Has(absolute("build"));
}

std::vector<std::string> sanitizeCommand(const std::vector<std::string> &Cmd,
                                         const std::string &Root) {
  std::vector<std::string> Out;
  if (Cmd.empty())
    return Out;
  // Never the database's compiler: only its C/C++ mode matters.
  llvm::StringRef Driver = path::filename(Cmd[0]);
  Out.push_back(Driver.contains("++") ? "clang++" : "clang");
  static const llvm::StringSet<> DropWithValue = {"-o",
                                                  "-MF",
                                                  "-MT",
                                                  "-MQ",
                                                  "-MJ",
                                                  "--serialize-diagnostics",
                                                  "-Xlinker",
                                                  "-dependency-file",
                                                  "-resource-dir",
                                                  "-include-pch"};
  static const llvm::StringSet<> Drop = {"-c",
                                         "-S",
                                         "-E",
                                         "-M",
                                         "-MM",
                                         "-MD",
                                         "-MMD",
                                         "-MG",
                                         "-MP",
                                         "-save-temps",
                                         "-fsyntax-only",
                                         "-emit-llvm",
                                         "-Werror",
                                         "-pedantic-errors"};
  for (size_t I = 1; I < Cmd.size(); ++I) {
    llvm::StringRef A = Cmd[I];
    if (DropWithValue.contains(A)) {
      ++I;
      continue;
    }
    if (A == "-Xclang" && I + 1 < Cmd.size()) {
      llvm::StringRef Next = Cmd[I + 1];
      // -Xclang -load -Xclang lib.so, -Xclang -plugin ..., -Xclang -add-plugin
      if (Next == "-load" || Next.starts_with("-plugin") ||
          Next.starts_with("-add-plugin") || Next == "-o" ||
          Next.starts_with("-dependency")) {
        I += 1;
        if (Next == "-load" || Next == "-o" || Next == "-add-plugin" ||
            Next == "-plugin")
          if (I + 2 < Cmd.size() && Cmd[I + 1] == "-Xclang")
            I += 2;
        continue;
      }
    }
    if (Drop.contains(A) || A.starts_with("-fplugin") ||
        A.starts_with("-fpass-plugin") || A.starts_with("-o") ||
        A.starts_with("-MF") || A.starts_with("-MT") || A.starts_with("-MQ") ||
        A.starts_with("-resource-dir") || A.starts_with("-Werror") ||
        A.starts_with("-ftime-trace") || A.starts_with("-fprofile") ||
        A.starts_with("-fcrash-diagnostics") || A.starts_with("--save-temps") ||
        A.starts_with("-save-temps") || A.starts_with("-fmodules-cache-path"))
      continue;
    // A response file outside the project could hold anything.
    if (A.starts_with("@")) {
      if (!isInside(absolute(A.drop_front()), Root))
        continue;
    }
    Out.push_back(A.str());
  }
  for (const char *F : {"-fsyntax-only", "-ferror-limit=0", "-w",
                        "-fno-caret-diagnostics", "-Wno-error"})
    Out.push_back(F);
  Out.push_back("-resource-dir=" + clangResourceDir());
  return Out;
}

static llvm::Error loadDatabase(const std::string &DbPath,
                                const std::vector<std::string> &Abs,
                                const Options &O, InputPlan &Plan) {
  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      DbPath, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    return llvm::createStringError(std::errc::invalid_argument,
                                   "cannot read compile database '%s': %s",
                                   DbPath.c_str(), Err.c_str());
  llvm::StringSet<> Seen;
  for (const clang::tooling::CompileCommand &C : Db->getAllCompileCommands()) {
    llvm::SmallString<256> File(C.Filename);
    if (!path::is_absolute(File)) {
      llvm::SmallString<256> D(C.Directory);
      path::append(D, File);
      File = D;
    }
    std::string AbsFile = absolute(File);
    bool Wanted = false;
    for (const std::string &P : Abs)
      Wanted |= isInside(AbsFile, P);
    if (!Wanted || !Seen.insert(AbsFile).second)
      continue;
    if (!fs::is_directory(C.Directory)) {
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
    R.Args = sanitizeCommand(Cmd, Plan.Root);
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
    Abs.push_back(absolute(P));
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
