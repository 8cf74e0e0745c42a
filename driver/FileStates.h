#ifndef AFALG_DRIVER_FILESTATES_H
#define AFALG_DRIVER_FILESTATES_H

#include "TextIndex.h"
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct stat;

namespace afalg {

/// What stat() says about a file: enough to tell that it did not change
/// since it was read, as git's index does. ctime is in it because no tool
/// can set it: content rewritten with the old size and mtime put back
/// (`cp -p`, `touch -r`, `rsync -t`) still has a new ctime.
struct FileStamp {
  uint64_t Size = 0, Ino = 0, Dev = 0;
  int64_t MTimeNs = 0, CTimeNs = 0;
  bool operator==(const FileStamp &O) const {
    return Size == O.Size && Ino == O.Ino && Dev == O.Dev &&
           MTimeNs == O.MTimeNs && CTimeNs == O.CTimeNs;
  }
  bool operator!=(const FileStamp &O) const { return !(*this == O); }
};

/// The content facts a scan needs of each file it reads: its xxh3 hash (the
/// result cache's dependency check) and its FileText (the prefilter), each
/// computed at most once per run and shared by both. With a record file (in
/// the cache directory), they also carry over to the next run: a file whose
/// stamp is unchanged is not read again.
///
/// Racy stamps (git's "racily clean" entries): a write in the same
/// timestamp tick as the one before it can leave the stamp unchanged. Every
/// write sets ctime to the current time, so a write after this run's stat
/// changes the stamp as long as the file's ctime was at least RacyWindowNs
/// older than the run's start: only such stamps are kept for the next
/// run; a file changed more recently is read (and hashed) again next time.
/// The window (3 s) must exceed the timestamp granularity plus the lag of
/// the kernel's coarse clock behind ours: FAT's 2 s timestamps are the
/// coarsest in common use, the lag is a scheduler tick. Not covered: stat()
/// results that lag the content (NFS attribute caching after another
/// client's write), as with make, ccache's direct mode or git.
class FileStates {
public:
  static constexpr int64_t DefaultRacyWindowNs = 3'000'000'000;

  /// Prefixes: the kcapi-like prefixes scanFileText() seeds on. Records:
  /// the record file to load now and save() to later; "" keeps everything
  /// in memory. NowNs: the run's start (tests set it; 0: the clock's).
  explicit FileStates(std::vector<std::string> Prefixes = {},
                      std::string Records = "",
                      int64_t RacyWindowNs = DefaultRacyWindowNs,
                      int64_t NowNs = 0);
  ~FileStates();

  /// xxh3 of the content as upper-case hex (llvm::utohexstr), "" when the
  /// file cannot be read. Thread-safe.
  std::string hash(const std::string &Path);
  /// The prefilter's view of the file. Thread-safe; the reference lives as
  /// long as this object. St: the file's stat() if the caller has it
  /// already (taken this run, before any read).
  const FileText &text(const std::string &Path,
                       const struct stat *St = nullptr);
  /// The FileText already known for Path this run, or null; no I/O.
  const FileText *knownText(const std::string &Path) const;

  /// Takes Hash (as hash() spells it) for Path from someone else's read
  /// that started at ReadStartNs (a parse: its dependency hashes), if the
  /// file has not changed since: its stamp is older than that start by the
  /// racy window. Saves reading it again next run.
  void adopt(const std::string &Path, llvm::StringRef Hash,
             int64_t ReadStartNs);

  /// The clock stamps are compared with (ns since the epoch).
  static int64_t clock();

  /// Writes the record file if this run learned a stamp worth keeping: the
  /// stamps of the files this run saw (unless racy), and those of earlier
  /// runs not seen for fewer than MaxAge saves. Atomic (a temporary file
  /// renamed into place): concurrent runs leave one run's whole records,
  /// each of which is checked against the file's stamp before use.
  void save();

  struct Stats {
    unsigned Read = 0;  ///< files read (and hashed or scanned) this run
    unsigned Known = 0; ///< files whose stamp matched a kept record
  };
  Stats stats() const { return {Read.load(), Known.load()}; }

  /// The record file a cache directory keeps for one project and set of
  /// prefixes.
  static std::string recordPath(const std::string &CacheDir,
                                const std::string &Root,
                                const std::vector<std::string> &Prefixes);

  /// Records not seen by this many consecutive saves are dropped: renamed
  /// or deleted files do not accumulate.
  static constexpr unsigned MaxAge = 8;

private:
  struct Entry {
    std::mutex M;
    bool Checked = false; ///< stat()ed this run
    bool Exists = false;  ///< stat() succeeded
    FileStamp Stamp;
    bool HasHash = false, HasText = false;
    bool Readable = true;
    uint64_t Hash = 0;
    FileText Text;
    bool Trusted = false; ///< the stamp is not racy: worth keeping
    unsigned Age = 0;     ///< saves since a run last saw the file
  };
  Entry &entry(const std::string &Path);
  /// stat()s the entry once per run; drops loaded content whose stamp
  /// differs. Call with E.M held.
  void check(const std::string &Path, Entry &E,
             const struct stat *St = nullptr);
  /// Reads the file into E (hash, and the text when WantText).
  void read(const std::string &Path, Entry &E, bool WantText);
  void load();

  std::vector<std::string> Prefixes;
  std::string Records;
  int64_t RacyWindowNs, NowNs;
  mutable std::mutex M;
  std::map<std::string, std::unique_ptr<Entry>> Entries;
  std::atomic<unsigned> Read{0}, Known{0};
  std::atomic<bool> Dirty{false};
};

} // namespace afalg

#endif
