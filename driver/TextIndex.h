#ifndef AFALG_DRIVER_TEXTINDEX_H
#define AFALG_DRIVER_TEXTINDEX_H

#include "Paths.h"
#include "matchers/Extractor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace afalg {

/// What the prefilter knows about one file from its text alone (a raw
/// lex: no preprocessing, so inactive #if code and macro bodies count).
struct FileText {
  /// An AF_ALG token, a socket()/setsockopt()/syscall() call that might
  /// be one, a suppression directive: the file can hold a finding.
  bool Seed = false;
  /// The text cannot be judged (unreadable, binary, a computed #include):
  /// any TU that reads it is parsed.
  bool Doubt = false;
  /// The text spells "afalg-scan:" or "NOLINT": it may hold a suppression
  /// directive. Without either, suppression parsing can skip the file.
  bool Directives = false;
  std::string Hash; ///< xxh3 hex of the content, as TUFacts::FileHashes
  /// Hashes of every identifier spelled (sorted, unique). 32 bits: a
  /// collision only makes a TU look relevant, never the reverse.
  std::vector<uint32_t> Idents;
  /// Identifiers next to a ## in a #define: the macro can make a name
  /// that is never spelled, so a name containing one of these matches.
  std::vector<std::string> Pasted;
  struct Include {
    std::string Name;
    bool Angled = false, Next = false;
  };
  std::vector<Include> Includes;
};

/// Scans one file's text (exposed for tests). ExtraPrefixes: identifier
/// prefixes that are AF_ALG tokens too (the config's kcapi-like-apis).
FileText scanFileText(llvm::StringRef Buffer,
                      llvm::ArrayRef<std::string> ExtraPrefixes = {});
uint32_t identHash(llvm::StringRef Name);

/// A project file in some TU's text: its project-relative path and hash.
struct ProjectFile {
  std::string Rel, Hash;
};

/// The files a TU reads, as far as its text shows: the main file, forced
/// includes, and every #include (active or not) that resolves through the
/// TU's own search path. System directories outside the project are not
/// followed: nothing in them is reported or carries project data flow.
/// The pointers live as long as the TextIndex that made them.
struct TUText {
  std::vector<const FileText *> Files;
  /// The project files among them (not reached through a system directory).
  std::vector<const ProjectFile *> ProjectFiles;
  bool Doubt = false; ///< flags the index cannot follow (response files...)
};

class FileStates;

/// Memoised, thread-safe scans of the files of many TUs.
class TextIndex {
public:
  /// Scans files on its own, in memory.
  TextIndex(std::string Root, std::vector<std::string> ExtraPrefixes = {});
  /// Scans through States (driver/FileStates.h), which may know files from
  /// an earlier run; States' prefixes are the ones that count.
  TextIndex(std::string Root, FileStates &States);
  ~TextIndex();
  TUText closure(const ExtractRequest &R);

private:
  struct Node;
  /// How an include edge sets the "reached through a system directory"
  /// flag of the file it reaches.
  enum class Via : uint8_t { Inherit, User, System };
  struct Edge {
    Node *To;
    Via How;
  };
  /// One existing file, by real path: its text, and the files its
  /// #includes reach under each search path (most TUs of a tree share one
  /// search path, so a header's includes are resolved once, not per TU).
  struct Node {
    std::string Real;
    bool HasStat = false;
    struct stat St; ///< when HasStat: stat() of Real, taken by resolve()
    /// Set once, under M (not std::call_once: glibc's wakes waiters with
    /// a futex call every time, a syscall per file of a warm run).
    std::atomic<const FileText *> Text{nullptr};
    ProjectFile Project; ///< Rel "" when outside the root
    std::mutex M;
    std::map<unsigned, std::vector<Edge>> Edges; ///< by search path id
  };
  struct SearchPath;
  static SearchPath searchPath(const ExtractRequest &R, llvm::StringRef Root);
  Node *resolve(llvm::StringRef Path);
  std::string realDir(const std::string &Dir);
  const FileText &text(Node &N);
  /// Id: searchPathId(S), once per TU rather than per file.
  const std::vector<Edge> &edges(Node &N, const SearchPath &S, unsigned Id);
  unsigned searchPathId(const SearchPath &S);

  std::string Root;
  std::unique_ptr<FileStates> Own;
  FileStates &States;
  std::mutex M;
  llvm::StringMap<Node *> Candidates;           ///< null when missing
  llvm::StringMap<std::unique_ptr<Node>> Nodes; ///< by real path
  std::mutex DirsM;
  RealDirs Dirs; ///< driver/Paths.h
  llvm::StringMap<unsigned> SearchPaths;
};

} // namespace afalg

#endif
