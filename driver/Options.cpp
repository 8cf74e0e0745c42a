#include "Options.h"
#include "Shard.h"
#include "llvm/ADT/StringRef.h"

namespace afalg {

const char *usageText() {
  return R"(USAGE: afalg-scan [options] [PATH...] [-- COMPILER-FLAGS]

Finds uses of the Linux AF_ALG kernel crypto socket interface in C and C++.

  PATH                  files or directories (default ".")
  -p DIR                directory holding compile_commands.json (else found
                        next to PATH or in ./build; else audit mode: every
                        C/C++ file under PATH, missing headers skipped)
  --root DIR            project root that report paths are relative to
  --format=F            text (default) | json | sarif | cbom | github |
                        markdown
  -o FILE               write the report to FILE ('-' is stdout)
  -j N                  parallel translation units (default: all cores)
  --fail-on=LEVEL       none | note | warning (default) | error
  --fix=LIB             rewrite AF_ALG code onto LIB (openssl, gcrypt,
                        nettle), in place: a hash/HMAC session in one
                        function with a constant algorithm becomes direct
                        LIB calls, every other session calls the compat
                        runtime, whose sources go to --compat-dir
  --fix-strategy=S      auto (default: native where possible, else compat)
                        | native | compat
  --dry-run             with --fix: print a unified diff, write nothing
  --export-fixes=FILE   with --fix: clang-apply-replacements YAML
  --compat-dir=DIR      where --fix puts the runtime (default afalg_compat)
  --fix                 (without LIB) rewrite onto fix.target of the config
  --config FILE         read FILE instead of the nearest .afalg-scan.yaml
                        (searched upward from the first PATH)
  --no-config           ignore configuration files
  --dump-config         print the effective configuration as YAML and exit
  --quiet               no progress on stderr
  --no-isolate          parse every file in this process (default: one
                        worker process per file, so a compiler crash or hang
                        costs that file only)
  --tu-timeout=SECONDS  give up on a file after this long (default 300)
  --cache-dir DIR       reuse the facts of unchanged files, file stamps and
                        the compile database's plan from DIR (default:
                        $AFALG_SCAN_CACHE_DIR; none when unset)
  --no-cache            no cache, whatever the environment says
  --no-prefilter        parse every file (default: skip the files whose text
                        cannot change the findings)
  --shard=K/N           analyse only the K-th of N slices of the files and
                        write their facts to --facts-out FILE; then
                        'afalg-scan merge [options] FILE...' reports on all
  --stats               print cache and prefilter counts and the time of
                        each phase on stderr
  --baseline FILE       report only findings not in FILE (an earlier JSON or
                        SARIF report); matched by fingerprint, so line moves
                        keep a finding old
  --write-baseline FILE write this run's JSON report to FILE
  --changed-since REF   report only files changed since git REF (REF...:
                        since the merge base); data flow stays whole-program
  --changed-lines       with --changed-since: only changed lines

In-source suppressions: // afalg-scan: ignore[afalg-io] reason   (this or
the next line), ignore-begin[...]/ignore-end blocks, NOLINT(afalg-...).
  --list-rules, --version, --help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage error, or some input could not be analysed.

Examples:
  CI lint step:   afalg-scan -p build --format=sarif -o afalg.sarif src/
  Four CI jobs:   afalg-scan --shard=2/4 --facts-out f2.json src/   (each)
                  afalg-scan merge --format=sarif -o a.sarif f*.json
  Audit a tree:   afalg-scan --format=json -o audit.json path/to/checkout
  Quick look:     afalg-scan examples/
  Rewrite:        afalg-scan --fix=openssl --dry-run src/   (then without
                  --dry-run to apply)
)";
}

static bool isFixLibrary(llvm::StringRef S) {
  return S == "openssl" || S == "gcrypt" || S == "nettle";
}

static bool takeValue(const std::vector<std::string> &Args, size_t &I,
                      llvm::StringRef Flag, std::string &Out,
                      std::string &Error) {
  llvm::StringRef A = Args[I];
  if (A == Flag) {
    if (I + 1 >= Args.size()) {
      Error = "option '" + Flag.str() + "' needs a value";
      return false;
    }
    Out = Args[++I];
    return true;
  }
  if (A.consume_front(Flag) && A.consume_front("=")) {
    Out = A.str();
    return true;
  }
  // -pDIR, -j4, -oFILE
  if (Flag.size() == 2 && llvm::StringRef(Args[I]).starts_with(Flag)) {
    Out = Args[I].substr(2);
    return true;
  }
  return false;
}

std::optional<Options> parseOptions(const std::vector<std::string> &Args,
                                    std::string &Error) {
  Options O;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    std::string V;
    if (A == "--") {
      O.ExtraArgs.assign(Args.begin() + I + 1, Args.end());
      break;
    }
    if (I == 0 && A == "merge") { // the subcommand: PATHs are facts files
      O.Merge = true;
      continue;
    }
    if (A == "--help" || A == "-h") {
      O.Help = true;
    } else if (A == "--version") {
      O.Version = true;
    } else if (A == "--list-rules") {
      O.ListRules = true;
    } else if (A == "--quiet" || A == "-q") {
      O.Quiet = true;
    } else if (A == "--isolate" || A == "--no-isolate") {
      O.Isolate = A == "--isolate";
    } else if (takeValue(Args, I, "--tu-timeout", V, Error)) {
      unsigned N;
      if (llvm::StringRef(V).getAsInteger(10, N) || N == 0) {
        Error = "option '--tu-timeout' needs a number of seconds above 0, "
                "not '" +
                V + "'";
        return std::nullopt;
      }
      O.TuTimeout = N;
    } else if (A == "--dry-run") {
      O.DryRun = true;
    } else if (takeValue(Args, I, "-p", V, Error)) {
      O.BuildDir = V;
    } else if (takeValue(Args, I, "--root", V, Error)) {
      O.Root = V;
    } else if (takeValue(Args, I, "-o", V, Error)) {
      O.Output = V;
    } else if (takeValue(Args, I, "-j", V, Error)) {
      unsigned N;
      if (llvm::StringRef(V).getAsInteger(10, N) || N == 0 || N > 1024) {
        Error = "option '-j' needs a positive number, got '" + V + "'";
        return std::nullopt;
      }
      O.Jobs = N;
    } else if (takeValue(Args, I, "--format", V, Error)) {
      if (V == "text")
        O.Format = OutputFormat::Text;
      else if (V == "json")
        O.Format = OutputFormat::Json;
      else if (V == "sarif")
        O.Format = OutputFormat::Sarif;
      else if (V == "cbom")
        O.Format = OutputFormat::Cbom;
      else if (V == "github")
        O.Format = OutputFormat::Github;
      else if (V == "markdown")
        O.Format = OutputFormat::Markdown;
      else {
        Error = "unknown --format '" + V +
                "' (text, json, sarif, cbom, github, markdown)";
        return std::nullopt;
      }
    } else if (A == "--no-config") {
      O.NoConfig = true;
    } else if (A == "--dump-config") {
      O.DumpConfig = true;
    } else if (takeValue(Args, I, "--config", V, Error)) {
      O.ConfigFile = V;
    } else if (A == "--fix" &&
               (I + 1 >= Args.size() || !isFixLibrary(Args[I + 1]))) {
      // Bare --fix: the library comes from the config (checked in runApp).
      O.FixRequested = true;
      O.Explicit.insert("--fix");
    } else if (takeValue(Args, I, "--fail-on", V, Error)) {
      O.Explicit.insert("--fail-on");
      if (V == "none")
        O.FailOn = std::nullopt;
      else if (auto S = severityFromName(V))
        O.FailOn = S;
      else {
        Error = "unknown --fail-on '" + V + "' (none, note, warning, error)";
        return std::nullopt;
      }
    } else if (takeValue(Args, I, "--fix", V, Error)) {
      O.FixTarget = V;
      O.FixRequested = true;
      O.Explicit.insert("--fix");
    } else if (takeValue(Args, I, "--fix-strategy", V, Error)) {
      O.FixStrategy = V;
    } else if (takeValue(Args, I, "--export-fixes", V, Error)) {
      O.ExportFixes = V;
    } else if (takeValue(Args, I, "--compat-dir", V, Error)) {
      O.CompatDir = V;
      O.Explicit.insert("--compat-dir");
    } else if (takeValue(Args, I, "--baseline", V, Error)) {
      O.Baseline = V;
    } else if (takeValue(Args, I, "--write-baseline", V, Error)) {
      O.WriteBaseline = V;
    } else if (takeValue(Args, I, "--changed-since", V, Error)) {
      O.ChangedSince = V;
    } else if (A == "--changed-lines") {
      O.ChangedLines = true;
    } else if (takeValue(Args, I, "--cache-dir", V, Error)) {
      O.CacheDir = V;
    } else if (A == "--no-cache") {
      O.NoCache = true;
    } else if (A == "--no-prefilter") {
      O.Prefilter = false;
    } else if (A == "--stats") {
      O.Stats = true;
    } else if (takeValue(Args, I, "--facts-out", V, Error)) {
      O.FactsOut = V;
    } else if (takeValue(Args, I, "--shard", V, Error)) {
      std::optional<ShardSpec> S = parseShard(V, Error);
      if (!S)
        return std::nullopt;
      O.ShardIndex = S->Index;
      O.ShardCount = S->Count;
    } else if (!Error.empty()) {
      return std::nullopt;
    } else if (A.starts_with("-") && A != "-") {
      Error = "unknown option '" + A.str() + "' (see --help)";
      return std::nullopt;
    } else {
      O.Paths.push_back(A.str());
    }
    if (!Error.empty())
      return std::nullopt;
  }
  if (O.Merge && O.Paths.empty()) {
    Error = "merge needs the facts files written by --facts-out";
    return std::nullopt;
  }
  if (O.Merge && (O.ShardCount || !O.FactsOut.empty())) {
    Error = "merge takes facts files, not --shard or --facts-out";
    return std::nullopt;
  }
  if (O.ShardCount && O.FactsOut.empty()) {
    Error = "--shard needs --facts-out FILE (then 'afalg-scan merge')";
    return std::nullopt;
  }
  if (!O.FactsOut.empty() && O.FixRequested) {
    Error = "--fix needs the whole program: run it with merge, not a shard";
    return std::nullopt;
  }
  if (O.Paths.empty())
    O.Paths.push_back(".");
  if (O.NoConfig && !O.ConfigFile.empty()) {
    Error = "--config and --no-config exclude each other";
    return std::nullopt;
  }
  if (O.ChangedLines && O.ChangedSince.empty()) {
    Error = "--changed-lines needs --changed-since REF";
    return std::nullopt;
  }
  if (!O.FixTarget.empty() && O.FixTarget != "openssl" &&
      O.FixTarget != "gcrypt" && O.FixTarget != "nettle") {
    Error =
        "unknown --fix target '" + O.FixTarget + "' (openssl, gcrypt, nettle)";
    return std::nullopt;
  }
  if (O.FixStrategy != "auto" && O.FixStrategy != "native" &&
      O.FixStrategy != "compat") {
    Error =
        "unknown --fix-strategy '" + O.FixStrategy + "' (auto, native, compat)";
    return std::nullopt;
  }
  if ((O.DryRun || !O.ExportFixes.empty()) && !O.FixRequested) {
    Error = "--dry-run and --export-fixes need --fix=LIB";
    return std::nullopt;
  }
  return O;
}

} // namespace afalg
