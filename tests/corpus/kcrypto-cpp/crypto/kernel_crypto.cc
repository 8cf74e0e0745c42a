// Symmetric crypto through the kernel's AF_ALG sockets.

#include "crypto/kernel_crypto.h"

#include <linux/if_alg.h>
#include <string.h>

#include <vector>

namespace kcrypto {

namespace {

base::ScopedFD OpenTransform(const char* type, const std::string& name) {
  base::ScopedFD tfm(socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)); // expect: afalg-socket
  if (!tfm.is_valid())
    throw std::runtime_error("AF_ALG unavailable");

  sockaddr_alg addr = {};
  addr.salg_family = AF_ALG; // expect: afalg-sockaddr
  strncpy(reinterpret_cast<char*>(addr.salg_type), type, sizeof(addr.salg_type) - 1);
  name.copy(reinterpret_cast<char*>(addr.salg_name), sizeof(addr.salg_name) - 1);

  if (HANDLE_EINTR(bind(tfm.get(), reinterpret_cast<const sockaddr*>(&addr), // expect: afalg-bind
                        sizeof(addr))) != 0) {
    LOG(ERROR) << "kernel does not know " << name;
    return base::ScopedFD();
  }
  return tfm;
}

}  // namespace

std::unique_ptr<KernelCipher> KernelCipher::Create(const CipherConfig& config) {
  base::ScopedFD tfm =
      OpenTransform(config.tag_size > 0 ? "aead" : "skcipher", config.name);
  if (!tfm.is_valid())
    return nullptr;

  if (setsockopt(tfm.get(), SOL_ALG, ALG_SET_KEY, config.key.data(), // expect: afalg-setsockopt
                 config.key.size()) != 0)
    return nullptr;
  // The kernel reads the tag size from optlen; the pointer is ignored.
  if (config.tag_size > 0 &&
      setsockopt(tfm.get(), SOL_ALG, ALG_SET_AEAD_AUTHSIZE, nullptr, // expect: afalg-setsockopt
                 config.tag_size) != 0)
    return nullptr;

  base::ScopedFD op(HANDLE_EINTR(accept(tfm.get(), nullptr, nullptr))); // expect: afalg-accept [flow]
  if (!op.is_valid())
    return nullptr;

  // Direction and IV go in once, with no payload.
  std::vector<char> ctrl(CMSG_SPACE(4) + CMSG_SPACE(4 + config.iv.size()));
  msghdr msg = {};
  msg.msg_control = ctrl.data();
  msg.msg_controllen = ctrl.size();

  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_ALG; // expect: afalg-cmsg
  c->cmsg_type = ALG_SET_OP; // expect: afalg-cmsg
  c->cmsg_len = CMSG_LEN(4);
  *reinterpret_cast<uint32_t*>(CMSG_DATA(c)) =
      config.encrypt ? ALG_OP_ENCRYPT : ALG_OP_DECRYPT;

  c = CMSG_NXTHDR(&msg, c);
  c->cmsg_level = SOL_ALG; // expect: afalg-cmsg
  c->cmsg_type = ALG_SET_IV; // expect: afalg-cmsg
  c->cmsg_len = CMSG_LEN(4 + config.iv.size());
  auto* iv = reinterpret_cast<af_alg_iv*>(CMSG_DATA(c));
  iv->ivlen = config.iv.size();
  memcpy(iv->iv, config.iv.data(), config.iv.size());

  if (HANDLE_EINTR(sendmsg(op.get(), &msg, MSG_MORE)) < 0) // expect: afalg-io [flow]
    return nullptr;

  return std::unique_ptr<KernelCipher>(
      new KernelCipher(std::move(op), config.encrypt, config.tag_size));
}

KernelHmac::KernelHmac(const std::string& hash, const std::string& key)
    : tfm_(OpenTransform("hash", "hmac(" + hash + ")")) {
  if (!tfm_.is_valid() ||
      setsockopt(tfm_.get(), SOL_ALG, ALG_SET_KEY, key.data(), key.size()) != 0) // expect: afalg-setsockopt
    throw std::runtime_error("HMAC key rejected");
  op_.reset(HANDLE_EINTR(accept(tfm_.get(), nullptr, nullptr))); // expect: afalg-accept [flow]
}

void KernelHmac::Update(const struct iovec* iov, int iovcnt) {
  // writev() has no flags: use sendmsg() to keep the message open
  msghdr msg = {};
  msg.msg_iov = const_cast<struct iovec*>(iov);
  msg.msg_iovlen = iovcnt;
  if (HANDLE_EINTR(sendmsg(op_.get(), &msg, MSG_MORE)) < 0) // expect: afalg-io [flow]
    throw std::runtime_error("HMAC update failed");
}

std::string KernelHmac::Finish(size_t mac_size) {
  std::string mac(mac_size, '\0');
  struct iovec out = {&mac[0], mac.size()};

  HANDLE_EINTR(send(op_.get(), nullptr, 0, 0)); // expect: afalg-io [flow]
  if (HANDLE_EINTR(readv(op_.get(), &out, 1)) != static_cast<ssize_t>(mac_size)) // expect: afalg-io [flow]
    throw std::runtime_error("HMAC read failed");
  return mac;
}

}  // namespace kcrypto
