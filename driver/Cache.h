#ifndef AFALG_DRIVER_CACHE_H
#define AFALG_DRIVER_CACHE_H

#include "FileStates.h"
#include "matchers/Extractor.h"
#include "model/Facts.h"
#include "llvm/Support/Error.h"
#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace afalg {

/// A persistent cache of per-TU facts (DESIGN §6), safe to share between
/// concurrent runs.
///
/// An entry is named by a SHA-256 of what decides the TU before it is
/// parsed: the tool and cache-format versions, the project root, the full
/// (sanitised) command line, its directory, the compiler environment
/// (CPATH, ...) and the main file's content. It holds the list of every
/// file the parse read, system headers included, with their xxh3 hashes,
/// then the facts. A lookup costs one small read plus one hash per listed
/// file (memoised for the run: TUs share most headers, and skipped for a
/// file whose stamp is that of an earlier run's hash: FileStates); the
/// entry is used only if every listed file still has its hash. Anything
/// unexpected in an entry makes it a miss, never an error.
///
/// Not detected (as in ccache's direct mode): a new header that would now
/// shadow one the TU read (same name, earlier in the search path), and a
/// header that was missing (audit mode) and now exists.
///
/// Entries are written to a temporary file and renamed into place, so a
/// reader sees a whole entry or none. Stored facts carry no MainFile
/// (restored from the request on lookup); the dependency list holds
/// absolute paths of this machine, so a cache directory is only useful on
/// machines with the same layout.
class ResultCache {
public:
  /// Bumped whenever the entry layout or the meaning of facts changes.
  static constexpr unsigned FormatVersion = 2;

  /// Uses DIR (created when missing); fails if it cannot be created.
  static llvm::Expected<std::unique_ptr<ResultCache>>
  open(const std::string &Dir);

  /// Files: where content hashes come from (driver/FileStates.h: they may
  /// be known from an earlier run by the files' stamps); null: this
  /// cache's own, once per run.
  std::optional<TUFacts> lookup(const ExtractRequest &R, const ProjectInfo &P,
                                FileStates *Files = nullptr);
  /// Stores facts of a finished parse; failed TUs (a crash, a timeout)
  /// are not stored, so they are retried next time.
  void store(const ExtractRequest &R, const ProjectInfo &P, const TUFacts &F,
             FileStates *Files = nullptr);

  /// Where R's entry lives (for tests and for `find -delete` pruning).
  std::string entryPath(const ExtractRequest &R, const ProjectInfo &P,
                        FileStates *Files = nullptr);

  /// The directory (absolute).
  const std::string &dir() const { return Dir; }

  struct Stats {
    unsigned Hits = 0, Misses = 0, Stale = 0, Corrupt = 0, Stored = 0;
  };
  Stats stats() const;

private:
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  std::string Dir;
  FileStates Own;
  std::atomic<unsigned> Hits{0}, Misses{0}, Stale{0}, Corrupt{0}, Stored{0};
};

} // namespace afalg

#endif
