/* SPDX-License-Identifier: BSD-2-Clause */
/* SEGMENT ARRIVES, RFC 9293 §3.10.7: dispatch by state, LISTEN, SYN-SENT,
 * and the first four steps of the synchronized states. */
#include "internal.h"

/*@ requires \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (seg->flags & flag) != 0;
*/
static int has(const tcpfsm_segment *seg, uint8_t flag)
{
    return (seg->flags & flag) != 0; /* int & int: no conversion to prove */
}

/* TCPFSM_COMPAT_DROP_SYNFIN: FreeBSD's net.inet.tcp.drop_synfin drops a
 * segment carrying both SYN and FIN where a connection would begin
 * (LISTEN, SYN-SENT); RFC 9293 processes it as a SYN (§3.10.7.2-3). */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int synfin_dropped(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return (conn->cfg.compat & TCPFSM_COMPAT_DROP_SYNFIN) != 0u && has(seg, TCPFSM_SYN)
        && has(seg, TCPFSM_FIN);
}

/* TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK: a SYN,ACK at a listener goes
 * unanswered, as the FreeBSD suite expects (rcv-syn-ack-listen); RFC 9293
 * §3.10.7.2 resets any ACK there. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> (conn->cfg.compat & TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK) != 0
                              && (seg->flags & TCPFSM_SYN) != 0 && (seg->flags & TCPFSM_ACK) != 0;
*/
static int listen_drops_syn_ack(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return (conn->cfg.compat & TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK) != 0u && has(seg, TCPFSM_SYN)
        && has(seg, TCPFSM_ACK);
}

/* §3.10.7.2 LISTEN. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires conn->state == TCPFSM_LISTEN && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(TCPFSM_LISTEN, \old(conn->passive), conn->state);
    ensures segment_output(TCPFSM_LISTEN, \old(conn->passive), conn->state, *out);
    ensures (seg->flags & TCPFSM_RST) != 0 ==> out->count == 0;
    ensures (seg->flags & TCPFSM_ACK) != 0 ==> conn->state == TCPFSM_LISTEN;
    ensures (\old(conn->cfg.compat) & TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK) != 0
            && (seg->flags & TCPFSM_SYN) != 0 && (seg->flags & TCPFSM_ACK) != 0
            ==> out->count == 0;
*/
static void on_listen(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint32_t iss,
                      uint64_t now, tcpfsm_output *out)
{
    if (has(seg, TCPFSM_RST)) {
        return; /* first: ignore */
    }
    if (has(seg, TCPFSM_ACK)) {
        if (!listen_drops_syn_ack(conn, seg)) {
            tcpfsm_send_rst(out, seg->ack, 0u, TCPFSM_RST); /* second: <SEQ=SEG.ACK><CTL=RST> */
        }
        return;
    }
    if (!has(seg, TCPFSM_SYN)) {
        return; /* fourth: drop */
    }
    /* third: text and FIN on the SYN are not kept (no buffer is ours to
     * queue them in); the peer retransmits what we do not acknowledge */
    conn->iss = iss;
    conn->snd_una = iss;
    conn->snd_nxt = tcpfsm_seq_add(iss, 1u);
    conn->rack_fack = iss; /* RFC 8985: nothing SACKed, nothing lost */
    conn->rack_lost = iss;
    conn->state = (uint8_t)TCPFSM_SYN_RECEIVED;
    tcpfsm_synchronize(conn, seg, now);
    tcpfsm_send_syn(conn, out);
    tcpfsm_rtt_start(conn, iss, now);
}

/* §3.10.7.3 SYN-SENT. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires conn->state == TCPFSM_SYN_SENT && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(TCPFSM_SYN_SENT, \old(conn->passive), conn->state);
    ensures segment_output(TCPFSM_SYN_SENT, \old(conn->passive), conn->state, *out);
    ensures (seg->flags & TCPFSM_RST) != 0 ==> out->count == 0;
*/
static void on_syn_sent(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                        tcpfsm_output *out)
{
    /* first: an ACK must cover our SYN and nothing beyond it */
    if (has(seg, TCPFSM_ACK)
        && (!tcpfsm_seq_lt(conn->iss, seg->ack) || !tcpfsm_seq_leq(seg->ack, conn->snd_nxt))) {
        if (!has(seg, TCPFSM_RST)) {
            tcpfsm_send_rst(out, seg->ack, 0u, TCPFSM_RST);
        }
        return;
    }
    /* second: a RST is believed only with an acceptable ACK */
    if (has(seg, TCPFSM_RST)) {
        if (has(seg, TCPFSM_ACK)) {
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_REFUSED);
        }
        return;
    }
    if (!has(seg, TCPFSM_SYN)) {
        return; /* fifth: drop */
    }
    tcpfsm_synchronize(conn, seg, now);
    if (!has(seg, TCPFSM_ACK)) {
        /* simultaneous open: answer SYN,ACK from ISS; the text waits,
         * kept, until ESTABLISHED */
        conn->state = (uint8_t)TCPFSM_SYN_RECEIVED;
        tcpfsm_send_syn(conn, out);
        tcpfsm_keep_syn_text(conn, seg->len, out); /* in the window it offers */
        return;
    }
    conn->state = (uint8_t)TCPFSM_ESTABLISHED;
    out->notes |= TCPFSM_NOTE_CONNECTED;
    tcpfsm_ack_advance(conn, seg, now, out);
    /* text and FIN after the SYN continue at the sixth step: URG (its
     * pointer counts from the SYN's number, §3.1) */
    tcpfsm_urgent_arrives(conn, seg, out);
    (void)tcpfsm_process_text(conn, tcpfsm_seq_add(seg->seq, 1u), seg->len,
                              has(seg, TCPFSM_FIN) ? 1u : 0u, now, out);
    tcpfsm_transmit(conn, now, out);
    if (out->count == 0u) {
        tcpfsm_send_ack(conn, out);
    }
}

/* RCV.WND of the acceptability test: the window advertised (§3.8.6), or
 * with ACCEPT_FREE_BUFFER the free buffer when that is larger, as FreeBSD
 * judges it, except in TIME-WAIT, where FreeBSD keeps only the window
 * last advertised (struct tcptw). */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing; */
static uint32_t acceptance_window(const tcpfsm_conn *conn)
{
    uint32_t advertised = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t free_space = conn->cfg.rcv_buf - conn->rcv_unread;
    if ((conn->cfg.compat & TCPFSM_COMPAT_ACCEPT_FREE_BUFFER) != 0u
        && conn->state != (uint8_t)TCPFSM_TIME_WAIT && free_space > advertised) {
        return free_space;
    }
    return advertised;
}

/* §3.10.7.4 first step: the four cases of sequence acceptability.  With a
 * zero window a segment at RCV.NXT still carries a valid ACK or RST; its
 * text is trimmed away later.  SYN_BY_SEQ judges a SYN as a segment
 * without text (FreeBSD). */
/*@ requires \valid_read(conn) && conn_ok(*conn) && \valid_read(seg) && segment_ok(*seg);
    terminates \true;
    assigns \nothing; */
static int acceptable(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    uint32_t window = acceptance_window(conn);
    uint32_t len = tcpfsm_seg_len(seg);
    if (window == 0u) {
        return seg->seq == conn->rcv_nxt;
    }
    if (len == 0u
        || (has(seg, TCPFSM_SYN) && (conn->cfg.compat & TCPFSM_COMPAT_SYN_BY_SEQ) != 0u)) {
        return tcpfsm_seq_in_window(seg->seq, conn->rcv_nxt, window);
    }
    return tcpfsm_seq_in_window(seg->seq, conn->rcv_nxt, window)
        || tcpfsm_seq_in_window(tcpfsm_seq_add(seg->seq, len - 1u), conn->rcv_nxt, window);
}

/* SYN-RECEIVED from a passive OPEN, reset by the peer (second step) or
 * by its new SYN (fourth step): §3.10.7.4 returns to LISTEN, "the user need
 * not be informed".  Not once the user has used the connection (data queued
 * by SEND, or CLOSE): that data would be dropped unnoticed, and LISTEN would
 * bring back a connection the user ended.  It is reset instead
 * (spec/README.md, Deviations 15). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    requires conn->state == TCPFSM_SYN_RECEIVED && conn->passive != 0;
    terminates \true;
    assigns *conn, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_LISTEN || conn->state == TCPFSM_CLOSED;
    ensures out->count == 0;
*/
static void passive_reset(tcpfsm_conn *conn, tcpfsm_output *out)
{
    if (conn->snd_queued != 0u || conn->fin_queued != 0u) {
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_RESET);
    } else {
        tcpfsm_back_to_listen(conn);
    }
}

/* Second step: RST.  RFC 5961 §3.2: only SEG.SEQ = RCV.NXT resets; elsewhere
 * in the window it draws a challenge ACK. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_RECEIVED;
    requires out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures segment_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    // RFC 5961 §3.2: a RST not exactly at RCV.NXT changes nothing
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0 && seg->seq != \old(conn->rcv_nxt)
            ==> conn->state == \old(conn->state);
    // at most the challenge ACK, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    ensures out->count <= 1 && (out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
            && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt);
*/
static void on_rst(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                   tcpfsm_output *out)
{
    uint8_t s = conn->state;
    if (s == (uint8_t)TCPFSM_TIME_WAIT && (conn->cfg.flags & TCPFSM_CFG_RFC1337) != 0u) {
        return; /* RFC 1337 §3: TIME-WAIT assassination is refused */
    }
    if ((conn->cfg.flags & TCPFSM_CFG_RFC5961) != 0u && seg->seq != conn->rcv_nxt) {
        tcpfsm_send_challenge_ack(conn, now, out);
        return;
    }
    if (s == (uint8_t)TCPFSM_SYN_RECEIVED) {
        if (conn->passive == 0u) {
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_REFUSED);
        } else {
            passive_reset(conn, out);
        }
    } else if (s == (uint8_t)TCPFSM_TIME_WAIT) {
        tcpfsm_enter_closed(conn, out, 0u); /* both directions were done */
    } else {
        /* CLOSING and LAST-ACK too: our FIN was never acknowledged, and
         * §3.5.3 has the receiver of a RST "advise the user" (MUST-12) */
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_RESET);
    }
}

/* Fourth step: SYN in a synchronized state. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires conn->state >= TCPFSM_SYN_RECEIVED && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures segment_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    // RFC 5961 §4.2: in a synchronized state a SYN never resets
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && \old(conn->state) >= TCPFSM_ESTABLISHED
            ==> conn->state == \old(conn->state);
*/
static void on_syn(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                   tcpfsm_output *out)
{
    if (conn->state == (uint8_t)TCPFSM_SYN_RECEIVED && conn->passive != 0u) {
        passive_reset(conn, out);
    } else if ((conn->cfg.flags & TCPFSM_CFG_RFC5961) != 0u) {
        tcpfsm_send_challenge_ack(conn, now, out); /* RFC 5961 §4.2 */
    } else {
        /* RFC 793 behaviour: the SYN is an error; reset both ends */
        if ((conn->cfg.compat & TCPFSM_COMPAT_SYN_RESET_FROM_TCB) != 0u) {
            tcpfsm_send_rst(out, conn->snd_nxt, conn->rcv_nxt, TCPFSM_RST | TCPFSM_ACK);
        } else {
            tcpfsm_rst_for(seg, out);
        }
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_RESET);
    }
}

/* TIME-WAIT: the peer retransmits its FIN because our ACK was lost;
 * acknowledge it and restart the 2 MSL timeout (eighth step). */
/*@ requires \valid_read(conn) && \valid_read(seg) && segment_ok(*seg);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 ==> conn->state == TCPFSM_TIME_WAIT; */
static int time_wait_fin(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return conn->state == (uint8_t)TCPFSM_TIME_WAIT && has(seg, TCPFSM_FIN)
        && !has(seg, TCPFSM_RST) && !has(seg, TCPFSM_SYN)
        && tcpfsm_seq_add(seg->seq, tcpfsm_seg_len(seg)) == conn->rcv_nxt;
}

/* RFC 6191 §2: a SYN that can only begin a new incarnation.  When the
 * new one would use timestamps and the old one did, its TSval is newer
 * than TS.Recent, or equal to it with SEG.SEQ beyond RCV.NXT (PAWS keeps
 * the old segments out of the new); when only the new one would, any
 * such SYN.  Otherwise its SEQ lies beyond RCV.NXT, beyond every octet of
 * the old incarnation (RFC 1122 §4.2.2.13; FreeBSD's tcp_twcheck, Linux's
 * tcp_timewait_state_process). */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int new_incarnation(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    int new_uses_timestamps = (seg->options & TCPFSM_OPT_TIMESTAMP) != 0u
                           && (conn->cfg.flags & TCPFSM_CFG_TIMESTAMPS) != 0u;
    int later_seq = tcpfsm_seq_lt(conn->rcv_nxt, seg->seq);
    if (!new_uses_timestamps) {
        return later_seq;
    }
    return conn->ts_on == 0u || tcpfsm_seq_lt(conn->ts_recent, seg->ts_val)
        || (seg->ts_val == conn->ts_recent && later_seq);
}

/* RFC 9293 §3.6.1 (MAY-2): a SYN of a new incarnation ends TIME-WAIT, so
 * that a client back on the same port pair is not refused for 2 MSL. */
/*@ requires \valid(conn) && \valid(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> conn->state == TCPFSM_TIME_WAIT && conn->cfg.time_wait_reopen != 0
            && (seg->flags & TCPFSM_SYN) != 0 && (seg->flags & TCPFSM_RST) == 0;
*/
static int time_wait_reopens(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    if (conn->state != (uint8_t)TCPFSM_TIME_WAIT || conn->cfg.time_wait_reopen == 0u
        || !has(seg, TCPFSM_SYN) || has(seg, TCPFSM_ACK) || has(seg, TCPFSM_RST)
        || synfin_dropped(conn, seg)) {
        return 0;
    }
    return new_incarnation(conn, seg);
}

/* TCPFSM_COMPAT_TIME_WAIT_BSD, first: in TIME-WAIT a segment with none of
 * ACK, SYN and RST is dropped before any other test (tcp_twcheck). */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result != 0 ==> conn->state == TCPFSM_TIME_WAIT;
*/
static int time_wait_bsd_drops(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return (conn->cfg.compat & TCPFSM_COMPAT_TIME_WAIT_BSD) != 0u
        && conn->state == (uint8_t)TCPFSM_TIME_WAIT && !has(seg, TCPFSM_ACK)
        && !has(seg, TCPFSM_SYN) && !has(seg, TCPFSM_RST);
}

/* TCPFSM_COMPAT_TIME_WAIT_BSD, then: in TIME-WAIT an ACK that drew no
 * answer (the steps of §3.10.7.4 took it silently) is acknowledged unless
 * it is a pure duplicate ACK; a RST or SYN keeps the answer it got. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result != 0 ==> conn->state == TCPFSM_TIME_WAIT && (seg->flags & TCPFSM_RST) == 0;
*/
static int time_wait_bsd_acks(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return (conn->cfg.compat & TCPFSM_COMPAT_TIME_WAIT_BSD) != 0u
        && conn->state == (uint8_t)TCPFSM_TIME_WAIT && has(seg, TCPFSM_ACK)
        && !has(seg, TCPFSM_RST) && !has(seg, TCPFSM_SYN)
        && (seg->len != 0u || has(seg, TCPFSM_FIN) || seg->seq != conn->rcv_nxt
            || seg->ack != conn->snd_nxt);
}

/* §3.10.7.4: SYN-RECEIVED and every later state. */
/*@ requires \valid(conn) && \valid_read(arrived) && \valid(out);
    requires \separated(conn, arrived, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*arrived);
    requires conn->state >= TCPFSM_SYN_RECEIVED && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures segment_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && (arrived->flags & TCPFSM_RST) != 0 && arrived->seq != \old(conn->rcv_nxt)
            ==> conn->state == \old(conn->state);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && (arrived->flags & TCPFSM_SYN) != 0 && (arrived->flags & TCPFSM_RST) == 0
            && \old(conn->state) >= TCPFSM_ESTABLISHED
            ==> conn->state == \old(conn->state);
    ensures (arrived->flags & TCPFSM_RST) != 0
            ==> out->count <= 1 && (out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
                && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt);
    // segment_step and segment_output are the transition table's row for
    // the state it started in; the named behavior per state is stated on
    // tcpfsm_segment_arrives, which follows from them (one proof of each
    // behavior, not one more here: issue 22, item 9)
*/
static void on_synchronized(tcpfsm_conn *conn, const tcpfsm_segment *arrived, uint64_t now,
                            tcpfsm_output *out)
{
    tcpfsm_segment seg = *arrived;
    int need_ack;
    /* Simultaneous open: the SYN,ACK answering our SYN repeats the peer's
     * SYN, which we hold.  Only the new part is processed (§3.10.7.4).  A
     * bare repeated SYN, or one whose ACK does not cover our SYN, stays old
     * and unacceptable: it draws an ACK. */
    if (conn->state == (uint8_t)TCPFSM_SYN_RECEIVED && has(&seg, TCPFSM_SYN)
        && has(&seg, TCPFSM_ACK) && !has(&seg, TCPFSM_RST) && seg.seq == conn->irs
        && tcpfsm_seq_lt(conn->snd_una, seg.ack) && tcpfsm_seq_leq(seg.ack, conn->snd_nxt)) {
        seg.flags = (uint8_t)(seg.flags & ~TCPFSM_SYN);
        seg.seq = tcpfsm_seq_add(seg.seq, 1u);
        if (seg.urgent > 0u) {
            seg.urgent--; /* the pointer counts from the SYN's number (§3.1) */
        }
    }
    switch (tcpfsm_ts_check(conn, &seg, now)) {
    case TCPFSM_TS_MISSING:
        return; /* RFC 7323 §3.2: dropped silently */
    case TCPFSM_TS_OLD:
        tcpfsm_send_ack(conn, out); /* RFC 7323 §5.3 R1 (PAWS): not acceptable */
        return;
    default:
        break;
    }
    if (time_wait_fin(conn, &seg)) {
        tcpfsm_ts_update(conn, &seg, now);
        tcpfsm_send_ack(conn, out);
        tcpfsm_enter_time_wait(conn, now);
        return;
    }
    if (!acceptable(conn, &seg)) {
        if (has(&seg, TCPFSM_RST)) {
            return;
        }
        if (has(&seg, TCPFSM_SYN) && (conn->cfg.flags & TCPFSM_CFG_RFC5961) != 0u) {
            /* RFC 5961 §4.2: the ACK to a SYN, whatever its SEQ, is a
             * challenge ACK, so §7 throttles it */
            tcpfsm_send_challenge_ack(conn, now, out);
        } else {
            /* RFC 2883: an old duplicate's data is reported */
            tcpfsm_dsack_note(conn, seg.seq, seg.len, out);
            tcpfsm_send_ack(conn, out);
        }
        return;
    }
    tcpfsm_ts_update(conn, &seg, now); /* RFC 7323 §5.3 R3 */
    if (has(&seg, TCPFSM_RST)) {
        on_rst(conn, &seg, now, out);
        return;
    }
    if (has(&seg, TCPFSM_SYN)) {
        on_syn(conn, &seg, now, out);
        return;
    }
    if (!has(&seg, TCPFSM_ACK) || !tcpfsm_process_ack(conn, &seg, now, out)) {
        return;
    }
    tcpfsm_urgent_arrives(conn, &seg, out); /* sixth step: URG */
    need_ack = tcpfsm_process_text(conn, seg.seq, seg.len, has(&seg, TCPFSM_FIN) ? 1u : 0u,
                                   now, out);
    tcpfsm_transmit(conn, now, out);
    if (need_ack != 0 && out->count == 0u) {
        /* nothing carried the acknowledgement */
        tcpfsm_ack_received(conn, need_ack == TCPFSM_ACK_DELAYABLE, now, out);
    }
}

/* TCPFSM_COMPAT_FIN_REPEAT: FreeBSD's tcp_output puts FIN on every segment
 * it sends while its FIN is out and unacknowledged, moving SND.NXT back by
 * one to send it again, so the ACK a segment draws in FIN-WAIT-1, CLOSING
 * or LAST-ACK repeats the FIN; its challenge ACKs (to a RST or a SYN,
 * tcp_respond's) stay plain.  RFC 9293 §3.10.7.4 (eighth step, figure 14)
 * acknowledges with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.  Here only the
 * ACK of text or a FIN just taken (RCV.NXT moved: FIN-WAIT-1, CLOSING,
 * never LAST-ACK) repeats it: FreeBSD takes the ACK field of a wholly old
 * segment, the RFC's first step drops it, and two endpoints that answered
 * each other's old FIN with their own would never stop.  Every move that
 * ends in those states may send FIN,ACK (spec/transitions.def), so the
 * move stays one the table lists. */
/*@ requires \valid_read(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, out) && \separated(seg, out);
    requires out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns out->tx[0];
    ensures out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_output(from, passive, conn->state, \old(*out))
            ==> segment_output(from, passive, conn->state, *out);
    ensures (seg->flags & TCPFSM_RST) != 0 || (conn->cfg.compat & TCPFSM_COMPAT_FIN_REPEAT) == 0
            || conn->rcv_nxt == rcv_nxt_before ==> out->tx[0] == \old(out->tx[0]);
    // the FIN again, from its own number, acknowledging what the ACK did
    ensures out->tx[0] != \old(out->tx[0]) ==> out->count == 1
            && \old(out->tx[0].flags) == TCPFSM_ACK
            && out->tx[0].flags == TCPFSM_FIN + TCPFSM_ACK
            && out->tx[0].seq == seq_plus(conn->snd_nxt, seq_mod - 1)
            && out->tx[0].ack == \old(out->tx[0].ack);
*/
static void repeat_fin(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint8_t from,
                       uint8_t passive, uint32_t rcv_nxt_before, tcpfsm_output *out)
{
    uint8_t s = conn->state;
    /* the move's origin, named for the contract: the table's moves from
     * FIN-WAIT-1 and CLOSING are the same for both */
    (void)passive;
    if ((conn->cfg.compat & TCPFSM_COMPAT_FIN_REPEAT) == 0u || out->count != 1u
        || rcv_nxt_before == conn->rcv_nxt
        || (from != (uint8_t)TCPFSM_FIN_WAIT_1 && from != (uint8_t)TCPFSM_CLOSING)
        || (s != (uint8_t)TCPFSM_FIN_WAIT_1 && s != (uint8_t)TCPFSM_CLOSING)
        || conn->fin_sent == 0u || conn->snd_una == conn->snd_nxt
        || has(seg, TCPFSM_RST) || has(seg, TCPFSM_SYN)
        || out->tx[0].flags != TCPFSM_ACK || out->tx[0].data_len != 0u) {
        return;
    }
    out->tx[0].flags = (uint8_t)(TCPFSM_FIN | TCPFSM_ACK);
    out->tx[0].seq = tcpfsm_seq_sub(conn->snd_nxt, 1u); /* our FIN's number */
}

void tcpfsm_segment_arrives(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint32_t iss,
                            uint64_t now, tcpfsm_output *out)
{
    uint32_t una_before = conn->snd_una;
    tcpfsm_out_clear(out);
    switch (conn->state) {
    case TCPFSM_CLOSED:
        tcpfsm_rst_for(seg, out); /* §3.10.7.1 */
        break;
    case TCPFSM_LISTEN:
        if (!synfin_dropped(conn, seg)) {
            on_listen(conn, seg, iss, now, out);
        }
        break;
    case TCPFSM_SYN_SENT:
        if (!synfin_dropped(conn, seg)) {
            on_syn_sent(conn, seg, now, out);
        }
        break;
    default: {
        /* judged on arrival: only a connection already in TIME-WAIT */
        int tw_answer = time_wait_bsd_acks(conn, seg);
        uint8_t from = conn->state;
        uint8_t passive = conn->passive;
        uint32_t rcv_nxt = conn->rcv_nxt; /* moved: something new was taken */
        if (tcpfsm_syn_cache_holds(conn) && tcpfsm_syn_cache_takes(conn, seg, now)) {
            tcpfsm_syn_cache_judge(conn, seg, now, out); /* FreeBSD's SYN cache */
            break;
        }
        if (time_wait_bsd_drops(conn, seg)) {
            break;
        }
        if (time_wait_reopens(conn, seg)) {
            /* the caller's listener takes the SYN; we send nothing */
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_REOPEN);
            break;
        }
        on_synchronized(conn, seg, now, out);
        repeat_fin(conn, seg, from, passive, rcv_nxt, out);
        //@ assert segment_output(\at(conn->state, Pre), \at(conn->passive, Pre), conn->state, *out);
        if (tw_answer && out->count == 0u && conn->state == (uint8_t)TCPFSM_TIME_WAIT) {
            tcpfsm_send_ack(conn, out);
        }
        break;
    }
    }
    tcpfsm_rearm(conn, now);
    tcpfsm_tlp_schedule(conn, now, una_before); /* RFC 8985 §7.2 */
    (void)tcpfsm_finish(conn, now, out);
}

tcpfsm_error tcpfsm_on_segment(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint32_t iss,
                               uint64_t now, tcpfsm_output *out)
{
    tcpfsm_segment arrived;
    uint64_t clock;
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (seg == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (err != TCPFSM_OK) {
        return err;
    }
    arrived = *seg; /* the core works on its own copies of what it only reads */
    //@ assert arrived.flags == seg->flags && arrived.seq == seg->seq;
    if (!tcpfsm_segment_valid(&arrived)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    clock = tcpfsm_clock(conn, now);
    if (tcpfsm_fast_path_applies(conn, &arrived)) {
        /* for the RST clause of the contract: it is no RST */
        //@ assert (\at(seg->flags, Pre) & TCPFSM_RST) == 0;
        tcpfsm_fast_path(conn, &arrived, clock, out);
    } else {
        tcpfsm_segment_arrives(conn, &arrived, iss, clock, out);
    }
    return TCPFSM_OK;
}
