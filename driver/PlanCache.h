#ifndef AFALG_DRIVER_PLANCACHE_H
#define AFALG_DRIVER_PLANCACHE_H

#include "Paths.h"
#include "matchers/Extractor.h"
#include "model/Finding.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace afalg {

/// What reading, checking and sanitising a compile database produced, and
/// the file-system answers it relied on (re-asking them all on the next
/// run proves that reading the database again would give the same plan).
struct DbPlan {
  std::vector<ExtractRequest> Sources;
  std::vector<InputError> Errors;
  std::vector<FsCheck> Checks;
};

/// Keeps the last DbPlan of each (database, scan) slot in the result cache
/// directory, so that a re-run reads the database's bytes once instead of
/// parsing, checking and sanitising thousands of commands (a sixth of a
/// one-file re-run on a 2000-TU tree).
///
/// The slot is named by a SHA-256 of everything but the content: tool
/// version, database path, project root, working directory, PATHs, extra
/// arguments. The entry holds an xxh3-128 digest of the database's bytes
/// and is used only when it matches and every FsCheck still holds.
/// Entries end with a checksum; anything unexpected is a miss, never an
/// error. Written to a temporary file and renamed into place.
class PlanCache {
public:
  /// Dir: the result cache directory (plans go to Dir/plans).
  PlanCache(std::string Dir, llvm::ArrayRef<std::string> SlotParts);

  /// The plan for a database with these bytes, if one was stored and the
  /// file system still agrees with it.
  std::optional<DbPlan> lookup(llvm::StringRef Content) const;
  void store(llvm::StringRef Content, const DbPlan &Plan) const;

  /// Where the slot's entry lives (tests).
  const std::string &path() const { return Path; }

private:
  std::string Path;
};

/// The entry format, exposed for the fuzz target and tests: a plan encoded
/// with the database digest, and its strict decoder.
std::string encodePlan(llvm::StringRef Digest, const DbPlan &Plan);
std::optional<DbPlan> decodePlan(llvm::StringRef Bytes, llvm::StringRef Digest);

} // namespace afalg

#endif
