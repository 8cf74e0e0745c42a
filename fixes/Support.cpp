#include "Support.h"
#include "model/AlgorithmName.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSet.h"

namespace afalg {

llvm::ArrayRef<llvm::StringRef> fixTargets() {
  static const llvm::StringRef Targets[] = {"openssl", "gcrypt", "nettle"};
  return Targets;
}

bool isFixTarget(llvm::StringRef Lib) {
  return llvm::is_contained(fixTargets(), Lib);
}

namespace {

struct Node {
  std::string Head;
  std::vector<Node> Args;
};

/// Kernel grammar: name := ident [ "(" name { "," name } ")" ].
bool parse(llvm::StringRef &S, Node &N, int Depth = 0) {
  if (Depth > 8)
    return false;
  size_t End = S.find_first_of("(),");
  N.Head = S.substr(0, End).str();
  S = S.substr(std::min(End, S.size()));
  if (N.Head.empty())
    return false;
  if (!S.consume_front("("))
    return true;
  do {
    N.Args.emplace_back();
    if (!parse(S, N.Args.back(), Depth + 1))
      return false;
  } while (S.consume_front(","));
  return S.consume_front(")");
}

const char *const ImplSuffixes[] = {
    "generic", "lib",     "asm",  "ni",     "avx",      "avx2",  "ssse3",
    "aesni",   "ce",      "neon", "neonbs", "arm",      "arm64", "intel",
    "pclmul",  "clmulni", "simd", "x86_64", "vaes-avx2"};

std::string canonicalLeaf(llvm::StringRef Leaf) {
  for (const char *Suffix : ImplSuffixes) {
    std::string Dash = std::string("-") + Suffix;
    if (Leaf.ends_with(Dash))
      return canonicalLeaf(Leaf.drop_back(Dash.size()));
  }
  // Flattened mode drivers: cbc-aes-aesni -> cbc(aes) (suffix gone above).
  for (llvm::StringRef Mode :
       {"ecb", "cbc", "ctr", "xts", "cts", "xctr", "gcm", "ccm", "rfc4106"}) {
    std::string Prefix = Mode.str() + "-";
    if (Leaf.starts_with(Prefix))
      return Mode.str() + "(" + canonicalLeaf(Leaf.drop_front(Prefix.size())) +
             ")";
  }
  if (Leaf == "generic-gcm")
    return "gcm(aes)";
  return Leaf.str();
}

std::string print(const Node &N) {
  std::string Out = N.Args.empty() ? canonicalLeaf(N.Head) : N.Head;
  if (N.Args.empty())
    return Out;
  if (N.Head == "cryptd" || N.Head == "pcrypt")
    return print(N.Args.front());
  Out += "(";
  for (size_t I = 0; I < N.Args.size(); ++I)
    Out += (I ? "," : "") + print(N.Args[I]);
  return Out + ")";
}

bool hashSupported(llvm::StringRef Lib, llvm::StringRef H) {
  static const llvm::StringSet<> Common = {
      "md5",      "sha1",     "sha224",   "sha256",   "sha384", "sha512",
      "sha3-224", "sha3-256", "sha3-384", "sha3-512", "sm3",    "rmd160"};
  if (Common.contains(H))
    return true;
  if (Lib == "gcrypt")
    return H == "md4" || H == "streebog256" || H == "streebog512" ||
           H == "wp512";
  if (Lib == "nettle")
    return H == "md4" || H == "streebog256" || H == "streebog512";
  return false;
}

bool blockCipherSupported(llvm::StringRef Lib, llvm::StringRef C) {
  return C == "aes" || C == "des3_ede" || (C == "sm4" && Lib != "nettle");
}

bool supported(llvm::StringRef Lib, const Node &N, llvm::StringRef Type) {
  llvm::StringRef H = N.Head;
  size_t Arity = N.Args.size();
  auto Arg = [&](size_t I) -> const Node & { return N.Args[I]; };
  auto Leaf = [&](size_t I) {
    return Arg(I).Args.empty() ? llvm::StringRef(Arg(I).Head) : "";
  };
  if (Type == "hash" || Type.empty()) {
    if (Arity == 0 && (hashSupported(Lib, H) || H == "crc32" || H == "crc32c" ||
                       H == "xxhash64"))
      return true;
    if (H == "hmac" && Arity == 1 && Arg(0).Args.empty() &&
        hashSupported(Lib, Arg(0).Head))
      return true;
    if (H == "cmac" && Arity == 1 &&
        (Leaf(0) == "aes" || Leaf(0) == "des3_ede"))
      return true;
  }
  if (Type == "skcipher" || Type.empty()) {
    if ((H == "ecb" || H == "cbc") && Arity == 1 &&
        blockCipherSupported(Lib, Leaf(0)))
      return true;
    if ((H == "ctr" || H == "xts") && Arity == 1 && Leaf(0) == "aes")
      return true;
    if (H == "ctr" && Arity == 1 && Leaf(0) == "sm4" && Lib != "nettle")
      return true;
    if (H == "cts" && Arity == 1 && Arg(0).Head == "cbc" &&
        Arg(0).Args.size() == 1 && Arg(0).Args[0].Head == "aes")
      return true;
    if (H == "rfc3686" && Arity == 1 && Arg(0).Head == "ctr" &&
        Arg(0).Args.size() == 1 && Arg(0).Args[0].Head == "aes")
      return true;
    if (H == "chacha20" && Arity == 0)
      return true;
  }
  if (Type == "aead" || Type.empty()) {
    if ((H == "gcm" || H == "ccm") && Arity == 1 && Leaf(0) == "aes")
      return true;
    if ((H == "rfc4106" || H == "rfc4309") && Arity == 1 &&
        supported(Lib, Arg(0), "aead"))
      return true;
    if (H == "rfc7539" && Arity == 2 && Leaf(0) == "chacha20" &&
        Leaf(1) == "poly1305")
      return true;
    if ((H == "authenc" || H == "authencesn") && Arity == 2 &&
        supported(Lib, Arg(0), "hash") && supported(Lib, Arg(1), "skcipher"))
      return true;
  }
  if (Type == "rng" || Type.empty())
    if (Arity == 0 &&
        (H == "stdrng" || H.starts_with("drbg_") || H == "jitterentropy_rng"))
      return true;
  return false;
}

} // namespace

std::string canonicalAlgorithmName(llvm::StringRef Name) {
  Node N;
  llvm::StringRef S = Name;
  if (!parse(S, N) || !S.empty())
    return Name.str();
  return print(N);
}

bool compatSupports(llvm::StringRef Lib, const Algorithm &A) {
  Node N;
  llvm::StringRef S = A.Name;
  std::string Canon = canonicalAlgorithmName(A.Name);
  S = Canon;
  if (!parse(S, N) || !S.empty())
    return false;
  std::string Type = A.Type.empty() ? socketTypeOf(Canon) : A.Type;
  return supported(Lib, N, Type);
}

} // namespace afalg
