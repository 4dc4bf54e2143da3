/* SPDX-License-Identifier: BSD-2-Clause */
/* SEGMENT ARRIVES, fifth step: the ACK field (RFC 9293 §3.10.7.4, RFC 5961 §5). */
#include "internal.h"

/* SND.UNA advances to SEG.ACK: account the SYN, the data and the FIN it
 * covers, take the RTT sample and restart the timers (RFC 6298 §5.2-§5.3). */
void tcpfsm_ack_advance(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                        tcpfsm_output *out)
{
    uint32_t ack = seg->ack;
    uint32_t units = tcpfsm_seq_dist(ack, conn->snd_una);
    uint32_t syn = tcpfsm_syn_unacked(conn);
    uint32_t fin = conn->fin_sent != 0u && ack == conn->snd_nxt ? 1u : 0u;
    uint32_t data = units >= syn + fin ? units - syn - fin : 0u;
    /* what stays in flight: SND.NXT - ack = (SND.NXT - SND.UNA) - units */
    //@ assert seq_dist(conn->snd_nxt, ack) == seq_dist(conn->snd_nxt, conn->snd_una) - units;
    tcpfsm_rtt_ack(conn, seg, now);
    if (syn != 0u) {
        conn->syn_acked = 1u;
        /* RFC 6298 §5.7: the handshake lost a segment and gave no sample:
         * an RTO configured below 3 s is re-initialized to 3 s */
        if (conn->retries > 0u && conn->have_rtt == 0u
            && conn->cfg.rto_initial_ms < TCPFSM_RTO_AFTER_SYN_LOSS_MS) {
            conn->rto = TCPFSM_RTO_AFTER_SYN_LOSS_MS;
        }
        if (conn->retries > 0u) {
            tcpfsm_cc_syn_retransmitted(conn);
        }
    }
    data = tcpfsm_min_u32(data, conn->snd_queued);
    conn->snd_queued -= data;
    out->acked = data; /* SND.UNA advances at most once per call */
    conn->snd_una = ack;
    conn->retries = 0u;
    conn->rtx_deadline = TCPFSM_NO_DEADLINE;
    conn->user_deadline = TCPFSM_NO_DEADLINE;
    //@ assert seq_dist(conn->snd_nxt, conn->snd_una) <= conn->snd_queued + controls_sent(*conn);
    //@ assert conn_ok(*conn);
    /* RFC 8985 RACK.fack and RACK's verdict never fall behind SND.UNA:
     * below it all is acknowledged (rack.c) */
    if (tcpfsm_seq_lt(conn->rack_fack, ack)) {
        conn->rack_fack = ack;
    }
    if (tcpfsm_seq_lt(conn->rack_lost, ack)) {
        conn->rack_lost = ack;
    }
    tcpfsm_urgent_acked(conn);
}

/* The SND.WL1/SND.WL2 rule: take the window only from a segment newer
 * than the one that last set it, so old segments cannot shrink it. */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(*conn);
    terminates \true;
    assigns conn->snd_wnd, conn->snd_wl1, conn->snd_wl2, conn->max_snd_wnd;
    ensures conn_ok(*conn);
*/
static void update_window(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    if (tcpfsm_seq_lt(conn->snd_wl1, seg->seq)
        || (conn->snd_wl1 == seg->seq && tcpfsm_seq_leq(conn->snd_wl2, seg->ack))) {
        conn->snd_wnd = tcpfsm_peer_window(conn, seg);
        conn->snd_wl1 = seg->seq;
        conn->snd_wl2 = seg->ack;
        if (conn->snd_wnd > conn->max_snd_wnd) {
            conn->max_snd_wnd = conn->snd_wnd;
        }
    }
}

void tcpfsm_take_window(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    update_window(conn, seg);
    /* RFC 9293 §3.8.6.1 (MUST-37): a receiver answering our probes keeps
     * the connection alive however long its window stays shut: neither
     * the retry limit nor the user timeout counts the wait */
    if (seg->window == 0u) {
        conn->retries = 0u;
        conn->user_deadline = TCPFSM_NO_DEADLINE;
    }
}

void tcpfsm_peer_heard(tcpfsm_conn *conn)
{
    conn->keepalive_probes = 0u;
    if (conn->snd_una == conn->snd_nxt && conn->state != (uint8_t)TCPFSM_TIME_WAIT) {
        conn->rtx_deadline = TCPFSM_NO_DEADLINE;
    }
}

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> conn->fin_sent != 0 && conn->snd_una == conn->snd_nxt; */
static int fin_acked(const tcpfsm_conn *conn)
{
    return conn->fin_sent != 0u && conn->snd_una == conn->snd_nxt;
}

/* SYN-RECEIVED: an ACK of our SYN completes the handshake and is taken;
 * any other ACK draws <SEQ=SEG.ACK><CTL=RST>. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state == TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->state, conn->snd_wnd, conn->max_snd_wnd, conn->snd_wl1, conn->snd_wl2,
            conn->srtt8, conn->rttvar4, conn->rto, conn->rtt_timing, conn->have_rtt,
            conn->syn_acked, conn->snd_queued, conn->snd_una, conn->snd_urgent, conn->retries,
            conn->rtx_deadline, conn->user_deadline, conn->cwnd,
            conn->hs_round_min_rtt, conn->hs_samples, conn->rack_min_rtt, conn->rack_fack,
            conn->rack_lost,
            out->notes, out->acked, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> out->count == \old(out->count);
    ensures \result == 1 ==> conn->state == TCPFSM_ESTABLISHED
                           || conn->state == TCPFSM_FIN_WAIT_1;
    ensures \result == 0 ==> conn->state == TCPFSM_SYN_RECEIVED;
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_RST, TCPFSM_KIND_RST);
*/
static int syn_received_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                            tcpfsm_output *out)
{
    if (!tcpfsm_seq_lt(conn->snd_una, seg->ack) || !tcpfsm_seq_leq(seg->ack, conn->snd_nxt)) {
        tcpfsm_send_rst(out, seg->ack, 0u, TCPFSM_RST);
        return 0;
    }
    conn->state = (uint8_t)TCPFSM_ESTABLISHED;
    out->notes |= TCPFSM_NOTE_CONNECTED;
    conn->snd_wnd = tcpfsm_peer_window(conn, seg);
    conn->max_snd_wnd = conn->snd_wnd;
    conn->snd_wl1 = seg->seq;
    conn->snd_wl2 = seg->ack;
    /* a CLOSE issued in SYN-RECEIVED with data queued takes effect now (§3.10.4) */
    if (conn->fin_queued != 0u) {
        conn->state = (uint8_t)TCPFSM_FIN_WAIT_1;
    }
    /* SND.UNA < SEG.ACK =< SND.NXT: it is in range and new, whatever RFC
     * 5961 §5.2 says of old ACKs */
    tcpfsm_ack_advance(conn, seg, now, out);
    return 1;
}

/* RFC 5961 §5.2: an ACK of something not yet sent, or older than
 * SND.UNA - MAX.SND.WND (a blind guess), draws an ACK and is dropped.
 * Returns 1 for an ACK to take: a duplicate (SEG.ACK =< SND.UNA) or one
 * inside SND.UNA =< SEG.ACK =< SND.NXT. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, conn->challenge_start, conn->challenge_count,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> !seq_lt(conn->snd_nxt, seg->ack) && out->count == \old(out->count);
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
*/
static int ack_in_range(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                        tcpfsm_output *out)
{
    uint32_t ack = seg->ack;
    int rfc5961 = (conn->cfg.flags & TCPFSM_CFG_RFC5961) != 0u;
    if (tcpfsm_seq_lt(conn->snd_nxt, ack)
        || (rfc5961 && tcpfsm_seq_lt(ack, tcpfsm_seq_sub(conn->snd_una, conn->max_snd_wnd)))) {
        if (rfc5961) {
            tcpfsm_send_challenge_ack(conn, now, out); /* RFC 5961 §5.2, §7 */
        } else {
            tcpfsm_send_ack(conn, out); /* RFC 9293 §3.10.7.4 fifth step */
        }
        return 0;
    }
    return 1;
}

/* RFC 5681 §2: a duplicate ACK acknowledges SND.UNA again while data is
 * outstanding, carries no data, neither SYN nor FIN, and the same window.
 * Not a shut window: those ACKs answer our zero-window probes, and say
 * nothing of loss (FreeBSD counts none while its persist timer runs). */
/*@ requires \valid_read(conn) && \valid_read(seg) && conn->snd_wscale <= TCPFSM_MAX_WSCALE;
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int duplicate_ack(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return seg->ack == conn->snd_una && conn->snd_una != conn->snd_nxt && seg->len == 0u
        && (seg->flags & (TCPFSM_SYN | TCPFSM_FIN)) == 0
        && conn->snd_wnd != 0u && tcpfsm_peer_window(conn, seg) == conn->snd_wnd;
}

/* Take an ACK that acknowledges nothing beyond SND.NXT: advance SND.UNA
 * when it is new, tell congestion control, update the send window. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_ESTABLISHED;
    requires !seq_lt(conn->snd_nxt, seg->ack);
    terminates \true;
    assigns conn->srtt8, conn->rttvar4, conn->rto, conn->rtt_timing, conn->have_rtt,
            conn->syn_acked, conn->snd_queued, conn->snd_una, conn->snd_urgent, conn->retries,
            conn->rtx_deadline, conn->user_deadline, out->acked,
            conn->snd_wnd, conn->snd_wl1, conn->snd_wl2, conn->max_snd_wnd,
            conn->cwnd, conn->ssthresh, conn->recover, conn->dupacks, conn->recovery,
            conn->rtx_due, conn->bytes_acked, conn->keepalive_probes, conn->sacked,
            conn->high_rxt, conn->ecn_cwr, conn->prr_delivered, conn->prr_out, conn->recover_fs,
            conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt, conn->hs_last_min_rtt,
            conn->hs_css_baseline, conn->hs_samples, conn->hs_css_rounds,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior,
            conn->rack_min_rtt, conn->tlp_out, conn->rack_reordering, conn->rack_fack,
            conn->rack_fack_at, conn->rack_lost, conn->loss_timer, conn->loss_deadline,
            conn->rack_dsack_round, conn->rack_dsack_counted, conn->rack_reo_persist;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
*/
static void take_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                     tcpfsm_output *out)
{
    uint32_t ack = seg->ack;
    tcpfsm_ack_prior prior;
    prior.una = conn->snd_una;
    prior.fack = conn->rack_fack;
    prior.recovery = conn->recovery;
    if (tcpfsm_seq_leq(conn->snd_una, ack)) {
        /* RFC 9937: what the ACK delivers is measured against these (an
         * empty scoreboard, as always without SACK, covers nothing: no walk
         * on the common path) */
        uint32_t sacked_before = conn->sacked.count != 0u ? tcpfsm_sack_bytes(conn) : 0u;
        int in_sack_recovery = conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK;
        uint32_t acked = 0u;
        tcpfsm_tlp_ack(conn, seg); /* RFC 8985 §7.4, before the window grows */
        if (conn->snd_una != ack) {
            uint32_t advance = tcpfsm_seq_dist(ack, conn->snd_una);
            /* not beyond SND.NXT, not before SND.UNA, and less than half
             * the sequence space in flight: SND.UNA < ack =< SND.NXT */
            //@ assert seq_dist(ack, conn->snd_una) <= seq_dist(conn->snd_nxt, conn->snd_una);
            tcpfsm_ack_advance(conn, seg, now, out);
            tcpfsm_sack_update(conn, seg);
            tcpfsm_cc_ack(conn, out->acked);
            acked = out->acked;
            /* §3.1: a window counts from the ACK that carried it.  When
             * this segment does not set a new one (below), the right edge
             * stays where it was: SND.WND shrinks by what SND.UNA moved
             * (BSD: snd_wnd -= acked) */
            conn->snd_wnd = conn->snd_wnd > advance ? conn->snd_wnd - advance : 0u;
        } else {
            tcpfsm_sack_update(conn, seg); /* RFC 6675 §5: before the loss test */
            tcpfsm_cc_same_ack(conn, duplicate_ack(conn, seg));
        }
        tcpfsm_rack_ack(conn, seg, prior, now); /* RFC 8985 §6 */
        if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK) {
            tcpfsm_prr_ack(conn, acked, sacked_before, !in_sack_recovery);
        }
        tcpfsm_take_window(conn, seg);
    }
    tcpfsm_peer_heard(conn);
}

/* The fifth step's state changes once our FIN is acknowledged.  Returns 0
 * when the TCB is gone (LAST-ACK). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0 && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns *conn, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures ack_moves(\old(conn->state), conn->state);
    ensures \old(conn->fin_sent) == 0 ==> conn->state == \old(conn->state);
    ensures \result != 0 ==> conn->state != TCPFSM_CLOSED;
    ensures out->count == 0;
*/
static int fin_ack_moves(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    if (!fin_acked(conn)) {
        return 1;
    }
    if (conn->state == (uint8_t)TCPFSM_FIN_WAIT_1) {
        conn->state = (uint8_t)TCPFSM_FIN_WAIT_2;
    } else if (conn->state == (uint8_t)TCPFSM_CLOSING) {
        tcpfsm_enter_time_wait(conn, now);
    } else if (conn->state == (uint8_t)TCPFSM_LAST_ACK) {
        tcpfsm_enter_closed(conn, out, 0u);
        return 0;
    }
    return 1;
}

/* Returns 1 when processing continues with the sixth step, 0 when the
 * segment has been dealt with (dropped, answered, or the TCB is gone). */
/* The fifth step proper (§3.10.7.4), for SYN-RECEIVED and the states
 * after it. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires conn->state >= TCPFSM_SYN_RECEIVED && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures ack_moves(\old(conn->state), conn->state);
    ensures \result != 0 ==> conn->state != TCPFSM_CLOSED && out->count == 0;
    ensures out->count == 0 || (\result == 0 && conn->state == \old(conn->state)
            && kinds_from(*out, 0, TCPFSM_KIND_ACK,
                          \old(conn->state) == TCPFSM_SYN_RECEIVED ? TCPFSM_KIND_RST
                                                                 : TCPFSM_KIND_ACK));
*/
static int ack_steps(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                     tcpfsm_output *out)
{
    if (conn->state == (uint8_t)TCPFSM_SYN_RECEIVED) {
        if (!syn_received_ack(conn, seg, now, out)) {
            return 0;
        }
    } else if (ack_in_range(conn, seg, now, out)) {
        take_ack(conn, seg, now, out);
    } else {
        return 0;
    }
    return fin_ack_moves(conn, now, out);
}

int tcpfsm_process_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                       tcpfsm_output *out)
{
    int echo = conn->ecn_on != 0u && (seg->flags & TCPFSM_ECE) != 0u;
    uint32_t cap;
    int result;
    /* RFC 3168 §6.1.3: the marks of an acceptable segment; §6.1.2: its
     * ECE reduces the window, and CWR tells the peer so */
    tcpfsm_ecn_arrived(conn, seg);
    if (echo && tcpfsm_cc_ecn(conn, seg->ack) != 0) {
        conn->ecn_cwr = 1u;
    }
    cap = conn->cwnd;
    result = ack_steps(conn, seg, now, out);
    /* §6.1.2: the window SHOULD NOT grow in answer to an ECE; loss
     * recovery's own accounting (RFC 5681 §3.2's inflation) goes on */
    if (echo && conn->cwnd > cap && conn->recovery == (uint8_t)TCPFSM_RECOVERY_NONE) {
        conn->cwnd = cap;
    }
    return result;
}
