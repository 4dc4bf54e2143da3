/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 8985 RACK-TLP, with SACK in use and tcpfsm_config.rack_tlp on: the
 * tail loss probe (§7) and RACK's time-based loss detection (§6).
 *
 * One timer serves both, in turn (tcpfsm_conn.loss_timer): the probe
 * timeout (PTO) runs while data is in flight and nothing is SACKed; the
 * reordering timer while a hole lies below data the peer SACKed.
 *
 * RACK without a per-segment record.  RFC 8985 keeps each segment's send
 * time; the core keeps no segment, only the byte stream.  It keeps
 * instead RACK.fack (the end of the highest data SACKed) and when an ACK
 * last raised it, and takes a hole below RACK.fack for lost once the
 * reordering window has passed since then.  Data first sent before the
 * SACKed data (all of it below RACK.fack, as first transmissions go in
 * sequence order) was sent no later, so §6.2's condition
 *     now >= Segment.xmit_ts + RACK.rtt + RACK.reo_wnd
 * holds by then: the verdict never comes earlier than RFC 8985's, and it
 * comes later by at most the time between the two sends.  Retransmitted
 * data is not judged so (a hole below HighRxt in RFC 6675 recovery was
 * sent again after the SACKed data; after a timeout nothing is, until the
 * timeout's recovery ends): the retransmission timer stays the last
 * resort for it, as it was.  RACK adds to RFC 6675's IsLost (sack.c), and
 * takes nothing from it. */
#include "internal.h"

/* §7.2 WCDelAckT: the longest a peer may hold the ACK of one segment. */
#define WORST_CASE_DELACK_MS 200u
/* The PTO without an RTT sample (§7.2), and the least one: the clock
 * counts milliseconds, and a PTO of 0 would probe at once (Linux's floor
 * is TCP_TIMEOUT_MIN, two jiffies). */
#define PTO_WITHOUT_RTT_MS 1000u
#define PTO_MIN_MS 2u

/* RACK-TLP applies: switched on and SACK in use (§3: it reads SACK). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> conn->cfg.rack_tlp != 0 && conn->sack_on != 0; */
static int rack_on(const tcpfsm_conn *conn)
{
    return conn->cfg.rack_tlp != 0u && conn->sack_on != 0u;
}

/* seq lies within SND.UNA .. SND.NXT. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> seq_dist(seq, conn->snd_una) <= seq_dist(conn->snd_nxt, conn->snd_una); */
static int in_flight(const tcpfsm_conn *conn, uint32_t seq)
{
    return tcpfsm_seq_dist(seq, conn->snd_una) <= tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
}

/* §7.2: PTO = 2 SRTT, plus WCDelAckT when one segment is in flight (its
 * ACK may be delayed); 1 s before any sample. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result == tlp_pto(*conn);
*/
static uint32_t probe_timeout(const tcpfsm_conn *conn)
{
    uint32_t pto = conn->have_rtt != 0u ? conn->srtt8 / 4u : PTO_WITHOUT_RTT_MS;
    if (tcpfsm_inflight_data(conn) <= (uint32_t)conn->snd_mss) {
        pto += WORST_CASE_DELACK_MS;
    }
    return pto > PTO_MIN_MS ? pto : PTO_MIN_MS;
}

/* §7.2: a probe may be scheduled: data in flight, the connection open
 * (no recovery), nothing SACKed, no probe unanswered, and the peer's
 * window open (a zero window is the persist timer's). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing; */
static int probe_may_run(const tcpfsm_conn *conn)
{
    return rack_on(conn) && conn->state >= (uint8_t)TCPFSM_ESTABLISHED
        && conn->state != (uint8_t)TCPFSM_TIME_WAIT && tcpfsm_syn_unacked(conn) == 0u
        && conn->snd_una != conn->snd_nxt && conn->recovery == (uint8_t)TCPFSM_RECOVERY_NONE
        && conn->sacked.count == 0u && conn->tlp_out == (uint8_t)TCPFSM_TLP_NONE
        && conn->snd_wnd != 0u && conn->rtx_deadline != TCPFSM_NO_DEADLINE
        && conn->keepalive_armed == 0u;
}

/*@ requires \valid(conn);
    terminates \true;
    assigns conn->loss_timer, conn->loss_deadline;
    ensures conn->loss_timer == TCPFSM_LOSS_TIMER_NONE;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE; */
static void stop_loss_timer(tcpfsm_conn *conn)
{
    conn->loss_timer = (uint8_t)TCPFSM_LOSS_TIMER_NONE;
    conn->loss_deadline = TCPFSM_NO_DEADLINE;
}

void tcpfsm_tlp_schedule(tcpfsm_conn *conn, uint64_t now, uint32_t una_before)
{
    int restart = conn->snd_una != una_before || conn->sent_at == now;
    uint64_t at;
    if (conn->loss_timer == (uint8_t)TCPFSM_LOSS_TIMER_REORDER) {
        return; /* RACK's timer holds it (then something is SACKed) */
    }
    if (!probe_may_run(conn)) {
        stop_loss_timer(conn);
        return;
    }
    /* started, or restarted after new data went out or SND.UNA moved;
     * never after the RTO, which the probe then replaces (§7.2) */
    if (restart || conn->loss_timer != (uint8_t)TCPFSM_LOSS_TIMER_PROBE) {
        at = tcpfsm_deadline_after(now, probe_timeout(conn));
        conn->loss_deadline = at < conn->rtx_deadline ? at : conn->rtx_deadline;
        conn->loss_timer = (uint8_t)TCPFSM_LOSS_TIMER_PROBE;
    } else if (conn->loss_deadline > conn->rtx_deadline) {
        conn->loss_deadline = conn->rtx_deadline;
    }
}

/* §6.2 step 4: RACK.reo_wnd, in ms: RACK.reo_wnd_mult quarters of the
 * least RTT (rack_reordering, 1 until reordering is seen), no more than
 * SRTT; 0 in loss recovery until reordering has been seen (then holes are
 * lost as soon as data beyond them is SACKed).  The quarter is rounded up
 * to the clock's millisecond, so that a sub-millisecond path does not take
 * every reordering for a loss. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == rack_reo_wnd(conn->recovery, conn->rack_reordering, conn->rack_min_rtt,
                                    conn->srtt8); */
static uint32_t reordering_window(const tcpfsm_conn *conn)
{
    uint32_t quarter;
    uint32_t srtt = conn->srtt8 / 8u;
    uint32_t cap = srtt > 0u ? srtt : 1u;
    uint32_t mult = conn->rack_reordering > 0u ? conn->rack_reordering : 1u;
    if (conn->recovery != (uint8_t)TCPFSM_RECOVERY_NONE && conn->rack_reordering == 0u) {
        return 0u;
    }
    quarter = conn->rack_min_rtt / 4u + (conn->rack_min_rtt % 4u != 0u ? 1u : 0u);
    /* mult * quarter, no more than SRTT (and no overflow on the way) */
    quarter = quarter > cap / mult ? cap : quarter * mult;
    return quarter > 0u ? quarter : 1u;
}

/* The end of the highest range the scoreboard holds, SND.UNA when none. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures seq_dist(\result, conn->snd_una) <= seq_dist(conn->snd_nxt, conn->snd_una); */
static uint32_t highest_sacked(const tcpfsm_conn *conn)
{
    uint32_t count = tcpfsm_min_u32(conn->sacked.count, TCPFSM_OOO_RANGES);
    uint32_t flight = tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
    uint32_t top = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= count && top <= flight;
        loop assigns i, top;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        uint32_t right = tcpfsm_seq_dist(conn->sacked.range[i].right, conn->snd_una);
        if (right <= flight && right > top) {
            top = right;
        }
    }
    return tcpfsm_seq_add(conn->snd_una, top);
}

/* §7.4: what the ACK says of the probe unanswered.  A probe of new data
 * needs nothing; a retransmission that a D-SACK reports was not needed,
 * nor one whose original and probe both arrived (a pure duplicate ACK);
 * an ACK beyond the probe without either says the probe repaired a loss,
 * which congestion control answers (from the window the loss found: the
 * ACK has not grown it yet, ack.c). */
void tcpfsm_tlp_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    uint32_t ack = seg->ack;
    int advanced = ack != conn->snd_una;
    if (!rack_on(conn) || conn->tlp_out == (uint8_t)TCPFSM_TLP_NONE
        || tcpfsm_seq_lt(ack, conn->tlp_end)) {
        return;
    }
    if (conn->tlp_out == (uint8_t)TCPFSM_TLP_NEW) {
        conn->tlp_out = (uint8_t)TCPFSM_TLP_NONE;
    } else if (seg->sack_count > 0u && seg->sack[0].right == conn->tlp_end
               && tcpfsm_seq_leq(seg->sack[0].right, ack)) {
        conn->tlp_out = (uint8_t)TCPFSM_TLP_NONE; /* D-SACK (RFC 2883): redundant */
    } else if (tcpfsm_seq_lt(conn->tlp_end, ack)) {
        conn->tlp_out = (uint8_t)TCPFSM_TLP_NONE;
        tcpfsm_cc_probe_repaired(conn);
    } else if (!advanced && seg->sack_count == 0u && seg->len == 0u) {
        conn->tlp_out = (uint8_t)TCPFSM_TLP_NONE; /* both arrived */
    }
}

/* Holes below RACK.fack are lost from now on (§6.2 step 5), and loss
 * recovery starts if it has not (RFC 6675 §5 with RACK's verdict). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->rack_lost, conn->loss_timer, conn->loss_deadline,
            conn->cwnd, conn->ssthresh, conn->recover, conn->recovery, conn->rtx_due,
            conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures conn->rack_lost == conn->rack_fack;
    ensures conn->loss_timer == TCPFSM_LOSS_TIMER_NONE;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
*/
static void mark_lost(tcpfsm_conn *conn)
{
    conn->rack_lost = conn->rack_fack;
    stop_loss_timer(conn);
    tcpfsm_cc_loss(conn);
}

/* §6.2: judge the holes below RACK.fack not judged yet, now or when the
 * reordering window has passed; not before a round trip has been timed
 * (the window is a share of it), nor in a timeout's recovery. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->rack_lost, conn->loss_timer, conn->loss_deadline,
            conn->cwnd, conn->ssthresh, conn->recover, conn->recovery, conn->rtx_due,
            conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures rack_judged_in_time(*conn, \old(conn->rack_lost), \old(conn->recovery), now);
    ensures rack_timer_exact(*conn, \old(conn->recovery), now);
*/
static void detect_loss(tcpfsm_conn *conn, uint64_t now)
{
    uint64_t due;
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_TIMEOUT || conn->sacked.count == 0u
        || conn->rack_lost == conn->rack_fack || conn->have_rtt == 0u) {
        if (conn->loss_timer == (uint8_t)TCPFSM_LOSS_TIMER_REORDER) {
            stop_loss_timer(conn); /* nothing left to judge */
        }
        return;
    }
    due = tcpfsm_deadline_after(conn->rack_fack_at, reordering_window(conn));
    if (due <= now) {
        mark_lost(conn);
    } else {
        conn->loss_timer = (uint8_t)TCPFSM_LOSS_TIMER_REORDER;
        conn->loss_deadline = due;
    }
}

/* RFC 2883 §4: the ACK's first block is a D-SACK: it reports data at or
 * below SEG.ACK, or lies within the second block. */
/*@ requires \valid_read(seg);
    terminates \true;
    assigns \nothing; */
static int dsack_arrived(const tcpfsm_segment *seg)
{
    tcpfsm_sack_block first = seg->sack[0];
    if (seg->sack_count == 0u || seg->sack_count > TCPFSM_MAX_SACK_BLOCKS) {
        return 0;
    }
    return tcpfsm_seq_leq(first.right, seg->ack)
        || (seg->sack_count >= 2u && tcpfsm_seq_leq(seg->sack[1].left, first.left)
            && tcpfsm_seq_leq(first.right, seg->sack[1].right));
}

/* §6.2 step 2: data delivered below RACK.fack that was not sent again
 * arrived after data sent later: the path reorders.  Outside recovery
 * nothing is sent again but the probe, at the tail: a cumulative ACK
 * that moves SND.UNA from below the RACK.fack of before it (a hole below
 * SACKed data filled), or the first SACK block of an ACK that does not
 * (the data that drew it) ending below RACK.fack. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 ==> prior.recovery == TCPFSM_RECOVERY_NONE;
    ensures \result != 0 && conn->snd_una != prior.una ==> seq_lt(prior.una, prior.fack); */
static int reordered(const tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_ack_prior prior)
{
    if (prior.recovery != (uint8_t)TCPFSM_RECOVERY_NONE) {
        return 0;
    }
    if (conn->snd_una != prior.una) {
        return tcpfsm_seq_lt(prior.una, prior.fack);
    }
    if (!in_flight(conn, conn->rack_fack)) {
        return 0;
    }
    /* RFC 2018 §4: the first block holds the segment that drew the ACK
     * unless it moved SEG.ACK */
    return seg->sack_count >= 1u && seg->sack_count <= TCPFSM_MAX_SACK_BLOCKS
        && tcpfsm_seq_lt(conn->snd_una, seg->sack[0].left)
        && tcpfsm_seq_lt(seg->sack[0].right, conn->rack_fack);
}

/* §6.2 step 4: a D-SACK says a retransmission was spurious, so the
 * reordering window widens by a quarter of the least RTT (it stops at SRTT,
 * reordering_window), once per round trip: not again before SND.UNA passes
 * the SND.NXT of then (RACK.dsack_round).  With nothing in flight that
 * round trip is over as it starts, and no round is kept open: an open one
 * always has SND.UNA below its end, so only an ACK that moves SND.UNA can
 * end it (header prediction, which takes none, need not look).  A widened
 * window lasts
 * TCPFSM_RACK_REO_PERSIST recoveries without another D-SACK
 * (RACK.reo_wnd_persist), then falls back to one quarter; reordering once
 * seen stays seen. */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_base_ok(*conn);
    terminates \true;
    assigns conn->rack_reordering, conn->rack_dsack_round, conn->rack_dsack_counted,
            conn->rack_reo_persist;
    // an open round ends beyond SND.UNA
    ensures conn->rack_dsack_counted != 0 ==> seq_lt(conn->snd_una, conn->rack_dsack_round);
    ensures \old(conn->rack_reo_persist) <= TCPFSM_RACK_REO_PERSIST
            ==> conn->rack_reo_persist <= TCPFSM_RACK_REO_PERSIST;
    ensures \old(conn->rack_dsack_counted) != 0
            && seq_lt(conn->snd_una, \old(conn->rack_dsack_round))
            ==> conn->rack_reordering <= \old(conn->rack_reordering);
    ensures conn->rack_reordering > \old(conn->rack_reordering)
            ==> conn->rack_reordering == \max(\old(conn->rack_reordering), 1) + 1
                && conn->rack_dsack_round == conn->snd_nxt
                && (conn->rack_dsack_counted != 0 <==> conn->snd_nxt != conn->snd_una)
                && conn->rack_reo_persist == TCPFSM_RACK_REO_PERSIST;
    ensures conn->rack_reordering < \old(conn->rack_reordering)
            ==> conn->rack_reordering == 1 && conn->rack_reo_persist == 0
                && recovery_before != TCPFSM_RECOVERY_NONE
                && conn->recovery == TCPFSM_RECOVERY_NONE;
    // the window persists no longer: the recovery that uses up
    // reo_wnd_persist narrows it
    ensures recovery_before != TCPFSM_RECOVERY_NONE && conn->recovery == TCPFSM_RECOVERY_NONE
            && conn->rack_reo_persist == 0
            ==> conn->rack_reordering <= 1;
*/
static void update_reordering_window(tcpfsm_conn *conn, const tcpfsm_segment *seg,
                                     uint8_t recovery_before)
{
    uint32_t mult = conn->rack_reordering > 0u ? conn->rack_reordering : 1u;
    if (conn->rack_dsack_counted != 0u && !tcpfsm_seq_lt(conn->snd_una, conn->rack_dsack_round)) {
        conn->rack_dsack_counted = 0u; /* that round trip has ended */
    }
    if (dsack_arrived(seg) && conn->rack_dsack_counted == 0u && mult < 255u) {
        conn->rack_reordering = (uint8_t)(mult + 1u);
        conn->rack_dsack_round = conn->snd_nxt;
        conn->rack_dsack_counted = conn->snd_nxt != conn->snd_una ? 1u : 0u;
        conn->rack_reo_persist = (uint8_t)TCPFSM_RACK_REO_PERSIST;
    } else if (recovery_before != (uint8_t)TCPFSM_RECOVERY_NONE
               && conn->recovery == (uint8_t)TCPFSM_RECOVERY_NONE) {
        /* a recovery ended without a D-SACK in this ACK */
        if (conn->rack_reo_persist > 0u) {
            conn->rack_reo_persist--;
        }
        if (conn->rack_reo_persist == 0u && conn->rack_reordering > 1u) {
            conn->rack_reordering = 1u;
        }
    }
}

void tcpfsm_rack_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_ack_prior prior,
                     uint64_t now)
{
    uint32_t top;
    if (!rack_on(conn)) {
        stop_loss_timer(conn); /* it never runs without RACK-TLP */
        return;
    }
    update_reordering_window(conn, seg, prior.recovery);
    if (reordered(conn, seg, prior) && conn->rack_reordering == 0u) {
        conn->rack_reordering = 1u; /* step 2 */
    }
    /* §6.2 step 1: RACK.fack (SND.UNA or beyond: tcpfsm_ack_advance) */
    top = highest_sacked(conn);
    if (conn->sacked.count != 0u && tcpfsm_seq_lt(conn->rack_fack, top)) {
        conn->rack_fack = top;
        conn->rack_fack_at = now;
    }
    detect_loss(conn, now);
}

void tcpfsm_rack_after_timeout(tcpfsm_conn *conn)
{
    /* §7.3, RFC 6298 §5.5: the timeout's recovery takes over; the probe
     * episode ends with it */
    stop_loss_timer(conn);
    conn->tlp_out = (uint8_t)TCPFSM_TLP_NONE;
}

void tcpfsm_loss_timer_stop(tcpfsm_conn *conn)
{
    stop_loss_timer(conn);
}

void tcpfsm_tlp_sent(tcpfsm_conn *conn, uint32_t nxt_before)
{
    /* §7.3: TLP.end_seq and TLP.is_retrans; no other probe until an ACK */
    conn->tlp_out = (uint8_t)(conn->snd_nxt != nxt_before ? TCPFSM_TLP_NEW : TCPFSM_TLP_RETRANS);
    conn->tlp_end = conn->snd_nxt;
}

int tcpfsm_rack_reorder_expired(tcpfsm_conn *conn)
{
    if (!in_flight(conn, conn->rack_fack) || conn->sacked.count == 0u
        || conn->recovery == (uint8_t)TCPFSM_RECOVERY_TIMEOUT) {
        stop_loss_timer(conn); /* nothing is left to judge */
        return 0;
    }
    mark_lost(conn); /* §6.3 */
    return 1;
}
