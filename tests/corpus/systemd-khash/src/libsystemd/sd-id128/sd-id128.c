/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <string.h>

#include "sd-id128.h"
#include "khash.h"
#include "macro.h"

/* Derive an application-specific ID from the machine ID:
 * HMAC-SHA256(key = machine id, message = app id), truncated, v4 marked. */
int sd_id128_get_machine_app_specific(sd_id128_t app_id, sd_id128_t *ret) {
        khash *h = NULL;
        const void *p;
        sd_id128_t m, result;
        int r;

        r = sd_id128_get_machine(&m);
        if (r < 0)
                return r;

        r = khash_new_with_key(&h, "hmac(sha256)", &m, sizeof(m));
        if (r < 0)
                return r;

        r = khash_put(h, &app_id, sizeof(app_id));
        if (r >= 0)
                r = khash_digest_data(h, &p);
        if (r >= 0) {
                memcpy(&result, p, sizeof(result));
                result.bytes[6] = (result.bytes[6] & 0x0F) | 0x40;
                result.bytes[8] = (result.bytes[8] & 0x3F) | 0x80;
                *ret = result;
        }
        khash_unref(h);
        return r < 0 ? r : 0;
}
