/* SPDX-License-Identifier: BSD-2-Clause */
/* The embedding: tcpfsm_output acted on, as README.md ("Embedding") says
 * and tests/net.c does in memory. */
#include <stdlib.h>
#include <string.h>
#include "endpoint.h"
#include "ip4.h"
#include "trace.h"

static uint64_t ms(uint64_t us)
{
    return us / 1000u;
}

static uint64_t rel(const ep_t *ep, uint64_t now_us)
{
    return now_us >= ep->t0_us ? now_us - ep->t0_us : 0;
}

int ep_init(ep_t *ep, const tcpfsm_config *cfg, const uint8_t ip[4], uint32_t snd_cap,
            ep_emit_fn emit, void *emit_ctx, const iss_key *key)
{
    unsigned i;
    tcpfsm_conn probe;
    memset(ep, 0, sizeof *ep);
    if (tcpfsm_init(&probe, cfg) != TCPFSM_OK) {
        return -1;
    }
    ep->cfg = *cfg;
    memcpy(ep->ip, ip, 4);
    ep->emit = emit;
    ep->emit_ctx = emit_ctx;
    ep->key = *key;
    ep->next_id = 1;
    ep->name = "tcpfsm";
    ep->peer_name = "peer";
    for (i = 0; i < EP_MAX_CONNS; i++) {
        ep_conn *c = &ep->conns[i];
        c->snd_cap = snd_cap;
        c->rcv_cap = cfg->rcv_buf;
        c->snd = malloc(snd_cap);
        c->rcv = malloc(cfg->rcv_buf);
        if (c->snd == NULL || c->rcv == NULL) {
            ep_free(ep);
            return -1;
        }
    }
    return 0;
}

void ep_free(ep_t *ep)
{
    unsigned i;
    for (i = 0; i < EP_MAX_CONNS; i++) {
        free(ep->conns[i].snd);
        free(ep->conns[i].rcv);
        ep->conns[i].snd = ep->conns[i].rcv = NULL;
    }
}

/* Copy len bytes at ring offset `at` (from the ring's start) out, or in. */
static void ring_get(const uint8_t *ring, uint32_t cap, uint32_t at, uint8_t *dst, uint32_t len)
{
    uint32_t first;
    at %= cap;
    first = cap - at < len ? cap - at : len;
    memcpy(dst, ring + at, first);
    memcpy(dst + first, ring, len - first);
}

static void ring_put(uint8_t *ring, uint32_t cap, uint32_t at, const uint8_t *src, uint32_t len)
{
    uint32_t first;
    at %= cap;
    first = cap - at < len ? cap - at : len;
    memcpy(ring + at, src, first);
    memcpy(ring, src + first, len - first);
}

/* Put one segment on the link: IPv4 header, then the codec's TCP segment
 * with its checksum. */
static void send_wire(ep_t *ep, const uint8_t rip[4], tcpfsm_wire_segment *w,
                      const uint8_t *payload, uint64_t now_us)
{
    uint8_t frame[EP_MTU + 100];
    tcpfsm_wire_addrs addrs;
    uint32_t tcp_len = 0;
    tcpfsm_error err;
    memset(&addrs, 0, sizeof addrs);
    memcpy(addrs.src, ep->ip, 4);
    memcpy(addrs.dst, rip, 4);
    err = tcpfsm_wire_build(w, payload, &addrs, frame + IP4_HDR_LEN,
                            (uint32_t)sizeof frame - IP4_HDR_LEN, &tcp_len);
    if (err != TCPFSM_OK) {
        fprintf(stderr, "%s: tcpfsm_wire_build: error %d (seq %u len %u)\n", ep->name, (int)err,
                w->seq, w->payload_len);
        return;
    }
    ip4_build(frame, ep->ip, rip, tcp_len, ep->ip_id++);
    if (ep->trace) {
        trace_segment(ep->trace, rel(ep, now_us), ep->name, ep->peer_name, w);
    }
    ep->emit(ep->emit_ctx, frame, IP4_HDR_LEN + tcp_len);
}

/* A segment that occupies sequence space and starts below the highest
 * sequence number sent so far is a retransmission (what Linux's RetransSegs
 * counts for its own segments): the benchmark compares the two. */
static void count_retransmission(ep_conn *c, const tcpfsm_wire_segment *w)
{
    uint32_t space = w->payload_len + ((w->flags & TCPFSM_SYN) != 0)
                     + ((w->flags & TCPFSM_FIN) != 0);
    if (space == 0) {
        return;
    }
    if (c->snd_high_set && (int32_t)(w->seq - c->snd_high) < 0) {
        c->rtx_segs++;
    }
    if (!c->snd_high_set || (int32_t)(w->seq + space - c->snd_high) > 0) {
        c->snd_high = w->seq + space;
        c->snd_high_set = 1;
    }
}

static void emit_tx(ep_t *ep, ep_conn *c, const tcpfsm_output *out, uint32_t i, uint64_t now_us)
{
    uint8_t payload[EP_MTU];
    tcpfsm_wire_segment w;
    const tcpfsm_tx *tx = &out->tx[i];
    if (tcpfsm_wire_from_output(out, i, c->lport, c->rport, &w) != TCPFSM_OK) {
        return;
    }
    if (tx->data_len > sizeof payload || tx->data_offset > c->snd_len
        || tx->data_len > c->snd_len - tx->data_offset) {
        fprintf(stderr, "%s: conn %u: segment data [%u, +%u) beyond the %u bytes buffered\n",
                ep->name, c->id, tx->data_offset, tx->data_len, c->snd_len);
        abort();
    }
    ring_get(c->snd, c->snd_cap, c->snd_head + tx->data_offset, payload, tx->data_len);
    c->segs_out++;
    count_retransmission(c, &w);
    send_wire(ep, c->rip, &w, payload, now_us);
}

static void note_state(ep_t *ep, ep_conn *c, uint64_t now_us)
{
    if (c->conn.state == c->state) {
        return;
    }
    if (ep->trace) {
        trace_state(ep->trace, rel(ep, now_us), ep->name, (tcpfsm_state)c->state,
                    (tcpfsm_state)c->conn.state);
    }
    c->state = c->conn.state;
    if (c->history_len < EP_MAX_HISTORY) {
        c->history[c->history_len++] = c->state;
    }
}

/* Do what one output says.  payload/plen: the arriving segment's payload
 * (tcpfsm_on_segment), NULL/0 otherwise. */
static void act(ep_t *ep, ep_conn *c, const tcpfsm_output *out, const uint8_t *payload,
                uint32_t plen, uint64_t now_us)
{
    uint32_t i;
    /* 1. acknowledged bytes leave the send ring */
    if (out->acked > c->snd_len) {
        fprintf(stderr, "%s: conn %u: %u acked, %u buffered\n", ep->name, c->id, out->acked,
                c->snd_len);
        abort();
    }
    c->snd_head = (c->snd_head + out->acked) % c->snd_cap;
    c->snd_len -= out->acked;
    /* 2. new in-order bytes join the unread ones */
    if (out->deliver_len > 0) {
        if (payload == NULL || out->deliver_offset > plen
            || out->deliver_len > plen - out->deliver_offset
            || c->rcv_unread + out->deliver_len > c->rcv_cap) {
            fprintf(stderr, "%s: conn %u: delivery outside the payload or the ring\n", ep->name,
                    c->id);
            abort();
        }
        ring_put(c->rcv, c->rcv_cap, c->rcv_head + c->rcv_unread,
                 payload + out->deliver_offset, out->deliver_len);
        c->rcv_unread += out->deliver_len;
    }
    /* out-of-order bytes wait keep_at bytes beyond the in-order ones */
    if (out->keep_len > 0) {
        if (payload == NULL || out->keep_offset > plen || out->keep_len > plen - out->keep_offset
            || (uint64_t)c->rcv_unread + out->keep_at + out->keep_len > c->rcv_cap) {
            fprintf(stderr, "%s: conn %u: kept bytes outside the payload or the ring\n",
                    ep->name, c->id);
            abort();
        }
        ring_put(c->rcv, c->rcv_cap, c->rcv_head + c->rcv_unread + out->keep_at,
                 payload + out->keep_offset, out->keep_len);
        c->kept += out->keep_len;
    }
    /* bytes kept earlier that are in order now */
    if (c->rcv_unread + out->reasm_len > c->rcv_cap) {
        fprintf(stderr, "%s: conn %u: reassembled bytes beyond the ring\n", ep->name, c->id);
        abort();
    }
    c->rcv_unread += out->reasm_len;
    c->bytes_in += (uint64_t)out->deliver_len + out->reasm_len;
    /* 3. state and notes (printed before the segments they cause) */
    note_state(ep, c, now_us);
    if (out->notes && ep->trace) {
        char words[80];
        char line[100];
        snprintf(line, sizeof line, "note: %s", trace_notes(out->notes, words, sizeof words));
        trace_text(ep->trace, rel(ep, now_us), ep->name, line);
    }
    c->notes |= out->notes;
    /* 4. segments go out */
    for (i = 0; i < out->count; i++) {
        emit_tx(ep, c, out, i, now_us);
    }
}

/* Act on an output, then follow `more`. */
static void process(ep_t *ep, ep_conn *c, const tcpfsm_output *out, const uint8_t *payload,
                    uint32_t plen, uint64_t now_us)
{
    tcpfsm_output next;
    int more = out->more;
    act(ep, c, out, payload, plen, now_us);
    while (more && tcpfsm_send(&c->conn, 0, ms(now_us), &next) == TCPFSM_OK) {
        more = next.more;
        act(ep, c, &next, NULL, 0, now_us);
    }
}

static ep_conn *slot_new(ep_t *ep, const uint8_t rip[4], uint16_t lport, uint16_t rport)
{
    unsigned i;
    for (i = 0; i < EP_MAX_CONNS; i++) {
        ep_conn *c = &ep->conns[i];
        if (!c->used) {
            uint8_t *snd = c->snd, *rcv = c->rcv;
            uint32_t snd_cap = c->snd_cap, rcv_cap = c->rcv_cap;
            memset(c, 0, sizeof *c);
            c->snd = snd;
            c->rcv = rcv;
            c->snd_cap = snd_cap;
            c->rcv_cap = rcv_cap;
            c->used = 1;
            c->id = ep->next_id++;
            memcpy(c->rip, rip, 4);
            c->lport = lport;
            c->rport = rport;
            if (tcpfsm_init(&c->conn, &ep->cfg) != TCPFSM_OK) {
                c->used = 0;
                return NULL;
            }
            /* RFC 7323 §7.1: TSval offset per connection, from the same keyed hash */
            {
                uint8_t id[8];
                memcpy(id, rip, 4);
                id[4] = (uint8_t)(lport >> 8);
                id[5] = (uint8_t)lport;
                id[6] = (uint8_t)(rport >> 8);
                id[7] = (uint8_t)rport;
                c->conn.cfg.ts_offset = (uint32_t)(iss_siphash(&ep->key, id, 8) >> 32);
            }
            c->state = TCPFSM_CLOSED;
            c->history[0] = TCPFSM_CLOSED;
            c->history_len = 1;
            return c;
        }
    }
    return NULL;
}

static ep_conn *find(ep_t *ep, const uint8_t rip[4], uint16_t lport, uint16_t rport)
{
    unsigned i;
    for (i = 0; i < EP_MAX_CONNS; i++) {
        ep_conn *c = &ep->conns[i];
        if (c->used && !ep_done(c) && c->lport == lport && c->rport == rport
            && memcmp(c->rip, rip, 4) == 0) {
            return c;
        }
    }
    return NULL;
}

void ep_input(ep_t *ep, const uint8_t *pkt, uint32_t len, uint64_t now_us)
{
    ip4_info ip;
    tcpfsm_wire_addrs addrs;
    tcpfsm_wire_segment w;
    tcpfsm_segment seg;
    tcpfsm_output out;
    ep_conn *c;
    const uint8_t *tcp;
    if (len > 0 && (pkt[0] >> 4) != 4u) {
        ep->rx_foreign++; /* IPv6 (router solicitations and the like): not ours */
        return;
    }
    if (ip4_parse(pkt, len, &ip) != 0) {
        ep->rx_bad++;
        return;
    }
    if (ip.proto != IP4_PROTO_TCP || memcmp(ip.dst, ep->ip, 4) != 0) {
        ep->rx_foreign++; /* not ours: IPv6 router solicitations, other protocols */
        return;
    }
    tcp = pkt + ip.hdr_len;
    memset(&addrs, 0, sizeof addrs);
    memcpy(addrs.src, ip.src, 4);
    memcpy(addrs.dst, ip.dst, 4);
    if (tcpfsm_wire_parse(tcp, ip.payload_len, &addrs, &w) != TCPFSM_OK
        || tcpfsm_wire_to_segment(&w, &seg) != TCPFSM_OK) {
        ep->rx_bad++;
        return;
    }
    if (ep->trace && ep->trace_rx) {
        trace_segment(ep->trace, rel(ep, now_us), ep->peer_name, ep->name, &w);
    }
    c = find(ep, ip.src, w.dst_port, w.src_port);
    if (c == NULL && ep->listen_port != 0 && w.dst_port == ep->listen_port
        && (w.flags & (TCPFSM_SYN | TCPFSM_ACK | TCPFSM_RST)) == TCPFSM_SYN) {
        c = slot_new(ep, ip.src, w.dst_port, w.src_port);
        if (c != NULL) {
            tcpfsm_open_passive(&c->conn);
            note_state(ep, c, now_us);
        } else {
            ep->rx_refused_syn++;
        }
    }
    if (c == NULL) {
        /* RFC 9293 §3.10.7.1: no connection */
        ep->rx_no_conn++;
        if (tcpfsm_reply_no_connection(&seg, &out) == TCPFSM_OK && out.count == 1) {
            tcpfsm_wire_segment r;
            if (tcpfsm_wire_from_output(&out, 0, w.dst_port, w.src_port, &r) == TCPFSM_OK) {
                send_wire(ep, ip.src, &r, NULL, now_us);
            }
        }
        return;
    }
    c->segs_in++;
    {
        uint32_t iss = 0;
        if (c->conn.state == TCPFSM_LISTEN) {
            iss = iss_make(&ep->key, ep->ip, c->lport, c->rip, c->rport, now_us);
        }
        if (tcpfsm_on_segment(&c->conn, &seg, iss, ms(now_us), &out) == TCPFSM_OK) {
            process(ep, c, &out, tcp + w.header_len, w.payload_len, now_us);
        } else {
            ep->rx_bad++;
        }
    }
}

uint64_t ep_deadline_us(const ep_t *ep)
{
    uint64_t best = UINT64_MAX;
    unsigned i;
    for (i = 0; i < EP_MAX_CONNS; i++) {
        const ep_conn *c = &ep->conns[i];
        if (c->used && !ep_done(c)) {
            uint64_t d = tcpfsm_next_deadline(&c->conn);
            if (d != TCPFSM_NO_DEADLINE && d * 1000u < best) {
                best = d * 1000u;
            }
        }
    }
    return best;
}

void ep_timers(ep_t *ep, uint64_t now_us)
{
    unsigned i;
    for (i = 0; i < EP_MAX_CONNS; i++) {
        ep_conn *c = &ep->conns[i];
        tcpfsm_output out;
        if (c->used && !ep_done(c) && tcpfsm_next_deadline(&c->conn) <= ms(now_us)
            && tcpfsm_on_timer(&c->conn, ms(now_us), &out) == TCPFSM_OK) {
            process(ep, c, &out, NULL, 0, now_us);
        }
    }
}

ep_conn *ep_connect(ep_t *ep, const uint8_t rip[4], uint16_t rport, uint16_t lport,
                    uint64_t now_us)
{
    tcpfsm_output out;
    ep_conn *c = slot_new(ep, rip, lport, rport);
    if (c == NULL) {
        return NULL;
    }
    if (tcpfsm_open_active(&c->conn, iss_make(&ep->key, ep->ip, lport, rip, rport, now_us),
                           ms(now_us), &out) != TCPFSM_OK) {
        c->used = 0;
        return NULL;
    }
    process(ep, c, &out, NULL, 0, now_us);
    return c;
}

uint32_t ep_write_room(const ep_conn *c)
{
    return c->snd_cap - c->snd_len;
}

uint32_t ep_write(ep_t *ep, ep_conn *c, const uint8_t *data, uint32_t len, uint64_t now_us)
{
    tcpfsm_output out;
    uint32_t n = len < ep_write_room(c) ? len : ep_write_room(c);
    if (n == 0) {
        return 0;
    }
    ring_put(c->snd, c->snd_cap, c->snd_head + c->snd_len, data, n);
    if (tcpfsm_send(&c->conn, n, ms(now_us), &out) != TCPFSM_OK) {
        return 0; /* closing or closed: the bytes are not queued */
    }
    c->snd_len += n;
    c->bytes_out += n;
    process(ep, c, &out, NULL, 0, now_us);
    return n;
}

uint32_t ep_read(ep_t *ep, ep_conn *c, uint8_t *buf, uint32_t max, uint64_t now_us)
{
    tcpfsm_output out;
    uint32_t n = max < c->rcv_unread ? max : c->rcv_unread;
    if (n == 0) {
        return 0;
    }
    ring_get(c->rcv, c->rcv_cap, c->rcv_head, buf, n);
    c->rcv_head = (c->rcv_head + n) % c->rcv_cap;
    c->rcv_unread -= n;
    if (tcpfsm_receive(&c->conn, n, ms(now_us), &out) == TCPFSM_OK) {
        process(ep, c, &out, NULL, 0, now_us); /* a window update, perhaps */
    }
    return n;
}

int ep_close(ep_t *ep, ep_conn *c, uint64_t now_us)
{
    tcpfsm_output out;
    if (tcpfsm_close(&c->conn, ms(now_us), &out) != TCPFSM_OK) {
        return -1;
    }
    process(ep, c, &out, NULL, 0, now_us);
    return 0;
}

int ep_abort(ep_t *ep, ep_conn *c, uint64_t now_us)
{
    tcpfsm_output out;
    if (tcpfsm_abort(&c->conn, &out) != TCPFSM_OK) {
        return -1;
    }
    process(ep, c, &out, NULL, 0, now_us);
    return 0;
}

int ep_done(const ep_conn *c)
{
    return c->history_len > 1
        && (c->conn.state == TCPFSM_CLOSED || c->conn.state == TCPFSM_LISTEN)
        && c->state == c->conn.state;
}

void ep_release(ep_conn *c)
{
    c->used = 0;
}

const char *ep_history(const ep_conn *c, char *buf, unsigned size)
{
    unsigned used = 0;
    uint32_t i;
    buf[0] = 0;
    for (i = 0; i < c->history_len; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? "," : "",
                         tcpfsm_state_name((tcpfsm_state)c->history[i]));
        if (n < 0 || (unsigned)n >= size - used) {
            break;
        }
        used += (unsigned)n;
    }
    return buf;
}
