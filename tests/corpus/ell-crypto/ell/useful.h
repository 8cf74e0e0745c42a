/*
 * Small helpers shared by the library sources.
 */

#include <stdlib.h>
#include <string.h>

#define L_ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define l_new(type, count)	((type *) calloc((count), sizeof(type)))
#define l_free(ptr)		free(ptr)
