/*
* AF_ALG socket pair (transform + operation) owned by one object
* afalg-scan evaluation corpus, after a C++ crypto library's AF_ALG module
*/

#ifndef BOTAN_AF_ALG_UTIL_H_
#define BOTAN_AF_ALG_UTIL_H_

#include <botan/exceptn.h>
#include <sys/socket.h>
#include <linux/if_alg.h>
#include <unistd.h>
#include <cstring>
#include <string>

#ifndef SOL_ALG
  #define SOL_ALG 279
#endif

namespace Botan {

class AF_Alg_Session final
   {
   public:
      AF_Alg_Session(const std::string& type, const std::string& name)
         {
         m_algo_fd = ::socket(AF_ALG, SOCK_SEQPACKET, 0); // expect: afalg-socket
         if(m_algo_fd < 0)
            throw Exception("Creating AF_ALG socket failed");

         struct sockaddr_alg sa;
         std::memset(&sa, 0, sizeof(sa));
         sa.salg_family = AF_ALG; // expect: afalg-sockaddr
         if(type.size() >= sizeof(sa.salg_type) || name.size() >= sizeof(sa.salg_name))
            throw Exception("AF_ALG type/name too long");
         std::strcpy(reinterpret_cast<char*>(sa.salg_type), type.c_str());
         std::strcpy(reinterpret_cast<char*>(sa.salg_name), name.c_str());

         if(::bind(m_algo_fd, reinterpret_cast<struct sockaddr*>(&sa), sizeof(sa)) < 0) // expect: afalg-bind
            throw Lookup_Error("AF_ALG", name);
         }

      ~AF_Alg_Session()
         {
         ::close(m_algo_fd);
         if(m_op_fd >= 0)
            ::close(m_op_fd);
         }

      AF_Alg_Session(const AF_Alg_Session&) = delete;
      AF_Alg_Session& operator=(const AF_Alg_Session&) = delete;

      /* keyed algorithms: the key goes on the transform before accept() */
      void set_key(const uint8_t key[], size_t len)
         {
         if(::setsockopt(m_algo_fd, SOL_ALG, ALG_SET_KEY, key, len) < 0) // expect: afalg-setsockopt
            throw Invalid_Key_Length("AF_ALG", len);
         }

      void start()
         {
         if(m_op_fd < 0)
            m_op_fd = ::accept(m_algo_fd, nullptr, nullptr); // expect: afalg-accept [flow]
         if(m_op_fd < 0)
            throw Exception("Getting AF_ALG operation socket failed");
         }

      void send_data(const uint8_t buf[], size_t len, bool more) const
         {
         const int flags = more ? MSG_MORE : 0;
         const ssize_t wrote = ::send(m_op_fd, buf, len, flags); // expect: afalg-io [flow]

         if(wrote < 0 || static_cast<size_t>(wrote) != len)
            throw Exception("AF_ALG send truncated");
         }

      void recv_data(uint8_t buf[], size_t len) const
         {
         const ssize_t got = ::recv(m_op_fd, buf, len, 0); // expect: afalg-io [flow]

         if(got < 0 || static_cast<size_t>(got) != len)
            throw Exception("AF_ALG read truncated");
         }

   private:
      int m_algo_fd = -1;
      int m_op_fd = -1;
   };

}

#endif
