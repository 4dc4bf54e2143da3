/* SPDX-License-Identifier: BSD-2-Clause */
/* Urgent data, RFC 9293 §3.8.5 with RFC 6093's reading: the urgent pointer
 * points to the octet AFTER the last urgent octet (MUST-62), and the
 * urgent data stays inline in the byte stream (RFC 6093: no
 * out-of-band byte).
 *
 * The receiver (§3.10.7.4, sixth step): which segments are looked at
 * (acceptable ones, in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only), when
 * the user is told (MUST-32: urgent data appears, or the pointer
 * advances), and how many bytes the user must still read to pass it
 * (MUST-33: tcpfsm_info.urgent).  The sender (§3.10.2 SEND with the urgent
 * flag): its errors, SND.UP, the pointer the codec writes on each segment
 * before SND.UP (never a SYN or a RST), Nagle not holding urgent data, the
 * end of urgent mode once SND.UP is acknowledged.  The codec: the 16-bit
 * field clamps at 65535.  Both ends together through the codec.  Every
 * loop test runs at least twice: with small sequence numbers, and just
 * below 2^32 (every pointer then wraps). */
#include <string.h>
#include "harness.h"
#include "net.h"
#include "oracle.h"
#include "suites.h"
#include "tcpfsm/wire.h"

#define F_ACK TCPFSM_ACK
#define F_FIN TCPFSM_FIN
#define F_PSH TCPFSM_PSH
#define F_RST TCPFSM_RST
#define F_SYN TCPFSM_SYN
#define F_URG TCPFSM_URG

#define MSS 1460u /* the peer's MSS on its SYN,ACK; no timestamps */

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

/* ---- helpers -------------------------------------------------------------- */

/* ESTABLISHED by active open, the tests' configuration (h_init). */
static void establish(h_t *t, int i)
{
    h_establish(t, NULL, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, MSS);
}

/* A segment of the peer: len bytes at seq, flags beside ACK, acknowledging
 * SND.UNA (news to nobody: the send side stays as it is), its urgent
 * pointer field `up` (read only with URG). */
static tcpfsm_segment peer_seg(const h_t *t, uint8_t flags, uint32_t seq, uint32_t len,
                               uint16_t up)
{
    tcpfsm_segment seg = h_seg((uint8_t)(F_ACK | flags), seq, t->conn.snd_una, len);
    seg.urgent = up;
    return seg;
}

static void rx(h_t *t, tcpfsm_segment seg)
{
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* What tcpfsm_status reports (MUST-33), which must be the block's count. */
static uint32_t pending(const h_t *t)
{
    tcpfsm_info info = h_info(t);
    ck_assert_uint_eq(info.urgent, t->conn.rcv_urgent);
    return info.urgent;
}

/* The output of the last call said URGENT, or said nothing. */
static void told(const h_t *t, uint32_t count)
{
    ck_assert_msg(t->out.notes == TCPFSM_NOTE_URGENT,
                  "notes 0x%x, expected URGENT with %u bytes pending", t->out.notes, count);
    ck_assert_uint_eq(pending(t), count);
}

static void not_told(const h_t *t, uint32_t count)
{
    ck_assert_msg((t->out.notes & TCPFSM_NOTE_URGENT) == 0u,
                  "URGENT told again (notes 0x%x), %u bytes pending", t->out.notes, pending(t));
    ck_assert_uint_eq(pending(t), count);
}

/* RECEIVE of len delivered bytes, held to the oracles as h_rx's calls are. */
static void rd(h_t *t, uint32_t len)
{
    tcpfsm_conn before = t->conn;
    tcpfsm_output out_before = t->out;
    tcpfsm_error err = tcpfsm_receive(&t->conn, len, t->now, &t->out);
    const char *why = oracle_after_call(ORACLE_RECEIVE, &before, &out_before, err, &t->conn,
                                        &t->out);
    ck_assert_msg(why == NULL, "oracle: %s", why);
    ck_assert_int_eq(err, TCPFSM_OK);
}

/* SEND with the urgent flag; the contract is SEND's (send_step,
 * send_output), so the SEND oracle judges it. */
static tcpfsm_error send_urgent(h_t *t, uint32_t len)
{
    tcpfsm_conn before = t->conn;
    tcpfsm_output out_before = t->out;
    tcpfsm_error err = tcpfsm_send_urgent(&t->conn, len, t->now, &t->out);
    const char *why = oracle_after_call(ORACLE_SEND, &before, &out_before, err, &t->conn,
                                        &t->out);
    ck_assert_msg(why == NULL, "oracle: %s", why);
    return err;
}

/* The wire form of out->tx[k]. */
static tcpfsm_wire_segment wire_of(const tcpfsm_output *out, uint32_t k)
{
    tcpfsm_wire_segment wire;
    memset(&wire, 0xA5, sizeof wire);
    ck_assert_int_eq(tcpfsm_wire_from_output(out, k, 1234u, 80u, &wire), TCPFSM_OK);
    return wire;
}

/* Segment k goes out with URG and the urgent pointer `up` (RFC 9293
 * §3.8.5), its other control bits those of the tx. */
static void expect_urg(const tcpfsm_output *out, uint32_t k, uint16_t up)
{
    tcpfsm_wire_segment w = wire_of(out, k);
    ck_assert_msg((w.flags & F_URG) != 0u && w.urgent == up,
                  "tx %u (seq %u, %u bytes): flags 0x%02x urgent %u, expected URG and %u", k,
                  out->tx[k].seq, out->tx[k].data_len, w.flags, w.urgent, up);
    ck_assert_uint_eq(w.flags & (uint8_t)~F_URG, out->tx[k].flags);
}

static void expect_no_urg(const tcpfsm_output *out, uint32_t k)
{
    tcpfsm_wire_segment w = wire_of(out, k);
    ck_assert_msg((w.flags & F_URG) == 0u && w.urgent == 0u,
                  "tx %u (flags 0x%02x, seq %u): URG set, urgent %u", k, out->tx[k].flags,
                  out->tx[k].seq, w.urgent);
}

/* ---- the receiver: §3.10.7.4 sixth step, MUST-32, MUST-33 ------------------ */

/* The pointer inside the segment: SEG.SEQ + SEG.UP is the octet after
 * the urgent data (MUST-62, RFC 6093), so SEG.UP = 40 on a segment at
 * the read point makes its first 40 bytes urgent: 40 to read.  The data
 * is delivered inline like any other; the ACK we send is not urgent. */
START_TEST(pointer_inside_segment)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, F_URG, r, 100u, 40u));
    told(&t, 40u);
    ck_assert_uint_eq(t.out.deliver_offset, 0);
    ck_assert_uint_eq(t.out.deliver_len, 100);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, r + 100u);
    ck_assert_uint_eq(t.out.urgent, 0);
    expect_no_urg(&t.out, 0);
}
END_TEST

/* MUST-32: told when urgent data appears with none pending and whenever
 * the pointer advances; a later segment carrying the same pointer (the
 * urgent data spans two segments) or an older one (a retransmission) is
 * no news.  The count follows RCV.UP = max(RCV.UP, SEG.SEQ + SEG.UP). */
START_TEST(told_once_per_advance)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    /* 20 bytes, urgent data ending at r + 40: beyond this segment */
    rx(&t, peer_seg(&t, F_URG, r, 20u, 40u));
    told(&t, 40u);
    /* the next 30 bytes point at r + 40 too */
    rx(&t, peer_seg(&t, F_URG, r + 20u, 30u, 20u));
    not_told(&t, 40u);
    ck_assert_uint_eq(t.out.deliver_len, 30);
    /* the pointer advances to r + 80 */
    rx(&t, peer_seg(&t, F_URG, r + 50u, 50u, 30u));
    told(&t, 80u);
    /* a retransmission overlapping the new data (r + 40 .. r + 109),
     * pointing at r + 50, older than RCV.UP: its new bytes count, its
     * pointer does not */
    rx(&t, peer_seg(&t, F_URG, r + 40u, 70u, 10u));
    not_told(&t, 80u);
    ck_assert_uint_eq(t.out.deliver_offset, 60);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    /* the pointer field without URG is no pointer (§3.1: "only be
     * interpreted in segments with the URG control bit set") */
    rx(&t, peer_seg(&t, 0u, r + 110u, 10u, 500u));
    not_told(&t, 80u);
    ck_assert_uint_eq(t.out.deliver_len, 10);
}
END_TEST

/* The pointer may lie beyond all that has arrived (the urgent data is on
 * its way): the user is told at once, and the count includes bytes not
 * yet received.  A segment without text (len 0) carries a pointer too. */
START_TEST(pointer_beyond_arrived_data)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, F_URG, r, 10u, 500u));
    told(&t, 500u);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    ck_assert_uint_eq(t.conn.rcv_nxt, r + 10u);
    /* an empty segment at RCV.NXT pointing at the same octet */
    rx(&t, peer_seg(&t, F_URG, r + 10u, 0u, 490u));
    not_told(&t, 500u);
    /* and one that moves it on */
    rx(&t, peer_seg(&t, F_URG, r + 10u, 0u, 600u));
    told(&t, 610u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
}
END_TEST

/* "signal the user ... if the urgent pointer (RCV.UP) is in advance of the
 * data consumed" (§3.10.7.4): the point that counts is what the user has
 * read, RCV.NXT less the delivered bytes unread, not RCV.NXT.  A pointer
 * at that point or behind it marks urgent data already read: ignored.
 * One octet past it: one byte to read, although RCV.NXT is far ahead. */
START_TEST(pointer_at_or_behind_read_point_ignored)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, 0u, r, 100u, 0u));
    rd(&t, 60u); /* read point r + 60, 40 bytes unread */
    /* at the read point: r + 50 + 10 */
    rx(&t, peer_seg(&t, F_URG, r + 50u, 60u, 10u));
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_offset, 50);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    /* behind it: r + 59 */
    rx(&t, peer_seg(&t, F_URG, r + 55u, 60u, 4u));
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_len, 5);
    ck_assert_uint_eq(t.conn.rcv_nxt, r + 115u);
    /* one past it: r + 61, delivered and not read */
    rx(&t, peer_seg(&t, F_URG, r + 60u, 56u, 1u));
    told(&t, 1u);
    ck_assert_uint_eq(t.out.deliver_len, 1);
    /* everything read: a pointer at RCV.NXT (SEG.UP = 0) marks nothing */
    rd(&t, h_info(&t).unread);
    ck_assert_uint_eq(pending(&t), 0);
    rx(&t, peer_seg(&t, F_URG, t.conn.rcv_nxt, 10u, 0u));
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_len, 10);
}
END_TEST

/* MUST-33: info.urgent is what the user must still read to pass the last
 * urgent byte; each RECEIVE lowers it, to 0 once the mark is passed, and
 * never below.  Reading all that arrived of urgent data still on its way
 * leaves the rest pending; data arriving without URG changes nothing. */
START_TEST(reading_lowers_pending)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, F_URG, r, 100u, 70u));
    told(&t, 70u);
    rd(&t, 30u);
    ck_assert_uint_eq(pending(&t), 40);
    rd(&t, 39u);
    ck_assert_uint_eq(pending(&t), 1);
    rd(&t, 1u); /* the last urgent byte read: urgent mode over */
    ck_assert_uint_eq(pending(&t), 0);
    rd(&t, 30u);
    ck_assert_uint_eq(pending(&t), 0);
    /* urgent data ending 50 bytes on; 10 of it arrive */
    rx(&t, peer_seg(&t, F_URG, r + 100u, 10u, 50u));
    told(&t, 50u);
    rd(&t, 10u);
    ck_assert_uint_eq(pending(&t), 40);
    rx(&t, peer_seg(&t, 0u, r + 110u, 40u, 0u));
    not_told(&t, 40u);
    rd(&t, 40u);
    ck_assert_uint_eq(pending(&t), 0);
    /* past the mark in one read */
    rx(&t, peer_seg(&t, F_URG, r + 150u, 100u, 30u));
    told(&t, 30u);
    rd(&t, 100u);
    ck_assert_uint_eq(pending(&t), 0);
}
END_TEST

/* §3.10.7.4 sixth step, by state: ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2
 * take RCV.UP; CLOSE-WAIT, CLOSING, LAST-ACK and TIME-WAIT "should not"
 * see it, the peer's FIN having come: "Ignore the URG".  The segment
 * changes no state. */
static const struct {
    tcpfsm_state state;
    int          takes;
} URG_STATES[] = {
    {TCPFSM_ESTABLISHED, 1}, {TCPFSM_FIN_WAIT_1, 1}, {TCPFSM_FIN_WAIT_2, 1},
    {TCPFSM_CLOSE_WAIT, 0},  {TCPFSM_CLOSING, 0},    {TCPFSM_LAST_ACK, 0},
    {TCPFSM_TIME_WAIT, 0},
};
#define N_URG_STATES (int)(sizeof URG_STATES / sizeof URG_STATES[0])

START_TEST(urg_by_state)
{
    h_t t;
    int k = _i / 4;
    h_origin origin = (_i / 2) % 2 ? ORIGIN_PASSIVE : ORIGIN_ACTIVE;
    tcpfsm_state s = URG_STATES[k].state;
    h_init(&t, ISS[_i % 2], PEER_ISS[_i % 2]);
    h_drive(&t, s, origin);
    t.now += 10u;
    rx(&t, peer_seg(&t, F_URG, t.conn.rcv_nxt, 0u, 10u));
    ck_assert_str_eq(tcpfsm_state_name(h_state(&t)), tcpfsm_state_name(s));
    if (URG_STATES[k].takes) {
        told(&t, 10u);
    } else {
        ck_assert_msg(t.out.notes == 0u && t.conn.rcv_urgent == 0u,
                      "%s: URG taken (notes 0x%x, %u pending)", tcpfsm_state_name(s),
                      t.out.notes, t.conn.rcv_urgent);
    }
}
END_TEST

/* Urgent data pending when the peer's FIN arrives stays pending in
 * CLOSE-WAIT (the bytes are still to be read), and reading passes it;
 * a pointer arriving there is ignored. */
START_TEST(pending_survives_peer_fin)
{
    h_t t;
    uint32_t r;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, F_URG, r, 100u, 60u));
    told(&t, 60u);
    rx(&t, peer_seg(&t, F_FIN, r + 100u, 0u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_PEER_CLOSED);
    ck_assert_uint_eq(pending(&t), 60);
    rx(&t, peer_seg(&t, F_URG, t.conn.rcv_nxt, 0u, 100u));
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_uint_eq(pending(&t), 60);
    rd(&t, 50u);
    ck_assert_uint_eq(pending(&t), 10);
    rd(&t, 50u);
    ck_assert_uint_eq(pending(&t), 0);
}
END_TEST

/* The sixth step comes after the first (acceptability) and the fifth
 * (ACK): a segment dropped before it has no urgent pointer.  An old
 * duplicate (its pointer would be 100 bytes ahead of the read point),
 * one beyond the window, one without ACK, one acknowledging data never
 * sent: each is dropped (answered with an ACK where §3.10.7.4 says so),
 * and URG with it. */
START_TEST(urg_on_dropped_segment_ignored)
{
    h_t t;
    uint32_t r;
    tcpfsm_segment seg;
    establish(&t, _i);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, 0u, r, 100u, 0u));
    rd(&t, 100u);
    /* first step: all of it old */
    rx(&t, peer_seg(&t, F_URG, r, 100u, 200u));
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, r + 100u);
    /* first step: starting at the right edge of the window */
    rx(&t, peer_seg(&t, F_URG, r + 100u + h_info(&t).rcv_wnd, 10u, 5u));
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, r + 100u);
    /* fifth step: "if the ACK bit is off, drop the segment" */
    seg = peer_seg(&t, F_URG, r + 100u, 10u, 5u);
    seg.flags = F_URG;
    rx(&t, seg);
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    /* fifth step: SEG.ACK > SND.NXT, "send an ACK, drop the segment" */
    seg = peer_seg(&t, F_URG, r + 100u, 10u, 5u);
    seg.ack = t.conn.snd_nxt + 1000u;
    rx(&t, seg);
    not_told(&t, 0u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(t.conn.rcv_nxt, r + 100u);
}
END_TEST

/* MUST-66 (§3.10.7.4): with a zero receive window "no segments will be
 * acceptable, but special allowance should be made to accept valid ACKs,
 * URGs, and RSTs".  A segment at RCV.NXT is taken for its URG (with or
 * without a byte of text, which is not kept); one beyond RCV.NXT is not
 * acceptable, URG and all. */
START_TEST(urg_with_zero_window)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t r;
    h_config(&cfg);
    cfg.rcv_buf = 1000u;
    cfg.max_retries = H_MAX_RETRIES;
    h_establish(&t, &cfg, ISS[_i], PEER_ISS[_i], (uint16_t)H_WINDOW, MSS);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, 0u, r, 1000u, 0u)); /* the buffer full, nothing read */
    ck_assert_uint_eq(t.out.deliver_len, 1000);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].window, 0);
    ck_assert_uint_eq(h_info(&t).rcv_wnd, 0);
    /* an empty segment at RCV.NXT: urgent data ends 5 bytes beyond the
     * 1000 unread */
    rx(&t, peer_seg(&t, F_URG, r + 1000u, 0u, 5u));
    told(&t, 1005u);
    /* a window probe at RCV.NXT: its byte is not taken, its URG is */
    rx(&t, peer_seg(&t, F_URG, r + 1000u, 1u, 10u));
    told(&t, 1010u);
    ck_assert_uint_eq(t.out.deliver_len, 0);
    ck_assert_uint_eq(t.conn.rcv_nxt, r + 1000u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, r + 1000u);
    /* beyond RCV.NXT: not acceptable */
    rx(&t, peer_seg(&t, F_URG, r + 1001u, 0u, 20u));
    not_told(&t, 1010u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, r + 1000u);
    /* the user reads: the urgent data not yet come remains */
    rd(&t, 1000u);
    ck_assert_uint_eq(pending(&t), 10);
}
END_TEST

/* §3.10.7.3: in SYN-SENT, a SYN,ACK "with other controls or text" goes
 * on "at the sixth step ... where the URG bit is checked".  Its SEG.UP is
 * an offset from its SEG.SEQ, the peer's ISN (§3.1, "a positive offset
 * from the sequence number in this segment"): SEG.UP = 10 ends the urgent
 * data at IRS + 10, so 9 of the 10 bytes of text (IRS + 1 .. IRS + 9). */
START_TEST(urg_on_syn_ack_in_syn_sent)
{
    h_t t;
    tcpfsm_segment seg;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    seg = h_seg(F_SYN | F_ACK | F_URG, t.peer_iss, t.iss + 1u, 10u);
    seg.urgent = 10u;
    rx(&t, seg);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    ck_assert_msg(t.out.notes == (TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_URGENT)
                      && pending(&t) == 9u,
                  "SYN,ACK with 10 bytes and URG, SEG.UP 10: notes 0x%x, %u bytes pending; "
                  "expected CONNECTED|URGENT and 9",
                  t.out.notes, pending(&t));
}
END_TEST

/* The same SYN,ACK in a simultaneous open (SYN-RECEIVED, §3.10.7.4): the
 * SYN it repeats is not new, but its urgent pointer still counts from its
 * SEG.SEQ, the SYN's: 9 bytes, as above. */
START_TEST(urg_on_syn_ack_in_simultaneous_open)
{
    h_t t;
    tcpfsm_segment seg;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    rx(&t, h_seg(F_SYN, t.peer_iss, 0u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    seg = h_seg(F_SYN | F_ACK | F_URG, t.peer_iss, t.iss + 1u, 10u);
    seg.urgent = 10u;
    rx(&t, seg);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.deliver_len, 10);
    ck_assert_msg((t.out.notes & TCPFSM_NOTE_URGENT) != 0u && pending(&t) == 9u,
                  "SYN,ACK with 10 bytes and URG, SEG.UP 10, in SYN-RECEIVED: notes 0x%x, "
                  "%u bytes pending; expected URGENT and 9",
                  t.out.notes, pending(&t));
}
END_TEST

/* ---- the sender: §3.10.2 SEND with the urgent flag --------------------------- */

/* Urgent data of no bytes is no request (§3.8.5: the urgent data ends
 * with an octet the user sends): INVALID_ARG, block and output byte for
 * byte as they were, with data in flight and without. */
START_TEST(send_urgent_zero_is_invalid)
{
    h_t t;
    tcpfsm_conn before;
    tcpfsm_output out_before;
    int k;
    establish(&t, _i);
    for (k = 0; k < 2; k++) {
        if (k == 1) {
            h_send(&t, 100u);
        }
        t.now += 5u;
        before = t.conn;
        out_before = t.out;
        ck_assert_int_eq(send_urgent(&t, 0u), TCPFSM_ERR_INVALID_ARG);
        ck_assert_mem_eq(&before, &t.conn, sizeof before);
        ck_assert_mem_eq(&out_before, &t.out, sizeof out_before);
        ck_assert_uint_eq(t.conn.snd_urgent, 0);
    }
    ck_assert_int_eq(tcpfsm_send_urgent(NULL, 1u, t.now, &t.out), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_send_urgent(&t.conn, 1u, t.now, NULL), TCPFSM_ERR_NULL);
    ck_assert_mem_eq(&before, &t.conn, sizeof before);
}
END_TEST

/* In every state send_urgent fails as SEND does and first (CLOSED:
 * "connection does not exist"; LISTEN: "foreign socket unspecified";
 * after CLOSE: "connection closing"; too much queued: "insufficient
 * resources"), leaving everything unchanged; where SEND would take the
 * bytes, len 0 is INVALID_ARG; otherwise SND.UP is the end of all data
 * queued: SND.UNA, the SYN when unacknowledged, the bytes queued before
 * and these (FreeBSD's MSG_OOB: snd_una + the send buffer). */
static const struct {
    tcpfsm_state state;
    h_origin     origin;
} ALL_STATES[] = {
    {TCPFSM_CLOSED, ORIGIN_ACTIVE},       {TCPFSM_LISTEN, ORIGIN_PASSIVE},
    {TCPFSM_SYN_SENT, ORIGIN_ACTIVE},     {TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE},
    {TCPFSM_SYN_RECEIVED, ORIGIN_ACTIVE}, {TCPFSM_ESTABLISHED, ORIGIN_ACTIVE},
    {TCPFSM_ESTABLISHED, ORIGIN_PASSIVE}, {TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE},
    {TCPFSM_FIN_WAIT_2, ORIGIN_ACTIVE},   {TCPFSM_CLOSE_WAIT, ORIGIN_ACTIVE},
    {TCPFSM_CLOSING, ORIGIN_ACTIVE},      {TCPFSM_LAST_ACK, ORIGIN_ACTIVE},
    {TCPFSM_TIME_WAIT, ORIGIN_ACTIVE},
};
#define N_ALL_STATES (int)(sizeof ALL_STATES / sizeof ALL_STATES[0])

START_TEST(send_urgent_errors_as_send)
{
    static const uint32_t LENS[] = {0u, 1u, 100u, TCPFSM_MAX_SEND_QUEUE + 1u};
    static h_t t, by_send, by_urgent; /* large: static */
    int k = _i / 2;
    uint32_t j;
    h_init(&t, ISS[_i % 2], PEER_ISS[_i % 2]);
    h_drive(&t, ALL_STATES[k].state, ALL_STATES[k].origin);
    t.now += 3u;
    for (j = 0; j < sizeof LENS / sizeof LENS[0]; j++) {
        uint32_t len = LENS[j];
        tcpfsm_error want, got;
        by_send = t;
        by_urgent = t;
        want = tcpfsm_send(&by_send.conn, len, t.now, &by_send.out);
        got = send_urgent(&by_urgent, len);
        if (want == TCPFSM_OK && len == 0u) {
            want = TCPFSM_ERR_INVALID_ARG;
        }
        ck_assert_msg(got == want, "%s, len %u: send_urgent %d, expected %d",
                      tcpfsm_state_name(ALL_STATES[k].state), len, (int)got, (int)want);
        if (got != TCPFSM_OK) {
            ck_assert_mem_eq(&t.conn, &by_urgent.conn, sizeof t.conn);
            ck_assert_mem_eq(&t.out, &by_urgent.out, sizeof t.out);
            continue;
        }
        ck_assert_uint_eq(by_urgent.conn.snd_urgent, 1);
        ck_assert_uint_eq(by_urgent.conn.snd_up,
                          t.conn.snd_una + (t.conn.syn_acked ? 0u : 1u) + t.conn.snd_queued
                              + len);
        ck_assert_uint_eq(by_urgent.out.urgent, 1);
        ck_assert_uint_eq(by_urgent.out.urgent_up, by_urgent.conn.snd_up);
    }
    switch (ALL_STATES[k].state) {
    case TCPFSM_CLOSED:
        ck_assert_int_eq(send_urgent(&t, 1u), TCPFSM_ERR_NO_CONNECTION);
        ck_assert_int_eq(send_urgent(&t, 0u), TCPFSM_ERR_NO_CONNECTION);
        break;
    case TCPFSM_LISTEN:
        ck_assert_int_eq(send_urgent(&t, 1u), TCPFSM_ERR_FOREIGN_UNSPECIFIED);
        ck_assert_int_eq(send_urgent(&t, 0u), TCPFSM_ERR_FOREIGN_UNSPECIFIED);
        break;
    default:
        break;
    }
}
END_TEST

/* SND.UP after n urgent bytes in ESTABLISHED with nothing queued is
 * SND.UNA + n, and the segment carrying them has URG and pointer n (the
 * octet after the last urgent one, RFC 6093); the rest of its header
 * is the tx's. */
START_TEST(send_urgent_sets_pointer)
{
    h_t t;
    uint32_t una;
    establish(&t, _i);
    una = t.conn.snd_una;
    ck_assert_int_eq(send_urgent(&t, 100u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.urgent, 1);
    ck_assert_uint_eq(t.out.urgent_up, una + 100u);
    ck_assert_uint_eq(t.conn.snd_up, una + 100u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, una, 0u, 100u);
    ck_assert_uint_eq(t.out.tx[0].flags & F_URG, 0); /* the codec adds it */
    expect_urg(&t.out, 0, 100u);
}
END_TEST

/* Several segments: each before SND.UP carries URG, its pointer
 * SND.UP - SEG.SEQ, so it decreases along the data to the last one's
 * length. */
START_TEST(pointer_on_every_segment)
{
    h_t t;
    uint32_t una;
    uint32_t k;
    const uint32_t len = 3u * MSS + 100u;
    establish(&t, _i);
    una = t.conn.snd_una;
    ck_assert_int_eq(send_urgent(&t, len), TCPFSM_OK);
    ck_assert_uint_eq(t.out.urgent_up, una + len);
    ck_assert_uint_eq(t.out.count, 4);
    for (k = 0; k < 4u; k++) {
        uint32_t seg_len = k < 3u ? MSS : 100u;
        h_expect_data(&t, k, k < 3u ? F_ACK : (F_ACK | F_PSH), una + k * MSS, k * MSS, seg_len);
        expect_urg(&t.out, k, (uint16_t)(len - k * MSS));
    }
}
END_TEST

/* Nagle (§3.7.4) holds a small segment while a small one is
 * unacknowledged; urgent data goes at once (as FreeBSD's tcp_output,
 * "Send if we owe the peer ... urgent data"), with what was held before
 * it.  A retransmission of data before SND.UP carries the pointer too. */
START_TEST(urgent_not_held_by_nagle)
{
    h_t t;
    uint32_t una;
    establish(&t, _i);
    una = t.conn.snd_una;
    h_send(&t, 10u);
    ck_assert_uint_eq(t.out.count, 1);
    h_send(&t, 10u);
    ck_assert_msg(t.out.count == 0, "Nagle did not hold the second small segment");
    ck_assert_int_eq(send_urgent(&t, 5u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, una + 10u, 10u, 15u);
    ck_assert_uint_eq(t.out.urgent_up, una + 25u);
    expect_urg(&t.out, 0, 15u);
    /* the first 10 bytes, never acknowledged, go again at the RTO */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_ge(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].seq, una);
    ck_assert_uint_gt(t.out.tx[0].data_len, 0);
    expect_urg(&t.out, 0, 25u);
}
END_TEST

/* A SYN never carries the pointer (the codec's rule, tcpfsm.h): urgent
 * data queued in SYN-SENT sets SND.UP past the SYN, the SYN sent again
 * goes without URG, and the data, once ESTABLISHED, with it. */
START_TEST(no_urg_on_syn)
{
    h_t t;
    uint32_t k;
    h_init(&t, ISS[_i], PEER_ISS[_i]);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_int_eq(send_urgent(&t, 10u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.urgent, 1);
    ck_assert_uint_eq(t.out.urgent_up, t.iss + 11u);
    for (k = 0; k < t.out.count; k++) {
        expect_no_urg(&t.out, k);
    }
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_SYN, t.iss, 0u);
    ck_assert_uint_eq(t.out.urgent, 1);
    expect_no_urg(&t.out, 0);
    rx(&t, h_seg(F_SYN | F_ACK, t.peer_iss, t.iss + 1u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, t.iss + 1u, 0u, 10u);
    expect_urg(&t.out, 0, 10u);
}
END_TEST

/* Urgent mode lasts until SND.UNA reaches SND.UP (§3.8.5: the pointer
 * goes with every segment until the urgent data is acknowledged): an ACK
 * one short of it keeps it; the ACK covering it ends it, and data sent
 * after carries no URG. */
START_TEST(urgent_mode_ends_when_acked)
{
    h_t t;
    uint32_t una;
    establish(&t, _i);
    una = t.conn.snd_una;
    ck_assert_int_eq(send_urgent(&t, 3u * MSS), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 3);
    h_peer_ack(&t, una + MSS, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.urgent, 1);
    ck_assert_uint_eq(t.out.urgent_up, una + 3u * MSS);
    h_peer_ack(&t, una + 3u * MSS - 1u, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.urgent, 1);
    ck_assert_uint_eq(t.conn.snd_urgent, 1);
    h_peer_ack(&t, una + 3u * MSS, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.out.acked, 1);
    ck_assert_uint_eq(t.out.urgent, 0);
    ck_assert_uint_eq(t.out.urgent_up, 0);
    ck_assert_uint_eq(t.conn.snd_urgent, 0);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, una + 3u * MSS, 0u, 100u);
    ck_assert_uint_eq(t.out.urgent, 0);
    expect_no_urg(&t.out, 0);
}
END_TEST

/* Data queued after the urgent data, while urgent mode lasts, starts at
 * SND.UP: the pointer would be 0, so it carries none (the codec: only
 * segments whose SEQ is before SND.UP); it is not held by Nagle either
 * (FreeBSD sends while SND.UP > SND.UNA). */
START_TEST(data_after_urgent_carries_no_pointer)
{
    h_t t;
    uint32_t una;
    establish(&t, _i);
    una = t.conn.snd_una;
    ck_assert_int_eq(send_urgent(&t, 100u), TCPFSM_OK);
    h_send(&t, 200u);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_data(&t, 0, F_ACK | F_PSH, una + 100u, 100u, 200u);
    ck_assert_uint_eq(t.out.urgent, 1);
    ck_assert_uint_eq(t.out.urgent_up, una + 100u);
    expect_no_urg(&t.out, 0);
}
END_TEST

/* A connection that ends (the peer's RST, or ABORT) takes its urgent
 * state with it: the next connection on the block starts with none. */
START_TEST(reset_clears_urgent_state)
{
    h_t t;
    tcpfsm_info info;
    uint32_t r;
    establish(&t, _i % 2);
    r = t.conn.rcv_nxt;
    rx(&t, peer_seg(&t, F_URG, r, 100u, 40u));
    told(&t, 40u);
    ck_assert_int_eq(send_urgent(&t, 50u), TCPFSM_OK);
    ck_assert_uint_eq(t.conn.snd_urgent, 1);
    if (_i / 2 == 0) {
        rx(&t, h_seg(F_RST, t.conn.rcv_nxt, 0u, 0u));
    } else {
        ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    }
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.conn.snd_urgent, 0);
    ck_assert_uint_eq(t.conn.snd_up, 0);
    ck_assert_uint_eq(t.conn.rcv_urgent, 0);
    memset(&info, 0xA5, sizeof info);
    ck_assert_int_eq(tcpfsm_status(&t.conn, &info), TCPFSM_ERR_NO_CONNECTION);
    ck_assert_uint_eq(info.urgent, 0);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss + 100000u, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.urgent, 0);
    ck_assert_uint_eq(t.out.urgent_up, 0);
    ck_assert_uint_eq(pending(&t), 0);
}
END_TEST

/* ---- the codec --------------------------------------------------------------- */

/* tcpfsm_wire_from_output: URG and SND.UP - SEQ on a segment before
 * SND.UP while urgent mode lasts; nothing on a SYN or a RST, at or after
 * SND.UP, or outside urgent mode.  The 16-bit field clamps at 65535 when
 * the urgent data ends further on (later segments tell the rest of the
 * way; FreeBSD's tcp_output and Linux's tcp_transmit_skb send 0xFFFF too).
 * Through tcpfsm_wire_build the pointer is bytes 18-19 (§3.1), and
 * tcpfsm_wire_parse and tcpfsm_wire_to_segment hand it back. */
START_TEST(codec_urgent_pointer)
{
    static const struct {
        uint8_t  flags;
        uint8_t  ecn;
        uint8_t  urgent;
        uint32_t ahead;  /* SND.UP - SEQ */
        int      urg;    /* the segment carries URG */
        uint16_t up;     /* and this pointer */
    } CASES[] = {
        {F_ACK, 0u, 1u, 10u, 1, 10u},
        {F_ACK | F_PSH, 0u, 1u, 1u, 1, 1u},
        {F_ACK | F_FIN, 0u, 1u, 10u, 1, 10u},
        {F_ACK, TCPFSM_ECE, 1u, 10u, 1, 10u},
        {F_ACK, 0u, 1u, 65534u, 1, 65534u},
        {F_ACK, 0u, 1u, 65535u, 1, 65535u},
        {F_ACK, 0u, 1u, 65536u, 1, 65535u},
        {F_ACK, 0u, 1u, 100000u, 1, 65535u},
        {F_ACK, 0u, 1u, 0x7FFFFFFFu, 1, 65535u},
        {F_ACK, 0u, 1u, 0u, 0, 0u},          /* SEQ = SND.UP */
        {F_ACK, 0u, 1u, 0xFFFFFFFFu, 0, 0u}, /* SEQ just after it */
        {F_ACK, 0u, 1u, 0x80000000u, 0, 0u},
        {F_ACK, 0u, 0u, 10u, 0, 0u},         /* not in urgent mode */
        {F_SYN, 0u, 1u, 10u, 0, 0u},
        {F_SYN | F_ACK, 0u, 1u, 10u, 0, 0u},
        {F_RST, 0u, 1u, 10u, 0, 0u},
        {F_RST | F_ACK, 0u, 1u, 10u, 0, 0u},
    };
    uint32_t k;
    for (k = 0; k < sizeof CASES / sizeof CASES[0]; k++) {
        tcpfsm_output out;
        tcpfsm_wire_segment wire, parsed;
        tcpfsm_segment seg;
        uint8_t buf[128];
        uint32_t written = 0;
        uint8_t want_flags;
        memset(&out, 0, sizeof out);
        out.count = 1u;
        out.tx[0].seq = ISS[_i] + 7u;
        out.tx[0].ack = PEER_ISS[_i];
        out.tx[0].flags = CASES[k].flags;
        out.tx[0].ecn = CASES[k].ecn;
        out.tx[0].window = 1000u;
        out.urgent = CASES[k].urgent;
        out.urgent_up = out.tx[0].seq + CASES[k].ahead;
        want_flags = (uint8_t)(CASES[k].flags | CASES[k].ecn | (CASES[k].urg ? F_URG : 0u));
        wire = wire_of(&out, 0u);
        ck_assert_msg(wire.flags == want_flags && wire.urgent == CASES[k].up,
                      "case %u: flags 0x%02x urgent %u, expected 0x%02x and %u", k, wire.flags,
                      wire.urgent, want_flags, CASES[k].up);
        ck_assert_int_eq(tcpfsm_wire_build(&wire, NULL, NULL, buf, sizeof buf, &written),
                         TCPFSM_OK);
        ck_assert_uint_eq(buf[13], want_flags);
        ck_assert_uint_eq(((uint32_t)buf[18] << 8) | buf[19], CASES[k].up);
        ck_assert_int_eq(tcpfsm_wire_parse(buf, written, NULL, &parsed), TCPFSM_OK);
        ck_assert_uint_eq(parsed.flags, want_flags);
        ck_assert_uint_eq(parsed.urgent, CASES[k].up);
        memset(&seg, 0xA5, sizeof seg);
        ck_assert_int_eq(tcpfsm_wire_to_segment(&parsed, &seg), TCPFSM_OK);
        ck_assert_uint_eq(seg.flags, want_flags);
        ck_assert_uint_eq(seg.urgent, CASES[k].up);
    }
}
END_TEST

/* ---- two endpoints through the codec ------------------------------------------ */

static net_t net; /* large: static */

/* net_write with the urgent flag.  net.h has no such call; the output is
 * put on the wire as net.c does a SEND's: each segment through the codec
 * (tcpfsm_wire_from_output, tcpfsm_wire_to_segment) with its payload from
 * the send buffer, and out.more followed by a SEND of nothing (net_write,
 * which does the rest). */
static void net_write_urgent(net_t *n, net_end *e, const uint8_t *data, uint32_t len)
{
    tcpfsm_output out;
    uint32_t k;
    ck_assert_uint_le(len, NET_BUF_SIZE - e->snd_tail);
    memcpy(e->snd + e->snd_tail, data, len);
    e->snd_tail += len;
    ck_assert_int_eq(tcpfsm_send_urgent(&e->conn, len, n->now, &out), TCPFSM_OK);
    ck_assert_uint_eq(out.acked, 0);
    ck_assert_uint_eq(out.deliver_len, 0);
    for (k = 0; k < out.count; k++) {
        const tcpfsm_tx *tx = &out.tx[k];
        net_seg *s = &e->q[(e->q_head + e->q_count) % NET_QUEUE_LEN];
        tcpfsm_wire_segment wire = wire_of(&out, k);
        ck_assert_uint_lt(e->q_count, NET_QUEUE_LEN);
        ck_assert_uint_le(tx->data_len, NET_SEG_DATA);
        ck_assert_uint_le(tx->data_offset + tx->data_len, e->snd_tail - e->snd_head);
        ck_assert_int_eq(tcpfsm_wire_to_segment(&wire, &s->hdr), TCPFSM_OK);
        memcpy(s->data, e->snd + e->snd_head + tx->data_offset, tx->data_len);
        e->q_count++;
        e->sent++;
    }
    e->notes |= out.notes;
    if (out.more) {
        net_write(n, e, data, 0u);
    }
}

static uint32_t net_urgent(const net_end *e)
{
    tcpfsm_info info;
    ck_assert_int_eq(tcpfsm_status(&e->conn, &info), TCPFSM_OK);
    return info.urgent;
}

/* A writes 1000 bytes, then 1 urgent byte; B reads `r` of the 1000
 * before the urgent segment arrives.  The pointer on the wire is 1 on the
 * 1-byte segment: the octet after the urgent one (RFC 6093, BSD's
 * meaning), so B must read 1001 - r bytes to pass it, and the urgent byte
 * is the last of them, inline.  Variant 3: both segments are on the wire
 * before B sees either; the first, sent before urgent mode, has no URG. */
START_TEST(e2e_urgent_byte_after_1000)
{
    static uint8_t data[1001];
    static const uint32_t READS[] = {0u, 400u, 1000u, 0u};
    net_t *n = &net;
    int variant = _i / 2;
    uint32_t r = READS[variant];
    uint32_t x;
    const net_seg *s;
    uint32_t k;
    for (k = 0; k < sizeof data; k++) {
        data[k] = net_pattern(7u, k);
    }
    net_init(n, NULL, NULL, ISS[_i % 2], PEER_ISS[_i % 2]);
    net_handshake(n);
    n->b.hold_reads = 1;
    x = n->a.conn.snd_nxt;
    net_write(n, &n->a, data, 1000u);
    ck_assert_uint_eq(net_queued(&n->a), 1);
    s = net_peek(&n->a, 0);
    ck_assert_uint_eq(s->hdr.len, 1000);
    ck_assert_uint_eq(s->hdr.flags & F_URG, 0);
    if (variant != 3) {
        ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
        ck_assert_uint_eq(n->b.last_notes & TCPFSM_NOTE_URGENT, 0);
        ck_assert_uint_eq(net_urgent(&n->b), 0);
        if (r > 0u) {
            net_read(n, &n->b, r);
        }
    }
    /* B's ACK of the 1000 bytes has not reached A: Nagle would wait */
    net_write_urgent(n, &n->a, data + 1000, 1u);
    ck_assert_uint_eq(net_queued(&n->a), variant == 3 ? 2u : 1u);
    s = net_peek(&n->a, variant == 3 ? 1u : 0u);
    ck_assert_uint_eq(s->hdr.seq, x + 1000u);
    ck_assert_uint_eq(s->hdr.len, 1);
    ck_assert_uint_ne(s->hdr.flags & F_URG, 0);
    ck_assert_uint_eq(s->hdr.urgent, 1);
    if (variant == 3) {
        ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
        ck_assert_uint_eq(n->b.last_notes & TCPFSM_NOTE_URGENT, 0);
    }
    ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    ck_assert_uint_ne(n->b.last_notes & TCPFSM_NOTE_URGENT, 0);
    ck_assert_uint_eq(net_urgent(&n->b), 1001u - r);
    ck_assert_uint_eq(n->b.rcv_len, 1001);
    ck_assert_uint_eq(n->b.rcv[1000], data[1000]); /* inline, in its place */
    if (1000u - r > 0u) {
        net_read(n, &n->b, 1000u - r);
    }
    ck_assert_uint_eq(net_urgent(&n->b), 1);
    net_read(n, &n->b, 1u);
    ck_assert_uint_eq(net_urgent(&n->b), 0);
    /* A's urgent mode ends with the ACK of the urgent byte */
    (void)net_flush(n, 20u);
    ck_assert_uint_eq(n->a.conn.snd_urgent, 0);
    ck_assert(memcmp(n->b.rcv, data, sizeof data) == 0);
}
END_TEST

/* 100000 urgent bytes: SND.UP lies more than 64 KiB beyond the first
 * segments, whose pointer the codec clamps to 65535; each later segment
 * points further, until those within 64 KiB of SND.UP point at it.  B is
 * told each time the pointer advances, counts from what it has read
 * (nothing), and ends with all 100000 bytes to read. */
START_TEST(e2e_pointer_beyond_64k)
{
    static uint8_t data[100000];
    net_t *n = &net;
    tcpfsm_config cfg_b;
    uint32_t start, up, seen;
    uint32_t k;
    for (k = 0; k < sizeof data; k++) {
        data[k] = net_pattern(11u, k);
    }
    h_config(&cfg_b);
    cfg_b.rcv_buf = 256u * 1024u; /* all of it fits unread (window scaling) */
    net_init(n, NULL, &cfg_b, ISS[_i], PEER_ISS[_i]);
    net_handshake(n);
    n->b.hold_reads = 1;
    start = n->a.conn.snd_nxt;
    up = start + (uint32_t)sizeof data;
    seen = start; /* B's RCV.UP: nothing urgent yet */
    net_write_urgent(n, &n->a, data, (uint32_t)sizeof data);
    ck_assert_uint_eq(n->a.conn.snd_up, up);
    while (net_queued(&n->a) > 0u || net_queued(&n->b) > 0u) {
        while (net_queued(&n->a) > 0u) {
            const net_seg *s = net_peek(&n->a, 0);
            uint32_t ahead = up - s->hdr.seq;
            uint32_t pointer = s->hdr.seq + s->hdr.urgent;
            int advance;
            ck_assert_uint_gt(s->hdr.len, 0);
            ck_assert_msg((s->hdr.flags & F_URG) != 0u
                              && s->hdr.urgent == (ahead < 65535u ? ahead : 65535u),
                          "segment at SND.UP - %u: flags 0x%02x urgent %u", ahead,
                          s->hdr.flags, s->hdr.urgent);
            advance = (int32_t)(pointer - seen) > 0;
            if (advance) {
                seen = pointer;
            }
            ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
            ck_assert_int_eq((n->b.last_notes & TCPFSM_NOTE_URGENT) != 0u, advance);
            ck_assert_uint_eq(net_urgent(&n->b), seen - start);
        }
        while (net_queued(&n->b) > 0u) {
            ck_assert_int_eq(net_deliver(n, &n->b), NET_DELIVERED);
        }
    }
    ck_assert_uint_eq(seen, up);
    ck_assert_uint_eq(n->b.rcv_len, sizeof data);
    ck_assert(memcmp(n->b.rcv, data, sizeof data) == 0);
    ck_assert_uint_eq(net_urgent(&n->b), sizeof data);
    ck_assert_uint_eq(n->a.conn.snd_urgent, 0);
    net_read(n, &n->b, (uint32_t)sizeof data - 1u);
    ck_assert_uint_eq(net_urgent(&n->b), 1);
    net_read(n, &n->b, 1u);
    ck_assert_uint_eq(net_urgent(&n->b), 0);
}
END_TEST

Suite *suite_urgent(void)
{
    Suite *s = suite_create("urgent");
    TCase *tc = tcase_create("urgent");
    /* the receiver */
    tcase_add_loop_test(tc, pointer_inside_segment, 0, 2);
    tcase_add_loop_test(tc, told_once_per_advance, 0, 2);
    tcase_add_loop_test(tc, pointer_beyond_arrived_data, 0, 2);
    tcase_add_loop_test(tc, pointer_at_or_behind_read_point_ignored, 0, 2);
    tcase_add_loop_test(tc, reading_lowers_pending, 0, 2);
    tcase_add_loop_test(tc, urg_by_state, 0, 4 * N_URG_STATES);
    tcase_add_loop_test(tc, pending_survives_peer_fin, 0, 2);
    tcase_add_loop_test(tc, urg_on_dropped_segment_ignored, 0, 2);
    tcase_add_loop_test(tc, urg_with_zero_window, 0, 2);
    tcase_add_loop_test(tc, urg_on_syn_ack_in_syn_sent, 0, 2);
    tcase_add_loop_test(tc, urg_on_syn_ack_in_simultaneous_open, 0, 2);
    /* the sender */
    tcase_add_loop_test(tc, send_urgent_zero_is_invalid, 0, 2);
    tcase_add_loop_test(tc, send_urgent_errors_as_send, 0, 2 * N_ALL_STATES);
    tcase_add_loop_test(tc, send_urgent_sets_pointer, 0, 2);
    tcase_add_loop_test(tc, pointer_on_every_segment, 0, 2);
    tcase_add_loop_test(tc, urgent_not_held_by_nagle, 0, 2);
    tcase_add_loop_test(tc, no_urg_on_syn, 0, 2);
    tcase_add_loop_test(tc, urgent_mode_ends_when_acked, 0, 2);
    tcase_add_loop_test(tc, data_after_urgent_carries_no_pointer, 0, 2);
    tcase_add_loop_test(tc, reset_clears_urgent_state, 0, 4);
    /* the codec */
    tcase_add_loop_test(tc, codec_urgent_pointer, 0, 2);
    /* both ends */
    tcase_add_loop_test(tc, e2e_urgent_byte_after_1000, 0, 8);
    tcase_add_loop_test(tc, e2e_pointer_beyond_64k, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
