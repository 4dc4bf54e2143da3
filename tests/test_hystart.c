/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9406 HyStart++ in the connection's first slow start (src/core/
 * hystart.c): the per-ACK limit L (§4.3, tcpfsm_config.ss_ack_limit), the
 * rounds and their minimum RTT (§4.2), the delay rise that enters
 * Conservative Slow Start and its threshold, CSS's quarter growth, the
 * spurious exit that resumes slow start, the end of CSS after CSS_ROUNDS
 * rounds, rounds of fewer than N_RTT_SAMPLE samples, and the slow starts
 * after a loss, a timeout or an ECN echo, which are RFC 5681's with RFC
 * 3465's limits (§4.3: HyStart++ is for the initial slow start only).
 *
 * The expectations are the RFC's: the test keeps its own windowEnd (§4.2:
 * SND.NXT when a round begins; the round ends on the ACK that brings
 * SND.UNA to it) and gives every ACK of a round the same RTT sample, the
 * peer's timestamp echo being `now - rtt` (RFC 7323 §4.1: RTT = now -
 * TSecr).  Every test runs twice: with small sequence numbers, and just
 * below 2^32 so that the flight crosses the wrap. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define MSS    1460u          /* the peer's MSS, and the SMSS without timestamps */
#define MSS_TS (MSS - 12u)    /* the SMSS with timestamps (RFC 6691: the option's 12 bytes) */
#define PEER_TS 7000u         /* the peer's first TSval */
#define BIG    (1u << 24)     /* what the application queues: never runs out */
#define MAX_ACKS 400u         /* more ACKs than any round of these tests takes */

/* tcpfsm_conn.hs_phase (src/core/internal.h) */
#define PHASE_OFF 0u
#define PHASE_SS  1u
#define PHASE_CSS 2u

static const uint32_t ISS[2] = {1000u, 0xFFFFF000u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

typedef struct {
    h_t      t;
    uint32_t smss;
    int      ts;          /* the peer's SYN,ACK agreed to timestamps */
    uint32_t peer_ts;     /* the peer's next TSval */
    uint32_t round_end;   /* the test's windowEnd (RFC 9406 §4.2) */
    int      ended;       /* the last ACK ended a round */
    unsigned max_samples; /* most samples a round held after an ACK */
} hs_t;

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static int seq_geq(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}

/* SEND(0) while out.more asks for it. */
static void drain(h_t *t)
{
    while (t->out.more) {
        h_send(t, 0u);
    }
}

static void send_more(hs_t *h, uint32_t len)
{
    h_send(&h->t, len);
    drain(&h->t);
}

/* ESTABLISHED by active open, the SYN,ACK coming handshake_rtt ms after
 * our SYN, with timestamps when ts (its echo then times the handshake);
 * L = limit; the ECN bits `ecn` on the SYN,ACK (with cfg.ecn = REQUEST
 * when nonzero). */
static void establish_full(hs_t *h, int i, int ts, uint8_t limit, uint32_t handshake_rtt,
                           uint8_t ecn)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    uint32_t syn_ts;
    memset(h, 0, sizeof *h);
    h_config(&cfg);
    cfg.ss_ack_limit = limit;
    if (ecn != 0u) {
        cfg.ecn = TCPFSM_ECN_REQUEST;
    }
    h_init_cfg(&h->t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&h->t.conn, h->t.iss, h->t.now, &h->t.out), TCPFSM_OK);
    syn_ts = h->t.out.ts_val;
    h->t.now += handshake_rtt;
    syn_ack = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK | ecn), h->t.peer_iss, h->t.iss + 1u, 0u);
    syn_ack.window = (uint16_t)H_WINDOW;
    h->peer_ts = PEER_TS;
    if (ts) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_TIMESTAMP);
        syn_ack.ts_val = h->peer_ts++;
        syn_ack.ts_ecr = syn_ts;
    }
    ck_assert_int_eq(h_rx(&h->t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(&h->t), TCPFSM_ESTABLISHED);
    h->ts = ts;
    h->smss = ts ? MSS_TS : MSS;
    ck_assert_uint_eq(h->t.conn.snd_mss, h->smss);
    ck_assert_uint_eq(h_info(&h->t).ssthresh, TCPFSM_MAX_CWND);
    ck_assert_uint_eq(h->t.conn.hs_phase, PHASE_SS);
    h->round_end = h_info(&h->t).snd_nxt; /* the first round begins */
}

static void establish(hs_t *h, int i, int ts, uint8_t limit, uint32_t handshake_rtt)
{
    establish_full(h, i, ts, limit, handshake_rtt, 0u);
}

static uint32_t cwnd(const hs_t *h)
{
    return h_info(&h->t).cwnd;
}

static uint32_t una(const hs_t *h)
{
    return h_info(&h->t).snd_una;
}

/* The peer acknowledges `ack` one ms after the last ACK, its flags `flags`
 * (ACK and what else); with timestamps its echo makes the RTT sample rtt
 * ms.  Keeps the test's round; returns the window's growth. */
static uint32_t peer_acks_flags(hs_t *h, uint32_t ack, uint32_t rtt, uint8_t flags)
{
    tcpfsm_info before = h_info(&h->t);
    tcpfsm_segment seg = h_seg(flags, h_rcv_nxt(&h->t), ack, 0u);
    uint32_t after;
    seg.window = (uint16_t)H_WINDOW;
    h->t.now += 1u;
    if (h->ts) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = h->peer_ts++;
        seg.ts_ecr = (uint32_t)h->t.now - rtt;
    }
    ck_assert_int_eq(h_rx(&h->t, seg), TCPFSM_OK);
    drain(&h->t);
    if (h->t.conn.hs_samples > h->max_samples) {
        h->max_samples = h->t.conn.hs_samples;
    }
    /* §4.2: the ACK that brings SND.UNA to windowEnd ends the round; the
     * next ends at SND.NXT as it was then (what this ACK sends out is not
     * in it) */
    h->ended = seq_geq(ack, h->round_end);
    if (h->ended) {
        h->round_end = before.snd_nxt;
    }
    after = h_info(&h->t).cwnd;
    return after - before.cwnd; /* a reduction wraps: no growth expected matches it */
}

static uint32_t peer_acks(hs_t *h, uint32_t ack, uint32_t rtt)
{
    return peer_acks_flags(h, ack, rtt, TCPFSM_ACK);
}

/* n segments acknowledged by one ACK */
static uint32_t ack_segments(hs_t *h, uint32_t n, uint32_t rtt)
{
    tcpfsm_info info = h_info(&h->t);
    ck_assert_uint_ge(info.snd_nxt - info.snd_una, n * h->smss);
    return peer_acks(h, info.snd_una + n * h->smss, rtt);
}

/* One round (§4.2): each segment acknowledged on its own, every sample
 * rtt ms; growth[k] is the window's growth on the k-th ACK.  Returns the
 * number of ACKs. */
static unsigned run_round(hs_t *h, uint32_t rtt, uint32_t *growth)
{
    unsigned n = 0;
    do {
        ck_assert_uint_lt(n, MAX_ACKS);
        growth[n++] = ack_segments(h, 1u, rtt);
    } while (!h->ended);
    return n;
}

/* growth[0 .. n) is `first` before the ACK numbered switch_at, `then` from it. */
static void expect_growth(const uint32_t *growth, unsigned n, unsigned switch_at, uint32_t first,
                          uint32_t then)
{
    unsigned k;
    for (k = 0; k < n; k++) {
        ck_assert_msg(growth[k] == (k < switch_at ? first : then),
                      "ACK %u of %u grew the window by %u, expected %u", k, n, growth[k],
                      k < switch_at ? first : then);
    }
}

/* With timestamps, the handshake and rounds 0-2 at `base` ms, all in slow
 * start: every ACK of a segment adds a segment (§4.2; L = 8 does not bind).
 * Round 0 is the first ACK alone (windowEnd was SND.NXT when the handshake
 * ended), round 1 the rest of the initial window; round 2 is the first
 * with samples enough to be judged against a known minimum. */
static void slow_start_rounds(hs_t *h, int i, uint32_t base)
{
    uint32_t growth[MAX_ACKS];
    unsigned n;
    unsigned r;
    establish(h, i, 1, 8u, base);
    send_more(h, BIG);
    ck_assert_uint_eq(h_info(&h->t).snd_nxt - una(h), 10u * MSS_TS); /* RFC 6928 */
    for (r = 0; r < 3u; r++) {
        n = run_round(h, base, growth);
        if (r < 2u) {
            ck_assert_uint_eq(n, r == 0u ? 1u : 9u);
        } else {
            ck_assert_uint_ge(n, 9u); /* the tests' switches fall at the eighth */
        }
        expect_growth(growth, n, n, MSS_TS, 0u);
        ck_assert_uint_eq(h->t.conn.hs_phase, PHASE_SS);
    }
    ck_assert_uint_eq(h_info(&h->t).ssthresh, TCPFSM_MAX_CWND);
}

/* ---- RFC 9406 §4.3: L, the growth one ACK may give ---- */

/* §4.3: in the first slow start an ACK adds min(N, L * SMSS); L = 8 for a
 * sender that does not pace (the default), L = infinity (0 here) for one
 * that does, and what is configured otherwise.  Ten segments are sent
 * (RFC 6928), an ACK of two opens two more (flight 12), then one ACK covers
 * all twelve. */
START_TEST(ack_limit_default_none_and_two)
{
    static const struct {
        uint8_t  limit;
        uint32_t segments; /* growth of the ACK of twelve */
    } cases[] = {{8u, 8u}, {0u, 12u}, {2u, 2u}, {12u, 12u}, {11u, 11u}};
    unsigned k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        hs_t h;
        uint32_t before;
        establish(&h, _i, 0, cases[k].limit, 40u);
        send_more(&h, BIG);
        ck_assert_uint_eq(ack_segments(&h, 2u, 0u), 2u * MSS);
        ck_assert_uint_eq(h_info(&h.t).snd_nxt - una(&h), 12u * MSS);
        before = cwnd(&h);
        ck_assert_uint_eq(ack_segments(&h, 12u, 0u), cases[k].segments * MSS);
        ck_assert_uint_eq(cwnd(&h), before + cases[k].segments * MSS);
        /* less than a segment counts as it is (RFC 3465 §2.2's N) */
        ck_assert_uint_eq(peer_acks(&h, una(&h) + 100u, 0u), 100u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
        ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    }
}
END_TEST

/* The default is the RFC's L for a sender that does not pace. */
START_TEST(ack_limit_default_is_eight)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.ss_ack_limit, 8u);
}
END_TEST

/* ---- RFC 9406 §4.2: the delay rise, CSS ---- */

/* §4.2: the round's minimum RTT rose from 40 to 45 ms, RttThresh =
 * max(4, min(40 / 8, 16)) = 5: the eighth sample of the round (N_RTT_SAMPLE)
 * finds currentRoundMinRTT >= lastRoundMinRTT + RttThresh; its ACK still
 * grows the window by a segment, CSS begins with cssBaselineMinRtt = 45,
 * and every later ACK of a segment adds SMSS / CSS_GROWTH_DIVISOR. */
START_TEST(delay_rise_enters_css)
{
    hs_t h;
    uint32_t growth[MAX_ACKS];
    uint32_t start;
    uint32_t before;
    unsigned n;
    slow_start_rounds(&h, _i, 40u);
    start = cwnd(&h);
    n = run_round(&h, 45u, growth);
    ck_assert_uint_ge(n, 9u);
    expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
    ck_assert_uint_eq(cwnd(&h), start + 8u * MSS_TS + (n - 8u) * (MSS_TS / 4u));
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
    ck_assert_uint_eq(h.t.conn.hs_css_baseline, 45u);
    ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND); /* not congestion avoidance */
    /* CSS: min(N, L * SMSS) / CSS_GROWTH_DIVISOR: an ACK of twelve
     * segments adds 8 * SMSS / 4 */
    before = cwnd(&h);
    ck_assert_uint_eq(ack_segments(&h, 12u, 45u), 8u * MSS_TS / 4u);
    ck_assert_uint_eq(cwnd(&h), before + 2u * MSS_TS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
}
END_TEST

/* §4.2: RttThresh = max(MIN_RTT_THRESH 4, min(lastRoundMinRTT / 8,
 * MAX_RTT_THRESH 16)) ms; exit when currentRoundMinRTT >= lastRoundMinRTT +
 * RttThresh, not below.  Each case: rounds at `last`, then a round at `cur`. */
static const struct {
    uint32_t last, cur;
    int      exits;
} THRESH[] = {
    {40u, 44u, 0},   {40u, 45u, 1},   /* 40 / 8 = 5 */
    {16u, 19u, 0},   {16u, 20u, 1},   /* 16 / 8 = 2: at least 4 */
    {200u, 215u, 0}, {200u, 216u, 1}, /* 200 / 8 = 25: at most 16 */
    {80u, 89u, 0},   {80u, 90u, 1},   /* 80 / 8 = 10 */
    {40u, 30u, 0},                    /* a fall */
};
#define N_THRESH (int)(sizeof THRESH / sizeof THRESH[0])

START_TEST(rtt_threshold)
{
    hs_t h;
    uint32_t growth[MAX_ACKS];
    unsigned c = (unsigned)_i / 2u;
    unsigned n;
    unsigned r;
    slow_start_rounds(&h, _i % 2, THRESH[c].last);
    n = run_round(&h, THRESH[c].cur, growth);
    if (THRESH[c].exits) {
        expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
        return;
    }
    expect_growth(growth, n, n, MSS_TS, 0u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    /* and the rounds that follow at the same delay: no rise over the last
     * round, no exit */
    for (r = 0; r < 2u; r++) {
        n = run_round(&h, THRESH[c].cur, growth);
        expect_growth(growth, n, n, MSS_TS, 0u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    }
    ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
}
END_TEST

/* §4.2: the rise below the threshold (40 -> 44, RttThresh 5) is no exit,
 * nor is the next (44 -> 48, RttThresh 5); the next round's minimum is
 * compared with the round before it, not with the first. */
START_TEST(small_rises_do_not_exit)
{
    static const uint32_t rtts[] = {44u, 48u, 52u, 56u, 60u, 64u, 68u, 76u};
    hs_t h;
    uint32_t growth[MAX_ACKS];
    unsigned n;
    unsigned r;
    slow_start_rounds(&h, _i, 40u);
    for (r = 0; r < 7u; r++) {
        n = run_round(&h, rtts[r], growth);
        expect_growth(growth, n, n, MSS_TS, 0u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    }
    /* 68 -> 76: RttThresh = 68 / 8 = 8, reached */
    n = run_round(&h, rtts[7], growth);
    expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
}
END_TEST

/* §4.2: in CSS, a round whose minimum RTT falls below cssBaselineMinRtt
 * (45 -> 44) shows the exit was spurious: cssBaselineMinRtt = infinity and
 * slow start resumes, HyStart++ included.  The ACK of the eighth sample
 * still grows as CSS does; from the next one a segment per segment again.
 * A later rise over the new last round (44 -> 49, RttThresh 5) enters CSS
 * anew. */
START_TEST(spurious_exit_resumes_slow_start)
{
    hs_t h;
    uint32_t growth[MAX_ACKS];
    uint32_t start;
    unsigned n;
    slow_start_rounds(&h, _i, 40u);
    n = run_round(&h, 45u, growth);
    expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
    /* a CSS round at the baseline: not below it, CSS goes on */
    n = run_round(&h, 45u, growth);
    expect_growth(growth, n, n, MSS_TS / 4u, 0u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
    /* below it */
    start = cwnd(&h);
    n = run_round(&h, 44u, growth);
    ck_assert_uint_ge(n, 9u);
    expect_growth(growth, n, 8u, MSS_TS / 4u, MSS_TS);
    ck_assert_uint_eq(cwnd(&h), start + 8u * (MSS_TS / 4u) + (n - 8u) * MSS_TS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    /* slow start again: the same delay, no exit */
    n = run_round(&h, 44u, growth);
    expect_growth(growth, n, n, MSS_TS, 0u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    /* and HyStart++ with it: a rise of the threshold enters CSS again */
    n = run_round(&h, 49u, growth);
    expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
    ck_assert_uint_eq(h.t.conn.hs_css_baseline, 49u);
}
END_TEST

/* §4.2: CSS lasts at most CSS_ROUNDS = 5 rounds, the partial round in
 * which it began counting as one; then congestion avoidance, ssthresh =
 * cwnd.  RFC 5681 §3.1 with RFC 3465 §2.1: congestion avoidance adds one
 * SMSS once a window's worth of bytes has been acknowledged. */
START_TEST(css_rounds_end_slow_start)
{
    hs_t h;
    uint32_t growth[MAX_ACKS];
    uint32_t ca_cwnd;
    uint32_t acked;
    unsigned n;
    unsigned r;
    unsigned k;
    slow_start_rounds(&h, _i, 40u);
    n = run_round(&h, 45u, growth); /* CSS round 1, from its eighth ACK */
    expect_growth(growth, n, 8u, MSS_TS, MSS_TS / 4u);
    for (r = 2u; r <= 4u; r++) {
        n = run_round(&h, 45u, growth);
        expect_growth(growth, n, n, MSS_TS / 4u, 0u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
        ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    }
    n = run_round(&h, 45u, growth); /* the fifth */
    /* every ACK of it grew as CSS does, the last one included */
    expect_growth(growth, n, n, MSS_TS / 4u, 0u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    /* ssthresh = cwnd as the round ended: within this ACK's growth of the
     * window (css_end_ssthresh_is_cwnd holds it to the window after it) */
    ck_assert_uint_lt(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    ck_assert_uint_le(h_info(&h.t).ssthresh, cwnd(&h));
    ck_assert_uint_ge(h_info(&h.t).ssthresh + MSS_TS / 4u, cwnd(&h));
    /* congestion avoidance (RFC 5681 §3.1, RFC 3465 §2.1; RFC 9438 §4.3's
     * Reno-friendly region likewise): about one SMSS once as many bytes as
     * the window holds were acknowledged, never a slow start's or a CSS's
     * growth (the window holds some ninety segments here: a quarter of a
     * segment per segment would add twenty) */
    ca_cwnd = cwnd(&h);
    ck_assert_uint_ge(ca_cwnd, 40u * MSS_TS);
    for (acked = 0, k = 0; acked < ca_cwnd; acked += MSS_TS, k++) {
        ck_assert_uint_lt(k, MAX_ACKS);
        ck_assert_uint_le(ack_segments(&h, 1u, 45u), MSS_TS);
    }
    ck_assert_uint_ge(cwnd(&h), ca_cwnd + MSS_TS / 4u);
    ck_assert_uint_le(cwnd(&h), ca_cwnd + MSS_TS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    /* a later rise or fall of the delay changes nothing: HyStart++ is over */
    ca_cwnd = cwnd(&h);
    for (k = 0; k < 8u; k++) {
        (void)ack_segments(&h, 1u, k % 2u ? 200u : 10u);
    }
    ck_assert_uint_le(cwnd(&h), ca_cwnd + MSS_TS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
}
END_TEST

/* §4.2: "If CSS_ROUNDS rounds are complete, enter congestion avoidance by
 * setting the ssthresh to the current cwnd": the cwnd of the ACK that
 * completes the fifth round, which has grown by that ACK (each arriving ACK
 * in CSS updates cwnd first).  Congestion avoidance begins at ssthresh =
 * cwnd exactly. */
START_TEST(css_end_ssthresh_is_cwnd)
{
    hs_t h;
    uint32_t growth[MAX_ACKS];
    unsigned r;
    slow_start_rounds(&h, _i, 40u);
    for (r = 1u; r <= 5u; r++) {
        (void)run_round(&h, 45u, growth);
    }
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    ck_assert_uint_eq(h_info(&h.t).ssthresh, cwnd(&h));
}
END_TEST

/* ---- RFC 9406 §4.2, §4.3: after a loss, HyStart++ is over ---- */

/* The first slow start with every ACK covering four segments (HyStart++'s
 * L = 8: four segments each) until `flight` segments are in flight; only
 * what is needed is queued, so that nothing more goes out unasked. */
static void grow_to(hs_t *h, uint32_t flight, uint32_t rtt)
{
    send_more(h, 10u * h->smss);
    while (h_info(&h->t).snd_nxt - una(h) < flight * h->smss) {
        ck_assert_uint_eq(ack_segments(h, 4u, rtt), 4u * h->smss);
        send_more(h, min_u32(8u, flight - (h_info(&h->t).snd_nxt - una(h)) / h->smss)
                         * h->smss);
    }
    ck_assert_uint_eq(h_info(&h->t).snd_nxt - una(h), flight * h->smss);
    ck_assert_uint_eq(h->t.conn.hs_phase, PHASE_SS);
}

/* A slow start after HyStart++ (cwnd < ssthresh): RFC 3465 §2.2's L = 2
 * SMSS (RFC 9406 §4.3: HyStart++ for the initial slow start only).  The
 * flight is first brought to four segments or more, every ACK of it adding
 * min(N, 2 SMSS); then one ACK of four segments adds two. */
static void expect_standard_slow_start(hs_t *h, uint32_t rtt)
{
    tcpfsm_info info = h_info(&h->t);
    uint32_t k;
    ck_assert_uint_lt(info.cwnd, info.ssthresh);
    for (k = 0; info.snd_nxt - info.snd_una < 4u * h->smss; k++) {
        uint32_t n = (info.snd_nxt - info.snd_una) / h->smss;
        ck_assert_uint_lt(k, 10u);
        ck_assert_uint_ge(n, 1u);
        ck_assert_uint_eq(ack_segments(h, n, rtt), min_u32(n, 2u) * h->smss);
        info = h_info(&h->t);
        ck_assert_uint_lt(info.cwnd, info.ssthresh);
    }
    ck_assert_uint_eq(ack_segments(h, 4u, rtt), 2u * h->smss);
    ck_assert_uint_eq(h->t.conn.hs_phase, PHASE_OFF);
}

/* After the ACKs of an idle RTO, the next SEND restarts from min(IW, cwnd)
 * (RFC 5681 §4.1): below ssthresh, a slow start again. */
static void idle_restart(hs_t *h)
{
    ck_assert_uint_eq(h_info(&h->t).snd_nxt, una(h)); /* nothing in flight */
    h->t.now += h_info(&h->t).rto_ms + 1u;
    send_more(h, BIG);
    ck_assert_uint_le(cwnd(h), 10u * h->smss);
}

/* §4.2: a loss ends HyStart++; §4.3: later slow starts are standard, with
 * RFC 3465 §2.2's L = 2 SMSS.  Twenty-two segments in flight, three
 * duplicate ACKs (RFC 5681 §3.2): fast retransmit, ssthresh above the
 * initial window; the full ACK, an idle RTO, and the restart's slow start
 * adds two segments for an ACK of four where HyStart++ added four. */
START_TEST(fast_retransmit_ends_hystart)
{
    hs_t h;
    uint32_t k;
    establish(&h, _i, 0, 8u, 40u);
    grow_to(&h, 22u, 0u);
    for (k = 0; k < 3u; k++) {
        (void)peer_acks(&h, una(&h), 0u);
    }
    ck_assert_uint_ne(h_info(&h.t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_gt(h_info(&h.t).ssthresh, 10u * MSS);
    ck_assert_uint_lt(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    (void)peer_acks(&h, h_info(&h.t).snd_nxt, 0u);
    ck_assert_uint_eq(h_info(&h.t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    idle_restart(&h);
    expect_standard_slow_start(&h, 0u);
}
END_TEST

/* The same with timestamps, and after the loss a delay that would have
 * entered CSS had HyStart++ still run (§4.2: 40 -> 200 ms): the slow
 * start after the restart, each segment acknowledged on its own, eight
 * ACKs and more, adds a segment per segment to ssthresh, never a quarter. */
START_TEST(fast_retransmit_ends_hystart_rtt)
{
    hs_t h;
    uint32_t k;
    establish(&h, _i, 1, 8u, 40u);
    grow_to(&h, 30u, 40u);
    for (k = 0; k < 3u; k++) {
        (void)peer_acks(&h, una(&h), 40u);
    }
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    (void)peer_acks(&h, h_info(&h.t).snd_nxt, 40u);
    idle_restart(&h);
    for (k = 0; cwnd(&h) < h_info(&h.t).ssthresh; k++) {
        ck_assert_uint_lt(k, 40u);
        ck_assert_uint_eq(ack_segments(&h, 1u, 200u), MSS_TS);
    }
    ck_assert_uint_ge(k, 8u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
}
END_TEST

/* §4.2: a timeout ends HyStart++ too; RFC 3465 §2.3: L = 1 SMSS in the slow
 * start that follows it (from RFC 5681 §3.1's loss window of one segment),
 * until what was sent before the timeout is acknowledged; then RFC 3465
 * §2.2's L = 2 (§4.3: not HyStart++'s 8). */
START_TEST(timeout_ends_hystart)
{
    hs_t h;
    establish(&h, _i, 0, 8u, 40u);
    grow_to(&h, 14u, 0u);
    ck_assert_int_eq(h_timer(&h.t, tcpfsm_next_deadline(&h.t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&h.t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_uint_eq(cwnd(&h), MSS);
    ck_assert_uint_gt(h_info(&h.t).ssthresh, 6u * MSS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    /* L = 1 SMSS: an ACK of two segments adds one */
    ck_assert_uint_eq(ack_segments(&h, 2u, 0u), MSS);
    ck_assert_uint_eq(h_info(&h.t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_uint_eq(ack_segments(&h, 3u, 0u), MSS);
    ck_assert_uint_eq(cwnd(&h), 3u * MSS);
    /* all that was sent before the timeout: the timeout's recovery ends,
     * and this ACK is a standard slow start's, L = 2 */
    ck_assert_uint_eq(peer_acks(&h, h_info(&h.t).snd_nxt, 0u), 2u * MSS);
    ck_assert_uint_eq(h_info(&h.t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(cwnd(&h), 5u * MSS);
    send_more(&h, BIG);
    expect_standard_slow_start(&h, 0u);
}
END_TEST

/* §4.2: an ECN echo that reduces the window ends HyStart++ as a loss does
 * (RFC 3168 §6.1.2); the slow start after an idle RTO (RFC 5681 §4.1) is
 * a standard one: L = 2 SMSS (§4.3). */
START_TEST(ecn_echo_ends_hystart)
{
    hs_t h;
    establish_full(&h, _i, 0, 8u, 40u, TCPFSM_ECE);
    ck_assert_uint_eq(h_info(&h.t).ecn, 1);
    grow_to(&h, 22u, 0u);
    (void)peer_acks_flags(&h, h_info(&h.t).snd_nxt, 0u, (uint8_t)(TCPFSM_ACK | TCPFSM_ECE));
    ck_assert_uint_gt(h_info(&h.t).ssthresh, 10u * MSS);
    ck_assert_uint_lt(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
    ck_assert_uint_le(cwnd(&h), h_info(&h.t).ssthresh);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_OFF);
    idle_restart(&h);
    expect_standard_slow_start(&h, 0u);
}
END_TEST

/* Without the echo, the same ACKs and restart keep HyStart++'s L = 8 (the
 * control of the test above: the restart alone does not end it). */
START_TEST(idle_restart_keeps_hystart)
{
    hs_t h;
    establish_full(&h, _i, 0, 8u, 40u, TCPFSM_ECE);
    grow_to(&h, 22u, 0u);
    (void)peer_acks(&h, h_info(&h.t).snd_nxt, 0u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    idle_restart(&h);
    ck_assert_uint_eq(ack_segments(&h, 4u, 0u), 4u * MSS);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
}
END_TEST

/* ---- RFC 9406 §4.2: N_RTT_SAMPLE ---- */

/* §4.2: a round is judged only with N_RTT_SAMPLE = 8 samples.  Without
 * timestamps RFC 6298 times one segment per round trip (§3, Karn): no
 * round gets near eight samples, and slow start goes on however far the
 * timed RTT rises (40 ms to 400 ms here; every ACK adds a segment). */
START_TEST(few_samples_never_exit)
{
    static const uint32_t gaps[] = {40u, 40u, 40u, 100u, 200u, 300u, 400u, 400u};
    hs_t h;
    uint32_t growth[MAX_ACKS];
    uint32_t lo = 0xFFFFFFFFu; /* the least and the greatest minimum of a round */
    uint32_t hi = 0u;
    unsigned n;
    unsigned r;
    establish(&h, _i, 0, 8u, 40u);
    send_more(&h, BIG);
    for (r = 0; r < sizeof gaps / sizeof gaps[0]; r++) {
        uint32_t last;
        h.t.now += gaps[r]; /* the round's ACKs come gaps[r] ms after it began */
        n = run_round(&h, 0u, growth);
        expect_growth(growth, n, n, MSS, 0u);
        ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
        ck_assert_uint_lt(h.max_samples, 8u);
        last = h.t.conn.hs_last_min_rtt; /* this round's minimum, if it had a sample */
        if (last != 0xFFFFFFFFu) {
            lo = last < lo ? last : lo;
            hi = last > hi ? last : hi;
        }
    }
    /* the delay did rise, far beyond any RttThresh (16 ms at most): the
     * rounds' own minima said so */
    ck_assert_uint_ge(h.max_samples, 1u);
    ck_assert_uint_le(lo, 60u);
    ck_assert_uint_ge(hi, 300u);
    ck_assert_uint_eq(h_info(&h.t).ssthresh, TCPFSM_MAX_CWND);
}
END_TEST

/* §4.2: with timestamps but a receiver that acknowledges some segments in
 * pairs: a round of seven samples is not judged, however far its minimum
 * rose (40 -> 100 ms); the next round's eighth sample is (100 -> 200). */
START_TEST(seven_samples_are_not_enough)
{
    static const uint32_t pattern[] = {2u, 2u, 1u, 1u, 1u, 1u, 1u}; /* nine segments */
    hs_t h;
    uint32_t g;
    unsigned k;
    establish(&h, _i, 1, 8u, 40u);
    send_more(&h, BIG);
    /* round 0: the first ACK (40 ms) */
    ck_assert_uint_eq(ack_segments(&h, 1u, 40u), MSS_TS);
    ck_assert(h.ended);
    /* round 1: the nine segments left of the initial window, seven ACKs
     * at 100 ms */
    for (k = 0; k < 7u; k++) {
        g = ack_segments(&h, pattern[k], 100u);
        ck_assert_uint_eq(g, pattern[k] * MSS_TS);
        ck_assert_int_eq(h.ended, k == 6u);
    }
    /* six samples seen after the sixth ACK; the seventh's was the round's
     * last, judged with too few and then the round ended */
    ck_assert_uint_eq(h.max_samples, 6u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_SS);
    /* round 2: eighteen segments in pairs at 200 ms: nine samples, the
     * eighth judged: CSS, a quarter of min(N, L * SMSS) from the ninth */
    k = 0;
    do {
        g = ack_segments(&h, 2u, 200u);
        ck_assert_uint_eq(g, k < 8u ? 2u * MSS_TS : 2u * MSS_TS / 4u);
        k++;
    } while (!h.ended);
    ck_assert_uint_eq(k, 9u);
    ck_assert_uint_eq(h.t.conn.hs_phase, PHASE_CSS);
}
END_TEST

Suite *suite_hystart(void)
{
    Suite *s = suite_create("hystart");
    TCase *limit = tcase_create("L");
    TCase *css = tcase_create("delay and CSS");
    TCase *after = tcase_create("after a loss");
    TCase *samples = tcase_create("samples");
    tcase_add_loop_test(limit, ack_limit_default_none_and_two, 0, 2);
    tcase_add_test(limit, ack_limit_default_is_eight);
    tcase_add_loop_test(css, delay_rise_enters_css, 0, 2);
    tcase_add_loop_test(css, rtt_threshold, 0, 2 * N_THRESH);
    tcase_add_loop_test(css, small_rises_do_not_exit, 0, 2);
    tcase_add_loop_test(css, spurious_exit_resumes_slow_start, 0, 2);
    tcase_add_loop_test(css, css_rounds_end_slow_start, 0, 2);
    tcase_add_loop_test(css, css_end_ssthresh_is_cwnd, 0, 2);
    tcase_add_loop_test(after, fast_retransmit_ends_hystart, 0, 2);
    tcase_add_loop_test(after, fast_retransmit_ends_hystart_rtt, 0, 2);
    tcase_add_loop_test(after, timeout_ends_hystart, 0, 2);
    tcase_add_loop_test(after, ecn_echo_ends_hystart, 0, 2);
    tcase_add_loop_test(after, idle_restart_keeps_hystart, 0, 2);
    tcase_add_loop_test(samples, few_samples_never_exit, 0, 2);
    tcase_add_loop_test(samples, seven_samples_are_not_enough, 0, 2);
    suite_add_tcase(s, limit);
    suite_add_tcase(s, css);
    suite_add_tcase(s, after);
    suite_add_tcase(s, samples);
    return s;
}
