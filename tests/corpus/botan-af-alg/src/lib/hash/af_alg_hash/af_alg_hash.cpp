/*
* Hash functions computed by the kernel
*/

#include "af_alg_hash.h"

#include <map>

namespace Botan {

namespace {

struct Kernel_Hash_Entry
   {
   const char* kernel_name;
   size_t output_length;
   };

const std::map<std::string, Kernel_Hash_Entry>& kernel_hashes()
   {
   static const std::map<std::string, Kernel_Hash_Entry> table = {
      { "SHA-1",   { "sha1",   20 } },
      { "SHA-256", { "sha256", 32 } },
      { "SHA-384", { "sha384", 48 } },
      { "SHA-512", { "sha512", 64 } },
      { "SM3",     { "sm3",    32 } },
   };
   return table;
   }

}

std::unique_ptr<HashFunction> AF_Alg_HashFunction::create(const std::string& name)
   {
   const auto i = kernel_hashes().find(name);
   if(i == kernel_hashes().end())
      return nullptr;
   try
      {
      return std::unique_ptr<HashFunction>(
         new AF_Alg_HashFunction(name, i->second.kernel_name, i->second.output_length));
      }
   catch(Lookup_Error&)
      {
      return nullptr;   // this kernel does not have it
      }
   }

AF_Alg_HashFunction::AF_Alg_HashFunction(const std::string& name, const std::string& kernel_name,
                         size_t output_length) :
   m_name(name),
   m_kernel_name(kernel_name),
   m_output_length(output_length),
   m_socket(new AF_Alg_Session("hash", kernel_name))
   {
   m_socket->start();
   }

std::unique_ptr<HashFunction> AF_Alg_HashFunction::new_object() const
   {
   return std::unique_ptr<HashFunction>(
      new AF_Alg_HashFunction(m_name, m_kernel_name, m_output_length));
   }

void AF_Alg_HashFunction::clear()
   {
   // an empty final message throws away any partial state
   m_socket->send_data(nullptr, 0, false);
   std::vector<uint8_t> discard(m_output_length);
   m_socket->recv_data(discard.data(), discard.size());
   }

void AF_Alg_HashFunction::add_data(const uint8_t input[], size_t length)
   {
   m_socket->send_data(input, length, true);
   }

void AF_Alg_HashFunction::final_result(uint8_t out[])
   {
   m_socket->send_data(nullptr, 0, false);
   m_socket->recv_data(out, m_output_length);
   }

}
