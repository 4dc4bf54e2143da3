/* SPDX-License-Identifier: BSD-2-Clause */
/* Workloads A, B and C on the tcpfsm core alone: decoded segments in
 * (tcpfsm_segment, what a codec or a NIC's parser hands over), and the
 * output's actions carried out by the smallest embedder that does its job:
 * delivered bytes copied to the application's buffer and consumed at once
 * (tcpfsm_receive, as lwIP's tcp_recved), segments out read by the peer
 * straight from tcpfsm_tx.  The peer is a few lines per workload; it reads
 * the ISN of our SYN,ACK from the output rather than knowing it. */
#include <string.h>
#include "bench.h"
#include "owed.h"
#include "tcpfsm/tcpfsm.h"

#define S "tcpfsm core"

typedef struct {
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_output out, app_out;
    uint64_t now;
    uint8_t app[BENCH_SEG_DATA]; /* the application's receive buffer */
    uint64_t delivered;          /* bytes the application received */
    bench_owed owed; /* C: what the peer has yet to acknowledge */
    uint64_t acked;
} core_t;

static core_t c;
static uint8_t payload[BENCH_SEG_DATA];

static void seg_set(tcpfsm_segment *seg, uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len,
                    uint16_t window)
{
    memset(seg, 0, sizeof *seg);
    seg->seq = seq;
    seg->ack = ack;
    seg->flags = flags;
    seg->len = len;
    seg->window = window;
}

/* The application takes the bytes the output delivers (from the arriving
 * payload) and consumes them at once, which reopens the window. */
static void app_receive(uint64_t idx)
{
    const tcpfsm_output *o = &c.out;
    uint32_t n = o->deliver_len;
    if (n == 0u) {
        return;
    }
    BENCH_CHECK(S, o->deliver_offset + n <= BENCH_SEG_DATA && o->reasm_len == 0u, idx);
    memcpy(c.app, payload + o->deliver_offset, n);
    BENCH_CHECK(S, c.app[n - 1u] == payload[o->deliver_offset + n - 1u], idx);
    c.delivered += n;
    BENCH_CHECK(S, tcpfsm_receive(&c.conn, n, c.now, &c.app_out) == TCPFSM_OK, idx);
}

static void input(const tcpfsm_segment *seg, uint32_t iss, uint64_t idx)
{
    BENCH_CHECK(S, tcpfsm_on_segment(&c.conn, seg, iss, c.now, &c.out) == TCPFSM_OK, idx);
}

/* The handshake of one passive connection; returns our ISN as the
 * SYN,ACK carried it. */
static uint32_t handshake(uint32_t cs, uint32_t iss, uint16_t mss, uint16_t window, uint64_t idx)
{
    tcpfsm_segment seg;
    uint32_t ss;
    BENCH_CHECK(S, tcpfsm_init(&c.conn, &c.cfg) == TCPFSM_OK, idx);
    BENCH_CHECK(S, tcpfsm_open_passive(&c.conn) == TCPFSM_OK, idx);
    seg_set(&seg, cs, 0u, TCPFSM_SYN, 0u, window);
    seg.options = TCPFSM_OPT_MSS;
    seg.mss = mss;
    input(&seg, iss, idx);
    BENCH_CHECK(S, c.out.count == 1u && c.out.tx[0].flags == (TCPFSM_SYN | TCPFSM_ACK)
                       && c.out.tx[0].ack == cs + 1u, idx);
    ss = c.out.tx[0].seq;
    seg_set(&seg, cs + 1u, ss + 1u, TCPFSM_ACK, 0u, window);
    input(&seg, 0u, idx + 1u);
    BENCH_CHECK(S, c.conn.state == TCPFSM_ESTABLISHED && (c.out.notes & TCPFSM_NOTE_CONNECTED),
                idx + 1u);
    return ss;
}

static void init(void)
{
    uint32_t i;
    memset(&c, 0, sizeof c);
    tcpfsm_config_default(&c.cfg);
    c.now = 1000u;
    for (i = 0; i < BENCH_SEG_DATA; i++) {
        payload[i] = (uint8_t)(i * 7u + 1u);
    }
}

/* A: SYN, ACK, 10 data segments, FIN, ACK per connection; the
 * application closes when the peer's FIN arrives. */
uint64_t core_a(const bench_sizes *sz, uint64_t *segments)
{
    tcpfsm_segment seg;
    uint64_t t0, ns, idx = 0;
    uint32_t i, k;
    init();
    t0 = bench_begin();
    for (i = 0; i < sz->conns; i++) {
        uint32_t cs = bench_peer_isn(i), data = cs + 1u;
        uint32_t ss = handshake(cs, 0x01000193u * i, 1460u, 65535u, idx);
        c.now++;
        idx += 2u;
        for (k = 0; k < BENCH_A_SEGS; k++, idx++) {
            uint64_t before = c.delivered;
            seg_set(&seg, data + k * BENCH_SEG_DATA, ss + 1u, TCPFSM_ACK | TCPFSM_PSH,
                    BENCH_SEG_DATA, 65535u);
            input(&seg, 0u, idx);
            app_receive(idx);
            BENCH_CHECK(S, c.delivered == before + BENCH_SEG_DATA, idx);
        }
        data += BENCH_A_SEGS * BENCH_SEG_DATA;
        seg_set(&seg, data, ss + 1u, TCPFSM_FIN | TCPFSM_ACK, 0u, 65535u);
        input(&seg, 0u, idx);
        BENCH_CHECK(S, (c.out.notes & TCPFSM_NOTE_PEER_CLOSED) && c.conn.state == TCPFSM_CLOSE_WAIT,
                    idx);
        BENCH_CHECK(S, tcpfsm_close(&c.conn, c.now, &c.out) == TCPFSM_OK, idx);
        BENCH_CHECK(S, c.out.count == 1u && (c.out.tx[0].flags & TCPFSM_FIN)
                           && c.out.tx[0].seq == ss + 1u && c.out.tx[0].ack == data + 1u, idx);
        idx++;
        seg_set(&seg, data + 1u, ss + 2u, TCPFSM_ACK, 0u, 65535u);
        input(&seg, 0u, idx);
        BENCH_CHECK(S, c.conn.state == TCPFSM_CLOSED, idx);
        idx++;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->conns * BENCH_A_SEGS * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}

/* B: one connection, sz->segs in-order data segments. */
uint64_t core_b(const bench_sizes *sz, uint64_t *segments)
{
    tcpfsm_segment seg;
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(7u), ss, seq;
    init();
    ss = handshake(cs, 0x2545f491u, 1460u, 65535u, 0u);
    seq = cs + 1u;
    seg_set(&seg, 0u, ss + 1u, TCPFSM_ACK | TCPFSM_PSH, BENCH_SEG_DATA, 65535u);
    t0 = bench_begin();
    for (idx = 0; idx < sz->segs; idx++) {
        seg.seq = seq;
        input(&seg, 0u, idx);
        app_receive(idx);
        BENCH_CHECK(S, c.out.deliver_len == BENCH_SEG_DATA, idx);
        seq += BENCH_SEG_DATA;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->segs * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}

/* C: the segments an output sends go to the peer's list of segments to
 * acknowledge; each must carry the next 100 bytes. */
static void peer_takes(const tcpfsm_output *o, uint64_t idx)
{
    uint32_t i;
    for (i = 0; i < o->count; i++) {
        const tcpfsm_tx *tx = &o->tx[i];
        if (tx->data_len == 0u) {
            continue;
        }
        BENCH_CHECK(S, bench_owed_segment(&c.owed, tx->seq, tx->data_len, BENCH_SEG_DATA), idx);
    }
}

/* The application queues len bytes, and more if the output says so. */
static void app_send(uint32_t len, uint64_t idx)
{
    BENCH_CHECK(S, tcpfsm_send(&c.conn, len, c.now, &c.app_out) == TCPFSM_OK, idx);
    peer_takes(&c.app_out, idx);
    while (c.app_out.more) {
        BENCH_CHECK(S, tcpfsm_send(&c.conn, 0u, c.now, &c.app_out) == TCPFSM_OK, idx);
        peer_takes(&c.app_out, idx);
    }
}

/* C: a sending connection; the peer acknowledges each data segment with a
 * pure ACK, which clocks out the next; the application writes 100 bytes
 * for each 100 acknowledged. */
uint64_t core_c(const bench_sizes *sz, uint64_t *segments)
{
    tcpfsm_segment seg;
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(11u), ss;
    init();
    ss = handshake(cs, 0x6b43a9b5u, BENCH_SEG_DATA, BENCH_C_WINDOW, 0u);
    bench_owed_init(&c.owed, ss + 1u);
    app_send(BENCH_C_QUEUED * BENCH_SEG_DATA, 0u);
    seg_set(&seg, cs + 1u, 0u, TCPFSM_ACK, 0u, BENCH_C_WINDOW);
    t0 = bench_begin();
    for (idx = 0; idx < sz->acks; idx++) {
        BENCH_CHECK(S, bench_owed_next(&c.owed, &seg.ack), idx);
        input(&seg, 0u, idx);
        BENCH_CHECK(S, c.out.acked == BENCH_SEG_DATA && c.conn.snd_una == seg.ack, idx);
        c.acked += c.out.acked;
        peer_takes(&c.out, idx);
        app_send(BENCH_SEG_DATA, idx);
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.acked == (uint64_t)sz->acks * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}
