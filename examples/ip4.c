/* SPDX-License-Identifier: BSD-2-Clause */
/* IPv4 headers for the TUN endpoint; the header checksum uses the codec's
 * RFC 1071 sum. */
#include <string.h>
#include <tcpfsm/wire.h>
#include "ip4.h"

int ip4_parse(const uint8_t *pkt, uint32_t len, ip4_info *info)
{
    uint32_t hl, total;
    if (len < IP4_HDR_LEN || (pkt[0] >> 4) != 4u) {
        return -1;
    }
    hl = (uint32_t)(pkt[0] & 0x0fu) * 4u;
    total = (uint32_t)pkt[2] << 8 | pkt[3];
    if (hl < IP4_HDR_LEN || total < hl || total > len) {
        return -1;
    }
    if (tcpfsm_csum_fold(tcpfsm_csum_add(0, pkt, hl)) != 0xffffu) {
        return -1; /* the sum over a correct header, its checksum included, is all ones */
    }
    if ((pkt[6] & 0x3fu) != 0 || pkt[7] != 0) {
        return -1; /* a fragment (MF set or an offset): not reassembled here */
    }
    memcpy(info->src, pkt + 12, 4);
    memcpy(info->dst, pkt + 16, 4);
    info->proto = pkt[9];
    info->hdr_len = hl;
    info->payload_len = total - hl;
    return 0;
}

void ip4_build(uint8_t *hdr, const uint8_t src[4], const uint8_t dst[4], uint32_t payload_len,
               uint16_t id)
{
    uint32_t total = IP4_HDR_LEN + payload_len;
    uint16_t sum;
    hdr[0] = 0x45;                  /* version 4, 5 words */
    hdr[1] = 0;                     /* DSCP, ECN */
    hdr[2] = (uint8_t)(total >> 8);
    hdr[3] = (uint8_t)total;
    hdr[4] = (uint8_t)(id >> 8);
    hdr[5] = (uint8_t)id;
    hdr[6] = 0x40;                  /* DF: the MSS keeps segments within the MTU */
    hdr[7] = 0;
    hdr[8] = 64;                    /* TTL */
    hdr[9] = IP4_PROTO_TCP;
    hdr[10] = hdr[11] = 0;
    memcpy(hdr + 12, src, 4);
    memcpy(hdr + 16, dst, 4);
    sum = (uint16_t)~tcpfsm_csum_fold(tcpfsm_csum_add(0, hdr, IP4_HDR_LEN));
    hdr[10] = (uint8_t)(sum >> 8);
    hdr[11] = (uint8_t)sum;
}
