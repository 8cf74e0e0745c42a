#ifndef AFALG_CONFIG_PATHFILTER_H
#define AFALG_CONFIG_PATHFILTER_H

#include "Config.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/GlobPattern.h"

namespace afalg {

/// The paths.include / paths.exclude globs of a configuration, matched
/// gitignore-style against paths relative to the config file's directory:
/// `*`, `?`, `[...]` and `{a,b}` stay within one path segment, `**` spans
/// any number of segments, a pattern without '/' matches at any depth, and
/// a pattern that matches a directory matches everything below it.
class PathFilter {
public:
  explicit PathFilter(const Config &C);
  PathFilter(const PathFilter &) = delete;
  PathFilter &operator=(const PathFilter &) = delete;

  /// Whether the absolute path File is an input: not excluded, and
  /// included when there are include globs. Files outside the config's
  /// directory are not governed by its globs.
  bool selects(llvm::StringRef File) const;

  /// Why Pattern is not a valid glob, for the config parser.
  static llvm::Error check(llvm::StringRef Pattern);

private:
  struct Glob {
    std::vector<std::optional<llvm::GlobPattern>> Segments; // nullopt: **
    bool Anywhere = false;
  };
  static llvm::Expected<Glob> compile(llvm::StringRef Pattern,
                                      llvm::BumpPtrAllocator &Alloc);
  static bool matches(const Glob &G, llvm::ArrayRef<llvm::StringRef> Path);

  // GlobPattern keeps StringRefs into its pattern text: the text lives here.
  llvm::BumpPtrAllocator Alloc;
  std::vector<Glob> Include, Exclude;
  std::string Base;
};

} // namespace afalg

#endif
