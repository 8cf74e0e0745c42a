// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. The output
// is validated against the official schema in the test suite
// (scripts/validate-sarif.sh); keep it minimal and schema-clean rather than
// exhaustive.

#include "report/Fingerprint.h"
#include "report/JsonUtil.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Compression.h"
#include <map>

namespace afalg {

namespace {

using report::Json;

constexpr llvm::StringLiteral SchemaUri =
    "https://json.schemastore.org/sarif-2.1.0.json";
constexpr llvm::StringLiteral InformationUri =
    "https://github.com/afalg-scan/afalg-scan";
constexpr llvm::StringLiteral SrcRoot = "%SRCROOT%";
// Bounds each result of a very large session; viewers show a short list of
// related locations anyway, and the session id names the rest.
constexpr size_t MaxRelatedLocations = 100;
/// GitHub code scanning accepts at most 25,000 results per run.
constexpr size_t MaxResults = 25000;

/// SARIF message strings give "[text](target)" a meaning (an embedded
/// link); a message that contains that shape by accident gets its brackets
/// escaped, as §3.11.6 requires. Other messages stay readable as they are.
std::string messageText(llvm::StringRef S) {
  if (!S.contains("]("))
    return S.str();
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    char C = S[I];
    bool BeforeBracket =
        I + 1 < S.size() && (S[I + 1] == '[' || S[I + 1] == ']');
    if (C == '[' || C == ']' || (C == '\\' && BeforeBracket))
      Out += '\\';
    Out += C;
  }
  return Out;
}

Json message(llvm::StringRef S) { return Json{{"text", messageText(S)}}; }

Json artifactLocation(llvm::StringRef File) {
  Json J = Json::object();
  J["uri"] = report::pathToUri(File);
  J["uriBaseId"] = SrcRoot.str();
  return J;
}

/// A result region. The model's End* point at the last character; SARIF's
/// endColumn is the column after it. Unknown (0) parts are left out rather
/// than invented.
Json resultRegion(const Range &Loc) {
  Json R = Json::object();
  R["startLine"] = Loc.Line;
  if (Loc.Column)
    R["startColumn"] = Loc.Column;
  if (Loc.EndLine < Loc.Line)
    return R;
  R["endLine"] = Loc.EndLine;
  bool EndAfterStart = Loc.EndLine > Loc.Line || Loc.EndColumn >= Loc.Column;
  if (Loc.Column && Loc.EndColumn && EndAfterStart)
    R["endColumn"] = Loc.EndColumn + 1;
  return R;
}

Json physicalLocation(const Range &Loc) {
  Json P = Json::object();
  P["artifactLocation"] = artifactLocation(Loc.File);
  // GitHub code scanning rejects a result without region.startLine (its
  // rule GH1003); a finding with no known line is shown on the first.
  P["region"] = Loc.Line ? resultRegion(Loc) : Json{{"startLine", 1}};
  return P;
}

/// The region a replacement deletes. An edit whose end equals its begin is
/// an insertion (an empty region in SARIF); otherwise its end is inclusive.
Json deletedRegion(const Range &W) {
  Json R = Json::object();
  R["startLine"] = W.Line;
  R["startColumn"] = W.Column;
  bool Insertion =
      W.EndLine == 0 || (W.EndLine == W.Line && W.EndColumn == W.Column);
  R["endLine"] = Insertion ? W.Line : W.EndLine;
  R["endColumn"] = Insertion ? W.Column : W.EndColumn + 1;
  return R;
}

/// The fix as SARIF, or null when it cannot be expressed: a fix with an
/// edit that has no position is not offered in part.
Json fixJson(const FixInfo &Fix, const ReportContext &Ctx) {
  if (!Fix.Fixable || Fix.Edits.empty())
    return nullptr;
  std::map<std::string, Json> ByFile;
  for (const Replacement &E : Fix.Edits) {
    if (E.Where.Line == 0 || E.Where.Column == 0 || E.Where.File.empty())
      return nullptr;
    Json Rep = Json::object();
    Rep["deletedRegion"] = deletedRegion(E.Where);
    if (!E.Text.empty())
      Rep["insertedContent"] = Json{{"text", E.Text}};
    ByFile[E.Where.File].push_back(std::move(Rep));
  }
  Json Changes = Json::array();
  for (auto &[File, Reps] : ByFile) {
    Json C = Json::object();
    C["artifactLocation"] = artifactLocation(File);
    C["replacements"] = std::move(Reps);
    Changes.push_back(std::move(C));
  }
  Json J = Json::object();
  J["description"] = message(
      Fix.Reason.empty() ? "Rewrite onto " + Ctx.FixTarget : Fix.Reason);
  J["artifactChanges"] = std::move(Changes);
  return J;
}

Json ruleJson(const RuleInfo &R) {
  std::string HelpUri =
      InformationUri.str() + "/blob/main/docs/rules.md#" + R.Name.str();
  Json J = Json::object();
  J["id"] = R.Name.str();
  J["name"] = report::camelCaseName(R.Name);
  J["shortDescription"] = message(R.ShortDescription);
  J["fullDescription"] = message(R.FullDescription);
  J["help"] = Json::object();
  J["help"]["text"] = R.FullDescription.str() + "\n\nDocumentation: " + HelpUri;
  J["help"]["markdown"] = "**" + R.ShortDescription.str() + "**\n\n" +
                          R.FullDescription.str() +
                          "\n\n[Rule documentation](" + HelpUri + ")";
  J["helpUri"] = HelpUri;
  J["defaultConfiguration"] =
      Json{{"level", severityName(R.DefaultSeverity).str()}};
  Json Props = Json::object();
  // CWE-477, use of an obsolete function: the interface is deprecated.
  Props["tags"] = {"security", "crypto", "af_alg", "external/cwe/cwe-477"};
  Props["precision"] = R.Precision.str();
  Props["security-severity"] = R.SecuritySeverity.str();
  J["properties"] = std::move(Props);
  return J;
}

/// "1.2.3" or "1.2.3-rc.1": what SARIF's semanticVersion may hold.
bool isSemver(llvm::StringRef V) {
  for (int Part = 0; Part < 3; ++Part) {
    size_t Digits = 0;
    while (Digits < V.size() && llvm::isDigit(V[Digits]))
      ++Digits;
    if (Digits == 0)
      return false;
    V = V.drop_front(Digits);
    if (Part < 2 && !V.consume_front("."))
      return false;
  }
  return V.empty() || V.front() == '-' || V.front() == '+';
}

Json driverJson(const ReportContext &Ctx) {
  Json D = Json::object();
  D["name"] = Ctx.ToolName;
  if (!Ctx.ToolVersion.empty())
    D["version"] = Ctx.ToolVersion;
  if (isSemver(Ctx.ToolVersion))
    D["semanticVersion"] = Ctx.ToolVersion;
  D["informationUri"] = InformationUri.str();
  Json Rules = Json::array();
  for (const RuleInfo &R : allRules())
    Rules.push_back(ruleJson(R));
  D["rules"] = std::move(Rules);
  return D;
}

/// What was left out to fit code scanning's limits.
struct Cut {
  size_t Limit = MaxResults; ///< results kept at most
  bool Compact = false;      ///< no related locations, code flows or fixes
  size_t Dropped = 0;        ///< results left out
};

Json invocationJson(const ScanResult &R, const Cut &C) {
  size_t Dropped = C.Dropped;
  std::vector<InputError> Errors = report::sortedErrors(R);
  Json Inv = Json::object();
  Inv["executionSuccessful"] = Errors.empty();
  Json Notes = Json::array();
  if (Dropped) {
    Json N = Json::object();
    N["level"] = "warning";
    N["message"] = message(
        std::to_string(Dropped) + " results left out: code scanning accepts " +
        (C.Limit == MaxResults
             ? std::to_string(MaxResults) + " per run"
             : std::string("10 MB of compressed SARIF per upload")) +
        " (the most severe are kept; the JSON report has all)");
    Notes.push_back(std::move(N));
  }
  if (C.Compact) {
    Json N = Json::object();
    N["level"] = "warning";
    N["message"] =
        message("related locations, code flows and fixes left out to fit code "
                "scanning's 10 MB upload limit (the JSON report has them)");
    Notes.push_back(std::move(N));
  }
  for (const InputError &E : Errors) {
    Json N = Json::object();
    N["level"] = "error";
    std::string Text = E.Message;
    if (!E.File.empty())
      Text = E.File + ": could not be analysed: " + E.Message;
    N["message"] = message(Text);
    if (!E.File.empty())
      N["locations"] = Json::array(
          {Json{{"physicalLocation",
                 Json{{"artifactLocation", artifactLocation(E.File)}}}}});
    Notes.push_back(std::move(N));
  }
  if (!Notes.empty())
    Inv["toolExecutionNotifications"] = std::move(Notes);
  Inv["properties"] = Json::object();
  Inv["properties"]["analysedFiles"] = R.Analysed;
  Inv["properties"]["skippedFiles"] = report::sortedSkipped(R).size();
  return Inv;
}

/// Size of Text once gzip'd, as code scanning counts it (deflate is within
/// a few bytes of gzip); the raw size where zlib is missing.
size_t compressedSize(llvm::StringRef Text) {
  if (!llvm::compression::zlib::isAvailable())
    return Text.size();
  llvm::SmallVector<uint8_t, 0> Out;
  llvm::compression::zlib::compress(llvm::arrayRefFromStringRef(Text), Out);
  return Out.size();
}

std::string renderOnce(const ScanResult &R, const ReportContext &Ctx, Cut C) {
  std::vector<const Finding *> Findings = report::sortedFindings(R);
  std::vector<std::string> Fingerprints = report::computeFingerprints(Findings);

  std::map<RuleId, unsigned> RuleIndex;
  for (const RuleInfo &Info : allRules())
    RuleIndex.emplace(Info.Id, RuleIndex.size());

  std::map<llvm::StringRef, std::vector<size_t>> BySession;
  for (size_t I = 0; I < Findings.size(); ++I)
    if (!Findings[I]->Session.empty())
      BySession[Findings[I]->Session].push_back(I);

  // Over the limit, keep the most severe results (fingerprints were computed
  // over all of them, so they do not change with the cut).
  std::vector<size_t> Kept(Findings.size());
  for (size_t I = 0; I < Kept.size(); ++I)
    Kept[I] = I;
  if (Kept.size() > C.Limit) {
    std::stable_sort(Kept.begin(), Kept.end(), [&](size_t A, size_t B) {
      return Findings[A]->Level > Findings[B]->Level;
    });
    C.Dropped = Kept.size() - C.Limit;
    Kept.resize(C.Limit);
    std::sort(Kept.begin(), Kept.end());
  }

  Json Results = Json::array();
  for (size_t I : Kept) {
    const Finding &F = *Findings[I];
    Json Res = Json::object();
    Res["ruleId"] = ruleName(F.Rule).str();
    Res["ruleIndex"] = RuleIndex.at(F.Rule);
    Res["level"] = severityName(F.Level).str();
    Res["message"] = message(F.Message);

    Json Loc = Json::object();
    Loc["physicalLocation"] = physicalLocation(F.Loc);
    if (!F.Function.empty())
      Loc["logicalLocations"] =
          Json::array({Json{{"name", F.Function}, {"kind", "function"}}});
    Res["locations"] = Json::array({std::move(Loc)});

    Json Related = Json::array();
    if (!F.Session.empty())
      for (size_t J : BySession[F.Session]) {
        if (J == I || Related.size() == MaxRelatedLocations)
          continue;
        Json RL = Json::object();
        RL["id"] = Related.size() + 1;
        RL["physicalLocation"] = physicalLocation(Findings[J]->Loc);
        RL["message"] = message("step: " + ruleName(Findings[J]->Rule).str());
        Related.push_back(std::move(RL));
      }
    if (!Related.empty() && !C.Compact)
      Res["relatedLocations"] = std::move(Related);

    // The path of the socket from its creation to this use, for viewers
    // that draw data flows.
    if (!F.Session.empty() && F.Rule != RuleId::Socket && !C.Compact)
      for (size_t J : BySession[F.Session])
        if (Findings[J]->Rule == RuleId::Socket) {
          auto Step = [&](const Finding &S, const std::string &Text) {
            Json L = Json::object();
            L["physicalLocation"] = physicalLocation(S.Loc);
            L["message"] = message(Text);
            return Json{{"location", std::move(L)}};
          };
          Json Steps =
              Json::array({Step(*Findings[J], "AF_ALG socket created here"),
                           Step(F, ruleName(F.Rule).str() + ": " + F.Message)});
          Res["codeFlows"] = Json::array(
              {Json{{"threadFlows",
                     Json::array({Json{{"locations", std::move(Steps)}}})}}});
          break;
        }

    Res["partialFingerprints"] =
        Json{{report::FingerprintKey.str(), Fingerprints[I]}};

    Json Fix = C.Compact ? Json() : fixJson(F.Fix, Ctx);
    if (!Fix.is_null())
      Res["fixes"] = Json::array({std::move(Fix)});

    Json Props = Json::object();
    if (F.Suppressed) {
      Json Sup = Json{{"kind", "inSource"}, {"status", "accepted"}};
      if (!F.SuppressionReason.empty())
        Sup["justification"] = F.SuppressionReason;
      Res["suppressions"] = Json::array({std::move(Sup)});
    }
    Props["confidence"] = confidenceName(F.Conf).str();
    if (!F.Alg.empty())
      Props["algorithm"] = report::algorithmJson(F.Alg);
    if (!F.Session.empty())
      Props["session"] = F.Session;
    Res["properties"] = std::move(Props);
    Results.push_back(std::move(Res));
  }

  Json Run = Json::object();
  Run["tool"] = Json{{"driver", driverJson(Ctx)}};
  Run["automationDetails"] =
      Json{{"id", Ctx.AutomationId.empty() ? "afalg-scan/" : Ctx.AutomationId}};
  // The root is named but its absolute URI is left out on purpose: reports
  // must not leak the machine's paths. Consumers (GitHub code scanning)
  // resolve %SRCROOT% to the checkout.
  Run["originalUriBaseIds"] =
      Json{{SrcRoot.str(),
            Json{{"description",
                  message("The project root; every artifact uri is relative "
                          "to it.")}}}};
  Run["invocations"] = Json::array({invocationJson(R, C)});
  Run["results"] = std::move(Results);

  Json Root = Json::object();
  Root["$schema"] = SchemaUri.str();
  Root["version"] = "2.1.0";
  Root["runs"] = Json::array({std::move(Run)});
  return report::dumpJson(Root);
}

} // namespace

std::string renderSarif(const ScanResult &R, const ReportContext &Ctx) {
  Cut C;
  std::string Out = renderOnce(R, Ctx, C);
  size_t Size = compressedSize(Out);
  if (Size <= Ctx.SarifMaxCompressedBytes)
    return Out;
  // Too big to upload: first the extras, then the least severe results,
  // shrinking by the measured overshoot (plus a margin) until it fits.
  C.Compact = true;
  C.Limit = std::min(MaxResults, R.Findings.size());
  for (;;) {
    Out = renderOnce(R, Ctx, C);
    Size = compressedSize(Out);
    if (Size <= Ctx.SarifMaxCompressedBytes || C.Limit == 0)
      return Out;
    C.Limit = static_cast<size_t>(static_cast<double>(C.Limit) *
                                  Ctx.SarifMaxCompressedBytes / Size * 0.95);
  }
}

} // namespace afalg
