#include "Checks.h"
#include "AcceptCheck.h"
#include "BindCheck.h"
#include "CmsgCheck.h"
#include "CompatCheck.h"
#include "IoCheck.h"
#include "KcapiCheck.h"
#include "OpensslEngineCheck.h"
#include "SetsockoptCheck.h"
#include "SockaddrCheck.h"
#include "SocketCheck.h"
#include "ZerocopyCheck.h"

namespace afalg {

std::vector<std::unique_ptr<Check>>
makeChecks(llvm::ArrayRef<std::string> KcapiPrefixes) {
  std::vector<std::unique_ptr<Check>> C;
  // Socket and accept first: they name call results that later checks and
  // the flow extraction refer to.
  C.push_back(std::make_unique<SocketCheck>());
  C.push_back(std::make_unique<AcceptCheck>());
  C.push_back(std::make_unique<BindCheck>());
  C.push_back(std::make_unique<CmsgCheck>());
  C.push_back(std::make_unique<CompatCheck>());
  C.push_back(std::make_unique<IoCheck>());
  C.push_back(std::make_unique<KcapiCheck>(KcapiPrefixes));
  C.push_back(std::make_unique<OpensslEngineCheck>());
  C.push_back(std::make_unique<SetsockoptCheck>());
  C.push_back(std::make_unique<SockaddrCheck>());
  C.push_back(std::make_unique<ZerocopyCheck>());
  return C;
}

} // namespace afalg
