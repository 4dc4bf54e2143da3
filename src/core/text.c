/* SPDX-License-Identifier: BSD-2-Clause */
/* SEGMENT ARRIVES, seventh and eighth steps: text and FIN (RFC 9293 §3.10.7.4). */
#include "internal.h"

/* The eighth step: the peer's FIN arrived in order. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    requires conn->state == TCPFSM_ESTABLISHED || conn->state == TCPFSM_FIN_WAIT_1
          || conn->state == TCPFSM_FIN_WAIT_2;
    requires seq_dist(conn->rcv_adv, conn->rcv_nxt) >= 1;
    terminates \true;
    assigns *conn, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures fin_moves(\old(conn->state), conn->state) && conn->state != \old(conn->state);
*/
static void peer_fin(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    conn->rcv_nxt = tcpfsm_seq_add(conn->rcv_nxt, 1u);
    conn->ack_deadline = TCPFSM_NO_DEADLINE; /* the FIN's ACK, due at once, covers it */
    conn->ooo.count = 0u; /* nothing follows a FIN */
    conn->ooo_fin = 0u;
    out->notes |= TCPFSM_NOTE_PEER_CLOSED;
    if (conn->state == (uint8_t)TCPFSM_ESTABLISHED) {
        conn->state = (uint8_t)TCPFSM_CLOSE_WAIT;
    } else if (conn->state == (uint8_t)TCPFSM_FIN_WAIT_1) {
        /* our FIN is not acknowledged, or the fifth step would have moved
         * us to FIN-WAIT-2: simultaneous close */
        conn->state = (uint8_t)TCPFSM_CLOSING;
    } else {
        tcpfsm_enter_time_wait(conn, now); /* FIN-WAIT-2 */
    }
}

void tcpfsm_take_in_order(tcpfsm_conn *conn, uint32_t n)
{
    conn->rcv_nxt = tcpfsm_seq_add(conn->rcv_nxt, n);
    conn->rcv_unread += n;
}

/* A segment beyond RCV.NXT: what of it the window holds is kept for when
 * the hole before it fills (RFC 9293 §3.10.7.4, seventh step), and so is
 * its FIN when all its data was.  A range once kept is reported in a SACK
 * block and must stay until it is delivered (RFC 2018 §8: a receiver that
 * discards what it reported makes the sender time out and resend all it
 * has in flight): when keeping the segment would need a range and none is
 * free, the segment is dropped instead, unreported, and the sender will
 * send it again. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn);
    terminates \true;
    assigns conn->ooo, conn->ooo_fin, conn->ooo_fin_seq,
            out->keep_offset, out->keep_len, out->keep_at;
    ensures conn_ok(*conn);
    ensures ranges_kept(\old(conn->ooo), conn->ooo, conn->rcv_nxt);
    ensures out->keep_len == \old(out->keep_len)
            || (out->keep_offset == 0 && out->keep_len <= len
                && out->keep_at == seq_dist(data_seq, conn->rcv_nxt)
                && ranges_hold(conn->ooo, conn->rcv_nxt, out->keep_at,
                               out->keep_at + out->keep_len));
    ensures fin == 0 ==> conn->ooo_fin == \old(conn->ooo_fin)
                         && conn->ooo_fin_seq == \old(conn->ooo_fin_seq);
*/
static void keep_out_of_order(tcpfsm_conn *conn, uint32_t data_seq, uint32_t len,
                              uint32_t fin, tcpfsm_output *out)
{
    uint32_t window = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t at = tcpfsm_seq_dist(data_seq, conn->rcv_nxt);
    uint32_t n;
    if (at >= window) {
        return; /* wholly beyond the window */
    }
    n = tcpfsm_min_u32(len, window - at);
    if (n > 0u && !tcpfsm_ranges_fit(conn->ooo, conn->rcv_nxt, data_seq,
                                     tcpfsm_seq_add(data_seq, n))) {
        return; /* no range free, and it joins none */
    }
    if (fin != 0u && n == len && n < window - at) {
        /* the FIN is inside the window too: it counts once the data
         * before it is in */
        conn->ooo_fin = 1u;
        conn->ooo_fin_seq = tcpfsm_seq_add(data_seq, len);
    }
    if (n == 0u) {
        return;
    }
    out->keep_offset = 0u;
    out->keep_len = n;
    out->keep_at = at;
    conn->ooo = tcpfsm_ranges_add(conn->ooo, conn->rcv_nxt, data_seq, tcpfsm_seq_add(data_seq, n));
}

void tcpfsm_keep_syn_text(tcpfsm_conn *conn, uint32_t len, tcpfsm_output *out)
{
    keep_out_of_order(conn, conn->rcv_nxt, len, 0u, out);
}

/* After bytes taken in order: what was kept beyond them and is in order
 * now goes to the application too, then the FIN kept beyond it, if it is
 * next.  Returns 1 when that FIN was taken. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    requires conn->state == TCPFSM_ESTABLISHED || conn->state == TCPFSM_FIN_WAIT_1
          || conn->state == TCPFSM_FIN_WAIT_2;
    terminates \true;
    assigns *conn, out->reasm_len, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures \result == 0 ==> conn->state == \old(conn->state);
    ensures fin_moves(\old(conn->state), conn->state);
*/
static int take_kept(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint32_t ready;
    if (conn->ooo.count == 0u && conn->ooo_fin == 0u) {
        return 0; /* nothing kept: the common case, in-order data */
    }
    /* never past the window offered (a range may reach beyond an edge
     * that moved back, spec/README.md Deviations 16) */
    ready = tcpfsm_min_u32(tcpfsm_ranges_reach(conn->ooo, conn->rcv_nxt),
                           tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt));
    if (ready > 0u) {
        out->reasm_len = ready;
        tcpfsm_take_in_order(conn, ready);
    }
    conn->ooo = tcpfsm_ranges_beyond(conn->ooo, conn->rcv_nxt); /* the rest is in */
    if (conn->ooo_fin != 0u && conn->rcv_nxt == conn->ooo_fin_seq
        && tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt) >= 1u) {
        peer_fin(conn, now, out); /* the FIN kept out of order is next */
        return 1;
    }
    if (conn->ooo_fin != 0u && tcpfsm_seq_lt(conn->ooo_fin_seq, conn->rcv_nxt)) {
        conn->ooo_fin = 0u; /* data went past it: that FIN was no end */
    }
    return 0;
}

/* Accept the in-order part of the payload that starts at data_seq: bytes
 * before RCV.NXT are old, bytes beyond the offered window are trimmed, a
 * payload starting beyond RCV.NXT is kept out of order; data kept before
 * that the new bytes make contiguous is taken too.  Returns the ACK due:
 * none (0), TCPFSM_ACK_NOW or TCPFSM_ACK_DELAYABLE. */
int tcpfsm_process_text(tcpfsm_conn *conn, uint32_t data_seq, uint32_t len, uint32_t fin,
                        uint64_t now, tcpfsm_output *out)
{
    uint32_t window = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t skip;
    uint32_t fresh;
    uint32_t take;
    int filling = conn->ooo.count > 0u || conn->ooo_fin != 0u; /* a hole is open */
    uint8_t s = conn->state;
    /* text is processed in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only:
     * elsewhere the peer's FIN already arrived */
    if (s != (uint8_t)TCPFSM_ESTABLISHED && s != (uint8_t)TCPFSM_FIN_WAIT_1
        && s != (uint8_t)TCPFSM_FIN_WAIT_2) {
        return 0;
    }
    if (len == 0u && fin == 0u) {
        /* no text, but text kept from a SYN (tcpfsm_keep_syn_text) may be
         * in order now that the connection is ESTABLISHED; in order, its
         * ACK may wait (§3.8.6.3) */
        if (take_kept(conn, now, out)) {
            return TCPFSM_ACK_NOW;
        }
        return out->reasm_len > 0u ? TCPFSM_ACK_DELAYABLE : 0;
    }
    tcpfsm_dsack_note(conn, data_seq, len, out); /* before the data is taken */
    if (tcpfsm_seq_lt(conn->rcv_nxt, data_seq)) {
        /* a SYN's text still kept at RCV.NXT (tcpfsm_keep_syn_text) is the
         * application's first; one output does not both keep and hand
         * over, so this segment is then left for the peer to send again */
        if (take_kept(conn, now, out)) {
            return TCPFSM_ACK_NOW;
        }
        if (out->reasm_len == 0u) {
            keep_out_of_order(conn, data_seq, len, fin, out);
        }
        return TCPFSM_ACK_NOW; /* RFC 5681 §4.2: at once, out of order */
    }
    /* All old (skip > len) cannot pass the acceptability test; it is
     * checked so that the arithmetic below never relies on that. */
    skip = tcpfsm_seq_dist(conn->rcv_nxt, data_seq);
    if (skip > len) {
        return TCPFSM_ACK_NOW;
    }
    fresh = len - skip;
    take = tcpfsm_min_u32(fresh, window);
    if (take > 0u) {
        out->deliver_offset = skip;
        out->deliver_len = take;
        tcpfsm_take_in_order(conn, take);
    }
    /* the FIN counts only when all data before it was taken and it lies
     * inside the window */
    if (fin != 0u && take == fresh && take < window) {
        peer_fin(conn, now, out);
        return TCPFSM_ACK_NOW;
    }
    if (take_kept(conn, now, out)) {
        return TCPFSM_ACK_NOW;
    }
    /* RFC 9293 §3.8.6.3: only the ACK of new data taken whole and in order
     * may wait; old bytes, a trimmed segment, a FIN left out are
     * acknowledged at once, and so is data that fills a hole (RFC 5681
     * §4.2) */
    return skip == 0u && take > 0u && take == fresh && fin == 0u && !filling
           ? TCPFSM_ACK_DELAYABLE : TCPFSM_ACK_NOW;
}
