/* SPDX-License-Identifier: BSD-2-Clause */
/* The monotonic clock the core's `now` comes from. */
#ifndef EX_CLOCK_H
#define EX_CLOCK_H
#include <stdint.h>

/* Microseconds since an arbitrary origin (CLOCK_MONOTONIC): never jumps
 * back when the wall clock is set. */
uint64_t clock_now_us(void);

#endif
