/*
 * Hash functions on top of af_alg_ops_t.
 */

#include "af_alg_ops.h"
#include "af_alg_compat.h"

#include <fcntl.h>
#include <unistd.h>

typedef struct {
	int id;				/* HASH_* identifier of the daemon */
	char *kernel;		/* kernel crypto API name */
	size_t size;		/* digest length */
} hash_entry_t;

static hash_entry_t hash_table[] = {
	{ 1,	"md5",		16 },
	{ 2,	"sha1",		20 },
	{ 3,	"sha256",	32 },
	{ 4,	"sha384",	48 },
	{ 5,	"sha512",	64 },
};

typedef struct {
	af_alg_ops_t *ops;
	size_t size;
} af_alg_hasher_t;

static hash_entry_t *lookup(int id)
{
	size_t i;

	for (i = 0; i < sizeof(hash_table) / sizeof(hash_table[0]); i++)
	{
		if (hash_table[i].id == id)
		{
			return &hash_table[i];
		}
	}
	return NULL;
}

af_alg_hasher_t *af_alg_hasher_create(int id)
{
	af_alg_hasher_t *hasher;
	hash_entry_t *entry = lookup(id);

	if (!entry)
	{
		return NULL;
	}
	hasher = malloc(sizeof(*hasher));
	hasher->size = entry->size;
	hasher->ops = af_alg_ops_create("hash", entry->kernel);
	if (!hasher->ops)
	{
		free(hasher);
		return NULL;
	}
	return hasher;
}

bool af_alg_hasher_get(af_alg_hasher_t *hasher, chunk_t data, char *digest)
{
	return hasher->ops->hash(hasher->ops, data, digest, hasher->size);
}

/* cheap pre-check used by the plugin loader; /proc/crypto is a plain file */
bool af_alg_hasher_listed(const char *kernel_name)
{
	char buf[4096];
	ssize_t n;
	int fd;

	fd = open("/proc/crypto", O_RDONLY);
	if (fd < 0)
	{
		return FALSE;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
	{
		return FALSE;
	}
	buf[n] = '\0';
	return strstr(buf, kernel_name) != NULL;
}
