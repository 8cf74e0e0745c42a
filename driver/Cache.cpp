#include "Cache.h"
#include "model/FactsBinary.h"
#include "support/AtomicFile.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#ifndef AFALG_VERSION
#define AFALG_VERSION "0.0.0"
#endif

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

static constexpr llvm::StringLiteral Magic = "afalg-scan-cache";

llvm::Expected<std::unique_ptr<ResultCache>>
ResultCache::open(const std::string &Dir) {
  llvm::SmallString<256> Abs(Dir);
  fs::make_absolute(Abs);
  if (std::error_code EC = fs::create_directories(Abs))
    return llvm::createStringError(EC, "cannot use cache directory '%s': %s",
                                   Dir.c_str(), EC.message().c_str());
  return std::unique_ptr<ResultCache>(new ResultCache(std::string(Abs)));
}

std::string ResultCache::entryPath(const ExtractRequest &R,
                                   const ProjectInfo &P, FileStates *Files) {
  FileStates &FS = Files ? *Files : Own;
  auto fileHash = [&](const std::string &Path) { return FS.hash(Path); };
  llvm::SHA256 S;
  auto Add = [&](llvm::StringRef Part) {
    S.update(Part);
    S.update(llvm::StringRef("\0", 1)); // no two part lists hash alike
  };
  Add(Magic);
  Add(std::to_string(FormatVersion));
  Add(AFALG_VERSION);
  Add(LLVM_VERSION_STRING);
  Add(P.Root);
  Add(R.Audit ? "audit" : "database");
  Add(R.Directory);
  Add(R.File);
  Add(std::to_string(R.Args.size()));
  for (const std::string &A : R.Args) {
    Add(A);
    // A response file's flags are part of the command.
    if (llvm::StringRef(A).starts_with("@")) {
      llvm::SmallString<256> Rsp(A.substr(1));
      fs::make_absolute(R.Directory, Rsp);
      Add(fileHash(std::string(Rsp)));
    }
  }
  Add(std::to_string(R.KcapiPrefixes.size()));
  for (const std::string &K : R.KcapiPrefixes)
    Add(K);
  // The driver reads these; they change what the TU includes.
  for (const char *Var : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                          "OBJC_INCLUDE_PATH", "CCC_OVERRIDE_OPTIONS"})
    Add(llvm::sys::Process::GetEnv(Var).value_or("<unset>"));
  Add(fileHash(R.File));
  std::string Hex = llvm::toHex(S.final(), /*LowerCase=*/true).substr(0, 40);
  llvm::SmallString<256> Out(Dir);
  path::append(Out, "v" + std::to_string(FormatVersion), Hex.substr(0, 2),
               Hex + ".facts");
  return std::string(Out);
}

std::optional<TUFacts> ResultCache::lookup(const ExtractRequest &R,
                                           const ProjectInfo &P,
                                           FileStates *Files) {
  std::string Entry = entryPath(R, P, Files);
  auto Buf = llvm::MemoryBuffer::getFile(Entry, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf) {
    ++Misses;
    return std::nullopt;
  }
  auto Corrupted = [&] {
    ++Corrupt;
    ++Misses;
    return std::nullopt;
  };
  // Layout: magic and version, entry name, dependency count, one
  // "<hash> <path>" line per dependency, then the facts (FactsBinary.h).
  llvm::StringRef Text = (*Buf)->getBuffer();
  auto Line = [&] {
    auto [L, Rest] = Text.split('\n');
    Text = Rest;
    return L;
  };
  if (Line() != (Magic + " " + std::to_string(FormatVersion)).str() ||
      Line() != path::stem(Entry))
    return Corrupted();
  unsigned Count;
  if (Line().getAsInteger(10, Count) || Count > 1000000)
    return Corrupted();
  std::vector<std::pair<std::string, std::string>> Deps;
  for (unsigned I = 0; I < Count; ++I) {
    auto [Hash, File] = Line().split(' ');
    if (Hash.empty() || File.empty())
      return Corrupted();
    Deps.push_back({File.str(), Hash.str()});
  }
  for (const auto &[File, Hash] : Deps)
    if ((Files ? *Files : Own).hash(File) != Hash) {
      ++Stale;
      ++Misses;
      return std::nullopt;
    }
  auto F = factsFromBinary(Text, Entry);
  if (!F) {
    llvm::consumeError(F.takeError());
    return Corrupted();
  }
  F->MainFile = R.File;
  F->AllFiles = std::move(Deps);
  ++Hits;
  return std::move(*F);
}

void ResultCache::store(const ExtractRequest &R, const ProjectInfo &P,
                        const TUFacts &F, FileStates *Files) {
  // Without the list of files read, an entry could never be validated.
  if (F.Failed || F.AllFiles.empty())
    return;
  for (const auto &[File, Hash] : F.AllFiles)
    if (llvm::StringRef(File).contains('\n') || Hash.empty())
      return;
  std::string Entry = entryPath(R, P, Files);
  TUFacts C = F;
  C.MainFile.clear();
  C.AllFiles.clear();
  std::string Text =
      (Magic + " " + std::to_string(FormatVersion) + "\n" + path::stem(Entry) +
       "\n" + std::to_string(F.AllFiles.size()) + "\n")
          .str();
  for (const auto &[File, Hash] : F.AllFiles)
    Text += Hash + " " + File + "\n";
  Text += factsToBinary(C);

  // Atomic: concurrent runs never see half an entry.
  if (fs::create_directories(path::parent_path(Entry)))
    return;
  if (llvm::Error E = writeFileAtomically(Entry, Text)) {
    llvm::consumeError(std::move(E));
    return;
  }
  ++Stored;
}

ResultCache::Stats ResultCache::stats() const {
  return {Hits.load(), Misses.load(), Stale.load(), Corrupt.load(),
          Stored.load()};
}

} // namespace afalg
