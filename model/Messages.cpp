#include "Messages.h"

namespace afalg {

std::string algorithmText(const Algorithm &A) {
  if (A.empty())
    return "";
  if (A.Name.empty())
    return A.Type + " (name not constant)";
  if (A.Type.empty())
    return A.Name;
  return A.Type + " " + A.Name;
}

static std::string bound(const Algorithm &A) {
  return A.empty() ? "" : " bound to " + algorithmText(A);
}

std::string describe(const Finding &F, const std::string &Callee,
                     const std::string &Note, const Session *S, bool CopyFail) {
  std::string M;
  std::string Call = Callee.empty() ? "" : Callee + "()";
  // The call site of a thin wrapper around setsockopt.
  bool ViaWrapper = F.Rule == RuleId::Setsockopt && Note == "setsockopt" &&
                    Callee != "setsockopt";
  if (ViaWrapper)
    return Call + " passes an AF_ALG socket to " + Note + "()" + bound(F.Alg);
  switch (F.Rule) {
  case RuleId::Socket:
    M = "socket(AF_ALG) opens a kernel crypto socket" + bound(F.Alg) +
        "; AF_ALG is deprecated and insecure";
    break;
  case RuleId::Bind:
    M = F.Alg.empty() ? std::string("bind() of an AF_ALG socket")
                      : "bind() selects kernel algorithm " +
                            algorithmText(F.Alg) + " through AF_ALG";
    break;
  case RuleId::Setsockopt:
    M = "setsockopt(SOL_ALG" + (Note.empty() ? "" : ", " + Note) +
        ") configures an AF_ALG socket" + bound(F.Alg);
    break;
  case RuleId::Accept:
    M = Call + " creates an AF_ALG operation socket" + bound(F.Alg);
    break;
  case RuleId::Cmsg:
    M = "SOL_ALG control message drives a kernel crypto operation" +
        bound(F.Alg);
    break;
  case RuleId::Io:
    M = Note.empty() ? Call + " moves data through an AF_ALG socket"
                     : Call + " passes an AF_ALG socket to " + Note + "()";
    M += bound(F.Alg);
    break;
  case RuleId::Zerocopy:
    if (!Note.empty() && !CopyFail) {
      M = Call + " passes an AF_ALG socket to " + Note + "()" + bound(F.Alg);
    } else if (CopyFail) {
      bool Esn = false;
      if (S)
        for (const Algorithm &A : S->Algorithms)
          Esn |= A.Name.find("authencesn") != std::string::npos;
      M = Call + " feeds page-cache pages into an aead AF_ALG socket" +
          bound(F.Alg) + ": the Copy Fail shape (CVE-2026-31431)" +
          (Esn ? ", with authencesn as in the published exploit" : "");
    } else {
      M = Call + " feeds an AF_ALG socket without copying" + bound(F.Alg);
    }
    break;
  case RuleId::Sockaddr:
    M = F.Alg.empty()
            ? std::string("struct sockaddr_alg names a kernel algorithm")
            : "struct sockaddr_alg names kernel algorithm " +
                  algorithmText(F.Alg);
    break;
  case RuleId::Kcapi:
    M = Call + " calls libkcapi, a wrapper over AF_ALG";
    break;
  case RuleId::OpensslEngine:
    M = "the OpenSSL afalg engine routes crypto through AF_ALG";
    break;
  case RuleId::Suppression:
    // The policy step words these itself (driver/Policy.cpp); a link-time
    // finding never has this rule.
    M = Note;
    break;
  }
  if (F.Conf == Confidence::Low)
    M += " (in code disabled by #if)";
  return M;
}

} // namespace afalg
