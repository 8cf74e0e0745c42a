// A compile database is untrusted input (DESIGN §6): scanning a checkout
// that ships a hostile compile_commands.json must load no code and write no
// file, yet still analyse every entry.

#include "TestUtil.h"
#include "driver/Inputs.h"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <dlfcn.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace afalg;
using namespace afalg::test;

namespace {

/// The scratch layout: a project (with its build directory), a directory
/// outside it, and files in the system temp directory that hostile flags
/// name as outputs.
struct Hostile {
  TempDir T;
  std::string Proj, Build, Outside, Tmp, Plugin = AFALG_EVIL_PLUGIN;

  Hostile() {
    Proj = T.Path + "/proj";
    Build = Proj + "/build";
    Outside = T.Path + "/outside";
    llvm::SmallString<128> TmpDir;
    llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, TmpDir);
    Tmp = std::string(TmpDir) + "/afalg-hostile-" + std::to_string(getpid());
    // Config and response files outside the project that would, if read,
    // write a file and break the parse (#error).
    T.write("outside/evil.cfg", "-DEVIL_CFG -MD -MF " + Tmp + "-cfg.d\n");
    T.write("outside/evil.rsp", "-DEVIL_RSP -MD -MF " + Tmp + "-rsp.d\n");
    T.write("outside/overlay.yaml", "{ 'version': 0, 'roots': [] }\n");
    // Default config files where a driver might look for them.
    for (const char *Cfg : {"clang.cfg", "x86_64-unknown-linux-gnu-clang.cfg",
                            "x86_64-linux-gnu-clang.cfg"})
      T.write("proj/build/" + std::string(Cfg), "-DEVIL_CFG\n");
    // A response file inside the project is the project's own: expanded.
    T.write("proj/build/inside.rsp", "-DINSIDE_RSP=1\n");
  }

  /// Hostile flag groups; each gets its own source file and entry, and the
  /// last entry carries all of them at once.
  std::vector<std::vector<std::string>> groups() const {
    std::string E = Plugin;
    return {
        {"-fplugin=" + E, "-fplugin-arg-evil-x=1"},
        {"-Xclang", "-load", "-Xclang", E, "-Xclang", "-plugin", "-Xclang",
         "evil", "-Xclang", "-add-plugin", "-Xclang", "evil", "-Xclang",
         "-plugin-arg-evil", "-Xclang", "x"},
        {"-Xclang", "-load", "-Xclang", "./evil.so"},
        {"-fpass-plugin=" + E, "-mllvm", "-load=" + E},
        {"-o", Tmp + "-out.o", "-o" + Tmp + "-out2.o",
         "--output=" + Tmp + "-out3.o"},
        {"-MF", "deps.d", "-MD", "-MMD", "-MJ" + Tmp + "-mj.json",
         "--write-dependencies", "-Wp,-MD," + Tmp + "-wp.d"},
        {"-Xclang", "-dependency-file", "-Xclang", Tmp + "-dep.d", "-Xclang",
         "-MT", "-Xclang", "x"},
        {"--serialize-diagnostics", "x.dia", "-Xclang",
         "-serialize-diagnostic-file", "-Xclang", Tmp + "-y.dia"},
        {"@/etc/evil.rsp", "@" + Outside + "/evil.rsp", "@inside.rsp"},
        {"-ftime-trace", "-ftime-trace=" + Tmp + "-trace.json", "-save-temps",
         "-save-temps=obj"},
        {"-B/tmp/evilbin", "-B", Tmp + "-evilbin", "--prefix=" + Tmp + "-b"},
        {"--config=" + Outside + "/evil.cfg", "--config",
         Outside + "/evil.cfg"},
        {"-fmodules", "-fmodules-cache-path=" + Tmp + "-modcache"},
        {"-Xclang", "-header-include-file", "-Xclang", Tmp + "-hi.txt", "-H",
         "-Xclang", "-stats-file=" + Tmp + "-stats.txt", "-Xclang",
         "-diagnostic-log-file", "-Xclang", Tmp + "-dl.log"},
        {"-fcrash-diagnostics-dir=" + Tmp + "-crash",
         "-fproc-stat-report=" + Tmp + "-ps", "-Xarch_x86_64", "-fplugin=" + E,
         "-Xpreprocessor", "-MD"},
        {"-include-pch", Outside + "/evil.pch", "-ivfsoverlay",
         Outside + "/overlay.yaml"},
        {"-ccc-install-dir", Tmp + "-ccc", "--driver-mode=cl", "-Xclang",
         "-ast-dump", "-fprofile-use=" + Tmp + "-prof",
         "-fsanitize-ignorelist=" + Tmp + "-ign",
         "-fsave-optimization-record=yaml"},
    };
  }

  /// Writes the sources and compile_commands.json; returns the entry count.
  size_t writeProject() {
    auto Groups = groups();
    std::vector<std::string> All;
    for (auto &G : Groups)
      All.insert(All.end(), G.begin(), G.end());
    Groups.push_back(All);
    nlohmann::json Db = nlohmann::json::array();
    for (size_t I = 0; I < Groups.size(); ++I) {
      std::string Name = "src/a" + std::to_string(I) + ".c";
      T.write("proj/" + Name,
              std::string("#ifndef AFALG_OK\n#error legit flags were lost\n"
                          "#endif\n#if defined(EVIL_CFG) || "
                          "defined(EVIL_RSP)\n#error hostile flags were "
                          "read\n#endif\n") +
                  (I == 8 ? "#ifndef INSIDE_RSP\n#error in-project response "
                            "file not expanded\n#endif\n"
                          : "") +
                  afAlgSource());
      std::vector<std::string> Args = {"/tmp/evil-compiler", "-DAFALG_OK",
                                       "-I" + Proj + "/src", "-std=gnu11"};
      Args.insert(Args.end(), Groups[I].begin(), Groups[I].end());
      Args.push_back("-c");
      Args.push_back("../" + Name);
      Db.push_back(
          {{"directory", Build}, {"file", "../" + Name}, {"arguments", Args}});
    }
    T.write("proj/build/compile_commands.json", Db.dump(1));
    return Groups.size();
  }

  /// Paths in the temp directory that the hostile flags name.
  std::vector<std::string> tmpEntries() const {
    std::vector<std::string> Out;
    std::error_code EC;
    llvm::SmallString<128> Dir(llvm::sys::path::parent_path(Tmp));
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::StringRef(It->path()).starts_with(Tmp))
        Out.push_back(It->path());
    for (const char *P :
         {"/tmp/evilbin", "/tmp/evil-compiler", "/etc/evil.rsp"})
      if (llvm::sys::fs::exists(P))
        Out.push_back(P);
    return Out;
  }
};

} // namespace

TEST_CASE("sanitizeCommand drops every flag that loads code, writes files "
          "or reads unchecked flags",
          "[security]") {
  Hostile H;
  H.writeProject();
  for (const auto &G : H.groups()) {
    std::vector<std::string> Cmd = {"/tmp/evil-compiler", "-DAFALG_OK",
                                    "-Iinc"};
    Cmd.insert(Cmd.end(), G.begin(), G.end());
    Cmd.push_back("a.c");
    std::vector<std::string> Out = sanitizeCommand(Cmd, H.Proj, H.Build);
    std::string Line;
    for (const std::string &A : Out)
      Line += A + " ";
    INFO(Line);
    REQUIRE(Out.size() > 4);
    CHECK(Out[0] == "clang"); // never the database's compiler
    CHECK(Out[1] == "--no-default-config");
    CHECK(std::count(Out.begin(), Out.end(), "-DAFALG_OK") == 1);
    CHECK(std::count(Out.begin(), Out.end(), "a.c") == 1);
    for (const std::string &A : Out) {
      llvm::StringRef S = A;
      CHECK_FALSE(S.contains("evil"));
      CHECK_FALSE(S.contains(H.Tmp));
      CHECK_FALSE(S.contains(H.Outside));
      CHECK_FALSE(S.starts_with("@"));
      CHECK_FALSE(
          (S.starts_with("-M") || S.starts_with("-o") ||
           S.starts_with("--config") || S.starts_with("-B") ||
           S.starts_with("-f"
                         "plugin") ||
           S.starts_with("-load") || S.contains("-dependency") || S == "-H" ||
           S.starts_with("-ftime") || S.starts_with("-save-temps") ||
           S.starts_with("-fmodules") || S.starts_with("-Wp,") ||
           S.starts_with("-mllvm") || S.starts_with("-include-pch") ||
           S.starts_with("-ivfsoverlay") || S.starts_with("--driver-mode") ||
           S == "-ast-dump" || S.starts_with("-fsave-optimization-record")));
    }
    // Every -Xclang still has its value, and nothing dangling is left.
    for (size_t I = 0; I < Out.size(); ++I)
      if (Out[I] == "-Xclang")
        CHECK((I + 1 < Out.size() &&
               Out[I + 1] == "-disable-pragma-debug-crash"));
  }
  // A cc1 flag whose value shares a dropped -Wp token goes too: no orphan
  // "-include" left to swallow the next value.
  std::vector<std::string> Orphan =
      sanitizeCommand({"cc", "-Xpreprocessor", "-include",
                       "-Wp,config.h,-MD,x.d", "-Wp,-DY", "a.c"},
                      H.Proj, H.Build);
  CHECK(std::count(Orphan.begin(), Orphan.end(), "-include") == 0);
  CHECK(std::count(Orphan.begin(), Orphan.end(), "-Wp,-DY") == 1);
  // The project's own response file is expanded; the others are not read.
  std::vector<std::string> Out = sanitizeCommand(
      {"cc", "@inside.rsp", "@/etc/evil.rsp", "a.c"}, H.Proj, H.Build);
  CHECK(std::count(Out.begin(), Out.end(), "-DINSIDE_RSP=1") == 1);
}

static void checkHostileScan(Hostile &H, bool Isolated) {
  size_t Entries = H.writeProject();
  std::string Marker = H.T.Path + "/plugin-was-loaded";
  setenv("AFALG_EVIL_MARKER", Marker.c_str(), 1);
  auto Before = snapshot(H.T.Path);
  auto TmpBefore = H.tmpEntries();
  std::vector<std::string> Args = {"--format=json", "--root", H.Proj, "-p",
                                   H.Build,         H.Proj};
  Run R = Isolated ? runExecutable(Args) : runInProcess(Args);
  unsetenv("AFALG_EVIL_MARKER");
  INFO(R.Err);
  CHECK(R.Code == 1); // findings, and no file that could not be analysed
  CHECK_FALSE(llvm::sys::fs::exists(Marker));
  CHECK(snapshot(H.T.Path) == Before);
  CHECK(H.tmpEntries() == TmpBefore);
  for (size_t I = 0; I < Entries; ++I) {
    INFO("entry " << I);
    CHECK(count(R.Out, "\"file\": \"src/a" + std::to_string(I) + ".c\"") >= 2);
  }
  CHECK(R.Out.find("\"errors\": []") != std::string::npos);
}

TEST_CASE("a hostile compile database loads nothing and writes nothing",
          "[security]") {
  Hostile H;
  SECTION("in-process") { checkHostileScan(H, /*Isolated=*/false); }
  SECTION("isolated, as the CLI runs") { checkHostileScan(H, true); }
}

TEST_CASE("the evil plugin would be noticed if it were ever loaded",
          "[security]") {
  // The control for the test above: loading the plugin leaves the marker.
  TempDir T;
  std::string Marker = T.Path + "/loaded";
  setenv("AFALG_EVIL_MARKER", Marker.c_str(), 1);
  void *H = dlopen(AFALG_EVIL_PLUGIN, RTLD_NOW | RTLD_LOCAL);
  unsetenv("AFALG_EVIL_MARKER");
  REQUIRE(H != nullptr);
  CHECK(llvm::sys::fs::exists(Marker));
  dlclose(H);
}
