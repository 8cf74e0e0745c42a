#include "PlanCache.h"
#include "FileMagic.h"
#include "support/AtomicFile.h"
#include "support/ByteCodec.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/xxhash.h"

namespace afalg {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

namespace {

constexpr unsigned FormatVersion = 1;

std::string magic() { return fileMagic("plan", FormatVersion); }

std::string digest(llvm::StringRef Content) {
  llvm::XXH128_hash_t H =
      llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Content));
  return llvm::utohexstr(H.high64, /*LowerCase=*/true, 16) +
         llvm::utohexstr(H.low64, /*LowerCase=*/true, 16);
}

} // namespace

std::string encodePlan(llvm::StringRef Digest, const DbPlan &Plan) {
  ByteWriter W;
  W.str(Digest);
  W.u32(Plan.Checks.size());
  for (const FsCheck &C : Plan.Checks) {
    W.u8(C.K);
    W.str(C.In);
    W.str(C.Out);
  }
  W.u32(Plan.Sources.size());
  for (const ExtractRequest &R : Plan.Sources) {
    W.str(R.File);
    W.str(R.Directory);
    W.u32(R.Args.size());
    for (const std::string &A : R.Args)
      W.str(A);
  }
  W.u32(Plan.Errors.size());
  for (const InputError &E : Plan.Errors) {
    W.str(E.File);
    W.str(E.Message);
  }
  W.u64(llvm::xxh3_64bits(W.Out));
  return magic() + W.Out;
}

std::optional<DbPlan> decodePlan(llvm::StringRef Bytes,
                                 llvm::StringRef Digest) {
  if (!Bytes.consume_front(magic()) || Bytes.size() < 8)
    return std::nullopt;
  ByteReader Sum{Bytes.take_back(8)};
  llvm::StringRef Body = Bytes.drop_back(8);
  if (Sum.u64() != llvm::xxh3_64bits(Body))
    return std::nullopt; // truncated or garbled
  ByteReader In{Body};
  if (In.str() != Digest)
    return std::nullopt; // another version of the database
  DbPlan P;
  for (uint32_t I = 0, N = In.count(1 + 4 + 4); I < N && !In.Bad; ++I) {
    FsCheck C;
    uint8_t K = In.u8();
    if (K > FsCheck::DirStamp)
      return std::nullopt;
    C.K = FsCheck::Kind(K);
    C.In = In.str();
    C.Out = In.str();
    P.Checks.push_back(std::move(C));
  }
  for (uint32_t I = 0, N = In.count(4 + 4 + 4); I < N && !In.Bad; ++I) {
    ExtractRequest R;
    R.File = In.str();
    R.Directory = In.str();
    for (uint32_t J = 0, M = In.count(4); J < M && !In.Bad; ++J)
      R.Args.push_back(In.str());
    P.Sources.push_back(std::move(R));
  }
  for (uint32_t I = 0, N = In.count(4 + 4); I < N && !In.Bad; ++I) {
    InputError E;
    E.File = In.str();
    E.Message = In.str();
    P.Errors.push_back(std::move(E));
  }
  if (In.Bad || !In.In.empty())
    return std::nullopt;
  return P;
}

PlanCache::PlanCache(std::string Dir, llvm::ArrayRef<std::string> SlotParts) {
  llvm::SHA256 S;
  S.update(magic());
  for (const std::string &Part : SlotParts) {
    S.update(Part);
    S.update(llvm::StringRef("\0", 1)); // no two part lists hash alike
  }
  std::string Hex = llvm::toHex(S.final(), /*LowerCase=*/true).substr(0, 40);
  llvm::SmallString<256> P(Dir);
  path::append(P, "plans", Hex + ".plan");
  Path = std::string(P);
}

std::optional<DbPlan> PlanCache::lookup(llvm::StringRef Content) const {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  std::optional<DbPlan> P = decodePlan((*Buf)->getBuffer(), digest(Content));
  if (!P || !checksHold(P->Checks))
    return std::nullopt;
  return P;
}

void PlanCache::store(llvm::StringRef Content, const DbPlan &Plan) const {
  if (fs::create_directories(path::parent_path(Path)))
    return;
  // A cache: a run that cannot write it plans again next time.
  llvm::consumeError(
      writeFileAtomically(Path, encodePlan(digest(Content), Plan)));
}

} // namespace afalg
