/*
 * afalg-scan evaluation corpus: LTP-style test library (SAFE_* macros that
 * call safe_*() functions taking __FILE__/__LINE__, tst_alg_* helpers).
 */
#include <unistd.h>
#include "safe_net.h"
#include "tst_af_alg.h"
static void run(void)
{
	char buf[16];
	int reqfd = tst_alg_setup_reqfd("skcipher", "salsa20", NULL, 0);
	SAFE_WRITE(1, reqfd, buf, 16); // expect: afalg-io [flow]
	SAFE_READ(0, reqfd, buf, 16); // expect: afalg-io [flow]
	close(reqfd);
}
static void decoy(void)
{
	char buf[16];
	int one = 1;
	int fd = SAFE_SOCKET(AF_INET, SOCK_STREAM, 0);
	SAFE_SETSOCKOPT(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	SAFE_WRITE(1, fd, buf, 16);
}
int main(void) { run(); decoy(); return 0; }
