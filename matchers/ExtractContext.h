#ifndef AFALG_MATCHERS_EXTRACTCONTEXT_H
#define AFALG_MATCHERS_EXTRACTCONTEXT_H

#include "model/Facts.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace afalg {

/// Where the project is and how paths are shown; shared by every TU.
struct ProjectInfo {
  std::string Root; ///< absolute, no trailing slash
};

/// Per-TU state handed to every rule: the AST, the facts being built and
/// the helpers that all rules share (constant evaluation, keys, ranges).
class ExtractContext {
public:
  ExtractContext(clang::ASTContext &Ctx, const ProjectInfo &Project,
                 TUFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Project(Project), Out(Out) {}

  clang::ASTContext &ast() { return Ctx; }
  const clang::SourceManager &sm() const { return SM; }
  TUFacts &facts() { return Out; }

  /// The function being visited (null at file scope).
  const clang::FunctionDecl *CurrentFunction = nullptr;

  /// The file location a finding is reported at: the spelling for a macro
  /// argument, the outermost invocation for a macro body (DESIGN §2).
  clang::SourceLocation reportLoc(clang::SourceLocation L) const;
  /// The project-relative path of the file holding L, or "" when L is in a
  /// system header or outside the project root (never reported).
  std::string projectPath(clang::SourceLocation L) const;
  std::optional<Range> makeRange(clang::SourceRange R) const;

  /// Integer value of E if it is a constant, following const variables.
  std::optional<int64_t> evalInt(const clang::Expr *E) const;
  /// String constant E denotes (a literal, or a const char* initialised
  /// with one), if any.
  std::optional<std::string> evalString(const clang::Expr *E) const;
  /// Name of the macro E is spelled with, if E starts at a macro expansion.
  std::string macroNameAt(const clang::Expr *E) const;

  /// Keys of the storage E denotes or reads (several for a ?: operator).
  llvm::SmallVector<Key, 2> keysOf(const clang::Expr *E);
  std::string usr(const clang::Decl *D) const;
  Key paramKey(const clang::FunctionDecl *FD, unsigned I) const;
  /// Whether values can flow through FD's parameters and return value: not
  /// for library functions (declared in system headers, implicit, builtin),
  /// whose keys would otherwise join every caller's arguments.
  bool isProjectFunction(const clang::FunctionDecl *FD) const;
  Key returnKey(const clang::FunctionDecl *FD) const;
  /// The key of one call's result: "c:<file>:<offset>".
  Key callKey(const clang::CallExpr *CE) const;

  /// Records a site at the report location of E (or returns the one already
  /// there). Returns null when E is not in reportable code (system header,
  /// outside the root).
  Site *addSite(RuleId Rule, SiteKind Kind, const clang::Expr *E,
                llvm::StringRef Callee = "");
  Site *addSiteAt(RuleId Rule, SiteKind Kind, clang::SourceRange R,
                  llvm::StringRef Callee = "", llvm::StringRef IdSuffix = "");
  /// A site whose fate depends on an fd: its FdKey is a fresh key that every
  /// storage Fd may denote flows into.
  Site *addFdSite(RuleId Rule, SiteKind Kind, const clang::CallExpr &CE,
                  const clang::Expr *Fd, llvm::StringRef Callee);
  void addEdge(const Key &From, const Key &To);
  void addFlow(const clang::Expr *From, const Key &To);

  /// Remembers the site produced by a call so keysOf(call) finds it.
  void bindCallResult(const clang::CallExpr *CE, const Key &K) {
    CallResults[CE] = K;
  }
  std::string functionName() const;

private:
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  const ProjectInfo &Project;
  TUFacts &Out;
  llvm::DenseMap<const clang::CallExpr *, Key> CallResults;
  mutable llvm::DenseMap<clang::FileID, std::string> PathCache;
};

/// E without parentheses, casts, and the compound literal glibc wraps a
/// transparent-union argument in (bind/accept/connect with _GNU_SOURCE).
const clang::Expr *strip(const clang::Expr *E);

/// The callee's plain name ("read", "kcapi_md_init"), or "" for indirect
/// calls. Member functions of C++ classes are not libc calls: returns "".
llvm::StringRef calleeName(const clang::CallExpr *CE);

} // namespace afalg

#endif
