/* SPDX-License-Identifier: BSD-2-Clause */
/* What the congestion-control algorithm the core is built with
 * (TCPFSM_CC: src/core/internal.h; CUBIC by default, NewReno in the
 * test-newreno build) does to the window, written from the RFCs, for the
 * tests that hold under either algorithm but for these numbers.  Tests of
 * one algorithm's whole course are registered for that build only
 * (TCPFSM_TEST_NEWRENO). */
#ifndef TCPFSM_TEST_CC_EXPECT_H
#define TCPFSM_TEST_CC_EXPECT_H

#include <stdint.h>

#if defined(TCPFSM_CC) && TCPFSM_CC == 1
#define TCPFSM_TEST_NEWRENO 1
#else
#define TCPFSM_TEST_NEWRENO 0
#endif

/* The window reduced for a loss (fast retransmit, SACK loss recovery, a
 * timeout), before the floor of two segments: RFC 5681 §3.1 (4) half the
 * flight for Reno; RFC 9438 §4.6 cwnd * 0.7 for CUBIC. */
static inline uint32_t cc_loss_reduced(uint32_t cwnd, uint32_t flight)
{
#if TCPFSM_TEST_NEWRENO
    (void)cwnd;
    return flight / 2u;
#else
    (void)flight;
    return (uint32_t)((uint64_t)cwnd * 7u / 10u);
#endif
}

/* ssthresh after a loss: the reduced window, at least two segments. */
static inline uint32_t cc_loss_ssthresh(uint32_t cwnd, uint32_t flight, uint32_t mss)
{
    uint32_t reduced = cc_loss_reduced(cwnd, flight);
    return reduced > 2u * mss ? reduced : 2u * mss;
}

/* The window after an ECN echo, before its floors: RFC 3168 §6.1.2 half
 * the window for Reno; CUBIC takes an echo as a loss (RFC 9438 §4.6). */
static inline uint32_t cc_ecn_reduced(uint32_t cwnd)
{
#if TCPFSM_TEST_NEWRENO
    return cwnd / 2u;
#else
    return (uint32_t)((uint64_t)cwnd * 7u / 10u);
#endif
}

#endif
