#ifndef AFALG_POLICY_COMMENTSCANNER_H
#define AFALG_POLICY_COMMENTSCANNER_H

#include "llvm/ADT/StringRef.h"
#include <vector>

namespace afalg {
namespace policy {

/// One C/C++ comment found by scanComments().
struct Comment {
  llvm::StringRef Body;    // between the delimiters ("//" or "/*" ... "*/")
  unsigned Line = 0;       // 1-based line of the opening delimiter
  unsigned EndLine = 0;    // line of the last character of the comment
  bool Block = false;      // a /* */ comment
  bool CodeBefore = false; // code precedes it on its first line
  bool CodeAfter = false;  // code follows it on its last line
};

/// The comments of a C or C++ source text, in order. A small lexer, not a
/// preprocessor: it knows string and character literals (with escapes and
/// backslash-newline), C++ raw strings and digit separators, so that a "//"
/// inside a literal never counts as a comment; an unterminated literal ends
/// at its line, as in Clang, so one stray quote cannot hide the rest of the
/// file. Line numbers are physical lines, like a Finding's.
std::vector<Comment> scanComments(llvm::StringRef Text);

} // namespace policy
} // namespace afalg

#endif
