#include "FileStates.h"
#include "FileMagic.h"
#include "support/AtomicFile.h"
#include "support/ByteCodec.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <ctime>
#include <sys/stat.h>

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

constexpr unsigned FormatVersion = 1;
std::string magic() { return fileMagic("files", FormatVersion); }

enum : uint8_t {
  HasTextBit = 1,
  SeedBit = 2,
  DoubtBit = 4,
  DirectivesBit = 8,
  AngledBit = 1,
  NextBit = 2
};

} // namespace

FileStates::FileStates(std::vector<std::string> Prefixes, std::string Records,
                       int64_t RacyWindowNs, int64_t NowNs)
    : Prefixes(std::move(Prefixes)), Records(std::move(Records)),
      RacyWindowNs(RacyWindowNs), NowNs(NowNs ? NowNs : clock()) {
  if (!this->Records.empty())
    load();
}

FileStates::~FileStates() = default;

int64_t FileStates::clock() {
  struct timespec T;
  clock_gettime(CLOCK_REALTIME, &T);
  return int64_t(T.tv_sec) * 1'000'000'000 + T.tv_nsec;
}

std::string FileStates::recordPath(const std::string &CacheDir,
                                   const std::string &Root,
                                   const std::vector<std::string> &Prefixes) {
  llvm::SHA256 S;
  auto Add = [&](llvm::StringRef Part) {
    S.update(Part);
    S.update(llvm::StringRef("\0", 1));
  };
  Add(magic());
  Add(Root);
  for (const std::string &P : Prefixes)
    Add(P);
  std::string Hex = llvm::toHex(S.final(), /*LowerCase=*/true).substr(0, 40);
  llvm::SmallString<256> Out(CacheDir);
  path::append(Out, "v1", "files", Hex + ".stamps");
  return std::string(Out);
}

FileStates::Entry &FileStates::entry(const std::string &Path) {
  std::lock_guard<std::mutex> L(M);
  auto &Slot = Entries[Path];
  if (!Slot)
    Slot = std::make_unique<Entry>();
  return *Slot;
}

void FileStates::check(const std::string &Path, Entry &E,
                       const struct stat *Given) {
  if (E.Checked)
    return;
  E.Checked = true;
  bool Loaded = E.HasHash;
  FileStamp Old = E.Stamp;
  struct stat Own;
  const struct stat *St = Given;
  if (!St && ::stat(Path.c_str(), &Own) == 0)
    St = &Own;
  E.Exists = St != nullptr;
  if (E.Exists) {
    E.Stamp.Size = St->st_size;
    E.Stamp.Ino = St->st_ino;
    E.Stamp.Dev = St->st_dev;
    E.Stamp.MTimeNs =
        int64_t(St->st_mtim.tv_sec) * 1'000'000'000 + St->st_mtim.tv_nsec;
    E.Stamp.CTimeNs =
        int64_t(St->st_ctim.tv_sec) * 1'000'000'000 + St->st_ctim.tv_nsec;
  }
  if (!Loaded)
    return;
  if (E.Exists && E.Stamp == Old) {
    ++Known;
    return;
  }
  // A stale record is not worth a save of its own: it never matches again,
  // and the read below saves if it learns something to keep.
  E.HasHash = E.HasText = false;
  E.Text = FileText();
  E.Trusted = false;
}

void FileStates::read(const std::string &Path, Entry &E, bool WantText) {
  ++Read;
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  E.HasHash = true;
  E.Readable = static_cast<bool>(Buf);
  E.Trusted = false;
  if (!Buf) {
    E.Hash = 0;
    E.Text = FileText();
    E.Text.Doubt = true; // unreadable: the parse reports it
    E.HasText = true;
    return;
  }
  llvm::StringRef Text = (*Buf)->getBuffer();
  E.Hash = llvm::xxh3_64bits(Text);
  if (WantText) {
    E.Text = scanFileText(Text, Prefixes);
    E.HasText = true;
  }
  // Stamped before the read: a write in between changes the stamp that
  // the next run sees, so it reads the file again.
  int64_t Settled = NowNs - RacyWindowNs;
  E.Trusted =
      E.Exists && E.Stamp.CTimeNs <= Settled && E.Stamp.MTimeNs <= Settled;
  if (E.Trusted && !Records.empty())
    Dirty = true;
}

void FileStates::adopt(const std::string &Path, llvm::StringRef Hash,
                       int64_t ReadStartNs) {
  uint64_t H;
  if (Hash.getAsInteger(16, H) || llvm::utohexstr(H) != Hash)
    return; // not how hash() spells it
  Entry &E = entry(Path);
  std::lock_guard<std::mutex> L(E.M);
  check(Path, E);
  if (E.HasHash || !E.Exists)
    return;
  // Unchanged since before the read started: what was read is what the
  // stamp describes.
  int64_t Settled = std::min(ReadStartNs, NowNs) - RacyWindowNs;
  if (E.Stamp.CTimeNs > Settled || E.Stamp.MTimeNs > Settled)
    return;
  E.Hash = H;
  E.HasHash = E.Readable = E.Trusted = true;
  if (!Records.empty())
    Dirty = true;
}

std::string FileStates::hash(const std::string &Path) {
  Entry &E = entry(Path);
  std::lock_guard<std::mutex> L(E.M);
  check(Path, E);
  if (!E.HasHash)
    read(Path, E, /*WantText=*/false);
  return E.Readable ? llvm::utohexstr(E.Hash) : "";
}

const FileText &FileStates::text(const std::string &Path,
                                 const struct stat *St) {
  Entry &E = entry(Path);
  std::lock_guard<std::mutex> L(E.M);
  check(Path, E, St);
  if (!E.HasText)
    read(Path, E, /*WantText=*/true);
  return E.Text;
}

const FileText *FileStates::knownText(const std::string &Path) const {
  Entry *E;
  {
    std::lock_guard<std::mutex> L(M);
    auto It = Entries.find(Path);
    if (It == Entries.end())
      return nullptr;
    E = It->second.get();
  }
  std::lock_guard<std::mutex> L(E->M);
  return E->Checked && E->HasText ? &E->Text : nullptr;
}

void FileStates::load() {
  auto Buf = llvm::MemoryBuffer::getFile(Records, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return;
  llvm::StringRef All = (*Buf)->getBuffer();
  std::string Magic = magic();
  if (!All.consume_front(Magic) || All.size() < 8)
    return;
  ByteReader Sum{All.take_back(8)};
  llvm::StringRef Body = All.drop_back(8);
  if (Sum.u64() != llvm::xxh3_64bits(Body))
    return; // truncated or garbled: start afresh
  ByteReader In{Body};
  std::map<std::string, std::unique_ptr<Entry>> Got;
  uint32_t N = In.count(4 + 5 * 8 + 8 + 2);
  for (uint32_t I = 0; I < N && !In.Bad; ++I) {
    auto E = std::make_unique<Entry>();
    std::string Path = In.str();
    E->Stamp.Size = In.u64();
    E->Stamp.Ino = In.u64();
    E->Stamp.Dev = In.u64();
    E->Stamp.MTimeNs = int64_t(In.u64());
    E->Stamp.CTimeNs = int64_t(In.u64());
    E->Hash = In.u64();
    uint8_t Flags = In.u8();
    E->Age = In.u8();
    E->HasHash = E->Trusted = true;
    if (Flags & HasTextBit) {
      FileText &T = E->Text;
      E->HasText = true;
      T.Seed = Flags & SeedBit;
      T.Doubt = Flags & DoubtBit;
      T.Directives = Flags & DirectivesBit;
      T.Hash = llvm::utohexstr(E->Hash);
      uint32_t NI = In.count(4);
      T.Idents.reserve(NI);
      for (uint32_t K = 0; K < NI; ++K)
        T.Idents.push_back(In.u32());
      uint32_t NP = In.count(4);
      for (uint32_t K = 0; K < NP && !In.Bad; ++K)
        T.Pasted.push_back(In.str());
      uint32_t NInc = In.count(5);
      for (uint32_t K = 0; K < NInc && !In.Bad; ++K) {
        FileText::Include Inc;
        uint8_t IF = In.u8();
        Inc.Angled = IF & AngledBit;
        Inc.Next = IF & NextBit;
        Inc.Name = In.str();
        T.Includes.push_back(std::move(Inc));
      }
    }
    Got[Path] = std::move(E);
  }
  if (In.Bad || !In.In.empty())
    return;
  Entries = std::move(Got);
}

void FileStates::save() {
  if (Records.empty() || !Dirty)
    return;
  ByteWriter W;
  uint32_t Count = 0;
  ByteWriter Body;
  {
    std::lock_guard<std::mutex> L(M);
    for (const auto &[Path, EP] : Entries) {
      Entry &E = *EP;
      std::lock_guard<std::mutex> LE(E.M);
      unsigned Age = E.Checked ? 0 : E.Age + 1;
      if (E.Checked ? !(E.Exists && E.Trusted && E.Readable && E.HasHash)
                    : !E.HasHash || Age >= MaxAge)
        continue;
      ++Count;
      Body.str(Path);
      Body.u64(E.Stamp.Size);
      Body.u64(E.Stamp.Ino);
      Body.u64(E.Stamp.Dev);
      Body.u64(uint64_t(E.Stamp.MTimeNs));
      Body.u64(uint64_t(E.Stamp.CTimeNs));
      Body.u64(E.Hash);
      const FileText &T = E.Text;
      Body.u8((E.HasText ? HasTextBit : 0) | (T.Seed ? SeedBit : 0) |
              (T.Doubt ? DoubtBit : 0) | (T.Directives ? DirectivesBit : 0));
      Body.u8(Age);
      if (!E.HasText)
        continue;
      Body.u32(T.Idents.size());
      for (uint32_t H : T.Idents)
        Body.u32(H);
      Body.u32(T.Pasted.size());
      for (const std::string &P : T.Pasted)
        Body.str(P);
      Body.u32(T.Includes.size());
      for (const FileText::Include &I : T.Includes) {
        Body.u8((I.Angled ? AngledBit : 0) | (I.Next ? NextBit : 0));
        Body.str(I.Name);
      }
    }
  }
  W.u32(Count);
  W.Out += Body.Out;
  uint64_t Sum = llvm::xxh3_64bits(W.Out);
  W.u64(Sum);

  if (fs::create_directories(path::parent_path(Records)))
    return;
  // Records are a cache: a run that cannot write them reads files again.
  llvm::consumeError(writeFileAtomically(Records, magic() + W.Out));
}

} // namespace afalg
