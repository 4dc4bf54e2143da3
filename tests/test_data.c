/* SPDX-License-Identifier: BSD-2-Clause */
/* Data: segmentation (RFC 9293 §3.7.1, §3.8.6.2.1), the send window and
 * the SND.WL1/SND.WL2 rule (§3.10.7.4 fifth step), delivery and trimming
 * (seventh step), the receive window and receiver silly-window avoidance
 * (§3.8.6.2.2), and half-close.  Every test runs twice: with small sequence
 * numbers, and with numbers just below 2^32 so that the data crosses the
 * wrap. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_PSH TCPFSM_PSH
#define F_FIN TCPFSM_FIN
#define F_SYN TCPFSM_SYN

/* Our ISS 1024 below 2^32: the first full-sized segment crosses the wrap;
 * the peer's ISS 64 below it: its first 100 bytes cross. */
static const uint32_t ISS[2] = {1000u, 0xFFFFFC00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* ESTABLISHED by active open; the peer's SYN,ACK carries `window` and,
 * when mss != 0, the MSS option. */
static void establish(h_t *t, const tcpfsm_config *cfg, int i, uint16_t window, uint16_t mss)
{
    h_establish(t, cfg, ISS[i], PEER_ISS[i], window, mss);
}

static void establish_default(h_t *t, int i)
{
    establish(t, 0, i, (uint16_t)H_WINDOW, 1460u);
}

static void establish_rcv_buf(h_t *t, int i, uint32_t rcv_buf)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rcv_buf = rcv_buf;
    establish(t, &cfg, i, (uint16_t)H_WINDOW, 1460u);
}

/* A segment from the peer. */
static tcpfsm_segment pseg(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len,
                           uint16_t window)
{
    tcpfsm_segment seg = h_seg(flags, seq, ack, len);
    seg.window = window;
    return seg;
}

static void rx(h_t *t, tcpfsm_segment seg)
{
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}




/* One ACK (no data) carrying the window we offer. */
static void expect_ack(const h_t *t, uint32_t ack, uint32_t window)
{
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, F_ACK, t->conn.snd_nxt, ack);
    ck_assert_uint_eq(t->out.tx[0].data_len, 0);
    ck_assert_uint_eq(t->out.tx[0].window, window);
}

static void expect_delivered(const h_t *t, uint32_t offset, uint32_t len)
{
    ck_assert_uint_eq(t->out.deliver_offset, offset);
    ck_assert_uint_eq(t->out.deliver_len, len);
}

/* ---- Segmentation, RFC 9293 §3.7.1 and §3.8.6.2.1 -------------------- */

START_TEST(test_segments_of_mss)
{
    h_t t;
    uint32_t s;
    establish_default(&t, _i);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1460);
    s = t.iss + 1u;
    h_send(&t, 5000u);
    ck_assert_uint_eq(t.out.count, 4);
    ck_assert_uint_eq(t.out.more, 0);
    h_expect_data(&t, 0, F_ACK, s, 0u, 1460u);
    h_expect_data(&t, 1, F_ACK, s + 1460u, 1460u, 1460u);
    h_expect_data(&t, 2, F_ACK, s + 2920u, 2920u, 1460u);
    h_expect_data(&t, 3, F_ACK | F_PSH, s + 4380u, 4380u, 620u); /* empties the queue */
    ck_assert_uint_eq(t.out.tx[0].window, 65535);
    ck_assert_uint_eq(h_info(&t).snd_nxt, s + 5000u);
    ck_assert_uint_eq(h_info(&t).unacked, 5000);
    /* a second SEND continues behind the first, once the 620-byte segment
     * is acknowledged (Nagle, §3.7.4) */
    h_send(&t, 10u);
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s + 5000u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, s + 5000u, 0u, 10u);
}
END_TEST

START_TEST(test_segment_small)
{
    h_t t;
    establish_default(&t, _i);
    h_send(&t, 1u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 1u);
    h_send(&t, 1460u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 2u, 1u, 1460u);
}
END_TEST

START_TEST(test_mss_absent_536)
{
    /* RFC 9293 §3.7.1: no MSS option means 536 */
    h_t t;
    uint32_t s;
    establish(&t, 0, _i, (uint16_t)H_WINDOW, 0u);
    ck_assert_uint_eq(h_info(&t).snd_mss, 536);
    s = t.iss + 1u;
    h_send(&t, 1200u);
    ck_assert_uint_eq(t.out.count, 3);
    h_expect_data(&t, 0, F_ACK, s, 0u, 536u);
    h_expect_data(&t, 1, F_ACK, s + 536u, 536u, 536u);
    h_expect_data(&t, 2, F_ACK | F_PSH, s + 1072u, 1072u, 128u);
}
END_TEST

START_TEST(test_mss_absent_536_passive)
{
    h_t t;
    tcpfsm_segment syn;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    syn = h_seg(F_SYN, t.peer_iss, 0u, 0u);
    syn.options = 0u;
    syn.mss = 0u;
    rx(&t, syn);
    h_expect_tx(&t, 0, F_SYN | F_ACK, t.iss, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[0].mss, 1460); /* ours is announced anyway */
    rx(&t, h_seg(F_ACK, t.peer_iss + 1u, t.iss + 1u, 0u));
    ck_assert_uint_eq(h_info(&t).snd_mss, 536);
    h_send(&t, 600u);
    ck_assert_uint_eq(t.out.count, 2);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 536u);
    h_expect_data(&t, 1, F_ACK | F_PSH, t.iss + 537u, 536u, 64u);
}
END_TEST

START_TEST(test_mss_peer_smaller)
{
    h_t t;
    establish(&t, 0, _i, (uint16_t)H_WINDOW, 700u);
    ck_assert_uint_eq(h_info(&t).snd_mss, 700);
    h_send(&t, 1500u);
    ck_assert_uint_eq(t.out.count, 3);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 700u);
    h_expect_data(&t, 1, F_ACK, t.iss + 701u, 700u, 700u);
    h_expect_data(&t, 2, F_ACK | F_PSH, t.iss + 1401u, 1400u, 100u);
}
END_TEST

START_TEST(test_mss_capped_by_ours)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.mss = 1000u;
    establish(&t, &cfg, _i, (uint16_t)H_WINDOW, 1460u);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000);
    h_send(&t, 2500u);
    ck_assert_uint_eq(t.out.count, 3);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1000u);
    h_expect_data(&t, 1, F_ACK, t.iss + 1001u, 1000u, 1000u);
    h_expect_data(&t, 2, F_ACK | F_PSH, t.iss + 2001u, 2000u, 500u);
}
END_TEST

START_TEST(test_send_window_limits)
{
    /* the peer offers 1000: no more than that is in flight */
    h_t t;
    uint32_t s;
    establish(&t, 0, _i, 1000u, 1460u);
    s = t.iss + 1u;
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, s, 0u, 1000u); /* no PSH: the queue is not empty */
    ck_assert_uint_eq(t.out.more, 0);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 0); /* the window is full */
    /* sender silly-window avoidance (§3.8.6.2.1): 400 would fit, less
     * than half the largest window with data in flight: they wait */
    h_peer_ack(&t, s + 400u, 1000u);
    ck_assert_uint_eq(t.out.acked, 400);
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s + 1000u, 1000u); /* nothing in flight: the window goes */
    ck_assert_uint_eq(t.out.acked, 600);
    h_expect_data(&t, 0, F_ACK, s + 1000u, 0u, 1000u);
    h_peer_ack(&t, s + 1600u, 1000u); /* 600, half the window or more: sent */
    h_expect_data(&t, 0, F_ACK, s + 2000u, 400u, 600u);
    /* the last 400, all that is queued: Nagle holds them while the small
     * 600-byte segment is unacknowledged (§3.7.4) */
    h_peer_ack(&t, s + 2000u, 1000u);
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s + 2600u, 1000u);
    h_expect_data(&t, 0, F_ACK | F_PSH, s + 2600u, 0u, 400u);
    ck_assert_uint_eq(h_info(&t).snd_nxt, s + 3000u);
    h_peer_ack(&t, s + 3000u, 1000u);
    ck_assert_uint_eq(t.out.acked, 400);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).unacked, 0);
}
END_TEST

START_TEST(test_data_offset_after_acked)
{
    /* offsets count from the head of the send buffer after `acked` bytes
     * of the same call are dropped */
    h_t t;
    uint32_t s;
    establish(&t, 0, _i, 2920u, 1460u);
    s = t.iss + 1u;
    h_send(&t, 5000u);
    ck_assert_uint_eq(t.out.count, 2);
    h_expect_data(&t, 0, F_ACK, s, 0u, 1460u);
    h_expect_data(&t, 1, F_ACK, s + 1460u, 1460u, 1460u);
    h_peer_ack(&t, s + 1460u, 2920u);
    ck_assert_uint_eq(t.out.acked, 1460);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, s + 2920u, 1460u, 1460u);
    h_peer_ack(&t, s + 2920u, 2920u);
    ck_assert_uint_eq(t.out.acked, 1460);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, s + 4380u, 1460u, 620u);
    h_peer_ack(&t, s + 5000u, 4000u);
    ck_assert_uint_eq(t.out.acked, 2080);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* ---- More than one output's worth ------------------------------------- */

START_TEST(test_more_than_max_tx)
{
    h_t t;
    uint32_t s;
    unsigned k;
    establish_default(&t, _i);
    s = t.iss + 1u;
    h_send(&t, TCPFSM_MAX_TX * 1460u + 100u);
    ck_assert_uint_eq(t.out.count, TCPFSM_MAX_TX);
    for (k = 0; k < TCPFSM_MAX_TX; k++) {
        h_expect_data(&t, k, F_ACK, s + k * 1460u, k * 1460u, 1460u);
    }
    ck_assert_msg(t.out.more == 1u,
                  "out.more is %u with %u bytes queued and unsent in an open window",
                  (unsigned)t.out.more, 100u);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, s + TCPFSM_MAX_TX * 1460u, TCPFSM_MAX_TX * 1460u, 100u);
    ck_assert_uint_eq(t.out.more, 0);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.more, 0);
}
END_TEST

START_TEST(test_more_exactly_max_tx)
{
    h_t t;
    establish_default(&t, _i);
    h_send(&t, TCPFSM_MAX_TX * 1460u);
    ck_assert_uint_eq(t.out.count, TCPFSM_MAX_TX);
    h_expect_data(&t, TCPFSM_MAX_TX - 1u, F_ACK | F_PSH, t.iss + 1u + 7u * 1460u, 7u * 1460u,
                1460u);
    ck_assert_uint_eq(t.out.more, 0);
}
END_TEST

START_TEST(test_more_continues_in_rounds)
{
    /* 20 full segments: 8 + 8 + 4 through SEND(0), once the congestion
     * window has grown from 10 segments (RFC 6928) to 20: each of the
     * first ten segments acknowledged on its own adds one (RFC 5681 §3.1) */
    h_t t;
    uint32_t s;
    uint32_t i;
    establish_default(&t, _i);
    h_send(&t, 10u * 1460u);
    for (i = 1; i <= 10u; i++) {
        h_peer_ack(&t, t.iss + 1u + i * 1460u, (uint16_t)H_WINDOW);
    }
    ck_assert_uint_eq(h_info(&t).cwnd, 20u * 1460u);
    s = t.iss + 1u + 10u * 1460u;
    h_send(&t, 20u * 1460u);
    ck_assert_uint_eq(t.out.count, 8);
    ck_assert_uint_eq(t.out.more, 1);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 8);
    h_expect_data(&t, 0, F_ACK, s + 8u * 1460u, 8u * 1460u, 1460u);
    ck_assert_uint_eq(t.out.more, 1);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 4);
    h_expect_data(&t, 3, F_ACK | F_PSH, s + 19u * 1460u, 19u * 1460u, 1460u);
    ck_assert_uint_eq(t.out.more, 0);
    h_send(&t, 0u); /* the congestion window is full: nothing more */
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.more, 0);
    ck_assert_uint_eq(h_info(&t).snd_nxt, s + 20u * 1460u);
}
END_TEST

START_TEST(test_more_fin_does_not_fit)
{
    /* eight segments fill the output; CLOSE's FIN is what is left */
    h_t t;
    uint32_t s;
    establish(&t, 0, _i, 0u, 1460u); /* the window is shut: data waits */
    s = t.iss + 1u;
    h_send(&t, 8u * 1460u);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, TCPFSM_MAX_TX);
    h_expect_data(&t, 7, F_ACK | F_PSH, s + 7u * 1460u, 7u * 1460u, 1460u);
    ck_assert_uint_eq(t.out.more, 1);
    h_send(&t, 0u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_FIN | F_ACK, s + 8u * 1460u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.more, 0);
}
END_TEST

/* ---- CLOSE with data queued: the FIN comes last (§3.10.4) ------------- */

START_TEST(test_fin_after_queued_data)
{
    h_t t;
    uint32_t s;
    establish(&t, 0, _i, 1000u, 1460u);
    s = t.iss + 1u;
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.count, 0); /* 2000 bytes wait for the window */
    h_peer_ack(&t, s + 1000u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1000);
    ck_assert_uint_eq(t.out.count, 3);
    h_expect_data(&t, 0, F_ACK, s + 1000u, 0u, 1460u);
    h_expect_data(&t, 1, F_ACK | F_PSH, s + 2460u, 1460u, 540u);
    h_expect_tx(&t, 2, F_FIN | F_ACK, s + 3000u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[2].data_len, 0);
    ck_assert_uint_eq(h_info(&t).snd_nxt, s + 3001u);
    h_peer_ack(&t, s + 3000u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 2000);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    h_peer_ack(&t, s + 3001u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 0); /* the FIN is no byte of the buffer */
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(h_info(&t).unacked, 0);
}
END_TEST

START_TEST(test_fin_with_all_data_sent)
{
    h_t t;
    establish_default(&t, _i);
    h_send(&t, 2000u);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_FIN | F_ACK, t.iss + 2001u, t.peer_iss + 1u);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 1u, t.now, &t.out), TCPFSM_ERR_CLOSING);
}
END_TEST

/* ---- The send window: SND.WL1 / SND.WL2 (§3.10.7.4 fifth step) -------- */

START_TEST(test_old_segment_cannot_shrink_window)
{
    /* the peer sends P1 (window 1000) then P2 (window 2000); P2 arrives
     * first.  P1 is older: its window is not taken. */
    h_t t;
    uint32_t p;
    establish(&t, 0, _i, 500u, 1460u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 100u, 2000u)); /* P2, out of order */
    ck_assert_uint_eq(h_info(&t).snd_wnd, 2000);
    expect_ack(&t, p, 65535u); /* duplicate ACK, nothing delivered */
    expect_delivered(&t, 0u, 0u);
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 100u, 1000u)); /* P1 */
    expect_delivered(&t, 0u, 100u);
    ck_assert_uint_eq(h_info(&t).snd_wnd, 2000);
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 1); /* the 540 left wait (§3.8.6.2.1) */
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1460u);
    ck_assert_uint_eq(h_info(&t).snd_nxt, t.iss + 1461u);
}
END_TEST

START_TEST(test_newer_segment_sets_window)
{
    h_t t;
    uint32_t p;
    establish(&t, 0, _i, 5000u, 1460u);
    p = t.peer_iss + 1u;
    /* newer sequence number: taken, even when it shrinks */
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 100u, 3000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 3000);
    /* same SEG.SEQ (a pure ACK after it), same SEG.ACK: a window update */
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 0u, 4000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 4000);
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 0u, 1200u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 1200);
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1200u);
    /* SEG.ACK advances with the same SEG.SEQ: taken */
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1201u, 0u, 3000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 3000);
    ck_assert_uint_eq(t.out.acked, 1200);
    ck_assert_uint_eq(t.out.count, 2);
    h_expect_data(&t, 1, F_ACK | F_PSH, t.iss + 2661u, 1460u, 340u);
}
END_TEST

/* An ACK too old by SND.WL1 to set the window still moves SND.UNA: the
 * right edge stays where the window's own ACK put it (§3.1: a window counts
 * from the acknowledgment number), SND.WND shrinking by what SND.UNA moved.
 * Found by the two-endpoint fuzzer's flow-control oracle (reordering). */
START_TEST(test_old_ack_keeps_the_right_edge)
{
    h_t t;
    uint32_t p;
    establish(&t, 0, _i, 3000u, 1460u);
    p = t.peer_iss + 1u;
    h_send(&t, 1000u);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 1000u);
    /* the peer's later segment, arrived first: window 2000 from ISS + 1 */
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 100u, 2000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 2000);
    /* its earlier pure ACK of our 1000 bytes, older by SEG.SEQ */
    rx(&t, pseg(F_ACK, p, t.iss + 1001u, 0u, 1500u));
    ck_assert_uint_eq(t.out.acked, 1000);
    ck_assert_uint_eq(h_info(&t).snd_wnd, 1000); /* edge: ISS + 1 + 2000 */
    h_send(&t, 5000u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, t.iss + 1001u, 0u, 1000u);
}
END_TEST

/* ---- Receiving: delivery and trimming (§3.10.7.4 seventh step) -------- */

START_TEST(test_in_order_delivery)
{
    h_t t;
    uint32_t p;
    tcpfsm_info info;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK | F_PSH, p, t.iss + 1u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 100u);
    expect_ack(&t, p + 100u, 65435u);
    info = h_info(&t);
    ck_assert_uint_eq(info.rcv_nxt, p + 100u);
    ck_assert_uint_eq(info.unread, 100);
    ck_assert_uint_eq(info.rcv_wnd, 65435);
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 1000u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 1000u);
    expect_ack(&t, p + 1100u, 64435u);
    ck_assert_uint_eq(h_info(&t).unread, 1100);
    /* our data carries the ACK when there is some */
    /* with our data all sent, a bare ACK answers */
    h_send(&t, 50u);
    ck_assert_uint_eq(t.out.count, 1);
    rx(&t, pseg(F_ACK, p + 1100u, t.iss + 1u, 10u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 10u);
    expect_ack(&t, p + 1110u, 64425u);
    ck_assert_uint_eq(t.out.tx[0].seq, t.iss + 51u);
}
END_TEST

START_TEST(test_ack_piggybacked_on_data)
{
    h_t t;
    uint32_t p;
    establish(&t, 0, _i, 0u, 1460u); /* peer window shut: our data waits */
    p = t.peer_iss + 1u;
    h_send(&t, 50u);
    ck_assert_uint_eq(t.out.count, 0);
    /* data that opens the window: our data goes and carries the ACK */
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 10u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 10u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK | F_PSH, t.iss + 1u, p + 10u);
    ck_assert_uint_eq(t.out.tx[0].data_len, 50);
    ck_assert_uint_eq(t.out.tx[0].window, 65525);
}
END_TEST

START_TEST(test_overlap_trimmed)
{
    h_t t;
    uint32_t p;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 100u);
    /* 50 old bytes, 100 new ones */
    rx(&t, pseg(F_ACK, p + 50u, t.iss + 1u, 150u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 50u, 100u);
    expect_ack(&t, p + 200u, 65335u);
    ck_assert_uint_eq(h_info(&t).unread, 200);
    /* all old: nothing delivered, RCV.NXT re-announced */
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 0u);
    expect_ack(&t, p + 200u, 65335u);
    /* one new byte at the end */
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 201u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 200u, 1u);
    expect_ack(&t, p + 201u, 65334u);
    ck_assert_uint_eq(h_info(&t).rcv_nxt, p + 201u);
}
END_TEST

START_TEST(test_trim_to_receive_window)
{
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 1000u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 1500u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 1000u);
    expect_ack(&t, p + 1000u, 0u);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 0);
    ck_assert_uint_eq(h_info(&t).unread, 1000);
}
END_TEST

START_TEST(test_trim_fin_beyond_window)
{
    /* data fills the window exactly: the FIN after it lies outside */
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 1000u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK | F_FIN, p, t.iss + 1u, 1000u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 1000u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_PEER_CLOSED, 0);
    expect_ack(&t, p + 1000u, 0u);
    /* one byte less: the FIN fits */
    establish_rcv_buf(&t, _i, 1000u);
    rx(&t, pseg(F_ACK | F_FIN, p, t.iss + 1u, 999u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 999u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    /* the FIN took the last sequence number of the window; one byte of
     * buffer is free, too little to offer (§3.8.6.2.2) */
    expect_ack(&t, p + 1000u, 0u);
}
END_TEST

START_TEST(test_out_of_order_kept_until_the_gap_fills)
{
    h_t t;
    uint32_t p;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 1u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 0u);
    /* kept, 100 bytes beyond the in-order end, not the application's yet */
    ck_assert_uint_eq(t.out.keep_offset, 0);
    ck_assert_uint_eq(t.out.keep_len, 100);
    ck_assert_uint_eq(t.out.keep_at, 100);
    expect_ack(&t, p, 65535u); /* duplicate ACK: RCV.NXT */
    ck_assert_uint_eq(h_info(&t).rcv_nxt, p);
    ck_assert_uint_eq(h_info(&t).unread, 0);
    /* a FIN out of order waits for the data before it */
    rx(&t, pseg(F_ACK | F_FIN, p + 200u, t.iss + 1u, 0u, (uint16_t)H_WINDOW));
    expect_ack(&t, p, 65535u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    /* the gap filled: the segment and the bytes kept go to the application,
     * and the FIN after them counts */
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.reasm_len, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    expect_ack(&t, p + 201u, 65334u); /* the FIN took a number */
    ck_assert_uint_eq(h_info(&t).unread, 200);
}
END_TEST

START_TEST(test_zero_window_ack_processed)
{
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 1000u);
    p = t.peer_iss + 1u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 1000u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 1000u, 0u);
    /* the window is shut: the text is not taken, the ACK is */
    rx(&t, pseg(F_ACK, p + 1000u, t.iss + 101u, 100u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 0u);
    ck_assert_uint_eq(t.out.acked, 100);
    expect_ack(&t, p + 1000u, 0u);
    ck_assert_uint_eq(h_info(&t).snd_una, t.iss + 101u);
    ck_assert_uint_eq(h_info(&t).rcv_nxt, p + 1000u);
    ck_assert_uint_eq(h_info(&t).unread, 1000);
    /* its window too */
    rx(&t, pseg(F_ACK, p + 1000u, t.iss + 101u, 0u, 300u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 300);
    ck_assert_uint_eq(t.out.count, 0);
    /* beyond RCV.NXT with a zero window: unacceptable, ACK only */
    rx(&t, pseg(F_ACK, p + 1001u, t.iss + 101u, 10u, 700u));
    expect_ack(&t, p + 1000u, 0u);
    ck_assert_uint_eq(h_info(&t).snd_wnd, 300);
}
END_TEST

/* ---- Receiver SWS avoidance, RFC 9293 §3.8.6.2.2 ----------------------- */

START_TEST(test_window_update_sws_small_buffer)
{
    /* RCV.BUFF 1000: the window reopens by at least min(500, MSS) = 500 */
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 1000u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 1000u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 1000u, 0u);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 100u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 0);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 300u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 0);
    ck_assert_uint_eq(h_info(&t).unread, 600);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 100u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 1000u, 500u);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 500);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 499u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 500);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 1000u, 1000u);
    ck_assert_uint_eq(h_info(&t).unread, 0);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 0u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

START_TEST(test_window_update_sws_mss)
{
    /* RCV.BUFF 65535: the edge moves by min(32767, MSS 1460) = 1460 (RFC
     * 9293 §3.8.6.2.2); a read alone sends the update once the window can
     * grow by a quarter of the buffer, 16383 (output.c update_step, FreeBSD's
     * tcp_output): the ACKs of the data carry the smaller steps */
    h_t t;
    uint32_t p;
    uint32_t k;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    for (k = 0; k < 12u; k++) { /* 17520 bytes, an ACK every second segment */
        rx(&t, pseg(F_ACK, p + k * 1460u, t.iss + 1u, 1460u, (uint16_t)H_WINDOW));
    }
    expect_ack(&t, p + 17520u, 65535u - 17520u);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1460u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 65535u - 17520u);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 16382u - 1460u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 17520u, 65535u - 17520u + 16383u);
}
END_TEST

/* A buffer of at most eight segments: a read that frees two segments
 * sends the update (FreeBSD's tcp_output, "so_rcv.sb_hiwat <= 8 *
 * t_maxseg"). */
START_TEST(test_window_update_small_buffer)
{
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 8000u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 1460u, (uint16_t)H_WINDOW));
    rx(&t, pseg(F_ACK, p + 1460u, t.iss + 1u, 1460u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 2920u, 8000u - 2920u);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 2919u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 2920u, 8000u);
}
END_TEST

/* A window shut, or offering less than a step, is reopened by the first
 * read that frees a step: the sender waits on it (RFC 9293 §3.8.6.2.2). */
START_TEST(test_window_update_from_a_shut_window)
{
    h_t t;
    uint32_t p;
    establish_rcv_buf(&t, _i, 4000u);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 4000u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 4000u, 0u);
    /* min(4000 / 2, 1460) = 1460 freed: the window opens at once */
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1460u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 4000u, 1460u);
}
END_TEST

START_TEST(test_window_update_sws_eff_snd_mss)
{
    /* §3.8.6.2.2: min(Fr * RCV.BUFF, Eff.snd.MSS), Eff.snd.MSS being the
     * connection's effective send MSS (§3.7.1): 536 when the peer sent no
     * MSS option, whatever we announced; a 4000-byte buffer holds fewer
     * than eight such segments, so a read sends the update at two */
    h_t t;
    uint32_t p;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rcv_buf = 4000u;
    establish(&t, &cfg, _i, (uint16_t)H_WINDOW, 0u);
    ck_assert_uint_eq(h_info(&t).snd_mss, 536);
    p = t.peer_iss + 1u;
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 536u, (uint16_t)H_WINDOW));
    rx(&t, pseg(F_ACK, p + 536u, t.iss + 1u, 536u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 1072u, 4000u - 1072u);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1071u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1u, t.now, &t.out), TCPFSM_OK);
    ck_assert_msg(t.out.count == 1u,
                  "no window update after the window grew by 2 * Eff.snd.MSS = 1072 "
                  "(RFC 9293 3.8.6.2.2)");
    expect_ack(&t, p + 1072u, 4000u);
}
END_TEST

static uint32_t right_edge(const h_t *t)
{
    tcpfsm_info info = h_info(t);
    return info.rcv_nxt + info.rcv_wnd;
}

START_TEST(test_window_never_shrinks)
{
    /* the right edge RCV.NXT + RCV.WND only moves right, and only by the
     * silly-window threshold min(RCV.BUFF/2, MSS) = min(2000, 1460) */
    h_t t;
    uint32_t p;
    uint32_t edge;
    establish_rcv_buf(&t, _i, 4000u);
    p = t.peer_iss + 1u;
    edge = p + 4000u;
    ck_assert_uint_eq(right_edge(&t), edge);
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 3000u, (uint16_t)H_WINDOW));
    expect_ack(&t, p + 3000u, 1000u);
    ck_assert_uint_eq(right_edge(&t), edge);
    /* 1000 read: below the threshold, the edge holds */
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1000u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(right_edge(&t), edge);
    /* 1000 more arrive: the offered window is used up, 1000 bytes of
     * buffer are free, and the edge neither moves back nor creeps forward */
    rx(&t, pseg(F_ACK, p + 3000u, t.iss + 1u, 1000u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 1000u);
    expect_ack(&t, p + 4000u, 0u);
    ck_assert_uint_eq(right_edge(&t), edge);
    rx(&t, pseg(F_ACK, p + 4000u, t.iss + 1u, 10u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 0u);
    expect_ack(&t, p + 4000u, 0u);
    ck_assert_uint_eq(right_edge(&t), edge);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 459u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0); /* 1459 free */
    ck_assert_uint_eq(right_edge(&t), edge);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 1u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 4000u, 1460u); /* 1460 free: the edge jumps */
    edge = p + 5460u;
    ck_assert_uint_eq(right_edge(&t), edge);
    ck_assert_uint_eq(h_info(&t).unread, 2540);
    /* the peer fills it; the window is 0 again at the new edge */
    rx(&t, pseg(F_ACK, p + 4000u, t.iss + 1u, 1460u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 1460u);
    expect_ack(&t, p + 5460u, 0u);
    ck_assert_uint_eq(right_edge(&t), edge);
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 4000u, t.now, &t.out), TCPFSM_OK);
    expect_ack(&t, p + 5460u, 4000u);
    ck_assert_uint_eq(right_edge(&t), p + 9460u);
}
END_TEST

/* ---- Half-close --------------------------------------------------------- */

START_TEST(test_half_close_peer_keeps_sending)
{
    /* we closed; the peer's data keeps flowing in FIN-WAIT-1 and -2 */
    h_t t;
    uint32_t p;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    rx(&t, pseg(F_ACK, p, t.iss + 1u, 100u, (uint16_t)H_WINDOW)); /* FIN not yet acked */
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    expect_delivered(&t, 0u, 100u);
    h_expect_tx(&t, 0, F_ACK, t.iss + 2u, p + 100u);
    rx(&t, pseg(F_ACK, p + 100u, t.iss + 2u, 1460u, (uint16_t)H_WINDOW));
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    expect_delivered(&t, 0u, 1460u);
    expect_ack(&t, p + 1560u, 65535u - 1560u);
    rx(&t, pseg(F_ACK, p + 1560u, t.iss + 2u, 500u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 500u);
    expect_ack(&t, p + 2060u, 65535u - 2060u);
    /* the window still opens as the application reads: 2060 bytes are
     * less than the two segments a read alone sends an update for */
    ck_assert_int_eq(tcpfsm_receive(&t.conn, 2060u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    rx(&t, pseg(F_ACK | F_FIN, p + 2060u, t.iss + 2u, 40u, (uint16_t)H_WINDOW));
    expect_delivered(&t, 0u, 40u);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    /* the FIN's ACK offers the free buffer: the FIN took no room */
    expect_ack(&t, p + 2101u, 65535u - 40u);
}
END_TEST

START_TEST(test_half_close_we_keep_sending)
{
    /* the peer closed; our data keeps flowing in CLOSE-WAIT */
    h_t t;
    uint32_t p;
    uint32_t s;
    establish_default(&t, _i);
    p = t.peer_iss + 1u;
    s = t.iss + 1u;
    rx(&t, pseg(F_ACK | F_FIN, p, s, 0u, (uint16_t)H_WINDOW));
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 3);
    h_expect_tx(&t, 0, F_ACK, s, p + 1u);
    h_expect_data(&t, 2, F_ACK | F_PSH, s + 2920u, 2920u, 80u);
    rx(&t, pseg(F_ACK, p + 1u, s + 1460u, 0u, (uint16_t)H_WINDOW));
    ck_assert_uint_eq(t.out.acked, 1460);
    h_send(&t, 100u); /* Nagle: the 80-byte segment is unacknowledged */
    ck_assert_uint_eq(t.out.count, 0);
    rx(&t, pseg(F_ACK, p + 1u, s + 3000u, 0u, (uint16_t)H_WINDOW));
    h_expect_data(&t, 0, F_ACK | F_PSH, s + 3000u, 0u, 100u);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LAST_ACK);
    h_expect_tx(&t, 0, F_FIN | F_ACK, s + 3100u, p + 1u);
    rx(&t, pseg(F_ACK, p + 1u, s + 3101u, 0u, (uint16_t)H_WINDOW));
    ck_assert_uint_eq(t.out.acked, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

Suite *suite_data(void)
{
    Suite *s = suite_create("data");
    TCase *send = tcase_create("sending");
    TCase *recv = tcase_create("receiving");

    tcase_add_loop_test(send, test_segments_of_mss, 0, 2);
    tcase_add_loop_test(send, test_segment_small, 0, 2);
    tcase_add_loop_test(send, test_mss_absent_536, 0, 2);
    tcase_add_loop_test(send, test_mss_absent_536_passive, 0, 2);
    tcase_add_loop_test(send, test_mss_peer_smaller, 0, 2);
    tcase_add_loop_test(send, test_mss_capped_by_ours, 0, 2);
    tcase_add_loop_test(send, test_send_window_limits, 0, 2);
    tcase_add_loop_test(send, test_data_offset_after_acked, 0, 2);
    tcase_add_loop_test(send, test_more_than_max_tx, 0, 2);
    tcase_add_loop_test(send, test_more_exactly_max_tx, 0, 2);
    tcase_add_loop_test(send, test_more_continues_in_rounds, 0, 2);
    tcase_add_loop_test(send, test_more_fin_does_not_fit, 0, 2);
    tcase_add_loop_test(send, test_fin_after_queued_data, 0, 2);
    tcase_add_loop_test(send, test_fin_with_all_data_sent, 0, 2);
    tcase_add_loop_test(send, test_old_segment_cannot_shrink_window, 0, 2);
    tcase_add_loop_test(send, test_newer_segment_sets_window, 0, 2);
    tcase_add_loop_test(send, test_old_ack_keeps_the_right_edge, 0, 2);
    tcase_add_loop_test(send, test_half_close_we_keep_sending, 0, 2);

    tcase_add_loop_test(recv, test_in_order_delivery, 0, 2);
    tcase_add_loop_test(recv, test_ack_piggybacked_on_data, 0, 2);
    tcase_add_loop_test(recv, test_overlap_trimmed, 0, 2);
    tcase_add_loop_test(recv, test_trim_to_receive_window, 0, 2);
    tcase_add_loop_test(recv, test_trim_fin_beyond_window, 0, 2);
    tcase_add_loop_test(recv, test_out_of_order_kept_until_the_gap_fills, 0, 2);
    tcase_add_loop_test(recv, test_zero_window_ack_processed, 0, 2);
    tcase_add_loop_test(recv, test_window_update_sws_small_buffer, 0, 2);
    tcase_add_loop_test(recv, test_window_update_sws_mss, 0, 2);
    tcase_add_loop_test(recv, test_window_update_from_a_shut_window, 0, 2);
    tcase_add_loop_test(recv, test_window_update_small_buffer, 0, 2);
    tcase_add_loop_test(recv, test_window_update_sws_eff_snd_mss, 0, 2);
    tcase_add_loop_test(recv, test_window_never_shrinks, 0, 2);
    tcase_add_loop_test(recv, test_half_close_peer_keeps_sending, 0, 2);

    suite_add_tcase(s, send);
    suite_add_tcase(s, recv);
    return s;
}
