/* SPDX-License-Identifier: BSD-2-Clause */
/* Reno's congestion avoidance and reduction (RFC 5681 §3.1, RFC 3465
 * §2.1): one segment more each window of bytes acknowledged, half the
 * flight at a loss.  congestion.c calls this file when built with
 * TCPFSM_CC = TCPFSM_CC_NEWRENO (NewReno's recovery is congestion.c's,
 * whichever algorithm sets the window). */
#include "internal.h"

void tcpfsm_newreno_avoid(tcpfsm_conn *conn, uint32_t acked)
{
    /* RFC 3465 §2.1: one SMSS once a whole cwnd of bytes was acknowledged */
    uint32_t total = tcpfsm_cwnd_grow(conn->bytes_acked, acked);
    if (total >= conn->cwnd) {
        total -= conn->cwnd;
        conn->cwnd = tcpfsm_cwnd_grow(conn->cwnd, conn->snd_mss);
    }
    conn->bytes_acked = total;
}

uint32_t tcpfsm_newreno_reduced(tcpfsm_conn *conn, uint8_t signal)
{
    if (signal == (uint8_t)TCPFSM_CC_ECN) {
        return conn->cwnd / 2u; /* RFC 3168 §6.1.2: half the window */
    }
    /* RFC 5681 §3.1 (4): half the flight.  When the same segment times out
     * again, nothing was sent or acknowledged since: the value it holds */
    return tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una) / 2u;
}
