#ifndef AFALG_MATCHERS_SOCKADDRCHECK_H
#define AFALG_MATCHERS_SOCKADDRCHECK_H

#include "Check.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <vector>

namespace afalg {

/// afalg-sockaddr: one finding per sockaddr_alg object that is filled in,
/// at its declaration when the initializer fills it, else at the first
/// store into a salg_* member. Decided at the end of the TU because a
/// local object filled only to be printed is not a use, and the algorithm
/// may be completed by later stores.
class SockaddrCheck : public Check {
public:
  void onVarDecl(const clang::VarDecl &VD, ExtractContext &Ctx) override;
  void onAssign(const clang::BinaryOperator &BO, ExtractContext &Ctx) override;
  void onCall(const clang::CallExpr &CE, ExtractContext &Ctx) override;
  void finish(ExtractContext &Ctx) override;

private:
  struct Object {
    clang::SourceRange Where;
    const clang::FunctionDecl *Function = nullptr;
    const clang::VarDecl *Local = nullptr; // null: always reported
    std::string Type, Name;
    std::vector<Key> TypeKeys, NameKeys;
  };
  Object &object(const Key &K, clang::SourceRange Where,
                 const clang::VarDecl *Root, ExtractContext &Ctx);
  void storeInto(const clang::MemberExpr &Field, const Key &Obj,
                 const clang::VarDecl *Root, clang::SourceRange Where,
                 const clang::Expr *Value, ExtractContext &Ctx);
  void noteEscape(const clang::Expr *E);

  llvm::StringMap<size_t> Index;
  std::vector<Object> Objects;
  std::vector<Key> Order;
  llvm::DenseSet<const clang::VarDecl *> Escaped;
};

} // namespace afalg

#endif
