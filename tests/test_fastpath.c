/* SPDX-License-Identifier: BSD-2-Clause */
/* Header prediction (src/core/fastpath.c): which segments take the fast path,
 * and that those leave exactly what RFC 9293's steps leave.  The second
 * half is h_rx's: for every segment of every suite that takes the fast
 * path, it runs tcpfsm_segment_arrives on copies of the connection and
 * output from before and compares the bytes (fuzz/oracle.c,
 * oracle_fast_path_same).  Here each test also checks that the fast path
 * was taken, so that the comparison happened. */
#include "harness.h"
#include "internal.h"
#include "suites.h"

#define ISS 1000u
#define PEER_ISS 5000u
#define DATA H_DATA_LEN

/* The segment arrives; fast says whether the fast path must take it. */
static void arrive(h_t *t, tcpfsm_segment seg, int fast)
{
    ck_assert_int_eq(tcpfsm_fast_path_applies(&t->conn, &seg), fast);
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* The next DATA bytes from the peer, in order, acknowledging all we sent. */
static tcpfsm_segment next_data(const h_t *t)
{
    return h_seg(TCPFSM_ACK | TCPFSM_PSH, t->conn.rcv_nxt, t->conn.snd_nxt, DATA);
}

static void establish(h_t *t, tcpfsm_config *cfg, uint32_t peer_iss)
{
    h_establish(t, cfg, ISS, peer_iss, 65535u, 1460u);
}

/* In-order data: delivered whole, the first ACK held, the second sent
 * (RFC 9293 §3.8.6.3), across 2^32 in the second run. */
START_TEST(in_order_data_takes_the_fast_path)
{
    static const uint32_t peer_iss[2] = {PEER_ISS, 0xFFFFFF80u};
    h_t t;
    tcpfsm_config cfg;
    uint32_t start;
    h_config(&cfg);
    cfg.delack_ms = 100u;
    establish(&t, &cfg, peer_iss[_i]);
    start = t.conn.rcv_nxt;
    arrive(&t, next_data(&t), 1);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, DATA);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.conn.ack_deadline, t.now + 100u);
    ck_assert_uint_eq(t.out.deadline, t.now + 100u);
    arrive(&t, next_data(&t), 1);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, ISS + 1u, start + 2u * DATA);
    ck_assert_uint_eq(t.conn.ack_deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(t.conn.rcv_unread, 2u * DATA);
}
END_TEST

/* Each case breaks one condition of the prediction; the general path
 * takes the segment. */
enum {
    NOT_FIN, NOT_URG, NOT_ECE, NOT_OUT_OF_ORDER, NOT_WITHOUT_DATA, NOT_BEYOND_WINDOW,
    NOT_FILLING_A_HOLE, NOT_OLD_ACK, NOT_IN_FLIGHT, NOT_QUEUED, NOT_FIN_WAIT_2,
    NOT_WITHOUT_TIMESTAMP, NOT_OLD_TIMESTAMP, NOT_SACK_BLOCK, NOT_CASES
};

START_TEST(the_general_path_takes_the_rest)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_segment seg;
    h_config(&cfg);
    if (_i == NOT_BEYOND_WINDOW) {
        cfg.rcv_buf = 3u * DATA;
    }
    if (_i == NOT_WITHOUT_TIMESTAMP || _i == NOT_OLD_TIMESTAMP) {
        h_init_cfg(&t, &cfg, ISS, PEER_ISS);
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        seg = h_seg(TCPFSM_SYN | TCPFSM_ACK, PEER_ISS, ISS + 1u, 0u);
        seg.options = TCPFSM_OPT_MSS | TCPFSM_OPT_TIMESTAMP;
        seg.mss = 1460u;
        seg.ts_val = 7000u;
        arrive(&t, seg, 0);
        ck_assert_uint_eq(t.conn.ts_on, 1);
    } else {
        establish(&t, &cfg, PEER_ISS);
    }
    seg = next_data(&t);
    switch (_i) {
    case NOT_FIN: seg.flags = TCPFSM_ACK | TCPFSM_FIN; break;
    case NOT_URG: seg.flags = TCPFSM_ACK | TCPFSM_URG; break;
    case NOT_ECE: seg.flags = TCPFSM_ACK | TCPFSM_ECE; break;
    case NOT_OUT_OF_ORDER: seg.seq += DATA; break;
    case NOT_WITHOUT_DATA: seg.len = 0u; break;
    case NOT_BEYOND_WINDOW: seg.len = 3u * DATA + 1u; break;
    case NOT_FILLING_A_HOLE: {
        tcpfsm_segment later = next_data(&t);
        later.seq += DATA;
        arrive(&t, later, 0);
        ck_assert_uint_eq(t.conn.ooo.count, 1);
        break;
    }
    case NOT_OLD_ACK: seg.ack -= 1u; break;
    case NOT_IN_FLIGHT:
        h_send(&t, DATA);
        ck_assert_uint_ne(t.conn.snd_una, t.conn.snd_nxt);
        seg.ack = t.conn.snd_una;
        break;
    case NOT_QUEUED: {
        /* the peer's window shut: the data waits, nothing in flight */
        tcpfsm_segment shut = h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 0u);
        shut.window = 0u;
        arrive(&t, shut, 0);
        h_send(&t, DATA);
        ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
        ck_assert_uint_eq(t.conn.snd_queued, DATA);
        seg.window = 0u;
        break;
    }
    case NOT_FIN_WAIT_2:
        ck_assert_int_eq(h_event_apply(&t, EV_CLOSE), TCPFSM_OK);
        arrive(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 0u), 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
        seg.ack = t.conn.snd_nxt;
        break;
    case NOT_WITHOUT_TIMESTAMP: break; /* ts_on, and the option missing */
    case NOT_OLD_TIMESTAMP:
        seg.options = TCPFSM_OPT_TIMESTAMP;
        seg.ts_val = 6999u; /* before TS.Recent: PAWS drops it */
        break;
    case NOT_SACK_BLOCK:
        /* a D-SACK for data acknowledged before: news to RACK (RFC 8985
         * §6.2 step 4) though nothing is in flight */
        seg.options |= TCPFSM_OPT_SACK;
        seg.sack_count = 1u;
        seg.sack[0].left = seg.ack - DATA;
        seg.sack[0].right = seg.ack;
        break;
    default: ck_abort_msg("no such case"); break;
    }
    arrive(&t, seg, 0);
}
END_TEST

/* Each case sets up what the fast path must reproduce of the general
 * path; three segments in a row take it, and h_rx compares each. */
enum {
    SAME_TIMESTAMPS, SAME_NEW_WINDOW, SAME_ZERO_WINDOW, SAME_KEEPALIVE, SAME_ACK_AT_ONCE,
    SAME_SCALED, SAME_FREEBSD, SAME_SMALL_BUFFER, SAME_CASES
};

START_TEST(the_fast_path_does_what_the_rfc_steps_do)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_segment seg;
    int k;
    h_config(&cfg);
    cfg.delack_ms = _i == SAME_ACK_AT_ONCE ? 0u : 100u;
    cfg.compat = _i == SAME_FREEBSD ? TCPFSM_COMPAT_FREEBSD : 0u;
    cfg.rcv_buf = _i == SAME_SMALL_BUFFER ? 4u * DATA : cfg.rcv_buf;
    if (_i == SAME_KEEPALIVE) {
        cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_KEEPALIVE);
    }
    h_init_cfg(&t, &cfg, ISS, PEER_ISS);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    seg = h_seg(TCPFSM_SYN | TCPFSM_ACK, PEER_ISS, ISS + 1u, 0u);
    seg.options = TCPFSM_OPT_MSS;
    seg.mss = 1460u;
    if (_i == SAME_TIMESTAMPS) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = 7000u;
    }
    if (_i == SAME_SCALED) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_WSCALE);
        seg.wscale = 3u;
    }
    arrive(&t, seg, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    for (k = 0; k < 3; k++) {
        uint64_t before_rtx = t.conn.rtx_deadline;
        t.now += 10u;
        seg = next_data(&t);
        if (_i == SAME_TIMESTAMPS) {
            seg.options = TCPFSM_OPT_TIMESTAMP;
            seg.ts_val = 7001u + (uint32_t)k;
        }
        if (_i == SAME_NEW_WINDOW) {
            seg.window = (uint16_t)(30000u + (uint32_t)k);
        }
        if (_i == SAME_ZERO_WINDOW) {
            seg.window = 0u;
        }
        if (_i == SAME_SMALL_BUFFER) {
            /* the application reads nothing: the window closes */
            seg.len = k < 2 ? DATA : t.conn.rcv_adv - t.conn.rcv_nxt;
        }
        arrive(&t, seg, 1);
        if (_i == SAME_KEEPALIVE) {
            ck_assert_uint_ne(t.conn.rtx_deadline, before_rtx); /* the wait starts over */
        }
        if (_i == SAME_ACK_AT_ONCE) {
            ck_assert_uint_eq(t.out.count, 1);
        }
        if (_i == SAME_TIMESTAMPS && k == 1) {
            /* RFC 7323 §4.3: SEG.SEQ is past Last.ACK.sent while the
             * first segment's ACK is held: TS.Recent stays */
            ck_assert_uint_eq(t.conn.ts_recent, 7001u);
        }
        if (_i != SAME_SMALL_BUFFER && _i != SAME_TIMESTAMPS) {
            ck_assert_int_eq(tcpfsm_receive(&t.conn, DATA, t.now, &t.out), TCPFSM_OK);
        }
    }
    if (_i == SAME_TIMESTAMPS) {
        ck_assert_uint_eq(t.conn.ts_recent, 7003u); /* the second segment's ACK went out */
    }
    if (_i == SAME_NEW_WINDOW) {
        ck_assert_uint_eq(t.conn.snd_wnd, 30002u);
    }
}
END_TEST

Suite *suite_fastpath(void)
{
    Suite *s = suite_create("fast path");
    TCase *tc = tcase_create("header prediction");
    tcase_add_loop_test(tc, in_order_data_takes_the_fast_path, 0, 2);
    tcase_add_loop_test(tc, the_general_path_takes_the_rest, 0, NOT_CASES);
    tcase_add_loop_test(tc, the_fast_path_does_what_the_rfc_steps_do, 0, SAME_CASES);
    suite_add_tcase(s, tc);
    return s;
}
