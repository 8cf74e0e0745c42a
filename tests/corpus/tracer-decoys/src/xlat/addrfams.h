// expect-no-findings
/* Generated from addrfams.in; do not edit. */

#include "gcc_compat.h"
#include "static_assert.h"

#if defined(AF_ALG) || (defined(HAVE_DECL_AF_ALG) && HAVE_DECL_AF_ALG)
DIAG_PUSH_IGNORE_TAUTOLOGICAL_COMPARE
static_assert((AF_ALG) == (38), "AF_ALG != 38");
DIAG_POP_IGNORE_TAUTOLOGICAL_COMPARE
#else
# define AF_ALG 38
#endif
#if defined(SOL_ALG) || (defined(HAVE_DECL_SOL_ALG) && HAVE_DECL_SOL_ALG)
DIAG_PUSH_IGNORE_TAUTOLOGICAL_COMPARE
static_assert((SOL_ALG) == (279), "SOL_ALG != 279");
DIAG_POP_IGNORE_TAUTOLOGICAL_COMPARE
#else
# define SOL_ALG 279
#endif

#ifndef XLAT_MACROS_ONLY

static const struct xlat_data addrfams_xdata[] = {
	XLAT(AF_UNIX),
	XLAT(AF_INET),
	XLAT(AF_NETLINK),
	XLAT(AF_PACKET),
	XLAT(AF_BLUETOOTH),
	XLAT(AF_ALG),
	XLAT(AF_VSOCK),
};

static const struct xlat_data socketlayers_xdata[] = {
	XLAT(SOL_SOCKET),
	XLAT(SOL_NETLINK),
	XLAT(SOL_ALG),
	XLAT(SOL_TLS),
};

static const struct xlat_data sock_alg_options_xdata[] = {
	XLAT(ALG_SET_KEY),
	XLAT(ALG_SET_IV),
	XLAT(ALG_SET_OP),
	XLAT(ALG_SET_AEAD_ASSOCLEN),
	XLAT(ALG_SET_AEAD_AUTHSIZE),
	XLAT(ALG_SET_DRBG_ENTROPY),
	XLAT(ALG_SET_KEY_BY_KEY_SERIAL),
};

#endif /* !XLAT_MACROS_ONLY */
