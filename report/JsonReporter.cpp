// The machine-readable report "afalg-scan/1" (DESIGN §4). Its keys, their
// order and their types are a contract: scripts and `afalg-scan merge`
// read it, so a change here is a schema version bump.

#include <algorithm>
#include <tuple>
#include "report/AuditSummary.h"
#include "report/JsonUtil.h"
#include "report/ReportUtil.h"
#include "report/Reporter.h"

namespace afalg {

namespace {

using report::Json;

Json stringOrNull(const std::string &S) {
  return S.empty() ? Json(nullptr) : Json(S);
}

Json editJson(const Replacement &E) {
  Json J = Json::object();
  J["file"] = E.Where.File;
  J["line"] = E.Where.Line;
  J["column"] = E.Where.Column;
  J["endLine"] = E.Where.EndLine;
  J["endColumn"] = E.Where.EndColumn;
  J["text"] = E.Text;
  return J;
}

// null when the fixer said nothing; otherwise the reason (why not, or what
// the fix does) and the edits, which are kept in the fixer's order: edits
// to one file may depend on their sequence.
Json fixJson(const FixInfo &Fix) {
  if (Fix.Reason.empty() && Fix.Edits.empty())
    return nullptr;
  Json J = Json::object();
  J["reason"] = Fix.Reason;
  Json Edits = Json::array();
  for (const Replacement &E : Fix.Edits)
    Edits.push_back(editJson(E));
  J["edits"] = std::move(Edits);
  return J;
}

Json findingJson(const Finding &F) {
  Json J = Json::object();
  J["rule"] = ruleName(F.Rule).str();
  J["severity"] = severityName(F.Level).str();
  J["confidence"] = confidenceName(F.Conf).str();
  J["file"] = F.Loc.File;
  J["line"] = F.Loc.Line;
  J["column"] = F.Loc.Column;
  J["endLine"] = F.Loc.EndLine;
  J["endColumn"] = F.Loc.EndColumn;
  J["function"] = stringOrNull(F.Function);
  J["message"] = F.Message;
  J["session"] = stringOrNull(F.Session);
  J["algorithm"] = F.Alg.empty() ? Json(nullptr) : report::algorithmJson(F.Alg);
  J["fixable"] = F.Fix.Fixable;
  J["fix"] = fixJson(F.Fix);
  if (F.Suppressed)
    J["suppressed"] = Json{{"kind", F.SuppressionKind},
                           {"justification", F.SuppressionReason}};
  return J;
}

Json sessionJson(const Session &S) {
  Json J = Json::object();
  J["id"] = S.Id;
  Json Algs = Json::array();
  for (const Algorithm &A : S.Algorithms)
    Algs.push_back(report::algorithmJson(A));
  J["algorithms"] = std::move(Algs);
  J["functions"] = S.Functions;
  J["files"] = S.Files;
  J["severity"] = severityName(S.Level).str();
  J["copyFail"] = S.CopyFailShape;
  return J;
}

} // namespace

std::string renderJson(const ScanResult &R, const ReportContext &Ctx) {
  Json Root = Json::object();
  Root["schema"] = "afalg-scan/1";
  Root["tool"] = Json::object();
  Root["tool"]["name"] = Ctx.ToolName;
  Root["tool"]["version"] = Ctx.ToolVersion;

  Json Findings = Json::array();
  for (const Finding *F : report::sortedFindings(R))
    Findings.push_back(findingJson(*F));
  Root["findings"] = std::move(Findings);

  Json Sessions = Json::array();
  for (const Session &S : report::sortedSessions(R))
    Sessions.push_back(sessionJson(S));
  Root["sessions"] = std::move(Sessions);

  report::AuditSummary Sum = report::summarize(R);
  Json Summary = Json::object();
  Summary["byRule"] = Sum.ByRule;
  Summary["byAlgorithm"] = Sum.ByAlgorithm;
  Summary["byDirectory"] = Sum.ByDirectory;
  Json CopyFail = Json::array();
  for (const Session *S : Sum.CopyFail)
    CopyFail.push_back(S->Id);
  Summary["copyFailSessions"] = std::move(CopyFail);
  Root["summary"] = std::move(Summary);

  Json Inputs = Json::object();
  Inputs["analysed"] = R.Analysed;
  Inputs["skipped"] = report::sortedSkipped(R);
  Json Errors = Json::array();
  for (const InputError &E : report::sortedErrors(R)) {
    Json J = Json::object();
    J["file"] = E.File;
    J["message"] = E.Message;
    Errors.push_back(std::move(J));
  }
  Inputs["errors"] = std::move(Errors);
  // Audit mode: files analysed without some headers (an addition to the
  // afalg-scan/1 shape; consumers that do not know it can ignore it).
  Json Partial = Json::array();
  std::vector<InputError> Parts = R.Partial;
  std::sort(Parts.begin(), Parts.end(),
            [](const InputError &A, const InputError &B) {
              return std::tie(A.File, A.Message) < std::tie(B.File, B.Message);
            });
  for (const InputError &E : Parts) {
    Json J = Json::object();
    J["file"] = E.File;
    J["message"] = E.Message;
    Partial.push_back(std::move(J));
  }
  Inputs["partial"] = std::move(Partial);
  Root["inputs"] = std::move(Inputs);

  return report::dumpJson(Root);
}

} // namespace afalg
