/*
 * Object helpers for building the plugin outside the main tree.  Inside the
 * tree they come from utils/object.h through library.h.
 */

#ifndef AF_ALG_COMPAT_H_
#define AF_ALG_COMPAT_H_

#include <stdlib.h>
#include <string.h>

#ifndef METHOD
/* define a method implementation with an explicit "this" parameter */
#define METHOD(iface, name, ret, this, ...) \
	static ret name(this, ##__VA_ARGS__)
#endif

#ifndef INIT
/* allocate an object and fill it from designated initializers */
#define INIT(this, ...) do { \
		(this) = malloc(sizeof(*(this))); \
		*(this) = (__typeof__(*(this))){ __VA_ARGS__ }; \
	} while (0)
#endif

#endif /* AF_ALG_COMPAT_H_ */
