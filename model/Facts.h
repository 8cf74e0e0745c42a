#ifndef AFALG_MODEL_FACTS_H
#define AFALG_MODEL_FACTS_H

#include "Finding.h"
#include <string>
#include <vector>

namespace afalg {

/// Keys name storage that can hold an fd or an address, stably across TUs:
///   "v:<USR>"        a variable (global, local, parameter by USR)
///   "f:<Record>.<n>" a struct/union field, field-sensitive, any object
///   "p:<FnUSR>#<i>"  parameter i of a function
///   "r:<FnUSR>"      the return value of a function
///   "s:<site id>"    the value produced by a call site (socket, accept)
///   "*<key>"         what a pointer key points to; "<key>[]" array elements
using Key = std::string;

/// What a site is, before linking decides whether it is an AF_ALG use.
enum class SiteKind {
  Direct,      ///< reported as is (socket, setsockopt, cmsg, sockaddr, ...)
  FdUse,       ///< reported when FdKey holds an AF_ALG socket
  Accept,      ///< FdUse that also produces an operation socket
  PipeFeed,    ///< vmsplice into a pipe: reported when the pipe feeds AF_ALG
  WrapperCall, ///< call of a user function passing an fd (issue: wrappers)
  DomainParam, ///< socket(d, ...) in a wrapper: reported if 38 reaches d
  Compat       ///< a call into the afalg_compat runtime: never reported
};

/// A construct worth a finding, with what the link step needs.
struct Site {
  std::string Id; ///< unique in the whole program: "<file>:<offset>:<rule>"
  RuleId Rule = RuleId::Socket;
  SiteKind Kind = SiteKind::Direct;
  Confidence Conf = Confidence::High;
  Range Loc;
  std::string Function; ///< enclosing function's name
  Key FunctionKey;      ///< "r:<USR>" of the enclosing function
  std::string Callee;   ///< "read", "splice", ...
  Key FdKey;            ///< the fd operand (FdUse/Accept/PipeFeed)
  Key ResultKey;        ///< the value it produces (socket/accept): "s:<Id>"
  Key AddrKey;          ///< sockaddr object (bind, sockaddr)
  Key InKey;            ///< pipe end: splice/tee input, vmsplice target
  Key DomainKey;        ///< DomainParam: where the socket family comes from
  Algorithm Alg;        ///< when known at the site
  std::vector<Key> AlgTypeKeys, AlgNameKeys; ///< strings reaching salg_*
  std::string Note;                          ///< extra words for the message
  Range CalleeLoc; ///< the callee name token, where a rewrite renames it
  bool CalleeInMacro = false; ///< the name is spelled in a #define body
};

/// Value flow: whatever From may hold, To may hold too.
struct Edge {
  Key From, To;
  friend bool operator<(const Edge &A, const Edge &B) {
    return std::tie(A.From, A.To) < std::tie(B.From, B.To);
  }
  friend bool operator==(const Edge &A, const Edge &B) {
    return A.From == B.From && A.To == B.To;
  }
};

/// A string constant stored into a key (for algorithm names through
/// parameters, locals and tables).
struct StringFact {
  Key Where;
  std::string Value;
  friend bool operator<(const StringFact &A, const StringFact &B) {
    return std::tie(A.Where, A.Value) < std::tie(B.Where, B.Value);
  }
  friend bool operator==(const StringFact &A, const StringFact &B) {
    return A.Where == B.Where && A.Value == B.Value;
  }
};

/// A call of a project function: its result gets its own key, so the link
/// step can tell a wrapper's AF_ALG calls from its other calls.
struct CallFact {
  Key Result;                      ///< "c:<file>:<offset>"
  Key Callee;                      ///< "r:<FnUSR>"
  std::vector<Key> Args;           ///< first key of each argument, or ""
  std::vector<unsigned> AfAlgArgs; ///< arguments that are the constant 38
  Range Loc;            ///< where the call is (empty outside the project)
  std::string Function; ///< the calling function
  std::string CalleeName;
};

/// Everything one translation unit contributes. Knows nothing global; a
/// pure function of the TU, so it can be cached or computed elsewhere.
struct TUFacts {
  std::string MainFile;
  std::vector<Site> Sites;
  std::vector<Edge> Edges;
  std::vector<StringFact> Strings;
  std::vector<CallFact> Calls;
  /// Size (AST statements) of each function with a body, by "r:" key: a
  /// small function that forwards an fd to one sink is a thin wrapper.
  std::vector<std::pair<Key, unsigned>> FunctionSizes;
  /// Keys that the AF_ALG family constant (38) is stored into, so a
  /// socket() wrapper's domain parameter can be resolved at link time.
  std::vector<Key> AfAlgConstants;
  std::vector<std::string> Files; ///< project files the TU read
  std::vector<std::pair<std::string, std::string>> FileHashes; ///< of Files
  std::vector<std::string> MissingHeaders; ///< includes skipped (audit)
  unsigned ErrorCount = 0;                 ///< compiler errors in project files
  std::string FirstError; ///< "file:line: message" of the first
  bool Failed = false;    ///< the TU could not be analysed
  std::string FailReason;
  /// Every file the TU read (system headers too), as (absolute path, xxh3
  /// hex): what a cached result depends on. Machine-specific, so the cache
  /// and shard outputs store it apart from (or strip it off) the facts.
  std::vector<std::pair<std::string, std::string>> AllFiles;
};

} // namespace afalg

#endif
