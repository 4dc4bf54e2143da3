/* SPDX-License-Identifier: BSD-2-Clause */
/* Timeouts, RFC 9293 §3.10.8, RFC 6298 §5 and RFC 1122 §4.2.3.6. */
#include "internal.h"

/* The FIN-WAIT-2 timeout runs: our FIN is acknowledged, the user will
 * receive no more (tcpfsm_shutdown_receive) and tcpfsm_config sets one.
 * RFC 9293 lets FIN-WAIT-2 wait for the peer's FIN for ever; a peer that
 * vanished would hold the block for good, so stacks end such a connection
 * once the peer has been silent that long (FreeBSD's tcp_timer_2msl with
 * tcp_finwait2_timeout, from the last segment received; Linux's
 * tcp_fin_timeout). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> fin_wait_2_timer_runs(*conn);
*/
static int fin_wait_2_timer_runs(const tcpfsm_conn *conn)
{
    return conn->state == (uint8_t)TCPFSM_FIN_WAIT_2 && conn->rcv_shut != 0u
        && conn->cfg.fin_wait_2_timeout_ms != 0u;
}

/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires conn->state != TCPFSM_TIME_WAIT;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures conn->state == \old(conn->state) || conn->state == TCPFSM_CLOSED;
    ensures timer_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures timer_step(\old(conn->state), \old(conn->passive), conn->state);
    // RFC 6298 §5.5: a timeout with data in flight that does not end the
    // connection doubles the RTO, up to its maximum
    ensures \old(conn->snd_una) != \old(conn->snd_nxt) && conn->state != TCPFSM_CLOSED
            ==> conn->rto == \min(2 * \old(conn->rto), conn->cfg.rto_max_ms);
    ensures rtx_timer_runs(*conn);
*/
static void retransmission_timeout(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    tcpfsm_rack_after_timeout(conn); /* RFC 8985 §7.3: the last resort ran */
    if (conn->snd_una != conn->snd_nxt) {
        /* RFC 9293 §3.8.3 (R2): give up after the configured retries */
        if (conn->retries >= conn->cfg.max_retries) {
            tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_TIMED_OUT);
            return;
        }
        tcpfsm_cc_timeout(conn);    /* RFC 5681 §3.1 */
        conn->retries++;
        tcpfsm_rto_backoff(conn);   /* RFC 6298 §5.5 */
        tcpfsm_retransmit(conn, out); /* §5.4 */
        conn->sent_at = now;          /* RFC 5681 §4.1 */
        tcpfsm_prr_resent(conn, out); /* recovery on after a probe's timeout */
    } else if (tcpfsm_persisting(conn)) {
        /* tcpfsm_rearm ran the timer as the persist timer; RFC 9293
         * §3.8.6.1: probes back off too */
        tcpfsm_rto_backoff(conn);
        tcpfsm_probe(conn, out);
        conn->sent_at = now;
    } else if (fin_wait_2_timer_runs(conn)) {
        /* the peer stayed silent: the connection ends without a word, as
         * FreeBSD's tcp_close and Linux's TIME-WAIT socket do */
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_TIMED_OUT);
        return;
    } else {
        tcpfsm_keepalive_timeout(conn, out); /* RFC 1122 §4.2.3.6 */
    }
    conn->rtx_deadline = TCPFSM_NO_DEADLINE; /* §5.6: restart with the new RTO */
    tcpfsm_rearm(conn, now);
}

/* RFC 8985 §7.3: the tail loss probe.  New data if some waits and the
 * peer's window takes it, whatever the congestion window says; else the
 * last segment again.  Then the retransmission timer, not the PTO, runs
 * (RFC 6298 §5.1), and no other probe goes before an ACK (rack.c). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires sending_state(conn->state) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures conn->state == \old(conn->state);
    ensures rtx_timer_runs(*conn);
    ensures kinds_from(*out, 0, TCPFSM_KIND_DATA,
                       \old(conn->fin_sent) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
*/
static void send_probe(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint32_t nxt_before = conn->snd_nxt;
    tcpfsm_loss_timer_stop(conn);
    if (conn->snd_una == conn->snd_nxt || tcpfsm_syn_unacked(conn) != 0u) {
        tcpfsm_rearm(conn, now);
        return; /* nothing to probe for after all */
    }
    if (!tcpfsm_probe_new_data(conn, now, out)) {
        tcpfsm_resend_last(conn, out);
        conn->rtt_timing = 0u; /* RFC 6298 §3, Karn: a retransmission times nothing */
    }
    tcpfsm_tlp_sent(conn, nxt_before);
    conn->sent_at = now; /* RFC 5681 §4.1 */
    conn->rtx_deadline = TCPFSM_NO_DEADLINE; /* the RTO starts over */
    tcpfsm_rearm(conn, now);
}

/* RFC 8985 §6.3: RACK's reordering window has passed: the holes below
 * RACK.fack are lost, recovery starts if it has not, and the first goes
 * out again (the ACKs that answer it send the rest, as RFC 6675 and RFC
 * 9937 let them). */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires sending_state(conn->state) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures conn->state == \old(conn->state);
    ensures rtx_timer_runs(*conn);
    ensures kinds_from(*out, 0, TCPFSM_KIND_DATA,
                       \old(conn->fin_sent) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
*/
static void reordering_timeout(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    int was_recovering = conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK;
    if (!tcpfsm_rack_reorder_expired(conn)) {
        return;
    }
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK && !was_recovering) {
        /* RFC 9937 §6.1: the recovery starts here, nothing delivered yet */
        tcpfsm_prr_ack(conn, 0u, tcpfsm_sack_bytes(conn), 1);
    }
    tcpfsm_resend_lost(conn, out);
    if (out->count != 0u) {
        conn->sent_at = now; /* RFC 5681 §4.1 */
        tcpfsm_prr_resent(conn, out);
        /* the RTO counts from the retransmission (as Linux's
         * tcp_rack_reo_timeout re-arms it): one due at the same time
         * would undo the recovery this one starts */
        conn->rtx_deadline = TCPFSM_NO_DEADLINE;
        tcpfsm_rearm(conn, now);
    }
}

/* RFC 8985's loss timer expired (rack.c sets it): the tail loss probe,
 * or RACK's reordering timeout; one segment at most. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count == 0;
    requires rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    ensures rtx_timer_runs(*conn);
    ensures conn->state == \old(conn->state);
    ensures sending_state(conn->state) || out->count == 0;
    ensures kinds_from(*out, 0, TCPFSM_KIND_DATA,
                       \old(conn->fin_sent) != 0 ? TCPFSM_KIND_FIN_ACK : TCPFSM_KIND_DATA);
*/
static void loss_timeout(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    if (!tcpfsm_sending(conn)) {
        tcpfsm_loss_timer_stop(conn); /* our FIN is acknowledged: nothing to probe */
    } else if (conn->loss_timer == (uint8_t)TCPFSM_LOSS_TIMER_PROBE) {
        send_probe(conn, now, out);
    } else if (conn->loss_timer == (uint8_t)TCPFSM_LOSS_TIMER_REORDER) {
        reordering_timeout(conn, now, out);
    } else {
        tcpfsm_loss_timer_stop(conn);
    }
}

/* The timeouts of a valid connection that are due at `now`. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && rtx_timer_runs(*conn)
            && out_ok(*out) && tx_ok(*out, conn->rcv_nxt) && out->count <= 1;
    // nothing due: nothing changes, nothing is sent
    ensures !timer_due(\old(conn->user_deadline), \old(conn->rtx_deadline),
                       \old(conn->ack_deadline), \old(conn->loss_deadline), now)
            ==> *conn == \old(*conn) && conn->state == \old(conn->state)
                && out->count == 0 && out->notes == 0;
    ensures timer_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures timer_output(\old(conn->state), \old(conn->passive), conn->state, *out);
*/
static void expire(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    int loss_due = conn->loss_deadline != TCPFSM_NO_DEADLINE && conn->loss_deadline <= now;
    /* RFC 8985 §7.2: the loss timer due no later than the RTO goes first
     * (a probe set for the RTO's own time goes in its place) */
    int rtx_due = conn->rtx_deadline != TCPFSM_NO_DEADLINE && conn->rtx_deadline <= now
               && !(loss_due && conn->loss_deadline <= conn->rtx_deadline);
    tcpfsm_out_clear(out);
    if (conn->user_deadline != TCPFSM_NO_DEADLINE && conn->user_deadline <= now) {
        tcpfsm_enter_closed(conn, out, TCPFSM_NOTE_TIMED_OUT); /* USER TIMEOUT */
    } else if (rtx_due) {
        if (conn->state == (uint8_t)TCPFSM_TIME_WAIT) {
            tcpfsm_enter_closed(conn, out, 0u); /* TIME-WAIT TIMEOUT */
        } else {
            retransmission_timeout(conn, now, out);
        }
    } else if (loss_due) {
        loss_timeout(conn, now, out);
    } else if (conn->ack_deadline != TCPFSM_NO_DEADLINE && conn->ack_deadline <= now) {
        tcpfsm_send_ack(conn, out); /* RFC 9293 §3.8.6.3: the ACK held goes */
    }
    (void)tcpfsm_finish(conn, now, out);
}

tcpfsm_error tcpfsm_on_timer(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err != TCPFSM_OK) {
        return err;
    }
    expire(conn, tcpfsm_clock(conn, now), out);
    return TCPFSM_OK;
}

/* Queued data or FIN waits for the peer's zero window to open: the
 * persist timer runs (RFC 9293 §3.8.6.1). */
int tcpfsm_persisting(const tcpfsm_conn *conn)
{
    return conn->snd_wnd == 0u && (tcpfsm_unsent(conn) > 0u || conn->fin_queued != 0u);
}

/* How long the retransmission (or persist) timer waits: the RTO, plus
 * tcpfsm_config.rto_slop_ms once the RTO comes from a measurement or a
 * backoff, as FreeBSD's TCPT_RANGESET adds rexmit_slop to every timeout it
 * sets but the first (t_rxtcur starts at rexmit_initial); the sum is
 * clamped to rto_max_ms like the RTO itself (RFC 6298 §2.5). */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures conn->rto <= \result <= conn->cfg.rto_max_ms;
    ensures conn->cfg.rto_slop_ms == 0 ==> \result == conn->rto;
*/
static uint32_t retransmission_wait(const tcpfsm_conn *conn)
{
    uint32_t slop = conn->have_rtt != 0u || conn->retries != 0u ? conn->cfg.rto_slop_ms : 0u;
    return slop <= conn->cfg.rto_max_ms - conn->rto ? conn->rto + slop : conn->cfg.rto_max_ms;
}

/* How long the timer waits in its role: the FIN-WAIT-2 timeout, the
 * keepalive's wait, or the retransmission (or persist) timeout. */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    requires fin_wait_2 != 0 ==> conn->cfg.fin_wait_2_timeout_ms != 0;
    terminates \true;
    assigns \nothing;
    ensures \result >= 1;
*/
static uint32_t timer_wait(const tcpfsm_conn *conn, int fin_wait_2, int keepalive)
{
    if (fin_wait_2) {
        return conn->cfg.fin_wait_2_timeout_ms;
    }
    return keepalive ? tcpfsm_keepalive_wait_ms(conn) : retransmission_wait(conn);
}

/* Timers follow the sequence space in flight (RFC 6298 §5.1-§5.2): the
 * retransmission timer runs while anything is unacknowledged, or while data
 * waits on a zero window (the persist timer, RFC 9293 §3.8.6.1), or, when
 * neither, as the FIN-WAIT-2 timeout where that runs, else as the keepalive
 * timer (RFC 1122 §4.2.3.6) where that is on; the user timeout (RFC 5482
 * meaning) runs while anything is unacknowledged.  Each segment heard from
 * the peer restarts an idle timer (tcpfsm_peer_heard). */
void tcpfsm_rearm(tcpfsm_conn *conn, uint64_t now)
{
    int in_flight = conn->snd_una != conn->snd_nxt;
    int persist = !in_flight && tcpfsm_persisting(conn);
    int fin_wait_2 = !in_flight && !persist && fin_wait_2_timer_runs(conn);
    int keepalive = !in_flight && !persist && !fin_wait_2 && tcpfsm_keepalive_runs(conn);
    if (conn->state == (uint8_t)TCPFSM_CLOSED || conn->state == (uint8_t)TCPFSM_LISTEN
        || conn->state == (uint8_t)TCPFSM_TIME_WAIT) {
        return;
    }
    if (!in_flight && !persist && !fin_wait_2 && !keepalive) {
        conn->rtx_deadline = TCPFSM_NO_DEADLINE;
    } else if (conn->rtx_deadline == TCPFSM_NO_DEADLINE
               || conn->keepalive_armed != (keepalive ? 1u : 0u)) {
        /* started, or changing role: hours of keepalive never time data,
         * nor an RTO the idle connection (the FIN-WAIT-2 timeout starts
         * from the ACK of our FIN, which stops the retransmission timer,
         * or from keepalive, which it replaces) */
        conn->rtx_deadline = tcpfsm_deadline_after(now, timer_wait(conn, fin_wait_2, keepalive));
    }
    conn->keepalive_armed = keepalive ? 1u : 0u;
    if (!in_flight || conn->cfg.user_timeout_ms == 0u) {
        conn->user_deadline = TCPFSM_NO_DEADLINE;
    } else if (conn->user_deadline == TCPFSM_NO_DEADLINE) {
        conn->user_deadline = tcpfsm_deadline_after(now, conn->cfg.user_timeout_ms);
    }
}
