/* SPDX-License-Identifier: BSD-2-Clause */
/* SACK on the sending side: the RFC 6675 scoreboard (which blocks count,
 * what a cumulative ACK or a timeout forgets), IsLost as a way into loss
 * recovery, recovery that retransmits the lost holes first and each once,
 * and the fall-backs: no blocks from the peer, SACK not negotiated.  Every
 * test runs twice: with small sequence numbers, and just below 2^32 so that
 * the flight crosses the wrap. */
#include <string.h>
#include "harness.h"
#include "cc_expect.h"
#include "oracle.h"
#include "suites.h"

#define MSS 1460u
#define SEGS 10u /* the initial window: ten segments in flight */

static const uint32_t ISS[2] = {1000u, 0xFFFFF000u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* An active open; the peer offers SACK-permitted when peer_sack; then
 * `queued` bytes are written and the initial window goes out, its
 * segments' sequence numbers appended to sent[] when it is given. */
static void establish_sending_into(h_t *t, int i, int peer_sack, uint32_t queued,
                                   uint32_t *sent, uint32_t *n_sent)
{
    uint32_t k;
    tcpfsm_segment syn_ack;
    h_init(t, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.mss = (uint16_t)MSS;
    if (peer_sack) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_SACK_PERM);
    }
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_uint_eq(t->conn.sack_on, peer_sack ? 1u : 0u);
    h_send(t, queued);
    for (;;) {
        for (k = 0; sent != NULL && k < t->out.count; k++) {
            sent[(*n_sent)++] = t->out.tx[k].seq;
        }
        if (!t->out.more) {
            break;
        }
        h_send(t, 0u);
    }
    ck_assert_uint_eq(t->conn.snd_nxt - t->conn.snd_una, SEGS * MSS);
}

static void establish_sending(h_t *t, int i, int peer_sack, uint32_t queued)
{
    establish_sending_into(t, i, peer_sack, queued, NULL, NULL);
}

/* Sequence number of the first byte of segment k of the stream. */
static uint32_t seg_seq(const h_t *t, uint32_t k)
{
    return t->iss + 1u + k * MSS;
}

/* An ACK from the peer at segment `ack_k`, with `n` SACK blocks given as
 * segment numbers [from, to). */
static tcpfsm_segment sack_ack(const h_t *t, uint32_t ack_k, uint32_t n, const uint32_t *blocks)
{
    tcpfsm_segment seg = h_seg(TCPFSM_ACK, t->conn.rcv_nxt, seg_seq(t, ack_k), 0u);
    uint32_t k;
    for (k = 0; k < n; k++) {
        seg.sack[k].left = seg_seq(t, blocks[2u * k]);
        seg.sack[k].right = seg_seq(t, blocks[2u * k + 1u]);
    }
    seg.sack_count = (uint8_t)n;
    if (n > 0) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_SACK);
    }
    return seg;
}

static void rx_sack(h_t *t, uint32_t ack_k, uint32_t n, const uint32_t *blocks)
{
    ck_assert_int_eq(h_rx(t, sack_ack(t, ack_k, n, blocks)), TCPFSM_OK);
}

/* out.tx[i] is data of len bytes at segment k. */
static void expect_resend(const h_t *t, unsigned i, uint32_t k, uint32_t len)
{
    ck_assert_uint_gt(t->out.count, i);
    ck_assert_uint_eq(t->out.tx[i].seq, seg_seq(t, k));
    ck_assert_uint_eq(t->out.tx[i].data_len, len);
    /* from the head of the send buffer: SND.UNA */
    ck_assert_uint_eq(t->out.tx[i].data_offset, seg_seq(t, k) - t->conn.snd_una);
}

/* Scoreboard range i covers segments [from, to). */
static void expect_sacked(const h_t *t, unsigned i, uint32_t from, uint32_t to)
{
    ck_assert_uint_gt(t->conn.sacked.count, i);
    ck_assert_uint_eq(t->conn.sacked.range[i].left, seg_seq(t, from));
    ck_assert_uint_eq(t->conn.sacked.range[i].right, seg_seq(t, to));
}

/* RFC 2018 §4: only blocks that cover data in flight beyond SND.UNA count;
 * one below it (a D-SACK, RFC 2883), one past SND.NXT and an empty one are
 * left out. */
START_TEST(only_blocks_within_the_flight_are_recorded)
{
    h_t t;
    tcpfsm_segment seg;
    establish_sending(&t, _i, 1, SEGS * MSS);
    seg = sack_ack(&t, 0u, 0u, NULL);
    seg.sack[0].left = seg_seq(&t, 0) - 100u; /* below SND.UNA */
    seg.sack[0].right = seg_seq(&t, 0);
    seg.sack[1].left = seg_seq(&t, 9);        /* past SND.NXT */
    seg.sack[1].right = seg_seq(&t, 11);
    seg.sack[2].left = seg_seq(&t, 3);        /* empty */
    seg.sack[2].right = seg_seq(&t, 3);
    seg.sack[3].left = seg_seq(&t, 1);        /* this one */
    seg.sack[3].right = seg_seq(&t, 2);
    seg.sack_count = 4u;
    seg.options = TCPFSM_OPT_SACK;
    ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.sacked.count, 1u);
    expect_sacked(&t, 0, 1u, 2u);
    ck_assert_uint_eq(t.conn.dupacks, 1u);
}
END_TEST

/* Blocks merge as the receiver's ranges do; a cumulative ACK forgets the
 * ranges it reaches (RFC 6675 §5: HighACK moves on). */
START_TEST(scoreboard_merges_and_forgets)
{
    h_t t;
    static const uint32_t first[] = {1u, 2u};
    static const uint32_t second[] = {3u, 4u, 1u, 2u};
    static const uint32_t third[] = {2u, 3u, 5u, 6u};
    establish_sending(&t, _i, 1, 30u * MSS);
    rx_sack(&t, 0u, 1u, first);
    rx_sack(&t, 0u, 2u, second);
    ck_assert_uint_eq(t.conn.sacked.count, 2u);
    rx_sack(&t, 0u, 2u, third); /* 2..3 joins 1..2 and 3..4 */
    ck_assert_uint_eq(t.conn.sacked.count, 2u);
    expect_sacked(&t, 0, 1u, 4u);
    expect_sacked(&t, 1, 5u, 6u);
    rx_sack(&t, 4u, 0u, NULL); /* ACK of 0..4: 1..4 is behind SND.UNA */
    ck_assert_uint_eq(t.conn.sacked.count, 1u);
    expect_sacked(&t, 0, 5u, 6u);
}
END_TEST

/* A full scoreboard forgets the range changed least recently (the data
 * it covered counts as unSACKed again: spec/README.md Deviations 22). */
START_TEST(full_scoreboard_forgets_the_oldest)
{
    h_t t;
    uint32_t k;
    uint32_t base;
    establish_sending(&t, _i, 1, SEGS * MSS);
    base = seg_seq(&t, 0u);
    /* one block more than the scoreboard holds, 50 bytes each, 100 apart */
    for (k = 0; k <= TCPFSM_OOO_RANGES; k++) {
        tcpfsm_segment seg = h_seg(TCPFSM_ACK, t.conn.rcv_nxt, base, 0u);
        seg.sack[0].left = base + 100u * (k + 1u);
        seg.sack[0].right = seg.sack[0].left + 50u;
        seg.sack_count = 1u;
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_SACK);
        ck_assert_int_eq(h_rx(&t, seg), TCPFSM_OK);
    }
    ck_assert_uint_eq(t.conn.sacked.count, TCPFSM_OOO_RANGES);
    /* the latest first, and the first block gone */
    ck_assert_uint_eq(t.conn.sacked.range[0].left, base + 100u * (TCPFSM_OOO_RANGES + 1u));
    ck_assert_uint_eq(t.conn.sacked.range[TCPFSM_OOO_RANGES - 1u].left, base + 200u);
    for (k = 0; k < TCPFSM_OOO_RANGES; k++) {
        ck_assert_uint_ne(t.conn.sacked.range[k].left, base + 100u);
    }
}
END_TEST

/* RFC 6675 §5 step (2): one duplicate ACK whose SACK block covers three
 * segments (more than (DupThresh - 1) * SMSS bytes above SND.UNA) shows
 * the first segment lost: recovery starts without waiting for two more.
 * RFC 6675 (4.2): ssthresh = half the flight; RFC 9937: cwnd = pipe +
 * SndCnt, pipe the six segments after the lost one and the SACKed three,
 * SndCnt CEIL(3 segments delivered * ssthresh / RecoverFS of ten) = 1.5
 * segments; (4.3) the first segment goes again, only as far as the SACKed
 * data, and no more fits. */
#if TCPFSM_TEST_NEWRENO
START_TEST(blocks_show_loss_before_three_duplicates)
{
    h_t t;
    static const uint32_t three[] = {1u, 4u};
    establish_sending(&t, _i, 1, SEGS * MSS);
    rx_sack(&t, 0u, 1u, three);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(t.conn.dupacks, 1u);
    ck_assert_uint_eq(h_info(&t).ssthresh, SEGS * MSS / 2u);
    ck_assert_uint_eq(h_info(&t).cwnd, 6u * MSS + (3u * MSS + 1u) / 2u);
    ck_assert_uint_eq(t.out.count, 1u);
    expect_resend(&t, 0, 0u, MSS);
    ck_assert_uint_eq(t.conn.high_rxt, seg_seq(&t, 1));
    ck_assert_uint_eq(t.conn.prr_out, MSS);
}
END_TEST
#endif

/* Two segments SACKed above are (DupThresh - 1) * SMSS bytes, not more,
 * in fewer than DupThresh ranges: not yet a loss (RFC 6675 §4 IsLost). */
START_TEST(two_segments_sacked_are_not_a_loss)
{
    h_t t;
    static const uint32_t two[] = {1u, 3u};
    static const uint32_t apart[] = {3u, 4u, 1u, 2u};
    establish_sending(&t, _i, 1, SEGS * MSS);
    rx_sack(&t, 0u, 1u, two);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    establish_sending(&t, _i, 1, SEGS * MSS);
    rx_sack(&t, 0u, 2u, apart);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(t.out.count, 0u); /* nothing queued for limited transmit */
}
END_TEST

/* A receiver of segments: which arrived, and the ACK it sends back with
 * SACK blocks for the runs beyond its cumulative ACK, the run holding the
 * latest arrival first (RFC 2018 §4), four at most. */
#define PEER_SEGS 64u
typedef struct {
    int have[PEER_SEGS];
} peer_t;

static uint32_t peer_cumulative(const peer_t *p)
{
    uint32_t k = 0;
    while (k < PEER_SEGS && p->have[k]) {
        k++;
    }
    return k;
}

static uint32_t peer_blocks(const peer_t *p, uint32_t latest, uint32_t *blocks)
{
    uint32_t n = 0;
    uint32_t k = peer_cumulative(p);
    uint32_t from = latest;
    uint32_t to = latest;
    if (latest > k && p->have[latest]) {
        while (from > 0 && p->have[from - 1u]) {
            from--;
        }
        while (to < PEER_SEGS && p->have[to]) {
            to++;
        }
        blocks[0] = from;
        blocks[1] = to;
        n = 1;
    }
    while (k < PEER_SEGS && n < TCPFSM_MAX_SACK_BLOCKS) {
        uint32_t start;
        while (k < PEER_SEGS && !p->have[k]) {
            k++;
        }
        start = k;
        while (k < PEER_SEGS && p->have[k]) {
            k++;
        }
        if (start < k && !(n > 0 && start == blocks[0])) {
            blocks[2u * n] = start;
            blocks[2u * n + 1u] = k;
            n++;
        }
    }
    return n;
}

/* RFC 6675 §5 (C) and NextSeg (1): three segments of one window lost, at
 * 0, 2 and 4.  The duplicate ACKs' blocks start recovery, and the holes go
 * out first, each once, in order, before the window lets new data out;
 * no timeout is needed and recovery ends at the ACK of everything sent
 * before it (RFC 6675 §5 (A)). */
START_TEST(lost_holes_go_first_each_once)
{
    h_t t;
    peer_t peer;
    uint32_t wire_seq[256];
    uint32_t head = 0, tail = 0;
    uint32_t resent[8];
    uint32_t n_resent = 0;
    uint32_t recovery_point = 0;
    int saw_recovery = 0;
    uint32_t i;
    memset(&peer, 0, sizeof peer);
    establish_sending_into(&t, _i, 1, 40u * MSS, wire_seq, &tail);
    ck_assert_uint_eq(tail, SEGS);
    while (head < tail) {
        uint32_t k = (wire_seq[head] - seg_seq(&t, 0)) / MSS;
        uint32_t blocks[2u * TCPFSM_MAX_SACK_BLOCKS];
        uint32_t n;
        head++;
        if (head <= SEGS && (k == 0u || k == 2u || k == 4u)) {
            continue; /* lost, the first time */
        }
        peer.have[k] = 1;
        n = peer_blocks(&peer, k, blocks);
        rx_sack(&t, peer_cumulative(&peer), n, blocks);
        if (h_info(&t).recovery == TCPFSM_RECOVERY_SACK && !saw_recovery) {
            saw_recovery = 1;
            recovery_point = t.conn.recover;
        }
        for (i = 0; i < t.out.count; i++) {
            ck_assert_uint_lt(tail, 256u);
            if (t.out.tx[i].seq - seg_seq(&t, 0) < (SEGS + 10u) * MSS
                && peer.have[(t.out.tx[i].seq - seg_seq(&t, 0)) / MSS]) {
                ck_abort_msg("SACKed data retransmitted");
            }
            if (t.out.tx[i].seq - seg_seq(&t, 0) < SEGS * MSS) {
                ck_assert_uint_lt(n_resent, 8u);
                resent[n_resent++] = (t.out.tx[i].seq - seg_seq(&t, 0)) / MSS;
            }
            ck_assert_uint_eq(t.out.tx[i].data_len, MSS);
            wire_seq[tail++] = t.out.tx[i].seq;
        }
        if (peer_cumulative(&peer) >= 40u) {
            break;
        }
    }
    ck_assert(saw_recovery);
    ck_assert_uint_eq(n_resent, 3u);
    ck_assert_uint_eq(resent[0], 0u);
    ck_assert_uint_eq(resent[1], 2u);
    ck_assert_uint_eq(resent[2], 4u);
    ck_assert_uint_eq(peer_cumulative(&peer), 40u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert(recovery_point - seg_seq(&t, 0) >= SEGS * MSS);
    ck_assert_uint_eq(t.conn.retries, 0u); /* no timeout */
}
END_TEST

/* A peer that agreed to SACK but sends no blocks: three duplicate ACKs
 * still start recovery, and each partial ACK retransmits the next segment
 * as NewReno would (RFC 6582 §3.2), for the scoreboard has nothing. */
#if TCPFSM_TEST_NEWRENO
START_TEST(no_blocks_fall_back_to_newreno)
{
    h_t t;
    int k;
    establish_sending(&t, _i, 1, SEGS * MSS);
    for (k = 0; k < 3; k++) {
        rx_sack(&t, 0u, 0u, NULL);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    expect_resend(&t, 0, 0u, MSS);
    /* no blocks: nothing delivered, and PRR leaves cwnd at ssthresh */
    ck_assert_uint_eq(h_info(&t).cwnd, SEGS * MSS / 2u);
    rx_sack(&t, 2u, 0u, NULL); /* partial: 0 and 1 */
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    expect_resend(&t, 0, 2u, MSS);
    /* RFC 9937: two segments delivered earn ssthresh/RecoverFS of them,
     * one, sent already (the fast retransmit): cwnd is pipe, the eight
     * segments in flight */
    ck_assert_uint_eq(h_info(&t).cwnd, 8u * MSS);
    rx_sack(&t, SEGS, 0u, NULL); /* full */
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST
#endif

#if TCPFSM_TEST_NEWRENO
/* Data bytes of the current output. */
static uint32_t data_sent(const h_t *t)
{
    uint32_t k;
    uint32_t bytes = 0;
    for (k = 0; k < t->out.count; k++) {
        bytes += t->out.tx[k].data_len;
    }
    return bytes;
}

/* RFC 9937: one segment lost of ten, the peer SACKs the others one by one.
 * The first two duplicates each let a new segment out (RFC 3042), so
 * recovery starts at the third with twelve in flight: ssthresh six
 * segments, RecoverFS the ten not SACKed before that ACK.  While pipe is
 * above ssthresh PRR sends ssthresh/RecoverFS of what is delivered: the
 * fast retransmit, then nothing while the share stays below a second
 * segment; once pipe is down to ssthresh, one segment for each delivered,
 * so the flight stays at ssthresh rather than falling below it.  The ACK of
 * all ends recovery with cwnd = ssthresh (§4). */
START_TEST(prr_paces_recovery)
{
    h_t t;
    /* segments sent on the ACK that SACKs 1 .. k, k = 3 .. 9 */
    static const uint32_t sends[] = {1u, 0u, 0u, 0u, 1u, 1u, 1u};
    uint32_t blocks[2];
    uint32_t sent = 0;
    uint32_t k;
    establish_sending(&t, _i, 1, 40u * MSS);
    for (k = 1; k <= 9u; k++) {
        blocks[0] = 1u;
        blocks[1] = k + 1u;
        rx_sack(&t, 0u, 1u, blocks);
        if (k < 3u) {
            ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
            continue;
        }
        ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
        ck_assert_uint_eq(t.conn.recover_fs, 10u * MSS);
        ck_assert_msg(t.out.count == sends[k - 3u], "ACK of 1..%u: %u segments sent, %u expected",
                      k, t.out.count, sends[k - 3u]);
        sent += data_sent(&t);
        ck_assert_uint_eq(t.conn.prr_out, sent);
        ck_assert_uint_eq(t.conn.prr_delivered, (k - 2u) * MSS);
    }
    ck_assert_uint_eq(h_info(&t).ssthresh, 6u * MSS);
    /* everything sent before recovery began, and the new segments since */
    rx_sack(&t, SEGS + 5u, 0u, NULL);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    ck_assert_uint_eq(h_info(&t).cwnd, 6u * MSS);
}
END_TEST
#endif

/* RFC 9937: prr_out is every data byte sent in recovery, the segment a
 * Packet Too Big sends again at once included (RFC 1191 §6.4; a
 * 30-minute one_endpoint campaign found it uncounted). */
START_TEST(prr_counts_the_resend_of_a_packet_too_big)
{
    h_t t;
    uint32_t blocks[2] = {1u, 4u};
    uint32_t before;
    establish_sending(&t, _i, 1, 40u * MSS);
    rx_sack(&t, 0u, 1u, blocks);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    before = t.conn.prr_out;
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_gt(t.out.tx[0].data_len, 0);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
    ck_assert_uint_eq(t.conn.prr_out, before + t.out.tx[0].data_len);
}
END_TEST

/* RFC 9937 reduction bound: six of ten segments lost, the last four
 * SACKed (and two sent by limited transmit).  pipe, three segments, falls
 * far below ssthresh, six, yet each ACK lets out only what it delivered
 * (PRR-CRB: SND.UNA does not move), one segment, where RFC 6675 alone
 * (cwnd = ssthresh) would send three at once. */
START_TEST(prr_reduction_bound_after_heavy_loss)
{
    h_t t;
    uint32_t blocks[2] = {6u, 7u};
    uint32_t k;
    establish_sending(&t, _i, 1, 40u * MSS);
    for (k = 7; k <= 10u; k++) {
        blocks[1] = k;
        rx_sack(&t, 0u, 1u, blocks);
        if (k < 9u) {
            ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
            continue;
        }
        ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_SACK);
        ck_assert_uint_eq(t.out.count, 1u);
        expect_resend(&t, 0, k - 9u, MSS); /* the lost holes, in order */
        ck_assert_uint_eq(h_info(&t).cwnd, 4u * MSS);
    }
}
END_TEST

/* RFC 2018 §8: after a retransmission timeout the receiver may have
 * reneged, so what it SACKed counts for nothing; recovery is the
 * timeout's. */
START_TEST(timeout_forgets_the_scoreboard)
{
    h_t t;
    static const uint32_t three[] = {1u, 4u};
    establish_sending(&t, _i, 1, SEGS * MSS);
    rx_sack(&t, 0u, 1u, three);
    ck_assert_uint_eq(t.conn.sacked.count, 1u);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.sacked.count, 0u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_TIMEOUT);
    expect_resend(&t, 0, 0u, MSS);
}
END_TEST

/* Without SACK negotiated, blocks that arrive anyway are ignored and the
 * third duplicate ACK starts NewReno's fast recovery (cwnd inflated by
 * three segments, RFC 5681 §3.2). */
START_TEST(blocks_ignored_without_sack)
{
    h_t t;
    static const uint32_t three[] = {1u, 4u};
    int k;
    establish_sending(&t, _i, 0, SEGS * MSS);
    rx_sack(&t, 0u, 1u, three);
    ck_assert_uint_eq(t.conn.sacked.count, 0u);
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    for (k = 0; k < 2; k++) {
        rx_sack(&t, 0u, 1u, three);
    }
    ck_assert_uint_eq(h_info(&t).recovery, TCPFSM_RECOVERY_FAST);
    ck_assert_uint_eq(h_info(&t).cwnd, cc_loss_ssthresh(SEGS * MSS, SEGS * MSS, MSS) + 3u * MSS);
}
END_TEST

/* The oracle every call of the tests and fuzzers passes fails when a
 * scoreboard range reaches past SND.NXT. */
START_TEST(oracle_refuses_a_range_past_snd_nxt)
{
    h_t t;
    static const uint32_t one[] = {1u, 2u};
    tcpfsm_conn after;
    establish_sending(&t, _i, 1, SEGS * MSS);
    rx_sack(&t, 0u, 1u, one);
    after = t.conn;
    ck_assert_ptr_null(oracle_after_call(ORACLE_SEGMENT, &t.conn, NULL, TCPFSM_OK, &after,
                                         &t.out));
    after.sacked.range[0].right = after.snd_nxt + 1u;
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEGMENT, &t.conn, NULL, TCPFSM_OK, &after,
                                            &t.out));
}
END_TEST

Suite *suite_sack_sender(void)
{
    Suite *s = suite_create("sack sender");
    TCase *tc = tcase_create("scoreboard");
    tcase_add_loop_test(tc, only_blocks_within_the_flight_are_recorded, 0, 2);
    tcase_add_loop_test(tc, scoreboard_merges_and_forgets, 0, 2);
    tcase_add_loop_test(tc, full_scoreboard_forgets_the_oldest, 0, 2);
    tcase_add_loop_test(tc, timeout_forgets_the_scoreboard, 0, 2);
    tcase_add_loop_test(tc, blocks_ignored_without_sack, 0, 2);
    tcase_add_loop_test(tc, oracle_refuses_a_range_past_snd_nxt, 0, 2);
    suite_add_tcase(s, tc);
    tc = tcase_create("recovery");
#if TCPFSM_TEST_NEWRENO /* its numbers are Reno's halving (cc_expect.h) */
    tcase_add_loop_test(tc, blocks_show_loss_before_three_duplicates, 0, 2);
#endif
    tcase_add_loop_test(tc, two_segments_sacked_are_not_a_loss, 0, 2);
    tcase_add_loop_test(tc, lost_holes_go_first_each_once, 0, 2);
#if TCPFSM_TEST_NEWRENO /* its numbers are Reno's halving (cc_expect.h) */
    tcase_add_loop_test(tc, no_blocks_fall_back_to_newreno, 0, 2);
#endif
#if TCPFSM_TEST_NEWRENO /* its numbers are Reno's halving (cc_expect.h) */
    tcase_add_loop_test(tc, prr_paces_recovery, 0, 2);
#endif
    tcase_add_loop_test(tc, prr_counts_the_resend_of_a_packet_too_big, 0, 2);
    tcase_add_loop_test(tc, prr_reduction_bound_after_heavy_loss, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
