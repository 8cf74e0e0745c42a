// The worker side of TU isolation and the request format. The parent side
// (spawning, reuse, timeouts) is in WorkerPool.cpp.

#include "Worker.h"
#include "model/FactsBinary.h"
#include "model/FactsJson.h"
#include "model/JsonBytes.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cerrno>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace afalg {

static IsolationOptions &isolationStorage() {
  static IsolationOptions O;
  return O;
}

void setIsolation(const IsolationOptions &O) {
  shutdownWorkers(); // they may run another executable
  isolationStorage() = O;
}

const IsolationOptions &isolation() { return isolationStorage(); }

TUFacts extractDispatch(const ExtractRequest &R, const ProjectInfo &Project) {
  const IsolationOptions &O = isolation();
  if (O.Executable.empty())
    return extractTU(R, Project);
  return extractIsolated(R, Project, O);
}

std::string requestToJson(const ExtractRequest &R, const ProjectInfo &P) {
  nlohmann::json J = {{"file", R.File},
                      {"directory", R.Directory},
                      {"args", R.Args},
                      {"audit", R.Audit},
                      {"kcapi_prefixes", R.KcapiPrefixes},
                      {"root", P.Root}};
  encodeJsonBytes(J); // paths are bytes, not necessarily UTF-8
  return J.dump(1) + "\n";
}

llvm::Error requestFromJson(llvm::StringRef Text, ExtractRequest &R,
                            ProjectInfo &P) {
  try {
    nlohmann::json J = nlohmann::json::parse(Text.begin(), Text.end());
    decodeJsonBytes(J);
    R.File = J.at("file").get<std::string>();
    R.Directory = J.at("directory").get<std::string>();
    R.Args = J.at("args").get<std::vector<std::string>>();
    R.Audit = J.at("audit").get<bool>();
    R.KcapiPrefixes = J.value("kcapi_prefixes", std::vector<std::string>{});
    P.Root = J.at("root").get<std::string>();
  } catch (const nlohmann::json::exception &E) {
    return llvm::createStringError(std::errc::invalid_argument,
                                   "not a valid extraction request: %s",
                                   E.what());
  }
  if (R.Args.empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "extraction request without a command");
  return llvm::Error::success();
}

/// One request file to one facts file; "" or why not. Binary facts
/// (model/FactsBinary.h) for the scan that spawned the server; JSON for a
/// person re-running one file with --extract-worker.
static std::string extractFiles(llvm::StringRef RequestPath,
                                llvm::StringRef FactsPath, bool Binary) {
  auto Buf = llvm::MemoryBuffer::getFile(RequestPath);
  if (!Buf)
    return "cannot read '" + RequestPath.str() +
           "': " + Buf.getError().message();
  ExtractRequest R;
  ProjectInfo P;
  if (llvm::Error E = requestFromJson((*Buf)->getBuffer(), R, P))
    return RequestPath.str() + ": " + llvm::toString(std::move(E));
  // No crash recovery here (main() does not enable it in worker mode): a
  // compiler crash ends the worker with its signal, which the parent
  // reports precisely, and leaves no half-broken state behind.
  TUFacts F = extractTU(R, P);
  std::error_code EC;
  llvm::raw_fd_ostream Out(FactsPath, EC);
  if (EC)
    return "cannot write '" + FactsPath.str() + "': " + EC.message();
  Out << (Binary ? factsToBinary(F) : factsToJson(F));
  Out.close();
  if (Out.has_error()) {
    Out.clear_error();
    return "cannot write '" + FactsPath.str() + "'";
  }
  return "";
}

int runExtractWorker(llvm::StringRef RequestPath, llvm::StringRef FactsPath,
                     llvm::raw_ostream &Err) {
  std::string Why = extractFiles(RequestPath, FactsPath, /*Binary=*/false);
  if (Why.empty())
    return 0;
  Err << "afalg-scan: error: " << Why << "\n";
  return 2;
}

static bool writeAll(int Fd, llvm::StringRef Data) {
  while (!Data.empty()) {
    ssize_t N = write(Fd, Data.data(), Data.size());
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data = Data.drop_front(N);
  }
  return true;
}

int runExtractServer(int Fd, llvm::StringRef RequestPath,
                     llvm::StringRef FactsPath) {
  std::string Line;
  char C;
  while (true) {
    ssize_t N = read(Fd, &C, 1);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return 0; // the scan is over (or gone)
    if (C != '\n') {
      if (Line.size() < 64)
        Line += C;
      continue;
    }
    std::string Reply = "error unknown command\n";
    if (Line == "go") {
      std::string Why = extractFiles(RequestPath, FactsPath, /*Binary=*/true);
      for (char &Ch : Why)
        if (Ch == '\n')
          Ch = ' ';
      Reply = Why.empty() ? "ok\n" : "error " + Why + "\n";
    }
    Line.clear();
    if (!writeAll(Fd, Reply))
      return 0;
  }
}

} // namespace afalg
