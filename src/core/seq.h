/* SPDX-License-Identifier: BSD-2-Clause */
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
/*@ terminates \true;
    assigns \nothing;
    ensures \result == seq_dist(a, b); */
static inline uint32_t tcpfsm_seq_dist(uint32_t a, uint32_t b)
{
    return a >= b ? a - b : (UINT32_MAX - b) + a + 1u;
}

/* a + n modulo 2^32. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == seq_plus(a, n); */
static inline uint32_t tcpfsm_seq_add(uint32_t a, uint32_t n)
{
    return n <= UINT32_MAX - a ? a + n : n - (UINT32_MAX - a) - 1u;
}

/* a - n modulo 2^32. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == seq_plus(a, seq_mod - n); */
static inline uint32_t tcpfsm_seq_sub(uint32_t a, uint32_t n)
{
    return n <= a ? a - n : (UINT32_MAX - (n - a)) + 1u;
}

/* a < b in sequence space. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> seq_lt(a, b); */
static inline int tcpfsm_seq_lt(uint32_t a, uint32_t b)
{
    uint32_t d = tcpfsm_seq_dist(b, a);
    return d != 0u && d < 0x80000000u;
}

/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> seq_leq(a, b); */
static inline int tcpfsm_seq_leq(uint32_t a, uint32_t b)
{
    return tcpfsm_seq_dist(b, a) < 0x80000000u;
}

/* lo <= x < lo + len: x falls in a window of len numbers starting at lo. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> seq_dist(x, lo) < len; */
static inline int tcpfsm_seq_in_window(uint32_t x, uint32_t lo, uint32_t len)
{
    return tcpfsm_seq_dist(x, lo) < len;
}

/*@ terminates \true;
    assigns \nothing;
    ensures \result == \min(a, b); */
static inline uint32_t tcpfsm_min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/*@ terminates \true;
    assigns \nothing;
    ensures \result == \max(a, b); */
static inline uint32_t tcpfsm_max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

/* now + ms, saturating one short of TCPFSM_NO_DEADLINE: an armed timer
 * stays armed even at the end of time. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == \min(now + ms, 18446744073709551614); */
static inline uint64_t tcpfsm_deadline_after(uint64_t now, uint32_t ms)
{
    return now < UINT64_MAX - (uint64_t)ms ? now + ms : UINT64_MAX - 1u;
}

#endif
