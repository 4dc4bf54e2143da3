/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Regressions for bugs other TCP stacks shipped.  Each test says what went
 * wrong elsewhere (with the public issue or advisory) and checks that this
 * core does what RFC 9293 / RFC 5961 / RFC 1337 ask instead.
 *
 * Where sequence numbers matter the tests are loop tests over ISN pairs,
 * small and just below 2^32.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "suites.h"

typedef struct {
    uint32_t iss;
    uint32_t peer_iss;
} isn_pair;

static const isn_pair ISNS[] = {
    {100u, 300u},
    {0xFFFFFFF0u, 0xFFFFFFFBu}, /* both ends wrap within the first 100 bytes */
    {0x7FFFFF00u, 0xFFFFFFFFu}, /* RCV.NXT = 0 */
};
#define N_ISNS ((int)(sizeof ISNS / sizeof ISNS[0]))

static void init_pair(h_t *t, int pair)
{
    h_init(t, ISNS[pair].iss, ISNS[pair].peer_iss);
}

static tcpfsm_info status(const h_t *t)
{
    tcpfsm_info info;
    memset(&info, 0, sizeof info);
    (void)tcpfsm_status(&t->conn, &info);
    return info;
}

/* What a segment we sent looks like when it arrives at the other end. */
static tcpfsm_segment arrived(const tcpfsm_tx *tx)
{
    tcpfsm_segment seg = {0}; /* no SACK blocks, nothing undefined */
    seg.seq = tx->seq;
    seg.ack = tx->ack;
    seg.len = tx->data_len;
    seg.window = tx->window;
    seg.mss = tx->mss;
    seg.flags = tx->flags;
    seg.options = tx->options;
    seg.wscale = tx->wscale;
    return seg;
}

/* A wire between two ends: carry what `from` just sent to `to`, what that
 * draws back, and so on until nobody sends.  Returns the number of segments
 * carried; fails once more than `limit` have crossed (an endless exchange). */
#define WIRE_SLOTS 256u
static unsigned converse(h_t *from, h_t *to, unsigned limit)
{
    tcpfsm_tx queue[WIRE_SLOTS];
    h_t *dest[WIRE_SLOTS];
    unsigned head = 0, tail = 0, carried = 0, i;
    for (i = 0; i < from->out.count; i++) {
        queue[tail] = from->out.tx[i];
        dest[tail++] = to;
    }
    while (head < tail) {
        h_t *dst = dest[head];
        h_t *back = dst == to ? from : to;
        tcpfsm_segment seg = arrived(&queue[head++]);
        carried++;
        ck_assert_msg(carried <= limit, "endless exchange: more than %u segments", limit);
        ck_assert_int_eq(h_rx(dst, seg), TCPFSM_OK);
        for (i = 0; i < dst->out.count; i++) {
            ck_assert_uint_lt(tail, WIRE_SLOTS);
            queue[tail] = dst->out.tx[i];
            dest[tail++] = back;
        }
    }
    return carried;
}

/* Two ends connected through the wire: a opens actively, b passively. */
static void connect_ends(h_t *a, h_t *b, int pair)
{
    h_init(a, ISNS[pair].iss, ISNS[pair].peer_iss);
    h_init(b, ISNS[pair].peer_iss, ISNS[pair].iss);
    ck_assert_int_eq(tcpfsm_open_passive(&b->conn), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_active(&a->conn, a->iss, a->now, &a->out), TCPFSM_OK);
    ck_assert_uint_eq(converse(a, b, 3u), 3u); /* SYN, SYN-ACK, ACK */
    ck_assert_int_eq(h_state(a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(h_state(b), TCPFSM_ESTABLISHED);
}

static void expect_only(const h_t *t, uint8_t flags, uint32_t seq, uint32_t ack)
{
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, flags, seq, ack);
    ck_assert_uint_eq(t->out.tx[0].data_len, 0);
}

/* --------------------------------------- (a) challenge ACK numbers -- */

/*
 * FreeRTOS-Plus-TCP 4.2.0 (issue #1235, fixed by PR #1236, 2025) built its
 * challenge ACK from the received RST frame, so it carried the RST's
 * numbers.  A Windows host that had already aborted the connection answered
 * with a RST at that same sequence number: in window, not exact, challenge
 * again, forever, until unrelated traffic broke the loop.  smoltcp (issue
 * #338, fixed by PR #353, 2020) looped with Linux the same way because its
 * ACK replies carried a stale acknowledgment number instead of RCV.NXT.
 *
 * Ours: <SEQ=SND.NXT><ACK=RCV.NXT>, the current ones (RCV.NXT moved by data
 * just received), whatever the RST, SYN or bad-ACK segment carried.
 */
START_TEST(challenge_ack_carries_our_numbers)
{
    unsigned kind;
    for (kind = 0; kind < 3u; kind++) {
        h_t t;
        uint32_t rcv_nxt, snd_nxt;
        tcpfsm_segment seg;
        init_pair(&t, _i);
        h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
        /* move both numbers away from anything the segment might echo */
        ck_assert_int_eq(tcpfsm_send(&t.conn, H_DATA_LEN, t.now, &t.out), TCPFSM_OK);
        ck_assert_int_eq(h_event_apply(&t, EV_RCV_DATA), TCPFSM_OK);
        ck_assert_uint_eq(t.out.deliver_len, H_DATA_LEN);
        rcv_nxt = h_rcv_nxt(&t);
        snd_nxt = status(&t).snd_nxt;
        ck_assert_uint_eq(rcv_nxt, t.peer_iss + 1u + H_DATA_LEN);
        ck_assert_uint_eq(snd_nxt, t.iss + 1u + H_DATA_LEN);
        if (kind == 0u) {
            seg = h_seg((uint8_t)(TCPFSM_RST | TCPFSM_ACK), rcv_nxt + 7u, snd_nxt - 3u, 0);
        } else if (kind == 1u) {
            seg = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), rcv_nxt + 7u, snd_nxt - 3u, 0);
        } else {
            seg = h_seg(TCPFSM_ACK, rcv_nxt, snd_nxt + 3u, H_DATA_LEN);
        }
        ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK);
        expect_only(&t, TCPFSM_ACK, snd_nxt, rcv_nxt);
        ck_assert_uint_ne(t.out.tx[0].seq, seg.ack);
        if (kind != 2u) { /* the data segment sits at RCV.NXT itself */
            ck_assert_uint_ne(t.out.tx[0].ack, seg.seq);
        }
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
}
END_TEST

/*
 * The FreeRTOS-Plus-TCP #1235 exchange itself: the peer aborted and forgot
 * the connection, and its RST lands inside our window but not at RCV.NXT.
 * Our challenge ACK reaches a peer with no connection, which answers it per
 * RFC 9293 §3.10.7.1 with <SEQ=SEG.ACK><CTL=RST>; SEG.ACK is our RCV.NXT, so
 * that RST is exact and ends it: three segments, not an endless exchange.
 */
START_TEST(challenge_ack_ends_the_exchange_with_a_peer_that_forgot)
{
    h_t t;
    unsigned crossed = 0;
    tcpfsm_segment to_us;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    to_us = h_seg(TCPFSM_RST, h_rcv_nxt(&t) + 1460u, 0, 0);
    for (;;) {
        tcpfsm_output reply;
        crossed++;
        ck_assert_msg(crossed <= 9u, "endless RST / challenge ACK exchange");
        ck_assert_int_eq(h_rx(&t, to_us), TCPFSM_OK);
        if (t.out.count == 0u) {
            break;
        }
        ck_assert_uint_eq(t.out.count, 1);
        crossed++;
        to_us = arrived(&t.out.tx[0]);
        ck_assert_int_eq(tcpfsm_reply_no_connection(&to_us, &reply), TCPFSM_OK);
        ck_assert_uint_eq(reply.count, 1);
        to_us = arrived(&reply.tx[0]);
    }
    ck_assert_uint_eq(crossed, 3);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);
}
END_TEST

/*
 * SerenityOS (PR #9485, 2021) answered RSTs, and looped with hosts (GitHub
 * Pages) that answered back.  When the peer still holds the connection (a
 * blind attacker forged the RST, SYN or bad-ACK segment), our challenge ACK
 * is an acceptable duplicate ACK for it: it stays silent, nothing moves at
 * either end, and the exchange ends after one segment.
 */
START_TEST(challenge_ack_to_a_live_peer_is_quiet)
{
    unsigned kind;
    for (kind = 0; kind < 3u; kind++) {
        h_t a, b;
        tcpfsm_info a0, b0, a1, b1;
        tcpfsm_segment forged;
        connect_ends(&a, &b, _i);
        a0 = status(&a);
        b0 = status(&b);
        if (kind == 0u) {
            forged = h_seg(TCPFSM_RST, h_rcv_nxt(&b) + 1000u, 0, 0);
        } else if (kind == 1u) {
            forged = h_seg(TCPFSM_SYN, h_rcv_nxt(&b) + 1000u, 0, 0);
        } else {
            forged = h_seg(TCPFSM_ACK, h_rcv_nxt(&b), b0.snd_nxt + 1000u, 10u);
        }
        ck_assert_int_eq(h_rx(&b, forged), TCPFSM_OK);
        expect_only(&b, TCPFSM_ACK, b0.snd_nxt, b0.rcv_nxt);
        ck_assert_uint_eq(converse(&b, &a, 4u), 1u);
        a1 = status(&a);
        b1 = status(&b);
        ck_assert_int_eq(a1.state, TCPFSM_ESTABLISHED);
        ck_assert_int_eq(b1.state, TCPFSM_ESTABLISHED);
        ck_assert_uint_eq(a1.snd_una, a0.snd_una);
        ck_assert_uint_eq(a1.snd_nxt, a0.snd_nxt);
        ck_assert_uint_eq(a1.rcv_nxt, a0.rcv_nxt);
        ck_assert_uint_eq(b1.rcv_nxt, b0.rcv_nxt);
        ck_assert_uint_eq(b1.snd_una, b0.snd_una);
    }
}
END_TEST

/* ------------------------------------- (b) RST window across 2^32 -- */

/*
 * FreeRTOS-Plus-TCP (issue #216, fixed by PR #225, 2021): the check that
 * decides between "reset", "challenge ACK" and "ignore" compared sequence
 * numbers with plain < and >, so it failed once the receive window passed
 * through zero; the PR's test case is a connection at 0xFFFFFF00 hit by a
 * RST at 0x01.  level-ip (issue #16) had the same non-modular comparison in
 * its acceptability test.
 *
 * RCV.NXT = 0xFFFFFFF0, RCV.WND = 65535: the window is 0xFFFFFFF0 ..
 * 0x0000FFEE.  Inside it, before and after the wrap, a RST challenges; the
 * first number past the right edge (0x0000FFEF) and RCV.NXT - 1 are dropped
 * silently; RCV.NXT resets.  With RFC 5961 off, a RST after the wrap is as
 * much in the window as one before it: it resets.
 */
static void wrap_setup(h_t *t, uint8_t flags)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.max_retries = H_MAX_RETRIES;
    cfg.flags = flags;
    h_init_cfg(t, &cfg, 0x00001000u, 0xFFFFFFEFu);
    h_drive(t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_uint_eq(h_rcv_nxt(t), 0xFFFFFFF0u);
    ck_assert_uint_eq(status(t).rcv_wnd, 65535u);
}

START_TEST(rst_window_check_across_the_wrap)
{
    const uint32_t challenge[4] = {0xFFFFFFF1u, 0xFFFFFFFFu, 0x00000001u, 0x0000FFEEu};
    const uint32_t dropped[3] = {0x0000FFEFu, 0xFFFFFFEFu, 0x7FFFFFF0u};
    unsigned i;
    h_t t;
    for (i = 0; i < 4u; i++) {
        wrap_setup(&t, TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, challenge[i], 0, 0)), TCPFSM_OK);
        expect_only(&t, TCPFSM_ACK, t.iss + 1u, 0xFFFFFFF0u);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
    for (i = 0; i < 3u; i++) {
        wrap_setup(&t, TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, dropped[i], 0, 0)), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_uint_eq(t.out.notes, 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
    wrap_setup(&t, TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, 0xFFFFFFF0u, 0, 0)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);

    for (i = 0; i < 2u; i++) {
        wrap_setup(&t, 0u);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, i == 0u ? 0x00000001u : 0x0000FFEEu, 0, 0)),
                         TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);
    }
    wrap_setup(&t, 0u);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, 0x0000FFEFu, 0, 0)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* ------------------------------------------ (c) FIN in FIN-WAIT-1 -- */

/*
 * FreeRTOS-Plus-TCP (issue #1303, 2025): a FIN arriving in FIN-WAIT-1 moved
 * the socket to LAST-ACK when our FIN was not yet acknowledged, and to
 * CLOSE-WAIT when it was, instead of CLOSING and TIME-WAIT.
 *
 * RFC 9293 §3.10.7.4 eighth step: FIN-WAIT-1, our FIN not acknowledged ->
 * CLOSING, then the ACK of our FIN -> TIME-WAIT; acknowledged by the
 * FIN's own segment -> TIME-WAIT at once.  Never CLOSE-WAIT or LAST-ACK.
 */
START_TEST(fin_in_fin_wait_1_goes_to_closing)
{
    h_t t;
    uint32_t fin_seq;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_ACTIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, H_DATA_LEN, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    fin_seq = t.iss + 1u + H_DATA_LEN;
    expect_only(&t, (uint8_t)(TCPFSM_FIN | TCPFSM_ACK), fin_seq, h_rcv_nxt(&t));

    /* the peer's FIN acknowledges our data but not our FIN */
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), h_rcv_nxt(&t), fin_seq, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    ck_assert_uint_eq(t.out.acked, H_DATA_LEN);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    expect_only(&t, TCPFSM_ACK, fin_seq + 1u, t.peer_iss + 2u);

    /* demikernel (issue #1537, 2025) retransmitted in CLOSING without the
     * FIN bit and the other end hung: ours still carries it */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    expect_only(&t, (uint8_t)(TCPFSM_FIN | TCPFSM_ACK), fin_seq, t.peer_iss + 2u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);

    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), fin_seq + 1u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.count, 0);

    /* FIN,ACK covering our FIN: straight to TIME-WAIT */
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_FIN_WAIT_1, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), h_rcv_nxt(&t),
                                    t.iss + 2u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    expect_only(&t, TCPFSM_ACK, t.iss + 2u, t.peer_iss + 2u);
}
END_TEST

/*
 * smoltcp (PR #398, 2020, "racey simultaneous close not sending FIN"): the
 * peer's FIN arrived in FIN-WAIT-1 before our own FIN (or the data before
 * it) had gone out, and CLOSING never sent it, so the close never
 * completed.
 *
 * Here the peer's window admits 50 of our 100 bytes; CLOSE queues the FIN
 * behind the other 50.  The peer's FIN then acknowledges the 50 and opens
 * its window: we are in CLOSING (our FIN unacknowledged), and the other 50
 * bytes and our FIN must still be sent (RFC 9293 §3.10.4: the FIN follows
 * the queued data; §3.10.7.4 eighth step: CLOSING waits for the ACK of
 * that FIN).  They go out at once, or at the latest when the timer the
 * call leaves armed fires.
 */
START_TEST(peer_fin_before_our_fin_left)
{
    h_t t;
    tcpfsm_segment synack, fin;
    unsigned i;
    uint32_t data_seen = 0;
    int fin_seen = 0;
    init_pair(&t, _i);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    synack = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t.peer_iss, t.iss + 1u, 0);
    synack.window = 50u;
    ck_assert_int_eq(h_rx(&t, synack), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_send(&t.conn, H_DATA_LEN, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u);
    ck_assert_uint_eq(t.out.tx[0].data_len, 50u);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_1);
    ck_assert_uint_eq(t.out.count, 0);

    fin = h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), t.peer_iss + 1u, t.iss + 51u, 0);
    ck_assert_int_eq(h_rx(&t, fin), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSING);
    ck_assert_uint_eq(t.out.acked, 50u);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    for (i = 0; i < 2u; i++) {
        unsigned k;
        for (k = 0; k < t.out.count; k++) {
            const tcpfsm_tx *tx = &t.out.tx[k];
            ck_assert_uint_eq(tx->ack, t.peer_iss + 2u);
            if (tx->data_len > 0u) {
                ck_assert_uint_eq(tx->seq, t.iss + 51u);
                ck_assert_uint_eq(tx->data_len, 50u);
                data_seen = tx->data_len;
            }
            if ((tx->flags & TCPFSM_FIN) != 0u) {
                ck_assert_uint_eq(tx->seq + tx->data_len, t.iss + 101u);
                fin_seen = 1;
            }
        }
        if (fin_seen || i == 1u) {
            break;
        }
        ck_assert_msg(tcpfsm_next_deadline(&t.conn) != TCPFSM_NO_DEADLINE,
                      "CLOSING with 50 bytes and our FIN unsent, and no timer armed");
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    }
    ck_assert_msg(data_seen == 50u, "the last 50 bytes were never sent");
    ck_assert_msg(fin_seen, "our FIN was never sent");
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 2u, t.iss + 102u, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
}
END_TEST

/* ---------------------------- (d) RST for a SYN nobody listens for -- */

/*
 * FreeRTOS-Plus-TCP (issue #700, fixed by PR #724, 2023) refused SYNs it had
 * no room for with a RST whose ACK was SEG.SEQ: the Linux client ignored it
 * (it does not acknowledge the SYN, and SYN-SENT only believes a RST that
 * does) and timed out instead of reporting "connection refused".  Zephyr's
 * net_tcp_reply_rst() forgot the SYN (PR #90087, 2025) and then the FIN
 * (PR #114449); ELKS ktcp (PR #985, 2021) and picoTCP (issue #56, 2013) got
 * the same field wrong.
 *
 * RFC 9293 §3.10.7.1: no ACK on the segment -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
 * <CTL=RST,ACK>, SEG.LEN counting SYN, FIN and payload; an ACK on it ->
 * <SEQ=SEG.ACK><CTL=RST> and no ACK bit; a RST -> nothing.  The same from
 * tcpfsm_reply_no_connection and from a tcpfsm_conn in CLOSED, at sequence
 * numbers that wrap.
 */
typedef struct {
    uint8_t flags;
    uint32_t len;
    uint32_t seg_len; /* SYN and FIN included */
} no_conn_case;

static const no_conn_case NO_CONN[] = {
    {TCPFSM_SYN, 0u, 1u},
    {TCPFSM_SYN | TCPFSM_FIN, 0u, 2u},
    {TCPFSM_SYN, 10u, 11u},
    {TCPFSM_SYN | TCPFSM_FIN, 10u, 12u},
    {TCPFSM_SYN | TCPFSM_PSH, 1460u, 1461u},
    {TCPFSM_FIN, 0u, 1u},
    {TCPFSM_FIN | TCPFSM_PSH, 10u, 11u},
    {TCPFSM_PSH, 10u, 10u},
};

static void check_no_conn_reply(const tcpfsm_output *out, const tcpfsm_segment *seg,
                                uint32_t seg_len)
{
    ck_assert_uint_eq(out->count, 1);
    ck_assert_uint_eq(out->tx[0].data_len, 0);
    if ((seg->flags & TCPFSM_ACK) != 0u) {
        ck_assert_uint_eq(out->tx[0].flags, TCPFSM_RST);
        ck_assert_uint_eq(out->tx[0].seq, seg->ack);
    } else {
        ck_assert_uint_eq(out->tx[0].flags, TCPFSM_RST | TCPFSM_ACK);
        ck_assert_uint_eq(out->tx[0].seq, 0);
        ck_assert_uint_eq(out->tx[0].ack, seg->seq + seg_len);
    }
}

START_TEST(rst_for_unmatched_segment_counts_syn_fin_and_data)
{
    const uint32_t seqs[4] = {0xFFFFFFFFu, 0xFFFFFFF6u, 0u, 4242u};
    unsigned s, c, with_ack;
    for (s = 0; s < 4u; s++) {
        for (c = 0; c < sizeof NO_CONN / sizeof NO_CONN[0]; c++) {
            for (with_ack = 0; with_ack < 2u; with_ack++) {
                tcpfsm_output out;
                h_t t;
                uint8_t flags = (uint8_t)(NO_CONN[c].flags | (with_ack ? TCPFSM_ACK : 0u));
                tcpfsm_segment seg = h_seg(flags, seqs[s], with_ack ? 0xFFFFFFFEu - s : 0u,
                                           NO_CONN[c].len);
                ck_assert_int_eq(tcpfsm_reply_no_connection(&seg, &out), TCPFSM_OK);
                check_no_conn_reply(&out, &seg, NO_CONN[c].seg_len);

                h_init(&t, 1u, 2u);
                ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK);
                check_no_conn_reply(&t.out, &seg, NO_CONN[c].seg_len);
                ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
                ck_assert_uint_eq(t.out.notes, 0);
            }
        }
        /* never a RST for a RST */
        {
            tcpfsm_output out;
            tcpfsm_segment rst = h_seg(TCPFSM_RST, seqs[s], 0, 0);
            tcpfsm_segment rst_ack = h_seg((uint8_t)(TCPFSM_RST | TCPFSM_ACK), seqs[s], 5u, 0);
            ck_assert_int_eq(tcpfsm_reply_no_connection(&rst, &out), TCPFSM_OK);
            ck_assert_uint_eq(out.count, 0);
            ck_assert_int_eq(tcpfsm_reply_no_connection(&rst_ack, &out), TCPFSM_OK);
            ck_assert_uint_eq(out.count, 0);
        }
    }
}
END_TEST

/* The reply of (d) is what a connecting TCP believes: our own SYN-SENT end
 * takes it as "connection refused" (the failure FreeRTOS #700 turned into a
 * timeout). */
START_TEST(rst_for_syn_refuses_the_connecting_end)
{
    h_t t;
    tcpfsm_output reply;
    tcpfsm_segment syn;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    syn = arrived(&t.out.tx[0]);
    ck_assert_int_eq(tcpfsm_reply_no_connection(&syn, &reply), TCPFSM_OK);
    ck_assert_uint_eq(reply.count, 1);
    ck_assert_int_eq(h_rx(&t, arrived(&reply.tx[0])), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* ------------------------- (e) RST in SYN-RECEIVED, simultaneous open -- */

/*
 * gVisor (issue #2814, 2020): "TCP should transition from SYN-RCVD to
 * CLOSED on receiving a RST.  This is broken when the transition is from
 * SYN-SENT to SYN-RCVD to CLOSED."  RFC 9293 §3.10.7.4 second step: only a
 * connection that came from LISTEN (a passive OPEN) goes back to LISTEN; one
 * from SYN-SENT is refused and CLOSED.  That includes a LISTEN turned active
 * by an active OPEN (§3.10.1): it came from SYN-SENT.
 */
START_TEST(rst_in_simultaneous_open_syn_received_is_refused)
{
    unsigned from_listen;
    for (from_listen = 0; from_listen < 2u; from_listen++) {
        h_t t;
        init_pair(&t, _i);
        if (from_listen) {
            ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
        }
        ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss, 0, 0)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
        expect_only(&t, (uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t.iss, t.peer_iss + 1u);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, t.peer_iss + 1u, 0, 0)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
        ck_assert_uint_eq(t.out.count, 0);
    }
}
END_TEST

/*
 * picoTCP (issue #53, 2013): SYN, SYN-ACK, then RST left the embryonic
 * connection in the backlog, so with backlog 1 no later SYN was answered.
 * Ours from LISTEN: the RST returns to LISTEN with nothing of the old
 * attempt kept, and the next SYN, with another ISN, is answered for itself.
 */
START_TEST(rst_in_passive_syn_received_frees_listen)
{
    h_t t;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, t.peer_iss + 1u, 0, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.notes, 0);
    t.iss += 0x10000u;
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss + 0x40000000u, 0, 0)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    expect_only(&t, (uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t.iss, t.peer_iss + 0x40000001u);
}
END_TEST

/* ------------------------------------------------------- (f) others -- */

/*
 * The ACK of data never sent.  tricep (issue #30) delivered the payload of
 * a segment whose ACK was beyond SND.NXT before it looked at the ACK, so
 * the bad ACK could not stop the data.  In the other direction smoltcp
 * (issue #12, 2017) dropped every segment whose ACK was merely old, which
 * RFC 5961 §5.2 accepts down to SND.UNA - MAX.SND.WND; the report warned it
 * would break bidirectional traffic on paths that reorder.
 *
 * RFC 9293 §3.10.7.4 fifth step / RFC 5961 §5.2: SEG.ACK > SND.NXT -> send
 * an ACK, drop: SND.UNA does not move, nothing is reported acknowledged or
 * delivered.  An old ACK within MAX.SND.WND still lets the data in.
 */
START_TEST(ack_of_unsent_data_is_refused)
{
    h_t t;
    uint32_t una, nxt, rcv;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    ck_assert_int_eq(tcpfsm_send(&t.conn, H_DATA_LEN, t.now, &t.out), TCPFSM_OK);
    una = status(&t).snd_una;
    nxt = status(&t).snd_nxt;
    rcv = h_rcv_nxt(&t);
    ck_assert_uint_eq(nxt, una + H_DATA_LEN);

    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, rcv, nxt + 1u, 0)), TCPFSM_OK);
    expect_only(&t, TCPFSM_ACK, nxt, rcv);
    ck_assert_uint_eq(t.out.acked, 0);
    ck_assert_uint_eq(status(&t).snd_una, una);
    ck_assert_uint_eq(status(&t).unacked, H_DATA_LEN);

    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, rcv, nxt + 1u, H_DATA_LEN)), TCPFSM_OK);
    expect_only(&t, TCPFSM_ACK, nxt, rcv);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(h_rcv_nxt(&t), rcv);

    /* an old ACK, 1000 below SND.UNA (MAX.SND.WND is 65535): data accepted */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, rcv, una - 1000u, H_DATA_LEN)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, H_DATA_LEN);
    expect_only(&t, TCPFSM_ACK, nxt, rcv + H_DATA_LEN);
    ck_assert_uint_eq(status(&t).snd_una, una);
}
END_TEST

/*
 * The same in the handshake.  smoltcp (PR #552, 2021, reported through
 * onetun #17) ignored an ACK with an invalid acknowledgment number in
 * SYN-SENT instead of answering it with a RST; gVisor (issue #7199, 2022)
 * answered an unacceptable ACK in SYN-RECEIVED with <SEQ=SEG.ACK>
 * <ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> instead of <SEQ=SEG.ACK><CTL=RST>.
 *
 * RFC 9293 §3.10.7.3 first step (SEG.ACK =< ISS or > SND.NXT) and
 * §3.10.7.4 fifth step in SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>, no ACK bit,
 * and the state is kept.
 */
START_TEST(handshake_ack_of_unsent_data_draws_rst)
{
    const uint32_t bad[3] = {0u, 2u, 0x40000000u}; /* ISS, ISS+2, far: offsets from ISS */
    unsigned b;
    for (b = 0; b < 3u; b++) {
        h_t t;
        uint32_t ack;
        init_pair(&t, _i);
        h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
        ack = t.iss + bad[b];
        ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t.peer_iss, ack, 0)),
                         TCPFSM_OK);
        expect_only(&t, TCPFSM_RST, ack, 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);

        init_pair(&t, _i);
        h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.peer_iss + 1u, ack, 0)), TCPFSM_OK);
        expect_only(&t, TCPFSM_RST, ack, 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    }
}
END_TEST

/*
 * Blind reset of a connecting socket.  tricep (issue #97): "In SYN-SENT,
 * any RST aborts the connect even when it does not acknowledge the
 * outstanding SYN"; demikernel's inetstack (PR #86, 2021) and Amazon
 * FreeRTOS (PR #592, 2019) fixed the ACK check on RSTs in SYN-SENT.
 *
 * RFC 9293 §3.10.7.3: in SYN-SENT a RST is acceptable only if its ACK
 * acknowledges our SYN (SEG.ACK = ISS + 1 here); otherwise it is dropped,
 * silently (never a RST for a RST).
 */
START_TEST(syn_sent_rst_needs_an_acceptable_ack)
{
    const uint32_t seqs[3] = {0u, 0xFFFFFFFFu, 0x12345678u};
    unsigned s, a;
    for (s = 0; s < 3u; s++) {
        for (a = 0; a < 4u; a++) {
            h_t t;
            tcpfsm_segment rst;
            init_pair(&t, _i);
            h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
            if (a == 0u) {
                rst = h_seg(TCPFSM_RST, seqs[s], 0, 0);            /* no ACK at all */
            } else {
                const uint32_t acks[3] = {t.iss, t.iss + 2u, t.iss - 1u};
                rst = h_seg((uint8_t)(TCPFSM_RST | TCPFSM_ACK), seqs[s], acks[a - 1u], 0);
            }
            ck_assert_int_eq(h_rx(&t, rst), TCPFSM_OK);
            ck_assert_uint_eq(t.out.count, 0);
            ck_assert_uint_eq(t.out.notes, 0);
            ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
        }
        {
            h_t t;
            init_pair(&t, _i);
            h_drive(&t, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
            ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_RST | TCPFSM_ACK), seqs[s],
                                            t.iss + 1u, 0)), TCPFSM_OK);
            ck_assert_uint_eq(t.out.count, 0);
            ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
            ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        }
    }
}
END_TEST

/*
 * TIME-WAIT assassination (RFC 1337): a RST, even an exact one, ends
 * TIME-WAIT early and lets old duplicates reach a new incarnation.  Linux
 * still does that by default: net.ipv4.tcp_rfc1337 defaults to 0, under
 * which a RST kills the TIME-WAIT socket.  With TCPFSM_CFG_RFC1337 (the
 * default) the RST is ignored, unanswered, and TIME-WAIT lasts its full
 * 2 MSL; cleared, RFC 9293's literal rule applies and the RST closes.
 */
START_TEST(time_wait_ignores_rst_with_rfc1337)
{
    h_t t;
    uint64_t deadline;
    const uint32_t offsets[3] = {0u, 1u, 0xFFFFFFFFu};
    unsigned o;
    for (o = 0; o < 3u; o++) {
        init_pair(&t, _i);
        h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
        deadline = tcpfsm_next_deadline(&t.conn);
        ck_assert_uint_eq(deadline, t.now + t.cfg.msl2_ms);
        t.now += 1000u;
        ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_RST | TCPFSM_ACK),
                                        h_rcv_nxt(&t) + offsets[o], status(&t).snd_nxt, 0)),
                         TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_uint_eq(t.out.notes, 0);
        ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
        ck_assert_uint_eq(tcpfsm_next_deadline(&t.conn), deadline);
    }
    ck_assert_int_eq(h_timer(&t, deadline - 1u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    ck_assert_int_eq(h_timer(&t, deadline), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);

    {
        tcpfsm_config cfg;
        h_config(&cfg);
        cfg.flags = TCPFSM_CFG_RFC5961;
        h_init_cfg(&t, &cfg, ISNS[_i].iss, ISNS[_i].peer_iss);
        h_drive(&t, TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t), 0, 0)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
        ck_assert_uint_eq(t.out.count, 0);
    }
}
END_TEST

/*
 * smoltcp (issue #111, 2018): a FIN inside the window but beyond data not
 * yet received closed the connection (CLOSE-WAIT) and the missing data was
 * never read.  RFC 9293 §3.10.7.4 eighth step acts on a FIN only in order:
 * this core keeps the FIN beyond the hole (with the data before it),
 * acknowledges RCV.NXT, and closes only once the missing data is in.
 */
START_TEST(fin_beyond_a_hole_does_not_close)
{
    h_t t;
    uint32_t rcv, nxt;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    rcv = h_rcv_nxt(&t);
    nxt = status(&t).snd_nxt;
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), rcv + H_DATA_LEN, nxt, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes, 0);
    expect_only(&t, TCPFSM_ACK, nxt, rcv);
    /* the same with data after the hole */
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), rcv + 1u, nxt,
                                    H_DATA_LEN - 1u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    expect_only(&t, TCPFSM_ACK, nxt, rcv);
    /* the hole fills: all the data is in, then the FIN counts */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, rcv, nxt, H_DATA_LEN)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, H_DATA_LEN);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    expect_only(&t, TCPFSM_ACK, nxt, rcv + H_DATA_LEN + 1u);
    /* the FIN again is a duplicate */
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_FIN | TCPFSM_ACK), rcv + H_DATA_LEN, nxt, 0)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, 0);
}
END_TEST

/*
 * picoTCP (issue #37, 2013): data on the ACK that completes the three-way
 * handshake drew a RST-ACK.  RFC 9293 §3.10.7.4: the ACK moves SYN-RECEIVED
 * to ESTABLISHED "and continue processing": the text is delivered and
 * acknowledged in the same call.
 */
START_TEST(payload_on_the_handshake_ack_is_delivered)
{
    h_t t;
    init_pair(&t, _i);
    h_drive(&t, TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_ACK | TCPFSM_PSH), t.peer_iss + 1u,
                                    t.iss + 1u, H_DATA_LEN)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CONNECTED);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, H_DATA_LEN);
    expect_only(&t, TCPFSM_ACK, t.iss + 1u, t.peer_iss + 1u + H_DATA_LEN);
}
END_TEST

/*
 * A SYN on an established connection.  Zephyr (issue #48465, fixed by PR
 * #48704, 2022) ignored it, so a peer that rebooted and reconnected from
 * the same port could not get through (Zephyr then chose the RFC 793 reset;
 * a FreeRTOS-Plus-TCP PR doing the same, #472, was closed unmerged in
 * favour of something better).  RFC 5961 §4 resolves the reboot without letting
 * a blind SYN reset anything: the challenge ACK reaches the rebooted peer
 * in SYN-SENT, whose ISN it does not acknowledge, so the peer answers
 * <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.3), which is exactly RCV.NXT
 * and clears the stale connection.  Both ends are tcpfsm here.
 */
START_TEST(rebooted_peer_gets_through_via_challenge_ack)
{
    h_t a, b;
    uint32_t b_snd_nxt, b_rcv_nxt;
    connect_ends(&a, &b, _i);
    b_snd_nxt = status(&b).snd_nxt;
    b_rcv_nxt = h_rcv_nxt(&b);
    /* a reboots and reconnects with a new ISN */
    h_init(&a, ISNS[_i].iss + 0x20000000u, ISNS[_i].peer_iss);
    ck_assert_int_eq(tcpfsm_open_active(&a.conn, a.iss, a.now, &a.out), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&b, arrived(&a.out.tx[0])), TCPFSM_OK);
    expect_only(&b, TCPFSM_ACK, b_snd_nxt, b_rcv_nxt);
    ck_assert_int_eq(h_state(&b), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(h_rx(&a, arrived(&b.out.tx[0])), TCPFSM_OK);
    expect_only(&a, TCPFSM_RST, b_rcv_nxt, 0);
    ck_assert_int_eq(h_state(&a), TCPFSM_SYN_SENT);
    ck_assert_int_eq(h_rx(&b, arrived(&a.out.tx[0])), TCPFSM_OK);
    ck_assert_int_eq(h_state(&b), TCPFSM_CLOSED);
    ck_assert_uint_eq(b.out.notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(b.out.count, 0);
}
END_TEST

/*
 * CVE-2016-5696 (Cao et al., "Off-Path TCP Exploits: Global Rate Limit
 * Considered Dangerous", USENIX Security 2016): Linux counted challenge
 * ACKs against one host-wide limit (tcp_challenge_ack_limit, 100 per
 * second), so an off-path attacker could exhaust it on a connection of its
 * own and watch which of its probes into a victim connection consumed the
 * budget, learning the victim's sequence numbers.  Whatever limiting a
 * caller adds, the core keeps no shared state: a flood of RSTs into one
 * connection changes nothing in how another answers.
 */
START_TEST(challenge_acks_share_nothing_between_connections)
{
    h_t x, y;
    unsigned i;
    init_pair(&x, _i);
    init_pair(&y, _i);
    h_drive(&x, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    h_drive(&y, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
    for (i = 0; i < 200u; i++) {
        ck_assert_int_eq(h_rx(&x, h_seg(TCPFSM_RST, h_rcv_nxt(&x) + 1u + i, 0, 0)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&x), TCPFSM_ESTABLISHED);
    }
    ck_assert_int_eq(h_rx(&y, h_seg(TCPFSM_RST, h_rcv_nxt(&y) + 1u, 0, 0)), TCPFSM_OK);
    expect_only(&y, TCPFSM_ACK, status(&y).snd_nxt, h_rcv_nxt(&y));
}
END_TEST

Suite *suite_regressions(void)
{
    Suite *s = suite_create("regressions");
    TCase *tc = tcase_create("other stacks' bugs");
    tcase_add_loop_test(tc, challenge_ack_carries_our_numbers, 0, N_ISNS);
    tcase_add_loop_test(tc, challenge_ack_ends_the_exchange_with_a_peer_that_forgot, 0, N_ISNS);
    tcase_add_loop_test(tc, challenge_ack_to_a_live_peer_is_quiet, 0, N_ISNS);
    tcase_add_test(tc, rst_window_check_across_the_wrap);
    tcase_add_loop_test(tc, fin_in_fin_wait_1_goes_to_closing, 0, N_ISNS);
    tcase_add_loop_test(tc, peer_fin_before_our_fin_left, 0, N_ISNS);
    tcase_add_test(tc, rst_for_unmatched_segment_counts_syn_fin_and_data);
    tcase_add_loop_test(tc, rst_for_syn_refuses_the_connecting_end, 0, N_ISNS);
    tcase_add_loop_test(tc, rst_in_simultaneous_open_syn_received_is_refused, 0, N_ISNS);
    tcase_add_loop_test(tc, rst_in_passive_syn_received_frees_listen, 0, N_ISNS);
    tcase_add_loop_test(tc, ack_of_unsent_data_is_refused, 0, N_ISNS);
    tcase_add_loop_test(tc, handshake_ack_of_unsent_data_draws_rst, 0, N_ISNS);
    tcase_add_loop_test(tc, syn_sent_rst_needs_an_acceptable_ack, 0, N_ISNS);
    tcase_add_loop_test(tc, time_wait_ignores_rst_with_rfc1337, 0, N_ISNS);
    tcase_add_loop_test(tc, fin_beyond_a_hole_does_not_close, 0, N_ISNS);
    tcase_add_loop_test(tc, payload_on_the_handshake_ack_is_delivered, 0, N_ISNS);
    tcase_add_loop_test(tc, rebooted_peer_gets_through_via_challenge_ack, 0, N_ISNS);
    tcase_add_loop_test(tc, challenge_acks_share_nothing_between_connections, 0, N_ISNS);
    suite_add_tcase(s, tc);
    return s;
}
