/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9438 CUBIC: congestion avoidance as a cubic function of the time
 * since the last reduction, and the reduction by β_cubic = 0.7.
 *
 * After a reduction the window grows fast at first, slows as it nears
 * W_max, the window at which the loss came (concave), holds there for a
 * while, then probes beyond it, faster and faster (convex).  The curve is
 * W_cubic(t) = C (t - K)^3 + W_max, K the time it takes to climb back to
 * W_max; each ACK moves cwnd towards W_cubic one round trip ahead, no more
 * than half the window a round.  Where Reno would be faster (short round
 * trips, small windows), CUBIC keeps Reno's pace: W_est (§4.3).
 *
 * Integers throughout: windows in bytes (one segment is SMSS of them,
 * C = 0.4 segments per s^3), times in ms on the core's clock.  Slow start,
 * fast retransmit and recovery are congestion.c's, with the algorithm's
 * ssthresh; congestion.c calls this file when built with TCPFSM_CC =
 * TCPFSM_CC_CUBIC, the default. */
#include "internal.h"

/* §5.1: β_cubic = 0.7; §4.3: α_cubic = 3 (1 - β) / (1 + β) = 0.529, in
 * 1/1024; §4.7: fast convergence leaves W_max = cwnd (1 + β) / 2 */
#define CUBIC_BETA_TENTHS        7u
#define CUBIC_ALPHA_1024         542u
#define CUBIC_CONVERGENCE_20THS  17u
/* (t - K)^3 stays within 64 bits for |t - K| below 2^21 ms (35 min):
 * beyond, the curve is past any window the core can hold */
#define CUBIC_MAX_OFFSET_MS      0x1FFFFFu
/* Nothing here divides a 64-bit number (a library call on 32-bit targets,
 * README "Building it into your project"): the constants are scaled to
 * shifts.  1 / C = 2.5e9 ms^3 a segment is 2441406.25 ms^3 a 1/1024 of a
 * segment; C = 4.096e-7 segments a ms^3 is 450360 / 2^40. */
#define CUBIC_MS3_PER_SEGMENT_1024 2441406u
#define CUBIC_C_2POW40           450360u

/* The largest r with r^3 <= x, x below 2^63: bit by bit from 2^20. */
/*@ requires x < 0x8000000000000000;
    terminates \true;
    assigns \nothing;
    ensures \result < 0x200000;
    ensures (integer)\result * \result * \result <= x;
*/
static uint32_t cube_root(uint64_t x)
{
    uint64_t root = 0u;
    uint64_t step = 0x100000u;
    /*@ loop invariant root + 2 * step <= 0x200000;
        loop invariant root * root * root <= x;
        loop assigns root, step;
        loop variant step;
    */
    while (step != 0u) {
        uint64_t next = root + step;
        //@ assert next < 0x200000;
        //@ assert next * next < 0x40000000000;
        //@ assert next * next * next < 0x8000000000000000;
        if (next * next * next <= x) {
            root = next;
        }
        step /= 2u;
    }
    return (uint32_t)root;
}

/* cwnd * β_cubic (§4.6) and cwnd (1 + β_cubic) / 2 (§4.7), exactly,
 * in 32 bits: no 64-bit division, and x * 17 could pass 2^32. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == x * 7 / 10;
*/
static uint32_t times_beta(uint32_t x)
{
    return x / 10u * CUBIC_BETA_TENTHS + x % 10u * CUBIC_BETA_TENTHS / 10u;
}

/*@ terminates \true;
    assigns \nothing;
    ensures \result == x * 17 / 20;
*/
static uint32_t times_convergence(uint32_t x)
{
    return x / 20u * CUBIC_CONVERGENCE_20THS + x % 20u * CUBIC_CONVERGENCE_20THS / 20u;
}

/* x * part / whole, part <= whole, with 32-bit divisions only: part and
 * whole halved together until part fits 16 bits (a relative error below
 * 2^-15), then part / whole in 1/65536, or, when that is below 1/256,
 * x divided by whole / part rounded up (each within a relative 2^-8 or
 * better, and never above x * part / whole).
 * (The clamps never act: they spare the provers the monotony of a
 * division.) */
/*@ requires part <= whole;
    terminates \true;
    assigns \nothing;
    ensures \result <= x;
*/
static uint32_t share(uint32_t x, uint32_t part, uint32_t whole)
{
    uint32_t a = part;
    uint32_t c = whole;
    uint32_t fraction;
    uint64_t result;
    /*@ loop invariant a <= c;
        loop assigns a, c;
        loop variant a;
    */
    while (a > 0xFFFFu) {
        a /= 2u;
        c /= 2u;
    }
    if (a == 0u) {
        return 0u;
    }
    fraction = a * 65536u / c;
    if (fraction < 256u) {
        /* a sliver of the whole: its ratio, rounded up so that the share
         * is never more than its due, is the finer measure */
        uint32_t ratio = c / a + (c % a != 0u ? 1u : 0u);
        uint32_t divided = x / (ratio == 0u ? 1u : ratio);
        return divided > x ? x : divided;
    }
    if (fraction > 65536u) {
        fraction = 65536u;
    }
    result = (uint64_t)x * fraction / 65536u;
    return result > x ? x : (uint32_t)result;
}

/* §4.2 Figure 1: W_cubic(t) = C (t - K)^3 + W_max, t ms into the epoch,
 * in bytes, within 0 .. TCPFSM_MAX_CWND. */
/*@ requires \valid_read(conn) && conn->snd_mss >= 1;
    terminates \true;
    assigns \nothing;
    ensures \result <= TCPFSM_MAX_CWND;
    // W_max is the plateau: the curve is below it before K, above after
    ensures t <= conn->cubic_k ==> \result <= conn->cubic_w_max;
    ensures t >= conn->cubic_k ==> \result >= \min(conn->cubic_w_max, TCPFSM_MAX_CWND);
*/
static uint32_t cubic_window(const tcpfsm_conn *conn, uint64_t t)
{
    uint64_t k = conn->cubic_k;
    uint64_t w_max = tcpfsm_min_u32(conn->cubic_w_max, TCPFSM_MAX_CWND);
    uint64_t offset = t > k ? t - k : k - t;
    uint64_t cube;
    uint64_t segments_1024;
    uint64_t delta;
    if (offset > CUBIC_MAX_OFFSET_MS) {
        offset = CUBIC_MAX_OFFSET_MS;
    }
    //@ assert offset * offset < 0x40000000000;
    cube = offset * offset * offset;
    /* C (t - K)^3 segments in 1/1024, then bytes: (cube / 2^20) * C * 2^40
     * / 2^20, each step within 64 bits and no sub-segment lost (divisions
     * by powers of two: shifts, no library call) */
    segments_1024 = cube / 1048576u * CUBIC_C_2POW40 / 1048576u;
    //@ assert segments_1024 <= 0x40000000000;
    delta = segments_1024 * conn->snd_mss / 1024u;
    if (t > k) {
        return w_max + delta >= TCPFSM_MAX_CWND ? TCPFSM_MAX_CWND : (uint32_t)(w_max + delta);
    }
    return delta >= w_max ? 0u : (uint32_t)(w_max - delta);
}

/* §4.2: the first ACK of congestion avoidance starts the epoch: K from
 * the window it starts at (cwnd_epoch) to W_max, or 0 and W_max = cwnd
 * when the window is already there (after a timeout, §4.8, or a slow start
 * that ended without a loss); W_est starts at cwnd (§4.3). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est;
    ensures conn_base_ok(*conn);
    ensures conn->cubic_epoch == conn->latest_now;
    ensures conn->cubic_w_est == conn->cwnd;
    ensures conn->cubic_w_max >= conn->cwnd;
    ensures conn->cubic_k < 0x200000;
*/
static void start_epoch(tcpfsm_conn *conn)
{
    uint32_t w_max = tcpfsm_min_u32(conn->cubic_w_max, TCPFSM_MAX_CWND);
    uint32_t smss = conn->snd_mss;
    uint32_t diff;
    uint64_t segments_1024;
    conn->cubic_epoch = conn->latest_now;
    conn->cubic_w_est = conn->cwnd;
    if (conn->cwnd >= w_max) {
        conn->cubic_w_max = conn->cwnd;
        conn->cubic_k = 0u;
        return;
    }
    /* K = cbrt((W_max - cwnd_epoch) / C) s = cbrt((W_max - cwnd) / SMSS
     * * 2.5e9) ms: the segments in 1/1024 (below 2^40 + 2^10, 32-bit
     * divisions), times 2.5e9 / 1024 (below 2^63) */
    diff = w_max - conn->cwnd;
    //@ assert diff % smss < smss && diff % smss * 1024 < 65536 * 1024;
    segments_1024 = (uint64_t)(diff / smss) * 1024u + diff % smss * 1024u / smss;
    //@ assert segments_1024 <= 0x40000000000 + 1024;
    conn->cubic_w_max = w_max;
    conn->cubic_k = cube_root(segments_1024 * CUBIC_MS3_PER_SEGMENT_1024 + segments_1024 / 4u);
}

/* §4.3: W_est grows by α_cubic segments a round trip, α_cubic * acked *
 * SMSS / cwnd bytes an ACK; α_cubic is 1 once W_est has passed the window
 * before the reduction. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cubic_w_est;
    ensures conn_base_ok(*conn);
    ensures \old(conn->cubic_w_est) <= conn->cubic_w_est || conn->cubic_w_est == TCPFSM_MAX_CWND;
    ensures conn->cubic_w_est <= \max(\old(conn->cubic_w_est), TCPFSM_MAX_CWND);
*/
static void grow_estimate(tcpfsm_conn *conn, uint32_t acked)
{
    uint32_t smss = conn->snd_mss;
    uint32_t cwnd = conn->cwnd;
    /* α_cubic SMSS a window of bytes acknowledged */
    uint32_t per_window = conn->cubic_w_est >= conn->cubic_cwnd_prior
                        ? smss : smss * CUBIC_ALPHA_1024 / 1024u;
    uint64_t growth = (uint64_t)(acked / cwnd) * per_window
                    + share(per_window, acked % cwnd, cwnd);
    uint64_t est = (uint64_t)conn->cubic_w_est + growth;
    if (conn->cubic_w_est >= TCPFSM_MAX_CWND) {
        return;
    }
    conn->cubic_w_est = est >= TCPFSM_MAX_CWND ? TCPFSM_MAX_CWND : (uint32_t)est;
}

/* §4.3-§4.5: the window after an ACK of `acked` bytes, t ms into the
 * epoch (W_est already grown for it). */
/*@ requires \valid_read(conn) && conn->snd_mss >= 1 && 1 <= conn->cwnd <= TCPFSM_MAX_CWND;
    requires t <= CUBIC_MAX_OFFSET_MS;
    terminates \true;
    assigns \nothing;
    ensures conn->cwnd <= \result <= TCPFSM_MAX_CWND;
*/
static uint32_t next_window(const tcpfsm_conn *conn, uint64_t t, uint32_t acked)
{
    uint64_t rtt = conn->have_rtt != 0u ? conn->srtt8 / 8u : 0u;
    uint64_t cwnd = conn->cwnd;
    uint64_t target;
    uint32_t growth;
    /* §4.3: where Reno is ahead of the curve, Reno's window */
    if (cubic_window(conn, t) < conn->cubic_w_est) {
        return tcpfsm_max_u32(conn->cwnd, tcpfsm_min_u32(conn->cubic_w_est, TCPFSM_MAX_CWND));
    }
    /* §4.4-§4.5: towards W_cubic one round trip ahead, between cwnd and
     * 1.5 cwnd; (target - cwnd) / cwnd segments a segment acknowledged */
    target = cubic_window(conn, t + rtt);
    if (target > cwnd + cwnd / 2u) {
        target = cwnd + cwnd / 2u;
    }
    if (target <= cwnd) {
        return conn->cwnd;
    }
    //@ assert target - cwnd <= 0x20000000;
    /* at most target - cwnd: a stretch ACK of more than cwnd reaches it */
    growth = share((uint32_t)(target - cwnd), tcpfsm_min_u32(acked, conn->cwnd), conn->cwnd);
    return cwnd + growth >= TCPFSM_MAX_CWND ? TCPFSM_MAX_CWND : (uint32_t)(cwnd + growth);
}

void tcpfsm_cubic_avoid(tcpfsm_conn *conn, uint32_t acked)
{
    uint64_t now = conn->latest_now;
    uint64_t t;
    if (acked == 0u) {
        return; /* only our SYN or FIN: no data left the network */
    }
    if (conn->cubic_epoch == TCPFSM_NO_DEADLINE) {
        start_epoch(conn);
    }
    t = now >= conn->cubic_epoch ? now - conn->cubic_epoch : 0u;
    if (t > CUBIC_MAX_OFFSET_MS) {
        t = CUBIC_MAX_OFFSET_MS; /* the curve is past any window by then */
    }
    grow_estimate(conn, acked);
    conn->cwnd = next_window(conn, t, acked);
}

uint32_t tcpfsm_cubic_reduced(tcpfsm_conn *conn, uint8_t signal)
{
    uint32_t cwnd = conn->cwnd;
    if (signal == (uint8_t)TCPFSM_CC_TIMEOUT
        && conn->recovery == (uint8_t)TCPFSM_RECOVERY_TIMEOUT) {
        /* the same data timed out again: nothing was learnt since the
         * first timeout set ssthresh, and cwnd is the loss window now */
        return conn->ssthresh;
    }
    conn->cubic_epoch = TCPFSM_NO_DEADLINE;
    /* §4.7: a loss below the last W_max means the path's share shrank:
     * release some of it, W_max = cwnd (1 + β) / 2 */
    conn->cubic_w_max = cwnd < conn->cubic_w_max ? times_convergence(cwnd) : cwnd;
    conn->cubic_cwnd_prior = cwnd;
    if (signal == (uint8_t)TCPFSM_CC_TIMEOUT) {
        /* §4.8: the first congestion avoidance after a timeout starts
         * its curve at the window it reaches (K = 0, start_epoch) */
        conn->cubic_w_max = 0u;
    }
    /* §4.6: ssthresh = cwnd * β_cubic */
    return times_beta(cwnd);
}
