#include "AuditSummary.h"
#include "ReportUtil.h"

namespace afalg {
namespace report {

AuditSummary summarize(const ScanResult &R) {
  AuditSummary S;
  for (const Finding *F : reportedFindings(R)) {
    ++S.ByRule[ruleName(F->Rule).str()];
    std::string Alg = F->Alg.empty() ? "(unknown)"
                      : F->Alg.Name.empty()
                          ? F->Alg.Type + " (name not constant)"
                          : (F->Alg.Type.empty() ? "" : F->Alg.Type + " ") +
                                F->Alg.Name;
    ++S.ByAlgorithm[Alg];
    llvm::StringRef File = F->Loc.File;
    auto [Top, Rest] = File.split('/');
    ++S.ByDirectory[Rest.empty() ? "." : Top.str()];
  }
  for (const Session &Sess : R.Sessions)
    if (Sess.CopyFailShape)
      S.CopyFail.push_back(&Sess);
  std::sort(S.CopyFail.begin(), S.CopyFail.end(),
            [](const Session *A, const Session *B) { return A->Id < B->Id; });
  return S;
}

} // namespace report
} // namespace afalg
