/* SPDX-License-Identifier: BSD-2-Clause */
/* Explicit Congestion Notification, RFC 3168 §6.1: the agreement on the
 * SYNs, the marks our segments carry, and the echo of a CE mark.  The
 * window's reduction for an echo is congestion control's (congestion.c). */
#include "internal.h"

/* §6.1.1.1: our SYN asks for ECN with TCPFSM_ECN_REQUEST and, should it be
 * lost, on no more than ecn_syn_retries retransmissions (a middlebox may
 * drop ECN-setup SYNs).  `retries` counts the SYN's retransmissions. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> conn->cfg.ecn == TCPFSM_ECN_REQUEST;
*/
static int syn_asks(const tcpfsm_conn *conn)
{
    return conn->cfg.ecn == TCPFSM_ECN_REQUEST && conn->retries <= conn->cfg.ecn_syn_retries;
}

/* §6.1.1: an ECN-setup SYN carries ECE and CWR; an ECN-setup SYN,ACK
 * carries ECE alone, when the peer's SYN asked. */
uint8_t tcpfsm_ecn_syn_bits(const tcpfsm_conn *conn)
{
    if (conn->state == (uint8_t)TCPFSM_SYN_SENT) {
        return syn_asks(conn) ? (uint8_t)(TCPFSM_ECE + TCPFSM_CWR) : 0u;
    }
    return conn->ecn_on != 0u ? (uint8_t)TCPFSM_ECE : 0u;
}

/* §6.1.1: the peer's SYN asks with ECE and CWR both, and we take ECN
 * unless it is off; its SYN,ACK agrees with ECE and not CWR, which counts
 * only when the SYN we sent last asked (a host that sent a non-ECN-setup
 * SYN MUST NOT set ECT). */
uint8_t tcpfsm_ecn_agreed(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    int ece = (seg->flags & TCPFSM_ECE) != 0;
    int cwr = (seg->flags & TCPFSM_CWR) != 0;
    if ((seg->flags & TCPFSM_ACK) != 0) {
        return syn_asks(conn) && ece && !cwr ? 1u : 0u;
    }
    return conn->cfg.ecn != TCPFSM_ECN_OFF && ece && cwr ? 1u : 0u;
}

/* §6.1.3: a CE mark is echoed in ECE on every ACK until a segment with
 * CWR says the sender reduced its window; a CE on that same segment is a
 * new congestion to echo. */
void tcpfsm_ecn_arrived(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    if (conn->ecn_on == 0u) {
        return;
    }
    if ((seg->flags & TCPFSM_CWR) != 0u) {
        conn->ecn_echo = 0u;
    }
    if (seg->ip_ecn == TCPFSM_IP_CE) {
        conn->ecn_echo = 1u;
    }
}

/* §6.1.2 and §6.1.5: new data goes ECN-capable (ECT), the first segment
 * after a reduction carries CWR.  Never called for a retransmission. */
uint8_t tcpfsm_ecn_new_data(tcpfsm_conn *conn)
{
    uint8_t bits;
    if (conn->ecn_on == 0u) {
        return 0u;
    }
    bits = (uint8_t)TCPFSM_TX_ECT;
    if (conn->ecn_cwr != 0u) {
        bits = (uint8_t)(TCPFSM_TX_ECT + TCPFSM_CWR);
        conn->ecn_cwr = 0u;
    }
    return bits;
}

/* §6.1.3: while a CE mark is owed its echo, every segment that
 * acknowledges carries ECE; not a SYN,ACK (§6.1.1's own ECE) nor a RST. */
void tcpfsm_ecn_echo(const tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint32_t n = tcpfsm_min_u32(out->count, TCPFSM_MAX_TX);
    uint32_t i;
    if (conn->ecn_echo == 0u) {
        return;
    }
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, out->tx[0 .. TCPFSM_MAX_TX - 1].ecn;
        loop variant n - i; */
    for (i = 0u; i < n; i++) {
        uint8_t flags = out->tx[i].flags;
        if ((flags & TCPFSM_ACK) != 0u && (flags & (TCPFSM_SYN | TCPFSM_RST)) == 0u) {
            /* ECE (0x40) set, the other bits kept, in arithmetic the
             * proofs follow: bit 7 and bits 0-5 stay */
            uint32_t bits = out->tx[i].ecn;
            out->tx[i].ecn = (uint8_t)(bits % 64u + TCPFSM_ECE + bits / 128u * 128u);
        }
    }
}
