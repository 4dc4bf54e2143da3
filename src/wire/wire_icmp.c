/* SPDX-License-Identifier: BSD-2-Clause */
/* ICMP and ICMPv6 error messages about a TCP segment: what they quote
 * (RFC 792, RFC 1122 §3.2.2, RFC 4443 §2.4 and §3), and what each type and
 * code means to the connection (RFC 1122 §4.2.3.9, RFC 5927). */
#include "tcpfsm/wire.h"
#include "wire_bytes.h"

#define ICMP_HEADER 8u      /* type, code, checksum, one word */
#define IPV4_MIN_HEADER 20u /* RFC 791 §3.1: IHL 5 */
#define IPV6_HEADER 40u     /* RFC 8200 §3 */
#define TCP_QUOTED 8u       /* RFC 792: 64 bits of the datagram's data */
#define IPPROTO_TCP_NUMBER 6u

/* ICMPv4 types (RFC 792, RFC 1812 §5.2.7.1 for the codes) */
#define ICMP4_UNREACH 3u
#define ICMP4_SOURCE_QUENCH 4u
#define ICMP4_TIME_EXCEEDED 11u
#define ICMP4_PARAM_PROBLEM 12u
/* ICMPv6 types (RFC 4443 §3) */
#define ICMP6_UNREACH 1u
#define ICMP6_PACKET_TOO_BIG 2u
#define ICMP6_TIME_EXCEEDED 3u
#define ICMP6_PARAM_PROBLEM 4u
#define IPV6_MIN_MTU 1280u  /* RFC 8200 §5 */

tcpfsm_error tcpfsm_wire_parse_icmp(const uint8_t *bytes, uint32_t len, uint8_t ipv6,
                                    tcpfsm_wire_icmp *icmp)
{
    uint32_t ip_len;
    uint32_t tcp;
    uint32_t i;
    if (bytes == 0 || icmp == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (ipv6 > 1u) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    if (len < ICMP_HEADER + (ipv6 != 0u ? IPV6_HEADER : IPV4_MIN_HEADER) + TCP_QUOTED) {
        return TCPFSM_ERR_WIRE_TOO_SHORT;
    }
    /* the quoted header: version, then its length (IPv4's IHL; IPv6's
     * fixed 40 bytes, no extension header, which our segments never carry) */
    ip_len = ipv6 != 0u ? IPV6_HEADER : (uint32_t)(bytes[ICMP_HEADER] % 16u) * 4u;
    if (bytes[ICMP_HEADER] / 16u != (ipv6 != 0u ? 6u : 4u) || ip_len < IPV4_MIN_HEADER) {
        return TCPFSM_ERR_WIRE_BAD_OFFSET;
    }
    if (len - ICMP_HEADER < ip_len + TCP_QUOTED) {
        return TCPFSM_ERR_WIRE_TOO_SHORT;
    }
    if (bytes[ICMP_HEADER + (ipv6 != 0u ? 6u : 9u)] != IPPROTO_TCP_NUMBER) {
        return TCPFSM_ERR_WIRE_NOT_TCP;
    }
    /* nothing can fail from here: the result is written in place */
    icmp->type = bytes[0];
    icmp->code = bytes[1];
    icmp->quoted.ipv6 = ipv6;
    /* RFC 1191 §4: the next-hop MTU in the low 16 bits of the second word;
     * RFC 4443 §3.2: Packet Too Big's MTU is the whole word */
    if (ipv6 != 0u) {
        icmp->mtu = bytes[0] == ICMP6_PACKET_TOO_BIG ? tcpfsm_get32(bytes + 4u) : 0u;
        icmp->quoted_len = 0u;
    } else {
        icmp->mtu = bytes[0] == ICMP4_UNREACH && bytes[1] == 4u ? tcpfsm_get16(bytes + 6u) : 0u;
        icmp->quoted_len = (uint16_t)tcpfsm_get16(bytes + ICMP_HEADER + 2u); /* total length */
    }
    /*@ loop invariant 0 <= i <= 16;
        loop invariant icmp->type == bytes[0] && icmp->code == bytes[1];
        loop invariant icmp->quoted.ipv6 == ipv6;
        loop assigns i, icmp->quoted.src[0 .. 15], icmp->quoted.dst[0 .. 15];
        loop variant 16 - i; */
    for (i = 0u; i < 16u; i++) {
        uint32_t n = ipv6 != 0u ? 16u : 4u;
        uint32_t at = ICMP_HEADER + (ipv6 != 0u ? 8u : 12u);
        icmp->quoted.src[i] = i < n ? bytes[at + i] : (uint8_t)0u;
        icmp->quoted.dst[i] = i < n ? bytes[at + n + i] : (uint8_t)0u;
    }
    tcp = ICMP_HEADER + ip_len;
    icmp->src_port = (uint16_t)tcpfsm_get16(bytes + tcp);
    icmp->dst_port = (uint16_t)tcpfsm_get16(bytes + tcp + 2u);
    icmp->seq = tcpfsm_get32(bytes + tcp + 4u);
    return TCPFSM_OK;
}

/* RFC 1191 §7: a router that gives no MTU leaves the sender to guess the
 * next plateau below the size of the datagram it dropped. */
/*@ terminates \true;
    assigns \nothing;
    ensures 68 <= \result <= 65535;
*/
static uint32_t plateau_below(uint32_t size)
{
    static const uint32_t plateaus[] = {32000u, 17914u, 8166u, 4352u, 2002u, 1492u,
                                        1006u, 508u, 296u, 68u};
    uint32_t i;
    /*@ loop invariant 0 <= i <= 10;
        loop assigns i;
        loop variant 10 - i; */
    for (i = 0u; i < 10u; i++) {
        if (plateaus[i] < size) {
            return plateaus[i];
        }
    }
    return 68u; /* RFC 791: every IPv4 link carries 68 bytes */
}

/* What an ICMPv4 type and code mean to TCP (RFC 1122 §4.2.3.9; codes of
 * RFC 792 and RFC 1812 §5.2.7.1). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result < TCPFSM_ICMP_KIND_COUNT;
*/
static uint8_t kind_v4(uint8_t type, uint8_t code)
{
    if (type == ICMP4_UNREACH) {
        if (code == 2u || code == 3u) {
            return TCPFSM_ICMP_REFUSED; /* protocol, port */
        }
        if (code == 4u) {
            return TCPFSM_ICMP_PACKET_TOO_BIG; /* fragmentation needed and DF set */
        }
        if (code == 9u || code == 10u || code == 13u) {
            return TCPFSM_ICMP_PROHIBITED; /* net, host, communication */
        }
        return TCPFSM_ICMP_UNREACHABLE;
    }
    if (type == ICMP4_TIME_EXCEEDED) {
        return code == 0u ? TCPFSM_ICMP_TIME_EXCEEDED : TCPFSM_ICMP_OTHER_SOFT;
    }
    if (type == ICMP4_PARAM_PROBLEM) {
        return TCPFSM_ICMP_OTHER_SOFT;
    }
    /* Source Quench (RFC 6633 §3: ignored), Redirect (the IP layer's) */
    return TCPFSM_ICMP_NONE;
}

/* The same for ICMPv6 (RFC 4443 §3). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result < TCPFSM_ICMP_KIND_COUNT;
*/
static uint8_t kind_v6(uint8_t type, uint8_t code)
{
    if (type == ICMP6_UNREACH) {
        if (code == 4u) {
            return TCPFSM_ICMP_REFUSED; /* port unreachable */
        }
        /* 5 and 6 (failed policy, reject route) are "more informative
         * subsets of code 1" (RFC 4443 §3.1) */
        return code == 1u || code == 5u || code == 6u ? TCPFSM_ICMP_PROHIBITED
                                                      : TCPFSM_ICMP_UNREACHABLE;
    }
    if (type == ICMP6_PACKET_TOO_BIG) {
        return TCPFSM_ICMP_PACKET_TOO_BIG;
    }
    if (type == ICMP6_TIME_EXCEEDED) {
        return code == 0u ? TCPFSM_ICMP_TIME_EXCEEDED : TCPFSM_ICMP_OTHER_SOFT;
    }
    if (type == ICMP6_PARAM_PROBLEM) {
        /* code 1, an unrecognised Next Header where TCP's is: the
         * destination has no TCP, IPv4's protocol unreachable */
        return code == 1u ? TCPFSM_ICMP_REFUSED : TCPFSM_ICMP_OTHER_SOFT;
    }
    return TCPFSM_ICMP_NONE;
}

tcpfsm_error tcpfsm_wire_to_icmp(const tcpfsm_wire_icmp *wire, tcpfsm_icmp *icmp)
{
    uint32_t headers;
    uint32_t mtu;
    uint8_t kind;
    if (wire == 0 || icmp == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (wire->quoted.ipv6 > 1u) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    kind = wire->quoted.ipv6 != 0u ? kind_v6(wire->type, wire->code)
                                   : kind_v4(wire->type, wire->code);
    if (wire->quoted.ipv6 != 0u && kind == (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG
        && wire->mtu < IPV6_MIN_MTU) {
        kind = TCPFSM_ICMP_NONE; /* RFC 8201 §4: below the minimum link MTU, discarded */
    }
    headers = (wire->quoted.ipv6 != 0u ? IPV6_HEADER : IPV4_MIN_HEADER) + TCPFSM_WIRE_MIN_HEADER;
    mtu = wire->mtu != 0u ? wire->mtu : plateau_below(wire->quoted_len);
    icmp->kind = kind;
    icmp->seq = wire->seq;
    /* the payload the path carries, 1 .. 65535 (the core sets the floor) */
    icmp->mss = (uint16_t)(kind != (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG ? 0u
                           : mtu <= headers ? 1u
                           : mtu - headers > 65535u ? 65535u : mtu - headers);
    return TCPFSM_OK;
}
