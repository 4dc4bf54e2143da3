/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Harness 2: two endpoints over a simulated network that the input steers:
 * it delivers, drops, duplicates, reorders and delays segments, advances
 * the clock, makes user calls on either side and injects spoofed segments
 * from an off-path attacker.  When the input ends, both sides close and the
 * network turns perfect until both connections are gone.
 *
 * Oracles (each failure aborts):
 *   - every call: the oracles of oracle.c (invariant, output, transitions);
 *   - delivery: each side delivers exactly a prefix of what the other sent,
 *     in order; when the peer's FIN is reported, all of it;
 *   - the core never asks to send bytes that were not queued, nor to drop
 *     more than are queued;
 *   - flow control, window scaling included (RFC 7323): no data is sent
 *     beyond the end of the receiver's free buffer (a zero-window probe's
 *     one byte aside), unless a spoofed segment changed the send window;
 *   - RFC 5961 (with the mitigations on): a spoofed RST whose SEQ is not
 *     RCV.NXT never moves a connection past SYN-SENT, a spoofed SYN never
 *     moves one past SYN-RECEIVED;
 *   - no ACK storm: segments exchanged without user input or time passing
 *     stay within a bound set by the data queued and the segments the
 *     attacker injected or the network duplicated meanwhile (unless a blind
 *     injection landed in the window, see deliver());
 *   - both sides end CLOSED once closed with enough time given (through
 *     TIME-WAIT where due).  One exception, RFC 9293's: FIN-WAIT-2 has no
 *     timeout, so a side whose peer vanished there stays (fuzz/README.md);
 *   - urgent data (RFC 9293 §3.8.5): every urgent pointer the codec puts on
 *     a segment points at the end of the sender's latest urgent data; the
 *     receiver, told NOTE_URGENT, sees the urgent data end at one of the
 *     places where the peer's urgent SENDs ended hers, and is told before
 *     it receives past each of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "tcpfsm/wire.h"
#include "records.h" /* records_be */

#define QUEUE_SLOTS   64
#define PAYLOAD_MAX   1460u
#define SEND_TOTAL    30000u  /* bytes one side may queue in all */
/* The same with an MSS of 100, where nearly all the work of the slowest
 * executions lies (fuzz/README.md): 120 segments of 100 bytes, enough to
 * fill the 32 out-of-order ranges. */
#define SEND_TOTAL_SMALL_MSS 12000u
#define DRAIN_STEPS   20000
/* A drain once an injection desynchronized the sides (`tainted`), when
 * the storm and final-CLOSED oracles are off: such a pair may ACK each
 * other for ever, and 20,000 steps of it took 0.2 s.  The longest drain
 * without an injection seen in 4,500 inputs of campaign queues took 653
 * steps (fuzz/README.md). */
#define TAINTED_DRAIN_STEPS 2000
#define CLOCK_LIMIT   (UINT64_C(1) << 40)
#define KEPT_SLOTS    64
/* Urgent SENDs remembered per side (their ends); more are still made, and
 * the oracles then check what they can (urgent_lost). */
#define URGENT_SLOTS  64

/* The longest input taken, in bytes; a longer one is rejected whole, and
 * fuzz/run.sh passes this number to afl-fuzz -G.  Chosen by measurement
 * (fuzz/README.md): what campaigns keep is seldom over 300 bytes, and the
 * longest regression (two_endpoints-681b4f68a8bc) is 1412.  The work of an
 * execution is bounded besides by the bytes the sides may queue (above):
 * the drain delivers them all. */
#ifndef MAX_INPUT_BYTES
#define MAX_INPUT_BYTES 2048
#endif

/* A segment in flight.  Its payload is not stored but named: the bytes a
 * side sends are its stream's (stream_byte) from `start` on, an injected
 * segment's are all 0xEE; past `payload_len` every byte reads 0.  A packet
 * stays small, so that the network moves little memory per delivery. */
typedef struct {
    int            to;      /* 0 or 1 */
    int            spoofed; /* injected by the off-path attacker */
    int            provoked; /* sent by an endpoint in answer to a spoofed one */
    int            copy;    /* a duplicate the network made (op 3) */
    tcpfsm_segment seg;
    uint64_t       start;       /* stream offset of the payload's first byte */
    uint32_t       payload_len; /* bytes the sender put in the payload */
} packet;

/* How far the ISS of each new incarnation moves: odd, so that 2^32
 * incarnations pass before one repeats (the golden ratio's 32 bits). */
#define ISS_STEP 0x9E3779B9u

typedef struct {
    tcpfsm_conn   conn;
    tcpfsm_output out;
    uint32_t      iss;      /* the ISS of the next incarnation a SYN opens */
    uint64_t      queued;   /* bytes SEND queued: the stream's length */
    uint64_t      head;     /* stream offset of the send buffer's head */
    uint64_t      received; /* bytes of the peer's stream delivered */
    uint64_t      unread;   /* delivered, not yet consumed by RECEIVE */
    uint32_t      notes;    /* every note reported */
    int           tainted;  /* a spoofed segment's bytes or FIN were taken */
    int           window_forged; /* a spoofed segment set the send window */
    /* the peer's bytes kept out of order, as stream offsets [lo, hi),
     * each checked when kept: what becomes in order must lie in them */
    uint64_t      kept_lo[KEPT_SLOTS], kept_hi[KEPT_SLOTS];
    int           kept_count;
    int           kept_lost;     /* more ranges than slots: no longer checked */
    /* RFC 9293 §3.8.5: where this side's urgent SENDs ended its urgent
     * data, as stream offsets (the bytes queued when each returned OK:
     * SND.UP); increasing, as each adds a byte at least */
    uint64_t      urgent_end[URGENT_SLOTS];
    int           urgent_count;
    int           urgent_lost;    /* more urgent SENDs than slots */
    uint64_t      urgent_latest;  /* the end of the latest, 0 before any */
    /* the receiving side: the furthest end of the peer's urgent data the
     * user was told of (stream offset, 0: none), and how many of the
     * peer's urgent ends it has received past (each checked once) */
    uint64_t      urgent_told;
    int           urgent_passed;
    int           urgent_forged;  /* a spoofed segment moved rcv_urgent */
} endpoint;

typedef struct {
    endpoint ends[2];
    packet   queue[QUEUE_SLOTS]; /* a ring: packet i of the network at first + i */
    int      first;
    int      count;
    uint64_t now;
    unsigned quiet_segments; /* delivered since the last user call or tick */
    unsigned quiet_injected; /* of them, injected by the off-path attacker */
    unsigned quiet_copies;   /* of them, duplicates the network made (not spoofed) */
    int      rfc5961;
    uint64_t send_total; /* SEND_TOTAL, or SEND_TOTAL_SMALL_MSS */
    int      answering_spoofed; /* act() sends in answer to a spoofed segment */
} world;

static void fail(const char *why)
{
    fprintf(stderr, "two_endpoints: %s\n", why);
    abort();
}

/* A user call or a tick: what flows next has a new cause. */
static void quiet_again(world *w)
{
    w->quiet_segments = 0;
    w->quiet_injected = 0;
    w->quiet_copies = 0;
}

static void check(const char *why)
{
    if (why != NULL) {
        fail(why);
    }
}

/* Byte `pos` of the stream side `side` sends. */
static uint8_t stream_byte(int side, uint64_t pos)
{
    return (uint8_t)(pos * 31u + (uint64_t)side * 101u + 7u);
}

/* Byte k of the payload p carries. */
static uint8_t payload_byte(const packet *p, uint32_t k)
{
    if (k >= p->payload_len) {
        return 0u;
    }
    return p->spoofed ? (uint8_t)0xEE : stream_byte(1 - p->to, p->start + k);
}

/* The len bytes of p's payload from `offset` on are side `from`'s stream
 * from `pos` on.  When p is that side's own segment its payload is named,
 * and they are exactly when they start at `pos` and lie within what it
 * sent: a check at no cost per byte, and stronger than comparing the bytes
 * (which an error by a multiple of 256 would pass).  Any other payload is
 * compared byte by byte. */
static int stream_at(const packet *p, uint32_t offset, uint32_t len, int from, uint64_t pos)
{
    uint32_t k;
    if (!p->spoofed && 1 - p->to == from) {
        return p->start + offset == pos && (uint64_t)offset + len <= p->payload_len;
    }
    for (k = 0; k < len; k++) {
        if (payload_byte(p, offset + k) != stream_byte(from, pos + k)) {
            return 0;
        }
    }
    return 1;
}

/* Packet i of the network, the oldest first. */
static packet *in_flight(world *w, int i)
{
    return &w->queue[(w->first + i) % QUEUE_SLOTS];
}

static void enqueue(world *w, const packet *p)
{
    if (w->count < QUEUE_SLOTS) {
        *in_flight(w, w->count) = *p; /* a full network loses it */
        w->count++;
    }
}

/* Packet `index` leaves the network; the others keep their order (those
 * before it move up one place, so that the oldest leaves at no cost). */
static void take_out(world *w, int index, packet *p)
{
    int i;
    *p = *in_flight(w, index);
    for (i = index; i > 0; i--) {
        *in_flight(w, i) = *in_flight(w, i - 1);
    }
    w->first = (w->first + 1) % QUEUE_SLOTS;
    w->count--;
}

/* Flow control: data `side` sends ends at most one byte (a zero-window
 * probe) past the end of the peer's free receive buffer, RCV.NXT + free
 * space, which never moves left within a connection.  Checked against the
 * incarnation that answered our SYN, while it is synchronized. */
static void check_within_peer_buffer(const endpoint *e, const endpoint *peer,
                                     const tcpfsm_tx *tx)
{
    const tcpfsm_conn *r = &peer->conn;
    uint32_t end = tx->seq + tx->data_len;
    uint32_t buffer_end = r->rcv_nxt + (r->cfg.rcv_buf - r->rcv_unread);
    if (tx->data_len == 0 || e->window_forged || r->state < TCPFSM_ESTABLISHED
        || r->irs != e->conn.iss) {
        return;
    }
    if ((int32_t)(end - buffer_end) > 1) {
        fail("data sent beyond the end of the receiver's buffer (window scaling?)");
    }
}

/* RFC 9293 §3.8.5: a segment the codec builds from e's output carries URG
 * exactly when it is neither SYN nor RST, e is in urgent mode and the
 * segment starts before SND.UP; its urgent pointer then leads to the end
 * of e's latest urgent data: SEG.SEQ + SEG.UP, as a stream offset (the
 * stream's first byte is ISS + 1), is the bytes queued when the latest
 * urgent SEND returned.  The 16-bit pointer never saturates here: a side
 * queues at most SEND_TOTAL bytes in all, fewer than 65535. */
static void check_urgent_pointer(const endpoint *e, const tcpfsm_tx *tx,
                                 const tcpfsm_wire_segment *wire)
{
    int marked = e->out.urgent != 0u && (tx->flags & (TCPFSM_SYN | TCPFSM_RST)) == 0u
              && oracle_seq_before(tx->seq, e->out.urgent_up);
    if (((wire->flags & TCPFSM_URG) != 0u) != marked) {
        fail("the codec's URG bit disagrees with the output's urgent mode and SND.UP");
    }
    if (!marked) {
        return;
    }
    if (e->urgent_count == 0 && !e->urgent_lost) {
        fail("a segment carries URG from a side that never sent urgent data");
    }
    if ((uint64_t)(uint32_t)(tx->seq - e->conn.iss - 1u) + wire->urgent != e->urgent_latest) {
        fail("an urgent pointer sent does not lead to the end of the latest urgent data");
    }
}

/* What one call of `side` produced: acknowledged bytes, segments to send. */
static void act(world *w, int side)
{
    endpoint *e = &w->ends[side];
    uint32_t i;
    e->notes |= e->out.notes;
    if (e->out.acked > e->queued - e->head) {
        fail("the core dropped more bytes than were queued");
    }
    e->head += e->out.acked;
    for (i = 0; i < e->out.count; i++) {
        const tcpfsm_tx *tx = &e->out.tx[i];
        packet p;
        tcpfsm_wire_segment wire;
        if (tx->data_len > PAYLOAD_MAX
            || e->head + tx->data_offset + tx->data_len > e->queued) {
            fail("the core asked to send bytes that were never queued");
        }
        check_within_peer_buffer(e, &w->ends[1 - side], tx);
        memset(&p, 0, sizeof p);
        p.to = 1 - side;
        p.provoked = w->answering_spoofed;
        /* the options the codec gives the segment (timestamps, SACK blocks
         * as many as fit), as the peer's decoder hands them on */
        if (tcpfsm_wire_from_output(&e->out, i, 0u, 0u, &wire) != TCPFSM_OK
            || tcpfsm_wire_to_segment(&wire, &p.seg) != TCPFSM_OK) {
            fail("the codec refused a segment the core asked to send");
        }
        check_urgent_pointer(e, tx, &wire);
        p.start = e->head + tx->data_offset;
        p.payload_len = tx->data_len;
        enqueue(w, &p);
    }
}

/* A user call or a timer on `side`, checked and acted on.  `more` asks
 * for the rest when the output was full. */
static void settle(world *w, int side, oracle_event kind, const tcpfsm_conn *before,
                   const tcpfsm_output *out_before, tcpfsm_error err)
{
    endpoint *e = &w->ends[side];
    int rounds;
    check(oracle_after_call(kind, before, out_before, err, &e->conn, &e->out));
    if (err != TCPFSM_OK) {
        return;
    }
    act(w, side);
    for (rounds = 0; rounds < 64 && e->out.more; rounds++) {
        tcpfsm_conn b = e->conn;
        tcpfsm_output ob = e->out;
        err = tcpfsm_send(&e->conn, 0, w->now, &e->out);
        check(oracle_after_call(ORACLE_SEND, &b, &ob, err, &e->conn, &e->out));
        if (err != TCPFSM_OK) {
            return;
        }
        act(w, side);
    }
}

/* SEND of len bytes; with `urgent`, SEND with the urgent flag (RFC 9293
 * §3.8.5): the len bytes end the urgent data, and the end is remembered as
 * a stream offset. */
static void user_send(world *w, int side, uint32_t len, int urgent)
{
    endpoint *e = &w->ends[side];
    tcpfsm_conn before = e->conn;
    tcpfsm_output out_before = e->out;
    tcpfsm_error err;
    if (e->queued + len > w->send_total) {
        return;
    }
    err = urgent ? tcpfsm_send_urgent(&e->conn, len, w->now, &e->out)
                 : tcpfsm_send(&e->conn, len, w->now, &e->out);
    check(oracle_send_ok(&before, &out_before, len, urgent, w->now, err, &e->conn, &e->out));
    if (err == TCPFSM_OK) {
        e->queued += len;
    }
    if (err == TCPFSM_OK && urgent) {
        e->urgent_latest = e->queued;
        if (e->urgent_count == URGENT_SLOTS) {
            e->urgent_lost = 1;
        } else {
            e->urgent_end[e->urgent_count++] = e->queued;
        }
    }
    settle(w, side, ORACLE_SEND, &before, &out_before, err);
    quiet_again(w);
}

static void user_receive(world *w, int side)
{
    endpoint *e = &w->ends[side];
    tcpfsm_conn before = e->conn;
    tcpfsm_output out_before = e->out;
    tcpfsm_error err = tcpfsm_receive(&e->conn, (uint32_t)e->unread, w->now, &e->out);
    if (err == TCPFSM_OK) {
        e->unread = 0;
    }
    settle(w, side, ORACLE_RECEIVE, &before, &out_before, err);
    quiet_again(w);
}

/* Out-of-order bytes (reasm.c): what the core says to keep must be the
 * peer's stream at that place; what it later says is in order must have
 * been kept. */
static void check_kept(endpoint *e, const endpoint *peer, int from, const packet *p)
{
    const tcpfsm_output *o = &e->out;
    int i, j;
    if (o->keep_len > 0) {
        uint64_t lo = e->received + o->keep_at;
        uint64_t hi = lo + o->keep_len;
        if ((uint64_t)o->keep_offset + o->keep_len > p->seg.len) {
            fail("kept bytes lie outside the arriving payload");
        }
        if (o->deliver_len > 0 || o->reasm_len > 0) {
            fail("one segment both kept and delivered bytes");
        }
        if (hi > peer->queued) {
            fail("kept bytes beyond what the peer sent");
        }
        if (!stream_at(p, o->keep_offset, o->keep_len, from, lo)) {
            fail("kept bytes are not the peer's stream at their place");
        }
        /* merge into the list */
        for (i = 0; i < e->kept_count; i++) {
            if (e->kept_lo[i] <= hi && lo <= e->kept_hi[i]) {
                lo = e->kept_lo[i] < lo ? e->kept_lo[i] : lo;
                hi = e->kept_hi[i] > hi ? e->kept_hi[i] : hi;
                e->kept_lo[i] = e->kept_lo[e->kept_count - 1];
                e->kept_hi[i] = e->kept_hi[e->kept_count - 1];
                e->kept_count--;
                i = -1; /* again: the union may reach others */
            }
        }
        if (e->kept_count == KEPT_SLOTS) {
            e->kept_lost = 1;
        } else {
            e->kept_lo[e->kept_count] = lo;
            e->kept_hi[e->kept_count] = hi;
            e->kept_count++;
        }
    }
    if (o->reasm_len > 0) {
        int covered = 0;
        for (i = 0; i < e->kept_count; i++) {
            if (e->kept_lo[i] <= e->received && e->received + o->reasm_len <= e->kept_hi[i]) {
                covered = 1;
            }
        }
        if (!covered && !e->kept_lost) {
            fail("bytes reported in order were never kept");
        }
        e->received += o->reasm_len;
        e->unread += o->reasm_len;
    }
    /* what lies below the in-order end is done with */
    for (i = 0, j = 0; i < e->kept_count; i++) {
        if (e->kept_hi[i] > e->received) {
            e->kept_lo[j] = e->kept_lo[i];
            e->kept_hi[j] = e->kept_hi[i];
            j++;
        }
    }
    e->kept_count = j;
}

/* TCP_NODELAY flipped; a SEND of 0 bytes releases what Nagle held. */
static void user_nodelay(world *w, int side)
{
    endpoint *e = &w->ends[side];
    if (tcpfsm_set_nodelay(&e->conn, e->conn.nodelay == 0u) != TCPFSM_OK) {
        fail("tcpfsm_set_nodelay refused a valid block");
    }
    user_send(w, side, 0u, 0);
}

/* SO_KEEPALIVE flipped, with start()'s short keepalive times. */
static void user_keepalive(world *w, int side)
{
    endpoint *e = &w->ends[side];
    if (tcpfsm_set_keepalive(&e->conn, e->conn.keepalive == 0u, w->now) != TCPFSM_OK) {
        fail("tcpfsm_set_keepalive refused a valid block");
    }
}

static void user_close(world *w, int side, int abort_it)
{
    endpoint *e = &w->ends[side];
    tcpfsm_conn before = e->conn;
    tcpfsm_output out_before = e->out;
    tcpfsm_error err = abort_it ? tcpfsm_abort(&e->conn, &e->out)
                                : tcpfsm_close(&e->conn, w->now, &e->out);
    settle(w, side, abort_it ? ORACLE_ABORT : ORACLE_CLOSE, &before, &out_before, err);
    quiet_again(w);
}

static void ticks(world *w)
{
    int side;
    for (side = 0; side < 2; side++) {
        endpoint *e = &w->ends[side];
        if (tcpfsm_next_deadline(&e->conn) <= w->now) {
            tcpfsm_conn before = e->conn;
            tcpfsm_output out_before = e->out;
            tcpfsm_error err = tcpfsm_on_timer(&e->conn, w->now, &e->out);
            settle(w, side, ORACLE_TIMER, &before, &out_before, err);
        }
    }
    quiet_again(w);
}

/* RFC 6191 §2, restated apart from the core: a SYN (no ACK, no RST) ends
 * TIME-WAIT when the connection allows it and the SYN is of a later
 * incarnation: a newer TSval (or an equal one with a later sequence
 * number) when both sides use timestamps, any timestamped SYN when the old
 * connection had none, else a sequence number beyond RCV.NXT.  The
 * connection closes with TCPFSM_NOTE_REOPEN and sends nothing. */
static int time_wait_reopened(const tcpfsm_conn *before, const tcpfsm_segment *seg,
                              const tcpfsm_conn *after, const tcpfsm_output *out)
{
    int later_seq = oracle_seq_before(before->rcv_nxt, seg->seq);
    int newer;
    if (before->state != TCPFSM_TIME_WAIT || before->cfg.time_wait_reopen == 0u
        || (seg->flags & (TCPFSM_SYN | TCPFSM_ACK | TCPFSM_RST)) != TCPFSM_SYN) {
        return 0;
    }
    if ((seg->options & TCPFSM_OPT_TIMESTAMP) == 0u
        || (before->cfg.flags & TCPFSM_CFG_TIMESTAMPS) == 0u) {
        newer = later_seq;
    } else {
        newer = before->ts_on == 0u || oracle_seq_before(before->ts_recent, seg->ts_val)
             || (seg->ts_val == before->ts_recent && later_seq);
    }
    if (!newer) {
        fail("TIME-WAIT ended for a SYN of no later incarnation (RFC 6191 §2)");
    }
    if (after->state != TCPFSM_CLOSED || (out->notes & TCPFSM_NOTE_REOPEN) == 0u
        || out->count != 0u) {
        fail("a new incarnation's SYN in TIME-WAIT did not close quietly with NOTE_REOPEN");
    }
    return 1;
}

static uint64_t earliest_deadline(const world *w)
{
    uint64_t a = tcpfsm_next_deadline(&w->ends[0].conn);
    uint64_t b = tcpfsm_next_deadline(&w->ends[1].conn);
    return a < b ? a : b;
}

/* Bound on segments without user input or time passing: every segment
 * answers data, or a window opening, or one of a few control segments, or
 * a segment no endpoint sent just then: one the attacker injected, or a
 * copy the network made of one in flight (op 3; the old duplicates of RFC
 * 9293 §3.5).  Each of those is a cause from outside and draws at most an
 * answer, and that answer one more: a RST from a CLOSED endpoint,
 * §3.10.7.1, or an ACK to an unacceptable segment, §3.10.7.4's first step
 * (a copy of the handshake's SYN reaching ESTABLISHED), which the peer
 * takes without a word.  A storm of the core's own outlives any such
 * credit: an input makes a copy or injection per 2 bytes at most, the
 * drain none. */
static unsigned storm_limit(const world *w)
{
    return 200u + (unsigned)(4u * (w->ends[0].queued + w->ends[1].queued))
           + 4u * (w->quiet_injected + w->quiet_copies);
}

/* RFC 9293 §3.8.5 at the receiving side, after a segment arrived there:
 * when told NOTE_URGENT by the peer's segment, the user's read point (the
 * bytes delivered less those not yet read) plus tcpfsm_info.urgent is
 * where one of the peer's urgent SENDs ended its urgent data; and once it
 * has received past such an end, it was told of that end or a later one
 * (MUST-32: the user is told when urgent data arrives).  Stream positions
 * mean nothing once spoofed bytes were taken (tainted). */
static void check_urgent_received(world *w, int side, const packet *p)
{
    endpoint *e = &w->ends[side];
    const endpoint *peer = &w->ends[1 - side];
    if (e->tainted) {
        return;
    }
    if ((e->out.notes & TCPFSM_NOTE_URGENT) != 0u && !p->spoofed) {
        tcpfsm_info info;
        uint64_t end;
        int k, found = 0;
        if (tcpfsm_status(&e->conn, &info) != TCPFSM_OK) {
            fail("tcpfsm_status refused a connection that was just told of urgent data");
        }
        end = e->received - e->unread + info.urgent;
        for (k = peer->urgent_count - 1; k >= 0 && !found; k--) {
            found = peer->urgent_end[k] == end;
        }
        if (!found && !peer->urgent_lost) {
            fail("the peer's urgent data ends where none of its urgent SENDs ended it");
        }
        if (end > e->urgent_told) {
            e->urgent_told = end;
        }
    }
    while (e->urgent_passed < peer->urgent_count
           && peer->urgent_end[e->urgent_passed] <= e->received) {
        if (!e->urgent_forged && e->urgent_told < peer->urgent_end[e->urgent_passed]) {
            fail("received past the end of the peer's urgent data, never told of it (MUST-32)");
        }
        e->urgent_passed++;
    }
}

static void deliver(world *w, int index)
{
    packet p;
    endpoint *e;
    tcpfsm_conn before;
    tcpfsm_output out_before;
    tcpfsm_error err;
    uint32_t notes_before;
    take_out(w, index, &p);
    e = &w->ends[p.to];
    before = e->conn;
    out_before = e->out;
    notes_before = e->notes;
    /* Once a blind injection has landed in the window, the two ends can
     * disagree on the sequence numbers and ACK each other's ACKs for ever:
     * the classic ACK storm.  RFC 5961 §7 throttles the challenge ACKs, not
     * RFC 9293's ACK to an unacceptable segment (fuzz/README.md). */
    if (p.spoofed) {
        w->quiet_injected++;
    } else if (p.copy) {
        w->quiet_copies++; /* a cause from outside too (storm_limit) */
    }
    if (++w->quiet_segments > storm_limit(w) && !w->ends[0].tainted && !w->ends[1].tainted) {
        fail("ACK storm: segments keep flowing with no input and no time passing");
    }
    err = tcpfsm_on_segment(&e->conn, &p.seg, e->iss, w->now, &e->out);
    check(oracle_after_call(ORACLE_SEGMENT, &before, &out_before, err, &e->conn, &e->out));
    if (err != TCPFSM_OK) {
        return;
    }
    check(oracle_fast_path_same(&before, &out_before, &p.seg, e->iss, w->now, &e->conn, &e->out));
    check(oracle_urgent_arrived(&before, &p.seg, err, &e->conn, &e->out));
    if (before.state == TCPFSM_LISTEN && e->conn.state != TCPFSM_LISTEN) {
        /* RFC 9293 §3.4.1: each incarnation takes a new ISN (RFC 6528),
         * so that segments of an old one, still in the network, fall
         * outside the new one's numbers.  With the same ISS, an old ACK of
         * an incarnation a RST ended could pass for the new one's and
         * offer its window (a stack that did this would be at fault, not
         * the peer that believed it). */
        e->iss += ISS_STEP;
    }
    if (p.spoofed && e->conn.rcv_urgent != before.rcv_urgent) {
        /* the attacker's URG moved the urgent mark: the peer's next pointer
         * may then lie within it and go untold (MUST-32 tells advances
         * only), so "told before receiving past it" no longer holds; the
         * stream itself is untouched, and a later pointer of the peer's is
         * still checked exactly */
        e->urgent_forged = 1;
    }
    if ((p.spoofed || p.provoked)
        && (e->conn.rcv_nxt != before.rcv_nxt || e->conn.irs != before.irs
            || e->conn.state != before.state || e->out.keep_len > 0
            || e->conn.ooo_fin != before.ooo_fin
            || e->conn.ooo_fin_seq != before.ooo_fin_seq)) {
        /* the attacker's segment was taken: it hit the window (RFC 5961 §5
         * narrows this, cannot stop it) with data or a FIN kept for later,
         * or its SYN opened the connection in SYN-SENT (nothing can check
         * that one); the stream is no longer the peer's alone.  So too when
         * the answer it drew from one end moved the other: a RST for a
         * spoofed SYN,ACK in SYN-SENT that ends the peer's SYN-RECEIVED,
         * whose next incarnation (a new ISS) the first end never learns of,
         * and the two then acknowledge each other's unacceptable segments
         * (RFC 9293 §3.10.7.4's first step; the ACK storm RFC 5961 §7 only
         * throttles for challenge ACKs) */
        e->tainted = 1;
    }
    if (p.spoofed && (e->conn.snd_wnd != before.snd_wnd || e->conn.snd_wl1 != before.snd_wl1
                      || e->conn.snd_wl2 != before.snd_wl2)) {
        e->window_forged = 1; /* an in-window ACK may set SND.WND (§3.10.7.4) */
    }
    if (e->out.deliver_len > 0 && !e->tainted) {
        const endpoint *peer = &w->ends[1 - p.to];
        if ((uint64_t)e->out.deliver_offset + e->out.deliver_len > p.seg.len) {
            fail("delivered bytes lie outside the arriving payload");
        }
        if (e->received + e->out.deliver_len > peer->queued) {
            fail("delivered more than the peer sent");
        }
        if (!stream_at(&p, e->out.deliver_offset, e->out.deliver_len, 1 - p.to, e->received)) {
            fail("delivered bytes are not the next bytes of the peer's stream");
        }
        e->received += e->out.deliver_len;
        e->unread += e->out.deliver_len;
    }
    if (!e->tainted) {
        check_kept(e, &w->ends[1 - p.to], 1 - p.to, &p);
    }
    check_urgent_received(w, p.to, &p);
    w->answering_spoofed = p.spoofed; /* one step: answers to answers are not marked */
    act(w, p.to);
    w->answering_spoofed = 0;
    if (!e->tainted && (e->out.notes & TCPFSM_NOTE_PEER_CLOSED) != 0
        && (notes_before & TCPFSM_NOTE_PEER_CLOSED) == 0
        && e->received != w->ends[1 - p.to].queued) {
        fail("the peer's FIN was reported before all its data");
    }
    /* RFC 5961 §3.2: a blind RST (SEQ not exactly RCV.NXT) moves nothing
     * from SYN-RECEIVED on; §4.2: a blind SYN moves nothing from ESTABLISHED
     * on (in SYN-RECEIVED from LISTEN, §3.10.7.4 returns to LISTEN), except
     * the SYN of a new incarnation ending TIME-WAIT (RFC 9293 §3.6.1 MAY-2) */
    if (p.spoofed && w->rfc5961 && e->conn.state != before.state
        && !time_wait_reopened(&before, &p.seg, &e->conn, &e->out)
        && (((p.seg.flags & TCPFSM_RST) != 0 && p.seg.seq != before.rcv_nxt
             && before.state >= TCPFSM_SYN_RECEIVED)
            || ((p.seg.flags & (TCPFSM_RST | TCPFSM_SYN)) == TCPFSM_SYN
                && before.state >= TCPFSM_ESTABLISHED))) {
        fail("a blind RST or SYN moved a synchronized connection");
    }
}

static void start(world *w, uint8_t config, uint32_t iss_a, uint32_t iss_b)
{
    tcpfsm_config cfg;
    int side;
    memset(w, 0, sizeof *w);
    w->now = 1000;
    tcpfsm_config_default(&cfg);
    cfg.flags = (uint8_t)(config & (TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337));
    w->rfc5961 = (cfg.flags & TCPFSM_CFG_RFC5961) != 0;
    w->send_total = SEND_TOTAL;
    if (config & 0x04u) {
        cfg.mss = 100u;
        w->send_total = SEND_TOTAL_SMALL_MSS;
    }
    /* keepalive, when an input turns it on, probes within seconds */
    cfg.keepalive_idle_s = 2u;
    cfg.keepalive_interval_s = 1u;
    cfg.keepalive_count = 3u;
    for (side = 0; side < 2; side++) {
        endpoint *e = &w->ends[side];
        tcpfsm_config mine = cfg;
        /* RFC 7323 window scaling and timestamps, RFC 2018 SACK offered
         * unless bit 5 says A offers none; bit 6 gives A a 1,000,000-byte
         * buffer (shift 4), bit 7 B the largest there is (shift 14) */
        if (side == 1 || (config & 0x20u) == 0) {
            mine.flags = (uint8_t)(mine.flags | TCPFSM_CFG_WSCALE | TCPFSM_CFG_TIMESTAMPS
                                   | TCPFSM_CFG_SACK);
        }
        if (side == 0 && (config & 0x40u)) {
            mine.rcv_buf = 1000000u;
        }
        if (side == 1 && (config & 0x80u)) {
            mine.rcv_buf = TCPFSM_MAX_RCV_BUF;
        }
        if (side == 1 && (config & 0x08u)) {
            mine.rcv_buf = 1000u;
        }
        /* B without RFC 5961 answers as FreeBSD does (tcpfsm_config.compat):
         * its SYN reset, its TIME-WAIT, drop_synfin, its receive window;
         * and finds losses as its default stack, by RFC 6675 alone (no RFC
         * 8985 RACK-TLP), so that both ways are fuzzed */
        if (side == 1 && (config & TCPFSM_CFG_RFC5961) == 0u) {
            mine.compat = TCPFSM_COMPAT_ALL;
            mine.rack_tlp = 0u;
        }
        if (tcpfsm_init(&e->conn, &mine) != TCPFSM_OK) {
            fail("tcpfsm_init refused a valid configuration");
        }
        e->out.deadline = TCPFSM_NO_DEADLINE;
        e->iss = side == 0 ? iss_a : iss_b;
    }
    /* A opens actively; B listens, or opens too (simultaneous open) */
    {
        endpoint *b = &w->ends[1];
        tcpfsm_conn before = b->conn;
        tcpfsm_error err = (config & 0x10u) ? tcpfsm_open_active(&b->conn, b->iss, w->now, &b->out)
                                            : tcpfsm_open_passive(&b->conn);
        if (config & 0x10u) {
            settle(w, 1, ORACLE_OPEN_ACTIVE, &before, NULL, err);
        } else {
            check(oracle_after_call(ORACLE_OPEN_PASSIVE, &before, NULL, err, &b->conn, NULL));
        }
    }
    {
        endpoint *a = &w->ends[0];
        tcpfsm_conn before = a->conn;
        tcpfsm_error err = tcpfsm_open_active(&a->conn, a->iss, w->now, &a->out);
        settle(w, 0, ORACLE_OPEN_ACTIVE, &before, NULL, err);
    }
}

/* The input is over: both users read and close, the network is perfect,
 * time runs until both connections are gone. */
static void drain(world *w)
{
    int steps, side;
    for (side = 0; side < 2; side++) {
        user_receive(w, side);
        if (w->ends[side].conn.state != TCPFSM_CLOSED) {
            user_close(w, side, 0);
        }
    }
    for (steps = 0; steps < DRAIN_STEPS; steps++) {
        uint64_t next;
        if (steps >= TAINTED_DRAIN_STEPS && (w->ends[0].tainted || w->ends[1].tainted)) {
            return; /* desynchronized by an injection: may ACK for ever (below) */
        }
        if (w->count > 0) {
            deliver(w, 0);
            for (side = 0; side < 2; side++) {
                if (w->ends[side].unread > 0) {
                    user_receive(w, side);
                }
            }
            continue;
        }
        if (w->ends[0].conn.state == TCPFSM_CLOSED && w->ends[1].conn.state == TCPFSM_CLOSED) {
            return;
        }
        next = earliest_deadline(w);
        if (next == TCPFSM_NO_DEADLINE || next >= CLOCK_LIMIT) {
            for (side = 0; side < 2; side++) {
                if (w->ends[side].conn.state == TCPFSM_FIN_WAIT_2
                    && w->ends[1 - side].conn.state == TCPFSM_CLOSED) {
                    return; /* RFC 9293: FIN-WAIT-2 waits for the peer's FIN forever */
                }
            }
            fail("closed on both sides, yet a connection waits with no timer");
        }
        if (next > w->now) {
            w->now = next;
        }
        ticks(w);
    }
    if (w->ends[0].tainted || w->ends[1].tainted) {
        return; /* desynchronized by an injection: may ACK for ever (above) */
    }
    fprintf(stderr, "two_endpoints: states %d %d, tainted %d %d, %d in flight\n",
            w->ends[0].conn.state, w->ends[1].conn.state, w->ends[0].tainted,
            w->ends[1].tainted, w->count);
    fail("both sides closed, yet the connections did not end");
}

/* The urgent pointer of an injected segment (read when its flags have
 * URG): the record has no room for one, so the opcode byte (any of the 21
 * that inject, op % 12 == 11) picks it: op / 12 % 8 selects the end of the
 * payload, one past it, SEQ itself, SEQ + 1, or 100, 1000, 30000, 65535
 * bytes on. */
static uint16_t attacker_urgent(uint8_t op, uint8_t len)
{
    static const uint16_t further[4] = {100u, 1000u, 30000u, 65535u};
    unsigned pick = op / 12u % 8u;
    return pick < 2u ? (uint16_t)(len + pick) : pick < 4u ? (uint16_t)(pick - 2u)
                                                        : further[pick - 4u];
}

/* Before the first input, so that every input runs the same code. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    oracle_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static world w; /* the network: kept off the stack */
    size_t at = 9;
    if (size < 9 || size > MAX_INPUT_BYTES) {
        return 0;
    }
    start(&w, data[0], records_be(data + 1, 4), records_be(data + 5, 4));
    while (at < size) {
        uint8_t op = data[at++];
        int side = (op >> 7) & 1;
        const uint8_t *arg = data + at;
        size_t left = size - at;
        switch (op % 12u) {
        case 0: /* deliver packet i: reordering */
            if (left < 1) { at = size; break; }
            at += 1;
            if (w.count > 0) { deliver(&w, arg[0] % w.count); }
            break;
        case 1: /* deliver the oldest */
            if (w.count > 0) { deliver(&w, 0); }
            break;
        case 2: /* drop packet i */
            if (left < 1) { at = size; break; }
            at += 1;
            if (w.count > 0) { packet p; take_out(&w, arg[0] % w.count, &p); }
            break;
        case 3: /* duplicate packet i */
            if (left < 1) { at = size; break; }
            at += 1;
            if (w.count > 0) {
                packet p = *in_flight(&w, arg[0] % w.count);
                p.copy = 1; /* counted as a cause of its own (storm_limit) */
                enqueue(&w, &p);
            }
            break;
        case 4: /* delay packet i behind the others */
            if (left < 1) { at = size; break; }
            at += 1;
            if (w.count > 0) { packet p; take_out(&w, arg[0] % w.count, &p); enqueue(&w, &p); }
            break;
        case 5: /* time passes: arg * 10 ms */
            if (left < 2) { at = size; break; }
            at += 2;
            if (w.now < CLOCK_LIMIT) { w.now += 10u * records_be(arg, 2); }
            ticks(&w);
            break;
        case 6: /* time runs to the next deadline */
            if (earliest_deadline(&w) < CLOCK_LIMIT && earliest_deadline(&w) > w.now) {
                w.now = earliest_deadline(&w);
            }
            ticks(&w);
            break;
        case 7: /* SEND */
            if (left < 2) { at = size; break; }
            at += 2;
            user_send(&w, side, records_be(arg, 2) % 4096u, 0);
            break;
        case 8: user_receive(&w, side); break;
        case 9: user_close(&w, side, 0); break;
        case 10: /* ABORT: only when the next byte says so, it ends so much;
                  * 0x4E flips Nagle (TCP_NODELAY), 0x4B keepalive, 0x55 is
                  * an urgent SEND of the length in the 2 bytes after it */
            if (left < 1) { at = size; break; }
            at += 1;
            if (arg[0] == 0xAB) { user_close(&w, side, 1); }
            if (arg[0] == 0x4E) { user_nodelay(&w, side); }
            if (arg[0] == 0x4B) { user_keepalive(&w, side); }
            if (arg[0] == 0x55) {
                if (left < 3) { at = size; break; }
                at += 2;
                user_send(&w, side, records_be(arg + 1, 2) % 4096u, 1);
            }
            break;
        default: { /* the off-path attacker: flags 1, seq 4, ack 4, len 1;
                    * with URG, the opcode byte picks the urgent pointer */
            packet p;
            if (left < 10) { at = size; break; }
            at += 10;
            memset(&p, 0, sizeof p);
            p.to = side;
            p.spoofed = 1;
            p.seg.flags = arg[0];
            p.seg.seq = records_be(arg + 1, 4);
            p.seg.ack = records_be(arg + 5, 4);
            p.seg.len = arg[9];
            p.seg.window = 65535u;
            p.seg.urgent = attacker_urgent(op, arg[9]);
            /* the attacker has seen a TSval: PAWS is no defence against
             * blind segments, RFC 5961 is, and is what this exercises */
            if (w.ends[side].conn.ts_on) {
                p.seg.options = TCPFSM_OPT_TIMESTAMP;
                p.seg.ts_val = w.ends[side].conn.ts_recent;
            }
            p.payload_len = p.seg.len; /* all 0xEE */
            enqueue(&w, &p);
            break;
        }
        }
    }
    drain(&w);
    return 0;
}
