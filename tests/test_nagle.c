/* SPDX-License-Identifier: BSD-2-Clause */
/* Nagle's algorithm (RFC 9293 §3.7.4, RFC 896, Minshall's form) with its
 * per-connection switch, and sender silly-window avoidance (§3.8.6.2.1).
 * Every test runs twice: with small sequence numbers, and just below 2^32. */
#include "harness.h"
#include "suites.h"

#define MSS 1460u

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

static void establish(h_t *t, int i, uint16_t window)
{
    h_establish(t, NULL, ISS[i], PEER_ISS[i], window, (uint16_t)MSS);
}

static uint32_t snd_nxt(const h_t *t)
{
    return h_info(t).snd_nxt;
}

START_TEST(small_segment_waits_for_the_ack_of_the_last)
{
    h_t t;
    uint32_t s;
    establish(&t, _i, (uint16_t)H_WINDOW);
    s = t.iss + 1u;
    h_send(&t, 100u); /* nothing in flight: it goes */
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s, 0u, 100u);
    h_send(&t, 50u);
    h_send(&t, 50u);
    ck_assert_uint_eq(t.out.count, 0); /* held while the first is unacknowledged */
    h_peer_ack(&t, s + 100u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, 1); /* the two SENDs, coalesced */
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s + 100u, 0u, 100u);
}
END_TEST

START_TEST(nodelay_sends_at_once)
{
    h_t t;
    uint32_t s;
    establish(&t, _i, (uint16_t)H_WINDOW);
    s = t.iss + 1u;
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK);
    h_send(&t, 100u);
    h_send(&t, 50u);
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s + 100u, 100u, 50u);
    /* back on: the next small one waits again */
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 0), TCPFSM_OK);
    h_send(&t, 50u);
    ck_assert_uint_eq(t.out.count, 0);
    /* off again: SEND(0) releases what Nagle held */
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 7), TCPFSM_OK);
    h_send(&t, 0u);
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s + 150u, 150u, 50u);
}
END_TEST

/* TCPFSM_CFG_NODELAY decides for each new connection of the block;
 * tcpfsm_set_nodelay for the current one only. */
START_TEST(config_flag_sets_each_new_connection)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.flags |= TCPFSM_CFG_NODELAY;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, (uint16_t)MSS);
    h_send(&t, 100u);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 0), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.nodelay, 1); /* CLOSED: the configuration's again */
}
END_TEST

/* Minshall: full segments in flight do not hold back the tail of a
 * write, even when it goes in a later call (out.more). */
START_TEST(tail_of_a_large_write_goes)
{
    h_t t;
    uint32_t s;
    establish(&t, _i, (uint16_t)H_WINDOW);
    s = t.iss + 1u;
    h_send(&t, TCPFSM_MAX_TX * MSS + 100u);
    ck_assert_uint_eq(t.out.count, TCPFSM_MAX_TX);
    ck_assert_uint_eq(t.out.more, 1);
    h_send(&t, 0u);
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s + TCPFSM_MAX_TX * MSS, TCPFSM_MAX_TX * MSS,
                  100u);
    /* but once that small tail is out, the next small write waits */
    h_send(&t, 10u);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* The FIN queues behind data Nagle holds, and leaves with it. */
START_TEST(fin_waits_behind_held_data)
{
    h_t t;
    uint32_t s;
    establish(&t, _i, (uint16_t)H_WINDOW);
    s = t.iss + 1u;
    h_send(&t, 100u);
    h_send(&t, 100u);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s + 100u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, 2);
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, s + 100u, 0u, 100u);
    h_expect_tx(&t, 1, TCPFSM_FIN | TCPFSM_ACK, s + 200u, h_rcv_nxt(&t));
}
END_TEST

/* §3.8.6.2.1: with data in flight, a piece of the window smaller than a
 * segment and than half the largest window waits; half the window goes;
 * with nothing in flight what fits goes (no ACK would come otherwise). */
START_TEST(sender_silly_window_avoidance)
{
    h_t t;
    uint32_t s;
    establish(&t, _i, 4000u);
    s = t.iss + 1u;
    h_send(&t, 20000u);
    ck_assert_uint_eq(t.out.count, 2); /* 1460, 1460; 1080 wait */
    ck_assert_uint_eq(snd_nxt(&t), s + 2u * MSS);
    h_peer_ack(&t, s + 500u, 4000u); /* 1580 fit: a full segment */
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, TCPFSM_ACK, s + 2u * MSS, 2u * MSS - 500u, MSS);
    h_peer_ack(&t, s + 1500u, 4000u); /* 1120 fit: less than 2000, wait */
    ck_assert_uint_eq(t.out.count, 0);
    h_peer_ack(&t, s + 2500u, 4000u); /* 2120 fit: a segment, 660 wait */
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, TCPFSM_ACK, s + 3u * MSS, 3u * MSS - 2500u, MSS);
    h_peer_ack(&t, s + 4u * MSS, 1000u); /* all acknowledged, 1000 offered */
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, TCPFSM_ACK, s + 4u * MSS, 0u, 1000u);
}
END_TEST

START_TEST(set_nodelay_refuses_bad_blocks)
{
    h_t t;
    tcpfsm_conn before;
    establish(&t, _i, (uint16_t)H_WINDOW);
    ck_assert_int_eq(tcpfsm_set_nodelay(NULL, 1), TCPFSM_ERR_NULL);
    t.conn.state = 11;
    before = t.conn;
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_ERR_INVALID_ARG);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
}
END_TEST

Suite *suite_nagle(void)
{
    Suite *s = suite_create("nagle");
    TCase *tc = tcase_create("nagle and sender sws");
    tcase_add_loop_test(tc, small_segment_waits_for_the_ack_of_the_last, 0, 2);
    tcase_add_loop_test(tc, nodelay_sends_at_once, 0, 2);
    tcase_add_loop_test(tc, config_flag_sets_each_new_connection, 0, 2);
    tcase_add_loop_test(tc, tail_of_a_large_write_goes, 0, 2);
    tcase_add_loop_test(tc, fin_waits_behind_held_data, 0, 2);
    tcase_add_loop_test(tc, sender_silly_window_avoidance, 0, 2);
    tcase_add_loop_test(tc, set_nodelay_refuses_bad_blocks, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
