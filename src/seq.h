/*
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).
 *
 * Written without wrapping unsigned operations so that every line proves
 * (see proofs/README.md): the distance is computed with a comparison, and
 * "a before b" means the forward distance from a to b is 1 .. 2^31-1.
 */
#ifndef TCPFSM_SEQ_H
#define TCPFSM_SEQ_H

#include <stdint.h>

/* Forward distance from b to a: how far a lies ahead of b. */
static inline uint32_t tcpfsm_seq_dist(uint32_t a, uint32_t b)
{
    return a >= b ? a - b : (UINT32_MAX - b) + a + 1u;
}

/* a + n modulo 2^32. */
static inline uint32_t tcpfsm_seq_add(uint32_t a, uint32_t n)
{
    return n <= UINT32_MAX - a ? a + n : n - (UINT32_MAX - a) - 1u;
}

/* a - n modulo 2^32. */
static inline uint32_t tcpfsm_seq_sub(uint32_t a, uint32_t n)
{
    return n <= a ? a - n : (UINT32_MAX - (n - a)) + 1u;
}

/* a < b in sequence space. */
static inline int tcpfsm_seq_lt(uint32_t a, uint32_t b)
{
    uint32_t d = tcpfsm_seq_dist(b, a);
    return d != 0u && d < 0x80000000u;
}

static inline int tcpfsm_seq_leq(uint32_t a, uint32_t b)
{
    return tcpfsm_seq_dist(b, a) < 0x80000000u;
}

/* lo <= x < lo + len: x falls in a window of len numbers starting at lo. */
static inline int tcpfsm_seq_in_window(uint32_t x, uint32_t lo, uint32_t len)
{
    return tcpfsm_seq_dist(x, lo) < len;
}

static inline uint32_t tcpfsm_min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static inline uint64_t tcpfsm_deadline_after(uint64_t now, uint32_t ms)
{
    /* saturating: a deadline past the end of time is "never" */
    return now <= UINT64_MAX - (uint64_t)ms
               ? now + ms : UINT64_MAX;
}

#endif
