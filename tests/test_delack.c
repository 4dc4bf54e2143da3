/* SPDX-License-Identifier: BSD-2-Clause */
/* Delayed ACK (RFC 9293 §3.8.6.3, RFC 1122 §4.2.3.2; RFC 5681 §4.2): the
 * ACK of in-order data waits up to delack_ms, and no longer than a second
 * segment; anything else is acknowledged at once.  Every test runs twice:
 * with small sequence numbers, and just below 2^32. */
#include "harness.h"
#include "suites.h"

#define DELACK 100u

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* ESTABLISHED with the library's defaults (delack_ms 100). */
static void establish(h_t *t, int i)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.delack_ms, DELACK);
    h_establish(t, &cfg, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, 1460u);
}

/* 100 bytes from the peer at seq, acknowledging everything. */
static void data_at(h_t *t, uint32_t seq, uint8_t flags)
{
    tcpfsm_segment seg = h_seg(flags, seq, t->conn.snd_nxt, 100u);
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

START_TEST(ack_waits_then_goes_at_the_deadline)
{
    h_t t;
    uint32_t p;
    establish(&t, _i);
    p = t.peer_iss + 1u;
    data_at(&t, p, TCPFSM_ACK);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, t.now + DELACK);
    ck_assert_int_eq(h_timer(&t, t.now + DELACK - 1u), TCPFSM_OK); /* not yet */
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, p + 100u);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
}
END_TEST

START_TEST(second_segment_is_acknowledged_at_once)
{
    h_t t;
    uint32_t p;
    establish(&t, _i);
    p = t.peer_iss + 1u;
    data_at(&t, p, TCPFSM_ACK);
    ck_assert_uint_eq(t.out.count, 0);
    data_at(&t, p + 100u, TCPFSM_ACK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, p + 200u);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE); /* nothing held now */
    data_at(&t, p + 200u, TCPFSM_ACK); /* and the next one waits again */
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* RFC 5681 §4.2: out of order, at once; a FIN, at once. */
START_TEST(out_of_order_and_fin_at_once)
{
    h_t t;
    uint32_t p;
    establish(&t, _i);
    p = t.peer_iss + 1u;
    data_at(&t, p + 100u, TCPFSM_ACK); /* a hole before it */
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, p);
    data_at(&t, p, TCPFSM_ACK | TCPFSM_FIN);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, p + 101u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
}
END_TEST

/* The held ACK rides on the data we send: no separate ACK follows. */
START_TEST(held_ack_rides_on_data)
{
    h_t t;
    uint32_t p;
    establish(&t, _i);
    p = t.peer_iss + 1u;
    data_at(&t, p, TCPFSM_ACK);
    ck_assert_uint_eq(t.out.count, 0);
    h_send(&t, 10u);
    h_expect_data(&t, 0, TCPFSM_ACK | TCPFSM_PSH, t.iss + 1u, 0u, 10u);
    ck_assert_uint_eq(t.out.tx[0].ack, p + 100u);
    ck_assert(t.conn.ack_deadline == TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_timer(&t, t.now + DELACK), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* delack_ms 0: every ACK at once. */
START_TEST(zero_turns_it_off)
{
    h_t t;
    uint32_t p;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    cfg.delack_ms = 0u;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    p = t.peer_iss + 1u;
    data_at(&t, p, TCPFSM_ACK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, p + 100u);
}
END_TEST

/* The largest delay allowed, 200 ms. */
START_TEST(longest_delay)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    cfg.delack_ms = TCPFSM_MAX_DELACK_MS;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    data_at(&t, t.peer_iss + 1u, TCPFSM_ACK);
    ck_assert_uint_eq(t.out.deadline, t.now + 200u);
    cfg.delack_ms = TCPFSM_MAX_DELACK_MS + 1u;
    ck_assert_int_eq(tcpfsm_init(&t.conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
}
END_TEST

Suite *suite_delack(void)
{
    Suite *s = suite_create("delack");
    TCase *tc = tcase_create("delayed ack");
    tcase_add_loop_test(tc, ack_waits_then_goes_at_the_deadline, 0, 2);
    tcase_add_loop_test(tc, second_segment_is_acknowledged_at_once, 0, 2);
    tcase_add_loop_test(tc, out_of_order_and_fin_at_once, 0, 2);
    tcase_add_loop_test(tc, held_ack_rides_on_data, 0, 2);
    tcase_add_loop_test(tc, zero_turns_it_off, 0, 2);
    tcase_add_loop_test(tc, longest_delay, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
