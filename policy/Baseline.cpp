// Baselines are read at a trust boundary: the file may be hand-edited,
// truncated, or written by another version. Every nlohmann call that can
// throw is inside parseBaseline's try block, and every field is checked
// before use, so the CLI only ever sees an llvm::Error naming the file and
// the JSON path of the problem.

#include "policy/Baseline.h"

#include "report/Fingerprint.h"
#include "report/ReportUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include <climits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace afalg {
namespace policy {

namespace {

using nlohmann::json;

/// A SARIF artifact uri back to the path it was made from (the reverse of
/// report::pathToUri), for display only.
std::string uriToPath(llvm::StringRef Uri) {
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Hi, Lo;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        (Hi = llvm::hexDigitValue(Uri[I + 1])) != ~0U &&
        (Lo = llvm::hexDigitValue(Uri[I + 2])) != ~0U) {
      Out += static_cast<char>(Hi * 16 + Lo);
      I += 2;
      continue;
    }
    Out += Uri[I];
  }
  return Out;
}

class Reader {
public:
  explicit Reader(llvm::StringRef Name) : Name(Name) {}

  llvm::Error fail(const std::string &Where, const llvm::Twine &What) const {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        (Name + ": " + (Where.empty() ? "" : Where + ": ") + What).str());
  }

  /// Obj[Key], or nullptr when it is absent (or null and !Required). A
  /// present value of another type than Want is an error.
  llvm::Expected<const json *> get(const json &Obj, const char *Key,
                                   const std::string &Where, json::value_t Want,
                                   bool Required) const {
    std::string Path = Where.empty() ? Key : Where + "." + Key;
    auto It = Obj.find(Key);
    if (It == Obj.end() || (It->is_null() && !Required)) {
      if (Required)
        return fail(Where, llvm::Twine("missing field \"") + Key + "\"");
      return nullptr;
    }
    bool Ok = It->type() == Want || (Want == json::value_t::number_unsigned &&
                                     It->is_number_unsigned());
    if (!Ok)
      return fail(Path, llvm::Twine("expected ") + describe(Want) + ", got " +
                            It->type_name());
    if (Want == json::value_t::number_unsigned &&
        It->get<unsigned long long>() > UINT_MAX)
      return fail(Path, "number out of range");
    return &*It;
  }

  llvm::Expected<std::string> getString(const json &Obj, const char *Key,
                                        const std::string &Where,
                                        bool Required) const {
    auto J = get(Obj, Key, Where, json::value_t::string, Required);
    if (!J)
      return J.takeError();
    return *J ? (*J)->get<std::string>() : std::string();
  }

  llvm::Expected<unsigned> getUnsigned(const json &Obj, const char *Key,
                                       const std::string &Where,
                                       bool Required) const {
    auto J = get(Obj, Key, Where, json::value_t::number_unsigned, Required);
    if (!J)
      return J.takeError();
    return *J ? static_cast<unsigned>((*J)->get<unsigned long long>()) : 0U;
  }

  llvm::Expected<Baseline> readJson(const json &Root) const;
  llvm::Expected<Baseline> readSarif(const json &Root) const;

private:
  llvm::StringRef Name;

  static const char *describe(json::value_t T) {
    switch (T) {
    case json::value_t::string:
      return "a string";
    case json::value_t::number_unsigned:
      return "an unsigned integer";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "another type";
    }
  }
};

llvm::Expected<Baseline> Reader::readJson(const json &Root) const {
  auto Findings = get(Root, "findings", "", json::value_t::array, true);
  if (!Findings)
    return Findings.takeError();
  ScanResult R;
  std::set<std::string> Unknown;
  size_t Index = 0;
  for (const json &J : **Findings) {
    std::string Where = "findings[" + std::to_string(Index++) + "]";
    if (!J.is_object())
      return fail(Where,
                  llvm::Twine("expected an object, got ") + J.type_name());
    auto Rule = getString(J, "rule", Where, true);
    if (!Rule)
      return Rule.takeError();
    // Read every field before deciding anything, so that a malformed
    // entry is an error even when its rule is unknown.
    llvm::Error Err = llvm::Error::success();
    auto Str = [&](const char *Key, bool Required) {
      std::string V;
      if (Err)
        return V;
      auto S = getString(J, Key, Where, Required);
      if (!S)
        Err = S.takeError();
      else
        V = std::move(*S);
      return V;
    };
    auto Num = [&](const char *Key, bool Required) {
      unsigned V = 0;
      if (Err)
        return V;
      auto N = getUnsigned(J, Key, Where, Required);
      if (!N)
        Err = N.takeError();
      else
        V = *N;
      return V;
    };
    Finding F;
    F.Loc.File = Str("file", true);
    F.Loc.Line = Num("line", true);
    F.Loc.Column = Num("column", false);
    F.Loc.EndLine = Num("endLine", false);
    F.Loc.EndColumn = Num("endColumn", false);
    F.Function = Str("function", false);
    F.Message = Str("message", true);
    F.Session = Str("session", false);
    if (Err)
      return Err;
    std::optional<RuleId> Id = ruleFromName(*Rule);
    if (!Id) {
      Unknown.insert(*Rule);
      continue;
    }
    F.Rule = *Id;
    R.Findings.push_back(std::move(F));
  }

  // Same order, same recipe as the SARIF reporter: the JSON report has no
  // fingerprint field, and recomputing it keeps both baseline kinds equal.
  std::vector<const Finding *> Sorted = report::sortedFindings(R);
  std::vector<std::string> Prints = report::computeFingerprints(Sorted);
  Baseline B;
  B.Kind = Baseline::Format::Json;
  B.UnknownRules.assign(Unknown.begin(), Unknown.end());
  for (size_t I = 0; I < Sorted.size(); ++I)
    B.Entries.push_back({Prints[I], ruleName(Sorted[I]->Rule).str(),
                         Sorted[I]->Loc.File, Sorted[I]->Loc.Line,
                         Sorted[I]->Message});
  return B;
}

llvm::Expected<Baseline> Reader::readSarif(const json &Root) const {
  auto Version = getString(Root, "version", "", true);
  if (!Version)
    return Version.takeError();
  if (*Version != "2.1.0")
    return fail("version", "unsupported SARIF version '" + *Version +
                               "' (expected 2.1.0)");
  auto Runs = get(Root, "runs", "", json::value_t::array, true);
  if (!Runs)
    return Runs.takeError();
  Baseline B;
  B.Kind = Baseline::Format::Sarif;
  bool AnyRun = false;
  for (size_t RI = 0; RI < (*Runs)->size(); ++RI) {
    const json &Run = (**Runs)[RI];
    std::string RunWhere = "runs[" + std::to_string(RI) + "]";
    if (!Run.is_object())
      return fail(RunWhere,
                  llvm::Twine("expected an object, got ") + Run.type_name());
    // A log merged from several tools: only afalg-scan's runs are ours.
    const json *Driver = nullptr;
    if (Run.contains("tool") && Run["tool"].is_object() &&
        Run["tool"].contains("driver") && Run["tool"]["driver"].is_object())
      Driver = &Run["tool"]["driver"];
    if (Driver && Driver->contains("name") && (*Driver)["name"].is_string() &&
        (*Driver)["name"] != "afalg-scan")
      continue;
    AnyRun = true;
    auto Results = get(Run, "results", RunWhere, json::value_t::array, false);
    if (!Results)
      return Results.takeError();
    if (!*Results)
      continue;
    for (size_t I = 0; I < (*Results)->size(); ++I) {
      const json &Res = (**Results)[I];
      std::string Where = RunWhere + ".results[" + std::to_string(I) + "]";
      if (!Res.is_object())
        return fail(Where,
                    llvm::Twine("expected an object, got ") + Res.type_name());
      auto State = getString(Res, "baselineState", Where, false);
      if (!State)
        return State.takeError();
      if (*State == "absent")
        continue;
      auto Prints =
          get(Res, "partialFingerprints", Where, json::value_t::object, true);
      if (!Prints)
        return Prints.takeError();
      auto Print = getString(**Prints, report::FingerprintKey.data(),
                             Where + ".partialFingerprints", false);
      if (!Print)
        return Print.takeError();
      if (Print->empty())
        return fail(Where + ".partialFingerprints",
                    "no \"" + report::FingerprintKey +
                        "\" fingerprint; the log was not written by this "
                        "afalg-scan version; regenerate the baseline");
      BaselineEntry E;
      E.Fingerprint = *Print;
      auto Rule = getString(Res, "ruleId", Where, false);
      if (!Rule)
        return Rule.takeError();
      E.Rule = *Rule;
      // Display fields are best effort: a log without them still matches.
      const json *Loc = nullptr;
      if (Res.contains("locations") && Res["locations"].is_array() &&
          !Res["locations"].empty() &&
          Res["locations"][0].contains("physicalLocation"))
        Loc = &Res["locations"][0]["physicalLocation"];
      if (Loc && Loc->is_object()) {
        const json &A = Loc->value("artifactLocation", json::object());
        if (A.is_object() && A.contains("uri") && A["uri"].is_string())
          E.File = uriToPath(A["uri"].get<std::string>());
        const json &Reg = Loc->value("region", json::object());
        if (Reg.is_object() && Reg.contains("startLine") &&
            Reg["startLine"].is_number_unsigned())
          E.Line = Reg["startLine"].get<unsigned>();
      }
      if (Res.contains("message") && Res["message"].is_object() &&
          Res["message"].contains("text") && Res["message"]["text"].is_string())
        E.Message = Res["message"]["text"].get<std::string>();
      B.Entries.push_back(std::move(E));
    }
  }
  if (!AnyRun)
    return fail("runs", "no run of afalg-scan in this SARIF log");
  return B;
}

} // namespace

llvm::Expected<Baseline> parseBaseline(llvm::StringRef Text,
                                       llvm::StringRef Name) {
  Reader Rd(Name);
  try {
    json Root = json::parse(Text.begin(), Text.end());
    if (!Root.is_object())
      return Rd.fail("", llvm::Twine("expected a JSON object, got ") +
                             Root.type_name());
    bool IsJson = Root.contains("schema");
    if (IsJson) {
      auto Schema = Rd.getString(Root, "schema", "", true);
      if (!Schema)
        return Schema.takeError();
      if (*Schema != "afalg-scan/1")
        return Rd.fail("schema", "unsupported schema '" + *Schema +
                                     "' (expected afalg-scan/1)");
    } else if (!Root.contains("runs") && !Root.contains("version")) {
      return Rd.fail("", "neither an afalg-scan JSON report (\"schema\": "
                         "\"afalg-scan/1\") nor a SARIF 2.1.0 log");
    }
    llvm::Expected<Baseline> B =
        IsJson ? Rd.readJson(Root) : Rd.readSarif(Root);
    if (B)
      B->Path = Name.str();
    return B;
  } catch (const json::exception &E) {
    // parse_error's text already says where ("at line 3, column 7").
    return Rd.fail("", E.what());
  }
}

llvm::Expected<Baseline> loadBaseline(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "cannot read baseline '" + Path +
                                       "': " + Buf.getError().message());
  return parseBaseline((*Buf)->getBuffer(), Path);
}

std::vector<std::string> fingerprintsOf(const std::vector<Finding> &Findings) {
  ScanResult R;
  R.Findings = Findings;
  std::vector<const Finding *> Sorted = report::sortedFindings(R);
  std::vector<std::string> Prints = report::computeFingerprints(Sorted);
  std::vector<std::string> Out(Findings.size());
  for (size_t K = 0; K < Sorted.size(); ++K)
    Out[Sorted[K] - R.Findings.data()] = std::move(Prints[K]);
  return Out;
}

namespace {

/// S as it reads back from a JSON report: the reporter replaces bytes that
/// are not UTF-8 with U+FFFD (report::dumpJson), so a JSON baseline's
/// findings can only match findings that went through the same change.
std::string asJsonText(const std::string &S) {
  json J = S;
  return json::parse(J.dump(-1, ' ', false, json::error_handler_t::replace))
      .get<std::string>();
}

} // namespace

BaselineMatch matchBaseline(const Baseline &B,
                            const std::vector<Finding> &Findings) {
  std::vector<std::string> Prints;
  if (B.Kind == Baseline::Format::Json) {
    std::vector<Finding> AsRead = Findings;
    for (Finding &F : AsRead) {
      F.Loc.File = asJsonText(F.Loc.File);
      F.Function = asJsonText(F.Function);
      F.Message = asJsonText(F.Message);
    }
    Prints = fingerprintsOf(AsRead);
  } else {
    Prints = fingerprintsOf(Findings);
  }
  std::map<llvm::StringRef, std::vector<size_t>> Pool;
  // Reverse, so that popping from the back hands out entries in order.
  for (size_t I = B.Entries.size(); I-- > 0;)
    Pool[B.Entries[I].Fingerprint].push_back(I);
  BaselineMatch M;
  M.New.assign(Findings.size(), true);
  for (size_t I = 0; I < Findings.size(); ++I) {
    auto It = Pool.find(Prints[I]);
    if (It == Pool.end() || It->second.empty())
      continue;
    It->second.pop_back();
    M.New[I] = false;
  }
  for (auto &[Print, Left] : Pool)
    M.Fixed.insert(M.Fixed.end(), Left.begin(), Left.end());
  std::sort(M.Fixed.begin(), M.Fixed.end());
  return M;
}

std::vector<bool> isNew(const Baseline &B,
                        const std::vector<Finding> &Findings) {
  return matchBaseline(B, Findings).New;
}

} // namespace policy
} // namespace afalg
