/*
 * Internal state shared by crypto.c and crypto-sign.c.
 */

#include <sys/socket.h>

#ifndef PF_ALG
#include <linux/types.h>

/* old C libraries: carry our own copy of the UAPI definitions */
struct sockaddr_alg {
	__u16	salg_family;
	__u8	salg_type[14];
	__u32	salg_feat;
	__u32	salg_mask;
	__u8	salg_name[64];
};

struct af_alg_iv {
	__u32	ivlen;
	__u8	iv[0];
};

#define ALG_SET_KEY		1
#define ALG_SET_IV		2
#define ALG_SET_OP		3

#define ALG_OP_DECRYPT		0
#define ALG_OP_ENCRYPT		1

#define PF_ALG		38
#define AF_ALG		PF_ALG
#else
#include <linux/if_alg.h>
#endif

#ifndef SOL_ALG
#define SOL_ALG		279
#endif

struct bt_crypto {
	int ref_count;
	int ecb_aes;		/* skcipher ecb(aes) transform */
	int urandom;		/* /dev/urandom, plain file descriptor */
	int cmac_aes;		/* hash cmac(aes) transform */
};

/* set the key on a transform and return a fresh operation socket */
int bt_crypto_alg_new(int fd, const void *keyval, socklen_t keylen);

void bt_crypto_swap128(const uint8_t src[16], uint8_t dst[16]);
