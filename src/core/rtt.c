/* SPDX-License-Identifier: BSD-2-Clause */
/* The retransmission timeout, RFC 6298. */
#include "internal.h"

void tcpfsm_rtt_start(tcpfsm_conn *conn, uint32_t seq, uint64_t now)
{
    conn->rtt_seq = seq;
    conn->rtt_start = now;
    conn->rtt_timing = 1u;
}

/*@ requires \valid_read(conn) && config_ok(conn->cfg);
    terminates \true;
    assigns \nothing;
    ensures conn->cfg.rto_min_ms <= \result <= conn->cfg.rto_max_ms;
    ensures \result >= \min(rto, conn->cfg.rto_max_ms);
*/
static uint32_t rto_clamp(const tcpfsm_conn *conn, uint32_t rto)
{
    if (rto < conn->cfg.rto_min_ms) {
        return conn->cfg.rto_min_ms; /* §2.4 */
    }
    return rto > conn->cfg.rto_max_ms ? conn->cfg.rto_max_ms : rto; /* §2.5 */
}

/* §2.2 and §2.3, in the scaled form: SRTT kept times 8, RTTVAR times 4.
 * g is §2's G, the granularity of the clock that timed r: 1 ms for the
 * caller's clock, ts_tick_ms for a timestamp's echo, whose samples are
 * whole ticks (a 400 ms round trip within one 1 s tick reads 0). */
/*@ requires \valid(conn) && conn_base_ok(*conn) && r <= TCPFSM_RTT_SAMPLE_MAX_MS;
    requires 1 <= g <= 1000;
    terminates \true;
    assigns conn->srtt8, conn->rttvar4, conn->rto, conn->have_rtt;
    ensures conn_base_ok(*conn);
    ensures conn->rto >= \min(conn->cfg.rto_max_ms, conn->srtt8 / 8 + g);
*/
static void rtt_sample(tcpfsm_conn *conn, uint32_t r, uint32_t g)
{
    uint32_t srtt;
    uint32_t delta;
    if (conn->have_rtt == 0u) {
        conn->srtt8 = r * 8u;   /* SRTT <- R */
        conn->rttvar4 = r * 2u; /* RTTVAR <- R/2 */
        conn->have_rtt = 1u;
    } else {
        srtt = conn->srtt8 / 8u;
        delta = r > srtt ? r - srtt : srtt - r;
        /* RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'| */
        conn->rttvar4 = conn->rttvar4 - conn->rttvar4 / 4u + delta;
        /* SRTT <- 7/8 SRTT + 1/8 R' */
        conn->srtt8 = conn->srtt8 - conn->srtt8 / 8u + r;
    }
    /* RTO <- SRTT + max(G, 4*RTTVAR) */
    conn->rto = rto_clamp(conn, conn->srtt8 / 8u + (conn->rttvar4 > g ? conn->rttvar4 : g));
}

/* A sample of r ms, timed by a clock of g ms: RFC 6298's estimators,
 * HyStart++'s round (RFC 9406 §4.2) and RACK.min_RTT (RFC 8985 §6.2);
 * the timed segment is done with. */
/*@ requires \valid(conn) && conn_base_ok(*conn) && r <= TCPFSM_RTT_SAMPLE_MAX_MS;
    requires 1 <= g <= 1000;
    terminates \true;
    assigns conn->srtt8, conn->rttvar4, conn->rto, conn->have_rtt, conn->rtt_timing,
            conn->hs_round_min_rtt, conn->hs_samples, conn->rack_min_rtt;
    ensures conn_base_ok(*conn);
    ensures conn->rto >= \min(conn->cfg.rto_max_ms, conn->srtt8 / 8 + g);
    ensures conn->rtt_timing == 0;
    ensures conn->rack_min_rtt == \min(\old(conn->rack_min_rtt), r);
*/
static void took_sample(tcpfsm_conn *conn, uint32_t r, uint32_t g)
{
    rtt_sample(conn, r, g);
    tcpfsm_hystart_rtt(conn, r);
    if (r < conn->rack_min_rtt) {
        conn->rack_min_rtt = r; /* RFC 8985 §6.2 step 3 RACK.min_RTT */
    }
    conn->rtt_timing = 0u;
}

/* An ACK arrived that moves SND.UNA: with timestamps every such ACK is a
 * sample (RFC 7323 §4.2), its echo telling when the segment it answers
 * left; otherwise the sample is taken when the ACK covers the timed
 * segment, and Karn's rule (§3) holds because a retransmission stops
 * timing. */
void tcpfsm_rtt_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    uint64_t elapsed;
    uint32_t sample = 0u;
    if (tcpfsm_ts_rtt(conn, seg, now, &sample)) {
        took_sample(conn, sample, conn->cfg.ts_tick_ms);
        return;
    }
    if (conn->rtt_timing == 0u || !tcpfsm_seq_lt(conn->rtt_seq, seg->ack)) {
        return;
    }
    elapsed = now >= conn->rtt_start ? now - conn->rtt_start : 0u;
    sample = elapsed < TCPFSM_RTT_SAMPLE_MAX_MS ? (uint32_t)elapsed : TCPFSM_RTT_SAMPLE_MAX_MS;
    took_sample(conn, sample, 1u);
}

/* §5.5: back off the timer; §3 (Karn): the retransmitted segment is not timed. */
void tcpfsm_rto_backoff(tcpfsm_conn *conn)
{
    conn->rto = conn->rto > conn->cfg.rto_max_ms / 2u ? conn->cfg.rto_max_ms : conn->rto * 2u;
    conn->rtt_timing = 0u;
}
