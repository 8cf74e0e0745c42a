#ifndef AFALG_MATCHERS_OBJECTKEY_H
#define AFALG_MATCHERS_OBJECTKEY_H

#include "ExtractContext.h"

namespace afalg {

/// Key of the whole object an lvalue belongs to: `u.alg`, `u.sa` and `u`
/// are one object, so the sockaddr filled through one union member and the
/// address bound through another meet. "" when unknown.
Key objectKeyOfLvalue(const clang::Expr *E, ExtractContext &Ctx);
/// Key of the object a pointer expression points to (`&sa`, `sa_ptr`).
Key objectKeyOfPointer(const clang::Expr *E, ExtractContext &Ctx);
/// The variable at the root of an lvalue or `&lvalue`, if any.
const clang::VarDecl *rootVar(const clang::Expr *E);

/// The record type E has or points to (through arrays and pointers).
const clang::RecordDecl *recordOf(clang::QualType T);
/// Does RD name a sockaddr_alg, or is it a union holding one?
bool isSockaddrAlg(const clang::RecordDecl *RD);
bool isUnionWithSockaddrAlg(const clang::RecordDecl *RD);

} // namespace afalg

#endif
