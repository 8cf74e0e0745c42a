/*
 * Command line HMAC tool: kcapi-hmac -k <hexkey> [-n hmac(sha256)] <file>
 * A consumer of the library; every kcapi_* call crosses into it.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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
	const char *name = "hmac(sha256)";
	uint8_t key[64], mac[64], selftest[32];
	uint32_t keylen = 0;
	int opt, ret;

	while ((opt = getopt(argc, argv, "k:n:v")) != -1) {
		switch (opt) {
		case 'k':
			keylen = hex2bin(optarg, key, sizeof(key));
			break;
		case 'n':
			name = optarg;
			break;
		case 'v':
			kcapi_set_verbosity(2); // expect: afalg-kcapi
			break;
		default:
			return 1;
		}
	}
	if (optind >= argc || !keylen)
		return 1;

	if (kcapi_md_sha256((const uint8_t *)"abc", 3, selftest, sizeof(selftest)) < 0) { // expect: afalg-kcapi
		fprintf(stderr, "kernel SHA-256 self test failed\n");
		return 1;
	}

	ret = hmac_file(name, key, keylen, argv[optind], mac, sizeof(mac));
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", argv[optind], strerror(-ret));
		return 1;
	}
	bin2print(mac, ret);
	return 0;
}
