/*
 * Kernel crypto API (AF_ALG) helper object shared by the hasher, signer and
 * crypter wrappers of the af_alg plugin.
 *
 * Modelled on an IKE daemon's crypto plugin; written for the afalg-scan
 * evaluation corpus.
 */

#ifndef AF_ALG_OPS_H_
#define AF_ALG_OPS_H_

#include <library.h>	/* chunk_t, bool, DBG1: not shipped with the plugin */

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/if_alg.h>

#ifndef AF_ALG
#define AF_ALG		38
#endif

#ifndef SOL_ALG
#define SOL_ALG		279
#endif

typedef struct af_alg_ops_t af_alg_ops_t;

/* one transform socket plus, for hashes, a long-lived operation socket */
struct af_alg_ops_t {

	/** feed data; with out != NULL finish and read outlen bytes */
	bool (*hash)(af_alg_ops_t *this, chunk_t data, char *out, size_t outlen);

	/** drop a half-finished hash */
	void (*reset)(af_alg_ops_t *this);

	/** one skcipher operation (ALG_OP_ENCRYPT / ALG_OP_DECRYPT) */
	bool (*crypt)(af_alg_ops_t *this, uint32_t type, chunk_t iv, chunk_t data,
				  char *out);

	/** ALG_SET_KEY on the transform */
	bool (*set_key)(af_alg_ops_t *this, chunk_t key);

	void (*destroy)(af_alg_ops_t *this);
};

/* type: "hash" or "skcipher"; alg: kernel algorithm name */
af_alg_ops_t *af_alg_ops_create(char *type, char *alg);

#endif /* AF_ALG_OPS_H_ */
