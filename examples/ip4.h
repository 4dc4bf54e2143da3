/* SPDX-License-Identifier: BSD-2-Clause */
/* IPv4 (RFC 791): just enough to carry TCP over a TUN device: no options
 * sent, none needed on receipt, no fragments. */
#ifndef EX_IP4_H
#define EX_IP4_H
#include <stdint.h>

#define IP4_HDR_LEN 20u
#define IP4_PROTO_TCP 6u

typedef struct {
    uint8_t src[4], dst[4];
    uint8_t proto;
    uint32_t hdr_len;     /* bytes, options included */
    uint32_t payload_len; /* total length - header */
} ip4_info;

/* Check a received packet (version, lengths, header checksum, no fragment)
 * and describe it; 0 when usable, -1 otherwise. */
int ip4_parse(const uint8_t *pkt, uint32_t len, ip4_info *info);

/* Write a 20-byte header for payload_len bytes of TCP in front of them. */
void ip4_build(uint8_t *hdr, const uint8_t src[4], const uint8_t dst[4], uint32_t payload_len,
               uint16_t id);

#endif
