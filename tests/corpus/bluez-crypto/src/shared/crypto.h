/*
 * Bluetooth LE security toolbox (ah, c1, s1, e, signing) backed by the
 * kernel crypto API.  Written for the afalg-scan evaluation corpus after
 * the shape of a Bluetooth stack's shared crypto helpers.
 */

#include <stdbool.h>
#include <stdint.h>

struct bt_crypto;

struct bt_crypto *bt_crypto_new(void);
struct bt_crypto *bt_crypto_ref(struct bt_crypto *crypto);
void bt_crypto_unref(struct bt_crypto *crypto);

bool bt_crypto_random_bytes(struct bt_crypto *crypto,
					uint8_t *buf, uint8_t num_bytes);
bool bt_crypto_e(struct bt_crypto *crypto, const uint8_t key[16],
			const uint8_t plaintext[16], uint8_t encrypted[16]);
bool bt_crypto_ah(struct bt_crypto *crypto, const uint8_t k[16],
			const uint8_t r[3], uint8_t hash[3]);
bool bt_crypto_sign_att(struct bt_crypto *crypto, const uint8_t key[16],
				const uint8_t *m, uint16_t m_len,
				uint32_t sign_cnt, uint8_t signature[12]);
