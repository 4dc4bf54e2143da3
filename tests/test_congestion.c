/* SPDX-License-Identifier: BSD-2-Clause */
/* Congestion control: the RFC 6928 initial window, RFC 5681 slow start,
 * congestion avoidance, fast retransmit and fast recovery, RFC 6582
 * NewReno partial and full ACKs, RFC 3042 limited transmit, the window
 * after a timeout and after a lost SYN, the restart after idleness.  Every
 * test runs twice: with small sequence numbers, and just below 2^32 so that
 * the flight crosses the wrap. */
#include "harness.h"
#include "cc_expect.h"
#include "oracle.h"
#include "suites.h"

#define MSS 1460u
#define IW  (10u * MSS) /* RFC 6928 with a 1460-byte MSS */

static const uint32_t ISS[2] = {1000u, 0xFFFFF000u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

static void establish(h_t *t, int i)
{
    h_establish(t, NULL, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, (uint16_t)MSS);
}

/* SEND of len bytes, then SEND(0) while out.more asks for it: returns the
 * data bytes that went out. */
static uint32_t send_all(h_t *t, uint32_t len)
{
    uint32_t bytes = 0;
    uint32_t i;
    h_send(t, len);
    for (;;) {
        for (i = 0; i < t->out.count; i++) {
            bytes += t->out.tx[i].data_len;
        }
        if (!t->out.more) {
            return bytes;
        }
        h_send(t, 0u);
    }
}

static uint32_t una(const h_t *t)
{
    return h_info(t).snd_una;
}

static uint32_t flight(const h_t *t)
{
    tcpfsm_info info = h_info(t);
    return info.snd_nxt - info.snd_una;
}

/* The peer acknowledges SND.UNA again with the same window. */
static void dup_ack(h_t *t)
{
    h_peer_ack(t, una(t), (uint16_t)H_WINDOW);
}

/* out.tx[k] is a data segment of len bytes at seq. */
static void expect_segment(const h_t *t, unsigned k, uint32_t seq, uint32_t len)
{
    ck_assert_uint_gt(t->out.count, k);
    ck_assert_uint_eq(t->out.tx[k].seq, seq);
    ck_assert_uint_eq(t->out.tx[k].data_len, len);
    ck_assert(t->out.tx[k].flags & TCPFSM_ACK);
}

/* ---- RFC 6928 §2: the initial window ---- */

START_TEST(initial_window_is_ten_segments)
{
    h_t t;
    establish(&t, _i);
    ck_assert_uint_eq(h_info(&t).cwnd, IW);
    ck_assert_uint_eq(h_info(&t).ssthresh, TCPFSM_MAX_CWND); /* RFC 5681 §3.1 */
    ck_assert_uint_eq(send_all(&t, 30u * MSS), IW);
    ck_assert_uint_eq(flight(&t), IW);
    h_send(&t, 0u); /* nothing more until an ACK */
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* min(init_window * SMSS, max(2 * SMSS, 14600)); what is sent at first:
 * the whole segments that fit (sender silly-window avoidance holds the
 * 2600 bytes left of 14600 with 4000-byte segments) */
static const struct {
    uint16_t mss;         /* ours and the peer's; 0: the peer sends no MSS */
    uint8_t  init_window;
    uint32_t cwnd;
    uint32_t sent;
} IW_CASES[] = {
    {1460u, 10u, 14600u, 14600u}, {536u, 10u, 5360u, 5360u}, {4000u, 10u, 14600u, 12000u},
    {9000u, 10u, 18000u, 18000u}, {1460u, 1u, 1460u, 1460u},  {1460u, 4u, 5840u, 5840u},
    {0u, 10u, 5360u, 5360u}, /* 536 by default */
};
#define N_IW_CASES (int)(sizeof IW_CASES / sizeof IW_CASES[0])

START_TEST(initial_window_formula)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.mss = IW_CASES[_i].mss != 0u ? IW_CASES[_i].mss : 1460u;
    cfg.init_window = IW_CASES[_i].init_window;
    h_establish(&t, &cfg, ISS[1], PEER_ISS[1], (uint16_t)H_WINDOW, IW_CASES[_i].mss);
    ck_assert_uint_eq(h_info(&t).cwnd, IW_CASES[_i].cwnd);
    ck_assert_uint_eq(send_all(&t, 100000u), IW_CASES[_i].sent);
}
END_TEST

/* RFC 5681 §3.1, RFC 6928 §2: after a lost SYN the window is one segment. */
START_TEST(lost_syn_leaves_one_segment)
{
    h_t t;
    tcpfsm_segment syn_ack;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_SYN, t.iss, 0u);
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u, 0u);
    ck_assert_int_eq(h_rx(&t, syn_ack), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(send_all(&t, 3u * MSS), MSS);
}
END_TEST

START_TEST(lost_syn_ack_leaves_one_segment)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_SYN | TCPFSM_ACK, t.iss, t.peer_iss + 1u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 1u, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
}
END_TEST

/* ---- RFC 5681 §3.1: slow start and congestion avoidance ---- */

/* RFC 3465 §2.2: slow start counts the bytes an ACK covers, up to L
 * SMSS, in the first slow start RFC 9406 §4.3's L = 8 for a sender that
 * does not pace (tcpfsm_config.ss_ack_limit): a receiver that acknowledges
 * every second segment (RFC 5681 §4.2), or every fourth, opens the window
 * as fast as one that acknowledges each. */
START_TEST(slow_start_counts_bytes_up_to_l_segments)
{
    h_t t;
    uint32_t s;
    establish(&t, _i);
    s = t.iss + 1u;
    (void)send_all(&t, 40u * MSS);
    h_peer_ack(&t, s + MSS, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).cwnd, IW + MSS);
    /* one segment left the network, the window grew by one: two go out */
    ck_assert_uint_eq(t.out.count, 2);
    expect_segment(&t, 0, s + IW, MSS);
    expect_segment(&t, 1, s + IW + MSS, MSS);
    h_peer_ack(&t, s + 3u * MSS, (uint16_t)H_WINDOW); /* two segments: two */
    ck_assert_uint_eq(h_info(&t).cwnd, IW + 3u * MSS);
    h_peer_ack(&t, s + 6u * MSS, (uint16_t)H_WINDOW); /* three: three */
    ck_assert_uint_eq(h_info(&t).cwnd, IW + 6u * MSS);
    h_peer_ack(&t, s + 16u * MSS, (uint16_t)H_WINDOW); /* ten: L = 8 SMSS */
    ck_assert_uint_eq(h_info(&t).cwnd, IW + 14u * MSS);
    h_peer_ack(&t, s + 16u * MSS + 100u, (uint16_t)H_WINDOW); /* 100 bytes: 100 */
    ck_assert_uint_eq(h_info(&t).cwnd, IW + 14u * MSS + 100u);
}
END_TEST

/* A timeout sets ssthresh to half the flight and cwnd to one segment
 * (RFC 5681 §3.1 (4)); slow start climbs back to ssthresh, a segment per
 * segment acknowledged (RFC 3465 §2.3: L = 1 SMSS after a timeout), then
 * congestion avoidance adds a segment once a window's bytes are
 * acknowledged (RFC 3465 §2.1): ssthresh is five segments, so the fifth
 * segment acknowledged after it opens the sixth. */
#if TCPFSM_TEST_NEWRENO
START_TEST(timeout_then_slow_start_then_avoidance)
{
    static const uint32_t after_ack[] = {2920u, 4380u, 5840u, 7300u, 7300u, 7300u};
    h_t t;
    uint32_t s;
    uint32_t k;
    establish(&t, _i);
    s = t.iss + 1u;
    ck_assert_uint_eq(send_all(&t, IW), IW);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    expect_segment(&t, 0, s, MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, IW / 2u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    /* the same segment times out again: the window stays one segment */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, IW / 2u);
    for (k = 0; k < 6u; k++) {
        h_peer_ack(&t, s + (k + 1u) * MSS, (uint16_t)H_WINDOW);
        ck_assert_uint_eq(h_info(&t).cwnd, after_ack[k]);
        /* the next segment sent before the timeout goes out at once */
        expect_segment(&t, 0, s + (k + 1u) * MSS, MSS);
    }
    for (k = 6u; k < 10u; k++) {
        h_peer_ack(&t, s + (k + 1u) * MSS, (uint16_t)H_WINDOW);
        /* bytes since ssthresh: 1460 * (k - 3); the fifth opens a segment */
        ck_assert_uint_eq(h_info(&t).cwnd, k < 8u ? 7300u : 8760u);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(flight(&t), 0u);
}
END_TEST
#endif

/* cwnd saturates at TCPFSM_MAX_CWND: 65535-byte segments, each
 * acknowledged on its own, grow it by 65535 a time in slow start. */
START_TEST(window_saturates_at_max)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t k;
    h_config(&cfg);
    cfg.mss = 65535u;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], 65535u, 65535u);
    ck_assert_uint_eq(h_info(&t).cwnd, 2u * 65535u);
    for (k = 0; k < 16400u; k++) {
        h_send(&t, 65535u);
        ck_assert_uint_eq(t.out.count, 1);
        h_peer_ack(&t, h_info(&t).snd_nxt, 65535u);
    }
    ck_assert_uint_eq(h_info(&t).cwnd, TCPFSM_MAX_CWND);
}
END_TEST

/* ---- RFC 5681 §3.2, RFC 6582 §3.2, RFC 3042 ---- */

#if TCPFSM_TEST_NEWRENO
START_TEST(fast_retransmit_and_recovery)
{
    h_t t;
    uint32_t s;
    establish(&t, _i);
    s = t.iss + 1u;
    ck_assert_uint_eq(send_all(&t, 40u * MSS), IW);
    /* RFC 3042: the first two duplicates each release one new segment */
    dup_ack(&t);
    ck_assert_uint_eq(t.out.count, 1);
    expect_segment(&t, 0, s + IW, MSS);
    dup_ack(&t);
    ck_assert_uint_eq(t.out.count, 1);
    expect_segment(&t, 0, s + IW + MSS, MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, IW);
    /* the third: retransmit SND.UNA; ssthresh = 12 segments / 2;
     * cwnd = ssthresh + 3 segments */
    dup_ack(&t);
    ck_assert_uint_eq(t.out.count, 1);
    expect_segment(&t, 0, s, MSS);
    ck_assert_uint_eq(h_info(&t).ssthresh, 6u * MSS);
    ck_assert_uint_eq(h_info(&t).cwnd, 9u * MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    /* each further duplicate inflates cwnd by a segment; at 13 segments
     * the 12 in flight leave room for one new */
    dup_ack(&t);
    dup_ack(&t);
    dup_ack(&t);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).cwnd, 12u * MSS);
    dup_ack(&t);
    ck_assert_uint_eq(h_info(&t).cwnd, 13u * MSS);
    ck_assert_uint_eq(t.out.count, 1);
    expect_segment(&t, 0, s + 12u * MSS, MSS);
    /* a partial ACK: the next hole first, cwnd less the segment acked plus
     * one, and a new segment in the room left */
    h_peer_ack(&t, s + MSS, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).cwnd, 13u * MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    ck_assert_uint_eq(t.out.count, 2);
    expect_segment(&t, 0, s + MSS, MSS);
    expect_segment(&t, 1, s + 13u * MSS, MSS);
    /* the full ACK, of all that was out when recovery began:
     * cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS) */
    h_peer_ack(&t, s + 12u * MSS, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(h_info(&t).cwnd, 3u * MSS);
    ck_assert_uint_eq(t.out.count, 1);
    expect_segment(&t, 0, s + 14u * MSS, MSS);
}
END_TEST
#endif

/* RFC 6582 §3.2 step 3 at its edges: a partial ACK of less than a segment
 * deflates cwnd without adding one back; one of more than cwnd leaves a
 * single segment. */
START_TEST(partial_ack_edges)
{
    h_t t;
    uint32_t s;
    uint32_t k;
    uint32_t inflated;
    establish(&t, _i);
    s = t.iss + 1u;
    ck_assert_uint_eq(send_all(&t, 40u * MSS), IW);
    for (k = 0; k < 3u; k++) {
        dup_ack(&t);
    }
    /* twelve segments out (two by limited transmit): ssthresh + 3 SMSS */
    inflated = cc_loss_ssthresh(IW, 12u * MSS, MSS) + 3u * MSS;
    ck_assert_uint_eq(h_info(&t).cwnd, inflated);
    h_peer_ack(&t, s + 100u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).cwnd, inflated - 100u);
    expect_segment(&t, 0, s + 100u, MSS); /* the next hole */
    h_peer_ack(&t, s + 11u * MSS, (uint16_t)H_WINDOW); /* 16,000 bytes, below recover */
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    expect_segment(&t, 0, s + 11u * MSS, MSS);
}
END_TEST

/* The duplicate count saturates: after a timeout, duplicates never start a
 * fast retransmit, however many come. */
START_TEST(duplicate_count_saturates)
{
    h_t t;
    uint32_t k;
    establish(&t, _i);
    ck_assert_uint_eq(send_all(&t, IW), IW);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    for (k = 0; k < 300u; k++) {
        dup_ack(&t);
        ck_assert_uint_eq(t.out.count, 0);
    }
    ck_assert_uint_eq(t.conn.dupacks, 255);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
}
END_TEST

/* RFC 5681 §2: not duplicates: a window update, a segment with data, an
 * ACK with nothing outstanding. */
START_TEST(not_duplicate_acks)
{
    h_t t;
    uint32_t k;
    establish(&t, _i);
    ck_assert_uint_eq(send_all(&t, IW), IW);
    for (k = 0; k < 4u; k++) {
        h_peer_ack(&t, una(&t), (uint16_t)(H_WINDOW - 1000u * (k + 1u)));
        ck_assert_uint_eq(t.out.count, 0);
    }
    for (k = 0; k < 4u; k++) {
        tcpfsm_segment data = h_seg(TCPFSM_ACK, h_rcv_nxt(&t), una(&t), 100u);
        data.window = (uint16_t)(H_WINDOW - 4000u);
        ck_assert_int_eq(h_rx(&t, data), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].data_len, 0); /* the ACK of the data only */
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(h_info(&t).cwnd, IW);
    /* the window back to 65535 (an update), two duplicates, then the
     * peer's FIN at SND.UNA: it breaks the run */
    dup_ack(&t);
    ck_assert_uint_eq(t.conn.dupacks, 0);
    dup_ack(&t);
    dup_ack(&t);
    ck_assert_uint_eq(t.conn.dupacks, 2);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK | TCPFSM_FIN, h_rcv_nxt(&t), una(&t), 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.conn.dupacks, 0);
    h_peer_ack(&t, h_info(&t).snd_nxt, (uint16_t)H_WINDOW);
    for (k = 0; k < 4u; k++) {
        dup_ack(&t); /* nothing outstanding */
        ck_assert_uint_eq(t.out.count, 0);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

/* RFC 6582 §3.2 step 1: duplicates of an ACK that does not cover more than
 * "recover" (here: what was out at a timeout) start no fast retransmit. */
START_TEST(no_fast_retransmit_below_recover)
{
    h_t t;
    uint32_t k;
    establish(&t, _i);
    ck_assert_uint_eq(send_all(&t, IW), IW);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    for (k = 0; k < 5u; k++) {
        dup_ack(&t);
        ck_assert_uint_eq(t.out.count, 0);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
}
END_TEST

/* RFC 6582 §3.2 step 1, after a recovery: duplicates of the full ACK
 * itself (it covers "recover" but no more) start none; once a later ACK
 * has moved beyond it, three duplicates start the next. */
START_TEST(next_fast_retransmit_needs_an_ack_beyond_recover)
{
    h_t t;
    uint32_t s;
    uint32_t k;
    establish(&t, _i);
    s = t.iss + 1u;
    (void)send_all(&t, 40u * MSS);
    for (k = 0; k < 3u; k++) {
        dup_ack(&t);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    h_peer_ack(&t, s + 12u * MSS, (uint16_t)H_WINDOW); /* full ACK */
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    for (k = 0; k < 3u; k++) {
        dup_ack(&t);
        ck_assert(t.out.count == 0 || t.out.tx[0].seq != s + 12u * MSS);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    h_peer_ack(&t, s + 13u * MSS, (uint16_t)H_WINDOW);
    for (k = 0; k < 3u; k++) {
        dup_ack(&t);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    expect_segment(&t, 0, s + 13u * MSS, MSS);
}
END_TEST

/* The oracle every call of the tests and fuzzers passes fails when more
 * than the congestion window is sent. */
START_TEST(oracle_refuses_data_beyond_cwnd)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_conn after;
    establish(&t, _i);
    ck_assert_uint_eq(send_all(&t, IW + MSS), IW);
    before = t.conn;
    before.snd_nxt -= MSS; /* as if the last segment went out in this call */
    after = t.conn;
    ck_assert_ptr_null(oracle_after_call(ORACLE_SEND, &before, NULL, TCPFSM_OK, &after, &t.out));
    after.snd_nxt += MSS;
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEND, &before, NULL, TCPFSM_OK, &after,
                                            &t.out));
    after.cwnd += MSS;
    ck_assert_ptr_null(oracle_after_call(ORACLE_SEND, &before, NULL, TCPFSM_OK, &after, &t.out));
}
END_TEST

/* ---- RFC 5681 §4.1: restarting after idleness ---- */

/* Slow start grows the window to twice the initial one: IW sent, then
 * acknowledged a segment at a time, the last ACK offering last_window.
 * Nothing is in flight after it.  Returns the first data sequence number. */
static uint32_t grow_to_twice_iw(h_t *t, int i, uint16_t last_window)
{
    uint32_t s;
    uint32_t k;
    establish(t, i);
    s = t->iss + 1u;
    ck_assert_uint_eq(send_all(t, IW), IW);
    for (k = 1u; k <= 10u; k++) {
        h_peer_ack(t, s + k * MSS, k < 10u ? (uint16_t)H_WINDOW : last_window);
    }
    ck_assert_uint_eq(flight(t), 0u);
    ck_assert_uint_eq(h_info(t).cwnd, 2u * IW);
    return s;
}

/* After grow_to_twice_iw, nothing is sent for the RTO (window kept),
 * for more than the RTO (the next transmission starts from RW = min(IW,
 * cwnd), ssthresh kept), or the clock goes back (no time passed). */
START_TEST(restart_after_idle)
{
    enum { EXACTLY_RTO, LONGER, CLOCK_BACK };
    int how = _i >> 1;
    h_t t;
    uint32_t expected;
    (void)grow_to_twice_iw(&t, _i & 1, (uint16_t)H_WINDOW);
    if (how == CLOCK_BACK) {
        t.now -= 1u; /* unguarded, now - sent_at would wrap to 2^64 - 1 */
    } else {
        t.now += h_info(&t).rto_ms + (how == LONGER ? 1u : 0u);
    }
    expected = how == LONGER ? IW : 2u * IW;
    ck_assert_uint_eq(send_all(&t, 40u * MSS), expected);
    ck_assert_uint_eq(h_info(&t).cwnd, expected);
    ck_assert_uint_eq(h_info(&t).ssthresh, TCPFSM_MAX_CWND);
}
END_TEST

/* Idleness counts from the last transmission, not from the last ACK: the
 * ACKs come half an RTO after the data, the next SEND more than an RTO
 * after the data and less after the ACKs. */
START_TEST(idle_counts_from_the_last_send)
{
    h_t t;
    uint32_t s;
    uint32_t k;
    uint32_t rto;
    establish(&t, _i);
    s = t.iss + 1u;
    ck_assert_uint_eq(send_all(&t, IW), IW);
    rto = h_info(&t).rto_ms;
    t.now += rto / 2u;
    for (k = 1u; k <= 10u; k++) {
        h_peer_ack(&t, s + k * MSS, (uint16_t)H_WINDOW);
    }
    t.now += rto - rto / 2u + 1u;
    ck_assert_uint_eq(send_all(&t, 40u * MSS), IW);
}
END_TEST

/* A zero-window probe is a transmission too.  The peer's window shuts as
 * the last data is acknowledged and SEND queues more; a probe goes an RTO
 * later (and backs the RTO off to twice itself); the window opens 1.5
 * initial RTOs after the probe: more than an RTO after the last data, less
 * than one after the probe, so not idle. */
START_TEST(probes_keep_the_window)
{
    h_t t;
    uint32_t s = grow_to_twice_iw(&t, _i, 0u);
    uint32_t rto = h_info(&t).rto_ms;
    h_send(&t, 10u * MSS); /* the window is shut: it waits */
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    expect_segment(&t, 0, s + IW, 1u); /* the probe */
    ck_assert_uint_eq(h_info(&t).rto_ms, 2u * rto);
    t.now += rto + rto / 2u;
    h_peer_ack(&t, s + IW + 1u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).cwnd, 2u * IW + 1u); /* slow start: +1 byte */
}
END_TEST

/* A window shut for several probes: the probes that go unacknowledged
 * (the peer's ACKs say the window is still shut) are no loss, and the
 * window and ssthresh slow start built survive them (RFC 5681 §3.1 answers
 * loss).  The window opens right after the last probe: not idle either. */
START_TEST(probes_are_no_loss)
{
    h_t t;
    uint32_t s = grow_to_twice_iw(&t, _i, 0u);
    uint32_t k;
    h_send(&t, 10u * MSS);
    for (k = 0; k < 4u; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        expect_segment(&t, 0, s + IW, 1u); /* the probe, again */
        h_peer_ack(&t, s + IW, 0u);        /* still shut */
        ck_assert_uint_eq(h_info(&t).cwnd, 2u * IW);
        ck_assert_uint_eq(h_info(&t).ssthresh, TCPFSM_MAX_CWND);
        ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    }
    h_peer_ack(&t, s + IW + 1u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).cwnd, 2u * IW + 1u);
    expect_segment(&t, 0, s + IW + 1u, MSS); /* the queued data follows at once */
}
END_TEST

/* Data in flight past a window the peer shut behind it (it should not
 * shrink its window, RFC 9293 §3.8.6.2.2, but may): more than a probe's
 * one unit is out, and its timeout is a loss like any other. */
START_TEST(shrunk_window_timeout_is_a_loss)
{
    h_t t;
    uint32_t s;
    establish(&t, _i);
    s = t.iss + 1u;
    ck_assert_uint_eq(send_all(&t, 3u * MSS), 3u * MSS);
    h_peer_ack(&t, s + MSS, 0u);
    ck_assert_uint_eq(flight(&t), 2u * MSS);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
}
END_TEST

Suite *suite_congestion(void)
{
    Suite *s = suite_create("congestion");
    TCase *start = tcase_create("initial window");
    TCase *growth = tcase_create("slow start and avoidance");
    TCase *recovery = tcase_create("fast retransmit and recovery");
    tcase_add_loop_test(start, initial_window_is_ten_segments, 0, 2);
    tcase_add_loop_test(start, initial_window_formula, 0, N_IW_CASES);
    tcase_add_loop_test(start, lost_syn_leaves_one_segment, 0, 2);
    tcase_add_loop_test(start, lost_syn_ack_leaves_one_segment, 0, 2);
    tcase_add_loop_test(growth, slow_start_counts_bytes_up_to_l_segments, 0, 2);
#if TCPFSM_TEST_NEWRENO /* Reno's course; CUBIC's: test_cubic.c */
    tcase_add_loop_test(growth, timeout_then_slow_start_then_avoidance, 0, 2);
#endif
    tcase_add_loop_test(growth, window_saturates_at_max, 0, 2);
    tcase_add_loop_test(growth, restart_after_idle, 0, 6);
    tcase_add_loop_test(growth, idle_counts_from_the_last_send, 0, 2);
    tcase_add_loop_test(growth, probes_keep_the_window, 0, 2);
    tcase_add_loop_test(growth, probes_are_no_loss, 0, 2);
    tcase_add_loop_test(growth, shrunk_window_timeout_is_a_loss, 0, 2);
#if TCPFSM_TEST_NEWRENO /* Reno's course; CUBIC's: test_cubic.c */
    tcase_add_loop_test(recovery, fast_retransmit_and_recovery, 0, 2);
#endif
    tcase_add_loop_test(recovery, not_duplicate_acks, 0, 2);
    tcase_add_loop_test(recovery, partial_ack_edges, 0, 2);
    tcase_add_loop_test(recovery, duplicate_count_saturates, 0, 2);
    tcase_add_loop_test(recovery, no_fast_retransmit_below_recover, 0, 2);
    tcase_add_loop_test(recovery, next_fast_retransmit_needs_an_ack_beyond_recover, 0, 2);
    tcase_add_loop_test(recovery, oracle_refuses_data_beyond_cwnd, 0, 2);
    suite_add_tcase(s, start);
    suite_add_tcase(s, growth);
    suite_add_tcase(s, recovery);
    return s;
}
