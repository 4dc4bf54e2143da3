/* SPDX-License-Identifier: BSD-2-Clause */
/* SACK, receiver side (RFC 2018 §2-§4), and the out-of-order data the core
 * keeps for it (RFC 9293 §3.10.7.4, seventh step).  Every test runs twice:
 * with small sequence numbers, and just below 2^32. */
#include <string.h>
#include "harness.h"
#include "internal.h" /* tcpfsm_ranges_add, for the range no segment makes */
#include "oracle.h"
#include "suites.h"
#include "tcpfsm/wire.h"

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* ESTABLISHED by active open; the peer's SYN,ACK offers SACK-permitted
 * when `peer_sack`, the MSS `mss`, and timestamps when `ts` (the peer's
 * later segments carry none: TCPFSM_CFG_TS_OPTIONAL takes them). */
static void establish_with(h_t *t, int i, int peer_sack, uint16_t mss, int ts)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    h_config(&cfg);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_TS_OPTIONAL);
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.mss = mss;
    if (peer_sack) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_SACK_PERM);
    }
    if (ts) {
        syn_ack.options = (uint8_t)(syn_ack.options | TCPFSM_OPT_TIMESTAMP);
        syn_ack.ts_val = 7u;
        syn_ack.ts_ecr = t->out.ts_val;
    }
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
}

/* The common case: MSS 1460, no timestamps (so four blocks fit). */
static void establish(h_t *t, int i, int peer_sack)
{
    establish_with(t, i, peer_sack, 1460u, 0);
}

/* len bytes from the peer at seq (relative to its first data byte). */
static void data_at(h_t *t, uint32_t rel, uint32_t len)
{
    tcpfsm_segment seg = h_seg(TCPFSM_ACK, t->peer_iss + 1u + rel, t->conn.snd_nxt, len);
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* The peer's FIN after len bytes at rel (relative as in data_at). */
static void fin_at(h_t *t, uint32_t rel, uint32_t len)
{
    tcpfsm_segment fin = h_seg(TCPFSM_ACK | TCPFSM_FIN, t->peer_iss + 1u + rel,
                               t->conn.snd_nxt, len);
    ck_assert_int_eq(h_rx(t, fin), TCPFSM_OK);
}

/* SACK block i covers rel_left .. rel_right-1 of the peer's data. */
static void expect_block(const h_t *t, unsigned i, uint32_t rel_left, uint32_t rel_right)
{
    ck_assert_uint_gt(t->out.sack_count, i);
    ck_assert_uint_eq(t->out.sack[i].left, t->peer_iss + 1u + rel_left);
    ck_assert_uint_eq(t->out.sack[i].right, t->peer_iss + 1u + rel_right);
}

/* RFC 2883: sack[0] is a D-SACK block for rel_left .. rel_right-1, and
 * `count` blocks go out in all. */
static void expect_dsack(const h_t *t, unsigned count, uint32_t rel_left, uint32_t rel_right)
{
    ck_assert_uint_eq(t->out.dsack, 1);
    ck_assert_uint_eq(t->out.sack_count, count);
    expect_block(t, 0, rel_left, rel_right);
}

/* The duplicate ACK at RCV.NXT that out-of-order data draws. */
static void expect_dup_ack(const h_t *t, uint32_t rel_rcv_nxt)
{
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_ACK, t->conn.snd_nxt, t->peer_iss + 1u + rel_rcv_nxt);
}

START_TEST(syn_offers_sack_permitted)
{
    h_t t;
    tcpfsm_config cfg;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_ne(t.out.tx[0].options & TCPFSM_OPT_SACK_PERM, 0);
    /* off: not offered */
    h_config(&cfg);
    cfg.flags = (uint8_t)(cfg.flags & ~TCPFSM_CFG_SACK);
    h_init_cfg(&t, &cfg, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.tx[0].options & TCPFSM_OPT_SACK_PERM, 0);
}
END_TEST

/* RFC 2018 §2: the SYN,ACK carries SACK-permitted only when the SYN did. */
START_TEST(syn_ack_answers_only_an_offer)
{
    int offer;
    for (offer = 0; offer < 2; offer++) {
        h_t t;
        tcpfsm_segment syn;
        h_init(&t, ISS[_i], PEER_ISS[_i]);
        ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
        syn = h_seg(TCPFSM_SYN, t.peer_iss, 0u, 0u);
        if (offer) {
            syn.options = (uint8_t)(syn.options | TCPFSM_OPT_SACK_PERM);
        }
        ck_assert_int_eq(h_rx(&t, syn), TCPFSM_OK);
        h_expect_tx(&t, 0, TCPFSM_SYN | TCPFSM_ACK, t.iss, t.peer_iss + 1u);
        ck_assert_int_eq((t.out.tx[0].options & TCPFSM_OPT_SACK_PERM) != 0, offer);
        ck_assert_int_eq((h_info(&t).options & TCPFSM_OPT_SACK_PERM) != 0, offer);
    }
}
END_TEST

START_TEST(out_of_order_data_is_kept_and_reported)
{
    h_t t;
    establish(&t, _i, 1);
    ck_assert_uint_ne(h_info(&t).options & TCPFSM_OPT_SACK_PERM, 0);
    data_at(&t, 100u, 100u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(t.out.keep_offset, 0);
    ck_assert_uint_eq(t.out.keep_len, 100);
    ck_assert_uint_eq(t.out.keep_at, 100);
    expect_dup_ack(&t, 0u);
    ck_assert_uint_eq(t.out.sack_count, 1);
    expect_block(&t, 0, 100u, 200u);
}
END_TEST

/* RFC 2018 §4: the first block holds the segment that arrived last. */
START_TEST(most_recent_block_first)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 300u, 100u);
    data_at(&t, 100u, 100u);
    ck_assert_uint_eq(t.out.sack_count, 2);
    expect_block(&t, 0, 100u, 200u);
    expect_block(&t, 1, 300u, 400u);
    data_at(&t, 340u, 100u); /* extends the older range: it comes first */
    expect_dsack(&t, 3, 340u, 400u); /* 340 .. 399 came twice (RFC 2883) */
    expect_block(&t, 1, 300u, 440u);
    expect_block(&t, 2, 100u, 200u);
}
END_TEST

START_TEST(a_segment_bridging_two_ranges_joins_them)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    data_at(&t, 300u, 100u);
    data_at(&t, 200u, 100u); /* touches both */
    ck_assert_uint_eq(t.out.sack_count, 1);
    expect_block(&t, 0, 100u, 400u);
    /* the hole before them fills: all of it is in order */
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.reasm_len, 300);
    ck_assert_uint_eq(t.out.sack_count, 0);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, t.peer_iss + 1u + 400u);
    ck_assert_uint_eq(h_info(&t).unread, 400);
}
END_TEST

/* Data that fills only part of the hole is taken; the range waits on. */
START_TEST(part_of_the_hole_filled)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 200u, 100u);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.reasm_len, 0);
    expect_dup_ack(&t, 100u);
    expect_block(&t, 0, 200u, 300u);
    /* overlapping the range: the new bytes, then the kept ones beyond */
    data_at(&t, 100u, 150u);
    ck_assert_uint_eq(t.out.deliver_len, 150);
    ck_assert_uint_eq(t.out.reasm_len, 50);
    /* 200 .. 249 came twice: reported once, as a D-SACK block (RFC 2883) */
    expect_dsack(&t, 1, 200u, 250u);
    ck_assert_uint_eq(h_info(&t).rcv_nxt, t.peer_iss + 1u + 300u);
}
END_TEST

/* TCPFSM_OOO_RANGES ranges kept, 200 bytes apart: 200 .. 299, 400 .. 499,
 * and so on. */
static void fill_ranges(h_t *t)
{
    uint32_t k;
    for (k = 0; k < TCPFSM_OOO_RANGES; k++) {
        data_at(t, 200u * (k + 1u), 100u);
        ck_assert_uint_eq(t->out.keep_len, 100);
    }
    ck_assert_uint_eq(t->conn.ooo.count, TCPFSM_OOO_RANGES);
}

/* RFC 2018 §8: every range is reported in a SACK block as it is kept, so
 * none is ever forgotten (Linux takes that for reneging and resends all it
 * has in flight).  With every range in use, a segment that would need a
 * new one is dropped, unreported; the ACK it draws repeats the blocks. */
START_TEST(full_ranges_drop_what_needs_a_new_one)
{
    h_t t;
    tcpfsm_ranges kept;
    uint32_t last = 200u * TCPFSM_OOO_RANGES;
    establish(&t, _i, 1);
    fill_ranges(&t);
    kept = t.conn.ooo;
    /* beyond them all, and before them all (nearer RCV.NXT) */
    data_at(&t, last + 200u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 0);
    expect_dup_ack(&t, 0u);
    expect_block(&t, 0, last, last + 100u);
    ck_assert_mem_eq(&t.conn.ooo, &kept, sizeof kept);
    data_at(&t, 50u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 0);
    expect_dup_ack(&t, 0u);
    expect_block(&t, 0, last, last + 100u);
    ck_assert_mem_eq(&t.conn.ooo, &kept, sizeof kept);
    /* the hole fills: each range kept comes in order with the bytes
     * between them */
    data_at(&t, 0u, 200u);
    ck_assert_uint_eq(t.out.deliver_len, 200);
    ck_assert_uint_eq(t.out.reasm_len, 100);
    ck_assert_uint_eq(t.conn.ooo.count, TCPFSM_OOO_RANGES - 1u);
}
END_TEST

/* Full, a segment that extends a range, or joins two, is still kept: it
 * needs no new range. */
START_TEST(full_ranges_still_grow)
{
    h_t t;
    uint32_t last = 200u * TCPFSM_OOO_RANGES;
    establish(&t, _i, 1);
    fill_ranges(&t);
    data_at(&t, 300u, 50u); /* right after the first range */
    ck_assert_uint_eq(t.out.keep_len, 50);
    ck_assert_uint_eq(t.out.keep_at, 300);
    ck_assert_uint_eq(t.conn.ooo.count, TCPFSM_OOO_RANGES);
    expect_block(&t, 0, 200u, 350u);
    data_at(&t, last - 50u, 50u); /* right before the last */
    ck_assert_uint_eq(t.out.keep_len, 50);
    expect_block(&t, 0, last - 50u, last + 100u);
    if (TCPFSM_OOO_RANGES >= 2u) {
        data_at(&t, 350u, 50u); /* joins the first two: a range frees */
        ck_assert_uint_eq(t.out.keep_len, 50);
        ck_assert_uint_eq(t.conn.ooo.count, TCPFSM_OOO_RANGES - 1u);
        expect_block(&t, 0, 200u, 500u);
        data_at(&t, last + 200u, 100u); /* and a new range fits again */
        ck_assert_uint_eq(t.out.keep_len, 100);
        expect_block(&t, 0, last + 200u, last + 300u);
    }
}
END_TEST

/* Without SACK nothing is reported, but the rule is the same: the ranges
 * kept are the ones that came first, and a segment that needs a new one
 * when all are in use is dropped. */
START_TEST(full_ranges_without_sack)
{
    h_t t;
    tcpfsm_ranges kept;
    establish(&t, _i, 0);
    fill_ranges(&t);
    kept = t.conn.ooo;
    data_at(&t, 200u * TCPFSM_OOO_RANGES + 200u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 0);
    ck_assert_uint_eq(t.out.sack_count, 0);
    ck_assert_mem_eq(&t.conn.ooo, &kept, sizeof kept);
}
END_TEST

/* A FIN whose data cannot be kept is not kept either: the segment is
 * dropped whole. */
START_TEST(full_ranges_drop_a_fin_with_its_data)
{
    h_t t;
    establish(&t, _i, 1);
    fill_ranges(&t);
    fin_at(&t, 200u * TCPFSM_OOO_RANGES + 200u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 0);
    ck_assert_uint_eq(t.conn.ooo_fin, 0);
}
END_TEST

/* RFC 2883 §4: data that arrives again is reported once, in a D-SACK
 * block before the other blocks.  A segment wholly before RCV.NXT: all
 * of it; the ACK after repeats no D-SACK. */
START_TEST(dsack_reports_an_old_duplicate_once)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 0u, 100u);
    data_at(&t, 300u, 100u);
    data_at(&t, 50u, 25u); /* 50 .. 74 again */
    expect_dup_ack(&t, 100u);
    expect_dsack(&t, 2, 50u, 75u);
    expect_block(&t, 1, 300u, 400u);
    data_at(&t, 500u, 100u); /* news: no D-SACK any more */
    ck_assert_uint_eq(t.out.dsack, 0);
    ck_assert_uint_eq(t.out.sack_count, 2);
    expect_block(&t, 0, 500u, 600u);
}
END_TEST

/* A segment that starts before RCV.NXT and brings new data: the part
 * before RCV.NXT is the duplicate (FreeBSD's todrop). */
START_TEST(dsack_reports_the_part_before_rcv_nxt)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 0u, 100u);
    data_at(&t, 50u, 100u);
    ck_assert_uint_eq(t.out.deliver_offset, 50);
    ck_assert_uint_eq(t.out.deliver_len, 50);
    expect_dsack(&t, 1, 50u, 100u);
}
END_TEST

/* A segment over two ranges repeats parts of both: the one of the lower
 * range is reported, then the range the segment joined them into. */
START_TEST(dsack_reports_the_lowest_repeated_range)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 200u, 100u);
    data_at(&t, 400u, 100u);
    data_at(&t, 250u, 200u); /* 250 .. 449: repeats 250 .. 299 and 400 .. 449 */
    expect_dsack(&t, 2, 250u, 300u);
    expect_block(&t, 1, 200u, 500u);
}
END_TEST

/* Without SACK nothing is reported, D-SACK included; new data is no
 * duplicate, nor is a segment beyond every range. */
START_TEST(dsack_only_for_repeated_data_with_sack)
{
    h_t t;
    establish(&t, _i, 0);
    data_at(&t, 0u, 100u);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.dsack, 0);
    ck_assert_uint_eq(t.out.sack_count, 0);
    establish(&t, _i, 1);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.dsack, 0);
    data_at(&t, 200u, 100u);
    data_at(&t, 300u, 100u); /* touches 200 .. 299, repeats nothing */
    ck_assert_uint_eq(t.out.dsack, 0);
    expect_block(&t, 0, 200u, 400u);
}
END_TEST

/* With timestamps three blocks fit: the D-SACK and the two ranges changed
 * last (RFC 2883 §4 rule 5: the D-SACK goes first, whatever is left out). */
START_TEST(dsack_first_when_blocks_are_scarce)
{
    h_t t;
    tcpfsm_wire_segment w;
    establish_with(&t, _i, 1, 1460u, 1);
    data_at(&t, 100u, 100u);
    data_at(&t, 300u, 100u);
    data_at(&t, 500u, 100u);
    data_at(&t, 120u, 10u); /* repeats 120 .. 129 */
    expect_dsack(&t, 4, 120u, 130u);
    expect_block(&t, 1, 100u, 200u);
    ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.sack_count, 3);
    ck_assert_uint_eq(w.sack[0].left, t.peer_iss + 1u + 120u);
}
END_TEST

/* The oracle every call of the tests and fuzzers passes fails when a
 * range kept is forgotten. */
START_TEST(oracle_refuses_reneging)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_conn after;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    data_at(&t, 300u, 100u);
    before = t.conn;
    after = t.conn;
    after.ooo.count = 1; /* 100 .. 199 forgotten */
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &after,
                                            &t.out));
    after = t.conn;
    after.ooo.range[0].right -= 1u; /* 300 .. 398: the last byte forgotten */
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &after,
                                            &t.out));
}
END_TEST

/* Only what the window offered is kept. */
START_TEST(kept_only_within_the_window)
{
    h_t t;
    uint32_t window;
    establish(&t, _i, 1);
    window = h_info(&t).rcv_wnd;
    data_at(&t, window - 50u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 50);
    ck_assert_uint_eq(t.out.keep_at, window - 50u);
    expect_block(&t, 0, window - 50u, window);
    data_at(&t, window, 100u); /* wholly beyond: not kept, only acknowledged */
    ck_assert_uint_eq(t.out.keep_len, 0);
    ck_assert_uint_eq(t.conn.ooo.count, 1);
    expect_dup_ack(&t, 0u);
}
END_TEST

/* Without SACK the data is kept all the same; no block is reported. */
START_TEST(kept_without_sack_too)
{
    h_t t;
    establish(&t, _i, 0);
    ck_assert_uint_eq(h_info(&t).options & TCPFSM_OPT_SACK_PERM, 0);
    data_at(&t, 100u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 100);
    ck_assert_uint_eq(t.out.sack_count, 0);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.reasm_len, 100);
}
END_TEST

/* RFC 5681 §4.2: data that fills a hole is acknowledged at once, even
 * with delayed ACKs on. */
START_TEST(filling_a_hole_is_acknowledged_at_once)
{
    h_t t;
    establish(&t, _i, 1);
    t.conn.cfg.delack_ms = 100u;
    data_at(&t, 100u, 100u);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert(t.conn.ack_deadline == TCPFSM_NO_DEADLINE);
    data_at(&t, 200u, 100u); /* in order again, nothing kept: it may wait */
    ck_assert_uint_eq(t.out.count, 0);
}
END_TEST

/* A FIN out of order counts once the hole before it fills: the last
 * segment of a transfer often comes before a lost one's retransmission. */
START_TEST(fin_after_the_hole_is_taken_when_it_fills)
{
    h_t t;
    establish(&t, _i, 1);
    fin_at(&t, 100u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes, 0);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.reasm_len, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, t.peer_iss + 1u + 201u);
    ck_assert_uint_eq(t.out.sack_count, 0);
}
END_TEST

/* A bare FIN beyond a hole; and a FIN that data later went past is
 * forgotten. */
START_TEST(fin_alone_beyond_a_hole)
{
    h_t t;
    establish(&t, _i, 1);
    fin_at(&t, 50u, 0u);
    ck_assert_uint_eq(t.out.keep_len, 0);
    data_at(&t, 0u, 50u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(h_info(&t).rcv_nxt, t.peer_iss + 1u + 51u);

    establish(&t, _i, 1);
    fin_at(&t, 50u, 0u);
    data_at(&t, 0u, 80u); /* past the FIN: it was no end */
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.conn.ooo_fin, 0);
    data_at(&t, 80u, 20u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
}
END_TEST

/* RFC 9293 §3.4: the FIN occupies a sequence number; RFC 2018 §3: a
 * block's right edge is the number after the last it covers.  Data after a
 * hole with the FIN in the same segment: the block ends one past the FIN,
 * covering the segment whole (Linux's sender SACKs a segment only then). */
START_TEST(fin_with_data_beyond_a_hole_is_in_the_block)
{
    h_t t;
    establish(&t, _i, 1);
    fin_at(&t, 100u, 100u);
    expect_dup_ack(&t, 0u);
    ck_assert_uint_eq(t.out.dsack, 0);
    ck_assert_uint_eq(t.out.sack_count, 1);
    expect_block(&t, 0, 100u, 201u);
    /* on the wire too */
    {
        tcpfsm_wire_segment w;
        ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
        ck_assert_uint_eq(w.sack_count, 1);
        ck_assert_uint_eq(w.sack[0].right, t.peer_iss + 1u + 201u);
    }
}
END_TEST

/* A bare FIN beyond a hole, at the end of data kept earlier: the range's
 * block ends one past it. */
START_TEST(bare_fin_extends_the_range_before_it)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    expect_block(&t, 0, 100u, 200u);
    fin_at(&t, 200u, 0u);
    expect_dup_ack(&t, 0u);
    ck_assert_uint_eq(t.conn.ooo_fin, 1);
    ck_assert_uint_eq(t.out.sack_count, 1);
    expect_block(&t, 0, 100u, 201u);
    /* a later segment's block comes first; the FIN's stays covered */
    data_at(&t, 20u, 20u);
    ck_assert_uint_eq(t.out.sack_count, 2);
    expect_block(&t, 0, 20u, 40u);
    expect_block(&t, 1, 100u, 201u);
}
END_TEST

/* A bare FIN beyond a gap after the data kept: a block of its own,
 * {FIN, FIN + 1}, first when it arrives; behind the range a later
 * segment's data changed (RFC 2018 §4); gone once data reaches it. */
START_TEST(bare_fin_beyond_a_gap_has_its_own_block)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    fin_at(&t, 300u, 0u);
    expect_dup_ack(&t, 0u);
    ck_assert_uint_eq(t.out.sack_count, 2);
    expect_block(&t, 0, 300u, 301u);
    expect_block(&t, 1, 100u, 200u);
    data_at(&t, 20u, 20u);
    ck_assert_uint_eq(t.out.sack_count, 3);
    expect_block(&t, 0, 20u, 40u);
    expect_block(&t, 1, 300u, 301u);
    expect_block(&t, 2, 100u, 200u);
    /* data up to the FIN: one block again, to FIN + 1, first */
    data_at(&t, 250u, 50u);
    ck_assert_uint_eq(t.out.sack_count, 3);
    expect_block(&t, 0, 250u, 301u);
    expect_block(&t, 1, 20u, 40u);
    expect_block(&t, 2, 100u, 200u);

    /* a FIN alone beyond the hole, nothing else kept */
    establish(&t, _i, 1);
    fin_at(&t, 50u, 0u);
    ck_assert_uint_eq(t.out.sack_count, 1);
    expect_block(&t, 0, 50u, 51u);
    /* beside a D-SACK block and two ranges: four blocks, the FIN's among them */
    data_at(&t, 10u, 10u);
    data_at(&t, 30u, 10u);
    data_at(&t, 30u, 5u); /* a duplicate */
    expect_dsack(&t, 4, 30u, 35u);
    expect_block(&t, 1, 30u, 40u); /* the range the duplicate joined */
    expect_block(&t, 2, 50u, 51u);
    expect_block(&t, 3, 10u, 20u);
}
END_TEST

/* The FIN's block goes with the hole: once it fills, RCV.NXT passes the
 * FIN (it is taken) and no block is sent. */
START_TEST(fin_block_gone_once_the_hole_fills)
{
    h_t t;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    fin_at(&t, 200u, 0u);
    expect_block(&t, 0, 100u, 201u);
    data_at(&t, 0u, 100u);
    ck_assert_uint_eq(t.out.reasm_len, 100);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(h_info(&t).rcv_nxt, t.peer_iss + 1u + 201u);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, t.peer_iss + 1u + 201u);
    ck_assert_uint_eq(t.out.sack_count, 0);
    ck_assert_uint_eq(t.conn.ooo_fin, 0);

    /* a bare FIN beyond a gap, the same */
    establish(&t, _i, 1);
    fin_at(&t, 60u, 0u);
    expect_block(&t, 0, 60u, 61u);
    data_at(&t, 0u, 60u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt, t.peer_iss + 1u + 61u);
    ck_assert_uint_eq(t.out.sack_count, 0);
}
END_TEST

/* A data segment sent while the FIN has a block of its own leaves room
 * for that block too (RFC 9293 §3.7.1; transmit.c's data_room). */
START_TEST(data_segments_leave_room_for_the_fin_block)
{
    h_t t;
    establish(&t, _i, 1);
    ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK);
    data_at(&t, 100u, 10u);
    fin_at(&t, 200u, 0u);
    ck_assert_uint_eq(t.out.sack_count, 2);
    h_send(&t, 3000u);
    ck_assert_uint_ge(t.out.count, 1);
    ck_assert_uint_eq(t.out.sack_count, 2);
    ck_assert_uint_eq(t.out.tx[0].data_len, 1460u - 20u);
}
END_TEST

/* The codec puts the output's blocks on every segment but SYN and RST:
 * four alone, three beside the timestamps (RFC 2018 §3). */
START_TEST(wire_carries_the_blocks_that_fit)
{
    h_t t;
    tcpfsm_wire_segment w;
    uint8_t buf[TCPFSM_WIRE_MAX_HEADER];
    uint32_t written;
    uint32_t k;
    establish(&t, _i, 1);
    for (k = 0; k < TCPFSM_MAX_SACK_BLOCKS; k++) {
        data_at(&t, 200u * (k + 1u), 100u);
    }
    ck_assert_uint_eq(t.out.sack_count, 4);
    ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
    ck_assert_uint_ne(w.options & TCPFSM_OPT_SACK, 0);
    ck_assert_uint_eq(w.sack_count, 4);
    ck_assert_uint_eq(w.sack[0].left, t.out.sack[0].left);
    ck_assert_uint_eq(w.sack[3].right, t.out.sack[3].right);
    ck_assert_int_eq(tcpfsm_wire_build(&w, NULL, NULL, buf, sizeof buf, &written), TCPFSM_OK);
    ck_assert_uint_eq(written, 20u + 36u); /* NOP NOP, kind 5, 34 bytes */
    t.out.timestamps = 1u;
    ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.sack_count, 3);
    ck_assert_int_eq(tcpfsm_wire_build(&w, NULL, NULL, buf, sizeof buf, &written), TCPFSM_OK);
    ck_assert_uint_eq(written, 60u);
    t.out.tx[0].flags = TCPFSM_RST;
    ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.options & TCPFSM_OPT_SACK, 0);
}
END_TEST

/* RFC 9293 §3.7.1, RFC 6691: the options a data segment carries come out
 * of the MSS, so that header and data never exceed what the peer can take:
 * the SACK blocks (4 + 8 each) while ranges are kept, the timestamps (12)
 * always when in use. */
START_TEST(data_segments_leave_room_for_the_options)
{
    int ts;
    for (ts = 0; ts < 2; ts++) {
        h_t t;
        tcpfsm_wire_segment w;
        uint8_t buf[1600];
        uint8_t payload[1460];
        uint32_t written;
        uint32_t room = ts ? 1448u : 1460u;
        establish_with(&t, _i, 1, 1460u, ts);
        ck_assert_uint_eq(h_info(&t).snd_mss, room);
        ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK);
        h_send(&t, 1460u);
        ck_assert_uint_eq(t.out.tx[0].data_len, room); /* no range: the MSS */
        h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
        data_at(&t, 100u, 10u); /* one range: one block rides on data */
        data_at(&t, 200u, 10u); /* two */
        ck_assert_uint_eq(t.conn.ooo.count, 2);
        h_send(&t, 3000u);
        ck_assert_uint_ge(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].data_len, room - 20u);
        memset(payload, 0, sizeof payload);
        ck_assert_int_eq(tcpfsm_wire_from_output(&t.out, 0, 1u, 2u, &w), TCPFSM_OK);
        ck_assert_uint_eq(w.sack_count, 2);
        ck_assert_int_eq(tcpfsm_wire_build(&w, payload, NULL, buf, sizeof buf, &written),
                         TCPFSM_OK);
        ck_assert_uint_eq(written, 1460u + 20u); /* the peer's MSS and a bare header */
    }
}
END_TEST

/* A FIN kept out of order waits while the hole before it only partly
 * fills; a FIN not inside the window, or behind data the window cut, is
 * not kept. */
START_TEST(fin_kept_only_inside_the_window)
{
    h_t t;
    uint32_t window;
    establish(&t, _i, 1);
    fin_at(&t, 50u, 50u);
    data_at(&t, 0u, 20u);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.conn.ooo_fin, 1);
    data_at(&t, 20u, 30u);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);

    establish(&t, _i, 1);
    window = h_info(&t).rcv_wnd;
    /* the data reaches the window's end: no room for the FIN */
    fin_at(&t, window - 50u, 50u);
    ck_assert_uint_eq(t.out.keep_len, 50);
    ck_assert_uint_eq(t.conn.ooo_fin, 0);
    /* the window cuts the data: the FIN lies beyond it */
    fin_at(&t, window - 50u, 100u);
    ck_assert_uint_eq(t.out.keep_len, 50);
    ck_assert_uint_eq(t.conn.ooo_fin, 0);
}
END_TEST

/* A peer MSS too small for the options still gets a byte per segment. */
START_TEST(tiny_mss_still_moves_data)
{
    h_t t;
    int ts;
    for (ts = 0; ts < 2; ts++) {
        establish_with(&t, _i, 1, 12u, ts);
        ck_assert_uint_eq(h_info(&t).snd_mss, 12); /* the timestamps do not fit it */
        data_at(&t, 100u, 10u); /* a SACK block: 12 more bytes of options */
        ck_assert_int_eq(tcpfsm_set_nodelay(&t.conn, 1), TCPFSM_OK);
        h_send(&t, 5u);
        ck_assert_uint_ge(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].data_len, 1);
    }
}
END_TEST

/* The oracle every call of the tests and fuzzers passes fails when ranges
 * overlap. */
START_TEST(oracle_refuses_overlapping_ranges)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_conn after;
    establish(&t, _i, 1);
    data_at(&t, 100u, 100u);
    data_at(&t, 300u, 100u);
    before = t.conn;
    after = t.conn;
    ck_assert_ptr_null(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &after,
                                         &t.out));
    after.ooo.range[0].left -= 100u; /* 200 .. 400 now touches 100 .. 200 */
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &after,
                                            &t.out));
}
END_TEST

/* src/core/ranges.c, directly: a range whose right edge lies before its
 * left edge, seen from the base, adds nothing (the callers never make one;
 * the function stays defined for it). */
START_TEST(ranges_add_leaves_a_range_behind_its_base)
{
    tcpfsm_ranges none = {0};
    tcpfsm_ranges one = tcpfsm_ranges_add(none, 1000u, 1100u, 1200u);
    tcpfsm_ranges same = tcpfsm_ranges_add(one, 1000u, 1300u, 1250u);
    ck_assert_uint_eq(one.count, 1);
    ck_assert_mem_eq(&same, &one, sizeof one);
    ck_assert_int_eq(tcpfsm_ranges_fit(one, 1000u, 1150u, 1400u), 1);
}
END_TEST

/* The oracle fails on a D-SACK block of data never received. */
START_TEST(oracle_refuses_a_dsack_of_new_data)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_output out;
    establish(&t, _i, 1);
    data_at(&t, 300u, 100u);
    data_at(&t, 320u, 10u);
    ck_assert_uint_eq(t.out.dsack, 1);
    before = t.conn;
    out = t.out;
    ck_assert_ptr_null(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &t.conn,
                                         &out));
    out.sack[0].right += 100u; /* 320 .. 429: beyond what was kept */
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_SEGMENT, &before, NULL, TCPFSM_OK, &t.conn,
                                            &out));
    out = t.out;
    ck_assert_ptr_nonnull(oracle_after_call(ORACLE_TIMER, &before, NULL, TCPFSM_OK, &t.conn,
                                            &out));
}
END_TEST

Suite *suite_sack(void)
{
    Suite *s = suite_create("sack");
    TCase *tc = tcase_create("receiver");
    tcase_add_loop_test(tc, syn_offers_sack_permitted, 0, 2);
    tcase_add_loop_test(tc, syn_ack_answers_only_an_offer, 0, 2);
    tcase_add_loop_test(tc, out_of_order_data_is_kept_and_reported, 0, 2);
    tcase_add_loop_test(tc, most_recent_block_first, 0, 2);
    tcase_add_loop_test(tc, a_segment_bridging_two_ranges_joins_them, 0, 2);
    tcase_add_loop_test(tc, part_of_the_hole_filled, 0, 2);
    tcase_add_loop_test(tc, full_ranges_drop_what_needs_a_new_one, 0, 2);
    tcase_add_loop_test(tc, full_ranges_still_grow, 0, 2);
    tcase_add_loop_test(tc, full_ranges_without_sack, 0, 2);
    tcase_add_loop_test(tc, full_ranges_drop_a_fin_with_its_data, 0, 2);
    tcase_add_loop_test(tc, oracle_refuses_reneging, 0, 2);
    tcase_add_loop_test(tc, dsack_reports_an_old_duplicate_once, 0, 2);
    tcase_add_loop_test(tc, dsack_reports_the_part_before_rcv_nxt, 0, 2);
    tcase_add_loop_test(tc, dsack_reports_the_lowest_repeated_range, 0, 2);
    tcase_add_loop_test(tc, dsack_only_for_repeated_data_with_sack, 0, 2);
    tcase_add_loop_test(tc, dsack_first_when_blocks_are_scarce, 0, 2);
    tcase_add_loop_test(tc, oracle_refuses_a_dsack_of_new_data, 0, 2);
    tcase_add_test(tc, ranges_add_leaves_a_range_behind_its_base);
    tcase_add_loop_test(tc, kept_only_within_the_window, 0, 2);
    tcase_add_loop_test(tc, kept_without_sack_too, 0, 2);
    tcase_add_loop_test(tc, filling_a_hole_is_acknowledged_at_once, 0, 2);
    tcase_add_loop_test(tc, fin_after_the_hole_is_taken_when_it_fills, 0, 2);
    tcase_add_loop_test(tc, fin_alone_beyond_a_hole, 0, 2);
    tcase_add_loop_test(tc, fin_with_data_beyond_a_hole_is_in_the_block, 0, 2);
    tcase_add_loop_test(tc, bare_fin_extends_the_range_before_it, 0, 2);
    tcase_add_loop_test(tc, bare_fin_beyond_a_gap_has_its_own_block, 0, 2);
    tcase_add_loop_test(tc, fin_block_gone_once_the_hole_fills, 0, 2);
    tcase_add_loop_test(tc, data_segments_leave_room_for_the_fin_block, 0, 2);
    tcase_add_loop_test(tc, wire_carries_the_blocks_that_fit, 0, 2);
    tcase_add_loop_test(tc, data_segments_leave_room_for_the_options, 0, 2);
    tcase_add_loop_test(tc, fin_kept_only_inside_the_window, 0, 2);
    tcase_add_loop_test(tc, tiny_mss_still_moves_data, 0, 2);
    tcase_add_loop_test(tc, oracle_refuses_overlapping_ranges, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
