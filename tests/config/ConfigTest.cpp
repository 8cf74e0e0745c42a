// Parsing, errors, path globs, discovery and --dump-config of
// .afalg-scan.yaml, without scanning anything.
#include "config/Config.h"
#include "TempDir.h"
#include "config/PathFilter.h"
#include <catch2/catch.hpp>

using namespace afalg;
using afalg::test::TempDir;

namespace {

Config parseOk(const std::string &Text, const std::string &Base = "/p") {
  llvm::Expected<Config> C = parseConfig(Text, "cfg.yaml", Base);
  if (!C)
    FAIL(llvm::toString(C.takeError()));
  return std::move(*C);
}

std::string parseError(const std::string &Text) {
  llvm::Expected<Config> C = parseConfig(Text, "cfg.yaml", "/p");
  if (C)
    return "(no error)";
  return llvm::toString(C.takeError());
}

const char *Example = R"(# .afalg-scan.yaml
rules:
  afalg-io: off
  afalg-kcapi: { severity: warning }
  afalg-socket: error
  afalg-zerocopy: { enabled: on, severity: note, copy-fail-severity: warning }
paths:
  include: ["src/**", "lib/**"]
  exclude: ["third_party/**", "**/test/**"]
fail-on: error
fix: { target: gcrypt, compat-dir: vendor/afalg_compat }
kcapi-like-apis: ["mykcapi_", "vendor_alg_"]
)";

/// The dump without its comment lines, which name the file read.
std::string body(const std::string &Dump) {
  std::string Out;
  llvm::StringRef Rest = Dump;
  while (!Rest.empty()) {
    auto [Line, Tail] = Rest.split('\n');
    if (!Line.starts_with("#"))
      Out += Line.str() + "\n";
    Rest = Tail;
  }
  return Out;
}

} // namespace

TEST_CASE("a full configuration parses", "[config]") {
  Config C = parseOk(Example);
  CHECK(C.File == "cfg.yaml");
  CHECK(C.Rules[RuleId::Io].Enabled == std::optional<bool>(false));
  CHECK(C.Rules[RuleId::Kcapi].Level == Severity::Warning);
  CHECK(!C.Rules[RuleId::Kcapi].Enabled);
  CHECK(C.Rules[RuleId::Socket].Level == Severity::Error);
  CHECK(C.Rules[RuleId::Zerocopy].Enabled == std::optional<bool>(true));
  CHECK(C.Rules[RuleId::Zerocopy].Level == Severity::Note);
  CHECK(C.Rules[RuleId::Zerocopy].CopyFailLevel == Severity::Warning);
  CHECK(C.Rules.size() == 4);
  CHECK(C.Include == std::vector<std::string>{"src/**", "lib/**"});
  CHECK(C.Exclude == std::vector<std::string>{"third_party/**", "**/test/**"});
  CHECK(C.HasFailOn);
  CHECK(C.FailOn == Severity::Error);
  CHECK(C.FixTarget == "gcrypt");
  CHECK(C.CompatDir == "vendor/afalg_compat");
  CHECK(C.KcapiPrefixes == std::vector<std::string>{"mykcapi_", "vendor_alg_"});
}

TEST_CASE("small and empty configurations", "[config]") {
  Config Empty = parseOk("");
  CHECK(Empty.Rules.empty());
  CHECK(!Empty.HasFailOn);
  CHECK(parseOk("# nothing but a comment\n").Rules.empty());
  CHECK(parseOk("rules:\npaths:\n").Include.empty());

  Config None = parseOk("fail-on: none\n");
  CHECK(None.HasFailOn);
  CHECK(!None.FailOn);

  // A single glob or prefix may be written without brackets.
  Config One = parseOk("paths: { exclude: vendor }\nkcapi-like-apis: x_\n");
  CHECK(One.Exclude == std::vector<std::string>{"vendor"});
  CHECK(One.KcapiPrefixes == std::vector<std::string>{"x_"});

  Config Block = parseOk("rules:\n  afalg-bind:\n    enabled: false\n"
                         "  afalg-cmsg: 'note'\n");
  CHECK(Block.Rules[RuleId::Bind].Enabled == std::optional<bool>(false));
  CHECK(Block.Rules[RuleId::Cmsg].Level == Severity::Note);
}

TEST_CASE("errors name the key or value, its line and column", "[config]") {
  CHECK(parseError("rulez: {}\n") ==
        "cfg.yaml:1:1: unknown key 'rulez' (expected: rules, paths, fail-on, "
        "fix, kcapi-like-apis)");
  CHECK(parseError("# comment\nfail-on: sometimes\n") ==
        "cfg.yaml:2:10: bad value 'sometimes' for 'fail-on' (none, note, "
        "warning, error)");
  CHECK(parseError("rules:\n  afalg-sockett: off\n") ==
        "cfg.yaml:2:3: unknown rule 'afalg-sockett' in 'rules' (did you mean "
        "'afalg-socket'?)");
  CHECK(parseError("rules:\n  no-such-thing: off\n") ==
        "cfg.yaml:2:3: unknown rule 'no-such-thing' in 'rules' (see "
        "--list-rules)");
  CHECK(parseError("rules:\n  afalg-io: sometimes\n") ==
        "cfg.yaml:2:13: bad value 'sometimes' for 'rules.afalg-io' (on, off, "
        "note, warning, error)");
  CHECK(parseError("rules:\n  afalg-io: { level: note }\n") ==
        "cfg.yaml:2:15: unknown key 'level' in 'rules.afalg-io' (expected: "
        "enabled, severity)");
  // copy-fail-severity belongs to afalg-zerocopy only.
  CHECK(parseError("rules:\n  afalg-io: { copy-fail-severity: note }\n") ==
        "cfg.yaml:2:15: unknown key 'copy-fail-severity' in 'rules.afalg-io' "
        "(expected: enabled, severity)");
  CHECK(parseError("rules:\n  afalg-io: { severity: loud }\n") ==
        "cfg.yaml:2:25: bad value 'loud' for 'rules.afalg-io.severity' "
        "(note, warning, error)");
  CHECK(parseError("rules:\n  afalg-io: { enabled: maybe }\n") ==
        "cfg.yaml:2:24: bad value 'maybe' for 'rules.afalg-io.enabled' (true, "
        "false, on, off)");
  CHECK(parseError("rules:\n  afalg-io: off\n  afalg-io: on\n") ==
        "cfg.yaml:3:3: duplicate key 'afalg-io' in 'rules'");
  CHECK(parseError("fix:\n  target: gnutls\n") ==
        "cfg.yaml:2:11: bad value 'gnutls' for 'fix.target' (openssl, gcrypt, "
        "nettle)");
  CHECK(parseError("fix: { lib: openssl }\n") ==
        "cfg.yaml:1:8: unknown key 'lib' in 'fix' (expected: target, "
        "compat-dir)");
  CHECK(parseError("paths:\n  includes: [src]\n") ==
        "cfg.yaml:2:3: unknown key 'includes' in 'paths' (expected: include, "
        "exclude)");
  CHECK(parseError("kcapi-like-apis: [\"ok_\", \"my-api\"]\n") ==
        "cfg.yaml:1:26: bad value 'my-api' for 'kcapi-like-apis' (a C "
        "identifier prefix such as 'mykcapi_')");
  CHECK_THAT(parseError("paths:\n  exclude: [\"ok/**\", \"bad[\"]\n"),
             Catch::StartsWith("cfg.yaml:2:22: bad value 'bad[' for "
                               "'paths.exclude' (invalid glob: "));
}

TEST_CASE("wrong node kinds are errors", "[config]") {
  CHECK(parseError("rules: [afalg-io]\n") ==
        "cfg.yaml:1:8: 'rules' must be a mapping, not a sequence");
  CHECK(parseError("fail-on:\n") ==
        "cfg.yaml:1:1: missing value for 'fail-on' (none, note, warning, "
        "error)");
  CHECK(parseError("fail-on: [error]\n") ==
        "cfg.yaml:1:10: 'fail-on' must be none, note, warning, error, not a "
        "sequence");
  CHECK(parseError("paths:\n  exclude: {a: b}\n") ==
        "cfg.yaml:2:12: 'paths.exclude' must be a list of strings, not a "
        "mapping");
  CHECK(parseError("paths:\n  exclude:\n    - [a, b]\n") ==
        "cfg.yaml:3:7: items of 'paths.exclude' must be strings, not a "
        "sequence");
  CHECK(parseError("rules:\n  afalg-io: [off]\n") ==
        "cfg.yaml:2:13: 'rules.afalg-io' must be one of on, off, note, "
        "warning, error, or a mapping, not a sequence");
  CHECK(parseError("- rules\n") ==
        "cfg.yaml:1:1: the configuration must be a mapping, not a sequence");
  CHECK(parseError("fail-on: error\n---\nfail-on: note\n") ==
        "cfg.yaml:3:1: only one YAML document is allowed");
}

TEST_CASE("YAML syntax errors carry a position", "[config]") {
  std::string E = parseError("rules: { afalg-io: off\nfail-on: error\n");
  CHECK_THAT(E, Catch::Matches("cfg\\.yaml:[0-9]+:[0-9]+: .+"));
  E = parseError("rules:\n  afalg-io: off\n bad-indent: x\n");
  CHECK_THAT(E, Catch::StartsWith("cfg.yaml:3:"));
}

TEST_CASE("path globs are gitignore-like and relative to the config",
          "[config]") {
  Config C = parseOk("paths:\n"
                     "  exclude: [\"third_party/**\", \"**/test/**\", "
                     "\"*.pb.c\", vendor, \"src/gen/\"]\n");
  PathFilter F(C);
  CHECK(!F.selects("/p/third_party/x.c"));
  CHECK(!F.selects("/p/third_party/deep/er/x.c"));
  CHECK(F.selects("/p/src/third_party/x.c")); // an inner '/' anchors
  CHECK(!F.selects("/p/test/b.c"));
  CHECK(!F.selects("/p/a/test/b.c"));
  CHECK(F.selects("/p/a/testing/b.c"));
  CHECK(!F.selects("/p/a/b/x.pb.c")); // no '/': any depth
  CHECK(!F.selects("/p/vendor/a.c"));
  CHECK(!F.selects("/p/lib/vendor/a.c"));
  CHECK(!F.selects("/p/src/gen/a.c"));
  CHECK(F.selects("/p/src/a.c"));
  CHECK(F.selects("/elsewhere/third_party/x.c")); // not governed
  CHECK(F.selects("/pq/third_party/x.c"));

  Config I = parseOk("paths:\n  include: [\"{src,lib}/*.c\", \"tools/**\"]\n"
                     "  exclude: [\"tools/old/**\"]\n");
  PathFilter G(I);
  CHECK(G.selects("/p/src/a.c"));
  CHECK(G.selects("/p/lib/b.c"));
  CHECK(!G.selects("/p/src/sub/a.c")); // '*' stays in one segment
  CHECK(!G.selects("/p/src/a.h"));
  CHECK(!G.selects("/p/other/a.c"));
  CHECK(G.selects("/p/tools/x/y/z.c"));
  CHECK(!G.selects("/p/tools/old/z.c"));

  PathFilter None(parseOk(""));
  CHECK(None.selects("/p/anything.c"));
}

TEST_CASE("the config is found upward from the first PATH", "[config]") {
  TempDir T;
  std::string Top = T.write(ConfigFileName, "fail-on: error\n");
  std::string Src = T.write("a/b/c.c", "int x;\n");
  CHECK(findConfig(Src) == Top);
  CHECK(findConfig(T.file("a/b")) == Top);
  CHECK(findConfig(T.Path) == Top);
  // A path that does not exist yet still searches from its parents.
  CHECK(findConfig(T.file("a/missing/x.c")) == Top);
  // The nearest one wins.
  std::string Near = T.write("a/" + std::string(ConfigFileName), "");
  CHECK(findConfig(Src) == Near);
  CHECK(findConfig(T.file("a")) == Near);
  // A directory named like the config file is not one.
  TempDir U;
  llvm::sys::fs::create_directories(U.file(ConfigFileName));
  std::optional<std::string> Found = findConfig(U.Path);
  CHECK((!Found || !llvm::StringRef(*Found).starts_with(U.Path)));
}

TEST_CASE("loadConfig reads the file and bases globs on its directory",
          "[config]") {
  TempDir T;
  std::string F = T.write("sub/" + std::string(ConfigFileName),
                          "paths: { exclude: [gen] }\n");
  llvm::Expected<Config> C = loadConfig(F);
  REQUIRE(static_cast<bool>(C));
  CHECK(C->BaseDir == T.file("sub"));
  PathFilter PF(*C);
  CHECK(!PF.selects(T.file("sub/gen/a.c")));
  CHECK(PF.selects(T.file("gen/a.c")));

  llvm::Expected<Config> Missing = loadConfig(T.file("nope.yaml"));
  REQUIRE(!static_cast<bool>(Missing));
  CHECK_THAT(llvm::toString(Missing.takeError()),
             Catch::StartsWith("cannot read configuration '" +
                               T.file("nope.yaml") + "'"));
}

TEST_CASE("dump-config output round-trips", "[config]") {
  Config C = parseOk(Example);
  std::string Dump = dumpConfig(C);
  CHECK_THAT(Dump, Catch::Contains("# read from cfg.yaml\n"));
  CHECK_THAT(Dump, Catch::Contains(
                       "  afalg-io: { enabled: false, severity: note }\n"));
  CHECK_THAT(Dump, Catch::Contains(
                       "  afalg-socket: { enabled: true, severity: error }\n"));
  CHECK_THAT(Dump, Catch::Contains("  afalg-zerocopy: { enabled: true, "
                                   "severity: note, copy-fail-severity: "
                                   "warning }\n"));
  CHECK_THAT(Dump, Catch::Contains("  exclude: [\"third_party/**\", "
                                   "\"**/test/**\"]\n"));
  CHECK_THAT(Dump, Catch::Contains("fail-on: error\n"));
  CHECK_THAT(Dump, Catch::Contains("fix: { target: gcrypt, compat-dir: "
                                   "\"vendor/afalg_compat\" }\n"));

  Config Again = parseOk(Dump);
  CHECK(body(dumpConfig(Again)) == body(Dump));
  // Same effective settings, spelled out for every rule.
  CHECK(Again.Rules.size() == allRules().size());
  CHECK(Again.Rules[RuleId::Io].Enabled == std::optional<bool>(false));
  CHECK(Again.Rules[RuleId::Zerocopy].CopyFailLevel == Severity::Warning);
  CHECK(Again.Include == C.Include);
  CHECK(Again.Exclude == C.Exclude);
  CHECK(Again.FailOn == C.FailOn);
  CHECK(Again.FixTarget == C.FixTarget);
  CHECK(Again.CompatDir == C.CompatDir);
  CHECK(Again.KcapiPrefixes == C.KcapiPrefixes);

  // The defaults round-trip too, and strings that need quoting survive.
  Config D = parseOk("paths: { exclude: [\"we\\\"ird: #dir\"] }\n");
  std::string DD = dumpConfig(D);
  CHECK_THAT(DD, Catch::Contains("fail-on: warning\n"));
  CHECK_THAT(DD, Catch::Contains("fix: { target: openssl, compat-dir: "
                                 "\"afalg_compat\" }\n"));
  CHECK(parseOk(DD).Exclude == std::vector<std::string>{"we\"ird: #dir"});
  CHECK(body(dumpConfig(parseOk(DD))) == body(DD));
}

TEST_CASE("rule settings drop findings and override severities", "[config]") {
  ScanResult R;
  auto Add = [&](RuleId Rule, Severity L, const std::string &Session) {
    Finding F;
    F.Rule = Rule;
    F.Level = L;
    F.Session = Session;
    R.Findings.push_back(F);
  };
  Add(RuleId::Socket, Severity::Warning, "s1");
  Add(RuleId::Io, Severity::Note, "s1");
  Add(RuleId::Zerocopy, Severity::Error, "s1"); // Copy Fail
  Add(RuleId::Zerocopy, Severity::Warning, "s2");
  Add(RuleId::Io, Severity::Note, "s3");
  Session S1, S2, S3;
  S1.Id = "s1", S1.CopyFailShape = true, S1.Level = Severity::Error;
  S2.Id = "s2", S3.Id = "s3";
  R.Sessions = {S1, S2, S3};

  ScanResult A = R;
  applyRuleSettings(A, parseOk("rules: { afalg-io: off, afalg-zerocopy: "
                               "note, afalg-socket: error }\n"));
  REQUIRE(A.Findings.size() == 3);
  CHECK(A.Findings[0].Level == Severity::Error); // socket raised
  CHECK(A.Findings[1].Level == Severity::Error); // Copy Fail kept
  CHECK(A.Findings[2].Level == Severity::Note);  // plain zero-copy lowered
  REQUIRE(A.Sessions.size() == 2);               // s3 had only I/O
  CHECK(A.Sessions[0].Level == Severity::Error);

  ScanResult B = R;
  applyRuleSettings(B, parseOk("rules: { afalg-zerocopy: { "
                               "copy-fail-severity: warning } }\n"));
  CHECK(B.Findings[2].Level == Severity::Warning);
  CHECK(B.Findings[3].Level == Severity::Warning);
  CHECK(B.Sessions[0].Level == Severity::Warning);
  CHECK(B.Sessions.size() == 3);
}
