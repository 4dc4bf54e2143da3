/* SPDX-License-Identifier: BSD-2-Clause */
/* The monotonic clock (POSIX clock_gettime, CLOCK_MONOTONIC). */
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#include "clock.h"

uint64_t clock_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
