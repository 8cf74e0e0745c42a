/*
* Blocking TCP client socket used by the TLS command line tools
*/

#include <botan/internal/socket.h>
#include <botan/exceptn.h>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstring>
#include <string>

namespace Botan {

namespace {

class Tcp_Client_Socket final
   {
   public:
      Tcp_Client_Socket(const std::string& host, const std::string& service)
         {
         addrinfo hints;
         std::memset(&hints, 0, sizeof(hints));
         hints.ai_family = AF_UNSPEC;
         hints.ai_socktype = SOCK_STREAM;
         addrinfo* res = nullptr;

         if(::getaddrinfo(host.c_str(), service.c_str(), &hints, &res) != 0)
            throw Exception("Name resolution failed for " + host);

         for(addrinfo* rp = res; rp != nullptr && m_fd < 0; rp = rp->ai_next)
            {
            m_fd = ::socket(rp->ai_family, rp->ai_socktype, rp->ai_protocol);
            if(m_fd >= 0 && ::connect(m_fd, rp->ai_addr, rp->ai_addrlen) != 0)
               {
               ::close(m_fd);
               m_fd = -1;
               }
            }
         ::freeaddrinfo(res);
         if(m_fd < 0)
            throw Exception("Connecting to " + host + " failed");
         }

      ~Tcp_Client_Socket() { ::close(m_fd); }

      void write(const uint8_t buf[], size_t len)
         {
         while(len > 0)
            {
            const ssize_t sent = ::send(m_fd, buf, len, MSG_NOSIGNAL);
            if(sent <= 0)
               throw Exception("Socket write failed");
            buf += sent;
            len -= sent;
            }
         }

      size_t read(uint8_t buf[], size_t len)
         {
         const ssize_t got = ::read(m_fd, buf, len);
         if(got < 0)
            throw Exception("Socket read failed");
         return static_cast<size_t>(got);
         }

   private:
      int m_fd = -1;
   };

}

}
