#include "AuditFlags.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <algorithm>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

enum class Kind { None, CSource, CxxSource, Header, CxxHeader };

static Kind kindOf(llvm::StringRef File) {
  llvm::StringRef Ext = path::extension(File);
  if (Ext == ".c")
    return Kind::CSource;
  if (Ext == ".cc" || Ext == ".cpp" || Ext == ".cxx" || Ext == ".c++" ||
      Ext == ".C")
    return Kind::CxxSource;
  if (Ext == ".h")
    return Kind::Header;
  if (Ext == ".hh" || Ext == ".hpp" || Ext == ".hxx" || Ext == ".h++" ||
      Ext == ".H")
    return Kind::CxxHeader;
  return Kind::None;
}

static bool skipDirectory(llvm::StringRef Dir) {
  llvm::StringRef Name = path::filename(Dir);
  if (Name.starts_with(".") && Name != "." && Name != "..")
    return true; // .git, .hg, .svn, .cache, ...
  if (Name == "node_modules" || Name == "CMakeFiles" || Name == "_build" ||
      Name == "autom4te.cache" || Name.starts_with("cmake-build-"))
    return true;
  // Build output: any directory a CMake or Meson configure wrote into.
  for (const char *Marker : {"CMakeCache.txt", "build.ninja", "meson-info"}) {
    llvm::SmallString<256> P(Dir);
    path::append(P, Marker);
    if (fs::exists(P))
      return true;
  }
  return false;
}

bool looksLikeCxx(llvm::StringRef Text) {
  static const char *Pattern =
      "(^|[^a-zA-Z0-9_])(class[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*[:{]|"
      "namespace[ \t]+[A-Za-z_]|template[ \t]*<|public:|private:|"
      "extern[ \t]+\"C\\+\\+\")";
  llvm::Regex R(Pattern, llvm::Regex::Newline);
  return R.match(Text);
}

/// A directory the walk cannot list is named, not passed over: the files
/// in it are inputs the scan cannot analyse.
static bool unreadableDirectory(const std::string &Dir,
                                std::vector<InputError> &Errors) {
  std::error_code EC;
  fs::directory_iterator Probe(Dir, EC);
  if (!EC)
    return false;
  Errors.push_back({Dir, "the directory cannot be read: " + EC.message()});
  return true;
}

static void walk(const std::string &Root, std::vector<std::string> &Files,
                 std::vector<std::string> &IncludeDirs,
                 std::vector<InputError> &Errors) {
  if (!fs::is_directory(Root)) {
    Files.push_back(Root);
    return;
  }
  if (unreadableDirectory(Root, Errors))
    return;
  if (path::filename(Root) == "include")
    IncludeDirs.push_back(Root);
  std::error_code EC;
  for (fs::recursive_directory_iterator It(Root, EC, /*follow=*/false), End;
       It != End && !EC; It.increment(EC)) {
    const std::string &P = It->path();
    fs::file_type T = It->type();
    if (T == fs::file_type::directory_file) {
      if (skipDirectory(P) || unreadableDirectory(P, Errors)) {
        It.no_push();
        continue;
      }
      if (path::filename(P) == "include")
        IncludeDirs.push_back(P);
      continue;
    }
    if (T == fs::file_type::symlink_file) {
      fs::file_status S;
      // A link to a file counts; links to directories are not followed, so
      // loops cannot trap the walk. A source name that leads nowhere (a
      // dangling link, a link loop) is kept, so the scan names it as a
      // file it could not read instead of passing over it in silence.
      if (fs::status(P, S) ? kindOf(P) == Kind::None
                           : S.type() != fs::file_type::regular_file)
        continue;
    } else if (T != fs::file_type::regular_file) {
      continue;
    }
    if (kindOf(P) != Kind::None)
      Files.push_back(P);
  }
}

/// `afalg-scan src` in a tree whose headers are in a sibling include/: the
/// include/ folders next to PATH and its parents up to the root count too.
static void addIncludeDirsAbove(llvm::StringRef Path, llvm::StringRef Root,
                                std::vector<std::string> &IncludeDirs) {
  llvm::SmallString<256> Dir(Path);
  if (!fs::is_directory(Dir))
    Dir = path::parent_path(Dir);
  while (!Dir.empty() && llvm::StringRef(Dir).starts_with(Root)) {
    llvm::SmallString<256> Inc(Dir);
    path::append(Inc, "include");
    if (fs::is_directory(Inc))
      IncludeDirs.push_back(std::string(Inc));
    if (Dir.size() <= Root.size())
      break;
    Dir = path::parent_path(Dir);
  }
}

void planAudit(const std::vector<std::string> &Paths,
               const std::vector<std::string> &ExtraArgs, InputPlan &Plan) {
  std::vector<std::string> Files, IncludeDirs;
  for (const std::string &P : Paths) {
    walk(P, Files, IncludeDirs, Plan.Errors);
    addIncludeDirsAbove(P, Plan.Root, IncludeDirs);
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  std::sort(IncludeDirs.begin(), IncludeDirs.end());
  IncludeDirs.erase(std::unique(IncludeDirs.begin(), IncludeDirs.end()),
                    IncludeDirs.end());
  for (const std::string &F : Files) {
    Kind K = kindOf(F);
    if (K == Kind::Header) {
      auto Buf = llvm::MemoryBuffer::getFile(F);
      if (Buf && looksLikeCxx((*Buf)->getBuffer()))
        K = Kind::CxxHeader;
    }
    bool Cxx = K == Kind::CxxSource || K == Kind::CxxHeader;
    bool Header = K == Kind::Header || K == Kind::CxxHeader;
    ExtractRequest R;
    R.File = F;
    R.Directory = Plan.Root;
    R.Audit = true;
    // The scanned tree is untrusted too: no config file from anywhere, and
    // no `#pragma clang __debug crash` (Sanitize.cpp).
    R.Args = {Cxx ? "clang++" : "clang",
              "--no-default-config",
              "-Xclang",
              "-disable-pragma-debug-crash",
              "-fsyntax-only",
              "-x",
              Header ? (Cxx ? "c++-header" : "c-header") : (Cxx ? "c++" : "c"),
              Cxx ? "-std=gnu++17" : "-std=gnu17",
              "-D_GNU_SOURCE"};
    // Where a project's own headers usually are: next to the file, in its
    // parents up to the root, and in any include/ folder.
    llvm::SmallString<256> Dir(path::parent_path(F));
    while (true) {
      R.Args.push_back("-I" + std::string(Dir));
      if (Dir.size() <= Plan.Root.size() ||
          !llvm::StringRef(Dir).starts_with(Plan.Root))
        break;
      Dir = path::parent_path(Dir);
    }
    for (const std::string &I : IncludeDirs)
      R.Args.push_back("-I" + I);
    for (const std::string &A : ExtraArgs)
      R.Args.push_back(A);
    for (const char *Flag :
         {"-ferror-limit=0", "-w", "-Wno-error", "-fno-caret-diagnostics",
          "-Wno-error=implicit-function-declaration",
          "-Wno-error=int-conversion", "-Wno-error=incompatible-pointer-types",
          "-Wno-error=implicit-int", "-Wno-error=return-type"})
      R.Args.push_back(Flag);
    R.Args.push_back(F);
    R.Args.push_back("-resource-dir=" + clangResourceDir());
    (Header ? Plan.Headers : Plan.Sources).push_back(std::move(R));
  }
}

} // namespace afalg
