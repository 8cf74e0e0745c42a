#ifndef AFALG_MATCHERS_CHECK_H
#define AFALG_MATCHERS_CHECK_H

#include "ExtractContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace afalg {

/// One rule's extraction logic. The visitor walks each TU once and offers
/// every construct to every check; a check records sites in the context.
/// Per-TU state lives in members; a fresh set of checks is made per TU.
class Check {
public:
  virtual ~Check() = default;
  virtual void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) {}
  /// `lhs = rhs` (plain assignment only).
  virtual void onAssign(const clang::BinaryOperator &BO, ExtractContext &Ctx) {}
  virtual void onVarDecl(const clang::VarDecl &VD, ExtractContext &Ctx) {}
  /// Called once the whole TU has been visited.
  virtual void finish(ExtractContext &Ctx) {}
};

/// Argument I of CE with casts and wrappers removed (see strip), or null.
inline const clang::Expr *arg(const clang::CallExpr &CE, unsigned I) {
  return I < CE.getNumArgs() ? strip(CE.getArg(I)) : nullptr;
}

} // namespace afalg

#endif
