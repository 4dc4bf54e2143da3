/* SPDX-License-Identifier: BSD-2-Clause */
/* The peer's side of the wire for the codec and lwIP drivers: IPv4 packets
 * carrying TCP segments, built from templates so that producing one costs
 * a copy and two checksum words, not a sum over the packet; and the few
 * fields of a reply the peer needs. */
#ifndef BENCH_PKT_H
#define BENCH_PKT_H
#include <stdint.h>

#define PKT_IP_LEN  20u
#define PKT_TCP_LEN 20u
#define PKT_MAX     (PKT_IP_LEN + PKT_TCP_LEN + 4u + 100u)

extern const uint8_t pkt_peer_ip[4]; /* 10.0.0.2 */
extern const uint8_t pkt_our_ip[4];  /* 10.0.0.1 */

typedef struct {
    uint8_t  bytes[PKT_MAX];
    uint32_t len;
    uint32_t sum; /* TCP checksum sum with SEQ, ACK and checksum zero */
} pkt_tmpl;

/* A packet from the peer: flags, an MSS option when mss != 0, window,
 * plen bytes of payload. */
void pkt_template(pkt_tmpl *t, uint8_t flags, uint16_t mss, uint16_t window,
                  const uint8_t *payload, uint32_t plen);

/* The template into buf with SEQ and ACK filled and both checksums right;
 * returns the packet's length. */
uint32_t pkt_fill(const pkt_tmpl *t, uint8_t *buf, uint32_t seq, uint32_t ack);

/* What the peer reads from a reply: tcp points at the TCP header. */
typedef struct {
    uint32_t seq, ack, len;
    uint8_t  flags;
} pkt_reply;

void pkt_read(const uint8_t *tcp, uint32_t tcp_len, pkt_reply *r);

#endif
