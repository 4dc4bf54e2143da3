/* SPDX-License-Identifier: BSD-2-Clause */
/* Congestion control: RFC 5681 slow start, congestion avoidance, fast
 * retransmit and fast recovery, with RFC 3465 appropriate byte counting,
 * RFC 6582 NewReno partial acknowledgments, RFC 3042 limited transmit and
 * the RFC 6928 initial window; the first slow start is RFC 9406
 * HyStart++'s (hystart.c).  How the window grows in congestion avoidance
 * and how far it falls at a loss is the algorithm's, chosen at compile
 * time (TCPFSM_CC, internal.h): RFC 9438 CUBIC (cubic.c) or Reno
 * (newreno.c), called by name, no function pointer. */
#include "internal.h"

#if TCPFSM_CC == TCPFSM_CC_NEWRENO
#define algorithm_avoid   tcpfsm_newreno_avoid
#define algorithm_reduced tcpfsm_newreno_reduced
#else
#define algorithm_avoid   tcpfsm_cubic_avoid
#define algorithm_reduced tcpfsm_cubic_reduced
#endif

/* ssthresh after a reduction: what the algorithm says, at least two
 * segments (RFC 5681 §3.1 (4), RFC 9438 §4.6). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    requires signal <= TCPFSM_CC_TIMEOUT;
    terminates \true;
    assigns conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures 2 * conn->snd_mss <= \result <= TCPFSM_MAX_CWND;
*/
static uint32_t reduced_ssthresh(tcpfsm_conn *conn, uint8_t signal)
{
    uint32_t reduced = algorithm_reduced(conn, signal);
    uint32_t two = 2u * (uint32_t)conn->snd_mss;
    return reduced > two ? reduced : two;
}

/* RFC 6928 §2: the initial window, min(10 * SMSS, max(2 * SMSS, 14600)),
 * with the configured number of segments in place of 10. */
/*@ requires \valid_read(conn) && config_ok(conn->cfg) && conn->snd_mss >= 1;
    terminates \true;
    assigns \nothing;
    ensures 1 <= \result <= TCPFSM_MAX_CWND;
*/
static uint32_t initial_window(const tcpfsm_conn *conn)
{
    uint32_t smss = conn->snd_mss;
    uint32_t cap = 2u * smss > 14600u ? 2u * smss : 14600u;
    return tcpfsm_min_u32((uint32_t)conn->cfg.init_window * smss, cap);
}

void tcpfsm_cc_init(tcpfsm_conn *conn)
{
    /* RFC 9438: no reduction yet, no epoch (cubic.c) */
    conn->cubic_epoch = TCPFSM_NO_DEADLINE;
    conn->cubic_k = 0u;
    conn->cubic_w_max = 0u;
    conn->cubic_w_est = 0u;
    conn->cubic_cwnd_prior = 0u;
    conn->cwnd = initial_window(conn);
    conn->ssthresh = TCPFSM_MAX_CWND; /* RFC 5681 §3.1: arbitrarily high */
    conn->bytes_acked = 0u;
    conn->recover = conn->iss;        /* RFC 6582 §3.2 */
    conn->dupacks = 0u;
    conn->recovery = (uint8_t)TCPFSM_RECOVERY_NONE;
    conn->rtx_due = 0u;
    tcpfsm_hystart_init(conn);
}

void tcpfsm_cc_after_idle(tcpfsm_conn *conn)
{
    /* RFC 5681 §4.1: RW = min(IW, cwnd); ssthresh keeps what was learnt.
     * Slow start comes first: CUBIC's curve starts again with the
     * congestion avoidance that follows it (cubic.c start_epoch) */
    conn->cwnd = tcpfsm_min_u32(conn->cwnd, initial_window(conn));
    conn->cubic_epoch = TCPFSM_NO_DEADLINE;
}

void tcpfsm_cc_syn_retransmitted(tcpfsm_conn *conn)
{
    /* RFC 5681 §3.1, RFC 6928 §2: after a lost SYN or SYN,ACK the
     * initial window is one segment */
    conn->cwnd = conn->snd_mss;
}

/* RFC 5681 §3.1: slow start below ssthresh (2), congestion avoidance
 * above it (3), the algorithm's (cubic.c, newreno.c); both count the bytes
 * acknowledged, not the ACKs (RFC 3465): a receiver that acknowledges
 * every second segment, or a lost ACK, slows neither.  `acked` new bytes
 * were acknowledged. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->bytes_acked, conn->ssthresh, conn->hs_phase,
            conn->hs_window_end, conn->hs_round_min_rtt, conn->hs_last_min_rtt,
            conn->hs_css_baseline, conn->hs_samples, conn->hs_css_rounds,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est;
    ensures conn_base_ok(*conn);
    ensures \old(conn->cwnd) <= conn->cwnd;
    // slow start never grows faster than data is delivered
    ensures \old(conn->cwnd) < \old(conn->ssthresh) ==> conn->cwnd <= \old(conn->cwnd) + acked;
    // RFC 3465 §2.2-§2.3: by L = 1 SMSS after a timeout, 2 SMSS in a slow
    // start that is not the first
    ensures \old(conn->cwnd) < \old(conn->ssthresh)
            && \old(conn->recovery) == TCPFSM_RECOVERY_TIMEOUT
            ==> conn->cwnd <= \old(conn->cwnd) + conn->snd_mss;
    ensures \old(conn->cwnd) < \old(conn->ssthresh) && \old(conn->hs_phase) == TCPFSM_HYSTART_OFF
            ==> conn->cwnd <= \old(conn->cwnd) + 2 * conn->snd_mss;
*/
static void open_window(tcpfsm_conn *conn, uint32_t acked)
{
    uint32_t smss = conn->snd_mss;
    if (acked == 0u) {
        return; /* only our SYN or FIN: no data left the network */
    }
    if (conn->cwnd < conn->ssthresh) {
        if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_TIMEOUT) {
            /* §2.3: L = 1 SMSS in the slow start after a timeout */
            conn->cwnd = tcpfsm_cwnd_grow(conn->cwnd, tcpfsm_min_u32(acked, smss));
        } else if (conn->hs_phase != (uint8_t)TCPFSM_HYSTART_OFF) {
            /* the first slow start: RFC 9406 (hystart.c) */
            conn->cwnd = tcpfsm_cwnd_grow(conn->cwnd, tcpfsm_hystart_increase(conn, acked));
        } else {
            /* §2.2: at most L = 2 SMSS per ACK */
            conn->cwnd = tcpfsm_cwnd_grow(conn->cwnd, tcpfsm_min_u32(acked, 2u * smss));
        }
        return;
    }
    algorithm_avoid(conn, acked);
}

/* The window once an ACK covers all that was in flight when recovery
 * began.  After SACK recovery ssthresh (RFC 9937 §4), which PRR (prr.c)
 * has brought the flight to; after NewReno's, min(ssthresh, max(FlightSize,
 * SMSS) + SMSS) (RFC 6582 §3.2 step 3), for its window was inflated. */
/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= TCPFSM_MAX_CWND;
    ensures conn->recovery == TCPFSM_RECOVERY_SACK ==> \result == conn->ssthresh;
*/
static uint32_t full_ack_window(const tcpfsm_conn *conn)
{
    uint32_t smss = conn->snd_mss;
    uint32_t flight = tcpfsm_min_u32(tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una),
                                     TCPFSM_MAX_CWND);
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK) {
        return conn->ssthresh;
    }
    return tcpfsm_min_u32(conn->ssthresh, tcpfsm_cwnd_grow(flight > smss ? flight : smss, smss));
}

/* RFC 6582 §3.2 step 3, in fast recovery; RFC 6675 §5 (A)-(B) with SACK,
 * where PRR (prr.c) sets the window on each ACK instead. */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    requires conn->recovery == TCPFSM_RECOVERY_FAST || conn->recovery == TCPFSM_RECOVERY_SACK;
    terminates \true;
    assigns conn->cwnd, conn->recovery, conn->rtx_due;
    ensures conn_base_ok(*conn);
*/
static void fast_recovery_ack(tcpfsm_conn *conn, uint32_t acked)
{
    uint32_t smss = conn->snd_mss;
    uint32_t cwnd;
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK
        && tcpfsm_seq_lt(conn->snd_una, conn->recover)) {
        /* PRR sets the window, and the scoreboard finds the next hole; a peer
         * that sends no SACK blocks gets NewReno's retransmission */
        conn->rtx_due = conn->sacked.count == 0u ? 1u : 0u;
        return;
    }
    if (tcpfsm_seq_lt(conn->snd_una, conn->recover)) {
        /* partial ACK: retransmit the next hole; deflate by what was
         * acknowledged, adding back a segment when a segment was */
        conn->rtx_due = 1u;
        cwnd = conn->cwnd > acked ? conn->cwnd - acked : 0u;
        if (acked >= smss) {
            cwnd = tcpfsm_cwnd_grow(cwnd, smss);
        }
    } else {
        cwnd = full_ack_window(conn);
        conn->recovery = (uint8_t)TCPFSM_RECOVERY_NONE;
    }
    conn->cwnd = cwnd > smss ? cwnd : smss; /* never below one segment */
}

void tcpfsm_cc_ack(tcpfsm_conn *conn, uint32_t acked)
{
    conn->dupacks = 0u;
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_FAST
        || conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK) {
        fast_recovery_ack(conn, acked);
        return;
    }
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_TIMEOUT) {
        if (tcpfsm_seq_lt(conn->snd_una, conn->recover)) {
            /* what was sent before the timeout is still missing in part:
             * the next hole goes out now, not one timeout each */
            conn->rtx_due = 1u;
        } else {
            conn->recovery = (uint8_t)TCPFSM_RECOVERY_NONE;
        }
    }
    open_window(conn, acked);
}

/* Fast retransmit, and into loss recovery: RFC 5681 §3.2 steps 2-3 with
 * RFC 6582 NewReno; with SACK, RFC 6675 §5 step (4): the window is
 * reduced to ssthresh, not inflated, for pipe counts what is in the
 * network.  The algorithm says how far (half the flight for Reno, 0.7
 * cwnd for CUBIC). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->cwnd, conn->ssthresh, conn->recover, conn->recovery, conn->rtx_due,
            conn->high_rxt, conn->bytes_acked, conn->ecn_cwr, conn->hs_phase,
            conn->cubic_epoch, conn->cubic_k, conn->cubic_w_max, conn->cubic_w_est,
            conn->cubic_cwnd_prior;
    ensures conn_base_ok(*conn);
*/
static void enter_recovery(tcpfsm_conn *conn)
{
    conn->ssthresh = reduced_ssthresh(conn, TCPFSM_CC_LOSS);
    conn->bytes_acked = 0u; /* RFC 3465 §2.1: counting starts over */
    conn->recover = conn->snd_nxt; /* RecoveryPoint = HighData */
    if (conn->sack_on != 0u) {
        conn->cwnd = conn->ssthresh;
        conn->recovery = (uint8_t)TCPFSM_RECOVERY_SACK;
        conn->high_rxt = conn->snd_una; /* nothing retransmitted yet */
    } else {
        conn->cwnd = tcpfsm_cwnd_grow(conn->ssthresh, 3u * (uint32_t)conn->snd_mss);
        conn->recovery = (uint8_t)TCPFSM_RECOVERY_FAST;
    }
    conn->rtx_due = 1u; /* the segment at SND.UNA first (RFC 6675 (4.3)) */
    conn->ecn_cwr = conn->ecn_on; /* RFC 3168 §6.1.2: CWR on the next new data */
    conn->hs_phase = (uint8_t)TCPFSM_HYSTART_OFF; /* RFC 9406 §4.2: a loss ends it */
}

/* RFC 6582 §3.2 step 1: a loss starts recovery only outside one, and only
 * once SND.UNA has passed "recover" (the data in flight when the last one
 * began): one reduction per window of data. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 ==> conn->recovery == TCPFSM_RECOVERY_NONE; */
static int recovery_may_start(const tcpfsm_conn *conn)
{
    return conn->recovery == (uint8_t)TCPFSM_RECOVERY_NONE
        && tcpfsm_seq_lt(conn->recover, conn->snd_una);
}

void tcpfsm_cc_same_ack(tcpfsm_conn *conn, int duplicate)
{
    if (!duplicate) {
        conn->dupacks = 0u; /* a window update or data breaks the run */
        return;
    }
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_FAST) {
        conn->cwnd = tcpfsm_cwnd_grow(conn->cwnd, conn->snd_mss); /* RFC 5681 §3.2 step 4 */
        return;
    }
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK) {
        return; /* RFC 6675: the SACK blocks it carried shrank pipe */
    }
    if (conn->dupacks < 255u) {
        conn->dupacks++;
    }
    /* the third duplicate ACK (RFC 5681 §3.2), or fewer when the SACK
     * blocks already show the segment at SND.UNA lost (RFC 6675 §5 step
     * (2)) */
    if (recovery_may_start(conn)
        && (conn->dupacks == 3u || tcpfsm_sack_lost(conn, 0u) != 0)) {
        enter_recovery(conn);
    }
}

void tcpfsm_cc_loss(tcpfsm_conn *conn)
{
    if (recovery_may_start(conn) && tcpfsm_sack_lost(conn, 0u) != 0) {
        enter_recovery(conn);
    }
}

void tcpfsm_cc_probe_repaired(tcpfsm_conn *conn)
{
    if (conn->recovery != (uint8_t)TCPFSM_RECOVERY_NONE) {
        return;
    }
    /* as a loss (the algorithm's ssthresh), but the probe has repaired
     * it: no recovery, cwnd no more than the new ssthresh (Linux's
     * tcp_process_tlp_ack, a CWR episode ended at once) */
    conn->ssthresh = reduced_ssthresh(conn, TCPFSM_CC_LOSS);
    conn->cwnd = tcpfsm_min_u32(conn->cwnd, conn->ssthresh);
    conn->bytes_acked = 0u; /* RFC 3465 §2.1: counting starts over */
    conn->recover = conn->snd_nxt; /* one reduction for this window */
    conn->ecn_cwr = conn->ecn_on;  /* RFC 3168 §6.1.2 */
    conn->hs_phase = (uint8_t)TCPFSM_HYSTART_OFF; /* RFC 9406 §4.2 */
}

void tcpfsm_cc_timeout(tcpfsm_conn *conn)
{
    if (tcpfsm_syn_unacked(conn) != 0u) {
        return; /* the handshake: tcpfsm_cc_init follows the SYNs */
    }
    if (conn->snd_wnd == 0u && tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una) == 1u) {
        /* a zero-window probe (RFC 9293 §3.8.6.1) is not lost when no
         * ACK covers it: the peer's window is shut, and its ACKs say so;
         * RFC 5681 §3.1 answers loss, not a slow reader (Linux and
         * FreeBSD probe from a timer of their own that leaves cwnd be) */
        return;
    }
    /* RFC 5681 §3.1 (4), RFC 9438 §4.8: the algorithm's ssthresh */
    conn->ssthresh = reduced_ssthresh(conn, TCPFSM_CC_TIMEOUT);
    conn->cwnd = conn->snd_mss; /* the loss window, one segment */
    conn->bytes_acked = 0u;
    /* RFC 6582 §3.2 step 4: recover = the highest sequence number sent */
    conn->recover = conn->snd_nxt;
    conn->recovery = (uint8_t)TCPFSM_RECOVERY_TIMEOUT;
    /* RFC 2018 §8: the receiver may have reneged; what it SACKed is
     * retransmitted with the rest (RFC 6675 §5.1 ends SACK recovery) */
    conn->sacked.count = 0u;
    conn->dupacks = 0u;
    conn->rtx_due = 0u; /* the timeout retransmits by itself */
    conn->ecn_cwr = conn->ecn_on; /* RFC 3168 §6.1.2: CWR on the next new data */
    conn->hs_phase = (uint8_t)TCPFSM_HYSTART_OFF; /* RFC 9406 §4.2 */
}

uint32_t tcpfsm_cc_window(const tcpfsm_conn *conn)
{
    /* RFC 3042: the first two duplicate ACKs each let one new segment out */
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_NONE && conn->dupacks >= 1u
        && conn->dupacks <= 2u) {
        return tcpfsm_cwnd_grow(conn->cwnd, (uint32_t)conn->dupacks * conn->snd_mss);
    }
    return conn->cwnd;
}

/* RFC 3168 §6.1.2: cwnd and ssthresh reduced, as for a loss but with
 * nothing to retransmit, once per window of data: not again until an ACK
 * passes what was in flight at this reduction, nor during loss recovery,
 * which has halved the window already.  (A window reduced by a loss also
 * sends CWR: enter_recovery, tcpfsm_cc_timeout.) */
int tcpfsm_cc_ecn(tcpfsm_conn *conn, uint32_t ack)
{
    uint32_t smss = conn->snd_mss;
    uint32_t reduced;
    /* the echoes of one congestion keep coming until the peer sees our
     * CWR: the ACK must pass the point, not reach it (FreeBSD's
     * cc_cong_signal judges by SEG.ACK too); one beyond SND.NXT is no ACK */
    if (conn->recovery != (uint8_t)TCPFSM_RECOVERY_NONE
        || tcpfsm_seq_leq(ack, conn->ecn_recover) || tcpfsm_seq_lt(conn->snd_nxt, ack)) {
        return 0;
    }
    /* RFC 3168 §6.1.2 halves the window; RFC 9438 §4.6 takes an echo as
     * a loss: the algorithm's reduction either way */
    reduced = algorithm_reduced(conn, TCPFSM_CC_ECN);
    conn->ssthresh = reduced > 2u * smss ? reduced : 2u * smss;
    conn->cwnd = reduced > smss ? reduced : smss;
    conn->bytes_acked = 0u; /* RFC 3465 §2.1: counting starts over */
    conn->ecn_recover = conn->snd_nxt;
    conn->hs_phase = (uint8_t)TCPFSM_HYSTART_OFF; /* RFC 9406 §4.2: so does a mark */
    return 1;
}
