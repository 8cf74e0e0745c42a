#ifndef AFALG_MATCHERS_TOKENLEX_H
#define AFALG_MATCHERS_TOKENLEX_H

// The raw tokens the token scan (TokenScan.cpp) works on, and what it asks
// of their structure: argument lists, calls, top-level blocks. Internal.

#include "clang/Basic/TokenKinds.h"
#include "llvm/ADT/StringRef.h"
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace afalg {
namespace tokens {

struct Tok {
  clang::tok::TokenKind Kind;
  std::string Text;
  unsigned Offset;
  bool IsIdent() const { return Kind == clang::tok::raw_identifier; }
  bool is(llvm::StringRef S) const { return Text == S; }
};

std::vector<Tok>
lex(llvm::StringRef Buffer, unsigned Begin, unsigned End, bool CPlusPlus,
    const std::vector<std::pair<unsigned, unsigned>> &Skip = {});

/// Splits the parenthesised argument list starting at Open ('(') into the
/// token ranges of its top-level arguments.
std::vector<std::pair<size_t, size_t>> args(const std::vector<Tok> &T,
                                            size_t Open);

/// For each token, the top-level brace block it is in (0 outside any) and
/// that block's function name when it is a function body ("" otherwise):
/// tokens cannot tell scopes apart, but a function's locals are its own.
/// A scan that starts inside a function (a skipped #if branch) sees its
/// first block from the middle: its closing brace only ends it.
struct Blocks {
  std::vector<unsigned> Id;
  std::vector<std::string> Fn;
  /// The functions defined: body block and parameter names, by name.
  struct Function {
    unsigned Block = 0;
    std::vector<std::string> Params;
  };
  std::map<std::string, Function> Functions;
};

Blocks blocksOf(const std::vector<Tok> &T);

bool argIs(const std::vector<Tok> &T, std::pair<size_t, size_t> R,
           std::initializer_list<llvm::StringRef> Names);

bool isCallStart(const std::vector<Tok> &T, size_t I);

std::string unquote(const Tok &T);

} // namespace tokens
} // namespace afalg

#endif
