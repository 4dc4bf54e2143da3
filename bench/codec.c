/* SPDX-License-Identifier: BSD-2-Clause */
/* Workloads A, B and C on the tcpfsm core with its codec: the peer's
 * packets arrive as bytes, the TCP segment is parsed with its checksum
 * verified (tcpfsm_wire_parse against the pseudo-header) and converted
 * (tcpfsm_wire_to_segment); every segment the core emits is encoded with
 * its checksum (tcpfsm_wire_from_output, tcpfsm_wire_build) into reply
 * bytes, which the peer reads back.  The same workloads and checks as
 * core.c, on what the wire carries instead of on the core's structs.
 *
 * The 20-byte IPv4 header in front is skipped unexamined: tcpfsm has no IP
 * layer, the embedder's does that work (lwIP's ip4_input, counted in its
 * "whole path" figure). */
#include <string.h>
#include "bench.h"
#include "owed.h"
#include "pkt.h"
#include "tcpfsm/tcpfsm.h"
#include "tcpfsm/wire.h"

#define S "tcpfsm core+codec"
#define MAX_REPLIES 32u

typedef struct {
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_output out;
    tcpfsm_wire_addrs in_addrs, out_addrs;
    uint64_t now;
    uint8_t pkt[PKT_MAX];
    uint8_t app[BENCH_SEG_DATA];
    uint64_t delivered;
    /* what went on the wire since the peer last looked */
    uint8_t reply[TCPFSM_WIRE_MAX_HEADER + BENCH_SEG_DATA];
    pkt_reply replies[MAX_REPLIES];
    uint32_t nreplies;
    /* C: the send stream's bytes acknowledged so far (the send buffer's
     * head), and the peer's list of data segments to acknowledge */
    uint64_t snd_head;
    bench_owed owed;
    uint64_t acked;
} codec_t;

static codec_t c;
static pkt_tmpl t_syn, t_ack, t_data, t_fin;
/* The send stream: byte k is k mod 256, so any 256 bytes from any offset
 * are contiguous here and the send buffer needs no ring arithmetic. */
static uint8_t stream[512];

/* Every segment of the output onto the wire, as bytes, and read back by
 * the peer. */
static void emit(const tcpfsm_output *o, uint64_t idx)
{
    uint32_t i;
    for (i = 0; i < o->count; i++) {
        tcpfsm_wire_segment w;
        uint32_t written = 0;
        const tcpfsm_tx *tx = &o->tx[i];
        const uint8_t *data = stream + ((c.snd_head + tx->data_offset) & 0xffu);
        BENCH_CHECK(S, tx->data_len <= BENCH_SEG_DATA && c.nreplies < MAX_REPLIES, idx);
        BENCH_CHECK(S, tcpfsm_wire_from_output(o, i, BENCH_OUR_PORT, BENCH_PEER_PORT, &w)
                           == TCPFSM_OK, idx);
        BENCH_CHECK(S, tcpfsm_wire_build(&w, data, &c.out_addrs, c.reply, sizeof c.reply,
                                         &written) == TCPFSM_OK, idx);
        pkt_read(c.reply, written, &c.replies[c.nreplies++]);
    }
}

/* One packet from the peer: parsed, checked, to the core, replies out. */
static void input(const pkt_tmpl *t, uint32_t seq, uint32_t ack, uint32_t iss, uint64_t idx)
{
    tcpfsm_wire_segment w;
    tcpfsm_segment seg;
    uint32_t len = pkt_fill(t, c.pkt, seq, ack);
    const uint8_t *tcp = c.pkt + PKT_IP_LEN;
    BENCH_CHECK(S, tcpfsm_wire_parse(tcp, len - PKT_IP_LEN, &c.in_addrs, &w) == TCPFSM_OK, idx);
    BENCH_CHECK(S, w.dst_port == BENCH_OUR_PORT && w.src_port == BENCH_PEER_PORT, idx);
    BENCH_CHECK(S, tcpfsm_wire_to_segment(&w, &seg) == TCPFSM_OK, idx);
    BENCH_CHECK(S, tcpfsm_on_segment(&c.conn, &seg, iss, c.now, &c.out) == TCPFSM_OK, idx);
    c.snd_head += c.out.acked;
    if (c.out.deliver_len > 0u) {
        const uint8_t *payload = tcp + w.header_len;
        uint32_t n = c.out.deliver_len;
        BENCH_CHECK(S, c.out.deliver_offset + n <= w.payload_len && c.out.reasm_len == 0u, idx);
        memcpy(c.app, payload + c.out.deliver_offset, n);
        BENCH_CHECK(S, c.app[n - 1u] == t->bytes[PKT_IP_LEN + w.header_len + c.out.deliver_offset
                                                 + n - 1u], idx);
        c.delivered += n;
        emit(&c.out, idx);
        /* the application consumes what it received at once */
        BENCH_CHECK(S, tcpfsm_receive(&c.conn, n, c.now, &c.out) == TCPFSM_OK, idx);
    }
    emit(&c.out, idx);
}

static void init(uint16_t mss, uint16_t window)
{
    uint8_t data[BENCH_SEG_DATA];
    uint32_t i;
    memset(&c, 0, sizeof c);
    tcpfsm_config_default(&c.cfg);
    c.now = 1000u;
    c.in_addrs.ipv6 = c.out_addrs.ipv6 = 0;
    memcpy(c.in_addrs.src, pkt_peer_ip, 4);
    memcpy(c.in_addrs.dst, pkt_our_ip, 4);
    memcpy(c.out_addrs.src, pkt_our_ip, 4);
    memcpy(c.out_addrs.dst, pkt_peer_ip, 4);
    for (i = 0; i < BENCH_SEG_DATA; i++) {
        data[i] = (uint8_t)(i * 7u + 1u);
    }
    for (i = 0; i < sizeof stream; i++) {
        stream[i] = (uint8_t)i;
    }
    pkt_template(&t_syn, TCPFSM_SYN, mss, window, NULL, 0u);
    pkt_template(&t_ack, TCPFSM_ACK, 0u, window, NULL, 0u);
    pkt_template(&t_data, TCPFSM_ACK | TCPFSM_PSH, 0u, window, data, BENCH_SEG_DATA);
    pkt_template(&t_fin, TCPFSM_FIN | TCPFSM_ACK, 0u, window, NULL, 0u);
}

static uint32_t handshake(uint32_t cs, uint32_t iss, uint64_t idx)
{
    uint32_t ss;
    BENCH_CHECK(S, tcpfsm_init(&c.conn, &c.cfg) == TCPFSM_OK, idx);
    BENCH_CHECK(S, tcpfsm_open_passive(&c.conn) == TCPFSM_OK, idx);
    c.nreplies = 0;
    input(&t_syn, cs, 0u, iss, idx);
    BENCH_CHECK(S, c.nreplies == 1u && c.replies[0].flags == (TCPFSM_SYN | TCPFSM_ACK)
                       && c.replies[0].ack == cs + 1u, idx);
    ss = c.replies[0].seq;
    c.nreplies = 0;
    input(&t_ack, cs + 1u, ss + 1u, 0u, idx + 1u);
    BENCH_CHECK(S, c.conn.state == TCPFSM_ESTABLISHED && (c.out.notes & TCPFSM_NOTE_CONNECTED),
                idx + 1u);
    return ss;
}

uint64_t codec_a(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx = 0;
    uint32_t i, k;
    init(1460u, 65535u);
    t0 = bench_begin();
    for (i = 0; i < sz->conns; i++) {
        uint32_t cs = bench_peer_isn(i), data = cs + 1u;
        uint32_t ss = handshake(cs, 0x01000193u * i, idx);
        c.now++;
        idx += 2u;
        for (k = 0; k < BENCH_A_SEGS; k++, idx++) {
            uint64_t before = c.delivered;
            input(&t_data, data + k * BENCH_SEG_DATA, ss + 1u, 0u, idx);
            BENCH_CHECK(S, c.delivered == before + BENCH_SEG_DATA, idx);
        }
        data += BENCH_A_SEGS * BENCH_SEG_DATA;
        c.nreplies = 0;
        input(&t_fin, data, ss + 1u, 0u, idx);
        BENCH_CHECK(S, (c.out.notes & TCPFSM_NOTE_PEER_CLOSED) && c.conn.state == TCPFSM_CLOSE_WAIT,
                    idx);
        BENCH_CHECK(S, tcpfsm_close(&c.conn, c.now, &c.out) == TCPFSM_OK, idx);
        emit(&c.out, idx);
        BENCH_CHECK(S, c.nreplies >= 1u && (c.replies[c.nreplies - 1u].flags & TCPFSM_FIN)
                           && c.replies[c.nreplies - 1u].seq == ss + 1u
                           && c.replies[c.nreplies - 1u].ack == data + 1u, idx);
        idx++;
        input(&t_ack, data + 1u, ss + 2u, 0u, idx);
        BENCH_CHECK(S, c.conn.state == TCPFSM_CLOSED, idx);
        idx++;
        c.nreplies = 0;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->conns * BENCH_A_SEGS * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}

uint64_t codec_b(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(7u), ss, seq;
    init(1460u, 65535u);
    ss = handshake(cs, 0x2545f491u, 0u);
    seq = cs + 1u;
    t0 = bench_begin();
    for (idx = 0; idx < sz->segs; idx++) {
        uint64_t before = c.delivered;
        c.nreplies = 0;
        input(&t_data, seq, ss + 1u, 0u, idx);
        BENCH_CHECK(S, c.delivered == before + BENCH_SEG_DATA, idx);
        seq += BENCH_SEG_DATA;
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.delivered == (uint64_t)sz->segs * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}

/* C: the data segments on the wire go to the peer's list to acknowledge,
 * each carrying the next 100 bytes of the stream. */
static void peer_takes(uint64_t idx)
{
    BENCH_CHECK(S, bench_owed_replies(&c.owed, c.replies, c.nreplies, BENCH_SEG_DATA), idx);
    c.nreplies = 0;
}

static void app_send(uint32_t len, uint64_t idx)
{
    BENCH_CHECK(S, tcpfsm_send(&c.conn, len, c.now, &c.out) == TCPFSM_OK, idx);
    emit(&c.out, idx);
    while (c.out.more) {
        BENCH_CHECK(S, tcpfsm_send(&c.conn, 0u, c.now, &c.out) == TCPFSM_OK, idx);
        emit(&c.out, idx);
    }
    peer_takes(idx);
}

uint64_t codec_c(const bench_sizes *sz, uint64_t *segments)
{
    uint64_t t0, ns, idx;
    uint32_t cs = bench_peer_isn(11u), ss;
    init(BENCH_SEG_DATA, BENCH_C_WINDOW);
    ss = handshake(cs, 0x6b43a9b5u, 0u);
    bench_owed_init(&c.owed, ss + 1u);
    c.nreplies = 0;
    app_send(BENCH_C_QUEUED * BENCH_SEG_DATA, 0u);
    t0 = bench_begin();
    for (idx = 0; idx < sz->acks; idx++) {
        uint32_t ack;
        BENCH_CHECK(S, bench_owed_next(&c.owed, &ack), idx);
        input(&t_ack, cs + 1u, ack, 0u, idx);
        BENCH_CHECK(S, c.out.acked == BENCH_SEG_DATA && c.conn.snd_una == ack, idx);
        c.acked += c.out.acked;
        peer_takes(idx);
        app_send(BENCH_SEG_DATA, idx);
    }
    ns = bench_end(t0);
    BENCH_CHECK(S, c.acked == (uint64_t)sz->acks * BENCH_SEG_DATA, idx);
    *segments += idx;
    return ns;
}
