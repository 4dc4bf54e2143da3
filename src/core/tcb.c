/* SPDX-License-Identifier: BSD-2-Clause */
/* Bookkeeping of the transmission control block (RFC 9293 §3.3.1). */
#include "internal.h"

int tcpfsm_valid_state(uint8_t state)
{
    return state <= (uint8_t)TCPFSM_TIME_WAIT;
}

tcpfsm_error tcpfsm_check_conn(const tcpfsm_conn *conn, const tcpfsm_output *out)
{
    if (conn == 0 || out == 0) {
        return TCPFSM_ERR_NULL;
    }
    return tcpfsm_valid_state(conn->state) ? TCPFSM_OK : TCPFSM_ERR_INVALID_ARG;
}

/* The time the core's clock moves to: the caller's `now` plus the steps
 * back it took, and never behind the latest time a call ran at. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == \max(\min(now + conn->clock_skew, 18446744073709551615),
                            conn->latest_now);
    ensures \result >= now;
*/
static uint64_t clock_time(const tcpfsm_conn *conn, uint64_t now)
{
    uint64_t skew = conn->clock_skew;
    uint64_t time = now > UINT64_MAX - skew ? UINT64_MAX : now + skew;
    return time < conn->latest_now ? conn->latest_now : time;
}

uint64_t tcpfsm_clock(tcpfsm_conn *conn, uint64_t now)
{
    uint64_t time = clock_time(conn, now);
    if (time - now > conn->clock_skew) {
        /* the caller's clock stepped back: run on from where it was */
        conn->clock_skew = time - now;
    }
    conn->latest_now = time;
    return time;
}

/* Forget the connection, keep the configuration: the state is CLOSED. */
void tcpfsm_reset_tcb(tcpfsm_conn *conn)
{
    tcpfsm_ranges no_ranges = {0};
    conn->rtx_deadline = TCPFSM_NO_DEADLINE;
    conn->user_deadline = TCPFSM_NO_DEADLINE;
    conn->ack_deadline = TCPFSM_NO_DEADLINE;
    conn->loss_deadline = TCPFSM_NO_DEADLINE;
    conn->rack_fack_at = 0u;
    conn->rack_fack = 0u;
    conn->rack_lost = 0u;
    conn->rack_min_rtt = 0xFFFFFFFFu; /* no sample yet */
    conn->tlp_end = 0u;
    conn->loss_timer = 0u;
    conn->tlp_out = 0u;
    conn->rack_reordering = 0u;
    conn->rack_dsack_round = 0u;
    conn->rack_dsack_counted = 0u;
    conn->rack_reo_persist = 0u;
    conn->sent_at = 0u;
    conn->rtt_start = 0u;
    conn->iss = 0u;
    conn->irs = 0u;
    conn->snd_una = 0u;
    conn->snd_nxt = 0u;
    conn->snd_wnd = 0u;
    conn->snd_wl1 = 0u;
    conn->snd_wl2 = 0u;
    conn->max_snd_wnd = 0u;
    conn->rcv_nxt = 0u;
    conn->rcv_adv = 0u;
    conn->rcv_unread = 0u;
    conn->snd_queued = 0u;
    conn->srtt8 = 0u;
    conn->rttvar4 = 0u;
    conn->rto = conn->cfg.rto_initial_ms;
    conn->rtt_seq = 0u;
    /* until the peer's SYN settles it (synchronize.c): the most the path
     * carries as far as we know, which our SYN announces; a Packet Too Big
     * in SYN-SENT lowers it (icmp.c) */
    conn->snd_mss = conn->cfg.mss;
    conn->state = (uint8_t)TCPFSM_CLOSED;
    conn->passive = 0u;
    conn->syn_acked = 0u;
    conn->fin_queued = 0u;
    conn->fin_sent = 0u;
    conn->rtt_timing = 0u;
    conn->have_rtt = 0u;
    conn->challenge_start = 0u;
    conn->challenge_count = 0u;
    conn->retries = 0u;
    conn->wscale_on = 0u;
    conn->snd_wscale = 0u;
    conn->rcv_wscale = 0u;
    conn->ts_on = 0u;
    conn->ts_recent = 0u;
    conn->ts_recent_at = 0u;
    conn->last_ack_sent = 0u;
    conn->cwnd = 536u; /* set by tcpfsm_cc_init once the SYNs are in */
    conn->ssthresh = TCPFSM_MAX_CWND;
    conn->bytes_acked = 0u;
    conn->recover = 0u;
    conn->dupacks = 0u;
    conn->recovery = (uint8_t)TCPFSM_RECOVERY_NONE;
    conn->rtx_due = 0u;
    conn->nodelay = (conn->cfg.flags & TCPFSM_CFG_NODELAY) != 0u ? 1u : 0u;
    conn->keepalive = (conn->cfg.flags & TCPFSM_CFG_KEEPALIVE) != 0u ? 1u : 0u;
    conn->keepalive_armed = 0u;
    conn->keepalive_probes = 0u;
    conn->sack_on = 0u;
    conn->ooo = no_ranges;
    conn->ooo_fin = 0u;
    conn->ooo_fin_seq = 0u;
    conn->soft_error = (uint8_t)TCPFSM_ICMP_NONE;
    conn->ecn_on = 0u;
    conn->ecn_echo = 0u;
    conn->ecn_cwr = 0u;
    conn->ecn_recover = 0u;
    conn->rcv_shut = 0u;
    conn->snd_urgent = 0u;
    conn->snd_up = 0u;
    conn->rcv_urgent = 0u;
    conn->sacked = no_ranges;
    conn->high_rxt = 0u;
    conn->prr_delivered = 0u; /* RFC 9937: set when SACK recovery starts */
    conn->prr_out = 0u;
    conn->recover_fs = 1u;
    conn->snd_sml = 0u;
}

/* Delete the TCB (RFC 9293 §3.10) and tell the user. */
void tcpfsm_enter_closed(tcpfsm_conn *conn, tcpfsm_output *out, uint32_t notes)
{
    tcpfsm_reset_tcb(conn);
    out->notes |= notes | TCPFSM_NOTE_CLOSED;
}

/* RFC 9293 §3.10.7.4 (eighth step): TIME-WAIT runs only the 2 MSL timer. */
void tcpfsm_enter_time_wait(tcpfsm_conn *conn, uint64_t now)
{
    conn->state = (uint8_t)TCPFSM_TIME_WAIT;
    conn->rtx_deadline = tcpfsm_deadline_after(now, conn->cfg.msl2_ms);
    conn->user_deadline = TCPFSM_NO_DEADLINE;
    conn->ack_deadline = TCPFSM_NO_DEADLINE; /* what it held was the FIN's */
    conn->loss_deadline = TCPFSM_NO_DEADLINE; /* nothing is in flight */
    conn->loss_timer = TCPFSM_LOSS_TIMER_NONE;
    conn->rtt_timing = 0u;
}

/* One when our SYN occupies sequence space still unacknowledged. */
uint32_t tcpfsm_syn_unacked(const tcpfsm_conn *conn)
{
    return conn->state >= (uint8_t)TCPFSM_SYN_SENT
        && conn->syn_acked == 0u ? 1u : 0u;
}

/* Data bytes sent and not yet acknowledged: the sequence space in flight
 * less the SYN and the FIN that may occupy part of it. */
uint32_t tcpfsm_inflight_data(const tcpfsm_conn *conn)
{
    uint32_t flight = tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
    uint32_t control = tcpfsm_syn_unacked(conn)
                     + (conn->fin_sent != 0u ? 1u : 0u);
    return flight >= control ? flight - control : 0u;
}

/* Queued bytes not sent yet. */
uint32_t tcpfsm_unsent(const tcpfsm_conn *conn)
{
    uint32_t inflight = tcpfsm_inflight_data(conn);
    return conn->snd_queued >= inflight ? conn->snd_queued - inflight : 0u;
}

/* RFC 9293 §3.4: the peer's FIN occupies one sequence number; RFC 2018 §3:
 * a block's right edge is the number after the last one it covers.  The
 * block of a range that ends where the FIN kept out of order lies ends one
 * past it, so that it covers the FIN's segment whole (a sender such as
 * Linux marks a segment SACKed only then; Linux's and FreeBSD's receivers
 * report the FIN so). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result.left == r.left;
    ensures conn->ooo_fin != 0 && r.right == conn->ooo_fin_seq
            ==> \result.right == seq_plus(conn->ooo_fin_seq, 1);
    ensures !(conn->ooo_fin != 0 && r.right == conn->ooo_fin_seq) ==> \result.right == r.right;
    ensures conn->ooo_fin != 0 ==> \result.right != conn->ooo_fin_seq;
*/
static tcpfsm_sack_block with_fin(const tcpfsm_conn *conn, tcpfsm_sack_block r)
{
    if (conn->ooo_fin != 0u && r.right == conn->ooo_fin_seq) {
        r.right = tcpfsm_seq_add(r.right, 1u);
    }
    return r;
}

/*@ // A FIN is kept out of order and no range kept reaches it: none ends at
    // it nor holds it, seen from RCV.NXT.
    predicate fin_unreached(tcpfsm_conn c) =
        c.ooo_fin != 0 &&
        \forall integer k; 0 <= k < \min(c.ooo.count, TCPFSM_OOO_RANGES) ==>
            !range_touches(c.ooo.range[k], c.rcv_nxt, seq_dist(c.ooo_fin_seq, c.rcv_nxt),
                           seq_dist(c.ooo_fin_seq, c.rcv_nxt));
*/

/* 1 when a FIN is kept out of order that no range kept reaches (none ends
 * at it, nor holds it): a bare FIN beyond a hole, or beyond a gap after
 * the data; it has a block of its own. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> fin_unreached(*conn);
*/
static uint32_t fin_alone(const tcpfsm_conn *conn)
{
    uint32_t kept = tcpfsm_min_u32(conn->ooo.count, TCPFSM_OOO_RANGES);
    uint32_t fin = tcpfsm_seq_dist(conn->ooo_fin_seq, conn->rcv_nxt);
    uint32_t i;
    if (conn->ooo_fin == 0u) {
        return 0u;
    }
    /*@ loop invariant 0 <= i <= kept;
        loop invariant \forall integer k; 0 <= k < i
                       ==> !range_touches(conn->ooo.range[k], conn->rcv_nxt, fin, fin);
        loop assigns i;
        loop variant kept - i; */
    for (i = 0u; i < kept; i++) {
        uint32_t lo = tcpfsm_seq_dist(conn->ooo.range[i].left, conn->rcv_nxt);
        uint32_t hi = tcpfsm_seq_dist(conn->ooo.range[i].right, conn->rcv_nxt);
        if (lo <= fin && fin <= hi) {
            return 0u;
        }
    }
    return 1u;
}

uint32_t tcpfsm_ooo_blocks(const tcpfsm_conn *conn)
{
    return tcpfsm_min_u32(conn->ooo.count, TCPFSM_OOO_RANGES) + fin_alone(conn);
}

/* RFC 2018 §4: the SACK blocks, the range changed last first, as many as
 * an option holds; none unless SACK is in use.  A D-SACK block the call
 * put in sack[0] (RFC 2883 §4, dsack.c) stays first.  A FIN kept out of
 * order is covered (with_fin); one that no range reaches has the block
 * {FIN, FIN + 1}, first, as the segment that drew the ACK when it arrived
 * alone (Linux's receiver puts a new block first), but second when this
 * call kept data out of order: range[0] is then that segment's, which
 * §4 wants first. */
/*@ requires \valid_read(conn) && \valid(out) && \separated(conn, out);
    terminates \true;
    assigns out->sack_count, out->sack[0 .. TCPFSM_MAX_SACK_BLOCKS - 1], out->dsack;
    ensures out->sack_count <= TCPFSM_MAX_SACK_BLOCKS;
    ensures out->dsack == 0 || out->dsack == 1;
    ensures out->dsack == 1 ==> \old(out->dsack) != 0 && out->sack_count >= 1;
    // the reported blocks cover the out-of-order FIN (RFC 9293 §3.4, RFC 2018
    // §3): none stops at it, and one of its own reports a FIN no range reaches
    ensures conn->ooo_fin != 0 ==> \forall integer k; out->dsack <= k < out->sack_count
            ==> out->sack[k].right != conn->ooo_fin_seq;
    ensures conn->sack_on != 0 && fin_unreached(*conn) ==>
            \exists integer k; out->dsack <= k < out->sack_count
            && out->sack[k].left == conn->ooo_fin_seq
            && out->sack[k].right == seq_plus(conn->ooo_fin_seq, 1);
*/
static void report_sack(const tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint32_t first = out->dsack != 0u ? 1u : 0u;
    uint32_t kept = tcpfsm_min_u32(conn->ooo.count, TCPFSM_OOO_RANGES);
    uint32_t alone = conn->sack_on != 0u ? fin_alone(conn) : 0u;
    uint32_t at = out->keep_len != 0u && kept > 0u ? 1u : 0u; /* the FIN's own block */
    uint32_t n = conn->sack_on != 0u
               ? tcpfsm_min_u32(kept + alone, TCPFSM_MAX_SACK_BLOCKS - first) : 0u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= n;
        loop invariant conn->ooo_fin != 0 ==> \forall integer k; first <= k < first + i
                       ==> out->sack[k].right != conn->ooo_fin_seq;
        loop invariant alone == 1 && at < i ==> out->sack[first + at].left == conn->ooo_fin_seq
                       && out->sack[first + at].right == seq_plus(conn->ooo_fin_seq, 1);
        loop assigns i, out->sack[0 .. TCPFSM_MAX_SACK_BLOCKS - 1];
        loop variant n - i; */
    for (i = 0u; i < n; i++) {
        tcpfsm_sack_block b;
        if (alone != 0u && i == at) {
            b.left = conn->ooo_fin_seq;
            b.right = tcpfsm_seq_add(conn->ooo_fin_seq, 1u);
        } else {
            b = with_fin(conn, conn->ooo.range[alone != 0u && i > at ? i - 1u : i]);
        }
        out->sack[first + i] = b;
    }
    out->dsack = (uint8_t)first;
    out->sack_count = (uint8_t)(first + n);
}

tcpfsm_error tcpfsm_finish(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    tcpfsm_ecn_echo(conn, out); /* RFC 3168 §6.1.3 */
    report_sack(conn, out);
    out->deadline = tcpfsm_next_deadline(conn);
    out->timestamps = (uint8_t)tcpfsm_ts_in_use(conn);
    out->ts_val = out->timestamps != 0u ? tcpfsm_ts_value(conn, now) : 0u;
    out->ts_ecr = out->timestamps != 0u ? conn->ts_recent : 0u;
    out->urgent = conn->snd_urgent != 0u ? 1u : 0u; /* RFC 9293 §3.8.5 */
    out->urgent_up = conn->snd_urgent != 0u ? conn->snd_up : 0u;
    return TCPFSM_OK;
}

uint64_t tcpfsm_next_deadline(const tcpfsm_conn *conn)
{
    if (conn == 0) {
        return TCPFSM_NO_DEADLINE;
    }
    uint64_t first = conn->rtx_deadline < conn->user_deadline ? conn->rtx_deadline
                                                              : conn->user_deadline;
    first = first < conn->ack_deadline ? first : conn->ack_deadline;
    first = first < conn->loss_deadline ? first : conn->loss_deadline;
    /* on the caller's clock: less the steps back it took (tcpfsm_clock) */
    if (first == TCPFSM_NO_DEADLINE) {
        return first;
    }
    return first >= conn->clock_skew ? first - conn->clock_skew : 0u;
}

/* A connection of a passive OPEN returns to LISTEN: RFC 9293 §3.10.7.4
 * (second and fourth steps) for SYN-RECEIVED, and FreeBSD's SYN cache
 * dropping its entry (syn_cache.c). */
void tcpfsm_back_to_listen(tcpfsm_conn *conn)
{
    tcpfsm_reset_tcb(conn);
    conn->state = (uint8_t)TCPFSM_LISTEN;
    conn->passive = 1u;
}
