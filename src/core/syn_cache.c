/* SPDX-License-Identifier: BSD-2-Clause */
/* FreeBSD's SYN cache (tcpfsm_config.syn_cache; off by default).  A passive
 * open's SYN does not make a socket in FreeBSD: tcp_syncache.c keeps an
 * entry and answers from it until the handshake's ACK arrives, and judges
 * what comes meanwhile its own way (tcp_input.c sends each segment of a
 * listening socket's 4-tuple there: an ACK to syncache_expand, a RST to
 * syncache_chkrst, a SYN to syncache_add; a SYN,ACK is "bogus on a listen
 * socket").  Read from freebsd-src main: tcp_syncache.c at 003f1eb,
 * tcp_input.c at 2bae602.  In tcpfsm that entry is SYN-RECEIVED reached
 * from LISTEN; RFC 9293 §3.10.7.4 judges it otherwise (spec/README.md,
 * Deviations 23; tests/conformance/DEVIATIONS.md). */
#include "internal.h"

int tcpfsm_syn_cache_holds(const tcpfsm_conn *conn)
{
    /* once the user has sent or closed, FreeBSD would have a socket */
    return conn->cfg.syn_cache != 0u && conn->state == (uint8_t)TCPFSM_SYN_RECEIVED
        && conn->passive != 0u && conn->snd_queued == 0u && conn->fin_queued == 0u;
}

/* sc_wnd: the window the SYN,ACK offered, unscaled (RCV.WND as offered). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == seq_dist(conn->rcv_adv, conn->rcv_nxt);
*/
static uint32_t offered_window(const tcpfsm_conn *conn)
{
    return tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
}

/* syncache_expand: an ACK makes the connection when it acknowledges our SYN
 * ("th->th_ack != sc->sc_iss + 1") and its SEQ lies in IRS+1 .. IRS+sc_wnd
 * ("SEQ_LEQ(th->th_seq, sc->sc_irs) || SEQ_GT(th->th_seq, sc->sc_irs +
 * sc->sc_wnd)" fails it); before those, a PAWS failure or a missing
 * timestamps option drops it silently. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> seg->ack == seq_plus(conn->iss, 1)
            && seq_dist(seg->seq, conn->rcv_nxt) < seq_dist(conn->rcv_adv, conn->rcv_nxt);
*/
static int ack_expands(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return seg->ack == tcpfsm_seq_add(conn->iss, 1u)
        && tcpfsm_seq_in_window(seg->seq, conn->rcv_nxt, offered_window(conn));
}

int tcpfsm_syn_cache_takes(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    uint8_t kind = (uint8_t)(seg->flags & (TCPFSM_SYN | TCPFSM_ACK | TCPFSM_RST));
    if (kind != (uint8_t)TCPFSM_ACK) {
        return 1;
    }
    return tcpfsm_ts_check(conn, seg, now) != TCPFSM_TS_TAKE || !ack_expands(conn, seg);
}

/* syncache_chkrst: "Any RST to our SYN|ACK must not carry ACK, SYN or FIN
 * flags" (FreeBSD 13): such a RST is ignored.  (main judges it by SEQ alone,
 * but the ACK that follows then completes the handshake through the
 * syncookie the entry's ISS is, so the connection is made either way.)  A
 * RST counts in RCV.NXT .. RCV.NXT + sc_wnd - 1 (only at RCV.NXT when sc_wnd
 * is 0): exactly at RCV.NXT, or anywhere in it without RFC 5961
 * (insecure_rst), it drops the entry silently; with RFC 5961 elsewhere in
 * it, a challenge ACK; outside it, nothing. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires out->count == 0 && syn_cache_holds(*conn) && (seg->flags & TCPFSM_RST) != 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_SYN_RECEIVED && out->count <= 1
            || conn->state == TCPFSM_LISTEN && out->count == 0;
    ensures out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
            && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt;
    ensures segment_output(TCPFSM_SYN_RECEIVED, 1, conn->state, *out);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0 && seg->seq != \old(conn->rcv_nxt)
            ==> conn->state == TCPFSM_SYN_RECEIVED;
    // a RST,ACK is ignored
    ensures (seg->flags & TCPFSM_ACK) != 0 ==> conn->state == TCPFSM_SYN_RECEIVED && out->count == 0;
*/
static void judge_rst(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                      tcpfsm_output *out)
{
    uint32_t window = offered_window(conn);
    int in_window = window == 0u ? seg->seq == conn->rcv_nxt
                                 : tcpfsm_seq_in_window(seg->seq, conn->rcv_nxt, window);
    if ((seg->flags & TCPFSM_ACK) != 0u || (seg->flags & TCPFSM_SYN) != 0u
        || (seg->flags & TCPFSM_FIN) != 0u || !in_window) {
        return; /* "segment ignored" */
    }
    if (seg->seq == conn->rcv_nxt || (conn->cfg.flags & TCPFSM_CFG_RFC5961) == 0u) {
        tcpfsm_back_to_listen(conn); /* syncache_drop */
        return;
    }
    tcpfsm_send_challenge_ack(conn, now, out); /* syncache_respond(sc, m, TH_ACK) */
}

/* syncache_add finds the entry for a SYN again, whatever its SEQ ("We do
 * not check the sequence number"): the SYN,ACK goes again and its timer
 * starts over ("sc->sc_rxmits = 0; syncache_timeout(sc, sch, 1)"). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires out->count == 0 && syn_cache_holds(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_SYN_RECEIVED;
    ensures out->count == 1 && out->tx[0].flags == TCPFSM_SYN + TCPFSM_ACK
            && out->tx[0].seq == conn->iss;
    ensures segment_output(TCPFSM_SYN_RECEIVED, 1, conn->state, *out);
*/
static void resend_syn_ack(tcpfsm_conn *conn, tcpfsm_output *out)
{
    conn->retries = 0u;
    conn->rto = conn->cfg.rto_initial_ms;
    conn->rtt_timing = 0u; /* Karn: a segment sent again is not timed */
    conn->rtx_deadline = TCPFSM_NO_DEADLINE; /* tcpfsm_rearm starts it over */
    tcpfsm_send_syn(conn, out);
}

/* The entry goes and <SEQ=SEG.ACK><CTL=RST> answers the segment
 * (tcp_dropwithreset for a segment with ACK). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_LISTEN;
    ensures out->count == 1 && out->tx[0].flags == TCPFSM_RST && out->tx[0].seq == ack;
    ensures segment_output(TCPFSM_SYN_RECEIVED, 1, conn->state, *out);
*/
static void reset_to_listen(tcpfsm_conn *conn, uint32_t ack, tcpfsm_output *out)
{
    tcpfsm_back_to_listen(conn);
    tcpfsm_send_rst(out, ack, 0u, TCPFSM_RST);
}

void tcpfsm_syn_cache_judge(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                            tcpfsm_output *out)
{
    if ((seg->flags & TCPFSM_RST) != 0u) {
        judge_rst(conn, seg, now, out);
    } else if ((seg->flags & TCPFSM_SYN) == 0u) {
        if ((seg->flags & TCPFSM_ACK) != 0u && tcpfsm_ts_check(conn, seg, now) == TCPFSM_TS_TAKE) {
            /* an ACK syncache_expand refuses: the entry goes
             * ("syncache_free"), then tcp_dropwithreset */
            reset_to_listen(conn, seg->ack, out);
        }
        /* else no SYN, ACK or RST: "if ((thflags & TH_SYN) == 0) goto
         * dropunlock"; or a PAWS failure, dropped silently */
    } else if ((seg->flags & TCPFSM_ACK) != 0u) {
        /* "(SYN|ACK) is bogus on a listen socket": syncache_badack drops
         * the entry, tcp_dropwithreset answers <SEQ=SEG.ACK><CTL=RST> */
        reset_to_listen(conn, seg->ack, out);
    } else if ((seg->flags & TCPFSM_FIN) == 0u
               || (conn->cfg.compat & TCPFSM_COMPAT_DROP_SYNFIN) == 0u) {
        resend_syn_ack(conn, out);
    }
}
