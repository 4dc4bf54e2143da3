/* SPDX-License-Identifier: BSD-2-Clause */
/* tcpfsm_config.syn_cache: a passive open's SYN-RECEIVED judged as FreeBSD's
 * SYN cache judges what arrives for an entry (src/core/syn_cache.c).  The
 * expected answers come from FreeBSD's source (freebsd-src main,
 * sys/netinet/tcp_syncache.c: syncache_add, syncache_expand,
 * syncache_chkrst, syncache_badack; tcp_input.c's listening-socket
 * dispatch), never from the core: each test names the line it follows.
 * Every test runs with small sequence numbers and with numbers that cross
 * 2^32. */
#include "harness.h"
#include "suites.h"

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

/* SYN-RECEIVED from LISTEN, with the SYN cache on or off. */
static void syn_received(h_t *t, int i, uint8_t syn_cache, int rfc5961)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    ck_assert_uint_eq(cfg.syn_cache, 0); /* off by default */
    cfg.syn_cache = syn_cache;
    if (!rfc5961) {
        cfg.flags = (uint8_t)(cfg.flags & ~TCPFSM_CFG_RFC5961);
    }
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    h_drive(t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    ck_assert_uint_eq(t->conn.irs, t->peer_iss);
    ck_assert_uint_eq(t->conn.snd_nxt, t->iss + 1u);
}

/* sc_wnd: the window the SYN,ACK offered. */
static uint32_t offered(const h_t *t)
{
    return t->conn.rcv_adv - t->conn.rcv_nxt;
}

static void rx(h_t *t, uint8_t flags, uint32_t seq, uint32_t ack)
{
    ck_assert_int_eq(h_rx(t, h_seg(flags, seq, ack, 0u)), TCPFSM_OK);
}

static void expect_silence(const h_t *t, tcpfsm_state state)
{
    ck_assert_int_eq(h_state(t), state);
    ck_assert_uint_eq(t->out.count, 0);
}

/* <SEQ=SEG.ACK><CTL=RST> (tcp_dropwithreset for a segment with ACK) and the
 * entry gone: LISTEN, the user told nothing (no socket existed). */
static void expect_reset_to_listen(const h_t *t, uint32_t seg_ack)
{
    ck_assert_int_eq(h_state(t), TCPFSM_LISTEN);
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_RST, seg_ack, 0u);
    ck_assert_uint_eq(t->out.notes, 0);
}

/* syncache_add: "We do not check the sequence number to see if this is a
 * real retransmit or a new connection attempt"; the SYN,ACK goes again
 * from the entry (sc_iss, sc_irs + 1) and its timer starts over. */
static void expect_syn_ack_again(const h_t *t)
{
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_SYN | TCPFSM_ACK, t->iss, t->peer_iss + 1u);
    ck_assert_uint_eq(t->conn.retries, 0);
    ck_assert_uint_eq(t->conn.rtx_deadline, t->now + t->conn.cfg.rto_initial_ms);
}

START_TEST(syn_again_resends_the_syn_ack)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    /* one retransmission by the timer first: the SYN starts it over */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.retries, 1);
    t.now += 10u;
    rx(&t, TCPFSM_SYN, t.peer_iss, 0u);
    expect_syn_ack_again(&t);
}
END_TEST

START_TEST(syn_at_another_seq_resends_the_same_syn_ack)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_SYN, t.peer_iss + 1000u, 0u);
    expect_syn_ack_again(&t);
    ck_assert_uint_eq(t.conn.irs, t.peer_iss); /* sc_irs is not updated */
}
END_TEST

/* With drop_synfin off, a SYN,FIN is a SYN (tcp_input); on, it is dropped
 * before the SYN cache sees it. */
START_TEST(syn_fin_resends_unless_drop_synfin)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_SYN | TCPFSM_FIN, t.peer_iss, 0u);
    expect_syn_ack_again(&t);
    syn_received(&t, _i, 1u, 1);
    t.conn.cfg.compat = (uint8_t)(t.conn.cfg.compat | TCPFSM_COMPAT_DROP_SYNFIN);
    rx(&t, TCPFSM_SYN | TCPFSM_FIN, t.peer_iss, 0u);
    expect_silence(&t, TCPFSM_SYN_RECEIVED);
}
END_TEST

/* "(SYN|ACK) is bogus on a listen socket": syncache_badack, then
 * tcp_dropwithreset, whatever the ACK. */
START_TEST(syn_ack_resets_and_returns_to_listen)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u);
    expect_reset_to_listen(&t, t.iss + 1u);
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_SYN | TCPFSM_ACK, t.peer_iss + 7u, t.iss + 500u);
    expect_reset_to_listen(&t, t.iss + 500u);
}
END_TEST

/* syncache_expand: "if (th->th_ack != sc->sc_iss + 1) ... goto failed". */
START_TEST(ack_of_something_else_resets_and_returns_to_listen)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + 1u, t.iss + 2u);
    expect_reset_to_listen(&t, t.iss + 2u);
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + 1u, t.iss);
    expect_reset_to_listen(&t, t.iss);
}
END_TEST

/* syncache_expand: "SEQ_LEQ(th->th_seq, sc->sc_irs) || SEQ_GT(th->th_seq,
 * sc->sc_irs + sc->sc_wnd)" fails it; IRS+1 and IRS+sc_wnd pass. */
START_TEST(ack_outside_the_offered_window_resets)
{
    h_t t;
    uint32_t wnd;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss, t.iss + 1u);
    expect_reset_to_listen(&t, t.iss + 1u);
    syn_received(&t, _i, 1u, 1);
    wnd = offered(&t);
    ck_assert_uint_gt(wnd, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + wnd + 1u, t.iss + 1u);
    expect_reset_to_listen(&t, t.iss + 1u);
    /* the last sequence number of the window is in */
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + wnd, t.iss + 1u);
    ck_assert_int_ne(h_state(&t), TCPFSM_LISTEN);
    ck_assert_uint_eq(t.conn.syn_acked, 1);
}
END_TEST

/* The ACK syncache_expand takes makes the connection, then tcp_input goes
 * on with it as RFC 9293 does. */
START_TEST(ack_of_our_syn_completes_the_handshake)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + 1u, t.iss + 1u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_CONNECTED, TCPFSM_NOTE_CONNECTED);
}
END_TEST

/* syncache_chkrst: exactly at RCV.NXT the entry goes, silently
 * ("syncache_drop"). */
START_TEST(rst_at_rcv_nxt_returns_to_listen_silently)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_RST, t.peer_iss + 1u, 0u);
    expect_silence(&t, TCPFSM_LISTEN);
    ck_assert_uint_eq(t.out.notes, 0);
}
END_TEST

/* syncache_chkrst: elsewhere in the window a challenge ACK
 * (syncache_respond(sc, m, TH_ACK): <SEQ=ISS+1><ACK=IRS+1>), or, with
 * insecure_rst (RFC 5961 off), the entry goes. */
START_TEST(rst_in_the_window)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_RST, t.peer_iss + 11u, 0u);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
    syn_received(&t, _i, 1u, 0);
    rx(&t, TCPFSM_RST, t.peer_iss + 11u, 0u);
    expect_silence(&t, TCPFSM_LISTEN);
}
END_TEST

/* syncache_chkrst: outside [IRS+1, IRS+1+sc_wnd) "segment ignored", even
 * without RFC 5961, and where the free buffer is wider than the offer. */
START_TEST(rst_outside_the_offered_window_is_ignored)
{
    h_t t;
    int rfc5961;
    for (rfc5961 = 0; rfc5961 <= 1; rfc5961++) {
        syn_received(&t, _i, 1u, rfc5961);
        rx(&t, TCPFSM_RST, t.peer_iss + 1u + offered(&t), 0u);
        expect_silence(&t, TCPFSM_SYN_RECEIVED);
        rx(&t, TCPFSM_RST, t.peer_iss, 0u);
        expect_silence(&t, TCPFSM_SYN_RECEIVED);
    }
}
END_TEST

/* syncache_chkrst (FreeBSD 13): "Any RST to our SYN|ACK must not carry ACK,
 * SYN or FIN flags ... segment ignored". */
START_TEST(rst_with_ack_syn_or_fin_is_ignored)
{
    static const uint8_t extra[] = {TCPFSM_ACK, TCPFSM_FIN, TCPFSM_ACK | TCPFSM_FIN};
    h_t t;
    unsigned k;
    for (k = 0; k < sizeof extra; k++) {
        syn_received(&t, _i, 1u, 1);
        rx(&t, (uint8_t)(TCPFSM_RST | extra[k]), t.peer_iss + 1u, t.iss + 1u);
        expect_silence(&t, TCPFSM_SYN_RECEIVED);
    }
}
END_TEST

/* tcp_input: "if ((thflags & TH_SYN) == 0)" at a listening socket, with no
 * ACK and no RST: dropped. */
START_TEST(segment_without_syn_ack_or_rst_is_dropped)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    ck_assert_int_eq(h_rx(&t, h_seg(0u, t.peer_iss + 1u, 0u, 100u)), TCPFSM_OK);
    expect_silence(&t, TCPFSM_SYN_RECEIVED);
    rx(&t, TCPFSM_FIN, t.peer_iss + 1u, 0u);
    expect_silence(&t, TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.conn.rcv_nxt, t.peer_iss + 1u);
}
END_TEST

/* Off (the default), RFC 9293 §3.10.7.4: a SYN in the window in
 * SYN-RECEIVED from LISTEN returns to LISTEN (fourth step), an unacceptable
 * ACK draws a RST and the state stays (fifth step). */
START_TEST(off_rfc_9293_judges)
{
    h_t t;
    syn_received(&t, _i, 0u, 1);
    rx(&t, TCPFSM_SYN, t.peer_iss + 1u, 0u);
    expect_silence(&t, TCPFSM_LISTEN);
    syn_received(&t, _i, 1u, 1);
    rx(&t, TCPFSM_SYN, t.peer_iss + 1u, 0u);
    expect_syn_ack_again(&t);
    syn_received(&t, _i, 0u, 1);
    rx(&t, TCPFSM_ACK, t.peer_iss + 1u, t.iss + 2u);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    h_expect_tx(&t, 0, TCPFSM_RST, t.iss + 2u, 0u);
}
END_TEST

/* Once the user has sent or closed, FreeBSD would have a socket: RFC 9293
 * judges, and the SYN resets a connection that has data queued
 * (spec/README.md Deviations 15). */
START_TEST(a_used_connection_is_no_cache_entry)
{
    h_t t;
    syn_received(&t, _i, 1u, 1);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 10u, t.now, &t.out), TCPFSM_OK);
    rx(&t, TCPFSM_SYN, t.peer_iss + 1u, 0u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_RESET, TCPFSM_NOTE_RESET);
}
END_TEST

/* Only 0 and 1 mean something. */
START_TEST(bad_value_refused)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_config_default(&cfg);
    cfg.syn_cache = 2u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
    cfg.syn_cache = 1u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
}
END_TEST

Suite *suite_syn_cache(void)
{
    Suite *s = suite_create("syn_cache");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, syn_again_resends_the_syn_ack, 0, 2);
    tcase_add_loop_test(tc, syn_at_another_seq_resends_the_same_syn_ack, 0, 2);
    tcase_add_loop_test(tc, syn_fin_resends_unless_drop_synfin, 0, 2);
    tcase_add_loop_test(tc, syn_ack_resets_and_returns_to_listen, 0, 2);
    tcase_add_loop_test(tc, ack_of_something_else_resets_and_returns_to_listen, 0, 2);
    tcase_add_loop_test(tc, ack_outside_the_offered_window_resets, 0, 2);
    tcase_add_loop_test(tc, ack_of_our_syn_completes_the_handshake, 0, 2);
    tcase_add_loop_test(tc, rst_at_rcv_nxt_returns_to_listen_silently, 0, 2);
    tcase_add_loop_test(tc, rst_in_the_window, 0, 2);
    tcase_add_loop_test(tc, rst_outside_the_offered_window_is_ignored, 0, 2);
    tcase_add_loop_test(tc, rst_with_ack_syn_or_fin_is_ignored, 0, 2);
    tcase_add_loop_test(tc, segment_without_syn_ack_or_rst_is_dropped, 0, 2);
    tcase_add_loop_test(tc, off_rfc_9293_judges, 0, 2);
    tcase_add_loop_test(tc, a_used_connection_is_no_cache_entry, 0, 2);
    tcase_add_test(tc, bad_value_refused);
    suite_add_tcase(s, tc);
    return s;
}
