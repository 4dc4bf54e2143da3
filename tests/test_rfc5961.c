/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Blind in-window attacks at the window edges: RFC 5961 §3 (RST), §4 (SYN)
 * and §5 (data with a forged ACK), and the same segments with RFC 5961
 * switched off (TCPFSM_CFG_RFC5961 cleared: the RFC 793 rules RFC 9293
 * §3.10.7.4 keeps for implementations that do not follow RFC 5961).
 *
 * Every test is a loop test over ISN pairs (small, and just below 2^32) so
 * that RCV.NXT + RCV.WND, RCV.NXT - 1, SND.UNA - MAX.SND.WND and
 * SND.NXT + 1 each wrap in at least one run.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "suites.h"

/* Our ISS and the peer's ISS.  In ESTABLISHED RCV.NXT is peer_iss + 1. */
typedef struct {
    uint32_t iss;
    uint32_t peer_iss;
} isn_pair;

static const isn_pair ISNS[] = {
    {10u, 20u},                 /* small: SND.UNA - MAX.SND.WND wraps below 0 */
    {0xFFFFFFF0u, 0xFFFFFFF8u}, /* RCV.NXT = 2^32 - 7: RCV.NXT + RCV.WND wraps */
    {0xFFFF0000u, 0xFFFFFFFEu}, /* RCV.NXT = 2^32 - 1: RCV.NXT + 1 is 0 */
    {0x7FFFFFF0u, 0xFFFFFFFFu}, /* RCV.NXT = 0: RCV.NXT - 1 is 2^32 - 1 */
};
#define N_ISNS ((int)(sizeof ISNS / sizeof ISNS[0]))

/* A state and the way it is reached (see h_drive). */
typedef struct {
    tcpfsm_state state;
    h_origin origin;
} place;

/* Every synchronized state (RFC 9293 §3.10.7.4). */
static const place SYNCHRONIZED[] = {
    {TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE}, {TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE},
    {TCPFSM_ESTABLISHED, ORIGIN_PASSIVE},  {TCPFSM_ESTABLISHED, ORIGIN_ACTIVE},
    {TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE},    {TCPFSM_FIN_WAIT_2, ORIGIN_ACTIVE},
    {TCPFSM_CLOSE_WAIT, ORIGIN_PASSIVE},   {TCPFSM_CLOSING, ORIGIN_ACTIVE},
    {TCPFSM_LAST_ACK, ORIGIN_PASSIVE},     {TCPFSM_TIME_WAIT, ORIGIN_ACTIVE},
};
#define N_SYNCHRONIZED (sizeof SYNCHRONIZED / sizeof SYNCHRONIZED[0])

#define CFG_BOTH (TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337)

static void setup(h_t *t, int pair, place p, uint8_t flags, uint32_t rcv_buf)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.max_retries = H_MAX_RETRIES;
    cfg.flags = flags;
    cfg.rcv_buf = rcv_buf;
    /* the steps of §3.10.7.4 alone: a SYN beyond RCV.NXT in TIME-WAIT would
     * otherwise open a new incarnation (test_time_wait_reopen.c) */
    cfg.time_wait_reopen = 0u;
    h_init_cfg(t, &cfg, ISNS[pair].iss, ISNS[pair].peer_iss);
    h_drive(t, p.state, p.origin);
}

static tcpfsm_info status(const h_t *t)
{
    tcpfsm_info info;
    memset(&info, 0, sizeof info);
    (void)tcpfsm_status(&t->conn, &info);
    return info;
}

/* RCV.WND as the connection offers it, checked against the configuration
 * so that "the edge" below is the edge we think it is: the whole buffer,
 * less the one number the peer's FIN took once it arrived (the right edge
 * offered never moves left, RFC 9293 §3.8.6, and one number is too small a
 * step to move it right, §3.8.6.2.2). */
static uint32_t rcv_wnd(const h_t *t)
{
    uint32_t wnd = status(t).rcv_wnd;
    tcpfsm_state s = h_state(t);
    int fin_in = s == TCPFSM_CLOSE_WAIT || s == TCPFSM_CLOSING || s == TCPFSM_LAST_ACK
              || s == TCPFSM_TIME_WAIT;
    ck_assert_uint_eq(wnd, t->cfg.rcv_buf - (fin_in ? 1u : 0u));
    return wnd;
}

static void describe(char *buf, size_t size, const h_t *t, const char *what, uint32_t seq)
{
    (void)snprintf(buf, size, "%s (iss %08x, peer iss %08x) %s at SEG.SEQ %08x",
                   tcpfsm_state_name(h_state(t)), (unsigned)t->iss, (unsigned)t->peer_iss,
                   what, (unsigned)seq);
}

static void snapshot(tcpfsm_conn *copy, const h_t *t)
{
    memcpy(copy, &t->conn, sizeof *copy);
}

/* Nothing sent, nothing told, the connection block untouched. */
static void expect_silent(const h_t *t, const tcpfsm_conn *before, const char *ctx)
{
    ck_assert_msg(t->out.count == 0u, "%s: sent %u segments, expected silence", ctx,
                  (unsigned)t->out.count);
    ck_assert_msg(t->out.notes == 0u, "%s: notes 0x%02x, expected none", ctx,
                  (unsigned)t->out.notes);
    ck_assert_msg(t->out.deliver_len == 0u && t->out.acked == 0u,
                  "%s: delivered %u, acked %u", ctx, (unsigned)t->out.deliver_len,
                  (unsigned)t->out.acked);
    ck_assert_msg(memcmp(&t->conn, before, sizeof *before) == 0,
                  "%s: the connection block changed", ctx);
}

/* With RFC 5961 on, a challenge ACK counts against §7's limit; nothing
 * else in the block changes (with it off, the ACK is RFC 9293's plain one
 * and nothing changes at all). */
static void expect_only_throttle_moved(const h_t *t, const tcpfsm_conn *before, const char *ctx)
{
    tcpfsm_conn expected;
    memcpy(&expected, before, sizeof expected);
    if ((before->cfg.flags & TCPFSM_CFG_RFC5961) != 0u) {
        ck_assert_msg(t->conn.challenge_count >= 1u, "%s: the challenge ACK was not counted",
                      ctx);
        expected.challenge_start = t->conn.challenge_start;
        expected.challenge_count = t->conn.challenge_count;
    }
    ck_assert_msg(memcmp(&t->conn, &expected, sizeof expected) == 0,
                  "%s: the connection block changed beyond the challenge count", ctx);
}

/* Exactly one <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> built from our numbers,
 * and no change of state (RFC 5961 §3.2, §4.2, §5.2). */
static void expect_challenge(const h_t *t, const tcpfsm_conn *before, const char *ctx)
{
    ck_assert_msg(t->out.count == 1u, "%s: sent %u segments, expected one challenge ACK", ctx,
                  (unsigned)t->out.count);
    ck_assert_msg(t->out.tx[0].flags == TCPFSM_ACK, "%s: flags 0x%02x, expected ACK", ctx,
                  (unsigned)t->out.tx[0].flags);
    ck_assert_msg(t->out.tx[0].seq == before->snd_nxt, "%s: SEQ %08x, expected SND.NXT %08x",
                  ctx, (unsigned)t->out.tx[0].seq, (unsigned)before->snd_nxt);
    ck_assert_msg(t->out.tx[0].ack == before->rcv_nxt, "%s: ACK %08x, expected RCV.NXT %08x",
                  ctx, (unsigned)t->out.tx[0].ack, (unsigned)before->rcv_nxt);
    ck_assert_msg(t->out.tx[0].data_len == 0u, "%s: the challenge ACK carries %u bytes", ctx,
                  (unsigned)t->out.tx[0].data_len);
    ck_assert_msg(t->out.tx[0].window == (uint16_t)status(t).rcv_wnd,
                  "%s: window %u, expected RCV.WND %u", ctx, (unsigned)t->out.tx[0].window,
                  (unsigned)status(t).rcv_wnd);
    ck_assert_msg(t->out.notes == 0u, "%s: notes 0x%02x, expected none", ctx,
                  (unsigned)t->out.notes);
    ck_assert_msg(t->out.deliver_len == 0u && t->out.acked == 0u,
                  "%s: delivered %u, acked %u", ctx, (unsigned)t->out.deliver_len,
                  (unsigned)t->out.acked);
    ck_assert_msg(h_state(t) == (tcpfsm_state)before->state, "%s: moved to %s", ctx,
                  tcpfsm_state_name(h_state(t)));
    expect_only_throttle_moved(t, before, ctx);
}

/* An acceptable RST (RFC 9293 §3.10.7.4 second step): nothing is sent;
 * SYN-RECEIVED from LISTEN goes back to LISTEN, from SYN-SENT it is
 * "connection refused"; CLOSING and LAST-ACK, whose FIN was never
 * acknowledged, are reset (§3.5.3: "advise the user"); TIME-WAIT just
 * closes. */
static void expect_reset(const h_t *t, place from, const char *ctx)
{
    tcpfsm_state to = TCPFSM_CLOSED;
    uint8_t notes = (uint8_t)(TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);
    if (from.state == TCPFSM_SYN_RECEIVED) {
        if (from.origin == ORIGIN_PASSIVE) {
            to = TCPFSM_LISTEN;
            notes = 0u;
        } else {
            notes = (uint8_t)(TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
        }
    } else if (from.state == TCPFSM_TIME_WAIT) {
        notes = TCPFSM_NOTE_CLOSED;
    }
    ck_assert_msg(t->out.count == 0u, "%s: sent %u segments in reply to a RST", ctx,
                  (unsigned)t->out.count);
    ck_assert_msg(h_state(t) == to, "%s: ended in %s, expected %s", ctx,
                  tcpfsm_state_name(h_state(t)), tcpfsm_state_name(to));
    ck_assert_msg(t->out.notes == notes, "%s: notes 0x%02x, expected 0x%02x", ctx,
                  (unsigned)t->out.notes, (unsigned)notes);
}

/* ---------------------------------------------------------------- RST -- */

/* RFC 5961 §3.2: SEG.SEQ = RCV.NXT resets, in every synchronized state. */
START_TEST(rst_at_rcv_nxt_resets)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        h_t t;
        char ctx[160];
        uint8_t flags[2] = {TCPFSM_RST, (uint8_t)(TCPFSM_RST | TCPFSM_ACK)};
        unsigned f;
        for (f = 0; f < 2u; f++) {
            /* RFC 1337 off so that TIME-WAIT takes the RFC 5961 path */
            setup(&t, _i, SYNCHRONIZED[k], TCPFSM_CFG_RFC5961, 65535u);
            describe(ctx, sizeof ctx, &t, "RST", h_rcv_nxt(&t));
            ck_assert_int_eq(h_rx(&t, h_seg(flags[f], h_rcv_nxt(&t), t.conn.snd_nxt, 0)),
                             TCPFSM_OK);
            expect_reset(&t, SYNCHRONIZED[k], ctx);
        }
    }
}
END_TEST

/* RFC 5961 §3.2: anywhere else inside the window, exactly one challenge
 * ACK built from SND.NXT and RCV.NXT (never from the RST's numbers), and
 * nothing changes.  The first in-window number after RCV.NXT and the last
 * one, RCV.NXT + RCV.WND - 1, are the edges. */
START_TEST(rst_in_window_draws_one_challenge_ack)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        h_t t;
        uint32_t offsets[3];
        unsigned o;
        setup(&t, _i, SYNCHRONIZED[k], TCPFSM_CFG_RFC5961, 65535u);
        offsets[0] = 1u;
        offsets[1] = rcv_wnd(&t) - 1u;
        offsets[2] = rcv_wnd(&t) / 2u;
        for (o = 0; o < 3u; o++) {
            /* a RST alone, and one with an ACK field the challenge must not echo */
            uint8_t flags[2] = {TCPFSM_RST, (uint8_t)(TCPFSM_RST | TCPFSM_ACK)};
            unsigned f;
            for (f = 0; f < 2u; f++) {
                tcpfsm_conn before;
                char ctx[160];
                uint32_t seq;
                setup(&t, _i, SYNCHRONIZED[k], TCPFSM_CFG_RFC5961, 65535u);
                seq = h_rcv_nxt(&t) + offsets[o];
                describe(ctx, sizeof ctx, &t, "RST", seq);
                snapshot(&before, &t);
                ck_assert_int_eq(h_rx(&t, h_seg(flags[f], seq, t.conn.snd_nxt + 777u, 0)),
                                 TCPFSM_OK);
                expect_challenge(&t, &before, ctx);
            }
        }
    }
}
END_TEST

/* RFC 5961 §3.2 (and RFC 9293 §3.10.7.4 first step): a RST outside the
 * window is dropped and never answered.  RCV.NXT - 1 and RCV.NXT + RCV.WND
 * are the first numbers outside; half the sequence space away is the
 * farthest. */
START_TEST(rst_outside_window_is_dropped_silently)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        h_t t;
        uint32_t offsets[4];
        unsigned o;
        setup(&t, _i, SYNCHRONIZED[k], TCPFSM_CFG_RFC5961, 65535u);
        offsets[0] = 0xFFFFFFFFu;      /* RCV.NXT - 1 */
        offsets[1] = rcv_wnd(&t);      /* RCV.NXT + RCV.WND */
        offsets[2] = 0x80000000u;
        offsets[3] = 0u - rcv_wnd(&t); /* RCV.NXT - RCV.WND */
        for (o = 0; o < 4u; o++) {
            tcpfsm_conn before;
            char ctx[160];
            uint32_t seq;
            setup(&t, _i, SYNCHRONIZED[k], TCPFSM_CFG_RFC5961, 65535u);
            seq = h_rcv_nxt(&t) + offsets[o];
            describe(ctx, sizeof ctx, &t, "RST", seq);
            snapshot(&before, &t);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, seq, 0, 0)), TCPFSM_OK);
            expect_silent(&t, &before, ctx);
        }
    }
}
END_TEST

/* RFC 5961 §3.2, the legitimate case: the peer really lost the connection;
 * it answers our challenge ACK with <SEQ=SEG.ACK><CTL=RST>, which now
 * carries exactly RCV.NXT and resets us. */
START_TEST(rst_challenge_then_exact_rst_resets)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_output reply;
    char ctx[160];
    const place est = {TCPFSM_ESTABLISHED, ORIGIN_PASSIVE};
    tcpfsm_segment challenge;
    setup(&t, _i, est, CFG_BOTH, 65535u);
    describe(ctx, sizeof ctx, &t, "RST", h_rcv_nxt(&t) + 3u);
    snapshot(&before, &t);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + 3u, 0, 0)), TCPFSM_OK);
    expect_challenge(&t, &before, ctx);
    challenge = h_seg(t.out.tx[0].flags, t.out.tx[0].seq, t.out.tx[0].ack, 0);
    ck_assert_int_eq(tcpfsm_reply_no_connection(&challenge, &reply), TCPFSM_OK);
    ck_assert_uint_eq(reply.count, 1);
    ck_assert_uint_eq(reply.tx[0].flags, TCPFSM_RST);
    ck_assert_uint_eq(reply.tx[0].seq, before.rcv_nxt);
    ck_assert_int_eq(h_rx(&t, h_seg(reply.tx[0].flags, reply.tx[0].seq, reply.tx[0].ack, 0)),
                     TCPFSM_OK);
    expect_reset(&t, est, ctx);
}
END_TEST

/* A smaller window moves the edges with it: rcv_buf = 1000. */
START_TEST(rst_edges_follow_a_small_window)
{
    const place est = {TCPFSM_ESTABLISHED, ORIGIN_ACTIVE};
    const uint32_t inside[2] = {1u, 999u};
    const uint32_t outside[2] = {0xFFFFFFFFu, 1000u};
    unsigned o;
    for (o = 0; o < 2u; o++) {
        h_t t;
        tcpfsm_conn before;
        char ctx[160];
        setup(&t, _i, est, CFG_BOTH, 1000u);
        ck_assert_uint_eq(rcv_wnd(&t), 1000u);
        describe(ctx, sizeof ctx, &t, "RST", h_rcv_nxt(&t) + inside[o]);
        snapshot(&before, &t);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + inside[o], 0, 0)), TCPFSM_OK);
        expect_challenge(&t, &before, ctx);

        setup(&t, _i, est, CFG_BOTH, 1000u);
        describe(ctx, sizeof ctx, &t, "RST", h_rcv_nxt(&t) + outside[o]);
        snapshot(&before, &t);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + outside[o], 0, 0)),
                         TCPFSM_OK);
        expect_silent(&t, &before, ctx);
    }
}
END_TEST

/* RCV.WND = 0: only SEG.SEQ = RCV.NXT is acceptable (RFC 9293 §3.10.7.4:
 * "special allowance should be made to accept valid ACKs, URGs, and RSTs").
 * The exact RST still resets; RCV.NXT + 1 is outside and dropped silently. */
START_TEST(rst_with_zero_window)
{
    const place est = {TCPFSM_ESTABLISHED, ORIGIN_PASSIVE};
    unsigned exact;
    for (exact = 0; exact < 2u; exact++) {
        h_t t;
        tcpfsm_conn before;
        char ctx[160];
        uint32_t rcv_nxt;
        setup(&t, _i, est, CFG_BOTH, 100u);
        /* fill the window: 100 bytes the application does not read */
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_una, 100u)),
                         TCPFSM_OK);
        ck_assert_uint_eq(t.out.deliver_len, 100u);
        ck_assert_uint_eq(status(&t).rcv_wnd, 0u);
        rcv_nxt = h_rcv_nxt(&t);
        snapshot(&before, &t);
        if (exact) {
            describe(ctx, sizeof ctx, &t, "RST (zero window)", rcv_nxt);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, rcv_nxt, 0, 0)), TCPFSM_OK);
            expect_reset(&t, est, ctx);
        } else {
            describe(ctx, sizeof ctx, &t, "RST (zero window)", rcv_nxt + 1u);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, rcv_nxt + 1u, 0, 0)), TCPFSM_OK);
            expect_silent(&t, &before, ctx);
        }
    }
}
END_TEST

/* RFC 1337 §3 (fix F1) on: TIME-WAIT ignores every RST, the exact one too,
 * and answers none of them. */
START_TEST(rst_in_time_wait_with_rfc1337_ignored)
{
    const place tw = {TCPFSM_TIME_WAIT, ORIGIN_ACTIVE};
    const uint32_t offsets[5] = {0u, 1u, 65534u, 65535u, 0xFFFFFFFFu};
    unsigned o;
    for (o = 0; o < 5u; o++) {
        h_t t;
        tcpfsm_conn before;
        char ctx[160];
        setup(&t, _i, tw, CFG_BOTH, 65535u);
        describe(ctx, sizeof ctx, &t, "RST", h_rcv_nxt(&t) + offsets[o]);
        snapshot(&before, &t);
        ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, h_rcv_nxt(&t) + offsets[o], 0, 0)),
                         TCPFSM_OK);
        expect_silent(&t, &before, ctx);
    }
}
END_TEST

/* ---------------------------------------------------------------- SYN -- */

/* RFC 5961 §4.2: a SYN in a synchronized state, whatever its sequence
 * number (inside the window, at its edges, outside, the peer's old ISN),
 * with or without an ACK, draws one challenge ACK and never resets.
 * SYN-RECEIVED reached from LISTEN is the exception RFC 9293 keeps (fourth
 * step: back to LISTEN), tested below.  The peer's own SYN repeated in
 * SYN-RECEIVED is tested on its own (syn_repeated_in_simultaneous_open). */
START_TEST(syn_anywhere_draws_one_challenge_ack)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        const place p = SYNCHRONIZED[k];
        h_t t;
        uint32_t seqs[10];
        unsigned s;
        if (p.state == TCPFSM_SYN_RECEIVED && p.origin == ORIGIN_PASSIVE) {
            continue;
        }
        setup(&t, _i, p, CFG_BOTH, 65535u);
        seqs[0] = h_rcv_nxt(&t);
        seqs[1] = h_rcv_nxt(&t) + 1u;
        seqs[2] = h_rcv_nxt(&t) - 1u;
        seqs[3] = h_rcv_nxt(&t) + rcv_wnd(&t) - 1u;
        seqs[4] = h_rcv_nxt(&t) + rcv_wnd(&t);
        seqs[5] = h_rcv_nxt(&t) + 0x80000000u;
        seqs[6] = t.conn.irs;
        seqs[7] = 0u;
        seqs[8] = 0xFFFFFFFFu;
        seqs[9] = h_rcv_nxt(&t) - rcv_wnd(&t);
        for (s = 0; s < 10u; s++) {
            uint8_t flags[3] = {TCPFSM_SYN, (uint8_t)(TCPFSM_SYN | TCPFSM_ACK),
                                (uint8_t)(TCPFSM_SYN | TCPFSM_ACK)};
            unsigned f;
            for (f = 0; f < 3u; f++) {
                tcpfsm_conn before;
                char ctx[160];
                uint32_t ack;
                setup(&t, _i, p, CFG_BOTH, 65535u);
                if (p.state == TCPFSM_SYN_RECEIVED && seqs[s] == t.conn.irs) {
                    continue; /* the repeated SYN: see below */
                }
                ack = f == 1u ? t.conn.snd_nxt : t.conn.snd_nxt + 5000u;
                describe(ctx, sizeof ctx, &t, f == 0u ? "SYN" : "SYN,ACK", seqs[s]);
                snapshot(&before, &t);
                ck_assert_int_eq(h_rx(&t, h_seg(flags[f], seqs[s], f == 0u ? 0u : ack, 0)),
                                 TCPFSM_OK);
                expect_challenge(&t, &before, ctx);
            }
        }
    }
}
END_TEST

/* SYN-RECEIVED from LISTEN (RFC 9293 §3.10.7.4 fourth step): an acceptable
 * SYN returns the connection to LISTEN, silently; one outside the window
 * fails the first step and is acknowledged. */
START_TEST(syn_in_passive_syn_received)
{
    const place sr = {TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE};
    h_t t;
    tcpfsm_conn before;
    char ctx[160];
    uint32_t seq;
    setup(&t, _i, sr, CFG_BOTH, 65535u);
    seq = h_rcv_nxt(&t) + rcv_wnd(&t) - 1u;
    describe(ctx, sizeof ctx, &t, "SYN", seq);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, seq, 0, 0)), TCPFSM_OK);
    ck_assert_msg(h_state(&t) == TCPFSM_LISTEN, "%s: ended in %s", ctx,
                  tcpfsm_state_name(h_state(&t)));
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.notes, 0);

    setup(&t, _i, sr, CFG_BOTH, 65535u);
    seq = h_rcv_nxt(&t) + rcv_wnd(&t);
    describe(ctx, sizeof ctx, &t, "SYN", seq);
    snapshot(&before, &t);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, seq, 0, 0)), TCPFSM_OK);
    expect_challenge(&t, &before, ctx);
}
END_TEST

/* Simultaneous open: in SYN-RECEIVED the peer retransmits its SYN (seq =
 * IRS, no ACK).  It occupies IRS only, below RCV.NXT: RFC 9293 §3.10.7.4
 * first step finds it unacceptable and sends <SEQ=SND.NXT><ACK=RCV.NXT>,
 * and RFC 5961 §4.2 asks for the same challenge ACK "irrespective of the
 * sequence number". */
START_TEST(syn_repeated_in_simultaneous_open)
{
    const place sr = {TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE};
    h_t t;
    tcpfsm_conn before;
    char ctx[160];
    setup(&t, _i, sr, CFG_BOTH, 65535u);
    describe(ctx, sizeof ctx, &t, "repeated SYN", t.conn.irs);
    snapshot(&before, &t);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.conn.irs, 0, 0)), TCPFSM_OK);
    expect_challenge(&t, &before, ctx);
}
END_TEST

/* The same in SYN-RECEIVED by simultaneous open, with a SYN,ACK repeating
 * the peer's SYN whose ACK does not acknowledge ours (SND.NXT + 5000): it is
 * a SYN at a number below RCV.NXT, not a handshake-completing SYN,ACK, so it
 * too draws the challenge ACK (RFC 5961 §4.2, RFC 9293 §3.10.7.4 first
 * step); it must not reach the fifth step's <SEQ=SEG.ACK><CTL=RST>. */
START_TEST(synack_bad_ack_repeated_in_simultaneous_open)
{
    const place sr = {TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE};
    h_t t;
    tcpfsm_conn before;
    char ctx[160];
    setup(&t, _i, sr, CFG_BOTH, 65535u);
    describe(ctx, sizeof ctx, &t, "repeated SYN,ACK with a bad ACK", t.conn.irs);
    snapshot(&before, &t);
    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t.conn.irs,
                                    t.conn.snd_nxt + 5000u, 0)), TCPFSM_OK);
    expect_challenge(&t, &before, ctx);
}
END_TEST

/* ---------------------------------------------------------------- ACK -- */

/* A connection with 100 bytes of ours in flight, in ESTABLISHED or, after
 * CLOSE, in FIN-WAIT-1 with the FIN in flight too.  The peer offered
 * `peer_window`, so MAX.SND.WND = peer_window. */
static void setup_in_flight(h_t *t, int pair, uint8_t flags, tcpfsm_state state,
                            uint16_t peer_window)
{
    tcpfsm_config cfg;
    tcpfsm_segment synack;
    h_config(&cfg);
    cfg.max_retries = H_MAX_RETRIES;
    cfg.flags = flags;
    h_init_cfg(t, &cfg, ISNS[pair].iss, ISNS[pair].peer_iss);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    synack = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), t->peer_iss, t->iss + 1u, 0);
    synack.window = peer_window;
    ck_assert_int_eq(h_rx(t, synack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(tcpfsm_send(&t->conn, H_DATA_LEN, t->now, &t->out), TCPFSM_OK);
    ck_assert_uint_eq(t->out.count, 1);
    ck_assert_uint_eq(t->out.tx[0].data_len, H_DATA_LEN);
    if (state == TCPFSM_FIN_WAIT_1) {
        ck_assert_int_eq(tcpfsm_close(&t->conn, t->now, &t->out), TCPFSM_OK);
        ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_1);
        h_expect_tx(t, 0, (uint8_t)(TCPFSM_FIN | TCPFSM_ACK), t->iss + 1u + H_DATA_LEN,
                    h_rcv_nxt(t));
    }
    ck_assert_uint_eq(status(t).snd_una, t->iss + 1u);
}

/* Data (and optionally FIN) at RCV.NXT with SEG.ACK = ack. */
static tcpfsm_error data_with_ack(h_t *t, uint32_t ack, int fin)
{
    uint8_t flags = (uint8_t)(TCPFSM_ACK | (fin ? TCPFSM_FIN : 0u));
    return h_rx(t, h_seg(flags, h_rcv_nxt(t), ack, H_DATA_LEN));
}

/* The data was taken and acknowledged from our numbers. */
static void expect_delivered(const h_t *t, const tcpfsm_conn *before, uint32_t acked,
                             tcpfsm_state state, const char *ctx)
{
    ck_assert_msg(t->out.deliver_len == H_DATA_LEN && t->out.deliver_offset == 0u,
                  "%s: delivered %u at %u, expected %u at 0", ctx,
                  (unsigned)t->out.deliver_len, (unsigned)t->out.deliver_offset, H_DATA_LEN);
    ck_assert_msg(h_rcv_nxt(t) == before->rcv_nxt + H_DATA_LEN, "%s: RCV.NXT %08x", ctx,
                  (unsigned)h_rcv_nxt(t));
    ck_assert_msg(t->out.acked == acked, "%s: acked %u, expected %u", ctx,
                  (unsigned)t->out.acked, (unsigned)acked);
    ck_assert_msg(h_state(t) == state, "%s: ended in %s, expected %s", ctx,
                  tcpfsm_state_name(h_state(t)), tcpfsm_state_name(state));
    ck_assert_msg(t->out.count == 1u, "%s: sent %u segments, expected one ACK", ctx,
                  (unsigned)t->out.count);
    ck_assert_msg(t->out.tx[0].flags == TCPFSM_ACK && t->out.tx[0].seq == before->snd_nxt
                      && t->out.tx[0].ack == before->rcv_nxt + H_DATA_LEN,
                  "%s: sent flags 0x%02x SEQ %08x ACK %08x", ctx,
                  (unsigned)t->out.tx[0].flags, (unsigned)t->out.tx[0].seq,
                  (unsigned)t->out.tx[0].ack);
}

/* RFC 5961 §5.2: (SND.UNA - MAX.SND.WND) <= SEG.ACK <= SND.NXT.  Both edges
 * are acceptable: the data is delivered.  SEG.ACK = SND.NXT acknowledges
 * everything (in FIN-WAIT-1, our FIN too: FIN-WAIT-2). */
START_TEST(ack_at_the_edges_is_accepted)
{
    const tcpfsm_state states[2] = {TCPFSM_ESTABLISHED, TCPFSM_FIN_WAIT_1};
    unsigned s;
    for (s = 0; s < 2u; s++) {
        h_t t;
        tcpfsm_conn before;
        char ctx[160];
        uint32_t oldest;
        setup_in_flight(&t, _i, CFG_BOTH, states[s], (uint16_t)H_WINDOW);
        oldest = t.conn.snd_una - H_WINDOW;
        describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.UNA - MAX.SND.WND", h_rcv_nxt(&t));
        snapshot(&before, &t);
        ck_assert_int_eq(data_with_ack(&t, oldest, 0), TCPFSM_OK);
        expect_delivered(&t, &before, 0u, states[s], ctx);
        ck_assert_uint_eq(status(&t).snd_una, before.snd_una);

        setup_in_flight(&t, _i, CFG_BOTH, states[s], (uint16_t)H_WINDOW);
        describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.NXT", h_rcv_nxt(&t));
        snapshot(&before, &t);
        ck_assert_int_eq(data_with_ack(&t, t.conn.snd_nxt, 0), TCPFSM_OK);
        expect_delivered(&t, &before, H_DATA_LEN,
                         states[s] == TCPFSM_FIN_WAIT_1 ? TCPFSM_FIN_WAIT_2 : states[s], ctx);
        ck_assert_uint_eq(status(&t).snd_una, before.snd_nxt);
    }
}
END_TEST

/* RFC 5961 §5.2: one past either edge (SND.UNA - MAX.SND.WND - 1,
 * SND.NXT + 1) and the far ends of the space: "discarded and an ACK sent
 * back".  Nothing delivered, nothing acknowledged, a FIN riding on it does
 * not close, the connection block is unchanged.  Pure ACKs too. */
START_TEST(ack_outside_the_range_is_answered_not_delivered)
{
    const tcpfsm_state states[2] = {TCPFSM_ESTABLISHED, TCPFSM_FIN_WAIT_1};
    unsigned s;
    for (s = 0; s < 2u; s++) {
        unsigned a;
        for (a = 0; a < 4u; a++) {
            unsigned variant;
            for (variant = 0; variant < 3u; variant++) {
                h_t t;
                tcpfsm_conn before;
                char ctx[160];
                uint32_t acks[4];
                setup_in_flight(&t, _i, CFG_BOTH, states[s], (uint16_t)H_WINDOW);
                acks[0] = t.conn.snd_una - H_WINDOW - 1u;
                acks[1] = t.conn.snd_nxt + 1u;
                acks[2] = t.conn.snd_nxt + 0x7FFFFFFFu;
                acks[3] = t.conn.snd_una - 0x7FFFFFFFu;
                describe(ctx, sizeof ctx, &t,
                         variant == 0u ? "data, bad ACK"
                                       : variant == 1u ? "data+FIN, bad ACK" : "pure bad ACK",
                         h_rcv_nxt(&t));
                snapshot(&before, &t);
                if (variant == 2u) {
                    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, h_rcv_nxt(&t), acks[a], 0)),
                                     TCPFSM_OK);
                } else {
                    ck_assert_int_eq(data_with_ack(&t, acks[a], variant == 1u), TCPFSM_OK);
                }
                expect_challenge(&t, &before, ctx);
            }
        }
    }
}
END_TEST

/* MAX.SND.WND is the largest window the peer ever offered, neither the one
 * on its SYN nor the current one: the peer offers 1000 on its SYN,ACK,
 * opens to 4000, then shrinks to 300; SND.UNA - 4000 stays acceptable and
 * SND.UNA - 4001 does not. */
START_TEST(ack_range_uses_the_largest_window_offered)
{
    unsigned edge;
    for (edge = 0; edge < 2u; edge++) {
        h_t t;
        tcpfsm_conn before;
        char ctx[160];
        tcpfsm_segment update;
        setup_in_flight(&t, _i, CFG_BOTH, TCPFSM_ESTABLISHED, 1000u);
        update = h_seg(TCPFSM_ACK, h_rcv_nxt(&t), t.conn.snd_una, 0);
        update.window = 4000u;
        ck_assert_int_eq(h_rx(&t, update), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_uint_eq(status(&t).snd_wnd, 4000u);
        update.window = 300u;
        ck_assert_int_eq(h_rx(&t, update), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 0);
        ck_assert_uint_eq(status(&t).snd_wnd, 300u);
        snapshot(&before, &t);
        if (edge == 0u) {
            describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.UNA - 4000", h_rcv_nxt(&t));
            ck_assert_int_eq(data_with_ack(&t, t.conn.snd_una - 4000u, 0), TCPFSM_OK);
            expect_delivered(&t, &before, 0u, TCPFSM_ESTABLISHED, ctx);
        } else {
            describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.UNA - 4001", h_rcv_nxt(&t));
            ck_assert_int_eq(data_with_ack(&t, t.conn.snd_una - 4001u, 0), TCPFSM_OK);
            expect_challenge(&t, &before, ctx);
        }
    }
}
END_TEST

/* ------------------------------------------------------ RFC 5961 off -- */

/* RFC 793 (RFC 9293 §3.10.7.4 second step without RFC 5961): any RST in
 * the window resets, RCV.NXT + RCV.WND - 1 included. */
START_TEST(off_rst_in_window_resets)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        uint32_t offsets[3];
        unsigned o;
        h_t t;
        setup(&t, _i, SYNCHRONIZED[k], 0u, 65535u);
        offsets[0] = 0u;
        offsets[1] = 1u;
        offsets[2] = rcv_wnd(&t) - 1u;
        for (o = 0; o < 3u; o++) {
            char ctx[160];
            uint32_t seq;
            setup(&t, _i, SYNCHRONIZED[k], 0u, 65535u);
            seq = h_rcv_nxt(&t) + offsets[o];
            describe(ctx, sizeof ctx, &t, "RST (RFC 5961 off)", seq);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, seq, 0, 0)), TCPFSM_OK);
            expect_reset(&t, SYNCHRONIZED[k], ctx);
        }
    }
}
END_TEST

/* Outside the window a RST is still dropped silently with RFC 5961 off. */
START_TEST(off_rst_outside_window_dropped)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        uint32_t offsets[2];
        unsigned o;
        h_t t;
        setup(&t, _i, SYNCHRONIZED[k], 0u, 65535u);
        offsets[0] = 0xFFFFFFFFu;
        offsets[1] = rcv_wnd(&t);
        for (o = 0; o < 2u; o++) {
            tcpfsm_conn before;
            char ctx[160];
            uint32_t seq;
            setup(&t, _i, SYNCHRONIZED[k], 0u, 65535u);
            seq = h_rcv_nxt(&t) + offsets[o];
            describe(ctx, sizeof ctx, &t, "RST (RFC 5961 off)", seq);
            snapshot(&before, &t);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, seq, 0, 0)), TCPFSM_OK);
            expect_silent(&t, &before, ctx);
        }
    }
}
END_TEST

/* RFC 793 (kept in RFC 9293 §3.10.7.4 fourth step for implementations
 * without RFC 5961): "If the SYN is in the window it is an error, send a
 * reset", the user is told "connection reset", CLOSED.  The reset takes the
 * form of §3.5.2 for a segment with no ACK, <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
 * <CTL=RST,ACK>, the one a rebooted peer in SYN-SENT accepts; a SYN,ACK
 * gets <SEQ=SEG.ACK><CTL=RST>.  Outside the window the first step answers
 * with an ACK and nothing changes. */
START_TEST(off_syn_in_window_resets)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        const place p = SYNCHRONIZED[k];
        uint32_t offsets[3];
        unsigned o;
        h_t t;
        if (p.state == TCPFSM_SYN_RECEIVED && p.origin == ORIGIN_PASSIVE) {
            continue; /* back to LISTEN either way (syn_in_passive_syn_received) */
        }
        setup(&t, _i, p, 0u, 65535u);
        offsets[0] = 0u;
        offsets[1] = 1u;
        offsets[2] = rcv_wnd(&t) - 1u;
        for (o = 0; o < 3u; o++) {
            unsigned with_ack;
            for (with_ack = 0; with_ack < 2u; with_ack++) {
                char ctx[160];
                uint32_t seq;
                uint32_t ack;
                setup(&t, _i, p, 0u, 65535u);
                seq = h_rcv_nxt(&t) + offsets[o];
                ack = t.conn.snd_nxt + 9u;
                describe(ctx, sizeof ctx, &t, with_ack ? "SYN,ACK (RFC 5961 off)"
                                                       : "SYN (RFC 5961 off)", seq);
                if (with_ack) {
                    ck_assert_int_eq(h_rx(&t, h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK), seq,
                                                    ack, 0)), TCPFSM_OK);
                } else {
                    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, seq, 0, 0)), TCPFSM_OK);
                }
                ck_assert_msg(h_state(&t) == TCPFSM_CLOSED, "%s: ended in %s", ctx,
                              tcpfsm_state_name(h_state(&t)));
                ck_assert_msg(t.out.notes == (TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED),
                              "%s: notes 0x%02x", ctx, (unsigned)t.out.notes);
                ck_assert_msg(t.out.count == 1u, "%s: sent %u segments", ctx,
                              (unsigned)t.out.count);
                if (with_ack) {
                    h_expect_tx(&t, 0, TCPFSM_RST, ack, 0);
                } else {
                    h_expect_tx(&t, 0, (uint8_t)(TCPFSM_RST | TCPFSM_ACK), 0, seq + 1u);
                }
            }
        }
    }
}
END_TEST

START_TEST(off_syn_outside_window_acked)
{
    size_t k;
    for (k = 0; k < N_SYNCHRONIZED; k++) {
        const place p = SYNCHRONIZED[k];
        uint32_t offsets[2];
        unsigned o;
        h_t t;
        setup(&t, _i, p, 0u, 65535u);
        offsets[0] = 0xFFFFFFFFu;
        offsets[1] = rcv_wnd(&t);
        for (o = 0; o < 2u; o++) {
            tcpfsm_conn before;
            char ctx[160];
            uint32_t seq;
            setup(&t, _i, p, 0u, 65535u);
            seq = h_rcv_nxt(&t) + offsets[o];
            if (p.state == TCPFSM_SYN_RECEIVED && seq == t.conn.irs) {
                continue; /* the repeated SYN: syn_repeated_in_simultaneous_open */
            }
            describe(ctx, sizeof ctx, &t, "SYN (RFC 5961 off)", seq);
            snapshot(&before, &t);
            ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, seq, 0, 0)), TCPFSM_OK);
            expect_challenge(&t, &before, ctx);
        }
    }
}
END_TEST

/* RFC 793 fifth step: SEG.ACK > SND.NXT is answered with an ACK and
 * dropped; an old ACK, however old, "can be ignored" and the text is still
 * processed: below SND.UNA - MAX.SND.WND the data is delivered. */
START_TEST(off_ack_outside_the_range)
{
    h_t t;
    tcpfsm_conn before;
    char ctx[160];
    setup_in_flight(&t, _i, 0u, TCPFSM_ESTABLISHED, (uint16_t)H_WINDOW);
    describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.NXT + 1 (RFC 5961 off)", h_rcv_nxt(&t));
    snapshot(&before, &t);
    ck_assert_int_eq(data_with_ack(&t, t.conn.snd_nxt + 1u, 0), TCPFSM_OK);
    expect_challenge(&t, &before, ctx);

    setup_in_flight(&t, _i, 0u, TCPFSM_ESTABLISHED, (uint16_t)H_WINDOW);
    describe(ctx, sizeof ctx, &t, "data, SEG.ACK = SND.UNA - MAX.SND.WND - 1 (RFC 5961 off)",
             h_rcv_nxt(&t));
    snapshot(&before, &t);
    ck_assert_int_eq(data_with_ack(&t, t.conn.snd_una - H_WINDOW - 1u, 0), TCPFSM_OK);
    expect_delivered(&t, &before, 0u, TCPFSM_ESTABLISHED, ctx);
    ck_assert_uint_eq(status(&t).snd_una, before.snd_una);
}
END_TEST

/* §7: challenge ACKs, throttled per connection.  A blind attacker sends
 * in-window RSTs, SYNs and out-of-range ACKs at one instant; at most
 * cfg.challenge_limit draw an answer per cfg.challenge_window_ms, whatever
 * mix of them arrives, and the window starts again once it has passed. */
static unsigned blind_burst(h_t *t, unsigned count)
{
    unsigned answered = 0, i;
    for (i = 0; i < count; i++) {
        uint32_t rcv_nxt = t->conn.rcv_nxt;
        tcpfsm_segment seg;
        switch (i % 3u) {
        case 0: seg = h_seg(TCPFSM_RST, rcv_nxt + 1u + i, 0, 0); break;
        case 1: seg = h_seg(TCPFSM_SYN, rcv_nxt + 2u + i, 0, 0); break;
        default: seg = h_seg(TCPFSM_ACK, rcv_nxt, t->conn.snd_nxt + 1000u, 0); break;
        }
        ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
        ck_assert_str_eq(tcpfsm_state_name(h_state(t)), "ESTABLISHED");
        ck_assert_uint_le(t->out.count, 1);
        answered += t->out.count;
    }
    return answered;
}

static void setup_throttle(h_t *t, int pair, uint16_t limit, uint16_t window_ms)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    cfg.max_retries = H_MAX_RETRIES;
    cfg.challenge_limit = limit;
    cfg.challenge_window_ms = window_ms;
    h_init_cfg(t, &cfg, ISNS[pair].iss, ISNS[pair].peer_iss);
    h_drive(t, TCPFSM_ESTABLISHED, ORIGIN_PASSIVE);
}

START_TEST(challenge_acks_throttled_per_window)
{
    h_t t;
    tcpfsm_config cfg;
    h_config(&cfg);
    ck_assert_uint_eq(cfg.challenge_limit, 5);
    ck_assert_uint_eq(cfg.challenge_window_ms, 1000);
    setup_throttle(&t, _i, 5, 1000);
    t.now += 5000u;
    ck_assert_uint_eq(blind_burst(&t, 30), 5);
    t.now += 999u;
    ck_assert_uint_eq(blind_burst(&t, 3), 0);
    t.now += 1u; /* a new window: the limit again, and no more */
    ck_assert_uint_eq(blind_burst(&t, 30), 5);
}
END_TEST

START_TEST(challenge_throttle_configurable)
{
    h_t t;
    setup_throttle(&t, _i, 2, 50);
    ck_assert_uint_eq(blind_burst(&t, 9), 2);
    t.now += 50u;
    ck_assert_uint_eq(blind_burst(&t, 9), 2);
}
END_TEST

START_TEST(challenge_throttle_off)
{
    h_t t;
    setup_throttle(&t, _i, 0, 1000);
    ck_assert_uint_eq(blind_burst(&t, 40), 40);
}
END_TEST

/* The caller's clock stepping back neither opens a new window (the core's
 * clock never goes back) nor silences the connection until the caller's
 * clock catches up: the window ends challenge_window_ms after it began, as
 * the core's clock runs on from where it was. */
START_TEST(challenge_throttle_clock_back)
{
    h_t t;
    setup_throttle(&t, _i, 3, 1000);
    t.now += 100000u;
    ck_assert_uint_eq(blind_burst(&t, 6), 3);
    t.now -= 50000u;
    ck_assert_uint_eq(blind_burst(&t, 6), 0);
    t.now += 1000u;
    ck_assert_uint_eq(blind_burst(&t, 6), 3);
}
END_TEST

/* The throttle is for blind attacks only: the peer's own segments still
 * get what RFC 9293 sends them once the limit is reached. */
START_TEST(challenge_throttle_spares_the_peer)
{
    h_t t;
    setup_throttle(&t, _i, 1, 1000);
    ck_assert_uint_eq(blind_burst(&t, 5), 1);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt, t.conn.snd_una, 100)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].ack, t.conn.rcv_nxt);
    /* an exact RST still resets: the throttle never delays a valid one */
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_RST, t.conn.rcv_nxt, 0, 0)), TCPFSM_OK);
    ck_assert_str_eq(tcpfsm_state_name(h_state(&t)), "CLOSED");
}
END_TEST

Suite *suite_rfc5961(void)
{
    Suite *s = suite_create("rfc5961");
    TCase *rst = tcase_create("rst (RFC 5961 section 3)");
    TCase *syn = tcase_create("syn (RFC 5961 section 4)");
    TCase *ack = tcase_create("ack (RFC 5961 section 5)");
    TCase *off = tcase_create("RFC 5961 off");
    TCase *throttle = tcase_create("throttle (RFC 5961 section 7)");
    tcase_add_loop_test(rst, rst_at_rcv_nxt_resets, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_in_window_draws_one_challenge_ack, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_outside_window_is_dropped_silently, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_challenge_then_exact_rst_resets, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_edges_follow_a_small_window, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_with_zero_window, 0, N_ISNS);
    tcase_add_loop_test(rst, rst_in_time_wait_with_rfc1337_ignored, 0, N_ISNS);
    tcase_add_loop_test(syn, syn_anywhere_draws_one_challenge_ack, 0, N_ISNS);
    tcase_add_loop_test(syn, syn_in_passive_syn_received, 0, N_ISNS);
    tcase_add_loop_test(syn, syn_repeated_in_simultaneous_open, 0, N_ISNS);
    tcase_add_loop_test(syn, synack_bad_ack_repeated_in_simultaneous_open, 0, N_ISNS);
    tcase_add_loop_test(ack, ack_at_the_edges_is_accepted, 0, N_ISNS);
    tcase_add_loop_test(ack, ack_outside_the_range_is_answered_not_delivered, 0, N_ISNS);
    tcase_add_loop_test(ack, ack_range_uses_the_largest_window_offered, 0, N_ISNS);
    tcase_add_loop_test(off, off_rst_in_window_resets, 0, N_ISNS);
    tcase_add_loop_test(off, off_rst_outside_window_dropped, 0, N_ISNS);
    tcase_add_loop_test(off, off_syn_in_window_resets, 0, N_ISNS);
    tcase_add_loop_test(off, off_syn_outside_window_acked, 0, N_ISNS);
    tcase_add_loop_test(off, off_ack_outside_the_range, 0, N_ISNS);
    tcase_add_loop_test(throttle, challenge_acks_throttled_per_window, 0, N_ISNS);
    tcase_add_loop_test(throttle, challenge_throttle_configurable, 0, N_ISNS);
    tcase_add_loop_test(throttle, challenge_throttle_off, 0, N_ISNS);
    tcase_add_loop_test(throttle, challenge_throttle_clock_back, 0, N_ISNS);
    tcase_add_loop_test(throttle, challenge_throttle_spares_the_peer, 0, N_ISNS);
    suite_add_tcase(s, rst);
    suite_add_tcase(s, syn);
    suite_add_tcase(s, ack);
    suite_add_tcase(s, off);
    suite_add_tcase(s, throttle);
    return s;
}
