/* Socket module header file (excerpt).  afalg-scan evaluation corpus,
   after a scripting language runtime's socket extension module. */

#ifdef HAVE_SYS_SOCKET_H
# include <sys/socket.h>
#endif

#ifdef HAVE_LINUX_IF_ALG_H
# include <linux/if_alg.h>
# ifndef AF_ALG
#  define AF_ALG 38
# endif
# ifndef SOL_ALG
#  define SOL_ALG 279
# endif
/* Linux 4.1 */
# ifndef ALG_SET_AEAD_ASSOCLEN
#  define ALG_SET_AEAD_ASSOCLEN 4
# endif
# ifndef ALG_SET_AEAD_AUTHSIZE
#  define ALG_SET_AEAD_AUTHSIZE 5
# endif
# define HAVE_SOCKADDR_ALG
#endif

#include <sys/un.h>
#include <netinet/in.h>

/* Every address family the module can pass to bind()/connect(). */
typedef union sock_addr {
    struct sockaddr_in in;
    struct sockaddr sa;
    struct sockaddr_un un;
    struct sockaddr_in6 in6;
    struct sockaddr_storage storage;
#ifdef HAVE_SOCKADDR_ALG
    struct sockaddr_alg alg;
#endif
} sock_addr_t;

#define SAS2SA(x) (&((x)->sa))

typedef int SOCKET_T;

typedef struct {
    PyObject_HEAD
    SOCKET_T sock_fd;           /* any family: INET, UNIX, ALG, ... */
    int sock_family;
    int sock_type;
    int sock_proto;
} PySocketSockObject;
