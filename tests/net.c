/* SPDX-License-Identifier: BSD-2-Clause */
/* The in-memory network of net.h: two tcpfsm connections back to back. */
#include <string.h>
#include "net.h"
#include "tcpfsm/wire.h"
#include "harness.h"

/* Payload of injected segments. */
static const uint8_t zeros[NET_SEG_DATA];

/* a < b in sequence space (RFC 9293 §3.4), for the retransmission count. */
static int seq_before(uint32_t a, uint32_t b)
{
    return a != b && b - a < 0x80000000u;
}

static void end_init(net_end *e, const char *name, const tcpfsm_config *cfg, uint32_t iss)
{
    tcpfsm_config def;
    if (cfg == NULL) {
        h_config(&def);
        cfg = &def;
    }
    e->name = name;
    e->cfg = *cfg;
    ck_assert_int_eq(tcpfsm_init(&e->conn, cfg), TCPFSM_OK);
    e->iss = iss;
    e->snd_head = e->snd_tail = 0;
    e->rcv_len = 0;
    e->unread = 0;
    e->hold_reads = 0;
    e->q_head = e->q_count = 0;
    e->notes = e->last_notes = 0;
    e->states_seen = 1u << TCPFSM_CLOSED;
    e->recoveries_seen = 1u << TCPFSM_RECOVERY_NONE;
    e->closed_at = e->tw_entered = e->tw_deadline = 0;
    e->sent = e->rtx = e->snd_max = 0;
    e->have_max = 0;
    e->clock_lag = 0;
    e->listen_on_reopen = 0;
}

void net_init(net_t *n, const tcpfsm_config *cfg_a, const tcpfsm_config *cfg_b,
              uint32_t iss_a, uint32_t iss_b)
{
    end_init(&n->a, "A", cfg_a, iss_a);
    end_init(&n->b, "B", cfg_b, iss_b);
    n->now = 1000u;
    n->drop = NULL;
    n->drop_ctx = NULL;
    n->loss_permille = 0;
    n->rng = 0;
    n->taken = 0;
    n->lost = 0;
}

net_end *net_peer(net_t *n, const net_end *e)
{
    return e == &n->a ? &n->b : &n->a;
}

tcpfsm_state net_state(const net_end *e)
{
    return (tcpfsm_state)e->conn.state;
}

void net_set_loss(net_t *n, uint32_t permille, uint32_t seed)
{
    n->loss_permille = permille;
    n->rng = seed;
}

/* The time endpoint e's clock shows (its calls pass it to tcpfsm). */
static uint64_t end_now(const net_t *n, const net_end *e)
{
    ck_assert_uint_ge(n->now, e->clock_lag);
    return n->now - e->clock_lag;
}

/* e's next deadline, read in its own clock, as network time. */
static uint64_t end_deadline(const net_end *e)
{
    uint64_t d = tcpfsm_next_deadline(&e->conn);
    return d == TCPFSM_NO_DEADLINE || d > TCPFSM_NO_DEADLINE - e->clock_lag ? d
                                                                             : d + e->clock_lag;
}

/* Put segment i of the output on the wire, its payload copied from the
 * send buffer (whose head has already dropped out.acked bytes), with the
 * options the codec gives it (tcpfsm_wire_from_output: timestamps, SACK
 * blocks as many as fit) as the peer's decoder hands them on. */
static void queue_tx(net_end *e, const tcpfsm_output *out, uint32_t i)
{
    const tcpfsm_tx *tx = &out->tx[i];
    tcpfsm_wire_segment wire;
    net_seg *s;
    uint32_t end;
    ck_assert_msg(e->q_count < NET_QUEUE_LEN, "%s: wire full", e->name);
    ck_assert_msg(tx->data_len <= NET_SEG_DATA, "%s: segment of %u bytes", e->name,
                  tx->data_len);
    ck_assert_msg(tx->data_offset <= e->snd_tail - e->snd_head
                      && tx->data_len <= e->snd_tail - e->snd_head - tx->data_offset,
                  "%s: segment data [%u, +%u) beyond the %u bytes buffered", e->name,
                  tx->data_offset, tx->data_len, e->snd_tail - e->snd_head);
    s = &e->q[(e->q_head + e->q_count) % NET_QUEUE_LEN];
    e->q_count++;
    ck_assert_int_eq(tcpfsm_wire_from_output(out, i, 0u, 0u, &wire), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_segment(&wire, &s->hdr), TCPFSM_OK);
    memcpy(s->data, e->snd + e->snd_head + tx->data_offset, tx->data_len);

    /* retransmission: SYN, data or FIN starting below the highest sequence
     * number sent; ACKs and RSTs occupy no sequence space */
    e->sent++;
    end = tx->seq + tx->data_len + ((tx->flags & TCPFSM_SYN) ? 1u : 0u)
        + ((tx->flags & TCPFSM_FIN) ? 1u : 0u);
    if (end == tx->seq) {
        return;
    }
    if (e->have_max && seq_before(tx->seq, e->snd_max)) {
        e->rtx++;
    }
    if (!e->have_max || seq_before(e->snd_max, end)) {
        e->snd_max = end;
    }
    e->have_max = 1;
}

/* Do what one output says (README.md, "Embedding"); payload (plen bytes) is
 * the arriving segment's payload for tcpfsm_on_segment, NULL otherwise. */
static void act(net_t *n, net_end *e, const tcpfsm_output *out, const uint8_t *payload,
                uint32_t plen)
{
    uint32_t i;
    tcpfsm_state s = net_state(e);

    /* 1. acknowledged bytes leave the send buffer */
    ck_assert_msg(out->acked <= e->snd_tail - e->snd_head, "%s: %u acked, %u buffered",
                  e->name, out->acked, e->snd_tail - e->snd_head);
    e->snd_head += out->acked;

    /* 2. new in-order bytes of the arriving payload go to the application */
    if (out->deliver_len > 0) {
        ck_assert_ptr_nonnull(payload);
        ck_assert_msg(out->deliver_offset <= plen && out->deliver_len <= plen - out->deliver_offset,
                      "%s: delivery [%u, +%u) outside the %u-byte payload", e->name,
                      out->deliver_offset, out->deliver_len, plen);
        ck_assert_msg(e->rcv_len + out->deliver_len <= NET_BUF_SIZE, "%s: receive buffer full",
                      e->name);
        memcpy(e->rcv + e->rcv_len, payload + out->deliver_offset, out->deliver_len);
        e->rcv_len += out->deliver_len;
        e->unread += out->deliver_len;
    }
    /* out-of-order bytes wait in the buffer beyond the in-order ones, at
     * their distance from RCV.NXT; those now in order join the stream */
    if (out->keep_len > 0) {
        ck_assert_ptr_nonnull(payload);
        ck_assert_msg(out->keep_offset <= plen && out->keep_len <= plen - out->keep_offset,
                      "%s: kept bytes [%u, +%u) outside the %u-byte payload", e->name,
                      out->keep_offset, out->keep_len, plen);
        ck_assert_msg(out->deliver_len == 0 && out->reasm_len == 0,
                      "%s: bytes kept and delivered by one segment", e->name);
        ck_assert_msg(e->rcv_len + out->keep_at + out->keep_len <= NET_BUF_SIZE,
                      "%s: receive buffer full", e->name);
        memcpy(e->rcv + e->rcv_len + out->keep_at, payload + out->keep_offset, out->keep_len);
    }
    ck_assert_msg(e->rcv_len + out->reasm_len <= NET_BUF_SIZE, "%s: receive buffer full",
                  e->name);
    e->rcv_len += out->reasm_len;
    e->unread += out->reasm_len;

    /* 3. segments go on the wire */
    ck_assert_uint_le(out->count, TCPFSM_MAX_TX);
    for (i = 0; i < out->count; i++) {
        queue_tx(e, out, i);
    }

    /* 4. what the user is told, and what the tests look at */
    e->notes |= out->notes;
    e->last_notes |= out->notes;
    if (out->notes & TCPFSM_NOTE_CLOSED) {
        e->closed_at = n->now;
    }
    if (s == TCPFSM_CLOSED || s == TCPFSM_LISTEN) {
        /* the TCB is gone: what was queued or unread goes with it */
        e->snd_head = e->snd_tail;
        e->unread = 0;
    } else {
        /* the buffers agree with what tcpfsm counts */
        tcpfsm_info info;
        ck_assert_int_eq(tcpfsm_status(&e->conn, &info), TCPFSM_OK);
        ck_assert_msg(info.unacked == e->snd_tail - e->snd_head,
                      "%s: tcpfsm holds %u unacknowledged bytes, the send buffer %u", e->name,
                      info.unacked, e->snd_tail - e->snd_head);
        ck_assert_msg(info.unread == e->unread, "%s: tcpfsm counts %u unread bytes, we %u",
                      e->name, info.unread, e->unread);
    }
    if (s == TCPFSM_TIME_WAIT) {
        if ((e->states_seen & (1u << TCPFSM_TIME_WAIT)) == 0) {
            e->tw_entered = n->now;
        }
        e->tw_deadline = out->deadline;
    }
    e->states_seen |= 1u << s;
    e->recoveries_seen |= 1u << e->conn.recovery;
    ck_assert_uint_eq(out->deadline, tcpfsm_next_deadline(&e->conn));
}

/* Act on the output of a call, then on the calls it leads to: follow
 * out.more, and let the application read what was delivered. */
static void process(net_t *n, net_end *e, const tcpfsm_output *out, const uint8_t *payload,
                    uint32_t plen)
{
    tcpfsm_output next;
    uint32_t rounds = 0;
    int more = out->more;
    act(n, e, out, payload, plen);
    while (more) {
        ck_assert_msg(++rounds < 100000u, "%s: out.more never clears", e->name);
        ck_assert_int_eq(tcpfsm_send(&e->conn, 0, end_now(n, e), &next), TCPFSM_OK);
        more = next.more;
        act(n, e, &next, NULL, 0);
    }
    if (!e->hold_reads && e->unread > 0) {
        net_read(n, e, e->unread);
    }
}

static void begin_event(net_end *e)
{
    e->last_notes = 0;
}

void net_listen(net_t *n, net_end *e)
{
    (void)n;
    begin_event(e);
    ck_assert_int_eq(tcpfsm_open_passive(&e->conn), TCPFSM_OK);
    e->states_seen |= 1u << net_state(e);
}

void net_connect(net_t *n, net_end *e)
{
    tcpfsm_output out;
    begin_event(e);
    ck_assert_int_eq(tcpfsm_open_active(&e->conn, e->iss, end_now(n, e), &out), TCPFSM_OK);
    process(n, e, &out, NULL, 0);
}

void net_write(net_t *n, net_end *e, const uint8_t *data, uint32_t len)
{
    tcpfsm_output out;
    begin_event(e);
    ck_assert_msg(len <= NET_BUF_SIZE - e->snd_tail, "%s: send buffer full", e->name);
    memcpy(e->snd + e->snd_tail, data, len);
    e->snd_tail += len;
    ck_assert_int_eq(tcpfsm_send(&e->conn, len, end_now(n, e), &out), TCPFSM_OK);
    process(n, e, &out, NULL, 0);
}

void net_close(net_t *n, net_end *e)
{
    tcpfsm_output out;
    begin_event(e);
    ck_assert_int_eq(tcpfsm_close(&e->conn, end_now(n, e), &out), TCPFSM_OK);
    process(n, e, &out, NULL, 0);
}

void net_read(net_t *n, net_end *e, uint32_t len)
{
    tcpfsm_output out;
    ck_assert_uint_le(len, e->unread);
    e->unread -= len;
    ck_assert_int_eq(tcpfsm_receive(&e->conn, len, end_now(n, e), &out), TCPFSM_OK);
    act(n, e, &out, NULL, 0); /* a window update, perhaps */
}

tcpfsm_segment net_seg_make(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    tcpfsm_segment seg = {0}; /* no SACK blocks, nothing undefined */
    seg.seq = seq;
    seg.ack = ack;
    seg.len = len;
    seg.window = 65535u;
    seg.mss = 0;
    seg.flags = flags;
    seg.options = 0;
    seg.wscale = 0;
    if (flags & TCPFSM_SYN) {
        seg.mss = 1460u;
        seg.options = TCPFSM_OPT_MSS;
    }
    return seg;
}

/* `seg` arrives at `to`, with its payload. */
static tcpfsm_error arrive(net_t *n, net_end *to, const tcpfsm_segment *seg,
                           const uint8_t *payload)
{
    tcpfsm_output out;
    tcpfsm_error err;
    begin_event(to);
    err = tcpfsm_on_segment(&to->conn, seg, to->iss, end_now(n, to), &out);
    if (err == TCPFSM_OK) {
        process(n, to, &out, payload, seg->len);
        if ((out.notes & TCPFSM_NOTE_REOPEN) != 0u && to->listen_on_reopen) {
            /* TIME-WAIT gave way to a new incarnation: the same SYN goes
             * to the block, listening again */
            ck_assert_int_eq(tcpfsm_open_passive(&to->conn), TCPFSM_OK);
            to->states_seen |= 1u << net_state(to);
            ck_assert_int_eq(tcpfsm_on_segment(&to->conn, seg, to->iss, end_now(n, to), &out),
                             TCPFSM_OK);
            process(n, to, &out, payload, seg->len);
        }
    }
    return err;
}

tcpfsm_error net_inject(net_t *n, net_end *to, tcpfsm_segment seg)
{
    ck_assert_uint_le(seg.len, NET_SEG_DATA);
    if (to->conn.ts_on && (seg.options & TCPFSM_OPT_TIMESTAMP) == 0) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = to->conn.ts_recent;
        seg.ts_ecr = 0;
    }
    return arrive(n, to, &seg, zeros);
}

uint32_t net_queued(const net_end *from)
{
    return from->q_count;
}

const net_seg *net_peek(const net_end *from, uint32_t i)
{
    if (i >= from->q_count) {
        return NULL;
    }
    return &from->q[(from->q_head + i) % NET_QUEUE_LEN];
}

void net_expect(const net_end *from, uint32_t i, uint8_t flags, uint32_t seq, uint32_t ack,
                uint32_t len)
{
    const net_seg *s = net_peek(from, i);
    ck_assert_msg(s != NULL, "%s sent %u segments, expected at least %u", from->name,
                  from->q_count, i + 1u);
    ck_assert_msg(s->hdr.flags == flags && s->hdr.seq == seq && s->hdr.ack == ack
                      && s->hdr.len == len,
                  "%s segment %u: flags 0x%02x seq %u ack %u len %u, "
                  "expected flags 0x%02x seq %u ack %u len %u",
                  from->name, i, s->hdr.flags, s->hdr.seq, s->hdr.ack, s->hdr.len, flags, seq,
                  ack, len);
}

void net_expect_silent(const net_end *from)
{
    const net_seg *s = net_peek(from, 0);
    ck_assert_msg(s == NULL, "%s sent flags 0x%02x seq %u ack %u, expected nothing",
                  from->name, s ? s->hdr.flags : 0u, s ? s->hdr.seq : 0u, s ? s->hdr.ack : 0u);
}

/* Pop the oldest segment on the wire from `from` into *seg. */
static void pop(net_end *from, net_seg *seg)
{
    ck_assert_uint_gt(from->q_count, 0);
    *seg = from->q[from->q_head];
    from->q_head = (from->q_head + 1u) % NET_QUEUE_LEN;
    from->q_count--;
}

/* Deterministic pseudo-random loss: a linear congruential generator. */
static int random_loss(net_t *n)
{
    if (n->loss_permille == 0) {
        return 0;
    }
    n->rng = n->rng * 1103515245u + 12345u;
    return (n->rng >> 16) % 1000u < n->loss_permille;
}

net_result net_deliver(net_t *n, net_end *from)
{
    static net_seg seg; /* large: kept off the stack */
    if (from->q_count == 0) {
        return NET_EMPTY;
    }
    pop(from, &seg);
    n->taken++;
    if ((n->drop != NULL && n->drop(n, from, &seg, n->taken)) || random_loss(n)) {
        n->lost++;
        return NET_LOST;
    }
    ck_assert_int_eq(arrive(n, net_peer(n, from), &seg.hdr, seg.data), TCPFSM_OK);
    return NET_DELIVERED;
}

void net_discard(net_t *n, net_end *from)
{
    static net_seg seg;
    pop(from, &seg);
    n->taken++;
    n->lost++;
}

uint32_t net_flush(net_t *n, uint32_t max)
{
    uint32_t moved = 0;
    while (n->a.q_count > 0 || n->b.q_count > 0) {
        if (net_deliver(n, &n->a) != NET_EMPTY) {
            moved++;
        }
        if (net_deliver(n, &n->b) != NET_EMPTY) {
            moved++;
        }
        ck_assert_msg(moved <= max, "net_flush: still busy after %u segments", max);
    }
    return moved;
}

void net_timer(net_t *n, net_end *e, uint64_t at)
{
    tcpfsm_output out;
    if (at > n->now) {
        n->now = at;
    }
    begin_event(e);
    ck_assert_int_eq(tcpfsm_on_timer(&e->conn, end_now(n, e), &out), TCPFSM_OK);
    process(n, e, &out, NULL, 0);
}

int net_advance(net_t *n)
{
    uint64_t da = end_deadline(&n->a);
    uint64_t db = end_deadline(&n->b);
    uint64_t at = da < db ? da : db;
    if (at == TCPFSM_NO_DEADLINE) {
        return 0;
    }
    if (at > n->now) {
        n->now = at;
    }
    if (da <= n->now) {
        net_timer(n, &n->a, n->now);
    }
    if (db <= n->now) {
        net_timer(n, &n->b, n->now);
    }
    return 1;
}

void net_run(net_t *n, uint32_t max)
{
    uint32_t steps = 0;
    for (;;) {
        steps += net_flush(n, max);
        if (!net_advance(n)) {
            break;
        }
        ck_assert_msg(++steps <= max, "net_run: not quiet after %u steps", max);
    }
}

void net_discard_all(net_t *n)
{
    while (n->a.q_count > 0) {
        net_discard(n, &n->a);
    }
    while (n->b.q_count > 0) {
        net_discard(n, &n->b);
    }
}

void net_crash(net_t *n, net_end *e)
{
    (void)n;
    ck_assert_int_eq(tcpfsm_init(&e->conn, &e->cfg), TCPFSM_OK);
    e->snd_head = e->snd_tail = 0;
    e->unread = 0;
    e->q_head = e->q_count = 0;
    e->have_max = 0;
}

void net_handshake(net_t *n)
{
    uint32_t x = n->a.iss;
    uint32_t y = n->b.iss;
    net_listen(n, &n->b);
    net_connect(n, &n->a);
    net_expect(&n->a, 0, TCPFSM_SYN, x, 0, 0);
    ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    net_expect(&n->b, 0, TCPFSM_SYN | TCPFSM_ACK, y, x + 1u, 0);
    ck_assert_int_eq(net_deliver(n, &n->b), NET_DELIVERED);
    net_expect(&n->a, 0, TCPFSM_ACK, x + 1u, y + 1u, 0);
    ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    net_expect_silent(&n->a);
    net_expect_silent(&n->b);
    ck_assert_int_eq(net_state(&n->a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(&n->b), TCPFSM_ESTABLISHED);
}

uint8_t net_pattern(uint32_t seed, uint32_t i)
{
    /* a multiplicative hash: no short period, so a misplaced segment shows */
    uint32_t h = (i + seed * 0x9E3779B9u) * 2654435761u;
    return (uint8_t)(h >> 24);
}

/* Deliver the oldest segment on the wire from `from`, which must arrive. */
static void deliver_one(net_t *n, net_end *from)
{
    ck_assert_int_eq(net_deliver(n, from), NET_DELIVERED);
}

void net_drive(net_t *n, tcpfsm_state state, int passive)
{
    net_end *a = &n->a;
    net_end *b = &n->b;
    switch (state) {
    case TCPFSM_CLOSED:
        break;
    case TCPFSM_LISTEN:
        net_listen(n, a);
        break;
    case TCPFSM_SYN_SENT:
        net_connect(n, a);
        break;
    case TCPFSM_SYN_RECEIVED:
        if (passive) {
            net_listen(n, a);
        } else {
            net_connect(n, a);
        }
        net_connect(n, b);
        deliver_one(n, b); /* B's SYN */
        break;
    case TCPFSM_ESTABLISHED:
        if (passive) {
            net_listen(n, a);
            net_connect(n, b);
        } else {
            net_listen(n, b);
            net_connect(n, a);
        }
        net_flush(n, 10);
        break;
    case TCPFSM_FIN_WAIT_1:
        net_drive(n, TCPFSM_ESTABLISHED, passive);
        net_close(n, a);
        break;
    case TCPFSM_FIN_WAIT_2:
        net_drive(n, TCPFSM_FIN_WAIT_1, passive);
        net_flush(n, 10); /* B acknowledges A's FIN and sits in CLOSE-WAIT */
        break;
    case TCPFSM_CLOSE_WAIT:
        net_drive(n, TCPFSM_ESTABLISHED, passive);
        net_close(n, b);
        net_flush(n, 10);
        break;
    case TCPFSM_CLOSING:
        net_drive(n, TCPFSM_ESTABLISHED, passive);
        net_close(n, a);
        net_close(n, b);
        deliver_one(n, b); /* B's FIN crosses A's */
        break;
    case TCPFSM_LAST_ACK:
        net_drive(n, TCPFSM_CLOSE_WAIT, passive);
        net_close(n, a);
        break;
    case TCPFSM_TIME_WAIT:
        net_drive(n, TCPFSM_FIN_WAIT_2, passive);
        net_close(n, b);
        deliver_one(n, b); /* B's FIN */
        break;
    }
    ck_assert_msg(net_state(a) == state, "net_drive: A is in %s, not %s",
                  tcpfsm_state_name(net_state(a)), tcpfsm_state_name(state));
}
