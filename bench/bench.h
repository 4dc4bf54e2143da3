/* SPDX-License-Identifier: BSD-2-Clause */
/* What the three drivers of `make bench` share (bench/README.md): the
 * workloads' sizes, the measured region, and failing loudly.
 *
 * Each driver (core.c, codec.c, lwip.c) runs workloads A, B and C the same
 * way and checks the effect of every segment it feeds; a failed check ends
 * the whole run with exit status 1, so a figure is never printed for work
 * that was dropped. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>

/* The peer's addresses and ports, the same for every stack. */
#define BENCH_PEER_PORT 40000u
#define BENCH_OUR_PORT  80u

/* Workload parameters (issue 9): A's connections carry 10 segments of 100
 * bytes; C's data segments are 100 bytes too (the peer announces MSS 100),
 * and the peer's window holds C_WINDOW bytes, so each ACK clocks out one
 * segment once the window is full. */
#define BENCH_SEG_DATA   100u
#define BENCH_A_SEGS     10u
#define BENCH_A_PER_CONN (BENCH_A_SEGS + 4u) /* SYN, ACK, data, FIN, ACK */
#define BENCH_C_WINDOW   4000u
#define BENCH_C_QUEUED   64u  /* segments the application keeps queued */

typedef struct {
    uint32_t conns; /* A: connections */
    uint32_t segs;  /* B: data segments */
    uint32_t acks;  /* C: pure ACKs */
} bench_sizes;

/* The measured region: the clock and, under callgrind
 * (--collect-atstart=no), the instruction count run only inside it, so a
 * workload's set-up (B's and C's handshakes) is never counted. */
uint64_t bench_begin(void);
/* Nanoseconds since bench_begin's value. */
uint64_t bench_end(uint64_t t0);

/* A check failed: print it and exit 1. */
void bench_fail(const char *stack, const char *what, uint64_t index);
#define BENCH_CHECK(stack, cond, index) \
    do { if (!(cond)) bench_fail((stack), #cond, (index)); } while (0)

/* Each workload returns nanoseconds spent in the measured region and adds
 * to *segments the segments it fed there. */
typedef uint64_t (*bench_workload)(const bench_sizes *sz, uint64_t *segments);

uint64_t core_a(const bench_sizes *sz, uint64_t *segments);
uint64_t core_b(const bench_sizes *sz, uint64_t *segments);
uint64_t core_c(const bench_sizes *sz, uint64_t *segments);
uint64_t codec_a(const bench_sizes *sz, uint64_t *segments);
uint64_t codec_b(const bench_sizes *sz, uint64_t *segments);
uint64_t codec_c(const bench_sizes *sz, uint64_t *segments);
void     lwip_setup(void);
uint64_t lwip_a(const bench_sizes *sz, uint64_t *segments);
uint64_t lwip_b(const bench_sizes *sz, uint64_t *segments);
uint64_t lwip_c(const bench_sizes *sz, uint64_t *segments);

/* The peer's initial sequence number for connection i, spread over the
 * sequence space so that wrap-around is exercised. */
static inline uint32_t bench_peer_isn(uint32_t i)
{
    return 0x9e3779b9u * (i + 1u);
}

#endif
