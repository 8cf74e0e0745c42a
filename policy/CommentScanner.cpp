#include "policy/CommentScanner.h"

#include "llvm/ADT/StringExtras.h"

namespace afalg {
namespace policy {

namespace {

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_' || C == '$'; }

class Scanner {
public:
  explicit Scanner(llvm::StringRef Text) : Text(Text), N(Text.size()) {}

  std::vector<Comment> run() {
    while (I < N) {
      char C = Text[I];
      char Next = I + 1 < N ? Text[I + 1] : '\0';
      if (C == '\n') {
        ++Line;
        LineHasCode = false;
        ++I;
      } else if (C == ' ' || C == '\t' || C == '\r' || C == '\f' || C == '\v') {
        ++I;
      } else if (size_t K = continuation(I)) {
        // Line numbers are physical, so a spliced line is a new line too.
        I += K;
        ++Line;
        LineHasCode = false;
      } else if (C == '/' && Next == '/') {
        lineComment();
      } else if (C == '/' && Next == '*') {
        blockComment();
      } else if (C == '"') {
        LineHasCode = true;
        if (!rawString())
          quoted('"');
      } else if (C == '\'' && !digitSeparator()) {
        LineHasCode = true;
        quoted('\'');
      } else {
        LineHasCode = true;
        ++I;
      }
    }
    return std::move(Out);
  }

private:
  llvm::StringRef Text;
  size_t N;
  size_t I = 0;
  unsigned Line = 1;
  bool LineHasCode = false;
  std::vector<Comment> Out;

  /// Length of a backslash-newline at P ("\\\n" or "\\\r\n"), else 0.
  size_t continuation(size_t P) const {
    if (P >= N || Text[P] != '\\')
      return 0;
    if (P + 1 < N && Text[P + 1] == '\n')
      return 2;
    if (P + 2 < N && Text[P + 1] == '\r' && Text[P + 2] == '\n')
      return 3;
    return 0;
  }

  /// Whether only blanks (or another comment) follow P on its line.
  bool codeFollows(size_t P) const {
    while (P < N && (Text[P] == ' ' || Text[P] == '\t' || Text[P] == '\r'))
      ++P;
    if (P >= N || Text[P] == '\n')
      return false;
    return !(Text[P] == '/' && P + 1 < N &&
             (Text[P + 1] == '/' || Text[P + 1] == '*'));
  }

  void lineComment() {
    Comment C;
    C.Line = Line;
    C.CodeBefore = LineHasCode;
    size_t Begin = I + 2, P = Begin;
    // A backslash at the end of a // comment continues it (C and C++ both
    // splice lines before finding comments).
    while (P < N && Text[P] != '\n') {
      if (size_t K = continuation(P)) {
        P += K;
        ++Line;
        continue;
      }
      ++P;
    }
    size_t End = P;
    if (End > Begin && Text[End - 1] == '\r')
      --End;
    C.Body = Text.slice(Begin, End);
    C.EndLine = Line;
    Out.push_back(C);
    I = P; // the newline is counted by run()
  }

  void blockComment() {
    Comment C;
    C.Line = Line;
    C.CodeBefore = LineHasCode;
    C.Block = true;
    // Start after "/*" so that "/*/" does not close itself.
    size_t Begin = I + 2, P = Begin;
    while (P < N && !(Text[P] == '*' && P + 1 < N && Text[P + 1] == '/')) {
      if (Text[P] == '\n')
        ++Line;
      ++P;
    }
    C.Body = Text.slice(Begin, P);
    C.EndLine = Line;
    I = P < N ? P + 2 : N;
    if (C.EndLine != C.Line)
      LineHasCode = false;
    C.CodeAfter = codeFollows(I);
    Out.push_back(C);
  }

  /// A "..." or '...' literal from I. It ends at its closing quote or, when
  /// unterminated, before the end of its line, as Clang recovers.
  void quoted(char Quote) {
    size_t P = I + 1;
    while (P < N) {
      if (size_t K = continuation(P)) {
        P += K;
        ++Line;
        continue;
      }
      char C = Text[P];
      if (C == '\\' && P + 1 < N && Text[P + 1] != '\n') {
        P += 2;
        continue;
      }
      if (C == Quote) {
        ++P;
        break;
      }
      if (C == '\n')
        break;
      ++P;
    }
    I = P;
  }

  /// A C++11 raw string R"delim( ... )delim" (with an optional u8/u/U/L
  /// prefix) from I, which is at the quote. False when it is not one.
  bool rawString() {
    size_t J = I;
    while (J > 0 && isIdentChar(Text[J - 1]))
      --J;
    llvm::StringRef Prefix = Text.slice(J, I);
    if (Prefix != "R" && Prefix != "u8R" && Prefix != "uR" && Prefix != "UR" &&
        Prefix != "LR")
      return false;
    size_t Open = I + 1;
    while (Open < N && Open - I - 1 <= 16 &&
           !llvm::StringRef(" ()\\\t\v\f\n\"").contains(Text[Open]))
      ++Open;
    if (Open >= N || Text[Open] != '(' || Open - I - 1 > 16)
      return false;
    std::string Terminator =
        ")" + Text.slice(I + 1, Open).str() + "\""; // )delim"
    size_t Close = Text.find(Terminator, Open + 1);
    size_t End = Close == llvm::StringRef::npos ? N : Close + Terminator.size();
    Line += Text.slice(I, End).count('\n');
    I = End;
    return true;
  }

  /// Whether the quote at I is a C++14 digit separator (1'000'000,
  /// 0xFF'FF) rather than the start of a character literal (u8'a', L'x').
  bool digitSeparator() {
    if (I == 0 || I + 1 >= N || !llvm::isAlnum(Text[I + 1]))
      return false;
    size_t J = I;
    while (J > 0 && (isIdentChar(Text[J - 1]) || Text[J - 1] == '\'' ||
                     Text[J - 1] == '.'))
      --J;
    if (J == I || !(llvm::isDigit(Text[J]) || (Text[J] == '.' && J + 1 < I &&
                                               llvm::isDigit(Text[J + 1]))))
      return false;
    ++I;
    return true;
  }
};

} // namespace

std::vector<Comment> scanComments(llvm::StringRef Text) {
  return Scanner(Text).run();
}

} // namespace policy
} // namespace afalg
