/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 8985 RACK-TLP on the sending side (src/core/rack.c), through the
 * public calls: the switch (tcpfsm_config.rack_tlp), the probe timeout
 * (§7.2), the probe itself (§7.3), what the ACK of a probe does to the
 * window (§7.4), RACK's reordering window and the loss recovery it starts
 * (§6), and the retransmission timeout that ends both.  The expectations
 * are written from RFC 8985, RFC 6298 and RFC 6675, not read off the core.
 *
 * The connection: an active open whose SYN,ACK comes back `rtt` ms later
 * (the handshake's sample: SRTT = RACK.min_RTT = rtt, RTO = max(1 s,
 * 3 rtt)), the peer offering SACK-permitted and an MSS of 1460, no
 * timestamps (every segment holds 1460 bytes), every ACK at once.  Tests
 * marked "loop" run twice: with small sequence numbers, and just below
 * 2^32 so that the flight crosses the wrap. */
#include <string.h>
#include "harness.h"
#include "internal.h" /* TCPFSM_RACK_REO_PERSIST, TCPFSM_LOSS_TIMER_REORDER */
#include "cc_expect.h"
#include "suites.h"

#define MSS     1460u
#define RTT     100u /* the handshake's round trip: SRTT 100 ms, 2 SRTT 200 ms */
#define DELACK  200u /* §7.2 WCDelAckT */
#define REO_WND 25u  /* §6.2: min(ceil(RTT / 4), SRTT) for RTT 100 */

static const uint32_t ISS[2] = {1000u, 0xFFFFF000u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

typedef struct {
    int      sack;      /* the peer's SYN,ACK offers SACK-permitted */
    int      rack_tlp;  /* tcpfsm_config.rack_tlp */
    uint32_t rtt;       /* the handshake's round trip */
    uint16_t window;    /* the peer's window (unscaled) */
    uint32_t rto_min;   /* tcpfsm_config.rto_min_ms, 0: the default */
} opts;

static const opts DEFAULTS = {1, 1, RTT, (uint16_t)H_WINDOW, 0u};

static void establish_with(h_t *t, int i, const opts *o)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    h_config(&cfg);
    cfg.rack_tlp = (uint8_t)o->rack_tlp;
    if (o->rto_min != 0u) {
        cfg.rto_min_ms = o->rto_min;
        cfg.rto_initial_ms = o->rto_min > cfg.rto_initial_ms ? o->rto_min : cfg.rto_initial_ms;
    }
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    t->now += o->rtt;
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.window = o->window;
    syn_ack.mss = (uint16_t)MSS;
    syn_ack.options = (uint8_t)(TCPFSM_OPT_MSS | (o->sack ? TCPFSM_OPT_SACK_PERM : 0u));
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t->conn.sack_on, o->sack ? 1u : 0u);
    ck_assert_uint_eq(h_info(t).srtt_ms, o->rtt);
}

static void establish(h_t *t, int i)
{
    establish_with(t, i, &DEFAULTS);
}

/* SEND of len bytes, then SEND 0 while the output says more could go;
 * returns the number of data segments sent. */
static uint32_t write_all(h_t *t, uint32_t len)
{
    uint32_t n = 0;
    uint32_t k;
    h_send(t, len);
    for (;;) {
        for (k = 0; k < t->out.count; k++) {
            n += t->out.tx[k].data_len != 0u ? 1u : 0u;
        }
        if (!t->out.more) {
            return n;
        }
        h_send(t, 0u);
    }
}

/* Sequence number of the first byte of segment k of the stream. */
static uint32_t seg_seq(const h_t *t, uint32_t k)
{
    return t->iss + 1u + k * MSS;
}

static uint64_t next_deadline(const h_t *t)
{
    return tcpfsm_next_deadline(&t->conn);
}

/* The peer, at `at`, acknowledges segment ack_k with `n` SACK blocks given
 * as segment numbers [from, to). */
static void rx_sack_at(h_t *t, uint64_t at, uint32_t ack_k, uint32_t n, const uint32_t *blocks)
{
    tcpfsm_segment seg = h_seg(TCPFSM_ACK, t->conn.rcv_nxt, seg_seq(t, ack_k), 0u);
    uint32_t k;
    for (k = 0; k < n; k++) {
        seg.sack[k].left = seg_seq(t, blocks[2u * k]);
        seg.sack[k].right = seg_seq(t, blocks[2u * k + 1u]);
    }
    seg.sack_count = (uint8_t)n;
    if (n > 0) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_SACK);
    }
    t->now = at;
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

static void rx_ack_at(h_t *t, uint64_t at, uint32_t ack_k)
{
    rx_sack_at(t, at, ack_k, 0u, NULL);
}

/* out.tx[i] is data: len bytes from segment k (offset from SND.UNA). */
static void expect_seg(const h_t *t, unsigned i, uint32_t k, uint32_t len)
{
    ck_assert_uint_gt(t->out.count, i);
    ck_assert_uint_eq(t->out.tx[i].seq, seg_seq(t, k));
    ck_assert_uint_eq(t->out.tx[i].data_len, len);
    ck_assert_uint_eq(t->out.tx[i].data_offset, seg_seq(t, k) - t->conn.snd_una);
    ck_assert(t->out.tx[i].flags & TCPFSM_ACK);
    ck_assert(!(t->out.tx[i].flags & (TCPFSM_SYN | TCPFSM_RST)));
}

/* No segment of the output starts at segment k. */
static void expect_not_sent(const h_t *t, uint32_t k)
{
    uint32_t j;
    for (j = 0; j < t->out.count; j++) {
        ck_assert_uint_ne(t->out.tx[j].seq, seg_seq(t, k));
    }
}

/* The timer fires at the next deadline, which must be `at`. */
static void fire_at(h_t *t, uint64_t at)
{
    ck_assert_uint_eq(next_deadline(t), at);
    ck_assert_int_eq(h_timer(t, at), TCPFSM_OK);
}

/* ---- 1. the switch ---- */

/* RACK-TLP is on by default; rack_tlp is 0 or 1, and tcpfsm_init refuses
 * anything else without touching the block. */
START_TEST(config_switch)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_conn before;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.rack_tlp, 1u);
    cfg.rack_tlp = 0u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    cfg.rack_tlp = 2u;
    memset(&conn, 0xA5, sizeof conn);
    before = conn;
    /* tcpfsm.h: a configuration out of range is TCPFSM_ERR_BAD_CONFIG */
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
    ck_assert(memcmp(&conn, &before, sizeof conn) == 0);
}
END_TEST

/* ---- 2. the probe timeout, §7.2 ---- */

/* loop.  PTO = 2 SRTT after the last send, several segments in flight. */
START_TEST(pto_is_two_srtt)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT);
}
END_TEST

/* loop.  §7.2: one segment in flight (up to an MSS) adds WCDelAckT: the
 * peer may hold its ACK. */
START_TEST(pto_one_segment_adds_delayed_ack)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 100u), 1u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT + DELACK);
    /* a full segment is still one segment */
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT + DELACK);
    /* one byte more is two */
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, MSS + 1u), 2u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT);
}
END_TEST

/* §7.2 with a 0 ms path: 2 SRTT is 0; the timer never runs at once (the
 * least PTO is 2 ms).  One segment: WCDelAckT alone. */
START_TEST(pto_floor_on_a_zero_rtt_path)
{
    h_t t;
    opts o = DEFAULTS;
    uint64_t t0;
    o.rtt = 0u;
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u);
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 100u), 1u);
    ck_assert_uint_eq(next_deadline(&t), t0 + DELACK);
}
END_TEST

/* §7.2: no RTT sample yet (the SYN was retransmitted, Karn): PTO = 1 s,
 * plus WCDelAckT for one segment; the RTO is 3 s (RFC 6298 §5.7). */
START_TEST(pto_without_rtt_sample)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    uint64_t t0;
    h_config(&cfg);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, next_deadline(&t)), TCPFSM_OK); /* the SYN again */
    t.now += 50u;
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u, 0u);
    syn_ack.mss = (uint16_t)MSS;
    syn_ack.options = (uint8_t)(TCPFSM_OPT_MSS | TCPFSM_OPT_SACK_PERM);
    ck_assert_int_eq(h_rx(&t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 0u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 3000u);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 100u), 1u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 1000u + DELACK);
}
END_TEST

/* loop.  §3: RACK-TLP reads SACK; without it, or switched off, the first
 * timer is the RTO, which acts as it always did (RFC 6298 §5.4-§5.6,
 * RFC 5681 §3.1: the loss window). */
START_TEST(no_pto_without_sack_or_when_off)
{
    int variant;
    for (variant = 0; variant < 2; variant++) {
        h_t t;
        opts o = DEFAULTS;
        uint64_t t0;
        uint32_t rto;
        if (variant == 0) {
            o.sack = 0;
        } else {
            o.rack_tlp = 0;
        }
        establish_with(&t, _i, &o);
        t0 = t.now;
        rto = h_info(&t).rto_ms;
        ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
        ck_assert_uint_eq(t.conn.loss_deadline, TCPFSM_NO_DEADLINE);
        fire_at(&t, t0 + rto);
        ck_assert_uint_eq(t.out.count, 1u);
        expect_seg(&t, 0, 0u, MSS);
        ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    }
}
END_TEST

/* loop.  §7.2: the PTO restarts when new data goes out. */
START_TEST(pto_restarts_on_new_data)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT + DELACK);
    t.now = t0 + 50u;
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    /* two segments in flight now: 2 SRTT from the second */
    ck_assert_uint_eq(next_deadline(&t), t0 + 50u + 2u * RTT);
}
END_TEST

/* loop.  §7.2: an ACK that moves SND.UNA restarts the PTO (from the ACK);
 * a duplicate ACK does not.  The ACK comes one RTT after the send, so the
 * sample keeps SRTT at 100 ms. */
START_TEST(pto_restarts_on_ack)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_ack_at(&t, t0 + RTT, 2u);
    ck_assert_uint_eq(h_info(&t).srtt_ms, RTT);
    ck_assert_uint_eq(t.out.count, 0u); /* nothing more to send */
    ck_assert_uint_eq(next_deadline(&t), t0 + RTT + 2u * RTT);
    rx_ack_at(&t, t0 + RTT + 50u, 2u); /* a duplicate, no SACK */
    ck_assert_uint_eq(next_deadline(&t), t0 + RTT + 2u * RTT);
    /* all but the last segment: WCDelAckT again */
    rx_ack_at(&t, t0 + 2u * RTT, 9u);
    ck_assert_uint_eq(h_info(&t).srtt_ms, RTT);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT + 2u * RTT + DELACK);
}
END_TEST

/* loop.  §7.2: only new data and an ACK that moves SND.UNA restart the
 * PTO: the ACK we send for the peer's data (its SEG.ACK = SND.UNA) does
 * not. */
START_TEST(pto_not_restarted_by_our_ack)
{
    h_t t;
    uint64_t t0;
    tcpfsm_segment data;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    t.now = t0 + 50u;
    data = h_seg(TCPFSM_ACK, t.conn.rcv_nxt, seg_seq(&t, 0u), 100u);
    ck_assert_int_eq(h_rx(&t, data), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1u); /* our ACK, at once */
    ck_assert_uint_eq(t.out.tx[0].data_len, 0u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT);
}
END_TEST

/* §7.2: a PTO later than the RTO runs at the RTO's time, and is a probe
 * there, not a timeout.  rto_min 200 ms: the RTO is 3 RTT = 300 ms, the
 * PTO of one segment 2 RTT + 200 = 400 ms. */
START_TEST(pto_no_later_than_rto)
{
    h_t t;
    opts o = DEFAULTS;
    uint64_t t0;
    uint32_t cwnd;
    uint32_t rto;
    o.rto_min = 200u;
    establish_with(&t, _i, &o);
    rto = h_info(&t).rto_ms;
    ck_assert_uint_eq(rto, 3u * RTT);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 100u), 1u);
    cwnd = h_info(&t).cwnd;
    fire_at(&t, t0 + rto);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, 100u);
    ck_assert_uint_eq(h_info(&t).cwnd, cwnd);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(h_info(&t).rto_ms, rto); /* no back-off */
    /* §7.3: the RTO starts over from the probe; then it times out */
    fire_at(&t, t0 + 2u * rto);
    expect_seg(&t, 0, 0u, 100u);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
}
END_TEST

/* §7.2: a PTO restarted by new data is still capped by the RTO, which
 * new data does not restart (RFC 6298 §5.1): rto_min 200 ms, RTO 300 ms;
 * the probe at the RTO's time is the last segment again. */
START_TEST(pto_restarted_still_capped_by_rto)
{
    h_t t;
    opts o = DEFAULTS;
    uint64_t t0;
    uint32_t cwnd;
    o.rto_min = 200u;
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 2u * MSS), 2u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT);
    t.now = t0 + 150u;
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    cwnd = h_info(&t).cwnd;
    fire_at(&t, t0 + 3u * RTT);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 2u, MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, cwnd);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(next_deadline(&t), t0 + 3u * RTT + h_info(&t).rto_ms);
}
END_TEST

/* ---- 3. the probe, §7.3 ---- */

/* loop.  Unsent data and a window that takes it: the probe is one new
 * segment, though cwnd is full; cwnd stays; the RTO runs from the probe;
 * no second probe: the next expiry is the RTO, as before (RFC 6298 §5.4-
 * §5.6, RFC 5681 §3.1). */
START_TEST(probe_sends_new_data)
{
    h_t t;
    uint64_t t0;
    uint64_t probe_at;
    tcpfsm_info info;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 20u * MSS), 10u); /* the initial window */
    info = h_info(&t);
    probe_at = t0 + 2u * RTT;
    fire_at(&t, probe_at);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 10u, MSS);
    ck_assert_uint_eq(h_info(&t).snd_nxt, seg_seq(&t, 11u));
    ck_assert_uint_eq(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    fire_at(&t, probe_at + info.rto_ms);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, cc_loss_ssthresh(info.cwnd, 11u * MSS, MSS));
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
}
END_TEST

/* loop.  Nothing unsent: the probe is the last segment again; SND.NXT
 * stays; then the RTO, as before. */
START_TEST(probe_resends_last_segment)
{
    h_t t;
    uint64_t t0;
    uint64_t probe_at;
    tcpfsm_info info;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    info = h_info(&t);
    probe_at = t0 + 2u * RTT;
    fire_at(&t, probe_at);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 9u, MSS);
    ck_assert(!(t.out.tx[0].flags & TCPFSM_FIN));
    ck_assert_uint_eq(h_info(&t).snd_nxt, seg_seq(&t, 10u));
    ck_assert_uint_eq(h_info(&t).cwnd, info.cwnd);
    fire_at(&t, probe_at + info.rto_ms);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
}
END_TEST

/* loop.  Unsent data, but the peer's window is full: the last segment
 * again, not new data. */
START_TEST(probe_resends_last_when_window_full)
{
    h_t t;
    opts o = DEFAULTS;
    uint64_t t0;
    o.window = (uint16_t)(10u * MSS);
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 20u * MSS), 10u);
    fire_at(&t, t0 + 2u * RTT);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 9u, MSS);
    ck_assert_uint_eq(h_info(&t).snd_nxt, seg_seq(&t, 10u));
}
END_TEST

/* loop.  Our FIN was sent: the last MSS of data again, with the FIN. */
START_TEST(probe_resends_fin)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 9u * MSS), 9u);
    ck_assert_int_eq(h_event_apply(&t, EV_CLOSE), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(h_info(&t).snd_nxt, seg_seq(&t, 9u) + 1u); /* the FIN went */
    fire_at(&t, t0 + 2u * RTT);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 8u, MSS);
    ck_assert(t.out.tx[0].flags & TCPFSM_FIN);
}
END_TEST

/* loop.  All data acknowledged, our FIN not: the probe is the FIN alone
 * (no data in flight: one segment's PTO, 2 SRTT + WCDelAckT after the
 * ACK). */
START_TEST(probe_of_a_lone_fin)
{
    h_t t;
    uint64_t at;
    uint32_t cwnd;
    establish(&t, _i);
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    ck_assert_int_eq(h_event_apply(&t, EV_CLOSE), TCPFSM_OK);
    at = t.now + RTT;
    rx_ack_at(&t, at, 1u);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    cwnd = h_info(&t).cwnd;
    fire_at(&t, at + 2u * RTT + DELACK);
    ck_assert_uint_eq(t.out.count, 1u);
    ck_assert_uint_eq(t.out.tx[0].seq, seg_seq(&t, 1u));
    ck_assert_uint_eq(t.out.tx[0].data_len, 0u);
    ck_assert_uint_eq(t.out.tx[0].flags, TCPFSM_FIN | TCPFSM_ACK);
    ck_assert_uint_eq(h_info(&t).cwnd, cwnd);
}
END_TEST

/* loop.  A one-segment flight smaller than an MSS: all of it again, after
 * 2 SRTT + WCDelAckT. */
START_TEST(probe_of_a_small_segment)
{
    h_t t;
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 100u), 1u);
    fire_at(&t, t0 + 2u * RTT + DELACK);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, 100u);
}
END_TEST

/* loop.  §7.3: one probe at a time: an ACK below the probe's end restarts
 * the RTO (RFC 6298 §5.3) but schedules no second probe. */
START_TEST(no_second_probe_while_one_is_out)
{
    h_t t;
    uint64_t t0;
    uint32_t rto;
    establish(&t, _i);
    t0 = t.now;
    rto = h_info(&t).rto_ms;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    fire_at(&t, t0 + 2u * RTT);
    expect_seg(&t, 0, 9u, MSS);
    rx_ack_at(&t, t0 + 2u * RTT + 50u, 5u);
    ck_assert_uint_eq(next_deadline(&t), t0 + 2u * RTT + 50u + h_info(&t).rto_ms);
    ck_assert_uint_eq(h_info(&t).rto_ms, rto);
}
END_TEST

/* ---- 4. the probe's ACK, §7.4 ---- */

/* Ten segments; the ACK of all but the last comes after one RTT; the PTO
 * (one segment: 2 SRTT + WCDelAckT) sends the last again.  Returns the
 * probe's time. */
static uint64_t tail_probe(h_t *t, int i)
{
    uint64_t t0;
    uint64_t probe_at;
    establish(t, i);
    t0 = t->now;
    ck_assert_uint_eq(write_all(t, 10u * MSS), 10u);
    rx_ack_at(t, t0 + RTT, 9u);
    probe_at = t0 + RTT + 2u * RTT + DELACK;
    fire_at(t, probe_at);
    ck_assert_uint_eq(t->out.count, 1u);
    expect_seg(t, 0, 9u, MSS);
    return probe_at;
}

/* loop.  The probe repaired a loss: the ACK of the probe's end, then an
 * ACK beyond it without a D-SACK: the window is reduced once, as for a
 * loss (cwnd to ssthresh, before this ACK's own growth), and no recovery
 * starts. */
START_TEST(probe_repair_reduces_once)
{
    h_t t;
    uint64_t at = tail_probe(&t, _i);
    tcpfsm_info info = h_info(&t);
    uint32_t ssthresh;
    rx_ack_at(&t, at + RTT, 10u); /* SEG.ACK = the probe's end: not yet */
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_ge(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    info = h_info(&t);
    rx_ack_at(&t, at + 2u * RTT, 11u); /* beyond it */
    /* the window the loss is reported at: the ACK that reports it does not
     * grow it first (RFC 5681 §3.2; Linux's tcp_process_tlp_ack runs
     * before tcp_cong_control) */
    ssthresh = cc_loss_ssthresh(info.cwnd, MSS, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, ssthresh);
    /* cwnd falls to ssthresh; the data this ACK covers then counts in
     * congestion avoidance as any ACK's does (Linux's tcp_cong_control
     * after the reduction): less than a segment more */
    ck_assert_uint_lt(h_info(&t).cwnd, ssthresh + MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    /* once: the next ACK beyond reduces nothing more */
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    rx_ack_at(&t, at + 3u * RTT, 12u);
    ck_assert_uint_eq(h_info(&t).ssthresh, ssthresh);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* loop.  RFC 2883 D-SACK of the probe: the retransmission was not needed
 * (the original arrived); nothing is reduced, then or later. */
START_TEST(probe_dsack_reduces_nothing)
{
    h_t t;
    static const uint32_t dsack[] = {9u, 10u};
    uint64_t at = tail_probe(&t, _i);
    tcpfsm_info info = h_info(&t);
    rx_sack_at(&t, at + RTT, 10u, 1u, dsack);
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_ge(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    info = h_info(&t);
    rx_ack_at(&t, at + 2u * RTT, 11u);
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_ge(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* loop.  A probe of new data never reduces the window. */
START_TEST(probe_of_new_data_reduces_nothing)
{
    h_t t;
    uint64_t t0;
    tcpfsm_info info;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 11u * MSS), 10u);
    info = h_info(&t);
    fire_at(&t, t0 + 2u * RTT);
    expect_seg(&t, 0, 10u, MSS);
    rx_ack_at(&t, t0 + 3u * RTT, 11u); /* all of it, the probe's end */
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_ge(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(write_all(&t, MSS), 1u);
    info = h_info(&t);
    rx_ack_at(&t, t0 + 4u * RTT, 12u); /* and beyond */
    ck_assert_uint_eq(h_info(&t).ssthresh, info.ssthresh);
    ck_assert_uint_ge(h_info(&t).cwnd, info.cwnd);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* ---- 5. RACK, §6 ---- */

/* loop.  §6.2: one segment SACKed above a hole (fewer than DupThresh):
 * no recovery yet; the reordering window (min(ceil(min_RTT / 4), SRTT) =
 * 25 ms) runs from that ACK; when it has passed (§6.3) recovery starts,
 * the window is reduced, and the segment at SND.UNA goes again. */
START_TEST(rack_timer_starts_recovery)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    uint64_t t0;
    tcpfsm_info info;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    info = h_info(&t);
    rx_sack_at(&t, t0 + RTT, 0u, 1u, one);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(t.out.count, 0u);
    fire_at(&t, t0 + RTT + REO_WND);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, cc_loss_ssthresh(info.cwnd, 10u * MSS, MSS));
}
END_TEST

/* loop.  DupThresh segments SACKed above the hole: RFC 6675 IsLost, which
 * RACK keeps (§6: it adds to it): recovery at once, no reordering wait. */
START_TEST(dupthresh_sacked_starts_recovery_at_once)
{
    h_t t;
    static const uint32_t three[] = {1u, 4u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0 + RTT, 0u, 1u, three);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_ge(t.out.count, 1u);
    expect_seg(&t, 0, 0u, MSS);
}
END_TEST

/* §6.2: the window is rounded up to the millisecond: min_RTT 10 ms gives
 * ceil(2.5) = 3 ms. */
START_TEST(rack_window_rounds_up)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    opts o = DEFAULTS;
    uint64_t t0;
    o.rtt = 10u;
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0 + 10u, 0u, 1u, one);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    fire_at(&t, t0 + 10u + 3u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 0u, MSS);
}
END_TEST

/* §6.2 on a 0 ms path: min_RTT / 4 is 0; the window is at least 1 ms, so
 * the verdict waits (and comes before the 2 ms PTO would). */
START_TEST(rack_window_at_least_1ms)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    opts o = DEFAULTS;
    uint64_t t0;
    o.rtt = 0u;
    establish_with(&t, _i, &o);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0, 0u, 1u, one);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(t.out.count, 0u);
    fire_at(&t, t0 + 1u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    expect_seg(&t, 0, 0u, MSS);
}
END_TEST

/* loop.  The hole is filled by a cumulative ACK before the window ends:
 * reordering, not loss: no recovery, nothing sent again; the PTO runs
 * again from that ACK (and its probe is a probe). */
START_TEST(rack_hole_filled_in_time)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0 + 90u, 0u, 1u, one);
    ck_assert_uint_eq(next_deadline(&t), t0 + 90u + REO_WND);
    rx_ack_at(&t, t0 + RTT, 2u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(t.out.count, 0u);
    ck_assert_uint_eq(h_info(&t).srtt_ms, RTT);
    fire_at(&t, t0 + RTT + 2u * RTT);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 9u, MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* loop.  §6.2 step 4: a D-SACK (RFC 2883: the first block at or below
 * SEG.ACK) reports a spurious retransmission: the reordering window grows
 * by a quarter of the least RTT per D-SACK. */
START_TEST(dsack_grows_the_reordering_window)
{
    h_t t;
    static const uint32_t dup[] = {0u, 1u};
    static const uint32_t one[] = {3u, 4u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    /* the first two segments arrive, then a D-SACK for the first (as if
     * it had come twice): two quarters now */
    rx_ack_at(&t, t0 + RTT, 2u);
    rx_sack_at(&t, t0 + RTT, 2u, 1u, dup);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    /* a segment SACKed above a hole: the verdict waits 2 x 25 ms (two
     * duplicate ACKs so far: RFC 5681's third would start recovery) */
    rx_sack_at(&t, t0 + RTT + 1u, 2u, 1u, one);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(next_deadline(&t), t0 + RTT + 1u + 2u * REO_WND);
    fire_at(&t, t0 + RTT + 1u + 2u * REO_WND);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    expect_seg(&t, 0, 2u, MSS);
}
END_TEST

/* loop.  §6.2 step 4: one widening per round trip (RACK.dsack_round): a
 * second D-SACK before SND.UNA passes the SND.NXT of the first adds
 * nothing; one after it adds a quarter again. */
START_TEST(dsack_widens_once_per_round_trip)
{
    h_t t;
    static const uint32_t dup0[] = {0u, 1u};
    static const uint32_t dup1[] = {1u, 2u};
    static const uint32_t dup3[] = {3u, 4u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_ack_at(&t, t0 + RTT, 2u);
    ck_assert_uint_eq(t.conn.rack_reordering, 0u);
    rx_sack_at(&t, t0 + RTT, 2u, 1u, dup0);
    ck_assert_uint_eq(t.conn.rack_reordering, 2u);
    ck_assert_uint_eq(t.conn.rack_dsack_round, seg_seq(&t, 10u));
    ck_assert_uint_eq(t.conn.rack_reo_persist, TCPFSM_RACK_REO_PERSIST);
    rx_sack_at(&t, t0 + RTT + 1u, 2u, 1u, dup1); /* the same round trip */
    ck_assert_uint_eq(t.conn.rack_reordering, 2u);
    rx_sack_at(&t, t0 + RTT + 2u, 9u, 1u, dup3); /* still short of SND.NXT */
    ck_assert_uint_eq(t.conn.rack_reordering, 2u);
    rx_ack_at(&t, t0 + RTT + 3u, 10u);           /* the round trip ends */
    ck_assert_uint_eq(t.conn.rack_dsack_counted, 0u);
    rx_sack_at(&t, t0 + RTT + 4u, 10u, 1u, dup3);
    ck_assert_uint_eq(t.conn.rack_reordering, 3u);
    /* nothing in flight: that round trip is over as it starts, and the
     * next D-SACK widens again */
    ck_assert_uint_eq(t.conn.rack_dsack_counted, 0u);
    rx_sack_at(&t, t0 + RTT + 5u, 10u, 1u, dup3);
    ck_assert_uint_eq(t.conn.rack_reordering, 4u);
}
END_TEST

/* §6.2 step 4: a widened window lasts TCPFSM_RACK_REO_PERSIST recoveries
 * without a D-SACK (RACK.reo_wnd_persist), then falls back to one quarter;
 * reordering stays seen.  Each round: SACK recovery from RACK's timer, then
 * the ACK of everything ends it. */
START_TEST(widened_window_falls_back_after_recoveries)
{
    h_t t;
    static const uint32_t dup[] = {0u, 1u};
    uint32_t round;
    establish(&t, _i);
    ck_assert_uint_eq(write_all(&t, 2u * MSS), 2u);
    rx_ack_at(&t, t.now + RTT, 2u);
    rx_sack_at(&t, t.now, 2u, 1u, dup);
    ck_assert_uint_eq(t.conn.rack_reordering, 2u);
    for (round = 1u; round <= TCPFSM_RACK_REO_PERSIST; round++) {
        uint32_t base = (t.conn.snd_nxt - t.iss - 1u) / MSS;
        uint32_t blocks[2];
        uint64_t at;
        ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
        /* each recovery halves cwnd; the test is of RACK, not of that */
        t.conn.cwnd = 4u * MSS;
        ck_assert_uint_eq(write_all(&t, 3u * MSS), 3u);
        /* the first segment acknowledged (SND.UNA passes the last
         * recovery's "recover", RFC 6582), the third SACKed above a hole */
        rx_ack_at(&t, t.now + RTT, base + 1u);
        blocks[0] = base + 2u;
        blocks[1] = base + 3u;
        rx_sack_at(&t, t.now, base + 1u, 1u, blocks);
        at = tcpfsm_next_deadline(&t.conn);
        ck_assert_uint_eq(t.conn.loss_timer, TCPFSM_LOSS_TIMER_REORDER);
        ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
        ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
        rx_ack_at(&t, at + RTT, base + 3u);
        ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
        ck_assert_uint_eq(t.conn.rack_reo_persist, TCPFSM_RACK_REO_PERSIST - round);
        ck_assert_uint_eq(t.conn.rack_reordering, round < TCPFSM_RACK_REO_PERSIST ? 2u : 1u);
    }
}
END_TEST

/* loop.  §6.2 step 2: an ACK whose first SACK block (the segment that drew
 * it, RFC 2018 §4) ends below RACK.fack outside recovery shows the path
 * reorders; recovery then keeps the reordering window instead of 0. */
START_TEST(sack_below_fack_shows_reordering)
{
    h_t t;
    static const uint32_t high[] = {5u, 6u};
    static const uint32_t low[] = {2u, 3u, 5u, 6u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0 + RTT, 0u, 1u, high);
    ck_assert_uint_eq(t.conn.rack_reordering, 0u);
    rx_sack_at(&t, t0 + RTT + 1u, 0u, 2u, low);
    ck_assert_uint_eq(t.conn.rack_reordering, 1u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* loop.  In recovery, before any reordering was seen, RACK.reo_wnd is 0
 * (§6.2 step 4): a newly SACKed segment above a further hole marks the
 * hole lost at once, though RFC 6675 would not (one SACKed segment above
 * it): it goes again on that ACK, ahead of new data (RFC 6675 NextSeg
 * (1) before (2)). */
START_TEST(rack_in_recovery_marks_at_once)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    static const uint32_t next[] = {1u, 5u, 6u, 8u};
    uint64_t t0;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 40u * MSS), 10u);
    rx_sack_at(&t, t0 + RTT, 0u, 1u, one);
    expect_not_sent(&t, 0u);
    fire_at(&t, t0 + RTT + REO_WND);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    expect_seg(&t, 0, 0u, MSS);
    /* segment 5 is the hole; 6 and 7 SACKed above it: two segments */
    rx_sack_at(&t, t0 + RTT + 30u, 0u, 2u, next);
    ck_assert_uint_ge(t.out.count, 1u);
    expect_seg(&t, 0, 5u, MSS);
}
END_TEST

/* loop.  §6.2 steps 2 and 4: once a hole below SACKed data was filled by
 * an ACK outside recovery (reordering seen), the reordering window
 * applies in recovery too: the further hole waits for it, new data goes
 * instead, and the window's end sends it again. */
START_TEST(rack_reordering_window_in_recovery)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    static const uint32_t three[] = {3u, 4u};
    static const uint32_t next[] = {3u, 7u, 8u, 10u};
    uint64_t t0;
    uint64_t at;
    establish(&t, _i);
    t0 = t.now;
    ck_assert_uint_eq(write_all(&t, 40u * MSS), 10u);
    rx_sack_at(&t, t0 + 90u, 0u, 1u, one);
    rx_ack_at(&t, t0 + RTT, 2u); /* the hole filled: reordering */
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    expect_not_sent(&t, 0u);
    at = t0 + RTT + 90u;
    rx_sack_at(&t, at, 2u, 1u, three);
    fire_at(&t, at + REO_WND);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 2u, MSS);
    /* segment 7 is the hole, 8 and 9 SACKed above it */
    at += REO_WND + 5u;
    rx_sack_at(&t, at, 2u, 2u, next);
    expect_not_sent(&t, 7u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    fire_at(&t, at + REO_WND);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_seg(&t, 0, 7u, MSS);
}
END_TEST

/* ---- 6. the retransmission timeout ---- */

/* loop.  RFC 6298 §5.4-§5.6 with RFC 8985 §6: the RTO fires before the
 * reordering window ends (the SACK came late): the loss timer is gone
 * (the next deadline is the backed-off RTO), and while the timeout's
 * recovery lasts RACK marks nothing (§6.2 applies to what was not sent
 * again; the timeout sends everything again). */
START_TEST(rto_clears_the_loss_timer)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    static const uint32_t later[] = {4u, 5u};
    uint64_t t0;
    uint32_t rto;
    establish(&t, _i);
    t0 = t.now;
    rto = h_info(&t).rto_ms;
    ck_assert_uint_eq(write_all(&t, 10u * MSS), 10u);
    rx_sack_at(&t, t0 + rto - 10u, 0u, 1u, one);
    ck_assert_uint_eq(next_deadline(&t), t0 + rto); /* the RTO, before RACK's */
    fire_at(&t, t0 + rto);
    expect_seg(&t, 0, 0u, MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_uint_eq(t.conn.loss_deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(next_deadline(&t), t0 + rto + h_info(&t).rto_ms);
    /* the first two segments acknowledged, the fifth SACKed above a hole */
    rx_sack_at(&t, t0 + rto + RTT, 2u, 1u, later);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_uint_eq(t.conn.loss_deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(t.conn.rack_lost, t.conn.snd_una);
    ck_assert_uint_eq(next_deadline(&t), t0 + rto + RTT + h_info(&t).rto_ms);
}
END_TEST

Suite *suite_rack_tlp(void)
{
    Suite *s = suite_create("rack_tlp");
    TCase *c = tcase_create("rack_tlp");
    tcase_add_test(c, config_switch);
    tcase_add_loop_test(c, pto_is_two_srtt, 0, 2);
    tcase_add_loop_test(c, pto_one_segment_adds_delayed_ack, 0, 2);
    tcase_add_loop_test(c, pto_floor_on_a_zero_rtt_path, 0, 1);
    tcase_add_loop_test(c, pto_without_rtt_sample, 0, 1);
    tcase_add_loop_test(c, no_pto_without_sack_or_when_off, 0, 2);
    tcase_add_loop_test(c, pto_restarts_on_new_data, 0, 2);
    tcase_add_loop_test(c, pto_restarts_on_ack, 0, 2);
    tcase_add_loop_test(c, pto_not_restarted_by_our_ack, 0, 2);
    tcase_add_loop_test(c, pto_no_later_than_rto, 0, 1);
    tcase_add_loop_test(c, pto_restarted_still_capped_by_rto, 0, 1);
    tcase_add_loop_test(c, probe_sends_new_data, 0, 2);
    tcase_add_loop_test(c, probe_resends_last_segment, 0, 2);
    tcase_add_loop_test(c, probe_resends_last_when_window_full, 0, 2);
    tcase_add_loop_test(c, probe_resends_fin, 0, 2);
    tcase_add_loop_test(c, probe_of_a_lone_fin, 0, 2);
    tcase_add_loop_test(c, probe_of_a_small_segment, 0, 2);
    tcase_add_loop_test(c, no_second_probe_while_one_is_out, 0, 2);
    tcase_add_loop_test(c, probe_repair_reduces_once, 0, 2);
    tcase_add_loop_test(c, probe_dsack_reduces_nothing, 0, 2);
    tcase_add_loop_test(c, probe_of_new_data_reduces_nothing, 0, 2);
    tcase_add_loop_test(c, rack_timer_starts_recovery, 0, 2);
    tcase_add_loop_test(c, dupthresh_sacked_starts_recovery_at_once, 0, 2);
    tcase_add_loop_test(c, rack_window_rounds_up, 0, 1);
    tcase_add_loop_test(c, rack_window_at_least_1ms, 0, 1);
    tcase_add_loop_test(c, rack_hole_filled_in_time, 0, 2);
    tcase_add_loop_test(c, rack_in_recovery_marks_at_once, 0, 2);
    tcase_add_loop_test(c, rack_reordering_window_in_recovery, 0, 2);
    tcase_add_loop_test(c, dsack_grows_the_reordering_window, 0, 2);
    tcase_add_loop_test(c, dsack_widens_once_per_round_trip, 0, 2);
    tcase_add_loop_test(c, widened_window_falls_back_after_recoveries, 0, 2);
    tcase_add_loop_test(c, sack_below_fack_shows_reordering, 0, 2);
    tcase_add_loop_test(c, rto_clears_the_loss_timer, 0, 2);
    suite_add_tcase(s, c);
    return s;
}
