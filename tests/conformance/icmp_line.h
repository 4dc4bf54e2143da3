/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An inbound ICMP line of a packetdrill script, as the FreeBSD suite's
 * rcv-icmp scripts write them:
 *
 *     +0.10 < icmp unreachable port_unreachable [0:0(0)]
 *     +0.00 < icmp unreachable frag_needed mtu 1234 [0:0(0)]
 *     +0.00 < icmp packet_too_big mtu 1300 [0:0(0)]
 *
 * The type and code by packetdrill's names (its icmp_packet.c and
 * icmpv6 tables), which differ between ICMPv4 and ICMPv6; the bracket is
 * the TCP segment the message quotes, its SEQ relative to our ISN (the
 * segment was ours).
 */
#ifndef PD_ICMP_LINE_H
#define PD_ICMP_LINE_H

#include <stdint.h>
#include "tcpfsm/wire.h"

typedef struct {
    uint8_t  type;
    uint8_t  code;
    uint32_t mtu;   /* `mtu N`, 0 when absent */
    uint32_t seq;   /* the quoted segment's start, relative to our ISN */
    uint32_t len;   /* and its payload length */
} pd_icmp;

/* 1 when `text` (the line after its time) is an inbound ICMP line. */
int pd_icmp_line(const char *text);

/* Parse it for the family (ipv6 0 or 1).  Returns 0, or -1 with a reason
 * for the SKIP in `why`. */
int pd_icmp_parse(const char *text, int ipv6, pd_icmp *icmp, char *why, unsigned why_len);

/* The message as it arrives: ICMP header, then the quoted IP header (from
 * `quoted`'s addresses, ours first) and the first 8 bytes of the quoted TCP
 * header (our port, theirs, SEQ = offset + icmp->seq: offset maps the
 * script's sequence numbers of our side onto the stack's).  Returns its length,
 * or 0 when buf (cap bytes) is too small. */
uint32_t pd_icmp_build(const pd_icmp *icmp, const tcpfsm_wire_addrs *quoted, uint16_t src_port,
                       uint16_t dst_port, uint32_t offset, uint8_t *buf, uint32_t cap);

#endif
