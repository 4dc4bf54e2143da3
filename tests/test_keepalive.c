/* SPDX-License-Identifier: BSD-2-Clause */
/* Keepalive (RFC 1122 §4.2.3.6): off by default; when on, an idle
 * connection is probed after keepalive_idle_s, then every
 * keepalive_interval_s, and dropped after keepalive_count probes without an
 * answer.  Every test runs twice: with small sequence numbers, and just
 * below 2^32. */
#include <stddef.h>
#include "harness.h"
#include "net.h"
#include "suites.h"

#define IDLE_MS     7200000u /* the defaults: 7200 s, 75 s, 9 probes */
#define INTERVAL_MS 75000u
#define COUNT       9u

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* ESTABLISHED, idle, with keepalive on from the configuration. */
static void establish(h_t *t, int i)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    ck_assert_uint_eq(cfg.keepalive_idle_s * 1000u, IDLE_MS);
    ck_assert_uint_eq(cfg.keepalive_interval_s * 1000u, INTERVAL_MS);
    ck_assert_uint_eq(cfg.keepalive_count, COUNT);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_KEEPALIVE);
    h_establish(t, &cfg, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, 1460u);
}

/* The probe: an ACK of RCV.NXT at SND.NXT - 1, with no data. */
static void expect_probe(const h_t *t)
{
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_ACK, t->conn.snd_nxt - 1u, t->conn.rcv_nxt);
    ck_assert_uint_eq(t->out.tx[0].data_len, 0);
}

/* The peer answers a probe as RFC 9293 §3.10.7.4 makes it: an ACK. */
static void peer_answers(h_t *t)
{
    ck_assert_int_eq(h_rx(t, h_seg(TCPFSM_ACK, t->conn.rcv_nxt, t->conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t->out.count, 0);
}

START_TEST(off_by_default)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.flags & TCPFSM_CFG_KEEPALIVE, 0);
    h_establish(&t, NULL, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
}
END_TEST

START_TEST(first_probe_after_the_idle_time_then_every_interval)
{
    h_t t;
    uint64_t start;
    establish(&t, _i);
    start = t.now;
    ck_assert_uint_eq(t.out.deadline, start + IDLE_MS);
    ck_assert_int_eq(h_timer(&t, start + IDLE_MS - 1u), TCPFSM_OK); /* not yet */
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, start + IDLE_MS), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_uint_eq(t.out.deadline, start + IDLE_MS + INTERVAL_MS);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_uint_eq(t.out.deadline, start + IDLE_MS + 2u * INTERVAL_MS);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

START_TEST(answer_starts_the_idle_time_over)
{
    h_t t;
    establish(&t, _i);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK); /* two probes */
    expect_probe(&t);
    t.now += 10u;
    peer_answers(&t);
    ck_assert_uint_eq(t.out.deadline, t.now + IDLE_MS);
    /* the count starts over too: all nine probes again before giving up */
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_uint_eq(t.out.deadline, t.now + INTERVAL_MS);
}
END_TEST

START_TEST(unanswered_probes_end_the_connection)
{
    h_t t;
    uint32_t i;
    uint32_t snd_nxt;
    uint64_t start;
    establish(&t, _i);
    start = t.now;
    snd_nxt = t.conn.snd_nxt;
    for (i = 0; i < COUNT; i++) {
        ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
        expect_probe(&t);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
    ck_assert_uint_eq(t.out.deadline, start + IDLE_MS + COUNT * INTERVAL_MS);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_TIMED_OUT | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_RST, snd_nxt, 0u);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
}
END_TEST

/* RFC 1122: probes only after an interval with nothing received. */
START_TEST(arriving_data_restarts_the_idle_time)
{
    h_t t;
    uint64_t start;
    establish(&t, _i);
    start = t.now;
    t.now = start + IDLE_MS / 2u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 100u)),
                     TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, t.conn.rcv_nxt); /* its ACK */
    ck_assert_uint_eq(t.out.deadline, start + IDLE_MS / 2u + IDLE_MS);
}
END_TEST

/* While data is in flight the retransmission timer runs, never hours of
 * keepalive; once all is acknowledged keepalive counts from that ACK. */
START_TEST(data_in_flight_runs_the_retransmission_timer)
{
    h_t t;
    uint64_t rto;
    establish(&t, _i);
    t.now += 1000u;
    h_send(&t, 100u);
    rto = t.conn.rto;
    ck_assert_uint_eq(t.out.deadline, t.now + rto);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK); /* a retransmission */
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].data_len, 100);
    t.now += 5u;
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.deadline, t.now + IDLE_MS);
}
END_TEST

/* The persist timer, not keepalive, runs while data waits on a zero window. */
START_TEST(zero_window_runs_the_persist_timer)
{
    h_t t;
    establish(&t, _i);
    h_peer_ack(&t, t.conn.snd_nxt, 0u);
    ck_assert_uint_eq(t.out.deadline, t.now + IDLE_MS);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, t.now + t.conn.rto);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].data_len, 1); /* the window probe */
}
END_TEST

START_TEST(switched_on_and_off_at_run_time)
{
    h_t t;
    h_establish(&t, NULL, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    t.now += 3u;
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 1, t.now), TCPFSM_OK);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + IDLE_MS);
    ck_assert_int_eq(h_timer(&t, t.now + IDLE_MS), TCPFSM_OK);
    expect_probe(&t);
    /* on again changes nothing: the interval runs on */
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 7, t.now + 1u), TCPFSM_OK);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + INTERVAL_MS);
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 0, t.now + 1u), TCPFSM_OK);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    /* on once more: a fresh idle time and count */
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 1, t.now + 1u), TCPFSM_OK);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + 1u + IDLE_MS);
}
END_TEST

START_TEST(set_keepalive_errors_change_nothing)
{
    h_t t;
    tcpfsm_conn before;
    ck_assert_int_eq(tcpfsm_set_keepalive(NULL, 1, 0u), TCPFSM_ERR_NULL);
    h_establish(&t, NULL, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    t.conn.state = 11u; /* not a state */
    before = t.conn;
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 1, t.now), TCPFSM_ERR_INVALID_ARG);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
}
END_TEST

/* In CLOSED, LISTEN and SYN-SENT there is nothing to keep alive. */
START_TEST(no_keepalive_before_the_handshake)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_KEEPALIVE);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 1, t.now), TCPFSM_OK);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, t.now + t.conn.rto); /* the SYN's timer */
}
END_TEST

/* Two cores: a probe draws the peer's ACK, which keeps the connection up
 * however long it stays idle. */
static net_t net; /* large: static */

START_TEST(a_live_peer_answers_every_probe)
{
    net_t *n = &net;
    tcpfsm_config cfg;
    uint32_t i;
    h_config(&cfg);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_KEEPALIVE);
    net_init(n, &cfg, NULL, ISS[_i], PEER_ISS[_i]);
    net_listen(n, &n->b);
    net_connect(n, &n->a);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(&n->a), TCPFSM_ESTABLISHED);
    for (i = 0; i < 3u * COUNT; i++) {
        ck_assert_uint_eq(tcpfsm_next_deadline(&n->a.conn), n->now + IDLE_MS);
        ck_assert(net_advance(n));
        net_expect(&n->a, 0, TCPFSM_ACK, n->a.conn.snd_nxt - 1u, n->a.conn.rcv_nxt, 0u);
        ck_assert_uint_eq(net_flush(n, 10u), 2); /* the probe and its ACK */
    }
    ck_assert_int_eq(net_state(&n->a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(&n->b), TCPFSM_ESTABLISHED);
}
END_TEST

Suite *suite_keepalive(void)
{
    Suite *s = suite_create("keepalive");
    TCase *tc = tcase_create("keepalive");
    tcase_add_loop_test(tc, off_by_default, 0, 2);
    tcase_add_loop_test(tc, first_probe_after_the_idle_time_then_every_interval, 0, 2);
    tcase_add_loop_test(tc, answer_starts_the_idle_time_over, 0, 2);
    tcase_add_loop_test(tc, unanswered_probes_end_the_connection, 0, 2);
    tcase_add_loop_test(tc, arriving_data_restarts_the_idle_time, 0, 2);
    tcase_add_loop_test(tc, data_in_flight_runs_the_retransmission_timer, 0, 2);
    tcase_add_loop_test(tc, zero_window_runs_the_persist_timer, 0, 2);
    tcase_add_loop_test(tc, switched_on_and_off_at_run_time, 0, 2);
    tcase_add_loop_test(tc, set_keepalive_errors_change_nothing, 0, 2);
    tcase_add_loop_test(tc, no_keepalive_before_the_handshake, 0, 2);
    tcase_add_loop_test(tc, a_live_peer_answers_every_probe, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
