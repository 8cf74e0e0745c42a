#ifndef AFALG_MATCHERS_CMSGCHECK_H
#define AFALG_MATCHERS_CMSGCHECK_H

#include "Check.h"
#include <vector>

namespace afalg {

/// afalg-cmsg: SOL_ALG stored into cmsg_level, and ALG_SET_OP/IV/
/// AEAD_ASSOCLEN stored into cmsg_type. The type values collide with
/// SCM_* (2, 3), so a bare number counts only in a function that also
/// stores SOL_ALG into a cmsg_level; a store spelled ALG_SET_* always counts.
class CmsgCheck : public Check {
public:
  void onAssign(const clang::BinaryOperator &BO, ExtractContext &Ctx) override;
  void finish(ExtractContext &Ctx) override;

private:
  struct Pending {
    clang::SourceRange Where;
    const clang::FunctionDecl *Function;
  };
  std::vector<Pending> TypeStores;
  std::vector<const clang::FunctionDecl *> LevelFunctions;
};

} // namespace afalg

#endif
