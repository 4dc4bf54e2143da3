/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9406 HyStart++: the first slow start, and where it ends.
 *
 * Slow start doubles the window each round trip until a loss says it went
 * too far; by then a whole window may be lost.  HyStart++ watches the
 * smallest round-trip sample of each round: when it rises by a threshold
 * over the round before (a queue is building), slow start gives way to
 * Conservative Slow Start (CSS), a quarter of the growth, for at most
 * CSS_ROUNDS rounds; should the delay fall back in CSS, the exit was
 * spurious and slow start resumes.  After CSS_ROUNDS, ssthresh = cwnd and
 * congestion avoidance follows.
 *
 * §4.3: an ACK's growth is limited to L * SMSS (tcpfsm_config.ss_ack_limit):
 * 8 by default, the RFC's L for a sender that does not pace (the core
 * sends what the window allows at once), 0 for none, the RFC's L for a
 * paced one.  A receiver that acknowledges every third or fourth segment
 * still doubles the window each round, where RFC 3465's L = 2 gives 1.5x.
 *
 * It runs in the connection's first slow start only: a loss, an ECN echo
 * or a timeout ends it (congestion.c), and later slow starts are RFC 5681's
 * with RFC 3465's limits. */
#include "internal.h"

/* §4.3's constants (L is tcpfsm_config.ss_ack_limit) */
#define HYSTART_N_RTT_SAMPLE   8u  /* samples a round needs to be judged */
#define HYSTART_MIN_RTT_THRESH 4u  /* ms */
#define HYSTART_MAX_RTT_THRESH 16u /* ms */
#define HYSTART_MIN_RTT_DIVISOR 8u
#define HYSTART_CSS_GROWTH_DIVISOR 4u
#define HYSTART_CSS_ROUNDS     5u

void tcpfsm_hystart_init(tcpfsm_conn *conn)
{
    conn->hs_phase = (uint8_t)TCPFSM_HYSTART_SLOW_START;
    conn->hs_window_end = conn->snd_nxt;
    conn->hs_round_min_rtt = TCPFSM_NO_RTT_SAMPLE;
    conn->hs_last_min_rtt = TCPFSM_NO_RTT_SAMPLE;
    conn->hs_css_baseline = TCPFSM_NO_RTT_SAMPLE;
    conn->hs_samples = 0u;
    conn->hs_css_rounds = 0u;
}

void tcpfsm_hystart_rtt(tcpfsm_conn *conn, uint32_t rtt_ms)
{
    /* §4.2: currentRoundMinRTT = min(currentRoundMinRTT, currRTT) */
    if (conn->hs_phase == (uint8_t)TCPFSM_HYSTART_OFF) {
        return;
    }
    if (rtt_ms < conn->hs_round_min_rtt) {
        conn->hs_round_min_rtt = rtt_ms;
    }
    if (conn->hs_samples < HYSTART_N_RTT_SAMPLE) {
        conn->hs_samples++;
    }
}

/* §4.2: RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT /
 * MIN_RTT_DIVISOR, MAX_RTT_THRESH)). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == hystart_rtt_thresh(last_min_rtt);
*/
static uint32_t rtt_threshold(uint32_t last_min_rtt)
{
    uint32_t eighth = last_min_rtt / HYSTART_MIN_RTT_DIVISOR;
    if (eighth < HYSTART_MIN_RTT_THRESH) {
        return HYSTART_MIN_RTT_THRESH;
    }
    return eighth > HYSTART_MAX_RTT_THRESH ? HYSTART_MAX_RTT_THRESH : eighth;
}

/* The round has enough samples, and both minima are known. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> conn->hs_samples >= HYSTART_N_RTT_SAMPLE
                              && conn->hs_round_min_rtt != TCPFSM_NO_RTT_SAMPLE
                              && conn->hs_last_min_rtt != TCPFSM_NO_RTT_SAMPLE;
*/
static int round_judged(const tcpfsm_conn *conn)
{
    return conn->hs_samples >= HYSTART_N_RTT_SAMPLE
        && conn->hs_round_min_rtt != TCPFSM_NO_RTT_SAMPLE
        && conn->hs_last_min_rtt != TCPFSM_NO_RTT_SAMPLE;
}

/* §4.2, in slow start: the delay rose by the threshold; CSS begins, with
 * this round's minimum as its baseline.  In CSS: the delay fell below the
 * baseline; the exit was spurious, slow start resumes. */
/*@ requires \valid(conn);
    terminates \true;
    assigns conn->hs_phase, conn->hs_css_baseline, conn->hs_css_rounds;
    ensures \old(conn->hs_phase) == TCPFSM_HYSTART_SLOW_START && hystart_delay_rose(\old(*conn))
            ==> conn->hs_phase == TCPFSM_HYSTART_CSS && conn->hs_css_rounds == 0
                && conn->hs_css_baseline == \old(conn->hs_round_min_rtt);
    ensures \old(conn->hs_phase) == TCPFSM_HYSTART_SLOW_START && !hystart_delay_rose(\old(*conn))
            ==> conn->hs_phase == TCPFSM_HYSTART_SLOW_START;
    ensures conn->hs_phase == \old(conn->hs_phase) || conn->hs_phase == TCPFSM_HYSTART_CSS
            || conn->hs_phase == TCPFSM_HYSTART_SLOW_START;
*/
static void judge_delay(tcpfsm_conn *conn)
{
    uint32_t last = conn->hs_last_min_rtt;
    if (!round_judged(conn)) {
        return;
    }
    if (conn->hs_phase == (uint8_t)TCPFSM_HYSTART_SLOW_START) {
        if (conn->hs_round_min_rtt >= last
            && conn->hs_round_min_rtt - last >= rtt_threshold(last)) {
            conn->hs_css_baseline = conn->hs_round_min_rtt;
            conn->hs_css_rounds = 0u;
            conn->hs_phase = (uint8_t)TCPFSM_HYSTART_CSS;
        }
    } else if (conn->hs_round_min_rtt < conn->hs_css_baseline) {
        conn->hs_css_baseline = TCPFSM_NO_RTT_SAMPLE;
        conn->hs_phase = (uint8_t)TCPFSM_HYSTART_SLOW_START;
    }
}

/* §4.2: a round ends when the ACK reaches windowEnd, SND.NXT when the
 * round began; the next one's minimum starts over.  A CSS that has lasted
 * CSS_ROUNDS rounds ends in congestion avoidance: ssthresh = cwnd, the
 * window this ACK leaves (its growth added). */
/*@ requires \valid(conn) && cc_ok(*conn);
    terminates \true;
    assigns conn->hs_phase, conn->hs_window_end, conn->hs_round_min_rtt,
            conn->hs_last_min_rtt, conn->hs_samples, conn->hs_css_rounds, conn->ssthresh;
    ensures cc_ok(*conn);
    ensures \old(conn->hs_phase) != TCPFSM_HYSTART_CSS || \old(conn->hs_css_rounds) == 0
            ==> conn->hs_phase == \old(conn->hs_phase);
    ensures conn->hs_phase == \old(conn->hs_phase) || conn->hs_phase == TCPFSM_HYSTART_OFF;
    ensures conn->ssthresh == \old(conn->ssthresh)
            || (conn->ssthresh == \min(conn->cwnd + growth, TCPFSM_MAX_CWND)
                && conn->hs_phase == TCPFSM_HYSTART_OFF);
*/
static void next_round(tcpfsm_conn *conn, uint32_t growth)
{
    if (tcpfsm_seq_lt(conn->snd_una, conn->hs_window_end)) {
        return;
    }
    conn->hs_last_min_rtt = conn->hs_round_min_rtt;
    conn->hs_round_min_rtt = TCPFSM_NO_RTT_SAMPLE;
    conn->hs_samples = 0u;
    conn->hs_window_end = conn->snd_nxt;
    if (conn->hs_phase == (uint8_t)TCPFSM_HYSTART_CSS) {
        if (conn->hs_css_rounds < HYSTART_CSS_ROUNDS) {
            conn->hs_css_rounds++;
        }
        if (conn->hs_css_rounds >= HYSTART_CSS_ROUNDS) {
            conn->ssthresh = tcpfsm_cwnd_grow(conn->cwnd, growth);
            conn->hs_phase = (uint8_t)TCPFSM_HYSTART_OFF;
        }
    }
}

/* §4.3: min(N, L * SMSS), L = 0 for no limit. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == hystart_limited(acked, l, smss);
*/
static uint32_t limited(uint32_t acked, uint8_t l, uint16_t smss)
{
    uint32_t limit = (uint32_t)l * smss;
    if (l == 0u || acked <= limit) {
        return acked;
    }
    return limit;
}

uint32_t tcpfsm_hystart_increase(tcpfsm_conn *conn, uint32_t acked)
{
    uint32_t growth = limited(acked, conn->cfg.ss_ack_limit, conn->snd_mss);
    /* §4.2: the growth of the phase the ACK found (in CSS min(N, L * SMSS)
     * / CSS_GROWTH_DIVISOR); then the delay is judged, its sample counted
     * (rtt.c), and the round may end */
    uint32_t applied = conn->hs_phase == (uint8_t)TCPFSM_HYSTART_CSS
                     ? growth / HYSTART_CSS_GROWTH_DIVISOR : growth;
    judge_delay(conn);
    next_round(conn, applied);
    return applied;
}
