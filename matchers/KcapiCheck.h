#ifndef AFALG_MATCHERS_KCAPICHECK_H
#define AFALG_MATCHERS_KCAPICHECK_H

#include "Check.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace afalg {

/// afalg-kcapi: calls into libkcapi from outside libkcapi itself, and calls
/// into project-specific AF_ALG wrapper APIs named by prefix in the config
/// (kcapi-like-apis), from outside those wrappers.
class KcapiCheck : public Check {
public:
  explicit KcapiCheck(llvm::ArrayRef<std::string> ExtraPrefixes = {})
      : ExtraPrefixes(ExtraPrefixes.begin(), ExtraPrefixes.end()) {}
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;

private:
  std::vector<std::string> ExtraPrefixes;
};

/// libkcapi's own sources (lib/ next to kcapi.h and internal.h) implement
/// the API; their internal kcapi_* calls are not uses of it.
bool isLibkcapiFile(llvm::StringRef Path);

} // namespace afalg

#endif
