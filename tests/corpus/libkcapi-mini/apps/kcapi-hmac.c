/*
 * Command line HMAC tool built on the library: a consumer, so every
 * kcapi_* call here crosses into it.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kcapi.h>

#include "app-internal.h"	/* hex2bin(), bin2print() */

#define CHUNK 4096

static int hmac_file(const char *name, const uint8_t *key, uint32_t keylen,
		     const char *path, uint8_t *mac, size_t maclen)
{
	struct kcapi_handle *handle;
	uint8_t buf[CHUNK];
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	ret = kcapi_md_init(&handle, name, 0); // expect: afalg-kcapi
	if (ret)
		goto out;
	ret = kcapi_md_setkey(handle, key, keylen); // expect: afalg-kcapi
	if (ret)
		goto destroy;

	/* the input file is an ordinary descriptor */
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (kcapi_md_update(handle, buf, n) < 0) { // expect: afalg-kcapi
			ret = -EIO;
			goto destroy;
		}
	}
	ret = n < 0 ? -errno : (int)kcapi_md_final(handle, mac, maclen); // expect: afalg-kcapi

destroy:
	kcapi_md_destroy(handle); // expect: afalg-kcapi
out:
	close(fd);
	return ret;
}

int main(int argc, char *argv[])
{
	uint8_t key[64], mac[64], selftest[32];
	uint32_t keylen;
	int ret;

	/* kcapi-hmac <hexkey> <file> [kernel hmac name] */
	if (argc < 3 || !(keylen = hex2bin(argv[1], key, sizeof(key))))
		return 1;

	if (kcapi_md_sha256((const uint8_t *)"abc", 3, selftest, sizeof(selftest)) < 0) { // expect: afalg-kcapi
		fprintf(stderr, "kernel SHA-256 self test failed\n");
		return 1;
	}

	ret = hmac_file(argc > 3 ? argv[3] : "hmac(sha256)", key, keylen,
			argv[2], mac, sizeof(mac));
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", argv[2], strerror(-ret));
		return 1;
	}
	bin2print(mac, ret);
	return 0;
}
