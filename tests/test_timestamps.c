/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 7323 §3-§5: timestamps.  The option offered on our SYN and agreed on
 * by both SYNs; TSval from the caller's clock, in ticks, plus an offset;
 * TSecr echoing TS.Recent, which follows the rules of §4.3; PAWS (§5.3),
 * with the 24-day limit of §5.5; segments without the option once agreed
 * (§3.2); and round-trip samples from the echo (§4.1).  Every test runs
 * with small sequence numbers and with numbers that cross 2^32. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_PSH TCPFSM_PSH
#define F_RST TCPFSM_RST
#define F_SYN TCPFSM_SYN

#define PEER_TS 7000u                  /* the peer's first TSval */
#define DAYS_24_MS (24u * 24u * 3600u * 1000u)

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

static void init_ts(h_t *t, int i, uint8_t flags, uint32_t tick, uint32_t offset)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.flags = flags;
    cfg.ts_tick_ms = tick;
    cfg.ts_offset = offset;
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
}

static uint8_t default_flags(void)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    return cfg.flags;
}

/* A segment from the peer, with the timestamps option when ts_val != 0. */
static tcpfsm_segment peer(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len,
                           uint32_t ts_val, uint32_t ts_ecr)
{
    tcpfsm_segment seg = h_seg(flags, seq, ack, len);
    if (ts_val != 0u) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = ts_val;
        seg.ts_ecr = ts_ecr;
    }
    return seg;
}

static void rx(h_t *t, tcpfsm_segment seg)
{
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* The output carries timestamps with these values. */
static void expect_stamp(const h_t *t, uint32_t ts_val, uint32_t ts_ecr)
{
    ck_assert_uint_eq(t->out.timestamps, 1);
    ck_assert_uint_eq(t->out.ts_val, ts_val);
    ck_assert_uint_eq(t->out.ts_ecr, ts_ecr);
}

/* Active open answered with timestamps (TSval PEER_TS) at t.now. */
static void establish_ts(h_t *t, int i)
{
    init_ts(t, i, default_flags(), 1u, 0u);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    t->now += 100u; /* the handshake's round trip: 100 ms */
    rx(t, peer(F_SYN | F_ACK, t->peer_iss, t->iss + 1u, 0u, PEER_TS, (uint32_t)t->now - 100u));
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    h_expect_tx(t, 0, F_ACK, t->iss + 1u, t->peer_iss + 1u);
    expect_stamp(t, (uint32_t)t->now, PEER_TS);
}

/* §3.2: our SYN offers timestamps, TSecr 0; TSval is the clock in ticks
 * plus the offset, modulo 2^32 (§5.4). */
START_TEST(syn_carries_the_clock)
{
    static const struct { uint32_t tick, offset; uint64_t now; uint32_t want; } cases[] = {
        {1u, 0u, 1000u, 1000u},
        {10u, 0u, 1009u, 100u},
        {1000u, 5u, 7999u, 12u},
        {1u, 0xFFFFFFF0u, 0x20u, 0x10u},                 /* the offset wraps */
        {1u, 0u, 0x100000005ull, 5u},                    /* the clock wraps */
    };
    unsigned k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        h_t t;
        init_ts(&t, _i, default_flags(), cases[k].tick, cases[k].offset);
        t.now = cases[k].now;
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        expect_stamp(&t, cases[k].want, 0u);
    }
}
END_TEST

START_TEST(nothing_offered_without_the_switch)
{
    h_t t;
    init_ts(&t, _i, (uint8_t)(default_flags() & ~TCPFSM_CFG_TIMESTAMPS), 1u, 0u);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.timestamps, 0);
    /* a SYN,ACK with the option does not turn them on */
    rx(&t, peer(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u, PEER_TS, 1000u));
    ck_assert_uint_eq(t.out.timestamps, 0);
    ck_assert_uint_eq(h_info(&t).options & TCPFSM_OPT_TIMESTAMP, 0);
}
END_TEST

/* Both SYNs carried the option: the ACK echoes the SYN,ACK's TSval. */
START_TEST(active_open_agrees)
{
    h_t t;
    establish_ts(&t, _i);
    ck_assert_uint_eq(h_info(&t).options & TCPFSM_OPT_TIMESTAMP, TCPFSM_OPT_TIMESTAMP);
}
END_TEST

START_TEST(active_open_peer_declines)
{
    h_t t;
    init_ts(&t, _i, default_flags(), 1u, 0u);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    rx(&t, peer(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u, 0u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.timestamps, 0);
    /* and segments without the option are simply taken */
    rx(&t, peer(F_ACK | F_PSH, t.peer_iss + 1u, t.iss + 1u, 100u, 0u, 0u));
    ck_assert_uint_eq(t.out.deliver_len, 100);
}
END_TEST

/* The SYN,ACK carries timestamps only in answer to a SYN that did. */
START_TEST(passive_open_answers_an_offer_only)
{
    int with;
    for (with = 0; with < 2; with++) {
        h_t t;
        init_ts(&t, _i, default_flags(), 1u, 0u);
        ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
        rx(&t, peer(F_SYN, t.peer_iss, 0u, 0u, with ? PEER_TS : 0u, 0u));
        h_expect_tx(&t, 0, F_SYN | F_ACK, t.iss, t.peer_iss + 1u);
        if (with) {
            expect_stamp(&t, (uint32_t)t.now, PEER_TS);
        } else {
            ck_assert_uint_eq(t.out.timestamps, 0);
        }
        rx(&t, peer(F_ACK, t.peer_iss + 1u, t.iss + 1u, 0u, with ? PEER_TS + 1u : 0u,
                    (uint32_t)t.now));
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
}
END_TEST

/* §4.3: TS.Recent takes a newer TSval from a segment that starts at or
 * before the last ACK we sent; an out-of-order segment's is not taken. */
START_TEST(ts_recent_follows_the_rules)
{
    h_t t;
    uint32_t p;
    establish_ts(&t, _i);
    p = t.peer_iss + 1u;
    /* in order, newer: echoed */
    rx(&t, peer(F_ACK | F_PSH, p, t.iss + 1u, 100u, PEER_TS + 10u, 1000u));
    expect_stamp(&t, (uint32_t)t.now, PEER_TS + 10u);
    /* out of order (beyond the last ACK sent), newer still: not taken */
    rx(&t, peer(F_ACK | F_PSH, p + 200u, t.iss + 1u, 100u, PEER_TS + 30u, 1000u));
    h_expect_tx(&t, 0, F_ACK, t.iss + 1u, p + 100u);
    expect_stamp(&t, (uint32_t)t.now, PEER_TS + 10u);
    /* the hole filled, starting at the last ACK sent: taken */
    rx(&t, peer(F_ACK | F_PSH, p + 100u, t.iss + 1u, 100u, PEER_TS + 20u, 1000u));
    expect_stamp(&t, (uint32_t)t.now, PEER_TS + 20u);
    /* equal TSval: taken (>=), nothing changes */
    rx(&t, peer(F_ACK | F_PSH, p + 200u, t.iss + 1u, 100u, PEER_TS + 20u, 1000u));
    expect_stamp(&t, (uint32_t)t.now, PEER_TS + 20u);
}
END_TEST

/* §5.3 R1 (PAWS): a TSval before TS.Recent marks an old duplicate: an ACK,
 * nothing delivered, TS.Recent kept.  The second time TS.Recent climbs, in
 * steps of less than 2^31, past the 2^32 wrap to 5. */
START_TEST(paws_refuses_an_old_duplicate)
{
    static const uint32_t climb[2][3] = {{PEER_TS + 10u}, {0x70000000u, 0xF0000000u, 5u}};
    static const unsigned steps[2] = {1u, 3u};
    static const uint32_t old[2] = {PEER_TS + 9u, 0xFFFFFFF0u};
    unsigned k;
    for (k = 0; k < 2; k++) {
        h_t t;
        uint32_t p;
        uint32_t recent = 0;
        unsigned j;
        establish_ts(&t, _i);
        p = t.peer_iss + 1u;
        for (j = 0; j < steps[k]; j++) {
            recent = climb[k][j];
            rx(&t, peer(F_ACK | F_PSH, p, t.iss + 1u, 100u, recent, 1000u));
            ck_assert_uint_eq(t.out.deliver_len, 100);
            p += 100u;
        }
        p -= 100u; /* the last of them is the one before the duplicate */
        rx(&t, peer(F_ACK | F_PSH, p + 100u, t.iss + 1u, 100u, old[k], 1000u));
        ck_assert_uint_eq(t.out.deliver_len, 0);
        ck_assert_uint_eq(t.out.count, 1);
        h_expect_tx(&t, 0, F_ACK, t.iss + 1u, p + 100u);
        expect_stamp(&t, (uint32_t)t.now, recent);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        /* the clock going back does not age TS.Recent: still refused */
        t.now -= 50u;
        rx(&t, peer(F_ACK | F_PSH, p + 100u, t.iss + 1u, 100u, old[k], 1000u));
        ck_assert_uint_eq(t.out.deliver_len, 0);
        /* one tick newer than TS.Recent: taken */
        rx(&t, peer(F_ACK | F_PSH, p + 100u, t.iss + 1u, 100u, recent + 1u, 1000u));
        ck_assert_uint_eq(t.out.deliver_len, 100);
    }
}
END_TEST

/* §5.2: a RST passes PAWS whatever its TSval, and needs no option. */
START_TEST(rst_passes_paws)
{
    int with;
    for (with = 0; with < 2; with++) {
        h_t t;
        establish_ts(&t, _i);
        rx(&t, peer(F_RST, t.conn.rcv_nxt, 0u, 0u, with ? PEER_TS - 100u : 0u, 0u));
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_RESET, TCPFSM_NOTE_RESET);
    }
}
END_TEST

/* §5.5: TS.Recent idle for more than 24 days no longer judges: the old
 * TSval is taken, and becomes TS.Recent. */
START_TEST(paws_forgets_after_24_days)
{
    static const uint64_t idle[] = {DAYS_24_MS, (uint64_t)DAYS_24_MS + 1u};
    unsigned k;
    for (k = 0; k < 2; k++) {
        h_t t;
        uint32_t p;
        establish_ts(&t, _i);
        p = t.peer_iss + 1u;
        t.now += idle[k];
        rx(&t, peer(F_ACK | F_PSH, p, t.iss + 1u, 100u, PEER_TS - 1000u, 1000u));
        if (k == 0) {
            ck_assert_uint_eq(t.out.deliver_len, 0); /* exactly 24 days: still valid */
            expect_stamp(&t, (uint32_t)t.now, PEER_TS);
        } else {
            ck_assert_uint_eq(t.out.deliver_len, 100);
            expect_stamp(&t, (uint32_t)t.now, PEER_TS - 1000u);
        }
    }
}
END_TEST

/* §3.2: once agreed, a segment without the option is dropped silently,
 * unless TCPFSM_CFG_TS_OPTIONAL takes it (as Linux does). */
START_TEST(missing_option_dropped_or_taken)
{
    int optional;
    for (optional = 0; optional < 2; optional++) {
        h_t t;
        uint32_t p;
        init_ts(&t, _i, (uint8_t)(default_flags() | (optional ? TCPFSM_CFG_TS_OPTIONAL : 0u)),
                1u, 0u);
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        rx(&t, peer(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u, PEER_TS, 1000u));
        p = t.peer_iss + 1u;
        rx(&t, peer(F_ACK | F_PSH, p, t.iss + 1u, 100u, 0u, 0u));
        if (optional) {
            ck_assert_uint_eq(t.out.deliver_len, 100);
            expect_stamp(&t, 1000u, PEER_TS); /* TS.Recent unchanged */
            /* an ACK without the option gives no sample from an echo */
            h_send(&t, 10u);
            t.now += 40u;
            rx(&t, peer(F_ACK, p + 100u, t.iss + 11u, 0u, 0u, 0u));
            /* RFC 6298's timer: 40 ms after the handshake's 0, 1/8 * 40 */
            ck_assert_uint_eq(h_info(&t).srtt_ms, 5);
        } else {
            ck_assert_uint_eq(t.out.deliver_len, 0);
            ck_assert_uint_eq(t.out.count, 0);
            ck_assert_uint_eq(t.conn.rcv_nxt, p);
        }
    }
}
END_TEST

/* §4.1: the echo times the round trip, also for a retransmitted segment,
 * which RFC 6298's timer (Karn's rule) may not time. */
START_TEST(rtt_from_the_echo)
{
    h_t t;
    tcpfsm_info info;
    uint32_t sent_at;
    establish_ts(&t, _i);
    h_send(&t, 100u);
    sent_at = t.out.ts_val;
    ck_assert_uint_eq(sent_at, (uint32_t)t.now);
    t.now += 250u;
    rx(&t, peer(F_ACK, t.peer_iss + 1u, t.iss + 101u, 0u, PEER_TS + 1u, sent_at));
    info = h_info(&t);
    /* samples 100 (the handshake), then 250: SRTT = 7/8 * 100 + 1/8 * 250 */
    ck_assert_uint_eq(info.srtt_ms, 118);
    /* next: lost once, retransmitted at the RTO, its echo times the retransmission */
    h_send(&t, 100u);
    ck_assert_int_eq(h_timer(&t, t.conn.rtx_deadline), TCPFSM_OK);
    h_expect_tx(&t, 0, F_ACK | F_PSH, t.iss + 101u, t.peer_iss + 1u);
    sent_at = t.out.ts_val;
    t.now += 50u;
    rx(&t, peer(F_ACK, t.peer_iss + 1u, t.iss + 201u, 0u, PEER_TS + 2u, sent_at));
    info = h_info(&t);
    /* SRTT <- 7/8 * 118.75 + 1/8 * 50 */
    ck_assert_uint_eq(info.srtt_ms, 110);
}
END_TEST

/* RFC 6298 §2: G is the granularity of the clock that timed the sample.
 * With a 1 s timestamp tick and rto_min 200 ms, a 400 ms handshake is
 * echoed within one tick: the sample is 0, and with G = 1 ms the RTO fell
 * to 200 ms, below the round trip, and every segment went twice.  With G =
 * ts_tick_ms it is 1 s (issue 24's reproduction). */
START_TEST(rto_granularity_is_the_tick)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.ts_tick_ms = 1000u;
    cfg.rto_min_ms = 200u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    t.now = 0u;
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.ts_val, 0u);
    t.now = 400u; /* the SYN reached the peer at 200, its SYN,ACK is back */
    rx(&t, peer(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u, PEER_TS, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 0u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 1000u);
    /* timed by the caller's clock instead (no timestamps), G is 1 ms */
    cfg.flags = (uint8_t)(cfg.flags & ~TCPFSM_CFG_TIMESTAMPS);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    t.now = 0u;
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    t.now = 400u;
    rx(&t, peer(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u, 0u, 0u));
    /* SRTT 400, RTTVAR 200: 400 + 4 * 200 */
    ck_assert_uint_eq(h_info(&t).rto_ms, 1200u);
}
END_TEST

/* An echo five hours old: the sample is clamped (RFC 6298 §2.5 bounds
 * the RTO anyway). */
START_TEST(rtt_clamps_an_ancient_echo)
{
    h_t t;
    establish_ts(&t, _i);
    h_send(&t, 100u);
    t.now += 5u * 3600u * 1000u;
    rx(&t, peer(F_ACK, t.peer_iss + 1u, t.iss + 101u, 0u, PEER_TS + 1u, 1000u));
    ck_assert_uint_eq(t.out.acked, 100);
    ck_assert_uint_eq(h_info(&t).rto_ms, t.cfg.rto_max_ms);
}
END_TEST

/* An echo from the future (more than 2^31 ticks ahead) is no sample. */
START_TEST(rtt_ignores_an_echo_from_the_future)
{
    h_t t;
    establish_ts(&t, _i);
    h_send(&t, 100u);
    t.now += 300u;
    rx(&t, peer(F_ACK, t.peer_iss + 1u, t.iss + 101u, 0u, PEER_TS + 1u, 5000u));
    /* RFC 6298's own timer took the sample instead: 300 ms after the
     * handshake's 100, SRTT = 7/8 * 100 + 1/8 * 300 */
    ck_assert_uint_eq(h_info(&t).srtt_ms, 125);
}
END_TEST

Suite *suite_timestamps(void)
{
    Suite *s = suite_create("timestamps");
    TCase *tc = tcase_create("rfc7323_timestamps");
    tcase_add_loop_test(tc, syn_carries_the_clock, 0, 2);
    tcase_add_loop_test(tc, nothing_offered_without_the_switch, 0, 2);
    tcase_add_loop_test(tc, active_open_agrees, 0, 2);
    tcase_add_loop_test(tc, active_open_peer_declines, 0, 2);
    tcase_add_loop_test(tc, passive_open_answers_an_offer_only, 0, 2);
    tcase_add_loop_test(tc, ts_recent_follows_the_rules, 0, 2);
    tcase_add_loop_test(tc, paws_refuses_an_old_duplicate, 0, 2);
    tcase_add_loop_test(tc, rst_passes_paws, 0, 2);
    tcase_add_loop_test(tc, paws_forgets_after_24_days, 0, 2);
    tcase_add_loop_test(tc, missing_option_dropped_or_taken, 0, 2);
    tcase_add_loop_test(tc, rtt_from_the_echo, 0, 2);
    tcase_add_loop_test(tc, rto_granularity_is_the_tick, 0, 2);
    tcase_add_loop_test(tc, rtt_ignores_an_echo_from_the_future, 0, 2);
    tcase_add_loop_test(tc, rtt_clamps_an_ancient_echo, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
