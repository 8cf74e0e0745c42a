#ifndef AFALG_MATCHERS_FACTVISITOR_H
#define AFALG_MATCHERS_FACTVISITOR_H

#include "ExtractContext.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>

namespace afalg {

/// Walks one TU once: offers every call, assignment and declaration to the
/// checks and records the value-flow edges and string facts the link step
/// solves over. KcapiPrefixes: extra afalg-kcapi prefixes (see makeChecks).
void visitTranslationUnit(clang::ASTContext &AST, ExtractContext &Ctx,
                          llvm::ArrayRef<std::string> KcapiPrefixes = {});

} // namespace afalg

#endif
