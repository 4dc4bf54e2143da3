/* SPDX-License-Identifier: BSD-2-Clause */
/* The FIN-WAIT-2 timeout.  RFC 9293 has FIN-WAIT-2 wait for the peer's FIN
 * for ever (§3.3.2, §3.10.7.4); a peer that vanished would hold the block
 * for good.  Once the user says it will receive no more
 * (tcpfsm_shutdown_receive, as close() or shutdown(SHUT_RD)), FIN-WAIT-2
 * with the peer silent for fin_wait_2_timeout_ms (60 s, FreeBSD's
 * tcp_finwait2_timeout, Linux's tcp_fin_timeout) ends the connection:
 * CLOSED, TIMED_OUT, nothing sent.  Each segment heard from the peer
 * restarts the wait (FreeBSD's t_rcvtime); 0 turns it off; it takes
 * keepalive's place; in the other states the call changes nothing but the
 * flag.  Every test runs twice: with small sequence numbers, and just below
 * 2^32. */
#include <string.h>
#include "harness.h"
#include "net.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_FIN TCPFSM_FIN
#define F_SYN TCPFSM_SYN

#define TIMEOUT_MS 60000u   /* tcpfsm_config_default's fin_wait_2_timeout_ms */
#define IDLE_MS    7200000u /* keepalive_idle_s, 7200 s */
#define TIMED_OUT_CLOSED ((uint32_t)(TCPFSM_NOTE_TIMED_OUT | TCPFSM_NOTE_CLOSED))

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* The harness checks every call against fuzz/oracle.c; its timers_armed
 * still wants the keepalive timer wherever keepalive is on and the
 * connection idle, which the FIN-WAIT-2 timeout now replaces (the tests
 * with keepalive on and the timeout running set this, and make the calls
 * themselves). */
static int bypass_oracle;

static void oracle_on(void)
{
    bypass_oracle = 0;
}

static void rx(h_t *t, tcpfsm_segment seg)
{
    if (bypass_oracle) {
        ck_assert_int_eq(tcpfsm_on_segment(&t->conn, &seg, t->iss, t->now, &t->out), TCPFSM_OK);
    } else {
        ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
    }
}

static void timer(h_t *t, uint64_t at)
{
    if (bypass_oracle) {
        if (at > t->now) {
            t->now = at;
        }
        ck_assert_int_eq(tcpfsm_on_timer(&t->conn, t->now, &t->out), TCPFSM_OK);
    } else {
        ck_assert_int_eq(h_timer(t, at), TCPFSM_OK);
    }
}

static void config(tcpfsm_config *cfg, int keepalive, uint32_t timeout_ms)
{
    h_config(cfg);
    if (keepalive) {
        cfg->flags = (uint8_t)(cfg->flags | TCPFSM_CFG_KEEPALIVE);
    }
    cfg->fin_wait_2_timeout_ms = timeout_ms;
}

/* ESTABLISHED with cfg; CLOSE sends our FIN (FIN-WAIT-1). */
static void establish_and_close(h_t *t, const tcpfsm_config *cfg, int i)
{
    h_establish(t, cfg, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, 1460u);
    t->now += 100u;
    ck_assert_int_eq(tcpfsm_close(&t->conn, t->now, &t->out), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_1);
    h_expect_tx(t, 0, F_FIN | F_ACK, t->conn.snd_nxt - 1u, t->conn.rcv_nxt);
}

/* The peer acknowledges our FIN 10 ms later: FIN-WAIT-2 at t->now. */
static void fin_acked(h_t *t)
{
    t->now += 10u;
    rx(t, h_seg(F_ACK, t->conn.rcv_nxt, t->conn.snd_nxt, 0u));
    ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(t->out.count, 0);
}

static void reach_fin_wait_2(h_t *t, const tcpfsm_config *cfg, int i)
{
    establish_and_close(t, cfg, i);
    fin_acked(t);
}

static void shutdown_receive(h_t *t)
{
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t->conn, t->now), TCPFSM_OK);
    ck_assert_uint_eq(t->conn.rcv_shut, 1);
}

/* A timer call that changes nothing: still FIN-WAIT-2, nothing sent. */
static void timer_quiet(h_t *t, uint64_t at)
{
    timer(t, at);
    ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert_uint_eq(t->out.notes, 0);
}

/* The timeout at `at`: CLOSED, TIMED_OUT and CLOSED, no segment (not even
 * a RST: FreeBSD's tcp_close and Linux's FIN-WAIT-2 socket send none). */
static void timer_ends(h_t *t, uint64_t at)
{
    timer(t, at - 1u); /* 1 ms before: nothing */
    ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert_uint_eq(t->out.notes, 0);
    ck_assert_uint_eq(t->out.deadline, at);
    timer(t, at);
    ck_assert_int_eq(h_state(t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t->out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert(t->out.deadline == TCPFSM_NO_DEADLINE);
}

/* ---- the configuration ---------------------------------------------------- */

START_TEST(default_is_60_s)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.fin_wait_2_timeout_ms, TIMEOUT_MS);
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    ck_assert_uint_eq(conn.rcv_shut, 0);
}
END_TEST

/* ---- RFC 9293: without shutdown_receive, FIN-WAIT-2 waits for ever --------- */

/* §3.3.2: FIN-WAIT-2 "waiting for a connection termination request from
 * the remote TCP"; no timeout is defined there. */
START_TEST(waits_for_ever_without_shutdown_receive)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    at = t.now;
    timer_quiet(&t, at + TIMEOUT_MS);
    timer_quiet(&t, at + 10u * TIMEOUT_MS);
    timer_quiet(&t, at + 30u * 24u * 3600u * 1000u); /* a month */
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
}
END_TEST

/* With keepalive on (RFC 1122 §4.2.3.6) and no shutdown_receive, keepalive
 * runs in FIN-WAIT-2 as before: a probe after the idle time, no timeout. */
START_TEST(keepalive_alone_without_shutdown_receive)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    config(&cfg, 1, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    at = t.now;
    ck_assert_uint_eq(t.out.deadline, at + IDLE_MS);
    timer_quiet(&t, at + TIMEOUT_MS);
    ck_assert_int_eq(h_timer(&t, at + IDLE_MS), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt - 1u, t.conn.rcv_nxt); /* the probe */
}
END_TEST

/* ---- the timeout ---------------------------------------------------------- */

/* Called in FIN-WAIT-2 as the ACK of our FIN arrives: the deadline is
 * exactly now + fin_wait_2_timeout_ms; 1 ms before, nothing. */
START_TEST(ends_after_the_timeout)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + TIMEOUT_MS);
    timer_ends(&t, t.now + TIMEOUT_MS);
    /* the TCB is gone */
    ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_ERR_NO_CONNECTION);
}
END_TEST

/* Other timeouts, shorter and longer. */
START_TEST(the_configured_timeout)
{
    static const uint32_t TIMEOUTS[] = {1u, 2500u, 600000u, 0xFFFFFFFFu};
    h_t t;
    tcpfsm_config cfg;
    uint32_t timeout = TIMEOUTS[_i / 2];
    config(&cfg, 0, timeout);
    reach_fin_wait_2(&t, &cfg, _i % 2);
    shutdown_receive(&t);
    timer_ends(&t, t.now + timeout);
}
END_TEST

/* Called in ESTABLISHED, before CLOSE: nothing changes there; FIN-WAIT-2
 * then ends fin_wait_2_timeout_ms after the ACK of our FIN. */
START_TEST(called_before_close)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t deadline;
    config(&cfg, 0, TIMEOUT_MS);
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    deadline = tcpfsm_next_deadline(&t.conn);
    t.now += 5u;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), deadline);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    /* the peer's data is still delivered and acknowledged */
    ck_assert_int_eq(h_rx(&t, h_seg(F_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 100u)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, t.conn.rcv_nxt);
    t.now += 1000u;
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, t.now + t.conn.rto); /* the FIN's retransmission */
    fin_acked(&t);
    ck_assert_uint_eq(t.out.deadline, t.now + TIMEOUT_MS);
    timer_ends(&t, t.now + TIMEOUT_MS);
}
END_TEST

/* Called in FIN-WAIT-1 with our FIN in flight: its retransmission timer
 * stays as it was; the timeout starts with the ACK of the FIN. */
START_TEST(called_in_fin_wait_1)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t deadline;
    config(&cfg, 0, TIMEOUT_MS);
    establish_and_close(&t, &cfg, _i);
    deadline = tcpfsm_next_deadline(&t.conn);
    t.now += 3u;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), deadline);
    /* the FIN is lost once and goes again at the RTO */
    ck_assert_int_eq(h_timer(&t, deadline), TCPFSM_OK);
    h_expect_tx(&t, 0, F_FIN | F_ACK, t.conn.snd_nxt - 1u, t.conn.rcv_nxt);
    fin_acked(&t);
    ck_assert_uint_eq(t.out.deadline, t.now + TIMEOUT_MS);
    timer_ends(&t, t.now + TIMEOUT_MS);
}
END_TEST

/* Called in FIN-WAIT-2 some time after the ACK of our FIN: the rule holds
 * "from then on" (tcpfsm_shutdown_receive), as Linux's tcp_fin_timeout
 * counts from close() and FreeBSD's tcp_usrclosed arms its timer there:
 * the deadline is the call plus the timeout. */
START_TEST(called_later_in_fin_wait_2)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    t.now += 20000u;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + TIMEOUT_MS);
    timer_ends(&t, t.now + TIMEOUT_MS);
}
END_TEST

/* The user saying it again moves nothing: it is the peer's silence that
 * counts. */
START_TEST(called_twice)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t deadline;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    deadline = t.now + TIMEOUT_MS;
    t.now += 30000u;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), deadline);
    timer_ends(&t, deadline);
}
END_TEST

/* ---- the peer heard --------------------------------------------------------- */

/* Each segment from the peer restarts the wait (FreeBSD's t_rcvtime): data
 * of the half-closed peer, delivered (the call stops no delivery: RFC 9293
 * §3.10.7.4, FIN-WAIT-2 processes the text), and a pure ACK. */
START_TEST(each_segment_restarts_the_wait)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t start;
    uint32_t rcv_nxt;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    start = t.now;
    rcv_nxt = t.conn.rcv_nxt;
    /* data, 30 s in */
    t.now = start + 30000u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_ACK, rcv_nxt, t.conn.snd_nxt, 100u)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, rcv_nxt + 100u);
    ck_assert_uint_eq(t.out.deadline, start + 30000u + TIMEOUT_MS);
    /* past the first deadline: still there */
    timer_quiet(&t, start + TIMEOUT_MS);
    /* a pure ACK, 80 s in */
    t.now = start + 80000u;
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, start + 80000u + TIMEOUT_MS);
    timer_quiet(&t, start + 30000u + TIMEOUT_MS);
    /* then silence */
    timer_ends(&t, start + 80000u + TIMEOUT_MS);
}
END_TEST

/* The peer in CLOSE-WAIT with keepalive on probes us (RFC 1122 §4.2.3.6:
 * <SEQ=SND.NXT-1><ACK=RCV.NXT>, an old sequence number); we answer it
 * with an ACK (RFC 9293 §3.10.7.4, first step).  Only an acceptable
 * segment counts as the peer heard (tcpfsm_peer_heard, as Linux's
 * rcv_tstamp): a segment outside the window, which anyone can forge
 * (RFC 5961 §1), must not hold a block whose user has gone.  FreeBSD's
 * t_rcvtime would count it. */
START_TEST(peer_keepalive_probe_is_answered_not_counted)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t start;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    start = t.now;
    t.now = start + 50000u;
    rx(&t, h_seg(F_ACK, t.conn.rcv_nxt - 1u, t.conn.snd_nxt, 0u));
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, t.conn.rcv_nxt); /* the answer */
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    ck_assert_msg(t.out.deadline == start + TIMEOUT_MS,
                  "after the peer's probe at +50 s the deadline is +%llu s, not +60 s",
                  (unsigned long long)((t.out.deadline - start) / 1000u));
    timer_ends(&t, start + TIMEOUT_MS);
}
END_TEST

/* The peer's FIN ends FIN-WAIT-2 the RFC's way: TIME-WAIT and its 2 MSL
 * (§3.10.7.4, eighth step), not the timeout. */
START_TEST(peer_fin_before_the_timeout)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    t.now += TIMEOUT_MS - 1u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_FIN | F_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    ck_assert_uint_eq(t.out.deadline, t.now + t.cfg.msl2_ms);
    ck_assert_int_eq(h_timer(&t, t.now + 1u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
}
END_TEST

/* A delayed ACK for the peer's data goes at its own deadline; the timeout
 * stays where the data put it. */
START_TEST(delayed_ack_beside_the_timeout)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    config(&cfg, 0, TIMEOUT_MS);
    cfg.delack_ms = 100u;
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    t.now += 1000u;
    at = t.now;
    ck_assert_int_eq(h_rx(&t, h_seg(F_ACK, t.conn.rcv_nxt, t.conn.snd_nxt, 100u)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, at + 100u);
    ck_assert_int_eq(h_timer(&t, at + 100u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, t.conn.rcv_nxt);
    ck_assert_uint_eq(t.out.deadline, at + TIMEOUT_MS);
    timer_ends(&t, at + TIMEOUT_MS);
}
END_TEST

/* ---- 0 turns it off ----------------------------------------------------------- */

START_TEST(zero_disables)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 0, 0u);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    timer_quiet(&t, t.now + TIMEOUT_MS);
    timer_quiet(&t, t.now + 100u * TIMEOUT_MS);
}
END_TEST

/* Off, with keepalive on: keepalive finds out, as it would without the
 * call. */
START_TEST(zero_leaves_keepalive)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    config(&cfg, 1, 0u);
    reach_fin_wait_2(&t, &cfg, _i);
    at = t.now;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), at + IDLE_MS);
    timer_quiet(&t, at + TIMEOUT_MS);
    ck_assert_int_eq(h_timer(&t, at + IDLE_MS), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1); /* the probe */
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt - 1u, t.conn.rcv_nxt);
}
END_TEST

/* ---- it takes keepalive's place ---------------------------------------------- */

/* In FIN-WAIT-2 with keepalive running, the call replaces the keepalive
 * timer: no probe; the timeout ends the connection, without the RST
 * keepalive's give-up sends. */
START_TEST(takes_keepalives_place)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    config(&cfg, 1, TIMEOUT_MS);
    bypass_oracle = 1;
    reach_fin_wait_2(&t, &cfg, _i);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + IDLE_MS);
    t.now += 500u;
    at = t.now;
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), at + TIMEOUT_MS);
    /* keepalive switched on again changes nothing */
    ck_assert_int_eq(tcpfsm_set_keepalive(&t.conn, 1, at + 1u), TCPFSM_OK);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), at + TIMEOUT_MS);
    timer_ends(&t, at + TIMEOUT_MS);
    bypass_oracle = 0;
}
END_TEST

/* The same with the call made in ESTABLISHED, keepalive on: keepalive runs
 * there, and the timeout takes over once FIN-WAIT-2 is reached. */
START_TEST(takes_keepalives_place_from_established)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 1, TIMEOUT_MS);
    bypass_oracle = 1;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, 1460u);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + IDLE_MS);
    shutdown_receive(&t);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), t.now + IDLE_MS);
    t.now += 100u;
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    fin_acked(&t);
    ck_assert_uint_eq(t.out.deadline, t.now + TIMEOUT_MS);
    timer_ends(&t, t.now + TIMEOUT_MS);
    bypass_oracle = 0;
}
END_TEST

/* ---- the other states ----------------------------------------------------------- */

static const struct {
    tcpfsm_state state;
    h_origin     origin;
} OTHERS[] = {
    {TCPFSM_SYN_SENT, ORIGIN_ACTIVE},    {TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE},
    {TCPFSM_LISTEN, ORIGIN_PASSIVE},     {TCPFSM_ESTABLISHED, ORIGIN_ACTIVE},
    {TCPFSM_CLOSE_WAIT, ORIGIN_ACTIVE},  {TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE},
    {TCPFSM_CLOSING, ORIGIN_ACTIVE},     {TCPFSM_LAST_ACK, ORIGIN_ACTIVE},
    {TCPFSM_TIME_WAIT, ORIGIN_ACTIVE},
};
#define N_OTHERS (int)(sizeof OTHERS / sizeof OTHERS[0])

/* Outside FIN-WAIT-2 the call changes no timer and no state: the block is
 * the same but for the flag and the clock it ran at. */
START_TEST(other_states_unchanged)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_conn before;
    int k = _i / 4;
    int keepalive = (_i / 2) % 2;
    config(&cfg, keepalive, TIMEOUT_MS);
    cfg.max_retries = H_MAX_RETRIES;
    h_init_cfg(&t, &cfg, ISS[_i % 2], PEER_ISS[_i % 2]);
    h_drive(&t, OTHERS[k].state, OTHERS[k].origin);
    t.now += 7u;
    before = t.conn;
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t.conn, t.now), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.rcv_shut, 1);
    ck_assert_uint_eq(t.conn.latest_now, t.now);
    before.rcv_shut = 1u;
    before.latest_now = t.conn.latest_now;
    before.clock_skew = t.conn.clock_skew;
    ck_assert_msg(memcmp(&before, &t.conn, sizeof before) == 0,
                  "%s (keepalive %d): the call changed the block",
                  tcpfsm_state_name(OTHERS[k].state), keepalive);
    /* and time passing shows no timeout either */
    if (tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE) {
        ck_assert_int_eq(h_timer(&t, t.now + TIMEOUT_MS), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), OTHERS[k].state);
        ck_assert_uint_eq(t.out.count, 0);
    }
}
END_TEST

/* CLOSE-WAIT, then LAST-ACK: the peer closed first, we never reach
 * FIN-WAIT-2, and the flag ends nothing. */
START_TEST(passive_close_unaffected)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 0, TIMEOUT_MS);
    cfg.max_retries = H_MAX_RETRIES;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_CLOSE_WAIT, ORIGIN_ACTIVE);
    shutdown_receive(&t);
    ck_assert(tcpfsm_next_deadline(&t.conn) == TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LAST_ACK);
    ck_assert_uint_eq(t.out.deadline, t.now + t.conn.rto);
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

/* The flag belongs to the connection: a new one on the block starts
 * without it (FIN-WAIT-2 waits for ever again). */
START_TEST(flag_cleared_with_the_connection)
{
    h_t t;
    tcpfsm_config cfg;
    config(&cfg, 0, TIMEOUT_MS);
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.rcv_shut, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    fin_acked(&t);
    ck_assert(t.out.deadline == TCPFSM_NO_DEADLINE);
    timer_quiet(&t, t.now + 2u * TIMEOUT_MS);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------ */

/* NULL, a corrupt state byte and CLOSED are refused, the block byte for
 * byte as it was (the clock included). */
START_TEST(errors_change_nothing)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_conn before;
    config(&cfg, 0, TIMEOUT_MS);
    ck_assert_int_eq(tcpfsm_shutdown_receive(NULL, 5u), TCPFSM_ERR_NULL);
    /* CLOSED, never used */
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    before = t.conn;
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t.conn, t.now), TCPFSM_ERR_NO_CONNECTION);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
    /* CLOSED after a connection timed out of FIN-WAIT-2 */
    reach_fin_wait_2(&t, &cfg, _i);
    shutdown_receive(&t);
    ck_assert_int_eq(h_timer(&t, t.now + TIMEOUT_MS), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    before = t.conn;
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t.conn, t.now + 99u), TCPFSM_ERR_NO_CONNECTION);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
    /* a corrupt state byte, in FIN-WAIT-2 */
    reach_fin_wait_2(&t, &cfg, _i);
    t.conn.state = 11u;
    before = t.conn;
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t.conn, t.now + 99u), TCPFSM_ERR_INVALID_ARG);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
    t.conn.state = 0xFFu;
    before = t.conn;
    ck_assert_int_eq(tcpfsm_shutdown_receive(&t.conn, t.now + 99u), TCPFSM_ERR_INVALID_ARG);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
}
END_TEST

/* ---- two endpoints ------------------------------------------------------------------ */

/* A closes and will read no more; B acknowledges the FIN and then sits in
 * CLOSE-WAIT for good, as a peer that vanished would look.  A ends 60 s
 * after the ACK of its FIN, sending nothing; B hears nothing. */
static net_t net; /* large: static */

START_TEST(vanished_peer_two_endpoints)
{
    net_t *n = &net;
    tcpfsm_config cfg;
    uint64_t acked_at;
    config(&cfg, 0, TIMEOUT_MS);
    net_init(n, &cfg, &cfg, ISS[_i], PEER_ISS[_i]);
    net_handshake(n);
    ck_assert_int_eq(tcpfsm_shutdown_receive(&n->a.conn, n->now), TCPFSM_OK);
    net_close(n, &n->a);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(&n->a), TCPFSM_FIN_WAIT_2);
    ck_assert_int_eq(net_state(&n->b), TCPFSM_CLOSE_WAIT);
    acked_at = n->now;
    ck_assert(net_advance(n));
    ck_assert_uint_eq(n->now, acked_at + TIMEOUT_MS);
    ck_assert_int_eq(net_state(&n->a), TCPFSM_CLOSED);
    ck_assert_uint_eq(n->a.last_notes, TIMED_OUT_CLOSED);
    net_expect_silent(&n->a);
    ck_assert_int_eq(net_state(&n->b), TCPFSM_CLOSE_WAIT);
    ck_assert(!net_advance(n)); /* nothing else is due */
}
END_TEST

Suite *suite_fin_wait_2(void)
{
    Suite *s = suite_create("FIN-WAIT-2 timeout");
    TCase *tc = tcase_create("FIN-WAIT-2 timeout");
    tcase_add_checked_fixture(tc, oracle_on, NULL);
    tcase_add_test(tc, default_is_60_s);
    tcase_add_loop_test(tc, waits_for_ever_without_shutdown_receive, 0, 2);
    tcase_add_loop_test(tc, keepalive_alone_without_shutdown_receive, 0, 2);
    tcase_add_loop_test(tc, ends_after_the_timeout, 0, 2);
    tcase_add_loop_test(tc, the_configured_timeout, 0, 8);
    tcase_add_loop_test(tc, called_before_close, 0, 2);
    tcase_add_loop_test(tc, called_in_fin_wait_1, 0, 2);
    tcase_add_loop_test(tc, called_later_in_fin_wait_2, 0, 2);
    tcase_add_loop_test(tc, called_twice, 0, 2);
    tcase_add_loop_test(tc, each_segment_restarts_the_wait, 0, 2);
    tcase_add_loop_test(tc, peer_keepalive_probe_is_answered_not_counted, 0, 2);
    tcase_add_loop_test(tc, peer_fin_before_the_timeout, 0, 2);
    tcase_add_loop_test(tc, delayed_ack_beside_the_timeout, 0, 2);
    tcase_add_loop_test(tc, zero_disables, 0, 2);
    tcase_add_loop_test(tc, zero_leaves_keepalive, 0, 2);
    tcase_add_loop_test(tc, takes_keepalives_place, 0, 2);
    tcase_add_loop_test(tc, takes_keepalives_place_from_established, 0, 2);
    tcase_add_loop_test(tc, other_states_unchanged, 0, 4 * N_OTHERS);
    tcase_add_loop_test(tc, passive_close_unaffected, 0, 2);
    tcase_add_loop_test(tc, flag_cleared_with_the_connection, 0, 2);
    tcase_add_loop_test(tc, errors_change_nothing, 0, 2);
    tcase_add_loop_test(tc, vanished_peer_two_endpoints, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
