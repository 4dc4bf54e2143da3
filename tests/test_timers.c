/* SPDX-License-Identifier: BSD-2-Clause */
/* Timers: the retransmission timeout of RFC 6298 (SRTT, RTTVAR, Karn,
 * backoff, §5.7), the retry limit and the user timeout (RFC 9293 §3.8.3,
 * §3.10.8), TIME-WAIT's 2 MSL, the persist timer of zero-window probing
 * (RFC 9293 §3.8.6.1), and deadlines near the end of time. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_PSH TCPFSM_PSH
#define F_FIN TCPFSM_FIN
#define F_SYN TCPFSM_SYN
#define F_RST TCPFSM_RST
#define TIMED_OUT_CLOSED ((unsigned)(TCPFSM_NOTE_TIMED_OUT | TCPFSM_NOTE_CLOSED))

/* Sequence numbers: small ones, and ones whose data crosses 2^32. */
static const uint32_t ISS[2] = {1000u, 0xFFFFFFC0u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

static void config_rto(tcpfsm_config *cfg, uint32_t rto_min, uint32_t rto_max)
{
    h_config(cfg);
    cfg->rto_min_ms = rto_min;
    cfg->rto_max_ms = rto_max;
}

/* Active open at t->now; the SYN,ACK (MSS 1460, window 65535) arrives rtt
 * ms later, so the handshake yields the first RTT sample R = rtt. */
static void establish_after(h_t *t, uint64_t rtt)
{
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    t->now += rtt;
    ck_assert_int_eq(h_rx(t, h_seg(F_SYN | F_ACK, t->peer_iss, t->iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
}

/* Passive open: SYN at t->now, the ACK of our SYN,ACK rtt ms later. */
static void accept_after(h_t *t, uint64_t rtt)
{
    ck_assert_int_eq(tcpfsm_open_passive(&t->conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(t, h_seg(F_SYN, t->peer_iss, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_RECEIVED);
    t->now += rtt;
    ck_assert_int_eq(h_rx(t, h_seg(F_ACK, t->peer_iss + 1u, t->iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
}




/* One RTT sample through data: len bytes sent at t->now, acknowledged
 * rtt ms later. */
static void data_sample(h_t *t, uint64_t rtt)
{
    uint32_t end;
    h_send(t, 100u);
    ck_assert_uint_eq(t->out.count, 1);
    end = t->conn.snd_nxt;
    t->now += rtt;
    h_peer_ack(t, end, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t->out.acked, 100);
}

/* ---- RFC 6298 §2.1: before any measurement RTO is 1 s ---------------- */

START_TEST(test_rto_initial_one_second)
{
    h_t t;
    tcpfsm_info info;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 1000u + 1000u);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), 2000u);
    info = h_info(&t);
    ck_assert_uint_eq(info.rto_ms, 1000);
    ck_assert_uint_eq(info.srtt_ms, 0);
    /* the SYN is retransmitted at exactly 1 s, not before */
    ck_assert_int_eq(h_timer(&t, 1999u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
    ck_assert_uint_eq(t.out.tx[0].options,
                      TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM);
    ck_assert_uint_eq(t.out.tx[0].mss, 1460);
}
END_TEST

START_TEST(test_rto_initial_configured)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rto_initial_ms = 2500u;
    h_init_cfg(&t, &cfg, ISS[0], PEER_ISS[0]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 3500u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 2500);
}
END_TEST

/* ---- RFC 6298 §2.2: the first sample --------------------------------- */

typedef struct {
    uint32_t rto_min, rto_max;
    uint32_t r;        /* the sample */
    uint32_t srtt;     /* SRTT = R */
    uint32_t rttvar4;  /* 4 * RTTVAR = 4 * R/2 */
    uint32_t rto;      /* SRTT + max(G, 4 RTTVAR), clamped */
} first_sample_case;

static const first_sample_case FIRST[] = {
    {1000u, 60000u, 100u, 100u, 200u, 1000u},     /* 300 raised to rto_min (§2.4) */
    {1000u, 60000u, 500u, 500u, 1000u, 1500u},    /* 500 + 4*250 */
    {1u, 60000u, 100u, 100u, 200u, 300u},         /* unclamped */
    {1u, 60000u, 1u, 1u, 2u, 3u},                 /* 1 + 4*0.5 */
    {1u, 60000u, 0u, 0u, 0u, 1u},                 /* 0 + max(G = 1 ms, 0) */
    {1u, 60000u, 30000u, 30000u, 60000u, 60000u}, /* 90000 lowered to rto_max (§2.5) */
    {1u, 120000u, 30000u, 30000u, 60000u, 90000u},
    {200u, 60000u, 40u, 40u, 80u, 200u},          /* 120 raised to a Linux-like minimum */
};
#define N_FIRST (int)(sizeof FIRST / sizeof FIRST[0])

static void check_first_sample(const h_t *t, const first_sample_case *c)
{
    tcpfsm_info info = h_info(t);
    ck_assert_uint_eq(info.srtt_ms, c->srtt);
    ck_assert_uint_eq(t->conn.rttvar4, c->rttvar4);
    ck_assert_uint_eq(info.rto_ms, c->rto);
}

START_TEST(test_rtt_first_sample_active)
{
    const first_sample_case *c = &FIRST[_i];
    h_t t;
    tcpfsm_config cfg;
    config_rto(&cfg, c->rto_min, c->rto_max);
    h_init_cfg(&t, &cfg, ISS[0], PEER_ISS[0]);
    establish_after(&t, c->r);
    check_first_sample(&t, c);
    /* the new RTO times the next transmission */
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, t.now + c->rto);
}
END_TEST

START_TEST(test_rtt_first_sample_passive)
{
    const first_sample_case *c = &FIRST[_i];
    h_t t;
    tcpfsm_config cfg;
    config_rto(&cfg, c->rto_min, c->rto_max);
    h_init_cfg(&t, &cfg, ISS[1], PEER_ISS[1]);
    accept_after(&t, c->r);
    check_first_sample(&t, c);
}
END_TEST

START_TEST(test_rtt_first_sample_from_data)
{
    /* a handshake with no sample (the SYN was retransmitted): the first
     * data sample is the first sample */
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    config_rto(&cfg, 1u, 60000u);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK); /* SYN again */
    t.now = 2100u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 0);
    ck_assert_uint_eq(info.rto_ms, 3000); /* §5.7 */
    t.now = 5000u;
    data_sample(&t, 400u);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 400);
    ck_assert_uint_eq(t.conn.rttvar4, 800);
    ck_assert_uint_eq(info.rto_ms, 1200);
}
END_TEST

/* ---- RFC 6298 §2.3: later samples ------------------------------------ */

START_TEST(test_rtt_later_samples)
{
    /* R1 = 800:  SRTT 800, RTTVAR 400,                RTO 800 + 1600 = 2400
     * R2 = 1600: RTTVAR = 3/4*400 + 1/4*|800-1600| = 500,
     *            SRTT = 7/8*800 + 1/8*1600 = 900,     RTO 900 + 2000 = 2900
     * R3 = 100:  RTTVAR = 3/4*500 + 1/4*|900-100| = 575,
     *            SRTT = 7/8*900 + 1/8*100 = 800,      RTO 800 + 2300 = 3100
     * R4 = 800:  RTTVAR = 3/4*575 + 0 = 431.25,
     *            SRTT = 800,                          RTO 800 + 1725 = 2525 */
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    config_rto(&cfg, 1u, 60000u);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    establish_after(&t, 800u);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 800);
    ck_assert_uint_eq(t.conn.rttvar4, 1600);
    ck_assert_uint_eq(info.rto_ms, 2400);

    t.now = 10000u;
    data_sample(&t, 1600u);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 900);
    ck_assert_uint_eq(t.conn.rttvar4, 2000);
    ck_assert_uint_eq(info.rto_ms, 2900);

    t.now = 20000u;
    data_sample(&t, 100u);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 800);
    ck_assert_uint_eq(t.conn.rttvar4, 2300);
    ck_assert_uint_eq(info.rto_ms, 3100);

    t.now = 30000u;
    data_sample(&t, 800u);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 800);
    ck_assert_uint_eq(t.conn.rttvar4, 1725);
    ck_assert_uint_eq(info.rto_ms, 2525);
}
END_TEST

START_TEST(test_rtt_later_sample_clamped)
{
    /* R1 = 100 (RTO 300), R2 = 100: RTTVAR 37.5, SRTT 100, RTO 250
     * below rto_min 280 -> 280 (§2.4) */
    h_t t;
    tcpfsm_config cfg;
    config_rto(&cfg, 280u, 60000u);
    h_init_cfg(&t, &cfg, ISS[0], PEER_ISS[0]);
    establish_after(&t, 100u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 300);
    t.now = 5000u;
    data_sample(&t, 100u);
    ck_assert_uint_eq(t.conn.rttvar4, 150);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 100);
    ck_assert_uint_eq(h_info(&t).rto_ms, 280);
}
END_TEST

START_TEST(test_rtt_one_timed_segment)
{
    /* One segment is timed at a time: the second segment, sent while the
     * first is being timed, gives no sample of its own. */
    h_t t;
    tcpfsm_config cfg;
    uint32_t first_end;
    config_rto(&cfg, 1u, 60000u);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    establish_after(&t, 800u); /* SRTT 800, RTTVAR 400, RTO 2400 */
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK); /* both go at once */
    t.now = 10000u;
    h_send(&t, 100u);
    first_end = t.conn.snd_nxt;
    t.now = 10050u;
    h_send(&t, 100u);
    t.now = 11600u;
    h_peer_ack(&t, first_end, (uint16_t)H_WINDOW); /* R = 1600, as above */
    ck_assert_uint_eq(h_info(&t).srtt_ms, 900);
    ck_assert_uint_eq(h_info(&t).rto_ms, 2900);
    t.now = 11700u;
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW); /* 1650 ms: not a sample */
    ck_assert_uint_eq(t.out.acked, 100);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 900);
    ck_assert_uint_eq(t.conn.rttvar4, 2000);
    ck_assert_uint_eq(h_info(&t).rto_ms, 2900);
}
END_TEST

/* ---- RFC 6298 §3: Karn's rule ----------------------------------------- */

START_TEST(test_karn_no_sample_from_retransmission)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    config_rto(&cfg, 1u, 60000u);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    establish_after(&t, 100u); /* SRTT 100, RTTVAR 50, RTO 300 */
    t.now = 2000u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 2300u);
    ck_assert_int_eq(h_timer(&t, 2300u), TCPFSM_OK);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
    ck_assert_uint_eq(t.out.deadline, 2900u); /* backed off to 600 */
    /* the ACK may answer either transmission: no sample, and the backed
     * off RTO stays until a sample from new data (§5, after 5.7) */
    t.now = 2350u;
    h_peer_ack(&t, t.iss + 101u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 100);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 100);
    ck_assert_uint_eq(t.conn.rttvar4, 200);
    ck_assert_uint_eq(info.rto_ms, 600);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
    /* new data is timed again: R = 200 collapses the RTO */
    t.now = 3000u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 3600u);
    t.now = 3200u;
    h_peer_ack(&t, t.iss + 201u, (uint16_t)H_WINDOW);
    info = h_info(&t);
    ck_assert_uint_eq(info.srtt_ms, 112);     /* 7/8*100 + 1/8*200 = 112.5 */
    ck_assert_uint_eq(t.conn.rttvar4, 250);   /* 3/4*50 + 1/4*100 = 62.5 */
    ck_assert_uint_eq(info.rto_ms, 362);
}
END_TEST

START_TEST(test_karn_syn_retransmitted)
{
    /* the SYN was retransmitted: its ACK gives no sample either */
    h_t t;
    tcpfsm_config cfg;
    config_rto(&cfg, 1u, 60000u);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
    t.now = 2050u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 0);
    ck_assert_uint_eq(t.conn.rttvar4, 0);
}
END_TEST

/* ---- RFC 6298 §5.5: exponential backoff, up to rto_max --------------- */

static const uint32_t BACKOFF_60[12] = {2000u, 4000u, 8000u, 16000u, 32000u, 60000u,
                                        60000u, 60000u, 60000u, 60000u, 60000u, 60000u};
static const uint32_t BACKOFF_120[12] = {2000u, 4000u, 8000u, 16000u, 32000u, 64000u,
                                         120000u, 120000u, 120000u, 120000u, 120000u,
                                         120000u};

/* tcpfsm_config.rto_slop_ms, FreeBSD's rexmit_slop (tcp_timer_rexmt's
 * TCPT_RANGESET): no slop on the first timeout of a SYN, which nothing has
 * measured nor backed off; then slop on every backed-off timeout, not
 * compounded (1.0, 2.2, 4.2 s apart), and never beyond rto_max_ms. */
START_TEST(test_rto_slop_after_backoff)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t at;
    static const uint32_t waits[] = {2200u, 4200u, 8200u, 16200u, 32200u, 60000u, 60000u};
    unsigned k;
    config_rto(&cfg, 1000u, 60000u);
    cfg.rto_slop_ms = 200u;
    cfg.user_timeout_ms = 0u;
    cfg.max_retries = 12u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    at = t.now + 1000u; /* rto_initial_ms, as computed */
    ck_assert_uint_eq(t.out.deadline, at);
    for (k = 0; k < sizeof waits / sizeof waits[0]; k++) {
        ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].flags, F_SYN);
        ck_assert_uint_eq(t.out.deadline, at + waits[k]);
        at += waits[k];
    }
}
END_TEST

/* The slop is 0 by default: the deadline is the RTO RFC 6298 computes. */
START_TEST(test_rto_slop_off_by_default)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.rto_slop_ms, 0);
}
END_TEST

START_TEST(test_backoff_doubles_to_rto_max)
{
    const uint32_t *rtos = _i == 0 ? BACKOFF_60 : BACKOFF_120;
    h_t t;
    tcpfsm_config cfg;
    uint64_t at = 2000u;
    unsigned k;
    config_rto(&cfg, 1000u, _i == 0 ? 60000u : 120000u);
    cfg.user_timeout_ms = 0u;
    cfg.max_retries = 12u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE); /* R = 0: RTO = rto_min */
    ck_assert_uint_eq(h_info(&t).rto_ms, 1000);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, at);
    for (k = 0; k < 12u; k++) {
        ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        ck_assert_uint_eq(t.out.notes, 0);
        ck_assert_uint_eq(t.out.count, 1);
        h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
        ck_assert_uint_eq(h_info(&t).rto_ms, rtos[k]);
        ck_assert_uint_eq(t.out.deadline, at + rtos[k]);
        ck_assert_uint_eq(t.conn.user_deadline, TCPFSM_NO_DEADLINE); /* 0 disables */
        at += rtos[k];
    }
    ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

START_TEST(test_backoff_of_backed_off_rto_after_sample)
{
    /* backoff starts from the measured RTO: 2900 -> 5800 -> 11600 */
    h_t t;
    tcpfsm_config cfg;
    config_rto(&cfg, 1u, 60000u);
    cfg.user_timeout_ms = 0u;
    h_init_cfg(&t, &cfg, ISS[0], PEER_ISS[0]);
    establish_after(&t, 800u);
    t.now = 10000u;
    data_sample(&t, 1600u); /* RTO 2900 */
    t.now = 20000u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 22900u);
    ck_assert_int_eq(h_timer(&t, 22900u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 22900u + 5800u);
    ck_assert_int_eq(h_timer(&t, 28700u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 28700u + 11600u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 11600);
}
END_TEST

/* ---- RFC 9293 §3.8.3 (R2): the retry limit ---------------------------- */

START_TEST(test_retry_limit_times_out)
{
    h_t t;
    unsigned k;
    uint64_t at = 2000u;
    h_init(&t, ISS[_i], PEER_ISS[_i]); /* max_retries = H_MAX_RETRIES */
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    for (k = 0; k < H_MAX_RETRIES; k++) {
        ck_assert_uint_eq(t.out.deadline, at);
        ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.notes, 0);
        at += 2000u << k;
    }
    ck_assert_uint_eq(t.out.deadline, 64000u);
    ck_assert_int_eq(h_timer(&t, 63999u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(h_timer(&t, 64000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t.out.count, 0); /* no RST: the peer is unreachable */
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), TCPFSM_NO_DEADLINE);
    {
        tcpfsm_info info;
        ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_ERR_NO_CONNECTION);
    }
}
END_TEST

START_TEST(test_retry_limit_one)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.max_retries = 1u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_FIN | F_ACK, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.deadline, 4000u);
    ck_assert_int_eq(h_timer(&t, 4000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

START_TEST(test_retries_reset_by_progress)
{
    /* an ACK of new data resets the retry count */
    h_t t;
    tcpfsm_config cfg;
    unsigned k;
    h_config(&cfg);
    cfg.max_retries = H_MAX_RETRIES;
    cfg.user_timeout_ms = 0u; /* the retry limit alone ends it */
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 2000u); /* 1460 + 540 */
    for (k = 0; k < H_MAX_RETRIES; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1460u);
    }
    h_peer_ack(&t, t.iss + 1461u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1460);
    for (k = 0; k < H_MAX_RETRIES; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1461u, 0u, 540u);
    }
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
}
END_TEST

/* ---- RFC 6298 §5.4: retransmit the earliest unacknowledged segment ---- */

START_TEST(test_retransmit_from_snd_una)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.count, 3);
    t.now = 1200u;
    h_peer_ack(&t, t.iss + 1u + 1460u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1460);
    ck_assert_uint_eq(t.out.deadline, 2200u); /* §5.3: restarted */
    ck_assert_int_eq(h_timer(&t, 2200u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1); /* one segment, at most MSS */
    h_expect_data(&t, 0, F_ACK, t.iss + 1u + 1460u, 0u, 1460u);
    ck_assert_uint_eq(t.out.acked, 0);
    ck_assert_uint_eq(h_info(&t).snd_nxt, t.iss + 1u + 3000u); /* SND.NXT unchanged */
    t.now = 2300u;
    h_peer_ack(&t, t.iss + 1u + 2920u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1460);
    /* what was sent before the timeout is still missing in part: the
     * next hole goes out at once (congestion.c), not a timeout later */
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u + 2920u, 0u, 80u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    t.now = 2400u;
    h_peer_ack(&t, t.iss + 1u + 3000u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

START_TEST(test_retransmit_with_fin)
{
    /* data and FIN in flight: the retransmission carries both */
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    h_expect_tx(&t, 0, F_FIN | F_ACK, t.iss + 101u, t.peer_iss + 1u);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_FIN | F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
    /* the data is acknowledged, not the FIN: the FIN alone goes again */
    t.now = 2100u;
    h_peer_ack(&t, t.iss + 101u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    h_expect_data(&t, 0, F_FIN | F_ACK, t.iss + 101u, 0u, 0u);
}
END_TEST

/* ---- RFC 6298 §5.7: RTO 3 s after a lost SYN -------------------------- */

START_TEST(test_syn_lost_rto_three_seconds_active)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
    ck_assert_uint_eq(t.out.deadline, 4000u);
    t.now = 2500u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).rto_ms, 3000);
    t.now = 3000u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 6000u);
}
END_TEST

START_TEST(test_syn_ack_lost_rto_three_seconds_passive)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_SYN | F_ACK, t.iss, t.peer_iss + 1u);
    t.now = 2100u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_ACK, t.peer_iss + 1u, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).rto_ms, 3000);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 0);
}
END_TEST

START_TEST(test_syn_not_lost_no_three_seconds)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    establish_after(&t, 100u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 1000);
    ck_assert_uint_eq(h_info(&t).srtt_ms, 100);
}
END_TEST

/* ---- RFC 6298 §5.1-§5.3: the timer runs while data is in flight ------- */

START_TEST(test_timer_stops_when_all_acked)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE); /* idle */
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK); /* the 100 go at once */
    h_send(&t, 3000u);
    ck_assert_uint_eq(t.out.deadline, 2000u);
    /* §5.1: sending more does not restart a running timer */
    t.now = 1400u;
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.deadline, 2000u);
    /* §5.3: an ACK of new data restarts it */
    t.now = 1500u;
    h_peer_ack(&t, t.iss + 1461u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.deadline, 2500u);
    /* a duplicate ACK does not */
    t.now = 1600u;
    h_peer_ack(&t, t.iss + 1461u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.deadline, 2500u);
    /* §5.2: everything acknowledged: the timer stops */
    t.now = 1800u;
    h_peer_ack(&t, t.iss + 3101u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1640);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_timer(&t, 100000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    /* new data starts it again from now */
    h_send(&t, 10u);
    ck_assert_uint_eq(t.out.deadline, 101000u);
}
END_TEST

/* ---- User timeout, RFC 9293 §3.8.3 and §3.10.8 ------------------------ */

START_TEST(test_user_timeout_expires)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.user_timeout_ms = 5000u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 2000u);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 4000u);
    ck_assert_int_eq(h_timer(&t, 4000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 6000u); /* the user timeout comes first */
    ck_assert_int_eq(h_timer(&t, 5999u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(h_timer(&t, 6000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
}
END_TEST

START_TEST(test_user_timeout_default_before_retries)
{
    /* defaults (user timeout 300 s, 12 retries): 1+2+4+...+60+60+60 s of
     * backoff reach 300 s after the ninth retransmission */
    h_t t;
    tcpfsm_config cfg;
    unsigned k;
    uint64_t at = 2000u;
    h_config(&cfg);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    for (k = 0; k < 9u; k++) {
        ck_assert_int_eq(h_timer(&t, at), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        at += BACKOFF_60[k];
    }
    ck_assert_uint_eq(at, 304000u);
    ck_assert_uint_eq(t.out.deadline, 301000u);
    ck_assert_int_eq(h_timer(&t, 301000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

START_TEST(test_user_timeout_restarts_on_progress)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.user_timeout_ms = 5000u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    t.now = 3000u;
    h_peer_ack(&t, t.iss + 101u, (uint16_t)H_WINDOW); /* nothing in flight */
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_timer(&t, 6000u), TCPFSM_OK); /* the old 6000 is gone */
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    h_send(&t, 100u); /* at 6000: user deadline 11000 */
    ck_assert_int_eq(h_timer(&t, 7000u), TCPFSM_OK);
    ck_assert_int_eq(h_timer(&t, 9000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 11000u);
    ck_assert_int_eq(h_timer(&t, 11000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
}
END_TEST

START_TEST(test_user_timeout_zero_disables)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.user_timeout_ms = 0u;
    cfg.max_retries = 255u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_send(&t, 100u);
    /* far past any user timeout: 100 retransmissions, about 95 minutes */
    {
        unsigned k;
        for (k = 0; k < 100u; k++) {
            ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
            ck_assert_uint_eq(t.out.count, 1);
            ck_assert_uint_eq(t.out.notes, 0);
        }
    }
    ck_assert_uint_eq(t.now, 2000u + 2000u + 4000u + 8000u + 16000u + 32000u + 94u * 60000u);
    ck_assert_uint_eq(t.conn.user_deadline, TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* ---- TIME-WAIT, RFC 9293 §3.10.8 and §3.10.7.4 eighth step ------------ */

START_TEST(test_time_wait_2msl)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    ck_assert_uint_eq(t.out.deadline, 1000u + 240000u);
    ck_assert_int_eq(h_timer(&t, 240999u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_uint_eq(t.out.deadline, 241000u);
    ck_assert_int_eq(h_timer(&t, 241000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED); /* a normal end, no error */
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
}
END_TEST

START_TEST(test_time_wait_configured_msl)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.msl2_ms = 10000u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_FIN_WAIT_2, ORIGIN_ACTIVE);
    t.now = 7000u;
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_FIN), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.deadline, 17000u);
}
END_TEST

START_TEST(test_time_wait_restarted_by_fin)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    t.now = 100000u;
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_FIN_AGAIN), TCPFSM_OK);
    h_expect_tx(&t, 0, F_ACK, t.iss + 2u, t.peer_iss + 2u);
    ck_assert_uint_eq(t.out.deadline, 340000u);
    ck_assert_int_eq(h_timer(&t, 241000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.deadline, 340000u);
    ck_assert_int_eq(h_timer(&t, 339999u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_int_eq(h_timer(&t, 340000u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

START_TEST(test_time_wait_from_closing)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_CLOSING, ORIGIN_ACTIVE);
    t.now = 5000u;
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_ACK), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.deadline, 245000u);
    ck_assert_uint_eq(t.conn.user_deadline, TCPFSM_NO_DEADLINE);
}
END_TEST

/* ---- Deadlines near the end of time ----------------------------------- */

#define END_OF_TIME (UINT64_MAX - 1u) /* the latest armed deadline */

START_TEST(test_deadline_saturates)
{
    /* a deadline past the end of time saturates one short of
     * TCPFSM_NO_DEADLINE: it stays armed, it does not wrap */
    h_t t;
    uint64_t start = UINT64_MAX - 1500u;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    t.now = start;
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, start + 1000u);
    ck_assert_uint_eq(t.conn.user_deadline, END_OF_TIME); /* start + 300 s */
    ck_assert_int_eq(h_timer(&t, start + 1000u), TCPFSM_OK);
    h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
    ck_assert_uint_eq(t.out.deadline, END_OF_TIME); /* start + 1000 + 2000 */
    ck_assert_uint_eq(t.conn.rtx_deadline, END_OF_TIME);
    t.now = start + 1100u;
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).rto_ms, 3000); /* §5.7 */
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.deadline, END_OF_TIME);
    ck_assert_int_eq(h_timer(&t, UINT64_MAX - 2u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

START_TEST(test_deadline_saturated_still_fires)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t start = UINT64_MAX - 1500u;
    h_config(&cfg);
    cfg.user_timeout_ms = 0u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    t.now = start;
    establish_after(&t, 0u); /* RTO 1000 */
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, start + 1000u);
    ck_assert_int_eq(h_timer(&t, start + 1000u), TCPFSM_OK);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
    ck_assert_uint_eq(t.out.deadline, END_OF_TIME);
    ck_assert_int_eq(h_timer(&t, END_OF_TIME), TCPFSM_OK);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
    ck_assert_uint_eq(t.out.deadline, END_OF_TIME);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

START_TEST(test_deadline_near_end_exact)
{
    /* a deadline that still fits is exact, and an RTT measured there too */
    h_t t;
    tcpfsm_config cfg;
    uint64_t start = UINT64_MAX - 10000u;
    config_rto(&cfg, 1u, 60000u);
    cfg.user_timeout_ms = 0u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    t.now = start;
    establish_after(&t, 100u);
    ck_assert_uint_eq(h_info(&t).rto_ms, 300);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, start + 100u + 300u);
    ck_assert_int_eq(h_timer(&t, start + 400u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.deadline, start + 400u + 600u);
}
END_TEST

START_TEST(test_deadline_saturates_time_wait)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    t.now = UINT64_MAX - 1000u;
    h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    ck_assert_uint_eq(t.out.deadline, END_OF_TIME);
    ck_assert_uint_eq(t.conn.rtx_deadline, END_OF_TIME);
    ck_assert_int_eq(h_timer(&t, END_OF_TIME - 1u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_int_eq(h_timer(&t, END_OF_TIME), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

/* ---- on_timer before the deadline does nothing ------------------------ */

/* The timer called at `at`, on a copy of the connection: the calls below
 * probe times out of order, which the connection itself would take as its
 * clock stepping back (test_clock.c). */
static void expect_timer_noop(h_t *t, uint64_t at)
{
    tcpfsm_conn probe;
    uint64_t deadline = tcpfsm_next_deadline(&t->conn);
    memcpy(&probe, &t->conn, sizeof probe);
    ck_assert_int_eq(tcpfsm_on_timer(&probe, at, &t->out), TCPFSM_OK);
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert_uint_eq(t->out.notes, 0);
    ck_assert_uint_eq(t->out.acked, 0);
    ck_assert_uint_eq(t->out.deliver_len, 0);
    ck_assert_uint_eq(t->out.more, 0);
    /* the same deadline, read on the caller's clock, which the probes below
     * may have stepped back */
    ck_assert_uint_eq(t->out.deadline, tcpfsm_next_deadline(&probe));
    ck_assert_uint_eq(t->out.deadline == TCPFSM_NO_DEADLINE, deadline == TCPFSM_NO_DEADLINE);
    /* nothing changed but the clock the call ran at */
    ck_assert_uint_ge(probe.latest_now, at);
    probe.latest_now = t->conn.latest_now;
    probe.clock_skew = t->conn.clock_skew;
    ck_assert_mem_eq(&probe, &t->conn, sizeof probe);
}

START_TEST(test_timer_early_does_nothing)
{
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    expect_timer_noop(&t, 1999u);
    expect_timer_noop(&t, 0u);
    ck_assert_int_eq(h_rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u)), TCPFSM_OK);
    expect_timer_noop(&t, UINT64_MAX - 1u); /* idle: no deadline at all */
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.deadline, 2000u);
    expect_timer_noop(&t, 1999u);
    expect_timer_noop(&t, 1000u);
    /* FIN-WAIT-2 runs no timer */
    t.now = 1100u;
    h_peer_ack(&t, t.iss + 101u, (uint16_t)H_WINDOW);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    h_peer_ack(&t, t.iss + 102u, (uint16_t)H_WINDOW);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    expect_timer_noop(&t, 10000000u);
    /* TIME-WAIT before 2 MSL */
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_FIN), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deadline, 1100u + 240000u);
    expect_timer_noop(&t, 241099u);
}
END_TEST

START_TEST(test_timer_closed_and_listen)
{
    h_t t;
    h_init(&t, ISS[0], PEER_ISS[0]);
    expect_timer_noop(&t, 5000u);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    expect_timer_noop(&t, UINT64_MAX);
    ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
}
END_TEST

/* ---- Zero-window probing, RFC 9293 §3.8.6.1 --------------------------- */

/* ESTABLISHED with the peer's window shut and 100 bytes queued at 1000:
 * the persist timer is set to the RTO (1 s). */
static void shut_window(h_t *t, const tcpfsm_config *cfg, int i)
{
    h_init_cfg(t, cfg, ISS[i], PEER_ISS[i]);
    h_drive(t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_peer_ack(t, t->iss + 1u, 0u);
    ck_assert_uint_eq(h_info(t).snd_wnd, 0);
    h_send(t, 100u);
    ck_assert_uint_eq(t->out.count, 0); /* nothing fits */
    ck_assert_uint_eq(t->out.deadline, 2000u);
}

static void expect_probe(const h_t *t)
{
    ck_assert_uint_eq(t->out.count, 1);
    ck_assert_uint_eq(t->out.tx[0].seq, t->iss + 1u);
    ck_assert_uint_eq(t->out.tx[0].ack, h_rcv_nxt(t));
    ck_assert_uint_eq(t->out.tx[0].data_offset, 0);
    ck_assert_uint_eq(t->out.tx[0].data_len, 1);
    ck_assert_uint_ne(t->out.tx[0].flags & F_ACK, 0);
    ck_assert_uint_eq(t->out.tx[0].flags & (F_SYN | F_FIN | F_RST), 0);
}

START_TEST(test_persist_probe_and_backoff)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.max_retries = 3u;
    shut_window(&t, &cfg, _i);
    ck_assert_int_eq(h_timer(&t, 1999u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    expect_probe(&t); /* one byte beyond the window */
    ck_assert_uint_eq(t.out.deadline, 4000u);
    ck_assert_int_eq(h_timer(&t, 4000u), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_uint_eq(t.out.deadline, 8000u);
    ck_assert_int_eq(h_timer(&t, 8000u), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_uint_eq(t.out.deadline, 16000u);
    /* a peer that never answers is given up on like any other */
    ck_assert_int_eq(h_timer(&t, 16000u), TCPFSM_OK);
    expect_probe(&t);
    ck_assert_int_eq(h_timer(&t, 32000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.notes, TIMED_OUT_CLOSED);
}
END_TEST

START_TEST(test_persist_answered_never_times_out)
{
    /* RFC 9293 §3.8.6.1 (RFC 1122 §4.2.2.17): while the receiver answers
     * the probes the connection stays open, however long the window stays
     * shut: not past the retry limit, nor past the user timeout (300 s). */
    h_t t;
    tcpfsm_config cfg;
    unsigned k;
    uint64_t at = 2000u;
    h_config(&cfg);
    cfg.max_retries = 3u;
    shut_window(&t, &cfg, _i);
    for (k = 0; k < 20u; k++) {
        uint32_t step = k < 5u ? 2000u << k : 60000u;
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_msg((t.out.notes & TCPFSM_NOTE_TIMED_OUT) == 0u,
                      "timed out at %llu ms after %u answered probes (RFC 9293 3.8.6.1)",
                      (unsigned long long)t.now, k);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        ck_assert_uint_eq(t.now, at);
        expect_probe(&t);
        ck_assert_uint_eq(t.conn.rtx_deadline, at + step); /* backed off */
        t.now = at + 10u;
        h_peer_ack(&t, t.iss + 1u, 0u); /* the probe is not taken: window 0 */
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_uint_eq(t.out.acked, 0);
        at += step;
    }
    ck_assert_uint_gt(t.now, 900000u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).unacked, 100);
}
END_TEST

START_TEST(test_persist_window_opens)
{
    /* _i / 2 picks the sequence numbers; _i % 2 whether the window update
     * also takes the probe byte */
    h_t t;
    tcpfsm_config cfg;
    int take_probe = _i % 2;
    h_config(&cfg);
    shut_window(&t, &cfg, _i / 2);
    ck_assert_int_eq(h_timer(&t, 2000u), TCPFSM_OK);
    expect_probe(&t);
    t.now = 2010u;
    h_peer_ack(&t, t.iss + 1u, 0u);
    ck_assert_int_eq(h_timer(&t, 4000u), TCPFSM_OK);
    expect_probe(&t);
    t.now = 4500u;
    h_peer_ack(&t, t.iss + (take_probe ? 2u : 1u), (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, take_probe ? 1u : 0u);
    ck_assert_uint_eq(h_info(&t).snd_wnd, H_WINDOW);
    ck_assert_uint_eq(t.out.count, 1);
    /* the rest follows the probe byte */
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 2u, take_probe ? 0u : 1u, 99u);
    ck_assert_uint_eq(h_info(&t).snd_nxt, t.iss + 101u);
    t.now = 4600u;
    h_peer_ack(&t, t.iss + 101u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, take_probe ? 99u : 100u);
    ck_assert_uint_eq(t.out.deadline, TCPFSM_NO_DEADLINE);
    ck_assert_uint_eq(h_info(&t).unacked, 0);
}
END_TEST

START_TEST(test_persist_window_opens_before_probe)
{
    /* the window update arrives while the persist timer runs: data goes at
     * once and the timer becomes the retransmission timer */
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    shut_window(&t, &cfg, _i);
    t.now = 1500u;
    h_peer_ack(&t, t.iss + 1u, 500u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 100u);
    ck_assert_uint_eq(t.out.deadline, 2500u);
}
END_TEST

START_TEST(test_persist_after_window_closes)
{
    /* everything in flight acknowledged with window 0, data still queued:
     * the persist timer starts from that ACK */
    h_t t;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    h_peer_ack(&t, t.iss + 1u, 1000u);
    h_send(&t, 1500u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1000u);
    t.now = 1300u;
    h_peer_ack(&t, t.iss + 1001u, 0u);
    ck_assert_uint_eq(t.out.acked, 1000);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deadline, 2300u);
    ck_assert_int_eq(h_timer(&t, 2300u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK, t.iss + 1001u, 0u, 1u);
}
END_TEST

Suite *suite_timers(void)
{
    Suite *s = suite_create("timers");
    TCase *rtt = tcase_create("rtt");
    TCase *rtx = tcase_create("retransmission");
    TCase *other = tcase_create("user timeout, 2MSL, deadlines");
    TCase *persist = tcase_create("persist");

    tcase_add_loop_test(rtt, test_rto_initial_one_second, 0, 2);
    tcase_add_test(rtt, test_rto_initial_configured);
    tcase_add_loop_test(rtt, test_rtt_first_sample_active, 0, N_FIRST);
    tcase_add_loop_test(rtt, test_rtt_first_sample_passive, 0, N_FIRST);
    tcase_add_loop_test(rtt, test_rtt_first_sample_from_data, 0, 2);
    tcase_add_loop_test(rtt, test_rtt_later_samples, 0, 2);
    tcase_add_test(rtt, test_rtt_later_sample_clamped);
    tcase_add_loop_test(rtt, test_rtt_one_timed_segment, 0, 2);
    tcase_add_loop_test(rtt, test_karn_no_sample_from_retransmission, 0, 2);
    tcase_add_loop_test(rtt, test_karn_syn_retransmitted, 0, 2);
    tcase_add_loop_test(rtt, test_syn_lost_rto_three_seconds_active, 0, 2);
    tcase_add_loop_test(rtt, test_syn_ack_lost_rto_three_seconds_passive, 0, 2);
    tcase_add_loop_test(rtt, test_syn_not_lost_no_three_seconds, 0, 2);

    tcase_add_loop_test(rtx, test_backoff_doubles_to_rto_max, 0, 2);
    tcase_add_loop_test(rtx, test_rto_slop_after_backoff, 0, 2);
    tcase_add_test(rtx, test_rto_slop_off_by_default);
    tcase_add_test(rtx, test_backoff_of_backed_off_rto_after_sample);
    tcase_add_loop_test(rtx, test_retry_limit_times_out, 0, 2);
    tcase_add_loop_test(rtx, test_retry_limit_one, 0, 2);
    tcase_add_loop_test(rtx, test_retries_reset_by_progress, 0, 2);
    tcase_add_loop_test(rtx, test_retransmit_from_snd_una, 0, 2);
    tcase_add_loop_test(rtx, test_retransmit_with_fin, 0, 2);
    tcase_add_loop_test(rtx, test_timer_stops_when_all_acked, 0, 2);

    tcase_add_loop_test(other, test_user_timeout_expires, 0, 2);
    tcase_add_loop_test(other, test_user_timeout_default_before_retries, 0, 2);
    tcase_add_loop_test(other, test_user_timeout_restarts_on_progress, 0, 2);
    tcase_add_loop_test(other, test_user_timeout_zero_disables, 0, 2);
    tcase_add_loop_test(other, test_time_wait_2msl, 0, 2);
    tcase_add_loop_test(other, test_time_wait_configured_msl, 0, 2);
    tcase_add_loop_test(other, test_time_wait_restarted_by_fin, 0, 2);
    tcase_add_loop_test(other, test_time_wait_from_closing, 0, 2);
    tcase_add_loop_test(other, test_deadline_saturates, 0, 2);
    tcase_add_loop_test(other, test_deadline_saturated_still_fires, 0, 2);
    tcase_add_loop_test(other, test_deadline_near_end_exact, 0, 2);
    tcase_add_loop_test(other, test_deadline_saturates_time_wait, 0, 2);
    tcase_add_loop_test(other, test_timer_early_does_nothing, 0, 2);
    tcase_add_test(other, test_timer_closed_and_listen);

    tcase_add_loop_test(persist, test_persist_probe_and_backoff, 0, 2);
    tcase_add_loop_test(persist, test_persist_answered_never_times_out, 0, 2);
    tcase_add_loop_test(persist, test_persist_window_opens, 0, 4);
    tcase_add_loop_test(persist, test_persist_window_opens_before_probe, 0, 2);
    tcase_add_loop_test(persist, test_persist_after_window_closes, 0, 2);

    suite_add_tcase(s, rtt);
    suite_add_tcase(s, rtx);
    suite_add_tcase(s, other);
    suite_add_tcase(s, persist);
    return s;
}
