// The prefilter's view of one file: a raw lex, no preprocessing.
#include "TextIndex.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>

namespace afalg {

uint32_t identHash(llvm::StringRef Name) {
  return static_cast<uint32_t>(llvm::xxh3_64bits(Name));
}

namespace {

// Spelled AF_ALG tokens: a file holding one is parsed.
const llvm::StringSet<> SeedNames = {
    "AF_ALG",     "PF_ALG",      "SOL_ALG",    "sockaddr_alg",
    "SYS_socket", "__NR_socket", "cmsg_level", "sockaddr_alg_new"};
const char *const SeedPrefixes[] = {"salg_", "ALG_", "kcapi_", "ENGINE_",
                                    "if_alg"};

// socket() families and setsockopt() levels that are certainly not AF_ALG
// (38) or SOL_ALG (279): a call spelled with one of them needs no parse.
// A project that #defines one of these names is parsed.
const llvm::StringSet<> OtherFamilies = {
    "AF_INET",   "AF_INET6",  "AF_UNIX",      "AF_LOCAL", "AF_NETLINK",
    "AF_PACKET", "AF_UNSPEC", "AF_BLUETOOTH", "AF_CAN",   "AF_VSOCK",
    "AF_TIPC",   "AF_XDP",    "AF_KEY",       "AF_RDS",   "AF_NFC",
    "PF_INET",   "PF_INET6",  "PF_UNIX",      "PF_LOCAL", "PF_NETLINK",
    "PF_PACKET", "PF_UNSPEC", "PF_BLUETOOTH", "PF_CAN",   "PF_VSOCK",
    "PF_TIPC",   "PF_XDP",    "PF_KEY",       "PF_RDS",   "PF_NFC"};
const llvm::StringSet<> OtherLevels = {
    "SOL_SOCKET",     "SOL_IP",      "SOL_IPV6",     "SOL_TCP",
    "SOL_UDP",        "SOL_RAW",     "SOL_PACKET",   "SOL_NETLINK",
    "SOL_ICMPV6",     "SOL_SCTP",    "SOL_TLS",      "SOL_BLUETOOTH",
    "SOL_CAN_RAW",    "SOL_TIPC",    "SOL_XDP",      "IPPROTO_IP",
    "IPPROTO_IPV6",   "IPPROTO_TCP", "IPPROTO_UDP",  "IPPROTO_ICMP",
    "IPPROTO_ICMPV6", "IPPROTO_RAW", "IPPROTO_SCTP", "IPPROTO_MPTCP"};

struct Tok {
  clang::tok::TokenKind Kind;
  llvm::StringRef Text;
  unsigned Offset;
  bool LineStart;
};

std::vector<Tok> lexAll(llvm::StringRef Buf) {
  clang::LangOptions LO;
  // C++ lexing (raw strings, digit separators) is a superset that C code
  // lexes the same way through.
  LO.CPlusPlus = LO.CPlusPlus11 = LO.CPlusPlus14 = LO.CPlusPlus17 = true;
  LO.C99 = LO.LineComment = true;
  clang::Lexer L(clang::SourceLocation(), LO, Buf.begin(), Buf.begin(),
                 Buf.end());
  std::vector<Tok> Out;
  clang::Token T;
  while (true) {
    L.LexFromRawLexer(T);
    if (T.is(clang::tok::eof))
      break;
    unsigned Off = T.getLocation().getRawEncoding();
    Out.push_back({T.getKind(), Buf.substr(Off, T.getLength()), Off,
                   T.isAtStartOfLine()});
  }
  return Out;
}

bool isIdent(const std::vector<Tok> &T, size_t I) {
  return I < T.size() && T[I].Kind == clang::tok::raw_identifier;
}
bool is(const std::vector<Tok> &T, size_t I, clang::tok::TokenKind K) {
  return I < T.size() && T[I].Kind == K;
}

/// Index of the token after the argument starting at I (a top-level ','
/// or the closing ')').
size_t skipArg(const std::vector<Tok> &T, size_t I) {
  int Depth = 0;
  for (; I < T.size(); ++I) {
    auto K = T[I].Kind;
    if (K == clang::tok::l_paren || K == clang::tok::l_square ||
        K == clang::tok::l_brace)
      ++Depth;
    else if (K == clang::tok::r_paren || K == clang::tok::r_square ||
             K == clang::tok::r_brace) {
      if (Depth-- == 0)
        return I;
    } else if (K == clang::tok::comma && Depth == 0)
      return I;
  }
  return I;
}

/// Whether the argument at I is one identifier from Names, followed by ','.
bool argIsOneOf(const std::vector<Tok> &T, size_t I,
                const llvm::StringSet<> &Names) {
  return isIdent(T, I) && Names.contains(T[I].Text) &&
         is(T, I + 1, clang::tok::comma);
}

/// A call of socket(), setsockopt() or syscall() that might create or
/// configure an AF_ALG socket. Member calls and `struct socket` are other
/// things; any other spelling (a macro alias, a non-symbolic argument) might.
bool mayBeAfAlgCall(const std::vector<Tok> &T, size_t I) {
  llvm::StringRef N = T[I].Text;
  if (N != "socket" && N != "setsockopt" && N != "syscall")
    return false;
  if (I > 0) {
    auto P = T[I - 1];
    if (P.Kind == clang::tok::period || P.Kind == clang::tok::arrow ||
        P.Text == "struct" || P.Text == "union" || P.Text == "class" ||
        P.Text == "enum")
      return false;
  }
  if (!is(T, I + 1, clang::tok::l_paren))
    return true;
  if (N == "socket")
    return !argIsOneOf(T, I + 2, OtherFamilies);
  if (N == "setsockopt") {
    size_t Comma = skipArg(T, I + 2);
    return !is(T, Comma, clang::tok::comma) ||
           !argIsOneOf(T, Comma + 1, OtherLevels);
  }
  // syscall(SYS_getrandom, ...): any other named syscall is not socket().
  if (!isIdent(T, I + 2) ||
      !(is(T, I + 3, clang::tok::comma) || is(T, I + 3, clang::tok::r_paren)))
    return true;
  llvm::StringRef Nr = T[I + 2].Text;
  return !(Nr.starts_with("SYS_") || Nr.starts_with("__NR_"));
}

/// `#include "x"`, `<x>`, or a computed include (false).
bool includeName(llvm::StringRef Buf, const Tok &After, FileText::Include &I) {
  llvm::StringRef Rest = Buf.drop_front(After.Offset + After.Text.size());
  Rest = Rest.take_until([](char C) { return C == '\n'; }).ltrim(" \t");
  char Close = Rest.starts_with("\"") ? '"' : Rest.starts_with("<") ? '>' : 0;
  if (!Close)
    return false;
  size_t End = Rest.find(Close, 1);
  if (End == llvm::StringRef::npos)
    return false;
  I.Name = Rest.slice(1, End).str();
  I.Angled = Close == '>';
  return true;
}

} // namespace

FileText scanFileText(llvm::StringRef Buf,
                      llvm::ArrayRef<std::string> ExtraPrefixes) {
  FileText F;
  F.Hash = llvm::utohexstr(llvm::xxh3_64bits(Buf));
  // policy/Suppressions.cpp finds directives by these two literals in
  // comment lines of the raw text, so a file without them holds none.
  F.Directives = Buf.contains("afalg-scan:") || Buf.contains("NOLINT");
  if (Buf.take_front(65536).contains('\0')) {
    F.Doubt = true; // a binary file: the parse reports it
    return F;
  }
  // Comments count here: suppression directives (afalg-scan:, NOLINT...)
  // make findings of their own when they are stray.
  if (Buf.contains_insensitive("afalg") || Buf.contains("NOLINTBEGIN") ||
      Buf.contains("NOLINTEND"))
    F.Seed = true;
  // The AF_ALG names anywhere, even where the lexer sees no identifier (a
  // shell line's quotes, -DAF_ALG=38): such a file is parsed, so that a
  // file that only looks like C is reported as one that does not parse.
  for (llvm::StringRef Name :
       {"AF_ALG", "PF_ALG", "SOL_ALG", "sockaddr_alg", "if_alg", "kcapi_"})
    if (Buf.contains(Name))
      F.Seed = true;
  std::vector<Tok> T = lexAll(Buf);
  size_t DirectiveStart = T.size();
  for (size_t I = 0; I < T.size(); ++I) {
    const Tok &K = T[I];
    if (K.LineStart)
      DirectiveStart = K.Kind == clang::tok::hash ? I : T.size();
    bool InDirective = DirectiveStart < T.size();
    if (K.Kind == clang::tok::hashhash && InDirective) {
      for (size_t J : {I - 1, I + 1})
        if (J > DirectiveStart && isIdent(T, J) && !T[J].LineStart)
          F.Pasted.push_back(T[J].Text.str());
      continue;
    }
    if (K.Kind == clang::tok::string_literal &&
        K.Text.contains_insensitive("if_alg"))
      F.Seed = true;
    if (K.Kind != clang::tok::raw_identifier)
      continue;
    F.Idents.push_back(identHash(K.Text));
    if (InDirective && I == DirectiveStart + 1) {
      FileText::Include Inc;
      Inc.Next = K.Text == "include_next";
      if (K.Text == "include" || K.Text == "import" || Inc.Next) {
        if (includeName(Buf, K, Inc))
          F.Includes.push_back(std::move(Inc));
        else
          F.Doubt = true; // #include MACRO: cannot tell what it reads
      } else if (K.Text == "define" && isIdent(T, I + 1) &&
                 (OtherFamilies.contains(T[I + 1].Text) ||
                  OtherLevels.contains(T[I + 1].Text))) {
        F.Seed = true; // the "certainly not AF_ALG" names are redefined
      }
      continue;
    }
    // <sys/socket.h> names a header, not a call.
    bool InInclude = InDirective && isIdent(T, DirectiveStart + 1) &&
                     T[DirectiveStart + 1].Text.starts_with("include");
    if (SeedNames.contains(K.Text) || (!InInclude && mayBeAfAlgCall(T, I)))
      F.Seed = true;
    for (const char *P : SeedPrefixes)
      if (K.Text.starts_with(P))
        F.Seed = true;
    for (const std::string &P : ExtraPrefixes)
      if (K.Text.starts_with(P))
        F.Seed = true;
  }
  std::sort(F.Idents.begin(), F.Idents.end());
  F.Idents.erase(std::unique(F.Idents.begin(), F.Idents.end()), F.Idents.end());
  std::sort(F.Pasted.begin(), F.Pasted.end());
  F.Pasted.erase(std::unique(F.Pasted.begin(), F.Pasted.end()), F.Pasted.end());
  return F;
}

} // namespace afalg
