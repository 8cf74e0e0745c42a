// Changed lines: the unified-diff parser on the shapes git produces, and
// one end-to-end run against a real temporary repository.

#include "policy/GitChanges.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <catch2/catch.hpp>

using namespace afalg;
using namespace afalg::policy;

namespace {

using Ranges = std::vector<LineRange>;

ChangedFiles parse(llvm::StringRef Diff) {
  llvm::Expected<ChangedFiles> C = parseUnifiedDiff(Diff);
  if (!C)
    FAIL(llvm::toString(C.takeError()));
  return std::move(*C);
}

const char *const Sample = "diff --git a/src/a.c b/src/a.c\n"
                           "index 1111111..2222222 100644\n"
                           "--- a/src/a.c\n"
                           "+++ b/src/a.c\n"
                           "@@ -3 +3 @@ int main(void)\n"
                           "-old\n"
                           "+new\n"
                           "@@ -10,0 +11,2 @@\n"
                           "+++ added line that looks like a header\n"
                           "+-- also not a header\n"
                           "@@ -20,2 +22,0 @@\n"
                           "--- removed line that looks like a header\n"
                           "-x\n"
                           "@@ -30 +31,2 @@\n"
                           "-last\n"
                           "\\ No newline at end of file\n"
                           "+last\n"
                           "+more\n"
                           "\\ No newline at end of file\n"
                           "diff --git a/new.c b/new.c\n"
                           "new file mode 100644\n"
                           "index 0000000..3333333\n"
                           "--- /dev/null\n"
                           "+++ b/new.c\n"
                           "@@ -0,0 +1,3 @@\n"
                           "+a\n"
                           "+b\n"
                           "+c\n"
                           "diff --git a/gone.c b/gone.c\n"
                           "deleted file mode 100644\n"
                           "--- a/gone.c\n"
                           "+++ /dev/null\n"
                           "@@ -1,2 +0,0 @@\n"
                           "-a\n"
                           "-b\n"
                           "diff --git a/old name.c b/dir/new name.c\n"
                           "similarity index 90%\n"
                           "rename from old name.c\n"
                           "rename to dir/new name.c\n"
                           "--- a/old name.c\t\n"
                           "+++ b/dir/new name.c\t\n"
                           "@@ -5 +5 @@\n"
                           "-x\n"
                           "+y\n"
                           "diff --git a/moved.c b/elsewhere.c\n"
                           "similarity index 100%\n"
                           "rename from moved.c\n"
                           "rename to elsewhere.c\n"
                           "diff --git \"a/t\\tab.c\" \"b/t\\tab.c\"\n"
                           "--- \"a/t\\tab.c\"\n"
                           "+++ \"b/t\\tab\\303\\251.c\"\n"
                           "@@ -1 +1 @@\n"
                           "-a\n"
                           "+b\n"
                           "diff --git a/img.png b/img.png\n"
                           "index 4444444..5555555 100644\n"
                           "Binary files a/img.png and b/img.png differ\n";

} // namespace

TEST_CASE("unified diff: hunks, new, deleted, renamed, quoted",
          "[policy][git]") {
  ChangedFiles C = parse(Sample);
  std::vector<std::string> Names;
  for (const auto &[Name, Change] : C.Files)
    Names.push_back(Name);
  CHECK(Names == std::vector<std::string>{"dir/new name.c", "new.c", "src/a.c",
                                          "t\tab\xC3\xA9.c"});
  // A pure deletion (+22,0) adds no line.
  CHECK(C.Files["src/a.c"].Ranges == Ranges{{3, 3}, {11, 12}, {31, 32}});
  CHECK(!C.Files["src/a.c"].WholeFile);
  CHECK(C.Files["new.c"].WholeFile);
  CHECK(C.Files["dir/new name.c"].Ranges == Ranges{{5, 5}});
  CHECK(C.Files["t\tab\xC3\xA9.c"].Ranges == Ranges{{1, 1}});
}

TEST_CASE("touches: any line of a finding's range", "[policy][git]") {
  ChangedFiles C = parse(Sample);
  CHECK(C.touches("src/a.c", 3, 3));
  CHECK(!C.touches("src/a.c", 4, 4));
  CHECK(C.touches("src/a.c", 1, 3));  // a wrapped call edited on its last line
  CHECK(C.touches("src/a.c", 12, 0)); // EndLine unknown
  CHECK(!C.touches("src/a.c", 13, 30));
  CHECK(C.touches("new.c", 999, 999));
  CHECK(!C.touches("gone.c", 1, 1));
  CHECK(!C.touches("elsewhere.c", 1, 1));
  Finding F;
  F.Loc = Range{"dir/new name.c", 4, 1, 5, 9};
  CHECK(C.touches(F));
  CHECK(C.containsFile("new.c"));
  CHECK(!C.containsFile("gone.c"));
}

TEST_CASE("a malformed diff is an error, not 'nothing changed'",
          "[policy][git]") {
  auto Err = [](llvm::StringRef D) {
    llvm::Expected<ChangedFiles> C = parseUnifiedDiff(D);
    return C ? std::string("<no error>") : llvm::toString(C.takeError());
  };
  CHECK(parseUnifiedDiff("").operator bool());
  CHECK(Err("+++ b/a.c\n@@ -1 +x @@\n") ==
        "malformed diff at line 2: bad hunk header: '@@ -1 +x @@'");
  CHECK(Err("+++ b/a.c\n@@ -1 +1 @@\n-a\n+b\n+c\n") ==
        "malformed diff at line 5: line outside a hunk: '+c'");
  CHECK(Err("+++ b/a.c\n@@ -1,2 +1 @@\n-a\n+b\n+c\n") ==
        "malformed diff at line 5: hunk does not match its header: '+c'");
  CHECK(Err("+++ b/a.c\n@@ -1 +1,3 @@\n-a\n+b\n") ==
        "malformed diff: the last hunk is truncated");
  CHECK(Err("+++ \"b/unterminated\n") ==
        "malformed diff at line 1: bad path: '+++ \"b/unterminated'");
}

namespace {

/// Runs git in Dir; fails the test when it fails.
void git(const std::string &Git, const std::string &Dir,
         std::vector<std::string> Args) {
  std::vector<llvm::StringRef> Argv = {Git,
                                       "-C",
                                       Dir,
                                       "-c",
                                       "user.name=t",
                                       "-c",
                                       "user.email=t@example.com",
                                       "-c",
                                       "commit.gpgsign=false"};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef("")};
  std::string Msg;
  int RC = llvm::sys::ExecuteAndWait(Git, Argv, std::nullopt, Redirects, 60, 0,
                                     &Msg);
  INFO("git " << llvm::join(Args, " ") << ": " << Msg);
  REQUIRE(RC == 0);
}

void write(const std::string &Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  REQUIRE(!EC);
  OS << Text;
}

} // namespace

TEST_CASE("changedSince on a real repository", "[policy][git][e2e]") {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    WARN("git is not on PATH; skipping the end-to-end changedSince test");
    return;
  }
  llvm::SmallString<128> Dir;
  REQUIRE(!llvm::sys::fs::createUniqueDirectory("afalg-policy-git", Dir));
  std::string Root(Dir);
  struct Cleanup {
    std::string Root;
    ~Cleanup() { llvm::sys::fs::remove_directories(Root); }
  } Clean{Root};

  git(*Git, Root, {"init", "-q"});
  REQUIRE(!llvm::sys::fs::create_directory(Root + "/sub"));
  std::string Ten;
  for (int I = 1; I <= 10; ++I)
    Ten += "line " + std::to_string(I) + "\n";
  write(Root + "/a.c", Ten);
  write(Root + "/sub/b c.c", Ten);
  write(Root + "/gone.c", Ten);
  write(Root + "/.gitignore", "*.o\n");
  git(*Git, Root, {"add", "-A"});
  git(*Git, Root, {"commit", "-q", "-m", "base"});

  std::string Edited = Ten;
  Edited.replace(Edited.find("line 3\n"), 7, "line three\n");
  write(Root + "/a.c", Edited + "line 11\n");
  write(Root + "/sub/b c.c", "line 0\n" + Ten);
  REQUIRE(!llvm::sys::fs::remove(Root + "/gone.c"));
  write(Root + "/new.c", "int x;\n");
  write(Root + "/sub/new2.c", "int y;\n");
  write(Root + "/ignored.o", "junk\n");

  llvm::Expected<ChangedFiles> C = changedSince(Root, "HEAD");
  REQUIRE(static_cast<bool>(C));
  std::vector<std::string> Names;
  for (const auto &[Name, Change] : C->Files)
    Names.push_back(Name);
  CHECK(Names ==
        std::vector<std::string>{"a.c", "new.c", "sub/b c.c", "sub/new2.c"});
  CHECK(C->Files["a.c"].Ranges == Ranges{{3, 3}, {11, 11}});
  CHECK(C->Files["sub/b c.c"].Ranges == Ranges{{1, 1}});
  CHECK(C->Files["new.c"].WholeFile);

  // A project root below the repository's: paths relative to it, changes
  // outside it left out.
  llvm::Expected<ChangedFiles> Sub = changedSince(Root + "/sub", "HEAD");
  REQUIRE(static_cast<bool>(Sub));
  Names.clear();
  for (const auto &[Name, Change] : Sub->Files)
    Names.push_back(Name);
  CHECK(Names == std::vector<std::string>{"b c.c", "new2.c"});

  // "REF...": since the merge base, here the first commit, so a second
  // commit's edits count too.
  git(*Git, Root, {"add", "-A"});
  git(*Git, Root, {"commit", "-q", "-m", "second"});
  llvm::Expected<ChangedFiles> Since = changedSince(Root, "HEAD~1...");
  REQUIRE(static_cast<bool>(Since));
  CHECK(Since->Files["a.c"].Ranges == Ranges{{3, 3}, {11, 11}});
  llvm::Expected<ChangedFiles> None = changedSince(Root, "HEAD");
  REQUIRE(static_cast<bool>(None));
  CHECK(None->Files.empty());

  llvm::Expected<ChangedFiles> Bad = changedSince(Root, "no-such-ref");
  REQUIRE(!Bad);
  CHECK_THAT(llvm::toString(Bad.takeError()),
             Catch::Contains("failed (exit 128)"));
  llvm::Expected<ChangedFiles> Opt = changedSince(Root, "--output=/tmp/x");
  REQUIRE(!Opt);
  CHECK(llvm::toString(Opt.takeError()) ==
        "invalid revision '--output=/tmp/x'");
}
