/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 7323 §3-§5: the timestamps option, TS.Recent and PAWS. */
#include "internal.h"

/* §5.5: a TS.Recent not updated for 24 days is no longer valid: the peer's
 * clock may have moved half its range since (2^31 ticks of 1 ms). */
#define TS_RECENT_LIFETIME_MS 2073600000u

int tcpfsm_ts_in_use(const tcpfsm_conn *conn)
{
    if (conn->state == (uint8_t)TCPFSM_SYN_SENT) {
        return tcpfsm_syn_offers(conn, TCPFSM_CFG_TIMESTAMPS); /* our SYN offers */
    }
    return conn->ts_on != 0u;
}

/* now / tick modulo 2^32, without dividing a 64-bit number: that is a
 * library call on 32-bit targets (__aeabi_uldivmod), and this runs for
 * every segment sent.  With now = hi * 2^32 + lo and r = hi % tick, the
 * quotient modulo 2^32 is (r * 2^32 + lo) / tick (the rest of it is a
 * multiple of 2^32), found by long division in two 16-bit digits; each
 * step fits 32 bits because r < tick <= 1000 < 2^16. */
/*@ requires 1 <= tick <= 1000;
    terminates \true;
    assigns \nothing;
    ensures \result == (now / tick) % 4294967296;
*/
static uint32_t ticks_of(uint64_t now, uint32_t tick)
{
    uint32_t hi = (uint32_t)(now / 4294967296u);
    uint32_t lo = (uint32_t)(now % 4294967296u);
    uint32_t r = hi % tick;
    uint32_t t1 = r * 65536u + lo / 65536u;
    uint32_t q1 = t1 / tick;
    uint32_t t2 = (t1 % tick) * 65536u + lo % 65536u;
    uint32_t q2 = t2 / tick;
    //@ assert now == hi * 4294967296 + lo;
    //@ assert hi == (hi / tick) * tick + r && 0 <= r < tick;
    //@ assert t1 == q1 * tick + t1 % tick && 0 <= t1 % tick < tick;
    //@ assert t2 == q2 * tick + t2 % tick && 0 <= t2 % tick < tick;
    //@ assert q1 < 65536 && q2 < 65536;
    //@ assert now == tick * ((hi / tick) * 4294967296 + q1 * 65536 + q2) + t2 % tick;
    //@ assert now / tick == (hi / tick) * 4294967296 + q1 * 65536 + q2;
    return q1 * 65536u + q2;
}

/* §5.4: the caller's clock in ticks of ts_tick_ms, plus the connection's
 * offset, modulo 2^32. */
uint32_t tcpfsm_ts_value(const tcpfsm_conn *conn, uint64_t now)
{
    return tcpfsm_seq_add(ticks_of(now, conn->cfg.ts_tick_ms), conn->cfg.ts_offset);
}

/* §3.2: timestamps are used when both SYNs carried the option; TS.Recent
 * starts at the peer's SYN's TSval. */
void tcpfsm_ts_negotiate(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    if (!tcpfsm_syn_offers(conn, TCPFSM_CFG_TIMESTAMPS)
        || (seg->options & TCPFSM_OPT_TIMESTAMP) == 0u) {
        conn->ts_on = 0u;
        conn->ts_recent = 0u;
        conn->ts_recent_at = 0u;
        return;
    }
    conn->ts_on = 1u;
    conn->ts_recent = seg->ts_val;
    conn->ts_recent_at = now;
}

/* §5.5: TS.Recent holds while it is younger than 24 days (a clock that
 * went back counts as no time passed). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> ts_recent_valid_at(*conn, now);
*/
static int ts_recent_valid(const tcpfsm_conn *conn, uint64_t now)
{
    return now < conn->ts_recent_at || now - conn->ts_recent_at <= TS_RECENT_LIFETIME_MS;
}

/* §5.3 R1: a segment whose TSval lies before TS.Recent is an old duplicate.
 * §3.2: once negotiated, a segment without the option is dropped, unless
 * configured otherwise.  A RST passes whatever it carries (§5.2). */
int tcpfsm_ts_check(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    if (conn->ts_on == 0u || (seg->flags & TCPFSM_RST) != 0) {
        return TCPFSM_TS_TAKE;
    }
    if ((seg->options & TCPFSM_OPT_TIMESTAMP) == 0u) {
        return (conn->cfg.flags & TCPFSM_CFG_TS_OPTIONAL) != 0u ? TCPFSM_TS_TAKE
                                                                : TCPFSM_TS_MISSING;
    }
    if (tcpfsm_seq_lt(seg->ts_val, conn->ts_recent) && ts_recent_valid(conn, now)) {
        return TCPFSM_TS_OLD;
    }
    return TCPFSM_TS_TAKE;
}

/* §4.3 and §5.3 R3: an acceptable segment that starts at or before the
 * last ACK we sent moves TS.Recent forward (or anywhere, once it is no
 * longer valid). */
void tcpfsm_ts_update(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now)
{
    if (conn->ts_on == 0u || (seg->options & TCPFSM_OPT_TIMESTAMP) == 0u
        || !tcpfsm_seq_leq(seg->seq, conn->last_ack_sent)) {
        return;
    }
    if (tcpfsm_seq_lt(seg->ts_val, conn->ts_recent) && ts_recent_valid(conn, now)) {
        return;
    }
    conn->ts_recent = seg->ts_val;
    conn->ts_recent_at = now;
}

/* §4.1 (RTTM): TSecr echoes the TSval of the segment that drew this ACK, so
 * the time since is a round trip, retransmission or not.  Returns 1 with
 * the sample in ms; 0 when the echo is missing or from the future. */
int tcpfsm_ts_rtt(const tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                  uint32_t *sample_ms)
{
    uint32_t ticks;
    uint64_t ms;
    if (conn->ts_on == 0u || (seg->options & TCPFSM_OPT_TIMESTAMP) == 0u) {
        return 0;
    }
    ticks = tcpfsm_seq_dist(tcpfsm_ts_value(conn, now), seg->ts_ecr);
    if (ticks >= 0x80000000u) {
        return 0;
    }
    ms = (uint64_t)ticks * conn->cfg.ts_tick_ms;
    *sample_ms = ms < TCPFSM_RTT_SAMPLE_MAX_MS ? (uint32_t)ms : TCPFSM_RTT_SAMPLE_MAX_MS;
    return 1;
}
