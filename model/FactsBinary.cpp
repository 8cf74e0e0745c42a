#include "FactsBinary.h"
#include "support/ByteCodec.h"
#include <type_traits>

namespace afalg {

namespace {

/// One field list per type (fields() below) serves both directions.
struct Encoder {
  ByteWriter W;
  void operator()(const std::string &S) { W.str(S); }
  void operator()(const unsigned &V) { W.u32(V); }
  void operator()(const bool &V) { W.u8(V); }
  template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
  void operator()(const E &V) {
    W.u32(static_cast<uint32_t>(V));
  }
  template <class A, class B> void operator()(const std::pair<A, B> &P) {
    (*this)(P.first);
    (*this)(P.second);
  }
  template <class T> void operator()(const std::vector<T> &V) {
    W.u32(V.size());
    for (const T &X : V)
      (*this)(X);
  }
  template <class T, class = decltype(fields(std::declval<Encoder &>(),
                                             std::declval<const T &>()))>
  void operator()(const T &X, int = 0) {
    fields(*this, X);
  }
};

struct Decoder {
  ByteReader R;
  void operator()(std::string &S) { S = R.str(); }
  void operator()(unsigned &V) { V = R.u32(); }
  void operator()(bool &V) {
    uint8_t B = R.u8();
    R.Bad |= B > 1;
    V = B;
  }
  template <class E, class = std::enable_if_t<std::is_enum_v<E>>>
  void operator()(E &V) {
    V = static_cast<E>(R.u32()); // range-checked by checkFactEnums()
  }
  template <class A, class B> void operator()(std::pair<A, B> &P) {
    (*this)(P.first);
    (*this)(P.second);
  }
  template <class T> void operator()(std::vector<T> &V) {
    // Every element takes at least one byte.
    uint32_t N = R.count(1);
    V.resize(N);
    for (uint32_t I = 0; I < N && !R.Bad; ++I)
      (*this)(V[I]);
  }
  template <class T, class = decltype(fields(std::declval<Decoder &>(),
                                             std::declval<T &>()))>
  void operator()(T &X, int = 0) {
    fields(*this, X);
  }
};

template <class IO, class T>
using Ref = std::conditional_t<std::is_same_v<IO, Encoder>, const T &, T &>;

template <class IO> void fields(IO &io, Ref<IO, Algorithm> A) {
  io(A.Type);
  io(A.Name);
}
template <class IO> void fields(IO &io, Ref<IO, Range> R) {
  io(R.File);
  io(R.Line);
  io(R.Column);
  io(R.EndLine);
  io(R.EndColumn);
}
template <class IO> void fields(IO &io, Ref<IO, Site> S) {
  io(S.Id);
  io(S.Rule);
  io(S.Kind);
  io(S.Conf);
  io(S.Loc);
  io(S.Function);
  io(S.FunctionKey);
  io(S.Callee);
  io(S.FdKey);
  io(S.ResultKey);
  io(S.AddrKey);
  io(S.InKey);
  io(S.DomainKey);
  io(S.Alg);
  io(S.AlgTypeKeys);
  io(S.AlgNameKeys);
  io(S.Note);
  io(S.CalleeLoc);
  io(S.CalleeInMacro);
}
template <class IO> void fields(IO &io, Ref<IO, Edge> E) {
  io(E.From);
  io(E.To);
}
template <class IO> void fields(IO &io, Ref<IO, StringFact> S) {
  io(S.Where);
  io(S.Value);
}
template <class IO> void fields(IO &io, Ref<IO, CallFact> C) {
  io(C.Result);
  io(C.Callee);
  io(C.Args);
  io(C.AfAlgArgs);
  io(C.Loc);
  io(C.Function);
  io(C.CalleeName);
}
template <class IO> void fields(IO &io, Ref<IO, TUFacts> F) {
  io(F.MainFile);
  io(F.Sites);
  io(F.Edges);
  io(F.Strings);
  io(F.Calls);
  io(F.FunctionSizes);
  io(F.AfAlgConstants);
  io(F.Files);
  io(F.FileHashes);
  io(F.MissingHeaders);
  io(F.ErrorCount);
  io(F.FirstError);
  io(F.Failed);
  io(F.FailReason);
  io(F.AllFiles);
}

constexpr llvm::StringLiteral Magic = "afalg-facts\x01";

} // namespace

std::string checkFactEnums(const TUFacts &F) {
  for (const Site &S : F.Sites) {
    if (static_cast<unsigned>(S.Rule) >= allRules().size())
      return "site '" + S.Id + "' has an unknown rule";
    if (static_cast<unsigned>(S.Kind) > static_cast<unsigned>(SiteKind::Compat))
      return "site '" + S.Id + "' has an unknown kind";
    if (static_cast<unsigned>(S.Conf) > static_cast<unsigned>(Confidence::High))
      return "site '" + S.Id + "' has an unknown confidence";
  }
  return "";
}

std::string factsToBinary(const TUFacts &F) {
  Encoder E;
  E.W.Out = Magic.str();
  fields(E, F);
  return std::move(E.W.Out);
}

llvm::Expected<TUFacts> factsFromBinary(llvm::StringRef Bytes,
                                        llvm::StringRef Origin) {
  auto Fail = [&](llvm::StringRef Why) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "%s: not valid facts: %s",
                                   Origin.str().c_str(), Why.str().c_str());
  };
  if (!Bytes.consume_front(Magic))
    return Fail("not a binary facts record");
  Decoder D{ByteReader{Bytes}};
  TUFacts F;
  fields(D, F);
  if (D.R.Bad || !D.R.In.empty())
    return Fail("truncated or garbled");
  if (std::string Bad = checkFactEnums(F); !Bad.empty())
    return Fail(Bad);
  return F;
}

} // namespace afalg
