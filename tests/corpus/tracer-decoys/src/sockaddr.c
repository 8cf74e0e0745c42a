// expect-no-findings
/*
 * Decoding of socket addresses, socket options and control messages of a
 * traced process.  afalg-scan evaluation corpus, after a system call
 * tracer's network decoders: everything here reads the tracee's data.
 */

#include "defs.h"
#include <sys/socket.h>
#include "bundled/linux/if_alg.h"
#include "xlat/addrfams.h"

static void
print_sa_alg(struct tcb *tcp, const void *const buf, const int addrlen)
{
	const struct sockaddr_alg *const sa_alg = buf;

	tprints_field_name("salg_type");
	print_quoted_cstring((const char *) sa_alg->salg_type,
			     sizeof(sa_alg->salg_type));
	tprint_struct_next();
	tprints_field_name("salg_feat");
	printflags(af_alg_flags, sa_alg->salg_feat, "CRYPTO_ALG_???");
	tprint_struct_next();
	tprints_field_name("salg_mask");
	printflags(af_alg_flags, sa_alg->salg_mask, "CRYPTO_ALG_???");
	tprint_struct_next();
	tprints_field_name("salg_name");
	print_quoted_cstring((const char *) sa_alg->salg_name,
			     sizeof(sa_alg->salg_name));
}

typedef void (*sockaddr_printer)(struct tcb *, const void *, int);

static const struct {
	const sockaddr_printer printer;
	const int min_len;
} sa_printers[] = {
	[AF_UNIX] = { print_sockaddr_data_un, SIZEOF_SA_FAMILY + 1 },
	[AF_INET] = { print_sockaddr_data_in, sizeof(struct sockaddr_in) },
	[AF_ALG] = { print_sa_alg, sizeof(struct sockaddr_alg) },
};

void
print_sockaddr(struct tcb *tcp, const void *const buf, const int addrlen)
{
	const struct sockaddr *const sa = buf;
	const unsigned int family = sa->sa_family;

	tprint_struct_begin();
	tprints_field_name("sa_family");
	printxval(addrfams, family, "AF_???");
	if (family < ARRAY_SIZE(sa_printers) && sa_printers[family].printer
	    && addrlen >= sa_printers[family].min_len) {
		tprint_struct_next();
		sa_printers[family].printer(tcp, buf, addrlen);
	}
	tprint_struct_end();
}

/* setsockopt(fd, level, optname, optval, optlen) of the tracee */
void
decode_sockopt_level_name(const unsigned int level, const unsigned int name)
{
	printxval(socketlayers, level, "SOL_??");
	tprint_arg_next();
	switch (level) {
	case SOL_SOCKET:
		printxval(sockoptions, name, "SO_???");
		break;
	case SOL_ALG:
		printxval(sock_alg_options, name, "ALG_???");
		break;
	default:
		PRINT_VAL_U(name);
	}
}

/* ancillary data of a traced sendmsg() */
void
decode_cmsg_payload(struct tcb *tcp, const int cmsg_level, const int cmsg_type,
		     const void *cmsg_data, const unsigned int data_len)
{
	if (cmsg_level == SOL_ALG) {
		if (cmsg_type == ALG_SET_OP && data_len >= sizeof(uint32_t)) {
			tprints_field_name("op");
			PRINT_VAL_U(*(const uint32_t *) cmsg_data);
		} else if (cmsg_type == ALG_SET_IV) {
			const struct af_alg_iv *iv = cmsg_data;
			tprints_field_name("ivlen");
			PRINT_VAL_U(iv->ivlen);
		} else if (cmsg_type == ALG_SET_AEAD_ASSOCLEN) {
			tprints_field_name("assoclen");
			PRINT_VAL_U(*(const uint32_t *) cmsg_data);
		}
		return;
	}
	print_cmsg_generic(tcp, cmsg_level, cmsg_type, cmsg_data, data_len);
}
