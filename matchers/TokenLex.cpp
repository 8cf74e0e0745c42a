#include "TokenLex.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace afalg {
namespace tokens {

std::vector<Tok> lex(llvm::StringRef Buffer, unsigned Begin, unsigned End,
                     bool CPlusPlus,
                     const std::vector<std::pair<unsigned, unsigned>> &Skip) {
  LangOptions LO;
  LO.CPlusPlus = CPlusPlus;
  LO.C99 = true;
  LO.LineComment = true;
  Lexer L(SourceLocation(), LO, Buffer.data(), Buffer.data() + Begin,
          Buffer.data() + Buffer.size());
  L.SetCommentRetentionState(false);
  std::vector<Tok> Out;
  bool InDirective = false;
  Token T;
  while (!L.LexFromRawLexer(T) || T.isNot(tok::eof)) {
    if (T.is(tok::eof))
      break;
    unsigned Off = T.getLocation().getRawEncoding();
    if (Off >= End)
      break;
    if (T.isAtStartOfLine())
      InDirective = T.is(tok::hash);
    if (InDirective)
      continue;
    bool Skipped = false;
    for (auto [B, E] : Skip)
      Skipped |= Off >= B && Off < E;
    if (Skipped)
      continue;
    std::string Text = T.is(tok::raw_identifier)
                           ? T.getRawIdentifier().str()
                           : std::string(Buffer.substr(Off, T.getLength()));
    Out.push_back({T.getKind(), std::move(Text), Off});
  }
  return Out;
}

std::vector<std::pair<size_t, size_t>> args(const std::vector<Tok> &T,
                                            size_t Open) {
  std::vector<std::pair<size_t, size_t>> A;
  int Depth = 0;
  size_t Start = Open + 1;
  for (size_t I = Open; I < T.size(); ++I) {
    if (T[I].is("(") || T[I].is("[") || T[I].is("{"))
      ++Depth;
    else if (T[I].is(")") || T[I].is("]") || T[I].is("}")) {
      if (--Depth == 0) {
        if (I > Start || !A.empty())
          A.push_back({Start, I});
        return A;
      }
    } else if (Depth == 1 && T[I].is(",")) {
      A.push_back({Start, I});
      Start = I + 1;
    }
  }
  return A; // unbalanced: what we have
}

Blocks blocksOf(const std::vector<Tok> &T) {
  Blocks B;
  B.Id.resize(T.size());
  B.Fn.resize(T.size());
  unsigned Next = 0, Cur = 0;
  std::string Name;
  int Depth = 0;
  for (size_t I = 0; I < T.size(); ++I) {
    if (T[I].is("{") && Depth++ == 0) {
      Cur = ++Next;
      Name.clear();
      // `name ( ... ) {`: a function body.
      if (I > 0 && T[I - 1].is(")")) {
        int D = 0;
        for (size_t J = I; J-- > 0;) {
          if (T[J].is(")"))
            ++D;
          else if (T[J].is("(") && --D == 0) {
            if (J > 0 && T[J - 1].IsIdent()) {
              Name = T[J - 1].Text;
              Blocks::Function &F = B.Functions[Name];
              F.Block = Cur;
              F.Params.clear();
              for (auto [From, To] : args(T, J)) {
                std::string P;
                for (size_t K = From; K < To; ++K)
                  if (T[K].IsIdent())
                    P = T[K].Text; // the last one: `const char *name`
                F.Params.push_back(P);
              }
            }
            break;
          }
        }
      }
    }
    B.Id[I] = Cur;
    B.Fn[I] = Name;
    if (T[I].is("}") && Depth > 0 && --Depth == 0)
      Cur = 0, Name.clear();
  }
  return B;
}

bool argIs(const std::vector<Tok> &T, std::pair<size_t, size_t> R,
           std::initializer_list<llvm::StringRef> Names) {
  if (R.second != R.first + 1)
    return false;
  for (llvm::StringRef N : Names)
    if (T[R.first].is(N))
      return true;
  return false;
}

bool isCallStart(const std::vector<Tok> &T, size_t I) {
  if (I + 1 >= T.size() || !T[I + 1].is("("))
    return false;
  if (I == 0)
    return true;
  const Tok &P = T[I - 1];
  if (P.is(".") || P.is("->") || P.is("*") || P.is("::"))
    return false;
  if (P.IsIdent())
    return P.is("return") || P.is("else") || P.is("do");
  return true;
}

std::string unquote(const Tok &T) {
  if (T.Kind != tok::string_literal || T.Text.size() < 2)
    return "";
  return T.Text.substr(1, T.Text.size() - 2);
}

} // namespace tokens
} // namespace afalg
