// Symmetric crypto through the kernel's AF_ALG sockets.

#ifndef CRYPTO_KERNEL_CRYPTO_H_
#define CRYPTO_KERNEL_CRYPTO_H_

#include <sys/socket.h>
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "base/logging.h"
#include "base/scoped_fd.h"

namespace kcrypto {

struct CipherConfig {
  std::string name;      // kernel name, e.g. "gcm(aes)"
  std::string iv;
  std::string key;
  bool encrypt = true;
  int tag_size = 0;      // > 0 selects the "aead" type
};

// One operation socket; the transform is closed once it has been accepted.
class KernelCipher {
 public:
  static std::unique_ptr<KernelCipher> Create(const CipherConfig& config);

  // Feeds one complete chunk and returns the transformed bytes.
  template <class Buffer>
  std::string Process(const Buffer& data) {
    if (tag_size_ && !encrypt_ && static_cast<int>(data.size()) < tag_size_)
      throw std::runtime_error("input shorter than the tag");
    ssize_t rc = HANDLE_EINTR(send(op_.get(), data.data(), data.size(), 0)); // expect: afalg-io [flow]
    if (rc != static_cast<ssize_t>(data.size()))
      throw std::runtime_error("AF_ALG send failed");

    std::string result(data.size() + (encrypt_ ? tag_size_ : -tag_size_), '\0');
    rc = HANDLE_EINTR(read(op_.get(), &result[0], result.size())); // expect: afalg-io [flow]
    if (rc != static_cast<ssize_t>(result.size()))
      throw std::runtime_error("AF_ALG read failed");
    return result;
  }

 private:
  KernelCipher(base::ScopedFD op, bool encrypt, int tag_size)
      : op_(std::move(op)), encrypt_(encrypt), tag_size_(tag_size) {}

  base::ScopedFD op_;
  const bool encrypt_;
  const int tag_size_;
};

class KernelHmac {
 public:
  KernelHmac(const std::string& hash, const std::string& key);
  void Update(const struct iovec* iov, int iovcnt);
  std::string Finish(size_t mac_size);

 private:
  base::ScopedFD tfm_;
  base::ScopedFD op_;
};

}  // namespace kcrypto

#endif  // CRYPTO_KERNEL_CRYPTO_H_
