#include "AlgorithmName.h"
#include "llvm/ADT/StringSwitch.h"

namespace afalg {

std::string socketTypeOf(llvm::StringRef Name) {
  llvm::StringRef Head = Name.take_until([](char C) { return C == '('; });
  bool Template = Head.size() < Name.size();
  // Wrappers that keep the type of their argument.
  if (Template && (Head == "cryptd" || Head == "pcrypt"))
    return socketTypeOf(Name.drop_front(Head.size() + 1).drop_back());
  if (Template)
    return llvm::StringSwitch<std::string>(Head)
        .Cases("hmac", "cmac", "xcbc", "cbcmac", "hash")
        .Cases("gcm", "ccm", "gcm_base", "ccm_base", "rfc4106", "aead")
        .Cases("rfc4543", "rfc4309", "rfc7539", "rfc7539esp", "aead")
        .Cases("authenc", "authencesn", "aead")
        .Cases("ecb", "cbc", "ctr", "xts", "cts", "lrw", "skcipher")
        .Cases("pcbc", "xctr", "hctr2", "rfc3686", "essiv", "skcipher")
        .Case("adiantum", "skcipher")
        .Default("");
  if (Head.starts_with("drbg_") || Head == "stdrng" ||
      Head == "jitterentropy_rng" || Head == "ansi_cprng")
    return "rng";
  if (Head.starts_with("sha") || Head.starts_with("md") ||
      Head.starts_with("blake2") || Head.starts_with("crc") ||
      Head.starts_with("streebog") || Head.starts_with("wp") || Head == "sm3" ||
      Head == "rmd160" || Head == "xxhash64" || Head == "ghash" ||
      Head == "polyval" || Head == "poly1305" || Head == "michael_mic" ||
      Head == "digest_null")
    return "hash";
  if (Head.starts_with("chacha") || Head.starts_with("xchacha") ||
      Head == "arc4")
    return "skcipher";
  return "";
}

} // namespace afalg
