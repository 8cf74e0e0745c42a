#include "report/ReportUtil.h"

#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <set>
#include <tuple>

namespace afalg {
namespace report {

namespace {

auto findingKey(const Finding &F) {
  return std::make_tuple(
      llvm::StringRef(F.Loc.File), F.Loc.Line, F.Loc.Column, ruleName(F.Rule),
      llvm::StringRef(F.Message), F.Loc.EndLine, F.Loc.EndColumn,
      llvm::StringRef(F.Function), llvm::StringRef(F.Session),
      static_cast<int>(F.Level), static_cast<int>(F.Conf),
      llvm::StringRef(F.Alg.Type), llvm::StringRef(F.Alg.Name), F.AlgSupported,
      F.Fix.Fixable, llvm::StringRef(F.Fix.Reason), F.Fix.Edits.size());
}

template <typename T> void sortUnique(std::vector<T> &V) {
  std::sort(V.begin(), V.end());
  V.erase(std::unique(V.begin(), V.end()), V.end());
}

} // namespace

std::vector<const Finding *> reportedFindings(const ScanResult &R) {
  std::vector<const Finding *> Out = sortedFindings(R);
  Out.erase(std::remove_if(Out.begin(), Out.end(),
                           [](const Finding *F) { return F->Suppressed; }),
            Out.end());
  return Out;
}

std::vector<const Finding *> sortedFindings(const ScanResult &R) {
  std::vector<const Finding *> Out;
  Out.reserve(R.Findings.size());
  for (const Finding &F : R.Findings)
    Out.push_back(&F);
  // Stable, so findings equal in every compared field keep their relative
  // order (they then render identically anyway).
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Finding *A, const Finding *B) {
                     return findingKey(*A) < findingKey(*B);
                   });
  return Out;
}

std::vector<Session> sortedSessions(const ScanResult &R) {
  std::vector<Session> Out = R.Sessions;
  for (Session &S : Out) {
    sortUnique(S.Algorithms);
    sortUnique(S.Functions);
    sortUnique(S.Files);
  }
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Session &A, const Session &B) {
                     return std::tie(A.Id, A.Level, A.CopyFailShape) <
                            std::tie(B.Id, B.Level, B.CopyFailShape);
                   });
  return Out;
}

std::vector<InputError> sortedErrors(const ScanResult &R) {
  std::vector<InputError> Out = R.Errors;
  std::stable_sort(
      Out.begin(), Out.end(), [](const InputError &A, const InputError &B) {
        return std::tie(A.File, A.Message) < std::tie(B.File, B.Message);
      });
  return Out;
}

std::vector<std::string> sortedSkipped(const ScanResult &R) {
  std::vector<std::string> Out = R.Skipped;
  sortUnique(Out);
  return Out;
}

unsigned countFiles(const std::vector<const Finding *> &Findings) {
  std::set<llvm::StringRef> Files;
  for (const Finding *F : Findings)
    Files.insert(F->Loc.File);
  return Files.size();
}

std::string plural(unsigned N, llvm::StringRef Singular,
                   llvm::StringRef PluralForm) {
  std::string Out = std::to_string(N) + " ";
  if (N == 1)
    Out += Singular.str();
  else if (!PluralForm.empty())
    Out += PluralForm.str();
  else
    Out += Singular.str() + "s";
  return Out;
}

std::string pathToUri(llvm::StringRef Path) {
  std::string Out;
  Out.reserve(Path.size());
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Out += static_cast<char>(C);
      continue;
    }
    Out += '%';
    Out += llvm::hexdigit(C >> 4);
    Out += llvm::hexdigit(C & 0xF);
  }
  return Out;
}

std::string camelCaseName(llvm::StringRef RuleName) {
  std::string Out;
  bool Upper = true;
  for (char C : RuleName) {
    if (C == '-' || C == '_') {
      Upper = true;
      continue;
    }
    Out += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Out;
}

} // namespace report
} // namespace afalg
