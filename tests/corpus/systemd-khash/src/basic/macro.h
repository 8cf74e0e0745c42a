/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* afalg-scan evaluation corpus: helpers in the style of a service manager's
 * basic library. */
#pragma once

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _cleanup_(x) __attribute__((__cleanup__(x)))

static inline void closep(int *fd) {
        if (*fd >= 0)
                close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

#define IN_SET(x, a, b) ((x) == (a) || (x) == (b))
#define new0(t, n) ((t*) calloc((n), sizeof(t)))
#define TAKE_PTR(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

static inline int safe_close(int fd) {
        if (fd >= 0)
                close(fd);
        return -1;
}
