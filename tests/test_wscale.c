/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 7323 §2: window scaling.  The option on our SYN and SYN,ACK, the
 * negotiation (both SYNs must carry it), the shifts applied to every window
 * but a SYN's, shift 14 and the shift above it, and the receive window
 * rounded to the scale without passing the end of the buffer.  Every test
 * runs with small sequence numbers and with numbers that cross 2^32. */
#include <string.h>
#include "harness.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_PSH TCPFSM_PSH
#define F_SYN TCPFSM_SYN

#define BIG_BUF   1000000u /* needs shift 4: 65535 * 8 < 1000000 <= 65535 * 16 */
#define BIG_SHIFT 4u

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

static void init_with(h_t *t, int i, uint32_t rcv_buf, int offer)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rcv_buf = rcv_buf;
    if (!offer) {
        cfg.flags = (uint8_t)(cfg.flags & ~TCPFSM_CFG_WSCALE);
    }
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
}

/* A SYN or SYN,ACK from the peer; shift < 0: without the option. */
static tcpfsm_segment peer_syn(const h_t *t, uint8_t flags, uint16_t window, int shift)
{
    tcpfsm_segment seg = h_seg(flags, t->peer_iss, (flags & F_ACK) ? t->iss + 1u : 0u, 0u);
    seg.window = window;
    if (shift >= 0) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_WSCALE);
        seg.wscale = (uint8_t)shift;
    }
    return seg;
}

/* A segment from the peer at our RCV.NXT acknowledging SND.NXT. */
static tcpfsm_segment peer_seg(const h_t *t, uint8_t flags, uint32_t len, uint16_t window)
{
    tcpfsm_segment seg = h_seg(flags, t->conn.rcv_nxt, t->conn.snd_nxt, len);
    seg.window = window;
    return seg;
}

static void rx(h_t *t, tcpfsm_segment seg)
{
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* Active open answered by a SYN,ACK with `window` and shift (< 0: none). */
static void establish_active(h_t *t, int i, uint32_t rcv_buf, int offer, uint16_t window,
                             int shift)
{
    init_with(t, i, rcv_buf, offer);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    rx(t, peer_syn(t, F_SYN | F_ACK, window, shift));
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    h_expect_tx(t, 0, F_ACK, t->iss + 1u, t->peer_iss + 1u);
}

/* The right edge of the window the last segment out offered, as the peer
 * computes it: SEG.ACK + SEG.WND << our shift. */
static uint32_t offered_edge(const h_t *t, unsigned k)
{
    return t->out.tx[k].ack + ((uint32_t)t->out.tx[k].window << t->conn.rcv_wscale);
}

/* §2.2: the option goes on our SYN with the smallest shift that lets the
 * 16-bit field reach the whole buffer; the SYN's own window is unscaled. */
START_TEST(syn_offers_the_shift_the_buffer_needs)
{
    static const struct { uint32_t buf; uint8_t shift; uint16_t window; } cases[] = {
        {1u, 0u, 1u}, {65535u, 0u, 65535u}, {65536u, 1u, 65535u}, {131070u, 1u, 65535u},
        {131071u, 2u, 65535u}, {BIG_BUF, BIG_SHIFT, 65535u},
        {TCPFSM_MAX_RCV_BUF - 1u, 14u, 65535u}, {TCPFSM_MAX_RCV_BUF, 14u, 65535u},
    };
    unsigned k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        h_t t;
        init_with(&t, _i, cases[k].buf, 1);
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
        ck_assert_uint_eq(t.out.tx[0].options,
                          TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_SACK_PERM);
        ck_assert_msg(t.out.tx[0].wscale == cases[k].shift, "rcv_buf %u: shift %u, want %u",
                      cases[k].buf, t.out.tx[0].wscale, cases[k].shift);
        ck_assert_uint_eq(t.out.tx[0].window, cases[k].window);
    }
}
END_TEST

/* Not configured: no option on the SYN. */
START_TEST(syn_without_the_switch_offers_nothing)
{
    h_t t;
    init_with(&t, _i, BIG_BUF, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.tx[0].options, TCPFSM_OPT_MSS | TCPFSM_OPT_SACK_PERM);
    ck_assert_uint_eq(t.out.tx[0].window, 65535u);
}
END_TEST

/* Both SYNs carried the option: the peer's windows are scaled by its shift
 * from the first segment after its SYN, ours by our shift; the SYN,ACK's
 * window is taken as it is (§2.2). */
START_TEST(active_open_negotiates_both_shifts)
{
    h_t t;
    tcpfsm_info info;
    establish_active(&t, _i, BIG_BUF, 1, 1000u, 7);
    info = h_info(&t);
    ck_assert_uint_eq(info.options, TCPFSM_OPT_WSCALE);
    ck_assert_uint_eq(info.snd_wscale, 7u);
    ck_assert_uint_eq(info.rcv_wscale, BIG_SHIFT);
    ck_assert_uint_eq(info.snd_wnd, 1000u); /* the SYN,ACK's window, unscaled */
    /* our ACK offers the buffer in whole units of 16, less one unit:
     * room for the rounding up of later ACKs */
    ck_assert_uint_eq(t.out.tx[0].window, BIG_BUF / 16u - 1u);
    ck_assert_uint_eq(info.rcv_wnd, BIG_BUF - 16u);
    ck_assert_uint_eq(offered_edge(&t, 0), t.conn.rcv_nxt + BIG_BUF - 16u);
    rx(&t, peer_seg(&t, F_ACK, 0u, 1000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 1000u << 7);
}
END_TEST

/* The peer's SYN,ACK without the option: no scaling either way, and our
 * windows stop at 65535 whatever the buffer. */
START_TEST(active_open_peer_declines)
{
    h_t t;
    tcpfsm_info info;
    establish_active(&t, _i, BIG_BUF, 1, 1000u, -1);
    info = h_info(&t);
    ck_assert_uint_eq(info.options, 0u);
    ck_assert_uint_eq(info.snd_wscale, 0u);
    ck_assert_uint_eq(info.rcv_wscale, 0u);
    ck_assert_uint_eq(t.out.tx[0].window, 65535u);
    ck_assert_uint_eq(info.rcv_wnd, 65535u);
    rx(&t, peer_seg(&t, F_ACK, 0u, 1000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 1000u);
}
END_TEST

/* We did not offer: the option on the peer's SYN,ACK means nothing. */
START_TEST(active_open_not_offered_ignores_the_peer)
{
    h_t t;
    establish_active(&t, _i, BIG_BUF, 0, 1000u, 7);
    ck_assert_uint_eq(h_info(&t).options, 0u);
    rx(&t, peer_seg(&t, F_ACK, 0u, 1000u));
    ck_assert_uint_eq(h_info(&t).snd_wnd, 1000u);
    ck_assert_uint_eq(t.conn.rcv_wscale, 0u);
}
END_TEST

/* Passive side: the SYN,ACK carries the option only in answer to a SYN
 * that did (§2.2), and its window is unscaled. */
START_TEST(passive_open_answers_an_offer_only)
{
    static const struct { int peer_shift; int offer; int on; } cases[] = {
        {3, 1, 1}, {-1, 1, 0}, {3, 0, 0}, {0, 1, 1}, {14, 1, 1},
    };
    unsigned k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        h_t t;
        init_with(&t, _i, BIG_BUF, cases[k].offer);
        ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
        rx(&t, peer_syn(&t, F_SYN, 2000u, cases[k].peer_shift));
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        h_expect_tx(&t, 0, F_SYN | F_ACK, t.iss, t.peer_iss + 1u);
        ck_assert_uint_eq(t.out.tx[0].window, 65535u);
        ck_assert_uint_eq(h_info(&t).snd_wnd, 2000u);
        if (cases[k].on) {
            ck_assert_uint_eq(t.out.tx[0].options, TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE);
            ck_assert_uint_eq(t.out.tx[0].wscale, BIG_SHIFT);
        } else {
            ck_assert_uint_eq(t.out.tx[0].options, TCPFSM_OPT_MSS);
        }
        /* the ACK that completes the handshake is scaled */
        rx(&t, peer_seg(&t, F_ACK, 0u, 2000u));
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        ck_assert_uint_eq(h_info(&t).snd_wnd,
                          cases[k].on ? 2000u << cases[k].peer_shift : 2000u);
    }
}
END_TEST

/* Simultaneous open: our SYN offered; the peer's SYN decides, and our
 * SYN,ACK repeats the offer only when it did. */
START_TEST(simultaneous_open_follows_the_peer_syn)
{
    int with;
    for (with = 0; with < 2; with++) {
        h_t t;
        init_with(&t, _i, BIG_BUF, 1);
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        rx(&t, peer_syn(&t, F_SYN, 100u, with ? 2 : -1));
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        h_expect_tx(&t, 0, F_SYN | F_ACK, t.iss, t.peer_iss + 1u);
        ck_assert_uint_eq(t.out.tx[0].options,
                          with ? TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE : TCPFSM_OPT_MSS);
        ck_assert_uint_eq(t.out.tx[0].window, 65535u);
        rx(&t, peer_seg(&t, F_ACK, 0u, 100u));
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
        ck_assert_uint_eq(h_info(&t).snd_wnd, with ? 400u : 100u);
    }
}
END_TEST

/* §2.3: a shift above 14 counts as 14; shift 14 with the largest field is
 * the largest window there is. */
START_TEST(shift_above_14_counts_as_14)
{
    static const uint8_t shifts[] = {14u, 15u, 255u};
    unsigned k;
    for (k = 0; k < sizeof shifts; k++) {
        h_t t;
        establish_active(&t, _i, 65535u, 1, 65535u, shifts[k]);
        ck_assert_uint_eq(h_info(&t).snd_wscale, 14u);
        rx(&t, peer_seg(&t, F_ACK, 0u, 65535u));
        ck_assert_uint_eq(h_info(&t).snd_wnd, TCPFSM_MAX_RCV_BUF);
    }
}
END_TEST

/* The scaled send window limits what is sent: 1000 << 2 bytes. */
START_TEST(scaled_send_window_limits_the_data)
{
    h_t t;
    uint32_t sent = 0;
    unsigned k;
    establish_active(&t, _i, 65535u, 1, 1000u, 2);
    rx(&t, peer_seg(&t, F_ACK, 0u, 1000u));
    h_send(&t, 10000u);
    for (k = 0; k < t.out.count; k++) {
        sent += t.out.tx[k].data_len;
    }
    /* two full segments; the 1080 bytes left in the window wait (sender
     * silly-window avoidance: less than half of 4000 with data in flight) */
    ck_assert_uint_eq(sent, 2920u);
    h_expect_data(&t, 0, F_ACK, t.iss + 1u, 0u, 1460u);
    h_expect_data(&t, 1, F_ACK, t.iss + 1u + 1460u, 1460u, 1460u);
    /* everything acknowledged, and a zero window, which scales to zero */
    rx(&t, peer_seg(&t, F_ACK, 0u, 0u));
    ck_assert_uint_eq(t.out.acked, 2920u);
    ck_assert_uint_eq(h_info(&t).snd_wnd, 0u);
}
END_TEST

/* The largest buffer: shift 14, and the field never exceeds 65535. */
START_TEST(largest_buffer_shift_14)
{
    h_t t;
    establish_active(&t, _i, TCPFSM_MAX_RCV_BUF, 1, 65535u, 14);
    ck_assert_uint_eq(t.conn.rcv_wscale, 14u);
    ck_assert_uint_eq(t.out.tx[0].window, 65534u);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, TCPFSM_MAX_RCV_BUF - 16384u);
    rx(&t, peer_seg(&t, F_ACK | F_PSH, 1000u, 65535u));
    ck_assert_uint_eq(t.out.deliver_len, 1000u);
    /* 1000 bytes unread: the edge stays, rounded within the buffer */
    ck_assert_uint_le(offered_edge(&t, 0), t.conn.rcv_nxt + TCPFSM_MAX_RCV_BUF - 1000u);
    ck_assert_uint_le(t.out.tx[0].window, 65535u);
}
END_TEST

/* §2.4: the window we offer is rounded up to the scale, so the right edge
 * the peer computes stays where it was, unless that would pass the end of
 * the free buffer: then, and only then, it moves back by less than one
 * unit.  Here the application reads nothing and 100-byte segments arrive
 * until the buffer is full. */
START_TEST(receive_window_rounds_within_the_buffer)
{
    h_t t;
    uint32_t edge;
    uint32_t unit = 1u << BIG_SHIFT;
    uint32_t delivered = 0;
    unsigned n = 0;
    establish_active(&t, _i, BIG_BUF, 1, 65535u, 0);
    edge = offered_edge(&t, 0);
    while (t.conn.rcv_adv != t.conn.rcv_nxt) {
        uint32_t buffer_end;
        rx(&t, peer_seg(&t, F_ACK | F_PSH, 1460u, 65535u));
        delivered += t.out.deliver_len;
        buffer_end = t.conn.rcv_nxt + (BIG_BUF - delivered);
        h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, t.conn.rcv_nxt);
        /* never past the buffer's end, never back by a whole unit */
        ck_assert_int_le((int32_t)(offered_edge(&t, 0) - buffer_end), 0);
        ck_assert_int_gt((int32_t)(offered_edge(&t, 0) - edge), -(int32_t)unit);
        ck_assert_uint_eq(offered_edge(&t, 0), t.conn.rcv_adv);
        edge = offered_edge(&t, 0);
        ck_assert_uint_lt(++n, 1000u);
    }
    /* the whole buffer was used, no byte beyond it */
    ck_assert_uint_ge(delivered, BIG_BUF - unit);
    ck_assert_uint_le(delivered, BIG_BUF);
}
END_TEST

/* The application reads every segment as it comes: the edge never moves
 * back, and moves on by every byte read. */
START_TEST(receive_window_never_retracts_while_read)
{
    h_t t;
    uint32_t edge;
    unsigned n;
    establish_active(&t, _i, BIG_BUF, 1, 65535u, 0);
    edge = offered_edge(&t, 0);
    for (n = 0; n < 2000u; n++) {
        uint32_t len = 1460u - (n % 7u) * 100u; /* sizes that are not multiples of 16 */
        rx(&t, peer_seg(&t, F_ACK | F_PSH, len, 65535u));
        ck_assert_uint_eq(t.out.deliver_len, len);
        ck_assert_int_ge((int32_t)(offered_edge(&t, 0) - edge), 0);
        edge = offered_edge(&t, 0);
        ck_assert_int_eq(tcpfsm_receive(&t.conn, len, t.now, &t.out), TCPFSM_OK);
        if (t.out.count > 0) {
            ck_assert_int_ge((int32_t)(offered_edge(&t, 0) - edge), 0);
            edge = offered_edge(&t, 0);
        }
    }
    /* 2000 segments of about 1 KB went through a window that stayed open */
    ck_assert_uint_gt(h_info(&t).rcv_wnd, BIG_BUF - 2u * 1460u);
}
END_TEST

/* tcpfsm_config.wscale: a configured shift is offered whatever the buffer
 * (FreeBSD and Linux size it from the largest buffer allowed), and our
 * windows count in its units once negotiated: 65535 bytes with shift 6 is
 * 1023 units of 64, the last unit less a byte kept free (§2.4).  A shift
 * above 14 that is not TCPFSM_WSCALE_AUTO is refused; AUTO is the
 * default. */
START_TEST(configured_shift_is_offered_and_used)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    h_t t;
    h_config(&cfg);
    ck_assert_uint_eq(cfg.wscale, TCPFSM_WSCALE_AUTO);
    cfg.wscale = 15u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
    cfg.wscale = 6u;
    cfg.rcv_buf = 65535u;
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.tx[0].wscale, 6u);
    ck_assert_uint_eq(t.out.tx[0].window, 65535u); /* a SYN's window is unscaled */
    rx(&t, peer_syn(&t, F_SYN | F_ACK, 1000u, 2));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).rcv_wscale, 6u);
    ck_assert_uint_eq(t.out.tx[0].window, 1023u);
    ck_assert_uint_eq(offered_edge(&t, 0), t.conn.rcv_nxt + 1023u * 64u);
}
END_TEST

Suite *suite_wscale(void)
{
    Suite *s = suite_create("wscale");
    TCase *tc = tcase_create("rfc7323_window_scale");
    tcase_add_loop_test(tc, syn_offers_the_shift_the_buffer_needs, 0, 2);
    tcase_add_loop_test(tc, syn_without_the_switch_offers_nothing, 0, 2);
    tcase_add_loop_test(tc, active_open_negotiates_both_shifts, 0, 2);
    tcase_add_loop_test(tc, active_open_peer_declines, 0, 2);
    tcase_add_loop_test(tc, active_open_not_offered_ignores_the_peer, 0, 2);
    tcase_add_loop_test(tc, passive_open_answers_an_offer_only, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_follows_the_peer_syn, 0, 2);
    tcase_add_loop_test(tc, shift_above_14_counts_as_14, 0, 2);
    tcase_add_loop_test(tc, scaled_send_window_limits_the_data, 0, 2);
    tcase_add_loop_test(tc, largest_buffer_shift_14, 0, 2);
    tcase_add_loop_test(tc, receive_window_rounds_within_the_buffer, 0, 2);
    tcase_add_loop_test(tc, receive_window_never_retracts_while_read, 0, 2);
    tcase_add_loop_test(tc, configured_shift_is_offered_and_used, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
