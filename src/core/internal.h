/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal interface shared by the files of src/.  Not installed.
 * Each declaration names the file that defines it.
 */
#ifndef TCPFSM_INTERNAL_H
#define TCPFSM_INTERNAL_H

#include "tcpfsm/tcpfsm.h"
#include "seq.h"

/* RFC 6298 §5.7: the RTO after a handshake that needed retransmission. */
#define TCPFSM_RTO_AFTER_SYN_LOSS_MS 3000u

/* RTT samples longer than this are clamped: it keeps SRTT*8 far from
 * overflow and is above any RTO the configuration allows. */
#define TCPFSM_RTT_SAMPLE_MAX_MS 0x00FFFFFFu

/* tcpfsm_conn.loss_timer: the role of loss_deadline (rack.c). */
#define TCPFSM_LOSS_TIMER_NONE    0u
#define TCPFSM_LOSS_TIMER_PROBE   1u /* RFC 8985 §7.2 PTO: a tail loss probe */
#define TCPFSM_LOSS_TIMER_REORDER 2u /* §6.3: RACK's reordering window ends */

/* tcpfsm_conn.tlp_out: the probe unanswered (RFC 8985 §7.3, TLP.end_seq
 * and TLP.is_retrans). */
#define TCPFSM_TLP_NONE    0u
#define TCPFSM_TLP_NEW     1u /* it carried new data */
#define TCPFSM_TLP_RETRANS 2u /* it sent the last segment again */

/* RFC 8985 §6.2 step 4: the recoveries a widened reordering window lasts
 * without another D-SACK (RACK.reo_wnd_persist's start). */
#define TCPFSM_RACK_REO_PERSIST 16u

/* tcpfsm_process_text's verdicts on the acknowledgment a segment is owed. */
#define TCPFSM_ACK_NOW       1 /* out of order, a FIN, a duplicate: at once */
#define TCPFSM_ACK_DELAYABLE 2 /* new data taken in order: it may wait */

/* tcpfsm_ts_check's verdicts on an arriving segment (RFC 7323). */
#define TCPFSM_TS_TAKE    0 /* go on */
#define TCPFSM_TS_MISSING 1 /* no timestamps option where one is due: drop */
#define TCPFSM_TS_OLD     2 /* PAWS: an old duplicate, answered with an ACK */

/*
 * Contracts of the internal functions.  `conn` and `out` are always valid
 * and separate; conn_ok and out_ok (spec/tcpfsm_logic.h) hold on entry and
 * on exit unless a contract says otherwise.
 */

/* tcb.c: bookkeeping of the transmission control block */

/*@ requires \valid(conn) && config_ok(conn->cfg);
    terminates \true;
    assigns *conn;
    ensures conn_ok(*conn) && conn->state == TCPFSM_CLOSED && conn->passive == 0;
    ensures conn->cfg == \old(conn->cfg);
    ensures conn->rtx_deadline == TCPFSM_NO_DEADLINE;
    ensures conn->user_deadline == TCPFSM_NO_DEADLINE;
    ensures conn->ack_deadline == TCPFSM_NO_DEADLINE;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
    ensures conn->snd_una == 0 && conn->snd_nxt == 0 && conn->rcv_nxt == 0;
    ensures conn->rcv_adv == 0 && conn->rcv_unread == 0 && conn->snd_queued == 0;
    ensures rtx_timer_runs(*conn); // nothing in flight
*/
void     tcpfsm_reset_tcb(tcpfsm_conn *conn);

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns *conn;
    ensures conn_ok(*conn) && conn->state == TCPFSM_LISTEN && conn->passive == 1;
*/
void     tcpfsm_back_to_listen(tcpfsm_conn *conn);

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires config_ok(conn->cfg);
    // nothing sent in this call acknowledges: RCV.NXT is forgotten here
    requires tx_ok(*out, 0);
    terminates \true;
    assigns *conn, out->notes;
    ensures tx_ok(*out, conn->rcv_nxt);
    ensures conn_ok(*conn) && conn->state == TCPFSM_CLOSED;
    ensures conn->cfg == \old(conn->cfg);
    ensures out->notes == (\old(out->notes) | notes | TCPFSM_NOTE_CLOSED);
    ensures conn->snd_una == conn->snd_nxt; // nothing in flight
*/
void     tcpfsm_enter_closed(tcpfsm_conn *conn, tcpfsm_output *out, uint32_t notes);

/*@ requires \valid(conn) && conn_ok(*conn);
    requires conn->state >= TCPFSM_SYN_RECEIVED;
    // our FIN is acknowledged (§3.10.7.4 CLOSING, FIN-WAIT-2)
    requires conn->fin_sent != 0 && conn->snd_una == conn->snd_nxt;
    terminates \true;
    assigns conn->state, conn->rtx_deadline, conn->user_deadline, conn->ack_deadline,
            conn->loss_deadline, conn->loss_timer, conn->rtt_timing;
    ensures conn_ok(*conn) && conn->state == TCPFSM_TIME_WAIT;
    ensures conn->rtx_deadline != TCPFSM_NO_DEADLINE;
    ensures conn->user_deadline == TCPFSM_NO_DEADLINE;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
*/
void     tcpfsm_enter_time_wait(tcpfsm_conn *conn, uint64_t now);

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> conn->snd_wnd == 0
                              && (data_unsent(*conn) > 0 || conn->fin_queued != 0);
*/
int      tcpfsm_persisting(const tcpfsm_conn *conn);

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->rtx_deadline, conn->user_deadline, conn->keepalive_armed;
    ensures conn_ok(*conn);
    // RFC 6298 §5.1: whatever is in flight has the retransmission timer
    ensures rtx_timer_runs(*conn);
    // a timer it starts expires after `now`
    ensures deadline_kept_or_ahead(\old(conn->rtx_deadline), conn->rtx_deadline, now);
    ensures deadline_kept_or_ahead(\old(conn->user_deadline), conn->user_deadline, now);
    // the user timeout (RFC 9293 §3.8.3, RFC 5482) counts from when data went
    // unacknowledged: while data stays in flight, a running one is kept
    ensures conn->snd_una != conn->snd_nxt && conn->cfg.user_timeout_ms != 0
            && \old(conn->user_deadline) != TCPFSM_NO_DEADLINE
            ==> conn->user_deadline == \old(conn->user_deadline);
*/
void     tcpfsm_rearm(tcpfsm_conn *conn, uint64_t now);

/* The end of every call that succeeds: the next deadline, and the
 * timestamps and SACK blocks the segments carry (RFC 7323 §3.2, RFC 2018
 * §4). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires config_ok(conn->cfg);
    terminates \true;
    assigns out->deadline, out->timestamps, out->ts_val, out->ts_ecr,
            out->urgent, out->urgent_up, out->sack_count, out->sack[0 .. TCPFSM_MAX_SACK_BLOCKS - 1], out->dsack,
            out->tx[0 .. TCPFSM_MAX_TX - 1].ecn;
    ensures \result == TCPFSM_OK;
    ensures out->deadline == next_deadline(*conn);
    // RFC 9293 §3.8.5: the codec learns urgent mode and SND.UP
    ensures out->urgent == (conn->snd_urgent != 0 ? 1 : 0)
            && out->urgent_up == (conn->snd_urgent != 0 ? conn->snd_up : 0);
*/
tcpfsm_error tcpfsm_finish(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == syn_unacked(*conn);
*/
uint32_t tcpfsm_syn_unacked(const tcpfsm_conn *conn);

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == data_in_flight(*conn);
*/
uint32_t tcpfsm_inflight_data(const tcpfsm_conn *conn);

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == data_unsent(*conn) && \result <= conn->snd_queued;
*/
uint32_t tcpfsm_unsent(const tcpfsm_conn *conn);

/* The SACK blocks the out-of-order data calls for before an option's limit
 * (RFC 2018 §4): one a range kept, and one more for a FIN kept out of
 * order that no range reaches (RFC 9293 §3.4: it occupies a sequence
 * number of its own).  What tcpfsm_finish reports, with SACK in use. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \min(conn->ooo.count, TCPFSM_OOO_RANGES) <= \result
            <= \min(conn->ooo.count, TCPFSM_OOO_RANGES) + 1;
*/
uint32_t tcpfsm_ooo_blocks(const tcpfsm_conn *conn);

/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> state_ok(state);
*/
int      tcpfsm_valid_state(uint8_t state);

/* The time a call runs at: the caller's `now` plus the steps back its
 * clock has taken (tcpfsm_conn.clock_skew), never behind the time an
 * earlier call ran at, so that TSval never goes back (RFC 7323 §5.4) and
 * no deadline fires early.  Every call that takes `now` asks here, once
 * its errors are ruled out (tcpfsm_on_icmp once the message is ours). */
/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->latest_now, conn->clock_skew;
    ensures conn_ok(*conn);
    ensures \result == conn->latest_now;
    ensures \result >= \old(conn->latest_now) && \result >= now;
    // a clock that never stepped back is taken as it is
    ensures \old(conn->clock_skew) == 0 && now >= \old(conn->latest_now) ==> \result == now;
    // after a step back, time runs on at the caller's rate
    ensures \result == \min(now + conn->clock_skew, 18446744073709551615);
    ensures \result == clock_at(now, \old(conn->clock_skew), \old(conn->latest_now));
    // the clock leaves the flight and its timer as they were (stated on the
    // whole block, so that a caller's rtx_timer_runs carries over as it is)
    ensures rtx_timer_runs(*conn) <==> rtx_timer_runs(\old(*conn));
*/
uint64_t tcpfsm_clock(tcpfsm_conn *conn, uint64_t now);

/* The check every call taking a connection and an output starts with. */
/*@ requires conn == \null || \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures conn == \null || out == \null ==> \result == TCPFSM_ERR_NULL;
    ensures conn != \null && out != \null && !state_ok(conn->state)
            ==> \result == TCPFSM_ERR_INVALID_ARG;
    ensures conn != \null && out != \null && state_ok(conn->state) ==> \result == TCPFSM_OK;
*/
tcpfsm_error tcpfsm_check_conn(const tcpfsm_conn *conn, const tcpfsm_output *out);

/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(*conn) && segment_ok(*seg) && conn->rcv_unread == 0;
    requires conn->state == TCPFSM_SYN_SENT || conn->state == TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->irs, conn->rcv_nxt, conn->rcv_adv, conn->snd_wnd, conn->max_snd_wnd,
            conn->snd_wl1, conn->snd_wl2, conn->snd_mss,
            conn->wscale_on, conn->snd_wscale, conn->rcv_wscale,
            conn->ts_on, conn->ts_recent, conn->ts_recent_at,
            conn->cwnd, conn->ssthresh, conn->recover, conn->dupacks, conn->recovery,
            conn->rtx_due, conn->bytes_acked, conn->snd_sml, conn->sack_on, conn->ooo,
            conn->ooo_fin, conn->sacked, conn->ecn_on, conn->ecn_echo, conn->ecn_cwr,
            conn->ecn_recover, conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_css_baseline, conn->hs_samples, conn->hs_css_rounds,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_ok(*conn);
    ensures conn->irs == seg->seq && conn->rcv_nxt == seq_plus(seg->seq, 1);
    // RFC 9293 §3.7.1: never above what the path carries as far as we know
    // (cfg.mss, or less after a Packet Too Big in SYN-SENT)
    ensures conn->snd_mss <= \old(conn->snd_mss);
*/
void     tcpfsm_synchronize(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);


/* syn_options.c: what our SYN offers */

/* Our SYN offers the option of configuration flag `flag` (window scaling,
 * timestamps, SACK-permitted): configured, and not dropped from this
 * retransmission of the SYN on (tcpfsm_config.syn_drop_options_at). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> syn_offers(*conn, flag);
*/
int      tcpfsm_syn_offers(const tcpfsm_conn *conn, uint8_t flag);

/* syn_cache.c: FreeBSD's SYN cache (tcpfsm_config.syn_cache) */

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> syn_cache_holds(*conn);
*/
int      tcpfsm_syn_cache_holds(const tcpfsm_conn *conn);

/* The SYN cache deals with the segment itself: everything but an ACK it
 * expands into a connection, which goes on to RFC 9293 §3.10.7.4. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 0 ==> (seg->flags & TCPFSM_ACK) != 0 && (seg->flags & TCPFSM_SYN) == 0
                             && (seg->flags & TCPFSM_RST) == 0;
    // syncache_expand: it acknowledges our SYN, and SEG.SEQ lies in
    // IRS+1 .. IRS + the window the SYN,ACK offered
    ensures \result == 0 ==> seg->ack == seq_plus(conn->iss, 1)
            && seq_dist(seg->seq, conn->rcv_nxt) < seq_dist(conn->rcv_adv, conn->rcv_nxt);
*/
int      tcpfsm_syn_cache_takes(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);

/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires out->count == 0 && syn_cache_holds(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_SYN_RECEIVED || conn->state == TCPFSM_LISTEN;
    ensures segment_step(TCPFSM_SYN_RECEIVED, 1, conn->state);
    ensures segment_output(TCPFSM_SYN_RECEIVED, 1, conn->state, *out);
    // a RST: nothing, or the challenge ACK; with RFC 5961 only one exactly
    // at RCV.NXT ends the entry (syncache_chkrst)
    ensures (seg->flags & TCPFSM_RST) != 0
            ==> out->count <= 1 && (out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
                && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && (seg->flags & TCPFSM_RST) != 0 && seg->seq != \old(conn->rcv_nxt)
            ==> conn->state == TCPFSM_SYN_RECEIVED;
    // a SYN again (no ACK, no RST): the SYN,ACK again, from ISS
    // (syncache_add), unless DROP_SYNFIN drops a SYN,FIN
    ensures (seg->flags & (TCPFSM_SYN + TCPFSM_ACK + TCPFSM_RST)) == TCPFSM_SYN
            && ((seg->flags & TCPFSM_FIN) == 0
                || (\old(conn->cfg.compat) & TCPFSM_COMPAT_DROP_SYNFIN) == 0)
            ==> conn->state == TCPFSM_SYN_RECEIVED && out->count == 1
                && out->tx[0].flags == TCPFSM_SYN + TCPFSM_ACK && out->tx[0].seq == conn->iss;
    // a SYN,ACK: <SEQ=SEG.ACK><CTL=RST>, and LISTEN (tcp_input, syncache_badack)
    ensures (seg->flags & (TCPFSM_SYN + TCPFSM_ACK + TCPFSM_RST)) == TCPFSM_SYN + TCPFSM_ACK
            ==> conn->state == TCPFSM_LISTEN && out->count == 1
                && out->tx[0].flags == TCPFSM_RST && out->tx[0].seq == seg->ack;
*/
void     tcpfsm_syn_cache_judge(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                                tcpfsm_output *out);

/* wscale.c: window scaling, RFC 7323 §2 */

/*@ requires shift <= TCPFSM_MAX_WSCALE;
    terminates \true;
    assigns \nothing;
    ensures \result == wscale_unit(shift) && 1 <= \result <= 16384;
*/
uint32_t tcpfsm_wscale_unit(uint8_t shift);

/*@ requires rcv_buf <= TCPFSM_MAX_RCV_BUF;
    terminates \true;
    assigns \nothing;
    ensures \result <= TCPFSM_MAX_WSCALE;
    ensures rcv_buf <= 65535 * wscale_unit(\result);
    ensures \forall integer s; 0 <= s < \result ==> rcv_buf > 65535 * wscale_unit(s);
*/
uint8_t  tcpfsm_wscale_for(uint32_t rcv_buf);

/*@ requires \valid_read(cfg) && config_ok(*cfg);
    terminates \true;
    assigns \nothing;
    ensures \result <= TCPFSM_MAX_WSCALE;
*/
uint8_t  tcpfsm_wscale_offer(const tcpfsm_config *cfg);

/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires config_ok(conn->cfg);
    terminates \true;
    assigns conn->wscale_on, conn->snd_wscale, conn->rcv_wscale;
    ensures wscale_ok(*conn);
    ensures conn->wscale_on != 0 <==> syn_offers(*conn, TCPFSM_CFG_WSCALE)
                                     && (seg->options & TCPFSM_OPT_WSCALE) != 0;
*/
void     tcpfsm_wscale_negotiate(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/*@ requires \valid_read(conn) && \valid_read(seg);
    requires conn->snd_wscale <= TCPFSM_MAX_WSCALE;
    terminates \true;
    assigns \nothing;
    ensures \result == seg->window * wscale_unit(conn->snd_wscale);
    ensures \result <= TCPFSM_MAX_RCV_BUF;
*/
uint32_t tcpfsm_peer_window(const tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* timestamp.c: timestamps, TS.Recent and PAWS, RFC 7323 §3-§5 */

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
int      tcpfsm_ts_in_use(const tcpfsm_conn *conn);

/* RFC 7323 §5.4: TSval, the caller's clock in ticks of ts_tick_ms plus
 * the connection's offset, modulo 2^32. */
/*@ requires \valid_read(conn) && config_ok(conn->cfg);
    terminates \true;
    assigns \nothing;
    ensures \result == seq_plus((now / conn->cfg.ts_tick_ms) % 4294967296, conn->cfg.ts_offset);
*/
uint32_t tcpfsm_ts_value(const tcpfsm_conn *conn, uint64_t now);

/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    terminates \true;
    assigns conn->ts_on, conn->ts_recent, conn->ts_recent_at;
    ensures conn->ts_on == 0 || conn->ts_on == 1;
    ensures conn->ts_on != 0 <==> syn_offers(*conn, TCPFSM_CFG_TIMESTAMPS)
                                 && (seg->options & TCPFSM_OPT_TIMESTAMP) != 0;
*/
void     tcpfsm_ts_negotiate(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);

/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == TCPFSM_TS_TAKE || \result == TCPFSM_TS_MISSING
            || \result == TCPFSM_TS_OLD;
    // a RST is never held back (§5.2)
    ensures (seg->flags & TCPFSM_RST) != 0 ==> \result == TCPFSM_TS_TAKE;
    ensures conn->ts_on == 0 ==> \result == TCPFSM_TS_TAKE;
    // PAWS, §5.3 R1: an old duplicate exactly when its TSval is before a
    // valid TS.Recent
    ensures \result == TCPFSM_TS_OLD <==> paws_old(*conn, *seg, now);
    // §3.2: the option is due on every segment once timestamps are in use
    ensures \result == TCPFSM_TS_MISSING <==> ts_option_missing(*conn, *seg);
*/
int      tcpfsm_ts_check(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);

/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    terminates \true;
    assigns conn->ts_recent, conn->ts_recent_at;
    // §4.3 (1), §5.3 R3: TS.Recent moves to SEG.TSval, and its age starts
    // over, exactly when the rule says; otherwise both stay
    ensures ts_recent_update(\old(*conn), *seg, now)
            ==> conn->ts_recent == seg->ts_val && conn->ts_recent_at == now;
    ensures !ts_recent_update(\old(*conn), *seg, now)
            ==> conn->ts_recent == \old(conn->ts_recent)
                && conn->ts_recent_at == \old(conn->ts_recent_at);
*/
void     tcpfsm_ts_update(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);

/*@ requires \valid_read(conn) && \valid_read(seg) && \valid(sample_ms);
    requires \separated(sample_ms, conn) && \separated(sample_ms, seg);
    requires config_ok(conn->cfg);
    terminates \true;
    assigns *sample_ms;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> ts_sample(*conn, *seg, now);
    ensures \result == 1 ==> *sample_ms <= TCPFSM_RTT_SAMPLE_MAX_MS;
*/
int      tcpfsm_ts_rtt(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                       uint32_t *sample_ms);

/* congestion.c: RFC 5681 with NewReno (RFC 6582), RFC 3042, RFC 6928 */

/* After the SYNs: the MSS is known. */
/*@ requires \valid(conn) && config_ok(conn->cfg) && conn->snd_mss >= 1;
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->dupacks, conn->recovery,
            conn->rtx_due, conn->bytes_acked, conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_css_baseline, conn->hs_samples,
            conn->hs_css_rounds, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures cc_ok(*conn) && conn->recovery == TCPFSM_RECOVERY_NONE;
*/
void     tcpfsm_cc_init(tcpfsm_conn *conn);

/* RFC 5681 §4.1: nothing was sent for longer than the RTO; the window
 * the connection had is no measure of the path any more, and transmission
 * restarts from no more than the initial window. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->cubic_epoch;
    ensures conn_base_ok(*conn) && conn->cwnd <= \old(conn->cwnd);
*/
void     tcpfsm_cc_after_idle(tcpfsm_conn *conn);

/* Called while the ACK of our SYN is taken (conn_base_ok is restored
 * around it): only the window changes, to one segment. */
/*@ requires \valid(conn) && conn->snd_mss >= 1;
    terminates \true;
    assigns conn->cwnd;
    ensures conn->cwnd == conn->snd_mss;
*/
void     tcpfsm_cc_syn_retransmitted(tcpfsm_conn *conn);

/* The congestion-control algorithm, chosen at compile time: RFC 9438
 * CUBIC (cubic.c) by default, Reno's (newreno.c) with
 * -DTCPFSM_CC=TCPFSM_CC_NEWRENO (make CONGESTION=newreno).  congestion.c
 * calls the one chosen by name: no function pointer.  Both keep the same
 * contract shape, so congestion.c's proof holds for either. */
#define TCPFSM_CC_NEWRENO 1
#define TCPFSM_CC_CUBIC   2
#ifndef TCPFSM_CC
#define TCPFSM_CC TCPFSM_CC_CUBIC
#endif
#if TCPFSM_CC != TCPFSM_CC_NEWRENO && TCPFSM_CC != TCPFSM_CC_CUBIC
#error "TCPFSM_CC is TCPFSM_CC_NEWRENO (1) or TCPFSM_CC_CUBIC (2)"
#endif

/* What reduces the window (tcpfsm_cubic_reduced, tcpfsm_newreno_reduced). */
#define TCPFSM_CC_LOSS    0u /* fast retransmit: duplicate ACKs or SACK */
#define TCPFSM_CC_ECN     1u /* RFC 3168 §6.1.2: an ECN echo */
#define TCPFSM_CC_TIMEOUT 2u /* the retransmission timer */

/* cwnd + n, saturating at TCPFSM_MAX_CWND. */
/*@ requires cwnd <= TCPFSM_MAX_CWND;
    terminates \true;
    assigns \nothing;
    ensures \result == \min(cwnd + n, TCPFSM_MAX_CWND);
*/
static inline uint32_t tcpfsm_cwnd_grow(uint32_t cwnd, uint32_t n)
{
    return n >= TCPFSM_MAX_CWND - cwnd ? TCPFSM_MAX_CWND : cwnd + n;
}

/* cubic.c, RFC 9438: an ACK of `acked` new bytes in congestion avoidance
 * (cwnd >= ssthresh).  The window never shrinks on an ACK. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->bytes_acked, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est;
    ensures conn_base_ok(*conn);
    ensures \old(conn->cwnd) <= conn->cwnd;
*/
void     tcpfsm_cubic_avoid(tcpfsm_conn *conn, uint32_t acked);

/* cubic.c, RFC 9438 §4.6-§4.8: the window to reduce to, the raw ssthresh
 * (congestion.c keeps it at two segments or more), for a loss, an ECN
 * echo or a timeout; CUBIC remembers the window it left. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    requires signal <= TCPFSM_CC_TIMEOUT;
    terminates \true;
    assigns conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures \result <= TCPFSM_MAX_CWND;
    // §4.6: cwnd * β_cubic, but when the same data times out again
    ensures signal != TCPFSM_CC_TIMEOUT || conn->recovery != TCPFSM_RECOVERY_TIMEOUT
            ==> \result == conn->cwnd * 7 / 10 && conn->cubic_cwnd_prior == conn->cwnd
                && conn->cubic_epoch == TCPFSM_NO_DEADLINE;
    // nothing learnt since the first timeout of that data: ssthresh stays
    ensures signal == TCPFSM_CC_TIMEOUT && conn->recovery == TCPFSM_RECOVERY_TIMEOUT
            ==> \result == conn->ssthresh;
    // §4.7 fast convergence: a loss below the last W_max lowers it further
    ensures signal != TCPFSM_CC_TIMEOUT && conn->cwnd < \old(conn->cubic_w_max)
            ==> conn->cubic_w_max == conn->cwnd * 17 / 20;
    ensures signal != TCPFSM_CC_TIMEOUT && conn->cwnd >= \old(conn->cubic_w_max)
            ==> conn->cubic_w_max == conn->cwnd;
*/
uint32_t tcpfsm_cubic_reduced(tcpfsm_conn *conn, uint8_t signal);

/* newreno.c, RFC 5681 §3.1 with RFC 3465 §2.1: as tcpfsm_cubic_avoid. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->bytes_acked, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est;
    ensures conn_base_ok(*conn);
    ensures \old(conn->cwnd) <= conn->cwnd <= \old(conn->cwnd) + conn->snd_mss;
*/
void     tcpfsm_newreno_avoid(tcpfsm_conn *conn, uint32_t acked);

/* newreno.c: as tcpfsm_cubic_reduced; RFC 5681 §3.1 (4) half the flight,
 * RFC 3168 §6.1.2 half the window for an ECN echo. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    requires signal <= TCPFSM_CC_TIMEOUT;
    terminates \true;
    assigns conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures \result <= TCPFSM_MAX_CWND;
    ensures signal == TCPFSM_CC_ECN ==> \result == conn->cwnd / 2;
    ensures signal != TCPFSM_CC_ECN ==> \result == seq_dist(conn->snd_nxt, conn->snd_una) / 2;
*/
uint32_t tcpfsm_newreno_reduced(tcpfsm_conn *conn, uint8_t signal);

/* hystart.c: RFC 9406 HyStart++ (tcpfsm_conn.hs_phase) */
#define TCPFSM_HYSTART_OFF        0u /* not, or no more, in the first slow start */
#define TCPFSM_HYSTART_SLOW_START 1u
#define TCPFSM_HYSTART_CSS        2u /* Conservative Slow Start */
#define TCPFSM_NO_RTT_SAMPLE      0xFFFFFFFFu /* HyStart++'s "infinity" */

/* The first slow start begins: its first round ends with SND.NXT. */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_css_baseline, conn->hs_samples,
            conn->hs_css_rounds;
    ensures conn->hs_phase == TCPFSM_HYSTART_SLOW_START;
*/
void     tcpfsm_hystart_init(tcpfsm_conn *conn);

/* A round-trip sample of rtt_ms was taken (rtt.c). */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->hs_round_min_rtt, conn->hs_samples;
*/
void     tcpfsm_hystart_rtt(tcpfsm_conn *conn, uint32_t rtt_ms);

/* An ACK of `acked` new bytes in the first slow start: how much cwnd may
 * grow (at most `acked`: slow start never grows faster than data is
 * delivered); the round may end, and with the last round of CSS, slow
 * start (ssthresh = cwnd). */
/*@ requires \valid(conn) && cc_ok(*conn);
    terminates \true;
    assigns conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_css_baseline, conn->hs_samples,
            conn->hs_css_rounds, conn->ssthresh;
    ensures cc_ok(*conn);
    ensures \result <= acked;
    // §4.2-§4.3: min(N, L * SMSS) in slow start, a quarter of it in CSS
    ensures \result == hystart_growth(\old(conn->hs_phase), acked, conn->cfg.ss_ack_limit,
                                      conn->snd_mss);
    // §4.2: a round of slow start whose least RTT rose by RttThresh
    // (enough samples, both minima known) gives way to CSS
    ensures \old(conn->hs_phase) == TCPFSM_HYSTART_SLOW_START && hystart_delay_rose(\old(*conn))
            ==> conn->hs_phase == TCPFSM_HYSTART_CSS
                && conn->hs_css_baseline == \old(conn->hs_round_min_rtt);
    // ... and nothing else leaves slow start
    ensures \old(conn->hs_phase) == TCPFSM_HYSTART_SLOW_START && !hystart_delay_rose(\old(*conn))
            ==> conn->hs_phase == TCPFSM_HYSTART_SLOW_START;
    // slow start ends only in congestion avoidance: ssthresh = the cwnd
    // this ACK leaves
    ensures conn->ssthresh == \old(conn->ssthresh)
            || (conn->ssthresh == \min(conn->cwnd + \result, TCPFSM_MAX_CWND)
                && conn->hs_phase == TCPFSM_HYSTART_OFF);
*/
uint32_t tcpfsm_hystart_increase(tcpfsm_conn *conn, uint32_t acked);

/* SND.UNA has advanced, `acked` bytes of data with it. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->dupacks, conn->recovery, conn->rtx_due, conn->bytes_acked,
            conn->ssthresh, conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_css_baseline, conn->hs_samples,
            conn->hs_css_rounds, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est;
    ensures conn_base_ok(*conn);
*/
void     tcpfsm_cc_ack(tcpfsm_conn *conn, uint32_t acked);

/* An acceptable ACK at SND.UNA; `duplicate` when it is a duplicate ACK
 * as RFC 5681 §2 defines it.  The scoreboard holds its SACK blocks. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->dupacks, conn->recovery,
            conn->rtx_due, conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
*/
void     tcpfsm_cc_same_ack(tcpfsm_conn *conn, int duplicate);

/* A loss found other than by duplicate ACKs (RFC 8985 RACK, rack.c): loss
 * recovery starts, as after the third duplicate ACK, when the segment at
 * SND.UNA is lost (tcpfsm_sack_lost) and no recovery runs or ran for this
 * window (RFC 6582 §3.2 step 1). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->recovery,
            conn->rtx_due, conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures \old(conn->recovery) != TCPFSM_RECOVERY_NONE ==> conn->cwnd == \old(conn->cwnd)
            && conn->recovery == \old(conn->recovery);
*/
void     tcpfsm_cc_loss(tcpfsm_conn *conn);

/* RFC 8985 §7.4: a tail loss probe repaired a loss: the window is reduced
 * as for a loss, with nothing left to retransmit (outside recovery only:
 * a recovery has reduced it already). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->bytes_acked, conn->ecn_cwr,
            conn->hs_phase, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max,
            conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures conn->cwnd <= \old(conn->cwnd);
    ensures \old(conn->recovery) == TCPFSM_RECOVERY_NONE
            ==> conn->cwnd <= conn->ssthresh && conn->recover == conn->snd_nxt;
*/
void     tcpfsm_cc_probe_repaired(tcpfsm_conn *conn);

/* The retransmission timer expired with something in flight. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->dupacks, conn->recovery,
            conn->rtx_due, conn->sacked.count, conn->bytes_acked, conn->ecn_cwr,
            conn->hs_phase, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
*/
void     tcpfsm_cc_timeout(tcpfsm_conn *conn);

/* How far beyond SND.UNA congestion control lets data go. */
/*@ requires \valid_read(conn) && cc_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures 1 <= \result <= TCPFSM_MAX_CWND;
    ensures \result == cc_allowance(conn->recovery, conn->dupacks, conn->cwnd, conn->snd_mss);
*/
uint32_t tcpfsm_cc_window(const tcpfsm_conn *conn);

/* congestion.c, RFC 3168 §6.1.2: an ACK of `ack` with ECE arrived, ECN in
 * use.  Halves the window as for a loss, once per window of data and not
 * during loss recovery; returns 1 when it did (the next new data carries
 * CWR). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->bytes_acked, conn->ecn_recover, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures \result == 0 || \result == 1;
    ensures \result == 0 ==> conn->cwnd == \old(conn->cwnd);
    // an echo never grows the window, and leaves at least one segment
    ensures conn->cwnd <= \old(conn->cwnd) || conn->cwnd == conn->snd_mss;
*/
int      tcpfsm_cc_ecn(tcpfsm_conn *conn, uint32_t ack);

/* ecn.c: RFC 3168 */

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == TCPFSM_ECE || \result == TCPFSM_ECE + TCPFSM_CWR;
*/
uint8_t  tcpfsm_ecn_syn_bits(const tcpfsm_conn *conn);

/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures conn->cfg.ecn == TCPFSM_ECN_OFF ==> \result == 0;
*/
uint8_t  tcpfsm_ecn_agreed(const tcpfsm_conn *conn, const tcpfsm_segment *seg);

/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    terminates \true;
    assigns conn->ecn_echo;
    ensures conn->ecn_on == 0 ==> conn->ecn_echo == \old(conn->ecn_echo);
    ensures conn->ecn_on != 0 && seg->ip_ecn == TCPFSM_IP_CE ==> conn->ecn_echo == 1;
*/
void     tcpfsm_ecn_arrived(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/*@ requires \valid(conn);
    terminates \true;
    assigns conn->ecn_cwr;
    ensures conn->ecn_on == 0 ==> \result == 0;
    ensures conn->ecn_on != 0 ==> \result == TCPFSM_TX_ECT
            || \result == TCPFSM_TX_ECT + TCPFSM_CWR;
*/
uint8_t  tcpfsm_ecn_new_data(tcpfsm_conn *conn);

/*@ requires \valid_read(conn) && \valid(out) && \separated(conn, out);
    terminates \true;
    assigns out->tx[0 .. TCPFSM_MAX_TX - 1].ecn;
*/
void     tcpfsm_ecn_echo(const tcpfsm_conn *conn, tcpfsm_output *out);

/* output.c: filling the caller's output */

/*@ requires \valid(out);
    terminates \true;
    assigns *out;
    ensures out_ok(*out) && out->count == 0 && out->notes == 0 && out->more == 0;
    ensures out->acked == 0 && out->deliver_len == 0 && out->deliver_offset == 0;
    ensures out->dsack == 0;
*/
void     tcpfsm_out_clear(tcpfsm_output *out);

/*@ requires \valid(out) && out_ok(*out);
    terminates \true;
    assigns out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures out_ok(*out);
    // only the entry at the old count may change
    ensures out->tx == {\old(out->tx) \with [\old(out->count)] = out->tx[\old(out->count)]};
    ensures appended(\old(*out), *out);
    behavior room:
      assumes out->count < TCPFSM_MAX_TX;
      ensures \result == 1 && out->count == \old(out->count) + 1;
      ensures out->tx[\old(out->count)].seq == seq && out->tx[\old(out->count)].ack == ack;
      ensures out->tx[\old(out->count)].flags == flags;
      ensures out->tx[\old(out->count)].data_len == data_len;
      ensures out->tx[\old(out->count)].data_offset == data_offset;
      ensures out->tx[\old(out->count)].options == 0;
      ensures out->more == \old(out->more);
    behavior full:
      assumes out->count >= TCPFSM_MAX_TX;
      assigns out->more;
      ensures \result == 0 && out->more == 1 && out->count == \old(out->count);
    complete behaviors;
    disjoint behaviors;
*/
int      tcpfsm_emit(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags,
                     uint16_t window, uint32_t data_offset, uint32_t data_len);

/* Only once the peer's SYN is in: CLOSED and LISTEN offer no window. */
/*@ requires \valid(conn) && conn_ok(*conn) && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline;
    ensures conn_ok(*conn);
*/
uint16_t tcpfsm_advertise(tcpfsm_conn *conn);

/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing;
*/
int      tcpfsm_window_update_due(const tcpfsm_conn *conn);

/* A challenge ACK and every plain ACK: SEQ = SND.NXT, ACK = RCV.NXT. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \old(out->count) < TCPFSM_MAX_TX ==> out->count == \old(out->count) + 1
            && out->tx[\old(out->count)].flags == TCPFSM_ACK
            && out->tx[\old(out->count)].seq == conn->snd_nxt
            && out->tx[\old(out->count)].ack == conn->rcv_nxt;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
*/
void     tcpfsm_send_ack(tcpfsm_conn *conn, tcpfsm_output *out);

/* The ACK a segment is owed: at once, or (delayable) held for up to
 * cfg.delack_ms unless one is held already (RFC 9293 §3.8.6.3: at least
 * every second segment is acknowledged). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
*/
void     tcpfsm_ack_received(tcpfsm_conn *conn, int delayable, uint64_t now, tcpfsm_output *out);

/* challenge.c: the challenge ACK of RFC 5961 §3.2, §4.2 and §5.2, at
 * most cfg.challenge_limit per cfg.challenge_window_ms (§7) */

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, conn->challenge_start, conn->challenge_count,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures out->count == \old(out->count)
            || (out->count == \old(out->count) + 1
                && out->tx[\old(out->count)].flags == TCPFSM_ACK
                && out->tx[\old(out->count)].seq == conn->snd_nxt
                && out->tx[\old(out->count)].ack == conn->rcv_nxt);
    // §7: the ACK goes out (when there is room) exactly when the limit of
    // the current period allows it
    ensures !challenge_ack_allowed(\old(*conn), now) ==> out->count == \old(out->count);
    ensures challenge_ack_allowed(\old(*conn), now) && \old(out->count) < TCPFSM_MAX_TX
            ==> out->count == \old(out->count) + 1;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
*/
void     tcpfsm_send_challenge_ack(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);

/* SYN in SYN-SENT, SYN,ACK otherwise, always at ISS. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_SENT;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \old(out->count) < TCPFSM_MAX_TX ==> out->count == \old(out->count) + 1
            && out->tx[\old(out->count)].seq == conn->iss && out->tx[\old(out->count)].data_len == 0
            && out->tx[\old(out->count)].flags
               == (conn->state == TCPFSM_SYN_SENT ? TCPFSM_SYN : (TCPFSM_SYN | TCPFSM_ACK));
    // the MSS option: in SYN-SENT what the path carries as far as we know,
    // else the configured MSS; a SYN whose options were dropped carries it
    // alone (tcpfsm_config.syn_drop_options_at)
    ensures \old(out->count) < TCPFSM_MAX_TX
            ==> out->tx[\old(out->count)].mss
                == (conn->state == TCPFSM_SYN_SENT ? conn->snd_mss : conn->cfg.mss);
    ensures \old(out->count) < TCPFSM_MAX_TX && syn_options_dropped(*conn)
            ==> out->tx[\old(out->count)].options == TCPFSM_OPT_MSS;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), syn_kind(conn->state), syn_kind(conn->state));
*/
void     tcpfsm_send_syn(tcpfsm_conn *conn, tcpfsm_output *out);

/*@ requires \valid(out) && out_ok(*out);
    requires flags == TCPFSM_RST || flags == (TCPFSM_RST | TCPFSM_ACK);
    terminates \true;
    assigns out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures out_ok(*out);
    ensures out->tx == {\old(out->tx) \with [\old(out->count)] = out->tx[\old(out->count)]};
    ensures \old(out->count) < TCPFSM_MAX_TX ==> out->count == \old(out->count) + 1
            && out->tx[\old(out->count)].flags == flags
            && out->tx[\old(out->count)].seq == seq
            && out->tx[\old(out->count)].ack == ack;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), rst_kind(flags), rst_kind(flags));
*/
void     tcpfsm_send_rst(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags);

/* transmit.c: new data and FIN, retransmission, zero-window probes */

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns *conn, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == \old(conn->state);
    // data; the FIN only when CLOSE queued it or it is retransmitted; only
    // data once SEND queued some (SYN-RECEIVED turns to FIN-WAIT-1 on
    // CLOSE only with none)
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       \old(conn->fin_queued) != 0 || \old(conn->fin_sent) != 0
                       ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures \old(conn->snd_queued) == 0
            ==> kinds_from(*out, \old(out->count), TCPFSM_KIND_FIN_ACK, TCPFSM_KIND_FIN_ACK);
    // nothing before ESTABLISHED, nothing after our FIN
    ensures !sending_state(\old(conn->state)) ==> out->count == \old(out->count);
    // it sends what is queued, from its place, and leaves the queue alone
    ensures conn->snd_queued == \old(conn->snd_queued) && conn->snd_una == \old(conn->snd_una)
            && conn->syn_acked == \old(conn->syn_acked);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
    // new data and FIN only within the peer's window and, outside SACK
    // recovery, the congestion window (RFC 9293 §3.8.6.2.1, RFC 5681 §3.1).
    // A `check`: proven here, not handed to the callers, which need nothing
    // of it (as a hypothesis it pushed on_synchronized's invariant past the
    // provers' timeout)
    check ensures window_respected(\old(conn->snd_nxt), conn->snd_nxt, conn->snd_una,
                                   conn->snd_wnd, conn->recovery,
                                   cc_allowance(conn->recovery, conn->dupacks,
                                                conn->cwnd, conn->snd_mss));
*/
void     tcpfsm_transmit(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);

/* States that send data and FIN (transmit.c). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> sending_state(conn->state); */
int      tcpfsm_sending(const tcpfsm_conn *conn);

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->state >= TCPFSM_SYN_SENT;
    requires conn->snd_una != conn->snd_nxt;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures out->count <= \old(out->count) + 1;
    ensures appended(\old(*out), *out);
    // our SYN while unacknowledged, then data, and the FIN once sent
    ensures syn_unacked(\old(*conn)) != 0
            ==> kinds_from(*out, \old(out->count), syn_kind(conn->state), syn_kind(conn->state));
    ensures syn_unacked(\old(*conn)) == 0
            ==> kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                           \old(conn->fin_sent) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    // with no data queued, only our FIN can be in flight
    ensures syn_unacked(\old(*conn)) == 0 && \old(conn->snd_queued) == 0
            ==> kinds_from(*out, \old(out->count), TCPFSM_KIND_FIN_ACK, TCPFSM_KIND_FIN_ACK);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
void     tcpfsm_retransmit(tcpfsm_conn *conn, tcpfsm_output *out);

/* RFC 8985 §7.3: the tail loss probe's new data, beyond the congestion
 * window but within the peer's (the exception window_respected does not
 * state).  Returns 1 when a segment went out. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, conn->snd_nxt, conn->rtt_timing,
            conn->rtt_seq, conn->rtt_start, conn->snd_sml, conn->ecn_cwr,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures \result == 0 || \result == 1;
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures \result == 0 ==> out->count == \old(out->count) && conn->snd_nxt == \old(conn->snd_nxt);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA, TCPFSM_KIND_DATA);
    ensures !sending_state(conn->state) ==> out->count == \old(out->count);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
    // within the peer's window (RFC 9293 §3.8.6.2.1)
    ensures \result == 1 ==> seq_dist(conn->snd_nxt, conn->snd_una) <= conn->snd_wnd;
*/
int      tcpfsm_probe_new_data(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out);

/* RFC 8985 §7.3: the probe that resends the last segment in flight. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires conn->state >= TCPFSM_ESTABLISHED && syn_unacked(*conn) == 0;
    requires conn->snd_una != conn->snd_nxt;
    terminates \true;
    assigns conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline, out->tx[0 .. TCPFSM_MAX_TX - 1],
            out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures out->count <= \old(out->count) + 1;
    ensures appended(\old(*out), *out);
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       conn->fin_sent != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
void     tcpfsm_resend_last(tcpfsm_conn *conn, tcpfsm_output *out);

/* RFC 8985 §6.3: one retransmission after RACK's reordering timer. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns conn->rtx_due, conn->high_rxt, conn->rcv_adv, conn->last_ack_sent, conn->ack_deadline,
            out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       conn->fin_sent != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures !sending_state(conn->state) ==> out->count == \old(out->count);
    ensures data_placed(*out, \old(out->count), send_base(*conn), conn->snd_queued);
*/
void     tcpfsm_resend_lost(tcpfsm_conn *conn, tcpfsm_output *out);

/* keepalive.c: keepalive, RFC 1122 §4.2.3.6 */

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> conn->keepalive != 0 && keepalive_state(conn->state);
*/
int      tcpfsm_keepalive_runs(const tcpfsm_conn *conn);

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= 65535000;
    ensures config_ok(conn->cfg) ==> \result >= 1000;
*/
uint32_t tcpfsm_keepalive_wait_ms(const tcpfsm_conn *conn);

/* The timer expired while nothing is in flight and nothing waits for the
 * window: the keepalive timer, when it runs. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures !keepalive_state(\old(conn->state))
            ==> conn->state == \old(conn->state) && out->count == 0;
    ensures conn->state == \old(conn->state) || conn->state == TCPFSM_CLOSED;
    // a probe, or the RST that ends the connection
    ensures conn->state == \old(conn->state)
            ==> kinds_from(*out, 0, TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
    ensures conn->state != \old(conn->state)
            ==> kinds_from(*out, 0, TCPFSM_KIND_RST, TCPFSM_KIND_RST);
    // the probe's numbers: SND.NXT - 1, so that the peer must answer
    ensures conn->state == \old(conn->state) && out->count == 1
            ==> keepalive_probe(out->tx[0], conn->snd_nxt, conn->rcv_nxt);
*/
void     tcpfsm_keepalive_timeout(tcpfsm_conn *conn, tcpfsm_output *out);

/* Nothing is in flight: the persist timer expired. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && conn->snd_una == conn->snd_nxt;
    terminates \true;
    assigns *conn, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == \old(conn->state);
    ensures out->count <= \old(out->count) + 1;
    ensures appended(\old(*out), *out);
    // a byte of data, or the FIN CLOSE queued; nothing when neither waits
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_DATA,
                       \old(conn->fin_queued) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
    ensures \old(conn->fin_queued) == 0
            && (data_unsent(\old(*conn)) == 0 || \old(conn->fin_sent) != 0)
            ==> out->count == \old(out->count);
    // RFC 9293 §3.8.6.1: one unit beyond the zero window, no more
    ensures seq_dist(conn->snd_nxt, conn->snd_una) <= 1;
*/
void     tcpfsm_probe(tcpfsm_conn *conn, tcpfsm_output *out);

/* rtt.c: RFC 6298 */

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->rtt_seq, conn->rtt_start, conn->rtt_timing;
    ensures conn_ok(*conn);
*/
void     tcpfsm_rtt_start(tcpfsm_conn *conn, uint32_t seq, uint64_t now);

/* An ACK that moves SND.UNA: a round-trip sample by its timestamp echo
 * (RFC 7323 §4.2), else by the timed segment's ACK (RFC 6298 §3). */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_base_ok(*conn);
    terminates \true;
    assigns conn->srtt8, conn->rttvar4, conn->rto, conn->rtt_timing, conn->have_rtt,
            conn->hs_round_min_rtt, conn->hs_samples, conn->rack_min_rtt;
    ensures conn_base_ok(*conn);
    // RFC 6298 §2: a timestamp's sample is timed in ticks of ts_tick_ms,
    // the G of the RTO
    ensures ts_sample(\old(*conn), *seg, now)
            ==> conn->rto >= \min(conn->cfg.rto_max_ms, conn->srtt8 / 8 + conn->cfg.ts_tick_ms);
    // RFC 6298 §3 (Karn): no echo and no segment timed, no sample
    ensures !ts_sample(\old(*conn), *seg, now) && \old(conn->rtt_timing) == 0
            ==> conn->srtt8 == \old(conn->srtt8) && conn->rttvar4 == \old(conn->rttvar4)
                && conn->rto == \old(conn->rto);
*/
void     tcpfsm_rtt_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now);

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->rto, conn->rtt_timing;
    ensures conn_ok(*conn);
    ensures conn->rto == \min(2 * \old(conn->rto), conn->cfg.rto_max_ms);
    ensures conn->rtt_timing == 0; // RFC 6298 §3: the retransmission is not timed
*/
void     tcpfsm_rto_backoff(tcpfsm_conn *conn);

/* segment.c: SEGMENT ARRIVES */

/*@ requires \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> segment_ok(*seg);
*/
int      tcpfsm_segment_valid(const tcpfsm_segment *seg);

/*@ requires \valid_read(seg) && segment_ok(*seg);
    terminates \true;
    assigns \nothing;
    ensures \result == seg_len(*seg);
*/
uint32_t tcpfsm_seg_len(const tcpfsm_segment *seg);

/* SEGMENT ARRIVES on a valid connection, every case of RFC 9293 §3.10.7,
 * with the core's own copy of the segment (tcpfsm_on_segment takes the
 * fast path instead where it applies, fastpath.c). */
/*@ requires \valid(conn) && \valid(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && segment_ok(*seg);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures segment_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures segment_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && \old(conn->state) >= TCPFSM_SYN_RECEIVED
            && (seg->flags & TCPFSM_RST) != 0 && seg->seq != \old(conn->rcv_nxt)
            ==> conn->state == \old(conn->state);
    ensures (\old(conn->cfg.flags) & TCPFSM_CFG_RFC5961) != 0
            && \old(conn->state) >= TCPFSM_ESTABLISHED
            && (seg->flags & TCPFSM_SYN) != 0 && (seg->flags & TCPFSM_RST) == 0
            // but a new incarnation's SYN in TIME-WAIT (time_wait_reopens)
            && (\old(conn->state) != TCPFSM_TIME_WAIT || \old(conn->cfg.time_wait_reopen) == 0)
            ==> conn->state == \old(conn->state);
    ensures (seg->flags & TCPFSM_RST) != 0
            ==> out->count <= 1 && (out->count == 1 ==> out->tx[0].flags == TCPFSM_ACK
                && out->tx[0].seq == conn->snd_nxt && out->tx[0].ack == conn->rcv_nxt);
    // segment_step and segment_output, one named behavior per state
    // (spec/tcpfsm_transitions.h)
    // RFC 6298 §5.1: whatever is in flight has the retransmission timer
    ensures rtx_timer_runs(*conn);
    TCPFSM_SEGMENT_BEHAVIORS(\true)
    complete behaviors;
    disjoint behaviors;
*/
void     tcpfsm_segment_arrives(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint32_t iss,
                                uint64_t now, tcpfsm_output *out);

/* fastpath.c: header prediction, the receiver's common case */

/* The next in-order data in ESTABLISHED, inside the window, with no news
 * in its ACK, nothing in flight or to send, and no hole to fill. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> conn->state == TCPFSM_ESTABLISHED
            && (seg->flags == TCPFSM_ACK || seg->flags == TCPFSM_ACK + TCPFSM_PSH)
            && 1 <= seg->len <= seq_dist(conn->rcv_adv, conn->rcv_nxt);
    ensures \result == 1 ==> (seg->flags & TCPFSM_RST) == 0 && (seg->flags & TCPFSM_SYN) == 0;
*/
int      tcpfsm_fast_path_applies(const tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* What RFC 9293 §3.10.7.4 does with such a segment: deliver it, take its
 * window, and acknowledge it, at once or delayed. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out) && \separated(conn, seg, out);
    requires conn_ok(*conn) && segment_ok(*seg);
    requires conn->state == TCPFSM_ESTABLISHED;
    requires 1 <= seg->len <= seq_dist(conn->rcv_adv, conn->rcv_nxt);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == TCPFSM_ESTABLISHED && out->count <= 1;
    ensures kinds_from(*out, 0, TCPFSM_KIND_ACK, TCPFSM_KIND_ACK);
    ensures rtx_timer_runs(*conn);
*/
void     tcpfsm_fast_path(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                          tcpfsm_output *out);

/* reply.c: the reset that answers a segment belonging nowhere */

/*@ requires \valid_read(seg) && \valid(out) && \separated(seg, out);
    requires segment_ok(*seg) && out_ok(*out);
    terminates \true;
    assigns out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures out_ok(*out);
    ensures out->tx == {\old(out->tx) \with [\old(out->count)] = out->tx[\old(out->count)]};
    ensures appended(\old(*out), *out) && out->count <= \old(out->count) + 1;
    ensures kinds_from(*out, \old(out->count), TCPFSM_KIND_RST, TCPFSM_KIND_RST_ACK);
    ensures (seg->flags & TCPFSM_RST) != 0 ==> out->count == \old(out->count);
    ensures (seg->flags & TCPFSM_RST) == 0 && (seg->flags & TCPFSM_ACK) != 0
            && \old(out->count) < TCPFSM_MAX_TX
            ==> out->count == \old(out->count) + 1
                && out->tx[\old(out->count)].flags == TCPFSM_RST
                && out->tx[\old(out->count)].seq == seg->ack;
    ensures (seg->flags & TCPFSM_RST) == 0 && (seg->flags & TCPFSM_ACK) == 0
            && \old(out->count) < TCPFSM_MAX_TX
            ==> out->count == \old(out->count) + 1
                && out->tx[\old(out->count)].flags == (TCPFSM_RST | TCPFSM_ACK)
                && out->tx[\old(out->count)].seq == 0
                && out->tx[\old(out->count)].ack == seq_plus(seg->seq, seg_len(*seg));
*/
void     tcpfsm_rst_for(const tcpfsm_segment *seg, tcpfsm_output *out);

/* ack.c: the fifth step of §3.10.7.4 */

/*@ requires \valid(conn) && \valid_read(seg) && \valid(out) && \separated(conn, seg, out);
    // also the ACK that completes the handshake, taken just after the state
    // changed: it acknowledges our SYN, so conn_ok holds again after it
    requires conn_base_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    requires conn->state >= TCPFSM_ESTABLISHED;
    // SND.UNA < SEG.ACK =< SND.NXT
    requires seg->ack != conn->snd_una;
    requires seq_dist(seg->ack, conn->snd_una) <= seq_dist(conn->snd_nxt, conn->snd_una);
    terminates \true;
    assigns conn->srtt8, conn->rttvar4, conn->rto, conn->rtt_timing, conn->have_rtt,
            conn->syn_acked, conn->snd_queued, conn->snd_una, conn->snd_urgent, conn->retries,
            conn->rtx_deadline, conn->user_deadline, conn->cwnd, out->acked,
            conn->hs_round_min_rtt, conn->hs_samples, conn->rack_min_rtt, conn->rack_fack,
            conn->rack_lost;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->state == \old(conn->state);
    ensures conn->snd_una == seg->ack;
    ensures out->acked <= \old(conn->snd_queued);
*/
void     tcpfsm_ack_advance(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                            tcpfsm_output *out);

/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && segment_ok(*seg);
    requires conn->state >= TCPFSM_SYN_RECEIVED && out->count == 0;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures ack_moves(\old(conn->state), conn->state);
    ensures \result != 0 ==> conn->state != TCPFSM_CLOSED && out->count == 0;
    // a dropped ACK draws an ACK (RFC 5961 §5.2), in SYN-RECEIVED a RST
    ensures out->count == 0 || (\result == 0 && conn->state == \old(conn->state)
            && kinds_from(*out, 0, TCPFSM_KIND_ACK,
                          \old(conn->state) == TCPFSM_SYN_RECEIVED ? TCPFSM_KIND_RST
                                                                 : TCPFSM_KIND_ACK));
*/
int      tcpfsm_process_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg,
                            uint64_t now, tcpfsm_output *out);

/* The window a segment carries, once its ACK is taken (SEG.ACK at or
 * beyond SND.UNA): SND.WND by the SND.WL1/SND.WL2 rule (§3.10.7.4 fifth
 * step), and a zero window stops the retry and user-timeout counts. */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(*conn);
    terminates \true;
    assigns conn->snd_wnd, conn->snd_wl1, conn->snd_wl2, conn->max_snd_wnd,
            conn->retries, conn->user_deadline;
    ensures conn_ok(*conn);
*/
void     tcpfsm_take_window(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* An acceptable ACK arrived (RFC 1122 §4.2.3.6): the peer is there, so
 * keepalive starts over, and with nothing in flight the persist or
 * keepalive timer restarts (tcpfsm_rearm arms it again). */
/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->keepalive_probes, conn->rtx_deadline;
    ensures conn_ok(*conn);
*/
void     tcpfsm_peer_heard(tcpfsm_conn *conn);

/* ranges.c: ranges of sequence space (out-of-order data, SACK scoreboard) */

/* Whether adding [left, right), seen from base, forgets no range: a slot
 * is free or it overlaps or touches one (RFC 2018 §8: the receiver calls
 * it first and drops what does not fit, so as never to renege). */
/*@ requires ranges.count <= TCPFSM_OOO_RANGES;
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> ranges_fit(ranges, base, seq_dist(left, base),
                                        seq_dist(right, base));
*/
int tcpfsm_ranges_fit(tcpfsm_ranges ranges, uint32_t base, uint32_t left, uint32_t right);

/* [left, right), seen from base, added: it merges with the ranges it
 * overlaps or touches and becomes the first; when it fits nothing is
 * forgotten, otherwise the least recently changed range is.  A range whose
 * right edge lies before its left edge, seen from base, adds nothing. */
/*@ requires ranges.count <= TCPFSM_OOO_RANGES;
    terminates \true;
    assigns \nothing;
    ensures \result.count <= TCPFSM_OOO_RANGES;
    behavior a_range:
      assumes seq_dist(left, base) <= seq_dist(right, base);
      ensures 1 <= \result.count;
      ensures ranges_hold(\result, base, seq_dist(left, base), seq_dist(right, base));
      ensures ranges_fit(ranges, base, seq_dist(left, base), seq_dist(right, base))
              ==> ranges_kept(ranges, \result, base);
    behavior no_range:
      assumes seq_dist(left, base) > seq_dist(right, base);
      ensures \result == ranges;
    complete behaviors;
    disjoint behaviors;
*/
tcpfsm_ranges tcpfsm_ranges_add(tcpfsm_ranges ranges, uint32_t base, uint32_t left, uint32_t right);

/* RFC 2883 §4: the part of [lo, hi), offsets from base, that the range
 * with the lowest left edge among those it overlaps holds; an empty block
 * (left == right) when it overlaps none. */
/*@ requires ranges.count <= TCPFSM_OOO_RANGES;
    requires lo <= hi;
    terminates \true;
    assigns \nothing;
    ensures \result.left != \result.right ==>
            lo <= seq_dist(\result.left, base) < seq_dist(\result.right, base) <= hi &&
            ranges_hold(ranges, base, seq_dist(\result.left, base), seq_dist(\result.right, base));
*/
tcpfsm_sack_block tcpfsm_ranges_overlap(tcpfsm_ranges ranges, uint32_t base, uint32_t lo,
                                        uint32_t hi);

/* The ranges that start beyond edge; the others are forgotten. */
/*@ requires ranges.count <= TCPFSM_OOO_RANGES;
    terminates \true;
    assigns \nothing;
    ensures \result.count <= ranges.count;
*/
tcpfsm_ranges tcpfsm_ranges_beyond(tcpfsm_ranges ranges, uint32_t edge);

/* How far beyond edge a range that starts at or before it reaches; 0 when
 * none does.  (RFC 9293 §3.10.7.4, seventh step: kept data that the bytes
 * just taken reach, a range starting at RCV.NXT included, is in order.) */
/*@ requires ranges.count <= TCPFSM_OOO_RANGES;
    terminates \true;
    assigns \nothing;
    ensures \forall integer k; 0 <= k < ranges.count
            && seq_leq(ranges.range[k].left, edge) && seq_lt(edge, ranges.range[k].right)
            ==> \result >= seq_dist(ranges.range[k].right, edge);
*/
uint32_t tcpfsm_ranges_reach(tcpfsm_ranges ranges, uint32_t edge);

/* dsack.c: the D-SACK block, RFC 2883 */

/* The segment [seq, seq + len) arrived: when SACK is in use and it repeats
 * data already received (before RCV.NXT, or in an out-of-order range),
 * that part goes into sack[0] of the output as a D-SACK block.  Called
 * before the segment's data is taken. */
/*@ requires \valid_read(conn) && \valid(out) && \separated(conn, out);
    requires conn->ooo.count <= TCPFSM_OOO_RANGES;
    terminates \true;
    assigns out->sack[0], out->dsack;
    ensures out->dsack == \old(out->dsack)
            || (out->dsack == 1 && conn->sack_on != 0 && out->sack[0].left != out->sack[0].right
                && (seq_lt(out->sack[0].left, conn->rcv_nxt)
                    || ranges_hold(conn->ooo, conn->rcv_nxt,
                                   seq_dist(out->sack[0].left, conn->rcv_nxt),
                                   seq_dist(out->sack[0].right, conn->rcv_nxt))));
    // the block, when one is written, holds only bytes of this segment
    ensures (out->dsack == \old(out->dsack) && out->sack[0].left == \old(out->sack[0].left)
             && out->sack[0].right == \old(out->sack[0].right))
            || (out->dsack == 1 && dsack_in_segment(out->sack[0], seq, len));
    // RFC 2883 §4: data before RCV.NXT is always reported, exactly the
    // part of the segment before RCV.NXT
    ensures conn->sack_on != 0 && len != 0 && seq_lt(seq, conn->rcv_nxt)
            ==> out->dsack == 1 && dsack_below_rcv_nxt(out->sack[0], conn->rcv_nxt, seq, len);
*/
void     tcpfsm_dsack_note(const tcpfsm_conn *conn, uint32_t seq, uint32_t len,
                           tcpfsm_output *out);

/* sack.c: SACK on the sending side, RFC 6675 */

/* Unacknowledged data, offset bytes from SND.UNA; len 0: none. */
typedef struct tcpfsm_hole {
    uint32_t offset;
    uint32_t len;
} tcpfsm_hole;

/* RFC 6675 §5 Update(): after the cumulative ACK is taken, forget the
 * ranges SND.UNA passed and record the segment's SACK blocks that cover
 * data in flight (RFC 2018 §4). */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(*conn);
    terminates \true;
    assigns conn->sacked;
    ensures conn_ok(*conn);
*/
void     tcpfsm_sack_update(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* RFC 6675 §4 IsLost() for the octet offset bytes beyond SND.UNA, or RFC
 * 8985 RACK's verdict (tcpfsm_conn.rack_lost). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
int      tcpfsm_sack_lost(const tcpfsm_conn *conn, uint32_t offset);

/* RFC 6675 §4 NextSeg() rule (1), or rule (3) when not lost_only: the first
 * hole beyond HighRxt and below a SACKed range.  It lies within the data
 * in flight, short of SND.NXT. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result.len == 0
            || \result.offset + \result.len < seq_dist(conn->snd_nxt, conn->snd_una);
*/
tcpfsm_hole tcpfsm_sack_hole(const tcpfsm_conn *conn, int lost_only);

/* RFC 6675 §4 SetPipe(): the octets estimated in the network. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= 2 * seq_dist(conn->snd_nxt, conn->snd_una);
*/
uint32_t tcpfsm_sack_pipe(const tcpfsm_conn *conn);

/* RFC 9937 SACKd: the octets in flight the scoreboard covers. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= seq_dist(conn->snd_nxt, conn->snd_una);
*/
uint32_t tcpfsm_sack_bytes(const tcpfsm_conn *conn);

/* prr.c: RFC 9937 Proportional Rate Reduction in SACK loss recovery */

/* An ACK taken in SACK recovery (`started`: the one that began it), after
 * congestion control and the scoreboard saw it: `acked` data bytes SND.UNA
 * passed, `sacked_before` the scoreboard's bytes before it
 * (tcpfsm_sack_bytes).  Sets cwnd to pipe + SndCnt. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->prr_delivered, conn->prr_out, conn->recover_fs;
    ensures conn_base_ok(*conn);
    ensures 1 <= conn->recover_fs <= 2147483648;
    ensures started == 0 && 1 <= \old(conn->recover_fs) <= 2147483648
            ==> conn->recover_fs == \old(conn->recover_fs);
*/
void     tcpfsm_prr_ack(tcpfsm_conn *conn, uint32_t acked, uint32_t sacked_before, int started);

/* The data bytes of out->tx[from ..] count as sent in this recovery
 * (prr_out). */
/*@ requires \valid(conn) && \valid_read(out) && \separated(conn, out);
    requires out_ok(*out) && from <= out->count;
    terminates \true;
    assigns conn->prr_out;
    ensures conn->prr_out == \min(\old(conn->prr_out) + data_sent(*out, from, out->count),
                                  4294967295);
    ensures send_base(*conn) == \old(send_base(*conn));
*/
void     tcpfsm_prr_sent(tcpfsm_conn *conn, const tcpfsm_output *out, uint32_t from);

/* A resend outside tcpfsm_transmit (a Packet Too Big's, a timeout's that
 * leaves SACK recovery on: tcpfsm_cc_timeout's zero-window probe) counts in
 * prr_out as well, when SACK recovery lasts. */
/*@ requires \valid(conn) && \valid_read(out) && \separated(conn, out);
    requires out_ok(*out);
    terminates \true;
    assigns conn->prr_out;
    ensures conn->recovery == TCPFSM_RECOVERY_SACK
            ==> conn->prr_out == \min(\old(conn->prr_out) + data_sent(*out, 0, out->count),
                                      4294967295);
*/
void     tcpfsm_prr_resent(tcpfsm_conn *conn, const tcpfsm_output *out);

/* text.c: the seventh and eighth steps of §3.10.7.4 */

/* RCV.NXT moves over n bytes taken in order, never past the window
 * offered; they are the application's now. */
/*@ requires \valid(conn) && conn_ok(*conn);
    requires conn->state == TCPFSM_ESTABLISHED || conn->state == TCPFSM_FIN_WAIT_1
          || conn->state == TCPFSM_FIN_WAIT_2;
    requires n <= seq_dist(conn->rcv_adv, conn->rcv_nxt);
    terminates \true;
    assigns conn->rcv_nxt, conn->rcv_unread;
    ensures conn_ok(*conn);
    ensures seq_dist(conn->rcv_adv, conn->rcv_nxt)
            == seq_dist(\old(conn->rcv_adv), \old(conn->rcv_nxt)) - n;
*/
void     tcpfsm_take_in_order(tcpfsm_conn *conn, uint32_t n);

/* §3.10.7.3 fourth step: the text of a SYN that finds us in SYN-SENT (a
 * simultaneous open) is "queued for processing after the ESTABLISHED
 * state has been reached".  It is kept as out-of-order bytes are, from
 * RCV.NXT (keep_at 0) inside the window our SYN,ACK offers, and becomes the
 * application's (reasm_len) once tcpfsm_process_text runs in ESTABLISHED.
 * A FIN on that SYN is not kept: unacknowledged, it comes again (FreeBSD's
 * tcp_reass, too, returns no FIN before ESTABLISHED). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && conn->state == TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->ooo, conn->ooo_fin, conn->ooo_fin_seq,
            out->keep_offset, out->keep_len, out->keep_at;
    ensures conn_ok(*conn);
    ensures out->keep_len == \old(out->keep_len)
            || (out->keep_offset == 0 && out->keep_at == 0 && out->keep_len <= len
                && ranges_hold(conn->ooo, conn->rcv_nxt, 0, out->keep_len));
    ensures conn->ooo_fin == \old(conn->ooo_fin); // its FIN is not kept
*/
void     tcpfsm_keep_syn_text(tcpfsm_conn *conn, uint32_t len, tcpfsm_output *out);

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    terminates \true;
    assigns *conn, out->deliver_offset, out->deliver_len, out->notes,
            out->keep_offset, out->keep_len, out->keep_at, out->reasm_len,
            out->sack[0], out->dsack;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures fin_moves(\old(conn->state), conn->state);
    ensures \result == 0 || \result == TCPFSM_ACK_NOW || \result == TCPFSM_ACK_DELAYABLE;
    ensures \result == TCPFSM_ACK_DELAYABLE ==> conn->state == \old(conn->state);
    // an ACK is due only where text and FIN are taken
    ensures \result != 0 ==> \old(conn->state) == TCPFSM_ESTABLISHED
            || \old(conn->state) == TCPFSM_FIN_WAIT_1 || \old(conn->state) == TCPFSM_FIN_WAIT_2;
*/
int      tcpfsm_process_text(tcpfsm_conn *conn, uint32_t data_seq, uint32_t len,
                             uint32_t fin, uint64_t now, tcpfsm_output *out);

/* urgent.c: the urgent mechanism, RFC 9293 §3.8.5 */

/* The sixth step of §3.10.7.4.  RCV.UP only advances; when it does, the
 * user is told (MUST-32), and it lies ahead of the read point by exactly
 * what SEG.SEQ + SEG.UP says. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out) && \separated(conn, seg, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    terminates \true;
    assigns conn->rcv_urgent, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures conn->rcv_urgent >= \old(conn->rcv_urgent);
    ensures (seg->flags & TCPFSM_URG) == 0 || !text_state(conn->state)
            ==> conn->rcv_urgent == \old(conn->rcv_urgent);
    ensures conn->rcv_urgent == \old(conn->rcv_urgent) ==> out->notes == \old(out->notes);
    ensures conn->rcv_urgent != \old(conn->rcv_urgent)
            ==> out->notes == (\old(out->notes) | TCPFSM_NOTE_URGENT)
                && conn->rcv_urgent == urgent_ahead(conn->rcv_nxt, conn->rcv_unread,
                                                    seg->seq, seg->urgent);
*/
void     tcpfsm_urgent_arrives(tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_output *out);

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->rcv_urgent;
    ensures conn_ok(*conn);
    ensures conn->rcv_urgent == (\old(conn->rcv_urgent) > len ? \old(conn->rcv_urgent) - len : 0);
*/
void     tcpfsm_urgent_read(tcpfsm_conn *conn, uint32_t len);

/* SND.UP at the end of the data queued once len more bytes are. */
/*@ requires \valid(conn) && conn_ok(*conn);
    requires len <= TCPFSM_MAX_SEND_QUEUE - conn->snd_queued;
    terminates \true;
    assigns conn->snd_up, conn->snd_urgent;
    ensures conn_ok(*conn) && conn->snd_urgent == 1;
    ensures conn->state == \old(conn->state) && conn->fin_queued == \old(conn->fin_queued)
            && conn->snd_queued == \old(conn->snd_queued);
    ensures closed_by_user(*conn) <==> closed_by_user(\old(*conn));
    ensures conn->snd_up == seq_plus(conn->snd_una, syn_unacked(*conn) + conn->snd_queued + len);
*/
void     tcpfsm_urgent_mark(tcpfsm_conn *conn, uint32_t len);

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->snd_urgent;
    ensures conn_ok(*conn);
    ensures conn->snd_urgent == 0 || conn->snd_urgent == \old(conn->snd_urgent);
    // urgent mode ends exactly when SND.UNA reaches SND.UP
    ensures \old(conn->snd_urgent) != 0
            ==> (conn->snd_urgent == 0 <==> seq_leq(conn->snd_up, conn->snd_una));
*/
void     tcpfsm_urgent_acked(tcpfsm_conn *conn);

/* rack.c: RFC 8985 RACK-TLP */

/* The end of a call that may have sent new data or taken an ACK (after
 * tcpfsm_rearm: segment.c, user.c), SND.UNA una_before at its start: the
 * probe timeout runs while §7.2 lets it, started again from now when SND.UNA
 * moved or this call sent (sent_at == now), never later than the RTO. */
/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->loss_timer, conn->loss_deadline;
    ensures conn_ok(*conn);
    // kept, after `now`, or the RTO's deadline, which it never passes
    ensures deadline_kept_or_ahead(\old(conn->loss_deadline), conn->loss_deadline, now)
            || conn->loss_deadline == conn->rtx_deadline;
    ensures conn->loss_timer == TCPFSM_LOSS_TIMER_PROBE
            ==> conn->loss_deadline <= conn->rtx_deadline;
    // (re)started: exactly the PTO from now, or the RTO if that is sooner
    ensures (conn->snd_una != una_before || conn->sent_at == now)
            && conn->loss_timer == TCPFSM_LOSS_TIMER_PROBE
            ==> conn->loss_deadline == \min(\min(now + tlp_pto(*conn), 18446744073709551614),
                                            conn->rtx_deadline);
*/
void     tcpfsm_tlp_schedule(tcpfsm_conn *conn, uint64_t now, uint32_t una_before);

/* An acceptable ACK arrives (ack.c take_ack), before it moves SND.UNA or
 * the window: what it says of the probe unanswered (§7.4). */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_base_ok(*conn);
    terminates \true;
    assigns conn->tlp_out, conn->cwnd, conn->ssthresh, conn->recover, conn->bytes_acked,
            conn->ecn_cwr, conn->hs_phase, conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max,
            conn->cubic_w_est, conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
    ensures conn->cwnd <= \old(conn->cwnd);
    // the probe resent the last segment, and the ACK passes its end with no
    // D-SACK for it: it repaired a loss, answered as one outside recovery
    ensures conn->cfg.rack_tlp != 0 && conn->sack_on != 0
            && \old(conn->tlp_out) == TCPFSM_TLP_RETRANS && seq_lt(\old(conn->tlp_end), seg->ack)
            && !(seg->sack_count > 0 && seg->sack[0].right == \old(conn->tlp_end))
            && \old(conn->recovery) == TCPFSM_RECOVERY_NONE
            ==> conn->tlp_out == TCPFSM_TLP_NONE && conn->cwnd <= conn->ssthresh
                && conn->recover == conn->snd_nxt;
*/
void     tcpfsm_tlp_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg);

/* RFC 8985 §6.2, as rack.c proves it.  When RACK's verdict on the holes
 * below RACK.fack may come: the reordering window (in the recovery state
 * of before the ACK) after the ACK that raised RACK.fack. */
/*@ logic integer rack_verdict_at(tcpfsm_conn c, integer recovery) =
        \min(c.rack_fack_at + rack_reo_wnd(recovery, c.rack_reordering, c.rack_min_rtt, c.srtt8),
             18446744073709551614);
    // holes become lost (rack_lost moves up to RACK.fack) no sooner
    predicate rack_judged_in_time(tcpfsm_conn c, integer lost_before, integer recovery,
                                  integer now) =
        c.rack_lost != lost_before
        ==> c.rack_lost == c.rack_fack && now >= rack_verdict_at(c, recovery);
    // the reordering timer, when it runs, ends exactly then
    predicate rack_timer_exact(tcpfsm_conn c, integer recovery, integer now) =
        c.loss_timer == TCPFSM_LOSS_TIMER_REORDER
        ==> c.loss_deadline == rack_verdict_at(c, recovery) && c.loss_deadline > now;
*/

/* What an acceptable ACK found, before it changed anything (ack.c
 * take_ack): RACK reads reordering from it (rack.c). */
typedef struct {
    uint32_t una;      /* SND.UNA */
    uint32_t fack;     /* RACK.fack */
    uint8_t  recovery; /* the loss-recovery state (TCPFSM_RECOVERY_*) */
} tcpfsm_ack_prior;

/* An acceptable ACK was taken (ack.c take_ack), which found `prior`:
 * reordering and D-SACKs (§6.2 steps 2 and 4), RACK.fack (step 1) and the
 * holes below it. */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(*conn);
    terminates \true;
    assigns conn->rack_reordering, conn->rack_dsack_round, conn->rack_dsack_counted,
            conn->rack_reo_persist, conn->rack_fack, conn->rack_fack_at,
            conn->rack_lost, conn->loss_timer, conn->loss_deadline,
            conn->cwnd, conn->ssthresh, conn->recover, conn->recovery, conn->rtx_due,
            conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures conn_ok(*conn);
    ensures rack_judged_in_time(*conn, \old(conn->rack_lost), \old(conn->recovery), now);
    ensures rack_timer_exact(*conn, \old(conn->recovery), now);
    // step 4: the window widens by one quarter of the least RTT at most,
    // and once per round trip: not again before SND.UNA passes the SND.NXT
    // of the last widening
    ensures conn->rack_reordering <= \max(\old(conn->rack_reordering), 1) + 1;
    ensures \old(conn->rack_dsack_counted) != 0
            && seq_lt(conn->snd_una, \old(conn->rack_dsack_round))
            ==> conn->rack_reordering <= \max(\old(conn->rack_reordering), 1);
    ensures \old(conn->rack_reo_persist) <= TCPFSM_RACK_REO_PERSIST
            ==> conn->rack_reo_persist <= TCPFSM_RACK_REO_PERSIST;
*/
void     tcpfsm_rack_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_ack_prior prior,
                         uint64_t now);

/* The retransmission timer expired: the loss timer stops, the probe
 * episode ends (the timeout's recovery takes over). */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->loss_timer, conn->loss_deadline, conn->tlp_out;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
*/
void     tcpfsm_rack_after_timeout(tcpfsm_conn *conn);

/* The loss timer stops (timer.c, before a probe). */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->loss_timer, conn->loss_deadline;
    ensures conn->loss_timer == TCPFSM_LOSS_TIMER_NONE;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
*/
void     tcpfsm_loss_timer_stop(tcpfsm_conn *conn);

/* A tail loss probe went (timer.c), SND.NXT nxt_before before it: new data
 * when SND.NXT moved, else the last segment again (§7.3). */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->tlp_out, conn->tlp_end;
    ensures conn->tlp_out != TCPFSM_TLP_NONE && conn->tlp_end == conn->snd_nxt;
*/
void     tcpfsm_tlp_sent(tcpfsm_conn *conn, uint32_t nxt_before);

/* RACK's reordering timer expired (timer.c): the holes below RACK.fack are
 * lost and recovery starts if it may (returns 1), or nothing is left to
 * judge and the timer stops (returns 0). */
/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->rack_lost, conn->loss_timer, conn->loss_deadline,
            conn->cwnd, conn->ssthresh, conn->recover, conn->recovery, conn->rtx_due,
            conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures conn_ok(*conn);
    ensures \result == 0 || \result == 1;
    ensures conn->loss_deadline == TCPFSM_NO_DEADLINE;
    ensures \result == 1 ==> conn->rack_lost == conn->rack_fack;
*/
int      tcpfsm_rack_reorder_expired(tcpfsm_conn *conn);

#endif
