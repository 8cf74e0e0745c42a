/*
* Hash functions computed by the kernel
*/

#ifndef BOTAN_AF_ALG_HASH_H_
#define BOTAN_AF_ALG_HASH_H_

#include <botan/hash.h>
#include <memory>
#include <string>
#include <vector>

#include "../../utils/af_alg/af_alg_util.h"

namespace Botan {

class AF_Alg_HashFunction final : public HashFunction
   {
   public:
      static std::unique_ptr<HashFunction> create(const std::string& name);

      std::string name() const override { return m_name; }
      size_t output_length() const override { return m_output_length; }
      std::unique_ptr<HashFunction> new_object() const override;
      void clear() override;

   private:
      AF_Alg_HashFunction(const std::string& name, const std::string& kernel_name,
                  size_t output_length);

      void add_data(const uint8_t input[], size_t length) override;
      void final_result(uint8_t out[]) override;

      std::string m_name;
      std::string m_kernel_name;
      size_t m_output_length;
      std::unique_ptr<AF_Alg_Session> m_socket;
   };

}

#endif
