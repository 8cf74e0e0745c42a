#include "CompatPlan.h"
#include "Support.h"
#include "model/Messages.h"
#include "llvm/ADT/StringSwitch.h"
#include <map>
#include <set>

namespace afalg {

std::string compatName(llvm::StringRef Callee) {
  bool Known =
      llvm::StringSwitch<bool>(Callee)
          .Cases("socket", "bind", "setsockopt", "accept", "accept4", true)
          .Cases("send", "sendto", "sendmsg", "write", "writev", true)
          .Cases("read", "readv", "recv", "recvfrom", "recvmsg", true)
          .Cases("splice", "vmsplice", "tee", "sendfile", true)
          .Default(false);
  if (Callee == "sendfile64")
    return "afalg_compat_sendfile";
  return Known ? "afalg_compat_" + Callee.str() : "";
}

namespace {

bool isCallRule(RuleId R) {
  return R == RuleId::Socket || R == RuleId::Bind || R == RuleId::Setsockopt ||
         R == RuleId::Accept || R == RuleId::Io || R == RuleId::Zerocopy;
}

std::string where(const Finding &F) {
  return F.Loc.File + ":" + std::to_string(F.Loc.Line);
}

/// Why a call finding cannot be renamed in place, or "".
std::string blocker(const Finding &F) {
  if (F.Conf == Confidence::Low)
    return "in code disabled by #if; enable it and re-run";
  if (F.Callee == "syscall")
    return "raw syscall() form; replace it with the libc call first";
  if (F.Callee == "io_submit")
    return "kernel AIO on an AF_ALG socket is not emulated by the compat "
           "runtime; do the operation synchronously";
  if (F.CalleeInMacro)
    return "the call is spelled inside a #define body, which is never "
           "edited; rewrite the macro by hand";
  if (F.CalleeLoc.File.empty())
    return "the call's name is not in the project's own files";
  return "";
}

} // namespace

void planCompatFixes(ScanResult &R, llvm::StringRef Lib) {
  // Algorithms per session, and sessions with a call that cannot move.
  std::map<std::string, const Session *> Sessions;
  for (const Session &S : R.Sessions)
    Sessions[S.Id] = &S;
  std::map<std::string, std::string> Blocked;
  for (const Finding &F : R.Findings)
    if (isCallRule(F.Rule) && !compatName(F.Callee).empty() &&
        !F.Session.empty() && !blocker(F).empty())
      Blocked.emplace(F.Session, where(F) + ": " + blocker(F));

  // A session known only by what is done to its fd (bind() to a
  // sockaddr_alg, SOL_ALG options) has its socket() outside the scan:
  // moving its other calls onto the runtime would leave the kernel socket
  // they act on.
  std::set<std::string> Made;
  for (const Finding &F : R.Findings)
    if (F.Rule == RuleId::Socket && !F.Session.empty())
      Made.insert(F.Session);
  std::map<std::string, std::string> Unmade;
  for (const Finding &F : R.Findings)
    if (!F.Session.empty() && !Made.count(F.Session))
      Unmade.emplace(F.Session,
                     "the session's socket() is not in the scanned code (its "
                     "fd comes from elsewhere): rewrite it where it is made");

  for (Finding &F : R.Findings) {
    FixInfo &Fix = F.Fix;
    Fix = FixInfo();
    std::vector<Algorithm> Algs;
    if (auto It = Sessions.find(F.Session); It != Sessions.end())
      Algs = It->second->Algorithms;
    else if (!F.Alg.empty())
      Algs.push_back(F.Alg);
    std::string Missing;
    for (const Algorithm &A : Algs)
      if (!A.Name.empty() && !compatSupports(Lib, A))
        Missing = algorithmText(A);
    F.AlgSupported = Missing.empty() && !Algs.empty();

    if (F.Rule == RuleId::Kcapi) {
      Fix.Reason = "libkcapi API: port this call to " + Lib.str() +
                   " by hand (no compat layer for libkcapi)";
      continue;
    }
    if (F.Rule == RuleId::OpensslEngine) {
      Fix.Reason = "remove the afalg engine: OpenSSL's default provider "
                   "already computes this in userspace";
      continue;
    }
    if (!Missing.empty()) {
      Fix.Reason = Lib.str() + " has no equivalent for " + Missing;
      continue;
    }
    if (auto It = Unmade.find(F.Session); It != Unmade.end()) {
      Fix.Reason = It->second;
      continue;
    }
    if (auto It = Blocked.find(F.Session); It != Blocked.end()) {
      Fix.Reason = It->second == where(F) + ": " + blocker(F)
                       ? blocker(F)
                       : "another call of this session cannot be rewritten (" +
                             It->second + ")";
      continue;
    }
    if (F.Rule == RuleId::Sockaddr || F.Rule == RuleId::Cmsg) {
      Fix.Fixable = true;
      Fix.Reason = "no change needed: the compat runtime reads this data "
                   "as the kernel did";
      continue;
    }
    std::string To = compatName(F.Callee);
    if (To.empty()) {
      // A thin wrapper's call site: the call inside the wrapper is renamed.
      Fix.Fixable = true;
      Fix.Reason = "fixed by the rewrite of the call inside " + F.Callee + "()";
      continue;
    }
    if (std::string Why = blocker(F); !Why.empty()) {
      Fix.Reason = Why;
      continue;
    }
    Fix.Fixable = true;
    Fix.Reason = "call " + To + "() (compat runtime on " + Lib.str() + ")";
    if (Algs.empty() || Algs.front().Name.empty())
      Fix.Reason += "; the algorithm is not constant: bind() fails with "
                    "ENOENT at run time if " +
                    Lib.str() + " lacks it";
    Fix.Edits.push_back({F.CalleeLoc, To});
  }
}

} // namespace afalg
