/* SPDX-License-Identifier: BSD-2-Clause */
/* Keepalive, RFC 1122 §4.2.3.6: off unless asked for.  When on, a
 * connection that has received nothing for keepalive_idle_s is probed, then
 * probed every keepalive_interval_s; after keepalive_count probes without
 * an answer it is dropped.  tcpfsm_rearm runs the timer; any acceptable
 * segment the peer sends starts it over (ack.c take_ack). */
#include "internal.h"

int tcpfsm_keepalive_runs(const tcpfsm_conn *conn)
{
    uint8_t s = conn->state;
    /* the states an idle connection rests in: in the others our SYN or FIN
     * is in flight, and the retransmission timer finds a dead peer */
    return conn->keepalive != 0u
        && (s == (uint8_t)TCPFSM_ESTABLISHED || s == (uint8_t)TCPFSM_FIN_WAIT_2
            || s == (uint8_t)TCPFSM_CLOSE_WAIT);
}

/* How long the timer waits: the idle time before the first probe, the
 * interval after each. */
uint32_t tcpfsm_keepalive_wait_ms(const tcpfsm_conn *conn)
{
    uint32_t seconds = conn->keepalive_probes == 0u ? conn->cfg.keepalive_idle_s
                                                    : conn->cfg.keepalive_interval_s;
    return seconds * 1000u;
}

/* The probe: <SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>, an old sequence number
 * that the peer must answer with an ACK (RFC 9293 §3.10.7.4, first step).
 * Without the garbage byte the RFC allows: the byte before SND.NXT is
 * acknowledged and no longer in the caller's buffer. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires keepalive_state(conn->state);
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 1;
    ensures kinds_from(*out, 0, TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
    ensures keepalive_probe(out->tx[0], conn->snd_nxt, conn->rcv_nxt);
*/
static void send_probe(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint16_t window = tcpfsm_advertise(conn);
    (void)tcpfsm_emit(out, tcpfsm_seq_sub(conn->snd_nxt, 1u), conn->rcv_nxt, TCPFSM_ACK,
                      window, 0u, 0u);
}

void tcpfsm_keepalive_timeout(tcpfsm_conn *conn, tcpfsm_output *out)
{
    if (!tcpfsm_keepalive_runs(conn) || conn->snd_una != conn->snd_nxt) {
        return;
    }
    if (conn->keepalive_probes >= conn->cfg.keepalive_count) {
        /* the peer is gone; the RST, as Linux and FreeBSD send it, tells a
         * peer that is only cut off not to wait any longer */
        tcpfsm_send_rst(out, conn->snd_nxt, 0u, TCPFSM_RST);
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_TIMED_OUT);
        return;
    }
    conn->keepalive_probes++;
    send_probe(conn, out);
}
