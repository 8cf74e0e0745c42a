/*
 * afalg-scan evaluation corpus: LTP-style test library (SAFE_* macros that
 * call safe_*() functions taking __FILE__/__LINE__, tst_alg_* helpers).
 */
#include <linux/if_alg.h>
#include <string.h>
#include "safe_net.h"
#include "tst_af_alg.h"
int tst_alg_create(void)
{
	return SAFE_SOCKET(AF_ALG, SOCK_SEQPACKET, 0);
}
void tst_alg_bind_addr(int algfd, const struct sockaddr_alg *addr)
{
	SAFE_BIND(algfd, (const struct sockaddr *)addr, sizeof(*addr));
}
void tst_alg_bind(int algfd, const char *algtype, const char *algname)
{
	struct sockaddr_alg addr;
	memset(&addr, 0, sizeof(addr));
	addr.salg_family = AF_ALG; // expect: afalg-sockaddr
	strncpy((char *)addr.salg_type, algtype, sizeof(addr.salg_type));
	strncpy((char *)addr.salg_name, algname, sizeof(addr.salg_name));
	tst_alg_bind_addr(algfd, &addr);
}
void tst_alg_setkey(int algfd, const unsigned char *key, unsigned int keylen)
{
	SAFE_SETSOCKOPT(algfd, SOL_ALG, ALG_SET_KEY, key, keylen); // expect: afalg-setsockopt [flow]
}
int tst_alg_accept(int algfd)
{
	return SAFE_ACCEPT(algfd, NULL, 0);
}
int tst_alg_setup(const char *algtype, const char *algname, const unsigned char *key, unsigned int keylen)
{
	int algfd = tst_alg_create();
	tst_alg_bind(algfd, algtype, algname);
	if (key) tst_alg_setkey(algfd, key, keylen);
	return algfd;
}
int tst_alg_setup_reqfd(const char *algtype, const char *algname, const unsigned char *key, unsigned int keylen)
{
	int algfd = tst_alg_setup(algtype, algname, key, keylen);
	int reqfd = tst_alg_accept(algfd);
	return reqfd;
}
