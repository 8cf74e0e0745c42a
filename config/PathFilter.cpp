#include "PathFilter.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"

namespace afalg {

namespace path = llvm::sys::path;

/// Brace alternatives per segment; far more than any real pattern needs,
/// small enough that a hostile config cannot blow up matching.
static constexpr size_t MaxBraceExpansions = 64;

static void splitSegments(llvm::StringRef P,
                          llvm::SmallVectorImpl<llvm::StringRef> &Out) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  P.split(Parts, '/');
  for (llvm::StringRef S : Parts)
    if (!S.empty() && S != ".")
      Out.push_back(S);
}

llvm::Expected<PathFilter::Glob>
PathFilter::compile(llvm::StringRef Pattern, llvm::BumpPtrAllocator &Alloc) {
  llvm::StringRef P = Pattern.trim();
  while (P.consume_front("./"))
    ;
  // gitignore: a trailing '/' only restricts to directories, and matching a
  // directory already covers its files; a leading '/' only anchors, and a
  // pattern with an inner '/' is anchored anyway.
  P = P.rtrim('/');
  Glob G;
  G.Anywhere = !P.starts_with("/") && !P.contains('/');
  llvm::SmallVector<llvm::StringRef, 8> Segs;
  splitSegments(P, Segs);
  if (Segs.empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "empty pattern");
  llvm::StringSaver Saver(Alloc);
  for (llvm::StringRef S : Segs) {
    if (S == "**") {
      G.Segments.emplace_back(std::nullopt);
      continue;
    }
    auto Pat = llvm::GlobPattern::create(Saver.save(S), MaxBraceExpansions);
    if (!Pat)
      return Pat.takeError();
    G.Segments.emplace_back(std::move(*Pat));
  }
  return G;
}

llvm::Error PathFilter::check(llvm::StringRef Pattern) {
  llvm::BumpPtrAllocator Scratch;
  auto G = compile(Pattern, Scratch);
  return G ? llvm::Error::success() : G.takeError();
}

/// Prefix semantics: once the pattern is used up, the rest of the path lies
/// below a matched directory.
static bool matchFrom(llvm::ArrayRef<std::optional<llvm::GlobPattern>> Pat,
                      llvm::ArrayRef<llvm::StringRef> Path) {
  if (Pat.empty())
    return true;
  if (!Pat.front()) { // **: zero or more segments
    for (size_t K = 0; K <= Path.size(); ++K)
      if (matchFrom(Pat.drop_front(), Path.drop_front(K)))
        return true;
    return false;
  }
  return !Path.empty() && Pat.front()->match(Path.front()) &&
         matchFrom(Pat.drop_front(), Path.drop_front());
}

bool PathFilter::matches(const Glob &G, llvm::ArrayRef<llvm::StringRef> Path) {
  if (!G.Anywhere)
    return matchFrom(G.Segments, Path);
  for (size_t K = 0; K < Path.size(); ++K)
    if (matchFrom(G.Segments, Path.drop_front(K)))
      return true;
  return false;
}

PathFilter::PathFilter(const Config &C) : Base(C.BaseDir) {
  // The parser validated every pattern, so compile cannot fail here; a
  // pattern that somehow does is ignored rather than matching everything.
  for (const std::string &P : C.Include)
    if (auto G = compile(P, Alloc))
      Include.push_back(std::move(*G));
    else
      llvm::consumeError(G.takeError());
  for (const std::string &P : C.Exclude)
    if (auto G = compile(P, Alloc))
      Exclude.push_back(std::move(*G));
    else
      llvm::consumeError(G.takeError());
}

bool PathFilter::selects(llvm::StringRef File) const {
  if (Include.empty() && Exclude.empty())
    return true;
  std::string Abs = path::convert_to_slash(File);
  std::string Dir = path::convert_to_slash(Base);
  llvm::StringRef Rel = Abs;
  if (Dir.empty() || !Rel.consume_front(Dir) ||
      !(Dir.back() == '/' || Rel.starts_with("/")))
    return true;
  llvm::SmallVector<llvm::StringRef, 8> Segs;
  splitSegments(Rel, Segs);
  for (const Glob &G : Exclude)
    if (matches(G, Segs))
      return false;
  if (Include.empty())
    return true;
  for (const Glob &G : Include)
    if (matches(G, Segs))
      return true;
  return false;
}

} // namespace afalg
