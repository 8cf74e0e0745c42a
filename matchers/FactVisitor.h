#ifndef AFALG_MATCHERS_FACTVISITOR_H
#define AFALG_MATCHERS_FACTVISITOR_H

#include "ExtractContext.h"

namespace afalg {

/// Walks one TU once: offers every call, assignment and declaration to the
/// checks and records the value-flow edges and string facts the link step
/// solves over.
void visitTranslationUnit(clang::ASTContext &AST, ExtractContext &Ctx);

} // namespace afalg

#endif
