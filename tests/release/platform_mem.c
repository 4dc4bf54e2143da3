/* SPDX-License-Identifier: BSD-2-Clause */
/* What the platform under a freestanding build must provide, and no more
 * (tests/release/freestanding.sh): GCC and Clang may turn a structure copy
 * or clear into a call to memcpy or memset in any freestanding program. */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n-- > 0u) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n-- > 0u) {
        *d++ = (unsigned char)c;
    }
    return dst;
}
