/* SPDX-License-Identifier: BSD-2-Clause */
/* Sending: new data and FIN, retransmission from SND.UNA, window probes. */
#include "internal.h"

/* States that send data and FIN, and retransmit them: from ESTABLISHED
 * on, until our FIN is acknowledged (RFC 9293 §3.10.2, §3.10.4). */
int tcpfsm_sending(const tcpfsm_conn *conn)
{
    uint8_t s = conn->state;
    /* CLOSING too: the peer's FIN may overtake data and FIN still queued */
    return s == (uint8_t)TCPFSM_ESTABLISHED || s == (uint8_t)TCPFSM_CLOSE_WAIT
        || s == (uint8_t)TCPFSM_FIN_WAIT_1 || s == (uint8_t)TCPFSM_LAST_ACK
        || s == (uint8_t)TCPFSM_CLOSING;
}

/* States in which our FIN is still to be sent (RFC 9293 §3.10.4: CLOSE
 * queues the FIN behind the data already sent). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> sending_state(conn->state) && conn->fin_sent == 0; */
static int may_send(const tcpfsm_conn *conn)
{
    return tcpfsm_sending(conn) && conn->fin_sent == 0u;
}

/* RFC 9293 §3.7.1 (Eff.snd.MSS counts the TCP options) and RFC 6691: the
 * SACK blocks a data segment carries come out of the MSS, as the
 * timestamps do (tcpfsm_synchronize): RFC 2018 §3, 4 bytes and 8 per block,
 * three at most beside the timestamps, laid out as tcpfsm_wire_build does;
 * a D-SACK block of this output (RFC 2883) is one more.  A peer MSS too
 * small for them still gets one byte per segment. */
/*@ requires \valid_read(conn) && \valid_read(out) && conn->snd_mss >= 1;
    terminates \true;
    assigns \nothing;
    ensures 1 <= \result <= conn->snd_mss; */
static uint32_t data_room(const tcpfsm_conn *conn, const tcpfsm_output *out)
{
    uint32_t reported = tcpfsm_ooo_blocks(conn) /* a FIN's own block too */
                      + (out->dsack != 0u ? 1u : 0u);
    uint32_t blocks = conn->sack_on != 0u
                    ? tcpfsm_min_u32(reported, conn->ts_on != 0u ? 3u : 4u) : 0u;
    uint32_t options = blocks > 0u ? 4u + 8u * blocks : 0u;
    return conn->snd_mss > options ? conn->snd_mss - options : 1u;
}

/* Sequence numbers beyond SND.NXT that a window of `window` bytes from
 * SND.UNA admits. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn) && window <= TCPFSM_MAX_CWND;
    terminates \true;
    assigns \nothing;
    ensures \result > 0 ==> seq_dist(conn->snd_nxt, conn->snd_una) + \result <= window; */
static uint32_t beyond_nxt(const tcpfsm_conn *conn, uint32_t window)
{
    uint32_t right = tcpfsm_seq_add(conn->snd_una, window);
    return tcpfsm_seq_lt(conn->snd_nxt, right) ? tcpfsm_seq_dist(right, conn->snd_nxt) : 0u;
}

/* In RFC 6675 loss recovery. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> conn->recovery == TCPFSM_RECOVERY_SACK; */
static int sack_recovery(const tcpfsm_conn *conn)
{
    return conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK;
}

/* Room the congestion window leaves in RFC 6675 loss recovery: cwnd - pipe. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing; */
static uint32_t cwnd_room(const tcpfsm_conn *conn)
{
    uint32_t pipe = tcpfsm_sack_pipe(conn);
    return conn->cwnd > pipe ? conn->cwnd - pipe : 0u;
}

/* Sequence numbers beyond SND.NXT that both the peer's window (RFC 9293
 * §3.8.6.2.1) and the congestion window (RFC 5681 §3) admit; in RFC 6675
 * loss recovery the congestion window holds pipe, not the flight (§5 (C)). */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result > 0 ==> seq_dist(conn->snd_nxt, conn->snd_una) + \result <= conn->snd_wnd;
    ensures \result > 0 && conn->recovery != TCPFSM_RECOVERY_SACK
            ==> seq_dist(conn->snd_nxt, conn->snd_una) + \result <=
                cc_allowance(conn->recovery, conn->dupacks, conn->cwnd, conn->snd_mss); */
static uint32_t usable_window(const tcpfsm_conn *conn)
{
    uint32_t peer = beyond_nxt(conn, conn->snd_wnd);
    if (sack_recovery(conn)) {
        return tcpfsm_min_u32(peer, cwnd_room(conn));
    }
    return tcpfsm_min_u32(peer, beyond_nxt(conn, tcpfsm_cc_window(conn)));
}

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->fin_queued != 0;
    requires conn->state >= TCPFSM_ESTABLISHED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, conn->snd_nxt, conn->fin_sent, conn->fin_queued,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures out->count <= \old(out->count) + 1;
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_FIN_ACK, TCPFSM_KIND_FIN_ACK);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
    // the FIN takes one sequence number, or none when it did not go out
    ensures conn->snd_nxt == \old(conn->snd_nxt)
            || seq_dist(conn->snd_nxt, conn->snd_una) == seq_dist(\old(conn->snd_nxt), conn->snd_una) + 1;
*/
static void send_fin(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint16_t window = tcpfsm_advertise(conn);
    if (tcpfsm_emit(out, conn->snd_nxt, conn->rcv_nxt, TCPFSM_FIN | TCPFSM_ACK,
                    window, tcpfsm_inflight_data(conn), 0u)) {
        conn->snd_nxt = tcpfsm_seq_add(conn->snd_nxt, 1u);
        //@ assert seq_dist(conn->snd_nxt, conn->snd_una) == seq_dist(\at(conn->snd_nxt, Pre), conn->snd_una) + 1;
        conn->fin_sent = 1u;
        conn->fin_queued = 0u;
    }
}

/* One data segment of len bytes at SND.NXT; a full one holds `room`. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires 1 <= len <= data_unsent(*conn) && conn->state >= TCPFSM_ESTABLISHED;
    requires conn->fin_sent == 0 && syn_unacked(*conn) == 0;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, conn->snd_nxt, conn->rtt_timing, conn->rtt_seq, conn->rtt_start,
            conn->snd_sml, conn->ecn_cwr, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
    ensures \result == 0 ==> conn->snd_nxt == \old(conn->snd_nxt)
                              && out->count == \old(out->count);
    ensures \result == 1 ==> seq_dist(conn->snd_nxt, conn->snd_una)
                              == seq_dist(\old(conn->snd_nxt), conn->snd_una) + len;
*/
static int send_data(tcpfsm_conn *conn, uint32_t len, uint32_t room, uint64_t now,
                     tcpfsm_output *out)
{
    uint32_t offset = tcpfsm_inflight_data(conn);
    uint8_t flags = TCPFSM_ACK;
    uint16_t window = tcpfsm_advertise(conn);
    if (len == tcpfsm_unsent(conn)) {
        flags = TCPFSM_ACK | TCPFSM_PSH; /* §3.9.1: the queue empties here */
    }
    //@ assert seq_plus(send_base(*conn), offset) == conn->snd_nxt;
    //@ assert offset + len <= conn->snd_queued;
    if (!tcpfsm_emit(out, conn->snd_nxt, conn->rcv_nxt, flags, window, offset, len)) {
        return 0;
    }
    out->tx[out->count - 1u].ecn = tcpfsm_ecn_new_data(conn); /* RFC 3168 §6.1.2 */
    if (conn->rtt_timing == 0u) {
        tcpfsm_rtt_start(conn, conn->snd_nxt, now);
    }
    /* len fits what is queued and not sent: the flight stays within it */
    //@ assert seq_dist(conn->snd_nxt, conn->snd_una) + len <= conn->snd_queued + controls_sent(*conn);
    conn->snd_nxt = tcpfsm_seq_add(conn->snd_nxt, len);
    //@ assert seq_dist(conn->snd_nxt, conn->snd_una) == seq_dist(\at(conn->snd_nxt, Pre), conn->snd_una) + len;
    if (len < room) {
        conn->snd_sml = conn->snd_nxt;
    }
    return 1;
}

/* Whether a segment of len bytes, less than a full one, goes out now
 * (sender silly-window avoidance, RFC 9293 §3.8.6.2.1, and Nagle, §3.7.4).
 * A full segment always does. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing; */
static int small_segment_ok(const tcpfsm_conn *conn, uint32_t len)
{
    if (conn->snd_una == conn->snd_nxt) {
        /* nothing in flight: no ACK would come to release it later (the
         * RFC's override timer, without a timer), and Nagle lets it go */
        return 1;
    }
    if (len >= conn->max_snd_wnd / 2u) {
        return 1; /* (3): half the largest window the peer has offered */
    }
    if (len != tcpfsm_unsent(conn)) {
        return 0; /* only part of what is queued fits: wait for the window */
    }
    /* (2): all that is queued goes, unless Nagle holds it while a small
     * segment of ours is unacknowledged (Minshall's form, as in Linux: the
     * tail of a large write is not held back behind its full segments) */
    return conn->nodelay != 0u
        || conn->snd_urgent != 0u /* urgent data goes at once (as FreeBSD's) */
        || !(tcpfsm_seq_lt(conn->snd_una, conn->snd_sml)
             && tcpfsm_seq_leq(conn->snd_sml, conn->snd_nxt));
}

/* RFC 5681 §4.1: nothing in flight, and nothing sent for longer than the
 * RTO (a clock that went back counts as no time passed). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1; */
static int idle_too_long(const tcpfsm_conn *conn, uint64_t now)
{
    return conn->snd_una == conn->snd_nxt && now > conn->sent_at
        && now - conn->sent_at > conn->rto;
}

/* Segmentize queued data (RFC 9293 §3.8.6.2.1: at most Eff.snd.MSS and the
 * usable window per segment, small ones only as small_segment_ok says),
 * then send the FIN once all data is out.  At most TCPFSM_MAX_TX segments
 * per call: the attempt past them fails and sets out->more, which tells the
 * caller to ask again. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns *conn, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == \old(conn->state);
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       \old(conn->fin_queued) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures \old(conn->snd_queued) == 0
            ==> kinds_from(*out, \old(out->count), TCPFSM_KIND_FIN_ACK, TCPFSM_KIND_FIN_ACK);
    ensures !sending_state(\old(conn->state)) ==> out->count == \old(out->count);
    ensures conn->snd_queued == \old(conn->snd_queued) && conn->snd_una == \old(conn->snd_una)
            && conn->syn_acked == \old(conn->syn_acked);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
    ensures window_respected(\old(conn->snd_nxt), conn->snd_nxt, conn->snd_una,
                             conn->snd_wnd, conn->recovery,
                             cc_allowance(conn->recovery, conn->dupacks,
                                          conn->cwnd, conn->snd_mss));
    ensures conn->snd_wnd == \old(conn->snd_wnd) && conn->recovery == \old(conn->recovery)
            && conn->dupacks == \old(conn->dupacks) && conn->snd_mss == \old(conn->snd_mss);
*/
static void send_new(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint32_t room;
    uint32_t i;
    if ((conn->snd_queued == 0u && conn->fin_queued == 0u) || !may_send(conn)) {
        return; /* nothing queued and no FIN (a receiver's common case), or not now */
    }
    if (idle_too_long(conn, now)) {
        tcpfsm_cc_after_idle(conn); /* before transmission restarts */
    }
    room = data_room(conn, out);
    /*@ loop invariant 0 <= i <= TCPFSM_MAX_TX + 1;
        loop invariant conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
        loop invariant conn->state == \at(conn->state, Pre);
        loop invariant conn->fin_sent == 0;
        loop invariant conn->fin_queued == \at(conn->fin_queued, Pre);
        loop invariant conn->snd_queued == \at(conn->snd_queued, Pre);
        loop invariant conn->snd_una == \at(conn->snd_una, Pre);
        loop invariant conn->syn_acked == \at(conn->syn_acked, Pre);
        loop invariant appended(\at(*out, Pre), *out);
        loop invariant kinds_from(*out, \at(out->count, Pre), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
        loop invariant data_placed(*out, \at(out->count, Pre), send_base(*conn), conn->snd_queued);
        loop invariant conn->snd_queued == 0 ==> out->count == \at(out->count, Pre);
        loop invariant window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                        conn->snd_wnd, conn->recovery,
                                        cc_allowance(conn->recovery, conn->dupacks,
                                                     conn->cwnd, conn->snd_mss));
        loop invariant conn->snd_wnd == \at(conn->snd_wnd, Pre) && conn->recovery == \at(conn->recovery, Pre)
                       && conn->dupacks == \at(conn->dupacks, Pre) && conn->snd_mss == \at(conn->snd_mss, Pre);
        loop assigns i, *conn, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
        loop variant TCPFSM_MAX_TX + 1 - i; */
    for (i = 0u; i <= TCPFSM_MAX_TX; i++) {
        uint32_t len = tcpfsm_min_u32(tcpfsm_min_u32(tcpfsm_unsent(conn), usable_window(conn)),
                                      room);
        /* no data while our SYN is unacknowledged (only CLOSE in
         * SYN-RECEIVED leads on with it, and with nothing queued) */
        if (len == 0u || tcpfsm_syn_unacked(conn) != 0u
            || (len < room && !small_segment_ok(conn, len))
            || !send_data(conn, len, room, now, out)) {
            break;
        }
    }
    /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                conn->snd_wnd, conn->recovery,
                                cc_allowance(conn->recovery, conn->dupacks,
                                             conn->cwnd, conn->snd_mss)); */
    //@ assert data_placed(*out, \at(out->count, Pre), send_base(*conn), conn->snd_queued);
    if (conn->fin_queued != 0u && tcpfsm_unsent(conn) == 0u
        && usable_window(conn) > 0u) {
        /* the FIN's sequence number lies within both windows too */
        //@ assert seq_dist(conn->snd_nxt, conn->snd_una) + 1 <= conn->snd_wnd;
        /*@ assert conn->recovery != TCPFSM_RECOVERY_SACK
                   ==> seq_dist(conn->snd_nxt, conn->snd_una) + 1
                       <= cc_allowance(conn->recovery, conn->dupacks, conn->cwnd, conn->snd_mss); */
        send_fin(conn, out);
        //@ assert data_placed(*out, \at(out->count, Pre), send_base(*conn), conn->snd_queued);
        /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                    conn->snd_wnd, conn->recovery,
                                    cc_allowance(conn->recovery, conn->dupacks,
                                                 conn->cwnd, conn->snd_mss)); */
    }
}

/* Retransmit the start of `hole`, as much as a segment holds, and move
 * HighRxt to its end (RFC 6675 §5 (C.2)).  Returns 1 when it went out. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires hole.len == 0 || hole.offset + hole.len <= seq_dist(conn->snd_nxt, conn->snd_una);
    terminates \true;
    assigns conn->high_rxt, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures \result == 0 ==> out->count == \old(out->count);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
    ensures conn->snd_queued == 0 || !sending_state(conn->state)
            ==> out->count == \old(out->count);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
static int resend_hole(tcpfsm_conn *conn, tcpfsm_hole hole, tcpfsm_output *out)
{
    uint32_t data = tcpfsm_inflight_data(conn);
    uint32_t len;
    /* data only, and only once the SYN is acknowledged: offsets from
     * SND.UNA are then offsets into the send buffer */
    if (hole.len == 0u || hole.offset >= data || tcpfsm_syn_unacked(conn) != 0u
        || !tcpfsm_sending(conn)) {
        return 0;
    }
    len = tcpfsm_min_u32(tcpfsm_min_u32(hole.len, data_room(conn, out)), data - hole.offset);
    if (!tcpfsm_emit(out, tcpfsm_seq_add(conn->snd_una, hole.offset), conn->rcv_nxt,
                     TCPFSM_ACK, tcpfsm_advertise(conn), hole.offset, len)) {
        return 0;
    }
    conn->high_rxt = tcpfsm_seq_add(conn->snd_una, hole.offset + len);
    return 1;
}

/* RFC 6675 §5 (C): while cwnd - pipe leaves a full segment, retransmit
 * the holes NextSeg() rule (1) finds (lost ones), or with lost_only 0 rule
 * (3) (any below a SACKed range). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns conn->high_rxt, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
    ensures conn->snd_queued == 0 || !sending_state(conn->state)
            ==> out->count == \old(out->count);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
static void resend_holes(tcpfsm_conn *conn, int lost_only, tcpfsm_output *out)
{
    uint32_t i;
    if (!sack_recovery(conn)) {
        return;
    }
    /*@ loop invariant 0 <= i <= TCPFSM_MAX_TX;
        loop invariant conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
        loop invariant conn->state == \at(conn->state, Pre);
        loop invariant conn->snd_queued == \at(conn->snd_queued, Pre);
        loop invariant appended(\at(*out, Pre), *out);
        loop invariant kinds_from(*out, \at(out->count, Pre), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
        loop invariant data_placed(*out, \at(out->count, Pre), send_base(*conn), conn->snd_queued);
        loop invariant conn->snd_queued == 0 || !sending_state(conn->state)
                       ==> out->count == \at(out->count, Pre);
        loop assigns i, conn->high_rxt, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
                     out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
        loop variant TCPFSM_MAX_TX - i; */
    for (i = 0u; i < TCPFSM_MAX_TX; i++) {
        if (cwnd_room(conn) < conn->snd_mss
            || !resend_hole(conn, tcpfsm_sack_hole(conn, lost_only), out)) {
            break;
        }
    }
}

/* The retransmission the ACKs asked for (RFC 5681 §3.2 fast retransmit,
 * RFC 6582 §3.2 partial ACK): the segment at SND.UNA, ahead of new data;
 * in RFC 6675 recovery only as far as the first SACKed range (4.3). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns conn->rtx_due, conn->high_rxt, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->rtx_due == 0;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       conn->fin_sent != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures conn->snd_queued == 0
            ==> kinds_from(*out, \old(out->count), TCPFSM_KIND_FIN_ACK, TCPFSM_KIND_FIN_ACK);
    ensures !sending_state(conn->state) ==> out->count == \old(out->count);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
static void retransmit_due(tcpfsm_conn *conn, tcpfsm_output *out)
{
    int due = conn->rtx_due != 0u && tcpfsm_sending(conn) && conn->snd_una != conn->snd_nxt
           && tcpfsm_syn_unacked(conn) == 0u;
    conn->rtx_due = 0u;
    if (due) {
        tcpfsm_hole first = tcpfsm_sack_hole(conn, 0);
        if (first.len == 0u || first.offset != 0u) {
            /* no SACKed range yet: the segment at SND.UNA */
            first.offset = 0u;
            first.len = tcpfsm_inflight_data(conn);
        }
        if (!sack_recovery(conn) || !resend_hole(conn, first, out)) {
            tcpfsm_retransmit(conn, out); /* NewReno, or only our FIN is left */
        }
    }
}

/* RFC 6675 NextSeg() rule (3) applies when rule (2) finds no new data to
 * send: none queued, or none the peer's window admits. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing; */
static int nothing_new(const tcpfsm_conn *conn)
{
    return tcpfsm_unsent(conn) == 0u || beyond_nxt(conn, conn->snd_wnd) == 0u;
}

void tcpfsm_transmit(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint32_t before = out->count;
    retransmit_due(conn, out);
    //@ assert conn->snd_nxt == \at(conn->snd_nxt, Pre);
    //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
    if (conn->snd_queued == 0u) {
        send_new(conn, now, out); /* only our FIN: no hole to fill */
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
    } else {
        resend_holes(conn, 1, out);  /* NextSeg (1): lost holes */
        //@ assert conn->snd_nxt == \at(conn->snd_nxt, Pre);
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
        send_new(conn, now, out);    /* (2): new data */
        /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                    conn->snd_wnd, conn->recovery,
                                    cc_allowance(conn->recovery, conn->dupacks,
                                                 conn->cwnd, conn->snd_mss)); */
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
        if (nothing_new(conn)) {
            resend_holes(conn, 0, out); /* (3): the other holes */
        }
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
    }
    /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                conn->snd_wnd, conn->recovery,
                                cc_allowance(conn->recovery, conn->dupacks,
                                             conn->cwnd, conn->snd_mss)); */
    //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
    if (out->count != before) {
        conn->sent_at = now; /* RFC 5681 §4.1 measures idleness from here */
    }
    /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                conn->snd_wnd, conn->recovery,
                                cc_allowance(conn->recovery, conn->dupacks,
                                             conn->cwnd, conn->snd_mss)); */
    if (sack_recovery(conn)) {
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
        tcpfsm_prr_sent(conn, out, before); /* RFC 9937 prr_out */
        //@ assert data_placed(*out, before, send_base(*conn), conn->snd_queued);
        /*@ assert window_respected(\at(conn->snd_nxt, Pre), conn->snd_nxt, conn->snd_una,
                                    conn->snd_wnd, conn->recovery,
                                    cc_allowance(conn->recovery, conn->dupacks,
                                                 conn->cwnd, conn->snd_mss)); */
    }
}

/* RFC 6298 §5.4: retransmit the earliest unacknowledged segment. */
void tcpfsm_retransmit(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint32_t data;
    uint32_t len;
    uint8_t flags = TCPFSM_ACK;
    if (tcpfsm_syn_unacked(conn) != 0u) {
        tcpfsm_send_syn(conn, out);
        return;
    }
    data = tcpfsm_inflight_data(conn);
    len = tcpfsm_min_u32(data, data_room(conn, out));
    //@ assert send_base(*conn) == conn->snd_una && len <= conn->snd_queued;
    if (len == data && len > 0u) {
        flags = TCPFSM_ACK | TCPFSM_PSH; /* it ends where the sent data ends */
    }
    if (len == data && conn->fin_sent != 0u) {
        flags = (uint8_t)(flags + TCPFSM_FIN); /* FIN is clear in both values above */
    }
    (void)tcpfsm_emit(out, conn->snd_una, conn->rcv_nxt, flags,
                      tcpfsm_advertise(conn), 0u, len);
}

/* RFC 9293 §3.8.6.1: the peer's window is zero and nothing is in flight;
 * send one unit beyond the window so that its ACK reports the window. */
void tcpfsm_probe(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint16_t window;
    /* no data may follow our FIN */
    if (tcpfsm_unsent(conn) == 0u || conn->fin_sent != 0u) {
        /* tcpfsm_rearm runs the persist timer only for queued data or FIN */
        if (conn->fin_queued != 0u) {
            send_fin(conn, out); /* the FIN probes the window */
        }
        return;
    }
    window = tcpfsm_advertise(conn);
    if (tcpfsm_emit(out, conn->snd_nxt, conn->rcv_nxt, TCPFSM_ACK, window,
                    tcpfsm_inflight_data(conn), 1u)) {
        conn->snd_nxt = tcpfsm_seq_add(conn->snd_nxt, 1u);
        //@ assert seq_dist(conn->snd_nxt, conn->snd_una) == 1;
    }
}

/* RFC 8985 §7.3: a tail loss probe of new data: one segment at SND.NXT if
 * data waits and the peer's window takes it, the congestion window
 * notwithstanding (the probe is the one named exception beside limited
 * transmit and the zero-window probe).  Returns 1 when it went out. */
int tcpfsm_probe_new_data(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint32_t len;
    if (!may_send(conn) || tcpfsm_syn_unacked(conn) != 0u) {
        return 0;
    }
    len = tcpfsm_min_u32(tcpfsm_min_u32(tcpfsm_unsent(conn), beyond_nxt(conn, conn->snd_wnd)),
                         data_room(conn, out));
    return len > 0u && send_data(conn, len, data_room(conn, out), now, out);
}

/* RFC 8985 §7.3: the probe that sends again the highest-sequence segment
 * sent: the last data in flight, as much as a segment holds, with our FIN
 * when it was sent. */
void tcpfsm_resend_last(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint32_t data = tcpfsm_inflight_data(conn);
    uint32_t room = data_room(conn, out);
    uint32_t offset;
    uint8_t flags;
    if (data <= room) {
        tcpfsm_retransmit(conn, out); /* all of it fits: from SND.UNA */
        return;
    }
    offset = data - room;
    flags = (uint8_t)(conn->fin_sent != 0u ? TCPFSM_ACK | TCPFSM_PSH | TCPFSM_FIN
                                           : TCPFSM_ACK | TCPFSM_PSH);
    //@ assert send_base(*conn) == conn->snd_una && offset + room <= conn->snd_queued;
    (void)tcpfsm_emit(out, tcpfsm_seq_add(conn->snd_una, offset), conn->rcv_nxt, flags,
                      tcpfsm_advertise(conn), offset, room);
}

/* RFC 8985 §6.3, after its reordering timer: the retransmission loss
 * recovery asked for (the segment at SND.UNA once recovery starts), else
 * the first hole taken for lost, within cwnd - pipe (RFC 6675 §5 (C)). */
void tcpfsm_resend_lost(tcpfsm_conn *conn, tcpfsm_output *out)
{
    if (conn->rtx_due != 0u) {
        retransmit_due(conn, out);
    } else if (sack_recovery(conn) && cwnd_room(conn) >= conn->snd_mss) {
        (void)resend_hole(conn, tcpfsm_sack_hole(conn, 1), out);
    }
}
