#include "report/TextUtil.h"
#include "report/ReportUtil.h"

#include "llvm/Support/ConvertUTF.h"

namespace afalg {
namespace report {

std::string validUtf8(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  const auto *P = reinterpret_cast<const llvm::UTF8 *>(S.data());
  const auto *End = P + S.size();
  while (P < End) {
    unsigned Len = llvm::getNumBytesForUTF8(*P);
    if (Len <= static_cast<size_t>(End - P) &&
        llvm::isLegalUTF8Sequence(P, P + Len)) {
      Out.append(reinterpret_cast<const char *>(P), Len);
      P += Len;
      continue;
    }
    Out += "\xEF\xBF\xBD"; // U+FFFD, one per bad byte
    ++P;
  }
  return Out;
}

SeverityCounts countSeverities(const ScanResult &R) {
  SeverityCounts C;
  for (const Finding &F : R.Findings)
    ++C.Of[static_cast<int>(F.Level)];
  return C;
}

std::string summarySentence(const ScanResult &R) {
  SeverityCounts C = countSeverities(R);
  std::string Out = plural(R.Findings.size(), "finding") + " (" +
                    plural(C[Severity::Error], "error") + ", " +
                    plural(C[Severity::Warning], "warning") + ", " +
                    plural(C[Severity::Note], "note") + ") in " +
                    plural(countFiles(sortedFindings(R)), "file") + "; " +
                    plural(R.Analysed, "file") + " analysed, ";
  size_t Skipped = sortedSkipped(R).size();
  if (Skipped)
    Out += std::to_string(Skipped) + " skipped, ";
  return Out + std::to_string(R.Errors.size()) + " could not be analysed";
}

} // namespace report
} // namespace afalg
