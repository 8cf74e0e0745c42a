#ifndef AFALG_DRIVER_TEXTINDEX_H
#define AFALG_DRIVER_TEXTINDEX_H

#include "matchers/Extractor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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

/// The files a TU reads, as far as its text shows: the main file, forced
/// includes, and every #include (active or not) that resolves through the
/// TU's own search path. System directories outside the project are not
/// followed: nothing in them is reported or carries project data flow.
struct TUText {
  std::vector<const FileText *> Files;
  /// Project-relative paths of the project files among them, with hashes.
  std::vector<std::pair<std::string, std::string>> ProjectFiles;
  bool Doubt = false; ///< flags the index cannot follow (response files...)
};

/// Memoised, thread-safe scans of the files of many TUs.
class TextIndex {
public:
  TextIndex(std::string Root, std::vector<std::string> ExtraPrefixes = {})
      : Root(std::move(Root)), ExtraPrefixes(std::move(ExtraPrefixes)) {}
  TUText closure(const ExtractRequest &R);

private:
  struct Entry {
    std::once_flag Once;
    FileText Text;
  };
  const FileText &file(const std::string &Path);
  std::string resolve(const std::string &Path);

  std::string Root;
  std::vector<std::string> ExtraPrefixes;
  std::mutex M;
  std::map<std::string, std::unique_ptr<Entry>> Files;
  std::map<std::string, std::string> RealPaths; ///< "" when missing
};

} // namespace afalg

#endif
