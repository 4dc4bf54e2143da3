/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's packets (pkt.h).  The checksums are computed here, once per
 * template, by a plain RFC 1071 loop: the stacks under test verify them on
 * every packet, so they must be right, and the sum must not be borrowed
 * from the codec being measured. */
#include <string.h>
#include "pkt.h"

const uint8_t pkt_peer_ip[4] = {10, 0, 0, 2};
const uint8_t pkt_our_ip[4] = {10, 0, 0, 1};

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) << 16 | get16(p + 2);
}

static uint32_t sum16(const uint8_t *p, uint32_t len)
{
    uint32_t s = 0, i;
    for (i = 0; i + 1 < len; i += 2) {
        s += get16(p + i);
    }
    if (len % 2 == 1) {
        s += (uint32_t)p[len - 1] << 8;
    }
    return s;
}

static uint16_t fold(uint32_t s)
{
    while (s >> 16) {
        s = (s & 0xffffu) + (s >> 16);
    }
    return (uint16_t)s;
}

void pkt_template(pkt_tmpl *t, uint8_t flags, uint16_t mss, uint16_t window,
                  const uint8_t *payload, uint32_t plen)
{
    uint8_t *ip = t->bytes, *tcp = t->bytes + PKT_IP_LEN;
    uint32_t hlen = PKT_TCP_LEN + (mss != 0u ? 4u : 0u);
    uint32_t tcp_len = hlen + plen;
    memset(t->bytes, 0, sizeof t->bytes);
    t->len = PKT_IP_LEN + tcp_len;
    ip[0] = 0x45;
    put16(ip + 2, t->len);
    put16(ip + 6, 0x4000u); /* DF */
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, pkt_peer_ip, 4);
    memcpy(ip + 16, pkt_our_ip, 4);
    put16(ip + 10, 0xffffu - fold(sum16(ip, PKT_IP_LEN)));
    put16(tcp, 40000u);
    put16(tcp + 2, 80u);
    tcp[12] = (uint8_t)(hlen / 4u << 4);
    tcp[13] = flags;
    put16(tcp + 14, window);
    if (mss != 0u) {
        tcp[20] = 2;
        tcp[21] = 4;
        put16(tcp + 22, mss);
    }
    memcpy(tcp + hlen, payload, plen);
    /* pseudo-header: addresses, protocol, TCP length */
    t->sum = sum16(ip + 12, 8) + 6u + tcp_len + sum16(tcp, tcp_len);
}

uint32_t pkt_fill(const pkt_tmpl *t, uint8_t *buf, uint32_t seq, uint32_t ack)
{
    uint8_t *tcp = buf + PKT_IP_LEN;
    uint32_t s = t->sum + (seq >> 16) + (seq & 0xffffu) + (ack >> 16) + (ack & 0xffffu);
    memcpy(buf, t->bytes, t->len);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    put16(tcp + 16, 0xffffu - fold(s));
    return t->len;
}

void pkt_read(const uint8_t *tcp, uint32_t tcp_len, pkt_reply *r)
{
    uint32_t hlen = (uint32_t)(tcp[12] >> 4) * 4u;
    r->seq = get32(tcp + 4);
    r->ack = get32(tcp + 8);
    r->flags = tcp[13];
    r->len = tcp_len > hlen ? tcp_len - hlen : 0u;
}
