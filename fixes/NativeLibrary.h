#ifndef AFALG_FIXES_NATIVELIBRARY_H
#define AFALG_FIXES_NATIVELIBRARY_H

#include "model/Finding.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace afalg {

/// What a native rewrite computes: a digest, keyed (HMAC) or not.
struct NativeAlgorithm {
  std::string Digest; ///< kernel digest name: "sha256"
  bool Hmac = false;
};

/// The native form of a kernel algorithm, or std::nullopt with Why set:
/// only the hash family has a native rewrite (ciphers go to the compat
/// runtime, whose buffer layout and control messages they need).
std::optional<NativeAlgorithm>
nativeAlgorithm(llvm::StringRef Lib, const Algorithm &A, std::string &Why);

/// Source text of the native replacements on one library. Arguments are
/// source text of the original operands; "Used" says whether the value of
/// the replaced call is used (a discarded call becomes a plain statement,
/// so -Wunused-value stays quiet).
class NativeLibrary {
public:
  NativeLibrary(llvm::StringRef Lib, NativeAlgorithm A)
      : Lib(Lib.str()), Alg(std::move(A)) {}

  std::string tfmType() const;
  std::string opType() const;
  /// socket(AF_ALG, ...) on the algorithm.
  std::string open() const;
  /// setsockopt(T, SOL_ALG, ALG_SET_KEY, Key, Len); HMAC only.
  std::string setKey(llvm::StringRef T, llvm::StringRef Key,
                     llvm::StringRef Len, bool Used) const;
  /// accept(T, NULL, NULL).
  std::string accept(llvm::StringRef T) const;
  /// write/send(O, Buf, Len[, flags]): Len is evaluated twice when Used.
  std::string update(llvm::StringRef O, llvm::StringRef Buf,
                     llvm::StringRef Len, bool Used) const;
  /// read/recv(O, Buf, N): the digest, truncated to N as the kernel does.
  std::string final(llvm::StringRef O, llvm::StringRef Buf,
                    llvm::StringRef N) const;
  std::string close(llvm::StringRef V, bool IsTfm, bool Used) const;
  /// Includes and the small static helpers the expressions above call;
  /// the same text for every session of a file on Lib, so it is inserted
  /// once. Marker is a line of it that shows it is there already.
  static std::string prelude(llvm::StringRef Lib);
  static llvm::StringRef preludeMarker();

private:
  std::string Lib;
  NativeAlgorithm Alg;
};

} // namespace afalg

#endif
