/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Cost of the Internet checksum (src/wire/checksum.c), `make bench`.
 *
 * For a 40-byte header, a 1500-byte Ethernet-sized segment and a 64 KB
 * segment: nanoseconds per call and bytes per nanosecond of
 * tcpfsm_wire_checksum (pseudo-header included), the median of 5 runs, next
 * to a plain loop over 16-bit words as the reference the 8-bytes-per-step
 * loop is meant to beat.  The sums are checked equal, and accumulated into
 * a value that is printed, so the compiler cannot drop the work.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tcpfsm/wire.h"

#define RUNS 5

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The reference: one 16-bit word per step, the same pseudo-header. */
static uint16_t plain_checksum(const tcpfsm_wire_addrs *addrs, const uint8_t *b, uint32_t len)
{
    uint64_t sum = tcpfsm_csum_pseudo(addrs, len);
    uint32_t i;
    for (i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t)b[i] * 256u + b[i + 1];
    }
    if (len % 2 == 1) {
        sum += (uint32_t)b[len - 1] * 256u;
    }
    return (uint16_t)(0xffffu - tcpfsm_csum_fold(sum));
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median over RUNS of the ns per call of `which` (0: tcpfsm, 1: plain). */
static double median_ns(int which, const tcpfsm_wire_addrs *addrs, const uint8_t *b,
                        uint32_t len, uint32_t calls, unsigned long *sink)
{
    double t[RUNS];
    int r;
    uint32_t i;
    for (r = 0; r < RUNS; r++) {
        double start = now_ns();
        for (i = 0; i < calls; i++) {
            *sink += which == 0 ? tcpfsm_wire_checksum(addrs, b, len)
                                : plain_checksum(addrs, b, len);
        }
        t[r] = (now_ns() - start) / calls;
    }
    qsort(t, RUNS, sizeof t[0], by_value);
    return t[RUNS / 2];
}

int main(void)
{
    static const uint32_t sizes[] = {40, 1500, 65536};
    static uint8_t bytes[65536];
    tcpfsm_wire_addrs addrs = {.ipv6 = 0, .src = {10, 0, 0, 1}, .dst = {10, 0, 0, 2}};
    unsigned long sink = 0;
    uint32_t x = 1;
    size_t i;
    for (i = 0; i < sizeof bytes; i++) {
        x = x * 1103515245u + 12345u;
        bytes[i] = (uint8_t)(x >> 16);
    }
    printf("checksum (median of %d runs)   ns/call    bytes/ns   plain 16-bit loop: ns/call\n",
           RUNS);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t len = sizes[i];
        uint32_t calls = 200000000u / (len + 64u);
        double fast, plain;
        if (tcpfsm_wire_checksum(&addrs, bytes, len) != plain_checksum(&addrs, bytes, len)) {
            fprintf(stderr, "bench: the two checksums differ at %u bytes\n", len);
            return 1;
        }
        fast = median_ns(0, &addrs, bytes, len, calls, &sink);
        plain = median_ns(1, &addrs, bytes, len, calls, &sink);
        printf("  %6u bytes                  %9.1f  %9.2f   %9.1f\n", len, fast, len / fast, plain);
    }
    printf("(sink %lu)\n", sink % 10u);
    return 0;
}
