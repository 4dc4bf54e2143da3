/* SPDX-License-Identifier: BSD-2-Clause */
/* The options our SYN offers as it is retransmitted:
 * tcpfsm_config.syn_drop_options_at.  By default every SYN offers what the
 * first did.  With N, the Nth retransmission and every later one carry the
 * MSS option alone, and the connection then goes without window scaling,
 * timestamps and SACK whatever the peer answers (FreeBSD's
 * rexmit_drop_options, tcp_timer_rexmt: a path that drops SYNs with
 * options it does not know still connects).  The expected answers come from
 * RFC 7323 §2.2 and §3.2 and RFC 2018 §2 (an option is used only when both
 * SYNs carried it), not from the core. */
#include "harness.h"
#include "suites.h"

#define ALL_OPTIONS (TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM)
#define RETRIES 8u

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

/* SYN-SENT with syn_drop_options_at `at`; out holds our first SYN. */
static void open_with(h_t *t, int i, uint8_t at)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    ck_assert_uint_eq(cfg.syn_drop_options_at, 0); /* h_config keeps the default */
    cfg.syn_drop_options_at = at;
    cfg.max_retries = RETRIES;
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
}

/* Our SYN is out[0], at ISS, with these options, and the timestamps option
 * exactly when `timestamps`. */
static void expect_syn(const h_t *t, uint8_t options, int timestamps, unsigned retransmission)
{
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_SYN, t->iss, 0u);
    ck_assert_msg(t->out.tx[0].options == options,
                  "retransmission %u: options 0x%x, expected 0x%x", retransmission,
                  t->out.tx[0].options, options);
    ck_assert_msg(t->out.tx[0].mss == t->conn.cfg.mss, "retransmission %u: MSS %u",
                  retransmission, t->out.tx[0].mss);
    ck_assert_msg(t->out.timestamps == (timestamps ? 1u : 0u),
                  "retransmission %u: timestamps %u", retransmission, t->out.timestamps);
}

/* The retransmission timer fires; our SYN goes again. */
static void retransmit(h_t *t)
{
    ck_assert_int_eq(h_timer(t, tcpfsm_next_deadline(&t->conn)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_SENT);
}

/* The peer's SYN (with ACK of ours when `ack`) offering every option. */
static tcpfsm_segment peer_syn(const h_t *t, int ack)
{
    tcpfsm_segment seg = h_seg(ack ? (TCPFSM_SYN | TCPFSM_ACK) : TCPFSM_SYN, t->peer_iss,
                               ack ? t->iss + 1u : 0u, 0u);
    seg.window = (uint16_t)H_WINDOW;
    seg.options = (uint8_t)(TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM
                            | TCPFSM_OPT_TIMESTAMP);
    seg.mss = 1460u;
    seg.wscale = 7u;
    seg.ts_val = 777u;
    seg.ts_ecr = 0u;
    return seg;
}

/* With the default, every SYN offers scaling, SACK-permitted and
 * timestamps, to the last retransmission. */
START_TEST(default_every_syn_offers_the_options)
{
    h_t t;
    unsigned k;
    open_with(&t, _i, 0u);
    expect_syn(&t, ALL_OPTIONS, 1, 0u);
    for (k = 1u; k <= RETRIES; k++) {
        retransmit(&t);
        expect_syn(&t, ALL_OPTIONS, 1, k);
    }
}
END_TEST

/* N = 3 (FreeBSD's): the first SYN and two retransmissions offer them; the
 * third retransmission and every later one carry the MSS option alone. */
START_TEST(from_the_nth_retransmission_the_mss_alone)
{
    static const uint8_t ats[] = {1u, 3u, RETRIES};
    h_t t;
    unsigned a;
    unsigned k;
    for (a = 0u; a < sizeof ats; a++) {
        open_with(&t, _i, ats[a]);
        expect_syn(&t, ALL_OPTIONS, 1, 0u);
        for (k = 1u; k <= RETRIES; k++) {
            retransmit(&t);
            if (k < ats[a]) {
                expect_syn(&t, ALL_OPTIONS, 1, k);
            } else {
                expect_syn(&t, TCPFSM_OPT_MSS, 0, k);
            }
        }
    }
}
END_TEST

/* A SYN,ACK offering everything after the options were dropped: our last
 * SYN offered none, so none is used (RFC 7323 §2.2, §3.2; RFC 2018 §2), and
 * the ACK that completes the handshake carries no timestamps. */
START_TEST(synack_after_the_drop_uses_no_option)
{
    h_t t;
    unsigned k;
    tcpfsm_info info;
    open_with(&t, _i, 3u);
    for (k = 1u; k <= 3u; k++) {
        retransmit(&t);
    }
    ck_assert_int_eq(h_rx(&t, peer_syn(&t, 1)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.timestamps, 0);
    info = h_info(&t);
    ck_assert_uint_eq(info.options & (TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM
                                      | TCPFSM_OPT_TIMESTAMP), 0);
    ck_assert_uint_eq(t.conn.wscale_on, 0);
    ck_assert_uint_eq(t.conn.sack_on, 0);
    ck_assert_uint_eq(t.conn.ts_on, 0);
    /* the peer's window is taken unscaled */
    ck_assert_uint_eq(t.conn.snd_wnd, H_WINDOW);
}
END_TEST

/* A SYN,ACK before the drop: every option is in use. */
START_TEST(synack_before_the_drop_uses_the_options)
{
    h_t t;
    unsigned k;
    open_with(&t, _i, 3u);
    for (k = 1u; k <= 2u; k++) {
        retransmit(&t);
    }
    ck_assert_int_eq(h_rx(&t, peer_syn(&t, 1)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.timestamps, 1);
    ck_assert_uint_eq(t.conn.wscale_on, 1);
    ck_assert_uint_eq(t.conn.sack_on, 1);
    ck_assert_uint_eq(t.conn.ts_on, 1);
}
END_TEST

/* Simultaneous open after the drop: the peer's SYN offers everything, our
 * SYN,ACK answers with the MSS alone (§2.2: only what both offered). */
START_TEST(simultaneous_open_after_the_drop_answers_with_the_mss_alone)
{
    h_t t;
    open_with(&t, _i, 1u);
    retransmit(&t);
    expect_syn(&t, TCPFSM_OPT_MSS, 0, 1u);
    ck_assert_int_eq(h_rx(&t, peer_syn(&t, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_SYN | TCPFSM_ACK, t.iss, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[0].options, TCPFSM_OPT_MSS);
    ck_assert_uint_eq(t.out.timestamps, 0);
}
END_TEST

/* The drop belongs to one connection: the block's next active open offers
 * the options again; and a passive open's SYN,ACK keeps them on every
 * retransmission (the setting is about our SYN in SYN-SENT). */
START_TEST(next_connection_and_passive_side_keep_the_options)
{
    h_t t;
    unsigned k;
    open_with(&t, _i, 1u);
    retransmit(&t);
    expect_syn(&t, TCPFSM_OPT_MSS, 0, 1u);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    expect_syn(&t, ALL_OPTIONS, 1, 0u);

    open_with(&t, _i, 1u);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, peer_syn(&t, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    for (k = 0u; k <= 3u; k++) {
        if (k > 0u) {
            ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
            ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        }
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].flags, TCPFSM_SYN | TCPFSM_ACK);
        ck_assert_msg(t.out.tx[0].options == ALL_OPTIONS, "SYN,ACK %u: options 0x%x", k,
                      t.out.tx[0].options);
        ck_assert_uint_eq(t.out.timestamps, 1);
    }
}
END_TEST

Suite *suite_syn_options(void)
{
    Suite *s = suite_create("syn_options");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, default_every_syn_offers_the_options, 0, 2);
    tcase_add_loop_test(tc, from_the_nth_retransmission_the_mss_alone, 0, 2);
    tcase_add_loop_test(tc, synack_after_the_drop_uses_no_option, 0, 2);
    tcase_add_loop_test(tc, synack_before_the_drop_uses_the_options, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_after_the_drop_answers_with_the_mss_alone, 0, 2);
    tcase_add_loop_test(tc, next_connection_and_passive_side_keep_the_options, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
