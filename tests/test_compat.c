/* SPDX-License-Identifier: BSD-2-Clause */
/* tcpfsm_config.compat: FreeBSD's answers where RFC 9293 gives another
 * (spec/README.md Deviations 23).  Each knob is off by default, changes
 * only the case it names, and an undefined bit is a bad configuration. */
#include <string.h>
#include "harness.h"
#include "oracle.h"
#include "suites.h"

static void config_with(tcpfsm_config *cfg, uint8_t compat, int rfc5961)
{
    h_config(cfg);
    cfg->compat = compat;
    if (!rfc5961) {
        cfg->flags = (uint8_t)(cfg->flags & ~TCPFSM_CFG_RFC5961);
    }
}

START_TEST(off_by_default)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.compat, 0u);
}
END_TEST

/* Every bit of the 8-bit field has a meaning (TCPFSM_COMPAT_ALL is 0xFF):
 * tcpfsm_init takes each of the 256 values and keeps it. */
START_TEST(every_bit_has_a_meaning)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    unsigned v;
    ck_assert_uint_eq(TCPFSM_COMPAT_ALL, 0xFFu);
    tcpfsm_config_default(&cfg);
    for (v = 0u; v <= TCPFSM_COMPAT_ALL; v++) {
        cfg.compat = (uint8_t)v;
        ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
        ck_assert_uint_eq(conn.cfg.compat, v);
    }
}
END_TEST

/* DROP_SYNFIN in LISTEN: a SYN,FIN draws nothing and leaves the listener
 * listening; without the knob it opens a connection (§3.10.7.2). */
START_TEST(drop_synfin_in_listen)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_DROP_SYNFIN};
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, knob[_i], 1);
    h_init_cfg(&t, &cfg, 1000u, 5000u);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_FIN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
    if (knob[_i] != 0u) {
        ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
        ck_assert_uint_eq(t.out.count, 0);
    } else {
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        h_expect_tx(&t, 0, TCPFSM_SYN | TCPFSM_ACK, t.iss, t.peer_iss + 1u);
    }
}
END_TEST

/* LISTEN_DROP_SYN_ACK: a SYN,ACK at a listener, with or without data,
 * draws nothing and the listener keeps listening; a plain ACK is still
 * reset, and without the knob so is the SYN,ACK (§3.10.7.2, second
 * check: <SEQ=SEG.ACK><CTL=RST>). */
START_TEST(listen_drop_syn_ack)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK};
    static const uint32_t data[2] = {0u, 20u};
    unsigned d;
    for (d = 0; d < 2u; d++) {
        tcpfsm_config cfg;
        h_t t;
        config_with(&cfg, knob[_i], 1);
        h_init_cfg(&t, &cfg, 1000u, 5000u);
        ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, 34u, data[d])),
                         TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
        if (knob[_i] != 0u) {
            ck_assert_uint_eq(t.out.count, 0);
        } else {
            ck_assert_uint_eq(t.out.count, 1);
            h_expect_tx(&t, 0, TCPFSM_RST, 34u, 0u);
        }
        /* an ACK alone: reset either way */
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 1u, 77u, 0u)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
        ck_assert_uint_eq(t.out.count, 1);
        h_expect_tx(&t, 0, TCPFSM_RST, 77u, 0u);
        /* and the listener still takes a SYN */
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    }
}
END_TEST

/* DROP_SYNFIN in SYN-SENT: a SYN,ACK,FIN and a SYN,FIN are dropped;
 * without the knob the first completes the handshake and closes the
 * peer's side (§3.10.7.3). */
START_TEST(drop_synfin_in_syn_sent)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_DROP_SYNFIN};
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, knob[_i], 1);
    h_init_cfg(&t, &cfg, 1000u, 5000u);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_FIN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
    if (knob[_i] != 0u) {
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
        ck_assert_uint_eq(t.out.count, 0);
    } else {
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        return;
    }
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK | TCPFSM_FIN, t.peer_iss,
                                    t.iss + 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
    ck_assert_uint_eq(t.out.count, 0);
    /* the plain SYN,ACK still connects */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* Once synchronized, DROP_SYNFIN changes nothing: a SYN,FIN is a SYN,
 * answered with a challenge ACK (RFC 5961 §4.2). */
START_TEST(drop_synfin_not_once_synchronized)
{
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, TCPFSM_COMPAT_DROP_SYNFIN, 1);
    h_establish(&t, &cfg, 1000u, 5000u, (uint16_t)H_WINDOW, 1460u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_FIN, h_rcv_nxt(&t) + 10u, 0u, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
}
END_TEST

/* SYN_RESET_FROM_TCB, RFC 5961 off: a SYN in the window resets the
 * connection with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>; without the
 * knob, with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (§3.10.7.1's form).
 * Either way the connection is gone and the user told of a reset. */
START_TEST(syn_reset_from_the_connection)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_SYN_RESET_FROM_TCB};
    tcpfsm_config cfg;
    h_t t;
    uint32_t snd_nxt;
    uint32_t rcv_nxt;
    uint32_t syn_seq;
    config_with(&cfg, knob[_i], 0);
    h_establish(&t, &cfg, 0xFFFFFFF0u, 5000u, (uint16_t)H_WINDOW, 1460u);
    snd_nxt = t.conn.snd_nxt;
    rcv_nxt = h_rcv_nxt(&t);
    syn_seq = rcv_nxt + 100u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, syn_seq, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_ne(t.out.notes & TCPFSM_NOTE_RESET, 0);
    if (knob[_i] != 0u) {
        h_expect_tx(&t, 0, TCPFSM_RST | TCPFSM_ACK, snd_nxt, rcv_nxt);
    } else {
        h_expect_tx(&t, 0, TCPFSM_RST | TCPFSM_ACK, 0u, syn_seq + 1u);
    }
}
END_TEST

/* With RFC 5961 on, SYN_RESET_FROM_TCB has nothing to change: the SYN
 * draws a challenge ACK. */
START_TEST(syn_reset_knob_idle_with_rfc5961)
{
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, TCPFSM_COMPAT_SYN_RESET_FROM_TCB, 1);
    h_establish(&t, &cfg, 1000u, 5000u, (uint16_t)H_WINDOW, 1460u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, h_rcv_nxt(&t) + 100u, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
}
END_TEST

/* TIME-WAIT reached by an active close, with the knob on (i = 1) or off. */
static void time_wait(h_t *t, int knob)
{
    tcpfsm_config cfg;
    config_with(&cfg, knob ? TCPFSM_COMPAT_TIME_WAIT_BSD : 0u, 1);
    h_init_cfg(t, &cfg, 1000u, 5000u);
    h_drive(t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_state(t), TCPFSM_TIME_WAIT);
}

/* TIME_WAIT_BSD: a FIN without ACK outside the window is dropped unanswered;
 * RFC 9293 §3.10.7.4 (first step) acknowledges it. */
START_TEST(time_wait_drops_segments_without_ack)
{
    h_t t;
    time_wait(&t, _i);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN, h_rcv_nxt(&t) - 10u, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    if (_i) {
        ck_assert_uint_eq(t.out.count, 0);
    } else {
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    }
}
END_TEST

/* TIME_WAIT_BSD: an acceptable ACK that is not a pure duplicate (here one
 * beyond RCV.NXT) is acknowledged; the pure duplicate is not; RFC 9293
 * acknowledges neither (only the FIN again, spec/README.md Deviations 6). */
START_TEST(time_wait_acknowledges_all_but_a_duplicate_ack)
{
    h_t t;
    time_wait(&t, _i);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t) + 1u, t.conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    if (_i) {
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    } else {
        ck_assert_uint_eq(t.out.count, 0);
    }
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_nxt, 0u)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    /* the retransmitted FIN is acknowledged either way */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK | TCPFSM_FIN, h_rcv_nxt(&t) - 1u,
                                    t.conn.snd_nxt, 0u)), TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
}
END_TEST

/* FreeBSD's buffer in the suite: 65536 rounded up to whole segments of
 * 1460, beyond what the unscaled 16-bit window can announce. */
#define ROUNDED_BUF 65700u

/* ESTABLISHED with RFC 5961 on, a ROUNDED_BUF buffer, no window scaling
 * (the peer's SYN,ACK does not offer it): 65535 advertised. */
static void established_rounded(h_t *t, uint8_t compat)
{
    tcpfsm_config cfg;
    config_with(&cfg, compat, 1);
    cfg.rcv_buf = ROUNDED_BUF;
    h_establish(t, &cfg, 1000u, 0xFFFFFF00u, (uint16_t)H_WINDOW, 1460u);
    ck_assert_uint_eq(h_info(t).rcv_wnd, 65535u);
}

/* ACCEPT_FREE_BUFFER: a RST at RCV.NXT+65699, beyond the advertised edge
 * but inside the free buffer, draws a challenge ACK (RFC 5961 §3.2: in the
 * window, not at RCV.NXT); without the knob it is outside the window and
 * dropped (§3.10.7.4, first step).  One byte further it is outside both. */
START_TEST(accept_free_buffer_rst_at_the_right_edge)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_ACCEPT_FREE_BUFFER};
    h_t t;
    established_rounded(&t, knob[_i]);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + ROUNDED_BUF - 1u, 0u, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    if (knob[_i] != 0u) {
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    } else {
        ck_assert_uint_eq(t.out.count, 0);
    }
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + ROUNDED_BUF, 0u, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* ACCEPT_FREE_BUFFER: data beyond the advertised edge is acceptable but
 * not kept (text stays inside the window offered); in TIME-WAIT the
 * window is the one advertised, as FreeBSD's: an ACK there is outside and
 * draws an ACK with the knob too. */
START_TEST(accept_free_buffer_keeps_no_text_and_spares_time_wait)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_ACCEPT_FREE_BUFFER};
    tcpfsm_config cfg;
    h_t t;
    established_rounded(&t, knob[_i]);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t) + 65600u, t.conn.snd_nxt, 50u)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.keep_len, 0);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 65535u);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t)); /* out of order: ACK now */

    config_with(&cfg, knob[_i], 1);
    cfg.rcv_buf = ROUNDED_BUF;
    h_init_cfg(&t, &cfg, 1000u, 5000u);
    h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t) + 65600u, t.conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
}
END_TEST

/* ACCEPT_FREE_BUFFER changes which segments are acceptable: an ACK alone
 * beyond the advertised edge is taken silently with it, and answered with
 * an ACK as unacceptable without it. */
START_TEST(accept_free_buffer_takes_an_ack_beyond_the_edge)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_ACCEPT_FREE_BUFFER};
    h_t t;
    established_rounded(&t, knob[_i]);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t) + 65600u, t.conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    if (knob[_i] != 0u) {
        ck_assert_uint_eq(t.out.count, 0);
    } else {
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    }
}
END_TEST

/* WINDOW_EDGE_BSD: after the peer's FIN (RCV.NXT + 1, no byte of the
 * buffer used) the ACK offers 65535 again, the edge one byte further; by
 * §3.8.6.2.2 the edge waits for a step of min(RCV.BUFF / 2, MSS) and the
 * ACK offers 65534. */
START_TEST(window_edge_bsd_moves_by_a_byte_after_a_fin)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_WINDOW_EDGE_BSD};
    h_t t;
    established_rounded(&t, knob[_i]);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK | TCPFSM_FIN, h_rcv_nxt(&t), t.conn.snd_nxt, 0u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    ck_assert_uint_eq(t.out.tx[0].window, knob[_i] != 0u ? 65535u : 65534u);
}
END_TEST

/* WINDOW_EDGE_BSD keeps FreeBSD's silly-window floor: a closed window
 * opens only once min(RCV.BUFF / 4, MSS) = 1000 bytes are free, where
 * §3.8.6.2.2 waits for min(RCV.BUFF / 2, MSS) = 1460.  An old segment
 * draws the ACK that shows the window offered. */
START_TEST(window_edge_bsd_keeps_a_silly_window_floor)
{
    static const uint8_t knob[2] = {0u, TCPFSM_COMPAT_WINDOW_EDGE_BSD};
    static const struct { uint32_t read; uint16_t bsd, rfc; } steps[] = {
        {500u, 0u, 0u}, {600u, 1100u, 0u}, {400u, 1500u, 1500u},
    };
    tcpfsm_config cfg;
    h_t t;
    unsigned k;
    config_with(&cfg, knob[_i], 1);
    cfg.rcv_buf = 4000u;
    h_establish(&t, &cfg, 1000u, 5000u, (uint16_t)H_WINDOW, 1460u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_nxt, 4000u)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 4000u);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 0u);
    for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        ck_assert_int_eq(tcpfsm_receive(&t.conn, steps[k].read, t.now, &t.out), TCPFSM_OK);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t) - 1u, t.conn.snd_nxt, 1u)),
                         TCPFSM_OK);
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
        ck_assert_msg(t.out.tx[0].window == (knob[_i] != 0u ? steps[k].bsd : steps[k].rfc),
                      "read %u: window %u", steps[k].read, t.out.tx[0].window);
    }
}
END_TEST

/* SYN_BY_SEQ, RFC 5961 off: a SYN,FIN at RCV.NXT-1 has its FIN at RCV.NXT,
 * inside the window, so §3.10.7.4 (first step) accepts it and the SYN
 * resets the connection; judged by SEG.SEQ alone it is outside and draws
 * an ACK.  In ESTABLISHED (i = 0, 1) and TIME-WAIT (i = 2, 3). */
START_TEST(syn_by_seq_judges_a_syn_fin_by_its_first_octet)
{
    uint8_t compat = (_i % 2) != 0 ? TCPFSM_COMPAT_SYN_BY_SEQ : 0u;
    tcpfsm_config cfg;
    h_t t;
    tcpfsm_state at;
    config_with(&cfg, compat, 0);
    if (_i < 2) {
        h_establish(&t, &cfg, 1000u, 0xFFFFFFFFu, (uint16_t)H_WINDOW, 1460u);
    } else {
        h_init_cfg(&t, &cfg, 1000u, 0xFFFFFFFFu);
        h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    }
    at = h_state(&t);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_FIN, h_rcv_nxt(&t) - 1u, 0u, 0u)),
                     TCPFSM_OK);
    if (compat != 0u) {
        ck_assert_int_eq(h_state(&t), at);
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
    } else {
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_ne(t.out.tx[0].flags & TCPFSM_RST, 0);
    }
}
END_TEST

/* DROP_SYNFIN drops only a segment with both: a SYN alone still opens, and
 * an ACK alone still draws the RST of §3.10.7.2 (second). */
START_TEST(drop_synfin_spares_a_syn_or_an_ack_alone)
{
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, TCPFSM_COMPAT_DROP_SYNFIN, 1);
    h_init_cfg(&t, &cfg, 1000u, 5000u);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss, 777u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
    h_expect_tx(&t, 0, TCPFSM_RST, 777u, 0u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    h_expect_tx(&t, 0, TCPFSM_SYN | TCPFSM_ACK, t.iss, t.peer_iss + 1u);
}
END_TEST

/* TIME_WAIT_BSD leaves a RST and a SYN, with or without ACK, the answer
 * they get without it (RFC 1337: the RST ignored; RFC 5961 §4: a challenge
 * ACK to the SYN); it does acknowledge an old duplicate ACK (SEG.ACK below
 * SND.NXT), which the RFC's fifth step ignores. */
START_TEST(time_wait_bsd_spares_rst_and_syn)
{
    static const uint8_t flags[4] = {
        TCPFSM_RST, TCPFSM_RST | TCPFSM_ACK, TCPFSM_SYN, TCPFSM_SYN | TCPFSM_ACK,
    };
    unsigned k;
    for (k = 0; k < 4; k++) {
        h_t with;
        h_t without;
        time_wait(&with, 1);
        time_wait(&without, 0);
        ck_assert_int_eq(h_rx(&with, h_seg(flags[k], h_rcv_nxt(&with) + 5u, with.conn.snd_nxt, 0u)),
                         TCPFSM_OK);
        ck_assert_int_eq(h_rx(&without, h_seg(flags[k], h_rcv_nxt(&without) + 5u,
                                              without.conn.snd_nxt, 0u)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&with), h_state(&without));
        ck_assert_uint_eq(with.out.count, without.out.count);
        if (with.out.count > 0u) {
            ck_assert_uint_eq(with.out.tx[0].flags, without.out.tx[0].flags);
        }
    }
    for (k = 0; k < 2; k++) {
        h_t t;
        time_wait(&t, (int)k);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_nxt - 1u, 0u)),
                         TCPFSM_OK);
        if (k != 0u) {
            h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, h_rcv_nxt(&t));
        } else {
            ck_assert_uint_eq(t.out.count, 0);
        }
    }
}
END_TEST

/* ACCEPT_FREE_BUFFER with a buffer the window announces whole (65535, the
 * default): the free buffer is no larger than the window, and a RST one
 * byte beyond the edge is outside either way. */
START_TEST(accept_free_buffer_no_wider_than_the_buffer)
{
    tcpfsm_config cfg;
    h_t t;
    config_with(&cfg, TCPFSM_COMPAT_ACCEPT_FREE_BUFFER, 1);
    h_establish(&t, &cfg, 1000u, 5000u, (uint16_t)H_WINDOW, 1460u);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 65535u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + 65535u, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* FIN_REPEAT on (i = 1) or off: a connection in `state`, active close. */
static void fin_out(h_t *t, int knob, tcpfsm_state state, h_origin origin)
{
    tcpfsm_config cfg;
    config_with(&cfg, knob ? TCPFSM_COMPAT_FIN_REPEAT : 0u, 1);
    h_init_cfg(t, &cfg, 1000u, 0xFFFFFFF8u);
    h_drive(t, state, origin);
    ck_assert_int_eq(h_state(t), state);
    ck_assert_uint_eq(t->conn.fin_sent, 1u);
    ck_assert(t->conn.snd_una != t->conn.snd_nxt); /* our FIN is unacknowledged */
}

/* The ACK h_rx drew: with the knob our FIN again, from SND.NXT-1 (FreeBSD's
 * tcp_output); without, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (RFC 9293
 * §3.10.7.4, figure 14). */
static void expect_ack_or_fin(const h_t *t, int knob)
{
    ck_assert_uint_eq(t->out.count, 1);
    if (knob) {
        h_expect_tx(t, 0, TCPFSM_FIN | TCPFSM_ACK, t->conn.snd_nxt - 1u, h_rcv_nxt(t));
    } else {
        h_expect_tx(t, 0, TCPFSM_ACK, t->conn.snd_nxt, h_rcv_nxt(t));
    }
    ck_assert_uint_eq(t->out.tx[0].data_len, 0);
}

/* The peer's FIN again, old now, draws a plain ACK, knob or not, and the
 * state stays: an endpoint that answered it with its FIN again would,
 * facing another, never stop. */
static void old_fin_draws_plain_ack(h_t *t, tcpfsm_state state)
{
    ck_assert_int_eq(h_rx(t, h_seg(TCPFSM_FIN | TCPFSM_ACK, h_rcv_nxt(t) - 1u,
                                   t->conn.snd_nxt - 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), state);
    expect_ack_or_fin(t, 0);
}

/* FIN_REPEAT: the peer's FIN in FIN-WAIT-1 (simultaneous close) is
 * acknowledged by our FIN again (the suite's snippets/closing-ipv4.pkt). */
START_TEST(fin_repeat_acknowledges_the_peers_fin_in_closing)
{
    h_t t;
    fin_out(&t, _i, TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN | TCPFSM_ACK, h_rcv_nxt(&t),
                                    t.conn.snd_nxt - 1u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    expect_ack_or_fin(&t, _i);
    old_fin_draws_plain_ack(&t, TCPFSM_CLOSING);
}
END_TEST

/* ... data in FIN-WAIT-1 too; in LAST-ACK nothing new arrives. */
START_TEST(fin_repeat_in_fin_wait_1_not_last_ack)
{
    h_t t;
    fin_out(&t, _i, TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_nxt - 1u, 10u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    expect_ack_or_fin(&t, _i);
    fin_out(&t, _i, TCPFSM_LAST_ACK, ORIGIN_PASSIVE);
    old_fin_draws_plain_ack(&t, TCPFSM_LAST_ACK);
}
END_TEST

/* ... but challenge ACKs stay plain (RFC 5961 §4.2 and §3.2: FreeBSD's
 * tcp_respond), and once our FIN is acknowledged nothing repeats it. */
START_TEST(fin_repeat_spares_challenge_acks_and_an_acknowledged_fin)
{
    h_t t;
    fin_out(&t, 1, TCPFSM_CLOSING, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, h_rcv_nxt(&t) + 5u, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    expect_ack_or_fin(&t, 0);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + 5u, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    expect_ack_or_fin(&t, 0);
    h_init(&t, 1000u, 5000u);
    t.conn.cfg.compat = TCPFSM_COMPAT_FIN_REPEAT;
    h_drive(&t, TCPFSM_FIN_WAIT_2, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_nxt, 10u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
    expect_ack_or_fin(&t, 0);
}
END_TEST

Suite *suite_compat(void)
{
    Suite *s = suite_create("compat");
    TCase *tc = tcase_create("freebsd");
    tcase_add_test(tc, off_by_default);
    tcase_add_test(tc, every_bit_has_a_meaning);
    tcase_add_loop_test(tc, drop_synfin_in_listen, 0, 2);
    tcase_add_loop_test(tc, drop_synfin_in_syn_sent, 0, 2);
    tcase_add_loop_test(tc, listen_drop_syn_ack, 0, 2);
    tcase_add_test(tc, drop_synfin_not_once_synchronized);
    tcase_add_loop_test(tc, syn_reset_from_the_connection, 0, 2);
    tcase_add_test(tc, syn_reset_knob_idle_with_rfc5961);
    tcase_add_loop_test(tc, time_wait_drops_segments_without_ack, 0, 2);
    tcase_add_loop_test(tc, time_wait_acknowledges_all_but_a_duplicate_ack, 0, 2);
    tcase_add_loop_test(tc, accept_free_buffer_rst_at_the_right_edge, 0, 2);
    tcase_add_loop_test(tc, accept_free_buffer_keeps_no_text_and_spares_time_wait, 0, 2);
    tcase_add_loop_test(tc, accept_free_buffer_takes_an_ack_beyond_the_edge, 0, 2);
    tcase_add_loop_test(tc, window_edge_bsd_moves_by_a_byte_after_a_fin, 0, 2);
    tcase_add_loop_test(tc, window_edge_bsd_keeps_a_silly_window_floor, 0, 2);
    tcase_add_loop_test(tc, syn_by_seq_judges_a_syn_fin_by_its_first_octet, 0, 4);
    tcase_add_test(tc, drop_synfin_spares_a_syn_or_an_ack_alone);
    tcase_add_test(tc, time_wait_bsd_spares_rst_and_syn);
    tcase_add_test(tc, accept_free_buffer_no_wider_than_the_buffer);
    tcase_add_loop_test(tc, fin_repeat_acknowledges_the_peers_fin_in_closing, 0, 2);
    tcase_add_loop_test(tc, fin_repeat_in_fin_wait_1_not_last_ack, 0, 2);
    tcase_add_test(tc, fin_repeat_spares_challenge_acks_and_an_acknowledged_fin);
    suite_add_tcase(s, tc);
    return s;
}
