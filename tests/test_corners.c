/* SPDX-License-Identifier: BSD-2-Clause */
/* Corners of RFC 9293's segment and call processing that the scenario
 * suites do not reach: each test names the rule it pins.  Every test runs
 * with small sequence numbers and just below 2^32. */
#include "harness.h"
#include "suites.h"

static const uint32_t isn[2][2] = {{1000u, 5000u}, {0xFFFFFFF0u, 0xFFFFFFFEu}};

static void start(h_t *t, int i)
{
    h_init(t, isn[i][0], isn[i][1]);
}

static tcpfsm_segment with_window(tcpfsm_segment seg, uint16_t window)
{
    seg.window = window;
    return seg;
}

/* §3.10.7.2 fourth: in LISTEN a segment without SYN, ACK or RST is dropped. */
START_TEST(listen_drops_bare_fin)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_LISTEN, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN, t.peer_iss, 0, 10)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* §3.10.7.3: SYN,ACK carrying a FIN: established, then the FIN is processed
 * (sixth step onwards): CLOSE-WAIT, one ACK covering SYN and FIN. */
START_TEST(syn_sent_syn_ack_with_fin)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK | TCPFSM_FIN, t.peer_iss,
                                    t.iss + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_PEER_CLOSED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 2u);
}
END_TEST

/* §3.10.2: data queued in SYN-SENT leaves with the handshake's ACK. */
START_TEST(syn_sent_queued_data_rides_the_ack)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 300, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_SYN_ACK), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK | TCPFSM_PSH, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[0].data_len, 300);
}
END_TEST

/* §3.10.4: CLOSE in SYN-RECEIVED with data queued waits for ESTABLISHED,
 * then becomes FIN-WAIT-1 with the data followed by the FIN; meanwhile
 * SEND is refused with "connection closing". */
START_TEST(syn_received_close_with_data_queued)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 200, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 1, t.now, &t.out), TCPFSM_ERR_CLOSING);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_ERR_CLOSING);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 1u, t.iss + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CONNECTED);
    ck_assert_uint_eq(t.out.count, 2);
    h_expect_tx(&t, 0, TCPFSM_ACK | TCPFSM_PSH, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[0].data_len, 200);
    h_expect_tx(&t, 1, TCPFSM_FIN | TCPFSM_ACK, t.iss + 201u, t.peer_iss + 1u);
}
END_TEST

/* §3.10.7.4 fifth, CLOSING: an ACK of data that does not reach our FIN
 * leaves us in CLOSING. */
START_TEST(closing_ack_short_of_fin)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 100, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN | TCPFSM_ACK, t.peer_iss + 1u, t.iss + 1u, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 2u, t.iss + 101u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    ck_assert_uint_eq(t.out.acked, 100);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 2u, t.iss + 102u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
}
END_TEST

/* §3.10.7.4 fifth, LAST-ACK: only the ACK of our FIN closes. */
START_TEST(last_ack_ack_short_of_fin)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_CLOSE_WAIT, ORIGIN_PASSIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 100, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LAST_ACK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 101u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LAST_ACK);
    ck_assert_uint_eq(t.out.notes, 0);
}
END_TEST

/* §3.10.7.4 fifth: "if the ACK bit is off drop the segment". */
START_TEST(synchronized_segment_without_ack_dropped)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(0, t.conn.rcv_nxt, 0, 50)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN, t.conn.rcv_nxt, 0, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* §3.10.7.4 first: TIME-WAIT re-ACKs only a plain repeated FIN; a RST,FIN
 * at the same place is a RST (ignored under RFC 1337), a SYN,FIN is old. */
START_TEST(time_wait_fin_variants)
{
    h_t t;
    uint64_t deadline;
    start(&t, _i);
    h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
    deadline = t.conn.rtx_deadline;
    t.now += 1000u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST | TCPFSM_FIN, t.conn.rcv_nxt - 1u, 0, 0)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.conn.rtx_deadline, deadline);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_FIN, t.conn.rcv_nxt - 2u, 0, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.conn.rtx_deadline, deadline);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_FIN | TCPFSM_ACK, t.conn.rcv_nxt - 2u,
                                    t.conn.snd_nxt, 0)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.rtx_deadline, deadline); /* not the FIN we hold */
}
END_TEST

/* Simultaneous open: only a SYN,ACK whose ACK covers our SYN has its old
 * SYN trimmed; an ACK beyond SND.NXT leaves it old: an ACK answers. */
START_TEST(simultaneous_open_syn_ack_beyond_snd_nxt)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 2u, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
}
END_TEST

/* §3.10.7.3 fourth: the text of a SYN met in SYN-SENT is "queued for
 * processing after the ESTABLISHED state has been reached": kept from
 * RCV.NXT, not acknowledged by the SYN,ACK, the application's once the
 * handshake's ACK arrives, and that ACK of in-order data may wait
 * (§3.8.6.3).  FreeBSD's tcp_input keeps it too
 * (rcv-syn-with-data-syn-sent-ipv4.pkt). */
static void syn_text_kept(h_t *t, int i, uint8_t flags)
{
    start(t, i);
    h_drive(t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(t, h_seg(flags, t->peer_iss, 0, 3)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_SYN | TCPFSM_ACK, t->iss, t->peer_iss + 1u);
    ck_assert_uint_eq(t->out.deliver_len, 0);
    ck_assert_uint_eq(t->out.keep_offset, 0);
    ck_assert_uint_eq(t->out.keep_len, 3);
    ck_assert_uint_eq(t->out.keep_at, 0);
    ck_assert_uint_eq(t->out.reasm_len, 0);
    ck_assert_uint_eq(t->conn.ooo_fin, 0);
}

START_TEST(simultaneous_open_syn_text_kept)
{
    h_t t;
    syn_text_kept(&t, _i, TCPFSM_SYN);
    t.conn.cfg.delack_ms = 100u; /* h_init turns delayed ACKs off */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 4u, t.iss + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_CONNECTED, TCPFSM_NOTE_CONNECTED);
    ck_assert_uint_eq(t.out.reasm_len, 3);
    ck_assert_uint_eq(t.conn.rcv_nxt, t.peer_iss + 4u);
    ck_assert_uint_eq(t.conn.ooo.count, 0);
    ck_assert_uint_eq(t.out.count, 0); /* the ACK is delayed */
    ck_assert(t.conn.ack_deadline != TCPFSM_NO_DEADLINE);
}
END_TEST

/* ... its FIN is not kept: unacknowledged, the peer sends it again. */
START_TEST(simultaneous_open_syn_fin_not_kept)
{
    h_t t;
    syn_text_kept(&t, _i, TCPFSM_SYN | TCPFSM_FIN);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 4u, t.iss + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.reasm_len, 3);
    ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_PEER_CLOSED, 0);
}
END_TEST

/* ... and when the handshake's ACK carries text beyond it, the kept text
 * goes to the application first; that segment, which one output cannot
 * keep as well, is left for the peer to send again. */
START_TEST(simultaneous_open_syn_text_before_later_text)
{
    h_t t;
    syn_text_kept(&t, _i, TCPFSM_SYN);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 10u, t.iss + 1u, 5)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.reasm_len, 3);
    ck_assert_uint_eq(t.out.keep_len, 0);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(t.conn.rcv_nxt, t.peer_iss + 4u);
    ck_assert_uint_eq(t.conn.ooo.count, 0);
    ck_assert_uint_eq(t.out.count, 1); /* the ACK, at once */
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 4u);
}
END_TEST

/* ... and when the peer's SYN,ACK repeats the text, the text is delivered
 * from that segment once, the kept copy dropped (no byte twice). */
START_TEST(simultaneous_open_syn_text_repeated)
{
    h_t t;
    syn_text_kept(&t, _i, TCPFSM_SYN);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u, 5)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, 5);
    ck_assert_uint_eq(t.out.reasm_len, 0);
    ck_assert_uint_eq(t.conn.rcv_nxt, t.peer_iss + 6u);
    ck_assert_uint_eq(t.conn.ooo.count, 0);
}
END_TEST

/* ... nor one acknowledging nothing (SEG.ACK = ISS). */
START_TEST(simultaneous_open_syn_ack_of_nothing)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
}
END_TEST

/* ... and a SYN,ACK,RST at IRS is a RST, old and outside the window:
 * dropped without a word. */
START_TEST(simultaneous_open_syn_ack_rst_dropped)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN | TCPFSM_ACK | TCPFSM_RST, t.peer_iss,
                                    t.iss + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* §3.10.7.4 seventh/eighth: a FIN just past a full window is trimmed: the
 * data is taken, the FIN waits for the window. */
START_TEST(fin_beyond_full_window_waits)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rcv_buf = 1000;
    h_init_cfg(&t, &cfg, isn[_i][0], isn[_i][1]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK | TCPFSM_FIN, t.conn.rcv_nxt, t.iss + 1u, 1000)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 1000);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1001u);
    ck_assert_uint_eq(t.out.tx[0].window, 0);
}
END_TEST

/* ... and a FIN behind data that overflows the window is trimmed with it. */
START_TEST(fin_behind_trimmed_data_waits)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.rcv_buf = 1000;
    h_init_cfg(&t, &cfg, isn[_i][0], isn[_i][1]);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK | TCPFSM_FIN, t.conn.rcv_nxt, t.iss + 1u, 1500)),
                     TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 1000);
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* §3.8.6.1: CLOSE with a zero window: the FIN waits, the persist timer
 * probes with the FIN itself. */
START_TEST(zero_window_fin_probe)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, with_window(h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 1u, 0), 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_ne(t.out.deadline, TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_FIN | TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 2u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
}
END_TEST

/* RFC 6298 §5.7 only lifts an RTO configured below 3 s. */
START_TEST(syn_loss_keeps_rto_configured_above_3s)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_info info;
    h_config(&cfg);
    cfg.rto_initial_ms = 4000;
    h_init_cfg(&t, &cfg, isn[_i][0], isn[_i][1]);
    h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_timer(&t, t.out.deadline), TCPFSM_OK);
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_SYN_ACK), TCPFSM_OK);
    tcpfsm_status(&t.conn, &info);
    ck_assert_uint_eq(info.rto_ms, 8000);
}
END_TEST

/* RFC 6298 §2: a caller late by hours, or whose clock stepped back, still
 * gets a bounded sample and an RTO within its limits. */
START_TEST(rtt_sample_extremes)
{
    h_t t;
    tcpfsm_info info;
    start(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 10, t.now, &t.out), TCPFSM_OK);
    t.now += 5u * 3600u * 1000u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 11u, 0)), TCPFSM_OK);
    tcpfsm_status(&t.conn, &info);
    ck_assert_uint_eq(info.rto_ms, 60000);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 10, t.now, &t.out), TCPFSM_OK);
    t.now -= 10u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 21u, 0)), TCPFSM_OK);
    tcpfsm_status(&t.conn, &info);
    ck_assert_uint_ge(info.rto_ms, 1000);
    ck_assert_uint_le(info.rto_ms, 60000);
}
END_TEST

/* The SND.WL1/SND.WL2 rule, second clause: a segment with SEG.SEQ = WL1
 * updates the window only when SEG.ACK >= WL2. */
START_TEST(window_update_same_seq_older_ack)
{
    h_t t;
    start(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, 100, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, with_window(h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 101u, 0),
                                          4000)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.snd_wnd, 4000);
    ck_assert_int_eq(h_rx(&t, with_window(h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 51u, 0),
                                          100)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.snd_wnd, 4000);
    ck_assert_int_eq(h_rx(&t, with_window(h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.iss + 101u, 0),
                                          3000)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.snd_wnd, 3000);
}
END_TEST

Suite *suite_corners(void)
{
    Suite *s = suite_create("corners");
    TCase *tc = tcase_create("paths");
    tcase_add_loop_test(tc, listen_drops_bare_fin, 0, 2);
    tcase_add_loop_test(tc, syn_sent_syn_ack_with_fin, 0, 2);
    tcase_add_loop_test(tc, syn_sent_queued_data_rides_the_ack, 0, 2);
    tcase_add_loop_test(tc, syn_received_close_with_data_queued, 0, 2);
    tcase_add_loop_test(tc, closing_ack_short_of_fin, 0, 2);
    tcase_add_loop_test(tc, last_ack_ack_short_of_fin, 0, 2);
    tcase_add_loop_test(tc, synchronized_segment_without_ack_dropped, 0, 2);
    tcase_add_loop_test(tc, time_wait_fin_variants, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_ack_beyond_snd_nxt, 0, 2);
    tcase_add_loop_test(tc, fin_beyond_full_window_waits, 0, 2);
    tcase_add_loop_test(tc, fin_behind_trimmed_data_waits, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_ack_of_nothing, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_ack_rst_dropped, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_text_kept, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_fin_not_kept, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_text_repeated, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_syn_text_before_later_text, 0, 2);
    tcase_add_loop_test(tc, zero_window_fin_probe, 0, 2);
    tcase_add_loop_test(tc, syn_loss_keeps_rto_configured_above_3s, 0, 2);
    tcase_add_loop_test(tc, rtt_sample_extremes, 0, 2);
    tcase_add_loop_test(tc, window_update_same_seq_older_ack, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
