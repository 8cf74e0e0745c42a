#include "Config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"
#include <set>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;
namespace yaml = llvm::yaml;

llvm::Expected<Config> loadConfig(const std::string &File) {
  auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(
        Buf.getError(), "cannot read configuration '%s': %s", File.c_str(),
        Buf.getError().message().c_str());
  // Input paths are real paths: so must the base of the globs be.
  llvm::SmallString<256> Dir(File), Real;
  fs::make_absolute(Dir);
  path::remove_filename(Dir);
  path::remove_dots(Dir, true);
  if (!fs::real_path(Dir, Real))
    Dir = Real;
  return parseConfig((*Buf)->getBuffer(), File, Dir);
}

std::optional<std::string> findConfig(llvm::StringRef Start) {
  llvm::SmallString<256> Dir(Start);
  fs::make_absolute(Dir);
  path::remove_dots(Dir, true);
  if (!fs::is_directory(Dir))
    path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> P(Dir);
    path::append(P, ConfigFileName);
    if (fs::is_regular_file(P))
      return std::string(P);
    std::string Parent(path::parent_path(Dir));
    if (Parent.empty() || Parent == Dir)
      break; // the filesystem root was searched
    Dir = Parent;
  }
  return std::nullopt;
}

static std::string quoted(llvm::StringRef S) {
  return "\"" + yaml::escape(S) + "\"";
}

static std::string list(const std::vector<std::string> &V) {
  std::string Out = "[";
  for (size_t I = 0; I < V.size(); ++I)
    Out += (I ? ", " : "") + quoted(V[I]);
  return Out + "]";
}

std::string dumpConfig(const Config &C) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << "# afalg-scan effective configuration\n";
  if (!C.File.empty())
    OS << "# read from " << C.File << "\n";
  OS << "rules:\n";
  for (const RuleInfo &R : allRules()) {
    RuleSettings S;
    if (auto It = C.Rules.find(R.Id); It != C.Rules.end())
      S = It->second;
    OS << "  " << R.Name
       << ": { enabled: " << (S.Enabled.value_or(true) ? "true" : "false")
       << ", severity: " << severityName(S.Level.value_or(R.DefaultSeverity));
    if (R.Id == RuleId::Zerocopy)
      OS << ", copy-fail-severity: "
         << severityName(S.CopyFailLevel.value_or(Severity::Error));
    OS << " }\n";
  }
  OS << "paths:\n  include: " << list(C.Include)
     << "\n  exclude: " << list(C.Exclude) << "\n";
  OS << "fail-on: "
     << (!C.HasFailOn ? "warning"
         : C.FailOn   ? severityName(*C.FailOn)
                      : "none")
     << "\n";
  OS << "fix: { target: " << (C.FixTarget.empty() ? "openssl" : C.FixTarget)
     << ", compat-dir: "
     << quoted(C.CompatDir.empty() ? "afalg_compat" : C.CompatDir) << " }\n";
  OS << "kcapi-like-apis: " << list(C.KcapiPrefixes) << "\n";
  return Text;
}

void applyRuleSettings(ScanResult &R, const Config &C) {
  if (C.Rules.empty())
    return;
  std::set<std::string> CopyFail;
  for (const Session &S : R.Sessions)
    if (S.CopyFailShape)
      CopyFail.insert(S.Id);
  std::vector<Finding> Kept;
  std::set<std::string> Live;
  for (Finding &F : R.Findings) {
    auto It = C.Rules.find(F.Rule);
    if (It != C.Rules.end()) {
      const RuleSettings &S = It->second;
      if (!S.Enabled.value_or(true))
        continue;
      // The same test the linker uses to raise a zero-copy finding.
      bool IsCopyFail = F.Rule == RuleId::Zerocopy && CopyFail.count(F.Session);
      if (IsCopyFail ? S.CopyFailLevel.has_value() : S.Level.has_value())
        F.Level = IsCopyFail ? *S.CopyFailLevel : *S.Level;
    }
    if (!F.Session.empty())
      Live.insert(F.Session);
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
  // A session whose every step is switched off is no longer reported.
  std::vector<Session> Sessions;
  auto ZC = C.Rules.find(RuleId::Zerocopy);
  for (Session &S : R.Sessions) {
    if (!Live.count(S.Id))
      continue;
    if (S.CopyFailShape && ZC != C.Rules.end() && ZC->second.CopyFailLevel)
      S.Level = *ZC->second.CopyFailLevel;
    Sessions.push_back(std::move(S));
  }
  R.Sessions = std::move(Sessions);
}

llvm::Expected<std::string> compatDirUnder(const Config &C,
                                           llvm::StringRef Root) {
  llvm::SmallString<256> Abs(C.CompatDir);
  if (!path::is_absolute(Abs)) {
    Abs = C.BaseDir;
    path::append(Abs, C.CompatDir);
  }
  path::remove_dots(Abs, true);
  llvm::StringRef Rel = Abs;
  if (Rel.consume_front(Root) && Rel.consume_front("/") && !Rel.empty())
    return Rel.str();
  return llvm::createStringError(
      std::errc::invalid_argument,
      "fix.compat-dir '%s' (in %s) is outside the project root '%s'",
      C.CompatDir.c_str(), C.File.c_str(), Root.str().c_str());
}

} // namespace afalg
