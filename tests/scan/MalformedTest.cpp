// Malformed inputs never crash or hang the scan: each one is named with a
// clear message, exit code 2 where it cannot be analysed, and the other
// inputs are still analysed.

#include "TestUtil.h"
#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace afalg;
using namespace afalg::test;

TEST_CASE("a malformed compile database is named, exit 2", "[malformed]") {
  // Each is a whole compile_commands.json.
  const char *Bad[] = {
      "{ this is not json",
      "",
      "\x7f"
      "ELF\x02\x01\x01",
      "{\"directory\": \"/\", \"file\": \"a.c\", \"command\": \"cc a.c\"}",
      "[[\"a.c\"]]",
      "[{\"directory\": 42, \"file\": \"a.c\", \"command\": \"cc a.c\"}]",
      "[{\"directory\": \"/\", \"file\": [\"a.c\"], \"command\": \"cc\"}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"arguments\": \"cc\"}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"arguments\": [1, 2]}]",
      "[{\"file\": \"a.c\", \"command\": \"cc a.c\"}]",
      "[{\"directory\": \"/\", \"command\": \"cc a.c\"}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\"}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"command\": \"cc a.c\"",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"arguments\": []}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"command\": \"  \"}]",
      "[{\"directory\": \"/\", \"file\": \"a.c\", \"command\": null}]",
      "[1, 2, 3]",
      "\"just a string\"",
      "[] []",
  };
  for (const char *Text : Bad) {
    TempDir D;
    D.write("a.c", afAlgSource());
    D.write("build/compile_commands.json", Text);
    Run R = runInProcess({"-p", D.Path + "/build", D.Path});
    INFO(Text);
    INFO(R.Err);
    CHECK(R.Code == 2);
    CHECK(R.Err.find("compile_commands.json") != std::string::npos);
  }
}

TEST_CASE("deeply nested JSON in a compile database is refused, not a "
          "stack overflow",
          "[malformed]") {
  TempDir D;
  D.write("a.c", afAlgSource());
  D.write("build/compile_commands.json",
          std::string(100000, '[') + std::string(100000, ']'));
  Run R = runInProcess({"-p", D.Path + "/build", D.Path});
  CHECK(R.Code == 2);
  CHECK(R.Err.find("compile_commands.json") != std::string::npos);
}

TEST_CASE("a compile command whose directory is missing is named, the rest "
          "is analysed",
          "[malformed]") {
  TempDir D;
  D.write("a.c", afAlgSource());
  D.write("b.c", afAlgSource());
  nlohmann::json Db = {
      {{"directory", D.Path + "/gone"},
       {"file", D.Path + "/a.c"},
       {"arguments", {"cc", "-c", D.Path + "/a.c"}}},
      {{"directory", D.Path}, {"file", "b.c"}, {"command", "cc -c b.c"}}};
  D.write("build/compile_commands.json", Db.dump());
  Run R = runInProcess(
      {"--format=json", "--root", D.Path, "-p", D.Path + "/build", D.Path});
  CHECK(R.Code == 2);
  CHECK(R.Err.find("a.c: the directory") != std::string::npos);
  CHECK(R.Err.find("does not exist") != std::string::npos);
  CHECK(R.Out.find("\"file\": \"b.c\"") != std::string::npos);
}

TEST_CASE("file names that are not UTF-8 are analysed and reported",
          "[malformed]") {
  TempDir D;
  D.write("caf\xe9.c", afAlgSource());     // Latin-1
  D.write("bad\xff\xfe.c", afAlgSource()); // no encoding at all
  D.write("good.c", afAlgSource());
  for (bool Isolated : {false, true}) {
    INFO((Isolated ? "isolated" : "in-process"));
    std::vector<std::string> Args = {"--format=json", "--root", D.Path, D.Path};
    Run R = Isolated ? runExecutable(Args) : runInProcess(Args);
    INFO(R.Err);
    CHECK(R.Code == 1);
    nlohmann::json J;
    REQUIRE_NOTHROW(J = nlohmann::json::parse(R.Out)); // valid UTF-8 JSON
    CHECK(J["inputs"]["analysed"] == 3);
    CHECK(J["findings"].size() >= 9);
  }
}

TEST_CASE("a 20 MB single-line file is analysed in bounded time",
          "[malformed][slow]") {
  TempDir D;
  // A firmware blob as generators write it: all on one line, with an
  // AF_ALG call at its end.
  std::string Line = "static const unsigned char blob[] = {";
  Line.reserve(20u << 20);
  while (Line.size() < (20u << 20))
    Line += "0x5a,0xa5,0x00,0xff,";
  Line += "0}; int f(void) { return socket(38, 5, 0); }";
  D.write("huge.c", "#include <sys/socket.h>\n" + Line);
  D.write("good.c", afAlgSource());
  auto Start = std::chrono::steady_clock::now();
  Run R = runInProcess({"--format=json", "--root", D.Path, D.Path});
  auto Secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::steady_clock::now() - Start)
                  .count();
  INFO(R.Err);
  CHECK(R.Code == 1);
  CHECK(Secs < 120);
  CHECK(R.Out.find("\"file\": \"huge.c\"") != std::string::npos);
  CHECK(R.Out.find("\"file\": \"good.c\"") != std::string::npos);
}

TEST_CASE("files named .c that are not C are named, exit 2", "[malformed]") {
  TempDir D;
  D.write("good.c", afAlgSource());
  // Each mentions AF_ALG, so no prefilter can skip it.
  D.write("page.c", "<html><body>socket(AF_ALG, 5, 0)</body></html>\n");
  D.write("script.c", "#!/bin/sh\necho 'socket(AF_ALG)' && exit 1\n");
  D.write("Makefile.c", "all:\n\t$(CC) -DAF_ALG=38 -o x x.c\n");
  static const char Utf16[] = "\xff\xfes\0o\0c\0k\0e\0t\0(\0A\0F\0_\0A\0L\0G";
  D.write("utf16.c", std::string(Utf16, sizeof(Utf16) - 1));
  D.write("random.c", std::string("\x8f\x91\xe2\x13 AF_ALG \xc3\x28\xa0\xa1"
                                  "\xf0\x28\x8c\xbc\x01\x02\x03\x04\x7f"));
  // The prefilter rightly skips what cannot hold an AF_ALG use; here the
  // point is what happens to a file that is parsed.
  Run R = runInProcess(
      {"--format=json", "--no-prefilter", "--root", D.Path, D.Path});
  INFO(R.Err);
  CHECK(R.Code == 2);
  for (const char *Name :
       {"page.c", "script.c", "Makefile.c", "utf16.c", "random.c"}) {
    INFO(Name);
    CHECK(R.Err.find(std::string("error: ") + Name + ": ") !=
          std::string::npos);
  }
  CHECK(R.Err.find("utf16.c: is a binary file") != std::string::npos);
  CHECK(R.Out.find("\"file\": \"good.c\"") != std::string::npos);
}

TEST_CASE("symlink loops in audit mode end the walk, not the scan",
          "[malformed]") {
  TempDir D;
  D.write("src/good.c", afAlgSource());
  llvm::sys::fs::create_link(D.Path + "/src", D.Path + "/src/loop");
  llvm::sys::fs::create_link(D.Path + "/src/a.c", D.Path + "/src/b.c");
  llvm::sys::fs::create_link(D.Path + "/src/b.c", D.Path + "/src/a.c");
  llvm::sys::fs::create_link(D.Path + "/nowhere.c", D.Path + "/src/dangling.c");
  auto Start = std::chrono::steady_clock::now();
  Run R = runInProcess({"--format=json", "--root", D.Path, D.Path});
  CHECK(std::chrono::steady_clock::now() - Start < std::chrono::seconds(60));
  INFO(R.Err);
  CHECK(R.Out.find("\"file\": \"src/good.c\"") != std::string::npos);
  // A source name that leads nowhere cannot be analysed: named, exit 2.
  CHECK(R.Code == 2);
  CHECK(R.Err.find("src/a.c: cannot be read") != std::string::npos);
  CHECK(R.Err.find("src/dangling.c: cannot be read") != std::string::npos);
}

/// Runs the tool without the right to read what it is denied: as root,
/// which reads anything, through setpriv as nobody.
static bool runUnprivileged(const std::vector<std::string> &Args, Run &R) {
  if (geteuid() != 0) {
    R = runInProcess(Args);
    return true;
  }
  if (!llvm::sys::fs::can_execute("/usr/bin/setpriv"))
    return false;
  R = runExecutable(
      Args, 300,
      {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  return true;
}

TEST_CASE("unreadable inputs are named, exit 2", "[malformed]") {
  TempDir D;
  llvm::sys::fs::setPermissions(D.Path, llvm::sys::fs::all_read |
                                            llvm::sys::fs::all_exe |
                                            llvm::sys::fs::owner_write);
  D.write("good.c", afAlgSource());
  D.write("locked/inside.c", afAlgSource()); // never listed
  std::string File = D.write("unreadable.c", afAlgSource());
  llvm::sys::fs::setPermissions(D.Path + "/locked", llvm::sys::fs::no_perms);
  llvm::sys::fs::setPermissions(File, llvm::sys::fs::no_perms);
  Run R;
  if (!runUnprivileged({"--format=json", "--root", D.Path, D.Path}, R)) {
    WARN("root without setpriv: permissions cannot be taken away; skipped");
    return;
  }
  INFO(R.Err);
  CHECK(R.Code == 2);
  CHECK(R.Err.find("locked: the directory cannot be read") !=
        std::string::npos);
  CHECK(R.Err.find("unreadable.c: cannot be read") != std::string::npos);
  CHECK(R.Out.find("\"file\": \"good.c\"") != std::string::npos);

  TempDir E;
  llvm::sys::fs::setPermissions(E.Path, llvm::sys::fs::all_read |
                                            llvm::sys::fs::all_exe |
                                            llvm::sys::fs::owner_write);
  E.write("a.c", afAlgSource());
  std::string Db = E.write("build/compile_commands.json", "[]");
  llvm::sys::fs::setPermissions(
      E.Path + "/build", llvm::sys::fs::all_read | llvm::sys::fs::all_exe |
                             llvm::sys::fs::owner_write);
  llvm::sys::fs::setPermissions(Db, llvm::sys::fs::no_perms);
  Run S;
  REQUIRE(runUnprivileged({"-p", E.Path + "/build", E.Path}, S));
  INFO(S.Err);
  CHECK(S.Code == 2);
  CHECK(S.Err.find("compile_commands.json") != std::string::npos);
  CHECK(S.Err.find("denied") != std::string::npos);
}
