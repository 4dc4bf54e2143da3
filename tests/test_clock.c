/* SPDX-License-Identifier: BSD-2-Clause */
/* Clock faults: the caller's `now` is a wall clock that may step back (NTP,
 * a virtual machine restored) or jump forward.  The core keeps its own
 * clock (tcpfsm_conn.latest_now, clock_skew): TSval never goes back (RFC
 * 7323 §5.4), no timer fires early, and after a step back time runs on at
 * the caller's rate; a forward jump fires what is due.  The clock belongs
 * to the block: kept across connections, reset by tcpfsm_init.  A call
 * that returns an error changes nothing, the clock included.  Every test
 * runs twice: with small numbers, and with sequence numbers and TSvals
 * that cross 2^32. */
#include <string.h>
#include "harness.h"
#include "net.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_SYN TCPFSM_SYN
#define F_FIN TCPFSM_FIN

#define PEER_TS 7000u     /* the peer's first TSval */
#define START   10000000u /* the caller's clock when a test begins: room to step back */

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};
/* TSval = now + offset (ts_tick_ms 1): the second crosses 2^32 just after START */
static const uint32_t TS_OFFSET[2] = {0u, 0u - START - 50u};

/* a before b, modulo 2^32 (RFC 7323 §5.2's comparison of timestamps) */
static int ts_before(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static void config_ts(tcpfsm_config *cfg, int i)
{
    h_config(cfg);
    cfg->flags = (uint8_t)(cfg->flags | TCPFSM_CFG_TIMESTAMPS);
    cfg->ts_tick_ms = 1u;
    cfg->ts_offset = TS_OFFSET[i];
}

/* ESTABLISHED by active open at START, the peer's SYN,ACK agreeing to
 * timestamps (RFC 7323 §3.2); the handshake's RTT sample is 0, RTO 1 s. */
static void establish_ts(h_t *t, int i)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    config_ts(&cfg, i);
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    t->now = START;
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    syn_ack = h_seg(F_SYN | F_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_TIMESTAMP);
    syn_ack.ts_val = PEER_TS;
    syn_ack.ts_ecr = t->out.ts_val;
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t->conn.ts_on, 1);
    ck_assert_uint_eq(t->out.ts_val, (uint32_t)START + TS_OFFSET[i]);
}

/* A segment from the peer at RCV.NXT with the timestamps option. */
static tcpfsm_segment peer_ts(const h_t *t, uint8_t flags, uint32_t ack, uint32_t len,
                              uint32_t ts_val)
{
    tcpfsm_segment seg = h_seg(flags, t->conn.rcv_nxt, ack, len);
    seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
    seg.ts_val = ts_val;
    seg.ts_ecr = 0u;
    return seg;
}

/* The peer acknowledges everything, with its timestamp. */
static void peer_acks_all(h_t *t)
{
    ck_assert_int_eq(h_rx(t, peer_ts(t, F_ACK, t->conn.snd_nxt, 0u, PEER_TS)), TCPFSM_OK);
}

/* The output's TSval, if it carries one, is not before *last (§5.4); it
 * becomes the new *last. */
static void stamp_not_back(const h_t *t, uint32_t *last, const char *what)
{
    if (t->out.timestamps == 0u) {
        return;
    }
    ck_assert_msg(!ts_before(t->out.ts_val, *last), "%s: TSval %u after %u", what,
                  t->out.ts_val, *last);
    *last = t->out.ts_val;
}

/* ---- RFC 7323 §5.4: TSval never goes back ----------------------------- */

static const uint64_t STEPS[] = {1u, 30u, 1000u, 3600000u, START - 1u};
#define N_STEPS (int)(sizeof STEPS / sizeof STEPS[0])

/* RFC 7323 §5.4: "The timestamp value to be sent in TSval is to be
 * obtained from a (virtual) clock ... monotonically non-decreasing".  The
 * caller's clock steps back by D after data went out: the next segments
 * carry the same TSval, then TSval runs on at the caller's rate. */
START_TEST(tsval_never_goes_back)
{
    h_t t;
    int i = _i % 2;
    uint64_t d = STEPS[_i / 2];
    uint32_t last;
    uint32_t before_step;
    establish_ts(&t, i);
    last = t.out.ts_val;
    t.now += 100u;
    h_send(&t, 100u);
    stamp_not_back(&t, &last, "send");
    before_step = t.out.ts_val;
    ck_assert_uint_eq(before_step, (uint32_t)(START + 100u) + TS_OFFSET[i]);
    t.now -= d; /* the step */
    peer_acks_all(&t);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    stamp_not_back(&t, &last, "send after the step");
    ck_assert_uint_eq(t.out.ts_val, before_step); /* no time passed for the core */
    ck_assert_uint_eq(t.conn.latest_now, START + 100u);
    /* from here, time runs on with the caller's clock */
    t.now += 7u;
    ck_assert_int_eq(h_rx(&t, peer_ts(&t, F_ACK, t.conn.snd_nxt, 10u, PEER_TS + 1u)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1); /* the ACK of the data */
    stamp_not_back(&t, &last, "ACK after the step");
    ck_assert_uint_eq(t.out.ts_val, before_step + 7u);
    t.now += 1000u;
    h_send(&t, 100u);
    stamp_not_back(&t, &last, "send 1 s later");
    ck_assert_uint_eq(t.out.ts_val, before_step + 1007u);
}
END_TEST

/* Steps back one after another, every call's output checked: each TSval is
 * at or after the one before (mod 2^32), and the core's clock never falls. */
START_TEST(tsval_monotonic_over_many_steps)
{
    h_t t;
    uint32_t last;
    uint64_t latest;
    uint32_t k;
    establish_ts(&t, _i);
    last = t.out.ts_val;
    latest = t.conn.latest_now;
    for (k = 0; k < 200u; k++) {
        /* forward 3 ms, and every fifth call back by up to 40 ms */
        t.now += 3u;
        if (k % 5u == 4u) {
            t.now -= 10u + (k % 31u);
        }
        switch (k % 4u) {
        case 0:
            h_send(&t, 50u);
            break;
        case 1:
            peer_acks_all(&t);
            break;
        case 2:
            ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK);
            break;
        default:
            ck_assert_int_eq(h_rx(&t, peer_ts(&t, F_ACK, t.conn.snd_una, 20u, PEER_TS + k)),
                             TCPFSM_OK);
            ck_assert_int_eq(tcpfsm_receive(&t.conn, 20u, t.now, &t.out), TCPFSM_OK);
            break;
        }
        stamp_not_back(&t, &last, "call");
        ck_assert_uint_ge(t.conn.latest_now, latest);
        latest = t.conn.latest_now;
    }
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* ---- the reproduction, two endpoints ----------------------------
 * "A clock that steps back by 30 ms makes our TSval go back; the peer drops
 * our segments as old duplicates."  A sends to B, both with timestamps
 * (ts_tick_ms 1); midway A's clock steps back 30 ms.  Every TSval A sends
 * stays at or after the one before, B never finds one before TS.Recent
 * (RFC 7323 §5.3 R1, PAWS), nothing is retransmitted, and the stream
 * arrives byte for byte. */

#define REG_BYTES 200000u
#define REG_CHUNK 4000u
#define REG_STEP  30u

static net_t net; /* large: static */
static uint8_t reg_stream[REG_BYTES];

static struct {
    int      have;
    uint32_t last;     /* A's last TSval */
    uint32_t stamped;  /* segments of A with timestamps */
    uint32_t paws;     /* of which B would take for old duplicates */
    uint32_t back;     /* of which went back */
} watch;

/* The wire: every segment taken off it (none is lost). */
static int watch_a(net_t *n, const net_end *from, const net_seg *seg, uint32_t nth)
{
    (void)nth;
    if (from != &n->a || (seg->hdr.options & TCPFSM_OPT_TIMESTAMP) == 0u) {
        return 0;
    }
    watch.stamped++;
    if (watch.have && ts_before(seg->hdr.ts_val, watch.last)) {
        watch.back++;
    }
    if (n->b.conn.ts_on && ts_before(seg->hdr.ts_val, n->b.conn.ts_recent)) {
        watch.paws++;
    }
    watch.have = 1;
    watch.last = seg->hdr.ts_val;
    return 0;
}

/* Fire the timers of both ends that are due, each deadline read in that
 * end's clock (net.h: clock_lag). */
static void fire_due(net_t *n)
{
    net_end *ends[2] = {&n->a, &n->b};
    int k;
    for (k = 0; k < 2; k++) {
        uint64_t d = tcpfsm_next_deadline(&ends[k]->conn);
        if (d != TCPFSM_NO_DEADLINE && d + ends[k]->clock_lag <= n->now) {
            net_timer(n, ends[k], n->now);
        }
    }
}

START_TEST(regression_clock_steps_back_30ms)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    tcpfsm_config cfg;
    uint32_t written = 0;
    uint32_t steps = 0;
    uint32_t i;
    int stepped = 0;
    config_ts(&cfg, _i);
    memset(&watch, 0, sizeof watch);
    for (i = 0; i < REG_BYTES; i++) {
        reg_stream[i] = net_pattern(0xC10Cu, i);
    }
    net_init(n, &cfg, &cfg, ISS[_i], PEER_ISS[_i]);
    n->now = START;
    n->drop = watch_a;
    net_handshake(n);
    ck_assert_uint_eq(a->conn.ts_on, 1);
    ck_assert_uint_eq(b->conn.ts_on, 1);
    while (b->rcv_len < REG_BYTES || net_queued(a) > 0 || net_queued(b) > 0) {
        ck_assert_msg(++steps < 100000u, "transfer stalled at %u of %u bytes", b->rcv_len,
                      REG_BYTES);
        if (!stepped && written >= REG_BYTES / 2u) {
            a->clock_lag += REG_STEP; /* A's clock steps back 30 ms */
            stepped = 1;
        }
        n->now += 1u;
        fire_due(n);
        if (written < REG_BYTES && a->snd_tail - a->snd_head < 32768u) {
            net_write(n, a, reg_stream + written, REG_CHUNK);
            written += REG_CHUNK;
        }
        (void)net_deliver(n, a);
        (void)net_deliver(n, b);
    }
    ck_assert(stepped);
    ck_assert_uint_gt(watch.stamped, 100u);
    ck_assert_msg(watch.back == 0, "%u of A's TSvals went back", watch.back);
    ck_assert_msg(watch.paws == 0, "B took %u of A's segments for old duplicates", watch.paws);
    ck_assert_msg(a->rtx == 0, "A retransmitted %u segments", a->rtx);
    ck_assert_uint_eq(b->rcv_len, REG_BYTES);
    ck_assert_int_eq(memcmp(b->rcv, reg_stream, REG_BYTES), 0);
    ck_assert_int_eq(net_state(a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(b), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(a->notes & ~(uint32_t)TCPFSM_NOTE_CONNECTED, 0);
    ck_assert_uint_eq(b->notes & ~(uint32_t)TCPFSM_NOTE_CONNECTED, 0);
    ck_assert_uint_gt(a->conn.clock_skew, 0); /* A's calls did see the step */
}
END_TEST

/* ---- timers after a step back --------------------------------------------- */

/* RFC 6298 §5.1: the timer expires RTO after the data went out.  The
 * caller's clock steps back D right after it: the retransmission comes RTO
 * of the caller's time later, at (T - D) + RTO, not D later, not before. */
START_TEST(retransmission_after_a_step_back_polled)
{
    h_t t;
    int i = _i % 2;
    uint64_t d = STEPS[_i / 2];
    uint64_t sent_at;
    uint32_t rto;
    uint32_t seq;
    establish_ts(&t, i);
    t.now += 50u;
    sent_at = t.now;
    h_send(&t, 100u);
    seq = t.out.tx[0].seq;
    rto = t.conn.rto;
    ck_assert_uint_eq(t.out.deadline, sent_at + rto);
    /* the step: the first call after it sees the clock D back */
    t.now = sent_at - d;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    /* not one millisecond early */
    ck_assert_int_eq(h_timer(&t, sent_at - d + rto - 1u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.conn.retries, 0);
    /* and not D late */
    ck_assert_int_eq(h_timer(&t, sent_at - d + rto), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].seq, seq);
    ck_assert_uint_eq(t.out.tx[0].data_len, 100);
    ck_assert_uint_eq(t.conn.retries, 1);
}
END_TEST

/* Two steps back add up: D1 then D2 before the deadline. */
START_TEST(retransmission_after_two_steps_back)
{
    h_t t;
    uint64_t sent_at;
    uint32_t rto;
    establish_ts(&t, _i);
    sent_at = t.now;
    h_send(&t, 100u);
    rto = t.conn.rto;
    t.now = sent_at - 300u;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK); /* step of 300 */
    t.now += 200u;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK); /* 200 ms on */
    ck_assert_uint_eq(t.out.count, 0);
    t.now -= 500u;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK); /* step of 500 */
    ck_assert_uint_eq(t.out.count, 0);
    /* 200 ms of the RTO have run: RTO - 200 remain on the caller's clock */
    ck_assert_int_eq(h_timer(&t, t.now + rto - 200u - 1u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, t.now + rto - 200u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].data_len, 100);
}
END_TEST

/* README.md, "Embedding": out.deadline is when to call tcpfsm_on_timer,
 * on the caller's clock (the `now` it passes).  After a step back of D the
 * retransmission is due at (T - D) + RTO on that clock (RFC 6298 §5.1: the
 * timer expires RTO after the data went out); a deadline read on the
 * core's clock would have the caller wait D too long, the stall
 * tcpfsm_conn.clock_skew's comment says does not happen. */
START_TEST(deadline_reported_on_the_callers_clock)
{
    h_t t;
    int i = _i % 2;
    uint64_t d = STEPS[_i / 2];
    uint64_t sent_at;
    uint32_t rto;
    establish_ts(&t, i);
    sent_at = t.now;
    h_send(&t, 100u);
    rto = t.conn.rto;
    t.now = sent_at - d;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK);
    ck_assert_msg(t.out.deadline == sent_at - d + rto,
                  "step back %llu ms: out.deadline %llu, the caller's clock wants %llu",
                  (unsigned long long)d, (unsigned long long)t.out.deadline,
                  (unsigned long long)(sent_at - d + rto));
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), sent_at - d + rto);
}
END_TEST

/* TIME-WAIT's 2 MSL (RFC 9293 §3.10.8, MUST-13) runs 2 MSL of the caller's
 * time after a step back: not cut short, not stretched by the step. */
START_TEST(time_wait_after_a_step_back)
{
    h_t t;
    uint64_t entered;
    uint32_t msl2;
    establish_ts(&t, _i);
    msl2 = t.cfg.msl2_ms;
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, peer_ts(&t, F_FIN | F_ACK, t.conn.snd_nxt, 0u, PEER_TS)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    entered = t.now;
    t.now = entered - 1000u;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, entered - 1000u + msl2 - 1u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_int_eq(h_timer(&t, entered - 1000u + msl2), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

/* A forward jump is taken as time that passed: the retransmission due is
 * sent at once, then backed off from the new time (RFC 6298 §5.5-§5.6);
 * a jump past the user timeout (RFC 9293 §3.10.8) ends the connection. */
START_TEST(forward_jump_fires_what_is_due)
{
    h_t t;
    uint64_t sent_at;
    uint64_t jump;
    uint32_t rto;
    establish_ts(&t, _i);
    sent_at = t.now;
    h_send(&t, 100u);
    rto = t.conn.rto;
    jump = sent_at + 5u * rto;
    ck_assert_int_eq(h_timer(&t, jump), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1); /* one retransmission, not five */
    ck_assert_uint_eq(t.out.tx[0].data_len, 100);
    ck_assert_uint_eq(t.out.ts_val, (uint32_t)jump + TS_OFFSET[_i]);
    ck_assert_uint_eq(t.out.deadline, jump + 2u * rto);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    /* the user timeout counts from the first transmission */
    ck_assert_int_eq(h_timer(&t, sent_at + t.cfg.user_timeout_ms), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_TIMED_OUT | TCPFSM_NOTE_CLOSED);
}
END_TEST

/* A step back, then a jump forward: the core's clock runs on from where it
 * was and the jump carries it past the deadline. */
START_TEST(step_back_then_forward_jump)
{
    h_t t;
    uint64_t sent_at;
    uint32_t rto;
    establish_ts(&t, _i);
    sent_at = t.now;
    h_send(&t, 100u);
    rto = t.conn.rto;
    t.now = sent_at - 5000u;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, sent_at - 5000u + 3u * rto), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.ts_val, (uint32_t)(sent_at + 3u * rto) + TS_OFFSET[_i]);
}
END_TEST

/* ---- the block's clock ---------------------------------------------------- */

/* The clock is the block's, not the connection's: a new connection on the
 * same block after the caller's clock stepped back sends a SYN whose TSval
 * is not behind the last one (RFC 7323 §5.4; RFC 6191 relies on it across
 * incarnations); tcpfsm_init starts it afresh. */
START_TEST(clock_kept_across_connections_reset_by_init)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t last;
    config_ts(&cfg, _i);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_uint_eq(t.conn.latest_now, 0);
    ck_assert_uint_eq(t.conn.clock_skew, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, START, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.latest_now, START);
    last = t.out.ts_val;
    ck_assert_uint_eq(last, (uint32_t)START + TS_OFFSET[_i]);
    /* CLOSE in SYN-SENT: CLOSED; open again with the clock 60 s back */
    ck_assert_int_eq(tcpfsm_close(&t.conn, START + 10u, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss + 7u, START - 60000u, &t.out),
                     TCPFSM_OK);
    ck_assert(!ts_before(t.out.ts_val, last));
    ck_assert_uint_eq(t.out.ts_val, last + 10u);
    ck_assert_uint_eq(t.conn.latest_now, START + 10u);
    /* ABORT keeps it too */
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.latest_now, START + 10u);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss + 9u, START - 60000u + 5u, &t.out),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.ts_val, last + 15u);
    /* tcpfsm_init: a new clock, the caller's taken as it is */
    ck_assert_int_eq(tcpfsm_init(&t.conn, &cfg), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.latest_now, 0);
    ck_assert_uint_eq(t.conn.clock_skew, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, START - 60000u, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.ts_val, (uint32_t)(START - 60000u) + TS_OFFSET[_i]);
    ck_assert_uint_eq(t.out.deadline, START - 60000u + t.cfg.rto_initial_ms);
}
END_TEST

/* Every call taking `now` moves the clock: to `now` when it is later, and
 * never back when it is earlier. */
typedef enum {
    C_OPEN_ACTIVE, C_SEND, C_RECEIVE, C_CLOSE, C_SET_KEEPALIVE, C_SHUTDOWN_RECEIVE,
    C_ON_SEGMENT, C_ON_TIMER, C_ON_ICMP, C_COUNT
} call_kind;

static const char *const CALL_NAME[C_COUNT] = {
    "open_active", "send", "receive", "close", "set_keepalive", "shutdown_receive",
    "on_segment", "on_timer", "on_icmp",
};

/* A block where the call succeeds: CLOSED for OPEN, else ESTABLISHED with
 * 100 bytes from the peer unread and 100 of ours in flight. */
static void ready_for(h_t *t, call_kind c, int i)
{
    if (c == C_OPEN_ACTIVE) {
        tcpfsm_config cfg;
        config_ts(&cfg, i);
        h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
        t->now = START;
        return;
    }
    establish_ts(t, i);
    ck_assert_int_eq(h_rx(t, peer_ts(t, F_ACK, t->conn.snd_nxt, 100u, PEER_TS)), TCPFSM_OK);
    h_send(t, 100u);
}

static tcpfsm_error call_at(h_t *t, call_kind c, uint64_t now)
{
    tcpfsm_segment seg;
    tcpfsm_icmp icmp;
    switch (c) {
    case C_OPEN_ACTIVE:
        return tcpfsm_open_active(&t->conn, t->iss, now, &t->out);
    case C_SEND:
        return tcpfsm_send(&t->conn, 10u, now, &t->out);
    case C_RECEIVE:
        return tcpfsm_receive(&t->conn, 10u, now, &t->out);
    case C_CLOSE:
        return tcpfsm_close(&t->conn, now, &t->out);
    case C_SET_KEEPALIVE:
        return tcpfsm_set_keepalive(&t->conn, 1, now);
    case C_SHUTDOWN_RECEIVE:
        return tcpfsm_shutdown_receive(&t->conn, now);
    case C_ON_SEGMENT:
        seg = peer_ts(t, F_ACK, t->conn.snd_una, 0u, PEER_TS);
        return tcpfsm_on_segment(&t->conn, &seg, t->iss, now, &t->out);
    case C_ON_TIMER:
        return tcpfsm_on_timer(&t->conn, now, &t->out);
    case C_ON_ICMP:
        icmp.kind = (uint8_t)TCPFSM_ICMP_UNREACHABLE; /* soft: the connection goes on */
        icmp.seq = t->conn.snd_una;
        icmp.mss = 0u;
        return tcpfsm_on_icmp(&t->conn, &icmp, now, &t->out);
    case C_COUNT:
        break;
    }
    return TCPFSM_ERR_INVALID_ARG;
}

START_TEST(every_call_moves_the_clock)
{
    h_t t;
    call_kind c = (call_kind)(_i / 2);
    int i = _i % 2;
    uint64_t later;
    ready_for(&t, c, i);
    later = t.conn.latest_now + 12345u;
    ck_assert_msg(call_at(&t, c, later) == TCPFSM_OK, "%s failed", CALL_NAME[c]);
    ck_assert_msg(t.conn.latest_now == later, "%s at %llu: clock at %llu", CALL_NAME[c],
                  (unsigned long long)later, (unsigned long long)t.conn.latest_now);
    ck_assert_uint_eq(t.conn.clock_skew, 0);
}
END_TEST

START_TEST(no_call_moves_the_clock_back)
{
    h_t t;
    call_kind c = (call_kind)(_i / 2);
    int i = _i % 2;
    uint64_t latest;
    ready_for(&t, c, i);
    if (c == C_OPEN_ACTIVE) {
        /* a block whose clock has run: a connection came and went */
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, START + 500u, &t.out), TCPFSM_OK);
        ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    }
    latest = t.conn.latest_now;
    ck_assert_uint_ge(latest, START);
    ck_assert_msg(call_at(&t, c, latest - 2000u) == TCPFSM_OK, "%s failed", CALL_NAME[c]);
    ck_assert_msg(t.conn.latest_now == latest, "%s 2 s back: clock from %llu to %llu",
                  CALL_NAME[c], (unsigned long long)latest,
                  (unsigned long long)t.conn.latest_now);
    ck_assert_uint_eq(t.conn.clock_skew, 2000u);
}
END_TEST

/* RFC 5927 §4.1: a message quoting no segment in flight is not ours; it
 * changes nothing, the clock included. */
START_TEST(icmp_not_ours_leaves_the_clock)
{
    h_t t;
    tcpfsm_icmp icmp;
    tcpfsm_conn before;
    int i = _i;
    ready_for(&t, C_ON_ICMP, i);
    icmp.kind = (uint8_t)TCPFSM_ICMP_UNREACHABLE;
    icmp.seq = t.conn.snd_nxt; /* nothing sent there yet */
    icmp.mss = 0u;
    memcpy(&before, &t.conn, sizeof before);
    ck_assert_int_eq(tcpfsm_on_icmp(&t.conn, &icmp, t.conn.latest_now + 5000u, &t.out),
                     TCPFSM_OK);
    ck_assert_int_eq(memcmp(&before, &t.conn, sizeof before), 0);
}
END_TEST

/* A Packet Too Big sends the segment in flight again at once: after the
 * caller's clock stepped back, its TSval is still the latest (RFC 7323
 * §5.4), as from every other call. */
START_TEST(packet_too_big_after_a_step_back)
{
    h_t t;
    tcpfsm_icmp icmp;
    uint64_t latest;
    int i = _i;
    ready_for(&t, C_ON_ICMP, i);
    latest = t.conn.latest_now;
    icmp.kind = (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG;
    icmp.seq = t.conn.snd_una;
    icmp.mss = 50u; /* below the 100 bytes in flight: they go again, cut */
    ck_assert_int_eq(tcpfsm_on_icmp(&t.conn, &icmp, latest - 3000u, &t.out), TCPFSM_OK);
    ck_assert_uint_ge(t.out.count, 1);
    ck_assert_uint_eq(t.conn.latest_now, latest);
    if (t.out.timestamps != 0u) {
        ck_assert_uint_eq(t.out.ts_val, (uint32_t)(latest / t.conn.cfg.ts_tick_ms)
                                            + t.conn.cfg.ts_offset);
    }
}
END_TEST

/* ---- errors change nothing ---------------------------------------------- */

/* The call fails with `want` and leaves the block byte for byte as it was,
 * the clock included, and the output untouched. */
static void expect_refused(h_t *t, tcpfsm_error got, tcpfsm_error want, const tcpfsm_conn *before,
                           const tcpfsm_output *out_before, const char *what)
{
    ck_assert_msg(got == want, "%s: error %d, expected %d", what, (int)got, (int)want);
    ck_assert_msg(memcmp(before, &t->conn, sizeof *before) == 0,
                  "%s: the block changed (clock %llu -> %llu)", what,
                  (unsigned long long)before->latest_now, (unsigned long long)t->conn.latest_now);
    ck_assert_msg(memcmp(out_before, &t->out, sizeof *out_before) == 0,
                  "%s: the output changed", what);
}

#define REFUSED(t, call, want)                                                               \
    do {                                                                                     \
        tcpfsm_conn before_;                                                                 \
        tcpfsm_output out_before_;                                                           \
        memset(&(t)->out, 0x5A, sizeof (t)->out);                                            \
        memcpy(&before_, &(t)->conn, sizeof before_);                                        \
        memcpy(&out_before_, &(t)->out, sizeof out_before_);                                 \
        expect_refused((t), (call), (want), &before_, &out_before_, #call);                  \
    } while (0)

START_TEST(errors_leave_the_clock_alone)
{
    h_t t;
    tcpfsm_segment seg;
    tcpfsm_icmp icmp;
    static const uint64_t WHEN[2] = {START + 1000000u, 1u}; /* far ahead, far back */
    uint64_t when = WHEN[_i];
    tcpfsm_conn saved;

    /* CLOSED, with a clock that has run */
    ready_for(&t, C_OPEN_ACTIVE, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, START, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    REFUSED(&t, tcpfsm_send(&t.conn, 10u, when, &t.out), TCPFSM_ERR_NO_CONNECTION);
    REFUSED(&t, tcpfsm_receive(&t.conn, 0u, when, &t.out), TCPFSM_ERR_NO_CONNECTION);
    REFUSED(&t, tcpfsm_close(&t.conn, when, &t.out), TCPFSM_ERR_NO_CONNECTION);
    REFUSED(&t, tcpfsm_shutdown_receive(&t.conn, when), TCPFSM_ERR_NO_CONNECTION);
    REFUSED(&t, tcpfsm_open_active(&t.conn, t.iss, when, NULL), TCPFSM_ERR_NULL);

    /* ESTABLISHED, 100 bytes unread, 100 in flight */
    ready_for(&t, C_SEND, 1);
    REFUSED(&t, tcpfsm_open_active(&t.conn, t.iss, when, &t.out), TCPFSM_ERR_ALREADY_EXISTS);
    REFUSED(&t, tcpfsm_send(&t.conn, TCPFSM_MAX_SEND_QUEUE, when, &t.out),
            TCPFSM_ERR_INSUFFICIENT_RESOURCES);
    REFUSED(&t, tcpfsm_send(&t.conn, 10u, when, NULL), TCPFSM_ERR_NULL);
    REFUSED(&t, tcpfsm_receive(&t.conn, 101u, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_close(&t.conn, when, NULL), TCPFSM_ERR_NULL);
    REFUSED(&t, tcpfsm_on_timer(&t.conn, when, NULL), TCPFSM_ERR_NULL);
    REFUSED(&t, tcpfsm_on_segment(&t.conn, NULL, t.iss, when, &t.out), TCPFSM_ERR_NULL);
    seg = peer_ts(&t, F_ACK, t.conn.snd_nxt, 0u, PEER_TS);
    seg.options = 0xFFu; /* no such option */
    REFUSED(&t, tcpfsm_on_segment(&t.conn, &seg, t.iss, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    seg = peer_ts(&t, F_ACK, t.conn.snd_nxt, TCPFSM_MAX_PAYLOAD + 1u, PEER_TS);
    REFUSED(&t, tcpfsm_on_segment(&t.conn, &seg, t.iss, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    icmp.kind = (uint8_t)TCPFSM_ICMP_KIND_COUNT; /* no such kind */
    icmp.seq = t.conn.snd_una;
    icmp.mss = 0u;
    REFUSED(&t, tcpfsm_on_icmp(&t.conn, &icmp, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    icmp.kind = (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG; /* with no MTU */
    REFUSED(&t, tcpfsm_on_icmp(&t.conn, &icmp, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_on_icmp(&t.conn, NULL, when, &t.out), TCPFSM_ERR_NULL);
    /* after CLOSE: SEND is refused */
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    REFUSED(&t, tcpfsm_send(&t.conn, 10u, when, &t.out), TCPFSM_ERR_CLOSING);

    /* a corrupt state byte: every call refuses it */
    saved = t.conn;
    t.conn.state = 11u;
    REFUSED(&t, tcpfsm_open_active(&t.conn, t.iss, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_send(&t.conn, 10u, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_receive(&t.conn, 0u, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_close(&t.conn, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_set_keepalive(&t.conn, 1, when), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_shutdown_receive(&t.conn, when), TCPFSM_ERR_INVALID_ARG);
    seg = peer_ts(&t, F_ACK, saved.rcv_nxt, 0u, PEER_TS);
    REFUSED(&t, tcpfsm_on_segment(&t.conn, &seg, t.iss, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    REFUSED(&t, tcpfsm_on_timer(&t.conn, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    icmp.kind = (uint8_t)TCPFSM_ICMP_UNREACHABLE;
    REFUSED(&t, tcpfsm_on_icmp(&t.conn, &icmp, when, &t.out), TCPFSM_ERR_INVALID_ARG);
    ck_assert_int_eq(tcpfsm_set_keepalive(NULL, 1, when), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_shutdown_receive(NULL, when), TCPFSM_ERR_NULL);
}
END_TEST

Suite *suite_clock(void)
{
    Suite *s = suite_create("clock faults");
    TCase *tc = tcase_create("clock faults");
    tcase_add_loop_test(tc, tsval_never_goes_back, 0, 2 * N_STEPS);
    tcase_add_loop_test(tc, tsval_monotonic_over_many_steps, 0, 2);
    tcase_add_loop_test(tc, regression_clock_steps_back_30ms, 0, 2);
    tcase_add_loop_test(tc, retransmission_after_a_step_back_polled, 0, 2 * N_STEPS);
    tcase_add_loop_test(tc, retransmission_after_two_steps_back, 0, 2);
    tcase_add_loop_test(tc, deadline_reported_on_the_callers_clock, 0, 2 * N_STEPS);
    tcase_add_loop_test(tc, time_wait_after_a_step_back, 0, 2);
    tcase_add_loop_test(tc, forward_jump_fires_what_is_due, 0, 2);
    tcase_add_loop_test(tc, step_back_then_forward_jump, 0, 2);
    tcase_add_loop_test(tc, clock_kept_across_connections_reset_by_init, 0, 2);
    tcase_add_loop_test(tc, every_call_moves_the_clock, 0, 2 * C_COUNT);
    tcase_add_loop_test(tc, no_call_moves_the_clock_back, 0, 2 * C_COUNT);
    tcase_add_loop_test(tc, icmp_not_ours_leaves_the_clock, 0, 2);
    tcase_add_loop_test(tc, packet_too_big_after_a_step_back, 0, 2);
    tcase_add_loop_test(tc, errors_leave_the_clock_alone, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
