/*
 * ATT signed write: AES-CMAC over the PDU and the sign counter.
 */

#include <string.h>
#include <unistd.h>

#include "src/shared/util.h"	/* put_le32, put_be32 */
#include "crypto.h"
#include "crypto-private.h"

void bt_crypto_swap128(const uint8_t src[16], uint8_t dst[16])
{
	int i;

	for (i = 0; i < 16; i++)
		dst[15 - i] = src[i];
}

bool bt_crypto_sign_att(struct bt_crypto *crypto, const uint8_t key[16],
				const uint8_t *m, uint16_t m_len,
				uint32_t sign_cnt, uint8_t signature[12])
{
	uint16_t msg_len = m_len + sizeof(uint32_t);
	uint8_t msg[msg_len];
	uint8_t tmp[16], out[16];
	ssize_t len;
	int fd;

	if (!crypto)
		return false;

	memcpy(msg, m, m_len);
	put_le32(sign_cnt, msg + m_len);

	bt_crypto_swap128(key, tmp);
	fd = bt_crypto_alg_new(crypto->cmac_aes, tmp, 16);
	if (fd < 0)
		return false;

	len = send(fd, msg, msg_len, 0); // expect: afalg-io [flow]
	if (len >= 0)
		len = read(fd, out, 16); // expect: afalg-io [flow]
	close(fd);
	if (len < 0)
		return false;

	/* the counter replaces the least significant octets of the MAC */
	put_be32(sign_cnt, out + 8);
	bt_crypto_swap128(out, tmp);
	memcpy(signature, tmp + 4, 12);
	return true;
}
