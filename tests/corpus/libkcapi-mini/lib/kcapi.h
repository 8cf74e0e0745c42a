/* Public interface (excerpt) of a userspace wrapper library for the Linux
 * kernel crypto API (afalg-scan evaluation corpus). */

#ifndef _KCAPI_H
#define _KCAPI_H

#include <stdint.h>
#include <sys/types.h>

struct kcapi_handle;

int kcapi_md_init(struct kcapi_handle **handle, const char *ciphername,
		  uint32_t flags);
int kcapi_md_setkey(struct kcapi_handle *handle, const uint8_t *key,
		    uint32_t keylen);
ssize_t kcapi_md_update(struct kcapi_handle *handle, const uint8_t *buffer,
			size_t len);
ssize_t kcapi_md_final(struct kcapi_handle *handle, uint8_t *buffer,
		       size_t len);
void kcapi_md_destroy(struct kcapi_handle *handle);
ssize_t kcapi_md_sha256(const uint8_t *in, size_t inlen, uint8_t *out,
			size_t outlen);

#endif /* _KCAPI_H */
