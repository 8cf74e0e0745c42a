/*
 * Kernel AF_ALG engine: private types.  afalg-scan evaluation corpus,
 * after a TLS library's "afalg" engine.
 */

#ifndef OSSL_ENGINES_E_AFALG_H
# define OSSL_ENGINES_E_AFALG_H

# ifdef ALG_DEBUG
#  define ALG_PERR(x, ...) \
    do { fprintf(stderr, "ALG_PERR: " x, __VA_ARGS__); perror(NULL); } while (0)
# else
#  define ALG_PERR(x, ...)
# endif

# define AES_KEY_SIZE_128 16
# define AES_BLOCK_SIZE   16
# define MAGIC_INIT_NUM   0x1890671
# define MAX_INFLIGHTS    1

typedef enum {
    MODE_UNINIT = 0,
    MODE_SYNC,
    MODE_ASYNC
} op_mode;

struct afalg_aio_st {
    int efd;                    /* eventfd signalled on completion */
    op_mode mode;
    aio_context_t aio_ctx;
    struct io_event events[MAX_INFLIGHTS];
    struct iocb cbt[MAX_INFLIGHTS];
};
typedef struct afalg_aio_st afalg_aio;

struct afalg_ctx_st {
    int init_done;
    int sfd;                    /* operation socket */
    int bfd;                    /* transform ("bind") socket */
# ifdef ALG_ZERO_COPY
    int zc_pipe[2];
# endif
    afalg_aio aio;
};
typedef struct afalg_ctx_st afalg_ctx;

#endif
