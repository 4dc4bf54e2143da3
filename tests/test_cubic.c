/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9438 CUBIC (src/core/cubic.c, called by congestion.c when the core
 * is built with TCPFSM_CC = CUBIC, the default): the reduction by
 * beta_cubic = 0.7 at a loss, an ECN echo or a timeout (§4.6, §4.8), fast
 * convergence (§4.7), the concave and convex regions of
 * W_cubic(t) = C (t - K)^3 + W_max (§4.2, §4.4, §4.5), the Reno-friendly
 * region of W_est (§4.3), the epoch after a timeout (§4.8), the window's
 * bounds on a long run, and the epoch after an idle restart (RFC 5681
 * §4.1).  Registered in the CUBIC builds only (TCPFSM_TEST_NEWRENO: the
 * NewReno build has Reno's course in test_congestion.c).
 *
 * The expectations are the RFC's formulas, computed here in floating
 * point (C = 0.4 segments/s^3, beta = 0.7, alpha = 3 (1 - beta) / (1 +
 * beta)), with a tolerance only where the core's whole bytes and whole
 * milliseconds make the exact value ill-defined; each says why.
 *
 * The growth tests drive the connection with a simulated path: every data
 * segment the core sends is acknowledged on its own `rtt` ms after it was
 * sent, the peer's timestamp echo being the segment's TSval (RFC 7323
 * §4.1), so that every RTT sample, and SRTT, is `rtt`; the peer offers a
 * scaled window large enough that the flight is always the congestion
 * window's (the sender is never limited by the receiver, RFC 9438 §5.8).
 * Every test runs twice: with small sequence numbers, and just below 2^32
 * so that the flight crosses the wrap. */
#include <string.h>
#include "harness.h"
#include "cc_expect.h"
#include "suites.h"

#if !TCPFSM_TEST_NEWRENO

#define MSS    1460u       /* the peer's MSS, and the SMSS without timestamps */
#define IW     (10u * MSS) /* RFC 6928 */
#define RING   32768u      /* segments the simulated path holds, a power of two */

/* RFC 9438 §5: C and beta_cubic; §4.3: alpha_cubic; §4.7: fast convergence */
#define CUBIC_C      0.4
#define BETA         0.7
#define ALPHA        (3.0 * (1.0 - BETA) / (1.0 + BETA))

static const uint32_t ISS[2] = {1000u, 0xFFFFF000u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

static int seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

/* ---- the simulated path ---- */

typedef struct {
    h_t      t;
    uint32_t smss;
    uint32_t rtt;         /* the path's round trip, ms */
    uint32_t peer_ts;     /* the peer's next TSval */
    uint16_t peer_window; /* the window field of the peer's segments */
    int      ts;          /* timestamps agreed */
    int      feed;        /* keep the send queue full */
    uint32_t high;        /* the end of the highest data sent */
    unsigned head, tail;  /* ring[head .. tail): segments not yet acknowledged */
    uint32_t end[RING];   /* each segment's end, */
    uint64_t sent[RING];  /* the time it was sent, */
    uint32_t tsv[RING];   /* and its TSval */
} cs_t;

static cs_t CS; /* too large for the stack */

typedef struct {
    int      sack, ecn, ts;
    uint8_t  wscale;      /* the peer's shift (RFC 7323), with TCPFSM_OPT_WSCALE when nonzero */
    uint16_t mss;         /* ours and the peer's; 0: MSS */
    uint32_t rtt;         /* the handshake's and the path's round trip */
} cs_opts;

/* New data segments in t.out join the path. */
static void record(cs_t *c)
{
    unsigned k;
    for (k = 0; k < c->t.out.count; k++) {
        const tcpfsm_tx *tx = &c->t.out.tx[k];
        uint32_t e = tx->seq + tx->data_len;
        if (tx->data_len == 0u || !seq_gt(e, c->high)) {
            continue; /* no data, or a retransmission */
        }
        ck_assert_uint_lt(c->tail - c->head, RING);
        c->end[c->tail % RING] = e;
        c->sent[c->tail % RING] = c->t.now;
        c->tsv[c->tail % RING] = c->t.out.ts_val;
        c->tail++;
        c->high = e;
    }
}

static void drain(cs_t *c)
{
    record(c);
    while (c->t.out.more) {
        h_send(&c->t, 0u);
        record(c);
    }
}

static void user_send(cs_t *c, uint32_t len)
{
    h_send(&c->t, len);
    drain(c);
}

/* The send queue kept at least half full: the application never runs out. */
static void top_up(cs_t *c)
{
    if (c->feed && c->t.conn.snd_queued < TCPFSM_MAX_SEND_QUEUE / 2u) {
        user_send(c, TCPFSM_MAX_SEND_QUEUE - c->t.conn.snd_queued);
    }
}

static void establish(cs_t *c, int i, const cs_opts *o)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    uint16_t mss = o->mss != 0u ? o->mss : (uint16_t)MSS;
    uint32_t syn_ts;
    memset(c, 0, sizeof *c);
    h_config(&cfg);
    cfg.mss = mss;
    if (o->ecn) {
        cfg.ecn = TCPFSM_ECN_REQUEST;
    }
    h_init_cfg(&c->t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&c->t.conn, c->t.iss, c->t.now, &c->t.out), TCPFSM_OK);
    if (o->wscale != 0u) {
        ck_assert(c->t.out.tx[0].options & TCPFSM_OPT_WSCALE);
    }
    syn_ts = c->t.out.ts_val;
    c->t.now += o->rtt;
    syn_ack = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK | (o->ecn ? TCPFSM_ECE : 0u)), c->t.peer_iss,
                    c->t.iss + 1u, 0u);
    syn_ack.window = (uint16_t)H_WINDOW;
    syn_ack.options = TCPFSM_OPT_MSS;
    syn_ack.mss = mss;
    c->peer_ts = 7000u;
    if (o->ts) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_TIMESTAMP);
        syn_ack.ts_val = c->peer_ts++;
        syn_ack.ts_ecr = syn_ts;
    }
    if (o->sack) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_SACK_PERM);
    }
    if (o->wscale != 0u) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_WSCALE);
        syn_ack.wscale = o->wscale;
    }
    ck_assert_int_eq(h_rx(&c->t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(&c->t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(c->t.conn.sack_on, o->sack ? 1u : 0u);
    ck_assert_uint_eq(h_info(&c->t).ecn, o->ecn ? 1u : 0u);
    c->ts = o->ts;
    c->smss = c->t.conn.snd_mss;
    ck_assert_uint_eq(c->smss, o->ts ? mss - 12u : mss); /* RFC 6691 */
    c->rtt = o->rtt;
    c->peer_window = (uint16_t)H_WINDOW;
    c->high = h_info(&c->t).snd_nxt;
    ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
}

/* The peer, at RCV.NXT, acknowledges `ack` with `flags`, echoing ts_ecr. */
static void peer_ack(cs_t *c, uint32_t ack, uint32_t ts_ecr, uint8_t flags)
{
    tcpfsm_segment seg = h_seg(flags, h_rcv_nxt(&c->t), ack, 0u);
    seg.window = c->peer_window;
    if (c->ts) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = c->peer_ts++;
        seg.ts_ecr = ts_ecr;
    }
    ck_assert_int_eq(h_rx(&c->t, seg), TCPFSM_OK);
    drain(c);
}

/* What an ACK of the path saw: the state before it and what it covered. */
typedef struct {
    uint32_t cwnd, ssthresh; /* before */
    uint8_t  recovery;       /* before */
    uint64_t epoch;          /* cubic_epoch before */
    uint32_t w_est;          /* cubic_w_est before */
    uint64_t now;            /* when it came */
    uint32_t acked;          /* bytes it acknowledged */
} step_t;

/* The oldest segment on the path reaches the peer, whose ACK comes back
 * rtt ms after the segment left (`delay` ms more). */
static step_t step_delayed(cs_t *c, uint64_t delay)
{
    step_t s;
    unsigned h;
    top_up(c);
    for (;;) {
        ck_assert_uint_ne(c->head, c->tail); /* something is in flight */
        h = c->head % RING;
        if (seq_gt(c->end[h], h_info(&c->t).snd_una)) {
            break;
        }
        c->head++; /* acknowledged already */
    }
    if (c->t.now < c->sent[h] + c->rtt + delay) {
        c->t.now = c->sent[h] + c->rtt + delay;
    }
    s.cwnd = c->t.conn.cwnd;
    s.ssthresh = c->t.conn.ssthresh;
    s.recovery = c->t.conn.recovery;
    s.epoch = c->t.conn.cubic_epoch;
    s.w_est = c->t.conn.cubic_w_est;
    s.now = c->t.now;
    s.acked = c->end[h] - c->t.conn.snd_una;
    c->head++;
    peer_ack(c, c->end[h], c->tsv[h], TCPFSM_ACK);
    return s;
}

static step_t step(cs_t *c)
{
    return step_delayed(c, 0u);
}

/* Slow start until cwnd >= target. */
static void grow_to(cs_t *c, uint32_t target)
{
    unsigned n = 0;
    while (c->t.conn.cwnd < target) {
        ck_assert_uint_lt(n++, 100000u);
        (void)step(c);
    }
}

/* The segment at SND.UNA is lost: the next three reach the peer and draw
 * three duplicate ACKs (RFC 5681 §3.2), the last sends it again.  Returns
 * cwnd at the loss. */
static uint32_t three_dup_acks(cs_t *c)
{
    uint32_t una = h_info(&c->t).snd_una;
    uint32_t cwnd = c->t.conn.cwnd;
    unsigned k;
    ck_assert_uint_ge(c->tail - c->head, 4u);
    for (k = 1; k <= 3u; k++) {
        unsigned h = (c->head + k) % RING;
        if (c->t.now < c->sent[h] + c->rtt) {
            c->t.now = c->sent[h] + c->rtt;
        }
        peer_ack(c, una, c->tsv[h], TCPFSM_ACK);
    }
    ck_assert_uint_ne(c->t.conn.recovery, TCPFSM_RECOVERY_NONE);
    return cwnd;
}

/* The retransmission reaches the peer, which had all the rest: its ACK,
 * an RTT later, covers all that was sent and ends the recovery (with SACK
 * cwnd = ssthresh, RFC 6675 §5 / RFC 9937 §4). */
static void full_ack(cs_t *c)
{
    uint32_t ts = c->t.out.ts_val; /* the retransmission's */
    c->t.now += c->rtt;
    c->head = c->tail;
    peer_ack(c, c->high, ts, TCPFSM_ACK);
    ck_assert_uint_eq(c->t.conn.recovery, TCPFSM_RECOVERY_NONE);
}

/* A loss recovered: three duplicate ACKs and the ACK of the retransmission. */
static uint32_t lose(cs_t *c)
{
    uint32_t cwnd = three_dup_acks(c);
    full_ack(c);
    return cwnd;
}

/* One ACK of new data beyond "recover", so that three duplicate ACKs may
 * start the next recovery (RFC 6582 §3.2 step 1). */
static void pass_recover(cs_t *c)
{
    (void)step(c);
}

/* ---- RFC 9438 in floating point ---- */

static double cube_root(double x)
{
    double lo = 0.0, hi = 1.0;
    int k;
    while (hi * hi * hi < x) {
        hi *= 2.0;
    }
    for (k = 0; k < 200; k++) {
        double mid = (lo + hi) / 2.0;
        if (mid * mid * mid <= x) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* §4.2 Figure 2: K = cbrt((W_max - cwnd_epoch) / C) s, windows in
 * segments of smss bytes; in ms. */
static double k_ms(uint32_t w_max, uint32_t cwnd_epoch, uint32_t smss)
{
    double segments = ((double)w_max - (double)cwnd_epoch) / (double)smss;
    return 1000.0 * cube_root(segments / CUBIC_C);
}

/* §4.2 Figure 1: W_cubic(t) = C (t - K)^3 + W_max, in bytes, t and K in ms. */
static double w_cubic(double t_ms, double k, uint32_t w_max, uint32_t smss)
{
    double d = (t_ms - k) / 1000.0;
    return CUBIC_C * d * d * d * (double)smss + (double)w_max;
}

static double fabs_d(double x)
{
    return x < 0.0 ? -x : x;
}

/* ---- 1. §4.6, §4.8: the reduction ---- */

/* Ten segments out, cwnd 10 SMSS; two duplicate ACKs let two more out
 * (RFC 3042), the third is a loss: ssthresh = cwnd * beta_cubic (RFC 9438
 * §4.6: of cwnd, not of the twelve segments in flight, which Reno's
 * FlightSize / 2 would take), cwnd = ssthresh + 3 SMSS (RFC 5681 §3.2
 * step 3, fast recovery without SACK). */
START_TEST(cubic_loss_reduction_without_sack)
{
    cs_t *c = &CS;
    cs_opts o = {0, 0, 0, 0, 0, 40u};
    uint32_t ssthresh = 7u * MSS; /* 0.7 * 10 SMSS, in whole bytes */
    establish(c, _i, &o);
    user_send(c, 40u * MSS);
    ck_assert_uint_eq(c->high - h_info(&c->t).snd_una, IW);
    (void)three_dup_acks(c);
    ck_assert_uint_eq(c->high - h_info(&c->t).snd_una, 12u * MSS);
    ck_assert_uint_eq(h_info(&c->t).recovery, TCPFSM_RECOVERY_FAST);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, ssthresh);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, cc_loss_ssthresh(IW, 12u * MSS, MSS));
    ck_assert_uint_eq(h_info(&c->t).cwnd, ssthresh + 3u * MSS);
    /* §4.6: cwnd_prior and W_max are the window at the loss (no W_max yet) */
    ck_assert_uint_eq(c->t.conn.cubic_cwnd_prior, IW);
    ck_assert_uint_eq(c->t.conn.cubic_w_max, IW);
    ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
}
END_TEST

/* With SACK, RFC 6675 loss recovery paced by PRR: the same ssthresh,
 * 0.7 cwnd; the window is not inflated, and ends at ssthresh. */
START_TEST(cubic_loss_reduction_with_sack)
{
    cs_t *c = &CS;
    cs_opts o = {1, 0, 0, 0, 0, 40u};
    establish(c, _i, &o);
    user_send(c, 40u * MSS);
    (void)three_dup_acks(c);
    ck_assert_uint_eq(c->high - h_info(&c->t).snd_una, 12u * MSS);
    ck_assert_uint_eq(h_info(&c->t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, 7u * MSS);
    ck_assert_uint_le(h_info(&c->t).cwnd, 7u * MSS);
    full_ack(c);
    ck_assert_uint_eq(h_info(&c->t).cwnd, 7u * MSS);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, 7u * MSS);
}
END_TEST

/* §4.6: an ECN echo is a congestion event like a loss: cwnd = ssthresh =
 * 0.7 cwnd (RFC 3168 §6.1.2 with CUBIC's factor).  The echo comes on a
 * duplicate ACK, so that no growth for new data follows it. */
START_TEST(cubic_ecn_echo_reduction)
{
    cs_t *c = &CS;
    cs_opts o = {0, 1, 0, 0, 0, 40u};
    uint32_t cwnd;
    uint32_t una;
    establish(c, _i, &o);
    user_send(c, 40u * MSS);
    una = h_info(&c->t).snd_una;
    peer_ack(c, una + MSS, 0u, TCPFSM_ACK); /* slow start: 11 SMSS */
    cwnd = h_info(&c->t).cwnd;
    ck_assert_uint_eq(cwnd, IW + MSS);
    peer_ack(c, una + MSS, 0u, (uint8_t)(TCPFSM_ACK | TCPFSM_ECE));
    ck_assert_uint_eq(h_info(&c->t).ssthresh, cwnd * 7u / 10u);
    ck_assert_uint_eq(h_info(&c->t).cwnd, cwnd * 7u / 10u);
    ck_assert_uint_eq(h_info(&c->t).cwnd, cc_ecn_reduced(cwnd));
    ck_assert_uint_eq(c->t.conn.cubic_w_max, cwnd); /* §4.6 W_max = cwnd */
    ck_assert_uint_eq(c->t.conn.cubic_cwnd_prior, cwnd);
}
END_TEST

/* §4.6, §4.8, RFC 5681 §3.1 (4): a timeout sets ssthresh = 0.7 cwnd and
 * cwnd = one segment (the loss window); the same data timing out again
 * leaves ssthresh: the second reduction would take 0.7 of the loss
 * window, which says nothing about the path (RFC 5681 §3.1 (4), whose
 * FlightSize too is unchanged, gives the same ssthresh again). */
START_TEST(cubic_timeout_reduction)
{
    cs_t *c = &CS;
    cs_opts o = {0, 0, 0, 0, 0, 40u};
    establish(c, _i, &o);
    user_send(c, 40u * MSS);
    ck_assert_int_eq(h_timer(&c->t, tcpfsm_next_deadline(&c->t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, 7u * MSS);
    ck_assert_uint_eq(h_info(&c->t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&c->t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_int_eq(h_timer(&c->t, tcpfsm_next_deadline(&c->t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, 7u * MSS);
    ck_assert_uint_eq(h_info(&c->t).cwnd, MSS);
}
END_TEST

/* ---- 2. §4.7: fast convergence ---- */

/* A path with timestamps, SACK and a scaled window (shift 8: 16 MB). */
static void establish_path(cs_t *c, int i, uint32_t rtt)
{
    cs_opts o = {1, 0, 1, 8u, 0, 0};
    o.rtt = rtt;
    establish(c, i, &o);
    c->feed = 1;
    top_up(c);
}

/* As establish_path, with only `len` bytes to send. */
static void establish_path_len(cs_t *c, int i, uint32_t rtt, uint32_t len)
{
    cs_opts o = {1, 0, 1, 8u, 0, 0};
    o.rtt = rtt;
    establish(c, i, &o);
    user_send(c, len);
}

/* The first loss at 20 segments sets W_max = 20 segments (above the no
 * W_max of a new connection); the second, at once, comes at a window
 * below it: W_max = cwnd (1 + beta) / 2 = 0.85 cwnd.  Congestion
 * avoidance then climbs past that W_max, and the loss there sets W_max to
 * the window at the loss. */
START_TEST(cubic_fast_convergence)
{
    cs_t *c = &CS;
    uint32_t w1;
    uint32_t w2;
    uint32_t w3;
    unsigned n = 0;
    establish_path(c, _i, 100u);
    grow_to(c, 20u * c->smss);
    w1 = lose(c);
    ck_assert_uint_eq(w1, 20u * c->smss);
    ck_assert_uint_eq(c->t.conn.cubic_w_max, w1);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, w1 * 7u / 10u);
    pass_recover(c);
    w2 = three_dup_acks(c);
    ck_assert_uint_lt(w2, w1);
    /* 0.85 w2 in whole bytes: w2 * 17 / 20 rounded down */
    ck_assert_uint_eq(c->t.conn.cubic_w_max, (uint32_t)((uint64_t)w2 * 17u / 20u));
    ck_assert_uint_eq(h_info(&c->t).ssthresh, (uint32_t)((uint64_t)w2 * 7u / 10u));
    full_ack(c);
    while (c->t.conn.cwnd < c->t.conn.cubic_w_max + c->smss) {
        ck_assert_uint_lt(n++, 100000u);
        (void)step(c);
    }
    w3 = three_dup_acks(c);
    ck_assert_uint_ge(w3, (uint32_t)((uint64_t)w2 * 17u / 20u));
    ck_assert_uint_eq(c->t.conn.cubic_w_max, w3);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, (uint32_t)((uint64_t)w3 * 7u / 10u));
}
END_TEST

/* ---- 3, 4. §4.2, §4.4, §4.5: the concave and convex regions ---- */

/* 100 ms round trips and a loss at 200 segments: W_max = 200, the epoch
 * starts at 140, K = cbrt(60 / 0.4) = 5.31 s.  Over K, Reno's W_est gains
 * 0.53 segments a round trip, 28 in all: W_cubic stays ahead (the
 * concave and convex regions, not the Reno-friendly one; at a 40 ms RTT
 * Reno would overtake it before K at this window).
 *
 * Each ACK is held to §4.4-§4.5: target = W_cubic(t + RTT) within
 * [cwnd, 1.5 cwnd], cwnd += (target - cwnd) * acked / cwnd, to 2 bytes:
 * the core's K is whole ms (W_cubic moves up to 3 C K^2 ~ 50 bytes a ms
 * there, under half a byte once scaled by acked / cwnd) and its W_cubic
 * and growth whole bytes. */
typedef struct {
    double   k;        /* K, ms, the RFC's */
    uint32_t w_max;
    uint64_t epoch;
    uint32_t first_k;  /* cwnd at the first ACK at or after K */
    unsigned rounds;   /* rounds recorded in growth[] */
    uint32_t round_end_cwnd[256];
    uint64_t round_time[256];
} curve_t;

/* Where an ACK in congestion avoidance leaves the window (§4.3-§4.5). */
enum { REGION_RENO, REGION_CUBIC, REGION_EITHER };

/* One ACK in congestion avoidance, t ms into the epoch, held to the RFC:
 * §4.3 W_est += alpha * acked * SMSS / cwnd bytes (alpha 0.529 until W_est
 * reaches cwnd_prior, then 1), to a byte (whole bytes; the core's alpha is
 * 542/1024, 0.02% below the RFC's: 0.1% of the growth is allowed too);
 * where W_cubic(t) < W_est cwnd = W_est, as closely; elsewhere target =
 * W_cubic(t + RTT) within [cwnd, 1.5 cwnd] and cwnd += (target - cwnd) * acked / cwnd, to 2 bytes (the
 * core's K is whole ms: W_cubic is off by up to its slope over a ms, 3 C
 * (t - K)^2 segments/s, under half a byte once scaled by acked / cwnd, and
 * its W_cubic and growth are whole bytes).  Within that slope (and 4
 * bytes) of W_est, which region applies is ill-defined: either is
 * accepted.  Returns the region. */
static int check_avoid_ack(const cs_t *c, const step_t *s, double k, uint32_t w_max,
                           uint32_t prior, double t)
{
    double smss = (double)c->smss;
    double cwnd = (double)s->cwnd;
    double acked = (double)s->acked;
    double rtt = (double)(c->t.conn.srtt8 / 8u);
    /* §4.3: the epoch's first ACK starts W_est at cwnd_epoch */
    uint32_t est = s->epoch == TCPFSM_NO_DEADLINE ? s->cwnd : s->w_est;
    double alpha = est >= prior ? 1.0 : ALPHA;
    double w_est = (double)est + alpha * acked * smss / cwnd;
    /* whole bytes twice (the core floors α SMSS, then its share of the
     * window, in 32-bit arithmetic: no 64-bit division on 32-bit targets),
     * and the core's alpha (542/1024, 0.02% below the RFC's) */
    double est_tol = 2.0 + 0.001 * alpha * acked * smss / cwnd;
    double wc = w_cubic(t, k, w_max, c->smss);
    double d = (t - k) / 1000.0;
    double band = 3.0 * CUBIC_C * d * d * smss / 1000.0 + 4.0;
    double target = w_cubic(t + rtt, k, w_max, c->smss);
    double reno = w_est > cwnd ? w_est : cwnd;
    double cubic;
    double after = (double)c->t.conn.cwnd;
    int ok_reno;
    int ok_cubic;
    if (target < cwnd) {
        target = cwnd;
    }
    if (target > 1.5 * cwnd) {
        target = 1.5 * cwnd;
    }
    cubic = cwnd + (target - cwnd) * acked / cwnd;
    ck_assert_msg(fabs_d((double)c->t.conn.cubic_w_est - w_est) <= est_tol,
                  "t %.0f ms: W_est %u -> %u, RFC 9438 §4.3: %.1f", t, est,
                  c->t.conn.cubic_w_est, w_est);
    ok_reno = fabs_d(after - reno) <= est_tol;
    ok_cubic = fabs_d(after - cubic) <= 2.0;
    if (wc < w_est - band) {
        ck_assert_msg(ok_reno, "t %.0f ms: cwnd %u -> %.0f, W_est (§4.3) %.1f", t, s->cwnd,
                      after, reno);
        return REGION_RENO;
    }
    if (wc > w_est + band) {
        ck_assert_msg(ok_cubic, "t %.0f ms: cwnd %u -> %.0f, RFC 9438 §4.4-4.5: %.1f", t,
                      s->cwnd, after, cubic);
        return REGION_CUBIC;
    }
    ck_assert_msg(ok_reno || ok_cubic, "t %.0f ms: cwnd %u -> %.0f, W_est %.1f, cubic %.1f", t,
                  s->cwnd, after, reno, cubic);
    return REGION_EITHER;
}

/* One ACK of the curve's test: check_avoid_ack, and never more than half
 * the bytes acknowledged (1.5 cwnd a round, §4.4), never less.  Returns t,
 * ms into the epoch. */
static double check_cubic_ack(cs_t *c, curve_t *cv, const step_t *s)
{
    double t = (double)(s->now - cv->epoch);
    uint32_t after = c->t.conn.cwnd;
    int region = check_avoid_ack(c, s, cv->k, cv->w_max, cv->w_max, t);
    if (t >= 100.0) {
        /* after the first round (all of it at t = 0, where W_cubic is
         * cwnd_epoch and W_est just above), W_cubic leads */
        ck_assert_msg(region == REGION_CUBIC, "t %.0f ms: region %d", t, region);
    }
    ck_assert_uint_ge(after, s->cwnd);
    ck_assert_uint_le(after - s->cwnd, s->acked / 2u);
    return t;
}

/* From the loss at 200 segments to the start of the epoch: returns the
 * curve's parameters, checked against §4.2. */
static void start_curve(cs_t *c, int i, curve_t *cv)
{
    step_t s;
    uint32_t w_max;
    memset(cv, 0, sizeof *cv);
    establish_path(c, i, 100u);
    grow_to(c, 200u * c->smss);
    w_max = lose(c);
    ck_assert_uint_eq(w_max, 200u * c->smss);
    ck_assert_uint_eq(c->t.conn.srtt8, 8u * 100u); /* every sample 100 ms */
    ck_assert_uint_eq(c->t.conn.cwnd, w_max * 7u / 10u);
    s = step(c); /* the first ACK of congestion avoidance starts the epoch */
    ck_assert_uint_eq(s.epoch, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(c->t.conn.cubic_epoch, s.now);
    ck_assert_uint_eq(c->t.conn.cubic_w_max, w_max);
    cv->w_max = w_max;
    cv->epoch = s.now;
    cv->k = k_ms(w_max, s.cwnd, c->smss);
    /* K = cbrt((W_max - cwnd_epoch) / C): 5313 ms, to the ms */
    ck_assert_msg(fabs_d((double)c->t.conn.cubic_k - cv->k) <= 1.0, "K %u ms, RFC 9438: %.2f",
                  c->t.conn.cubic_k, cv->k);
    (void)check_cubic_ack(c, cv, &s);
}

/* Congestion avoidance until t_end ms into the epoch, each ACK checked;
 * the window at the end of each round (the ACKs of one round come
 * together) recorded from t_from. */
static void run_curve(cs_t *c, curve_t *cv, double t_from, double t_end)
{
    uint64_t last = 0;
    unsigned n = 0;
    for (;;) {
        step_t s;
        double t;
        ck_assert_uint_lt(n++, 200000u);
        s = step(c);
        t = check_cubic_ack(c, cv, &s);
        if (t < cv->k) {
            /* §4.2: below W_max until K (the plateau) */
            ck_assert_msg(c->t.conn.cwnd < cv->w_max, "t %.0f ms < K: cwnd %u >= W_max %u", t,
                          c->t.conn.cwnd, cv->w_max);
        } else if (cv->first_k == 0u) {
            cv->first_k = s.cwnd;
        }
        if (t >= t_from) {
            if (s.now != last && cv->rounds < 256u) {
                cv->round_time[cv->rounds++] = s.now;
                last = s.now;
            }
            cv->round_end_cwnd[cv->rounds - 1u] = c->t.conn.cwnd;
        }
        if (t >= t_end) {
            return;
        }
    }
}

/* §4.2, §4.4: the concave region.  After the loss the window climbs fast,
 * then slower, towards W_max, which it does not pass before K and is
 * about (within two segments) at K. */
START_TEST(cubic_concave_growth_to_w_max)
{
    cs_t *c = &CS;
    static curve_t cv;
    start_curve(c, _i, &cv);
    ck_assert_uint_eq(c->t.conn.cubic_k, 5313u); /* cbrt(60 / 0.4) s = 5.313 s */
    run_curve(c, &cv, 0.0, cv.k + 1.0);
    ck_assert_uint_ne(cv.first_k, 0u);
    ck_assert_msg(cv.first_k + 2u * c->smss >= cv.w_max && cv.first_k <= cv.w_max + 2u * c->smss,
                  "cwnd %u at K, W_max %u", cv.first_k, cv.w_max);
    /* concave: the first second gains more than the second before K */
    {
        unsigned r;
        uint32_t early = 0;
        uint32_t late = 0;
        for (r = 1; r < cv.rounds; r++) {
            uint32_t gain = cv.round_end_cwnd[r] - cv.round_end_cwnd[r - 1u];
            uint64_t at = cv.round_time[r] - cv.epoch;
            if (at <= 1000u) {
                early += gain;
            } else if (at + 2000u > (uint64_t)cv.k && at + 1000u <= (uint64_t)cv.k) {
                late += gain;
            }
        }
        ck_assert_msg(early > late, "concave: %u bytes in the first second, %u later", early, late);
    }
}
END_TEST

/* §4.5: the convex region.  From K + 1 s to K + 4 s every round gains
 * more than the one before: W_cubic'(t) = 3 C (t - K)^2 grows (per round
 * of 100 ms the increments differ by 2.4 (t - K) * 0.01 segments, 35
 * bytes or more, well above the core's under-a-byte rounding per ACK). */
START_TEST(cubic_convex_growth_accelerates)
{
    cs_t *c = &CS;
    static curve_t cv;
    unsigned r;
    start_curve(c, _i, &cv);
    run_curve(c, &cv, cv.k + 1000.0, cv.k + 4000.0);
    ck_assert_uint_ge(cv.rounds, 25u);
    /* round r's gain: end of round r less end of round r - 1 (the last
     * round, cut short by t_end, left out) */
    for (r = 2; r + 1u < cv.rounds; r++) {
        uint32_t before = cv.round_end_cwnd[r - 1u] - cv.round_end_cwnd[r - 2u];
        uint32_t gain = cv.round_end_cwnd[r] - cv.round_end_cwnd[r - 1u];
        ck_assert_msg(gain > before, "round at %llu ms after K: +%u after +%u",
                      (unsigned long long)(cv.round_time[r] - cv.epoch) - (unsigned long long)cv.k,
                      gain, before);
    }
    ck_assert_uint_gt(c->t.conn.cwnd, cv.w_max + 5u * c->smss);
}
END_TEST

/* ---- 5. §4.3: the Reno-friendly region ---- */

/* 1 ms round trips and a loss at 20 segments: W_cubic barely moves from
 * 14 segments in the tens of ms that W_est takes to climb, so cwnd is
 * W_est: each ACK adds alpha * acked * SMSS / cwnd bytes, alpha =
 * 3 (1 - beta) / (1 + beta) = 0.529 until W_est (here cwnd) reaches
 * cwnd_prior, 1 after: to a byte (the core keeps whole bytes, and alpha
 * in 1/1024, 542, which differs by under 0.01 byte an ACK). */
START_TEST(cubic_reno_friendly_region)
{
    cs_t *c = &CS;
    uint32_t prior;
    uint32_t start;
    double k;
    uint64_t epoch = 0;
    unsigned n;
    unsigned alpha_acks = 0;
    unsigned one_acks = 0;
    uint64_t reached = 0; /* when cwnd passed cwnd_prior */
    establish_path(c, _i, 1u);
    grow_to(c, 20u * c->smss);
    prior = lose(c);
    start = c->t.conn.cwnd;
    ck_assert_uint_eq(start, prior * 7u / 10u);
    k = k_ms(prior, start, c->smss);
    for (n = 0; n < 1500u; n++) {
        step_t s = step(c);
        double alpha;
        double t;
        if (n == 0u) {
            epoch = c->t.conn.cubic_epoch;
            ck_assert_uint_eq(epoch, s.now);
            ck_assert_uint_eq(c->t.conn.cubic_cwnd_prior, prior);
        }
        t = (double)(s.now - epoch);
        /* §4.3: W_est ahead of W_cubic(t), cwnd = W_est */
        ck_assert_int_eq(check_avoid_ack(c, &s, k, prior, prior, t), REGION_RENO);
        alpha = s.w_est >= prior ? 1.0 : ALPHA;
        ck_assert_uint_eq(c->t.conn.cwnd, c->t.conn.cubic_w_est);
        if (alpha < 1.0) {
            alpha_acks++;
        } else {
            one_acks++;
            if (reached == 0u) {
                reached = s.now;
            }
        }
    }
    ck_assert_uint_gt(alpha_acks, 100u);
    ck_assert_uint_gt(one_acks, 100u);
    /* from 14 to 20 segments at 0.529 a round trip: 6 / 0.529 = 11.3
     * rounds of 1 ms (the first round starts at the epoch) */
    ck_assert_msg(reached - epoch >= 11u && reached - epoch <= 13u, "cwnd_prior after %llu ms",
                  (unsigned long long)(reached - epoch));
}
END_TEST

/* ---- 6. §4.8: the epoch after a timeout ---- */

/* A timeout at 30 segments (the ACKs were lost, the peer had the data):
 * ssthresh = 21 segments, slow start from one segment back to it, and the
 * first ACK of congestion avoidance starts an epoch with K = 0 and W_max
 * the window it starts at. */
START_TEST(cubic_epoch_after_timeout)
{
    cs_t *c = &CS;
    uint32_t cwnd;
    unsigned n = 0;
    step_t s;
    establish_path(c, _i, 100u);
    grow_to(c, 30u * c->smss);
    cwnd = c->t.conn.cwnd;
    /* RFC 8985 §7.2: the probe timeout comes first; its probe is lost
     * too, and reduces nothing */
    ck_assert_int_eq(h_timer(&c->t, tcpfsm_next_deadline(&c->t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(c->t.out.count, 1);
    ck_assert_uint_eq(h_info(&c->t).cwnd, cwnd);
    ck_assert_int_eq(h_timer(&c->t, tcpfsm_next_deadline(&c->t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&c->t).cwnd, c->smss);
    ck_assert_uint_eq(h_info(&c->t).ssthresh, cwnd * 7u / 10u);
    ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
    /* the path lost the ACKs: the retransmission's ACK covers all */
    c->head = c->tail;
    ck_assert_uint_lt(c->tail - c->head, RING);
    c->end[c->tail % RING] = c->high;
    c->sent[c->tail % RING] = c->t.now;
    c->tsv[c->tail % RING] = c->t.out.ts_val;
    c->tail++;
    do {
        ck_assert_uint_lt(n++, 100000u);
        s = step(c);
        if (s.cwnd < s.ssthresh) {
            ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
        }
    } while (s.cwnd < s.ssthresh);
    ck_assert_uint_eq(s.epoch, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(c->t.conn.cubic_epoch, s.now);
    ck_assert_uint_eq(c->t.conn.cubic_k, 0u);
    ck_assert_uint_eq(c->t.conn.cubic_w_max, s.cwnd);
    ck_assert_uint_ge(c->t.conn.cwnd, s.cwnd);
}
END_TEST

/* ---- 7. the window's bounds on a long run ---- */

/* 65000-byte segments and a peer window of 1 GB (shift 14): a loss at 64
 * segments, then congestion avoidance with the ACKs of some rounds
 * delayed by 1 s to 10 h (the RTT samples with them): W_cubic runs past
 * TCPFSM_MAX_CWND, the window climbs by at most half of each ACK (1.5
 * cwnd a round, §4.4) to TCPFSM_MAX_CWND, and stays.  No ACK in
 * congestion avoidance shrinks it (§4.4: target >= cwnd). */
START_TEST(cubic_window_bounded_on_long_run)
{
    static const uint64_t JUMP[] = {1000u, 10000u, 60000u, 600000u, 3600000u, 36000000u};
    cs_t *c = &CS;
    cs_opts o = {1, 0, 1, 14u, 65000u, 100u};
    unsigned n;
    unsigned j = 0;
    unsigned at_max = 0;
    uint64_t round = 0;
    establish(c, _i, &o);
    c->peer_window = 0xFFFFu;
    c->feed = 1;
    top_up(c);
    grow_to(c, 64u * c->smss);
    (void)lose(c);
    for (n = 0; n < 200000u && at_max < 20000u; n++) {
        step_t s;
        uint64_t delay = 0;
        unsigned h = c->head % RING;
        if (c->head != c->tail && c->sent[h] != round) {
            round = c->sent[h]; /* a round's first ACK: some come late */
            if (j < 6u * 4u && (j % 4u) == 0u) {
                delay = JUMP[j / 4u];
            }
            j++;
        }
        s = step_delayed(c, delay);
        ck_assert_uint_le(c->t.conn.cwnd, TCPFSM_MAX_CWND);
        ck_assert_uint_le(c->t.conn.cubic_w_est, TCPFSM_MAX_CWND);
        ck_assert_uint_eq(s.recovery, TCPFSM_RECOVERY_NONE);
        if (s.cwnd >= s.ssthresh) {
            ck_assert_msg(c->t.conn.cwnd >= s.cwnd, "ACK %u: cwnd %u -> %u", n, s.cwnd,
                          c->t.conn.cwnd);
            ck_assert_uint_le(c->t.conn.cwnd - s.cwnd, s.acked / 2u + 1u);
        }
        if (c->t.conn.cwnd > TCPFSM_MAX_CWND - c->smss) {
            at_max++;
        }
    }
    /* §4.4 moves cwnd (target - cwnd) * acked / cwnd a time: towards
     * TCPFSM_MAX_CWND, which caps W_cubic, without reaching it in whole
     * bytes once the step is under one (the gap under cwnd / acked, a
     * segment's worth at most) */
    ck_assert_uint_gt(c->t.conn.cwnd, TCPFSM_MAX_CWND - c->smss);
    ck_assert_uint_eq(at_max, 20000u);
    ck_assert_uint_ge(j, 24u);
}
END_TEST

/* ---- 8. RFC 5681 §4.1: the restart after idleness ---- */

/* In congestion avoidance after a loss, the data runs out and all of it
 * is acknowledged; SEND more than an RTO later restarts from the initial
 * window (transmit.c) and drops the epoch: slow start to ssthresh keeps
 * none, and the first ACK of congestion avoidance starts a new one, its
 * K from the window there to the W_max that was. */
START_TEST(cubic_idle_restart_resets_epoch)
{
    cs_t *c = &CS;
    unsigned n;
    uint32_t w_max;
    step_t s;
    establish_path_len(c, _i, 100u, 300u * 1448u);
    grow_to(c, 30u * c->smss);
    (void)lose(c);
    for (n = 0; n < 50u; n++) {
        (void)step(c);
    }
    ck_assert_uint_ne(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
    w_max = c->t.conn.cubic_w_max;
    /* the application has no more: all that was queued goes out and is
     * acknowledged */
    while (h_info(&c->t).snd_una != c->high || c->t.conn.snd_queued != 0u) {
        ck_assert_uint_lt(n++, 100000u);
        (void)step(c);
    }
    ck_assert_uint_ne(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
    ck_assert_uint_gt(c->t.conn.cwnd, 10u * c->smss);
    ck_assert_uint_eq(c->head, c->tail);
    c->t.now += h_info(&c->t).rto_ms + 1u;
    c->feed = 1;
    top_up(c);
    ck_assert_uint_eq(c->t.conn.cwnd, 10u * c->smss); /* RW = min(IW, cwnd) */
    ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
    ck_assert_uint_lt(c->t.conn.cwnd, c->t.conn.ssthresh);
    do {
        ck_assert_uint_lt(n++, 100000u);
        s = step(c);
        if (s.cwnd < s.ssthresh) {
            ck_assert_uint_eq(c->t.conn.cubic_epoch, TCPFSM_NO_DEADLINE);
        }
    } while (s.cwnd < s.ssthresh);
    ck_assert_uint_eq(c->t.conn.cubic_epoch, s.now);
    ck_assert_uint_eq(c->t.conn.cubic_w_max, w_max);
    if (s.cwnd < w_max) {
        ck_assert_msg(fabs_d((double)c->t.conn.cubic_k - k_ms(w_max, s.cwnd, c->smss)) <= 1.0,
                      "K %u ms, RFC 9438: %.2f", c->t.conn.cubic_k,
                      k_ms(w_max, s.cwnd, c->smss));
    }
}
END_TEST

Suite *suite_cubic(void)
{
    Suite *s = suite_create("cubic");
    TCase *reduce = tcase_create("reduction");
    TCase *grow = tcase_create("growth");
    tcase_set_timeout(grow, 120);
    tcase_add_loop_test(reduce, cubic_loss_reduction_without_sack, 0, 2);
    tcase_add_loop_test(reduce, cubic_loss_reduction_with_sack, 0, 2);
    tcase_add_loop_test(reduce, cubic_ecn_echo_reduction, 0, 2);
    tcase_add_loop_test(reduce, cubic_timeout_reduction, 0, 2);
    tcase_add_loop_test(reduce, cubic_fast_convergence, 0, 2);
    tcase_add_loop_test(grow, cubic_concave_growth_to_w_max, 0, 2);
    tcase_add_loop_test(grow, cubic_convex_growth_accelerates, 0, 2);
    tcase_add_loop_test(grow, cubic_reno_friendly_region, 0, 2);
    tcase_add_loop_test(grow, cubic_epoch_after_timeout, 0, 2);
    tcase_add_loop_test(grow, cubic_window_bounded_on_long_run, 0, 2);
    tcase_add_loop_test(grow, cubic_idle_restart_resets_epoch, 0, 2);
    suite_add_tcase(s, reduce);
    suite_add_tcase(s, grow);
    return s;
}

#endif /* !TCPFSM_TEST_NEWRENO */
