// Record protection for the local update channel; the pre-shared key file
// is read through the same ScopedFD helper.

#include <fcntl.h>

#include <string>
#include <vector>

#include "base/scoped_fd.h"
#include "crypto/kernel_crypto.h"

namespace channel {

std::string LoadKey(const std::string& path) {
  base::ScopedFD file(HANDLE_EINTR(open(path.c_str(), O_RDONLY | O_CLOEXEC)));
  std::string key(32, '\0');
  if (!file.is_valid() ||
      HANDLE_EINTR(read(file.get(), &key[0], key.size())) != 32)
    return std::string();
  return key;
}

std::string Seal(const std::string& key, const std::string& nonce,
                 const std::string& record) {
  kcrypto::CipherConfig config;
  config.name = "gcm(aes)";
  config.key = key;
  config.iv = nonce;
  config.tag_size = 16;

  auto cipher = kcrypto::KernelCipher::Create(config);
  return cipher ? cipher->Process(record) : std::string();
}

std::string Unseal(const std::string& key, const std::string& nonce,
                   const std::vector<uint8_t>& sealed) {
  kcrypto::CipherConfig config;
  config.name = "gcm(aes)";
  config.key = key;
  config.iv = nonce;
  config.encrypt = false;
  config.tag_size = 16;

  auto cipher = kcrypto::KernelCipher::Create(config);
  return cipher ? cipher->Process(sealed) : std::string();
}

std::string Authenticate(const std::string& key, const std::string& record) {
  kcrypto::KernelHmac hmac("sha256", key);
  struct iovec iov = {const_cast<char*>(record.data()), record.size()};

  hmac.Update(&iov, 1);
  return hmac.Finish(32);
}

}  // namespace channel
