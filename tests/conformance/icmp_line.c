/* SPDX-License-Identifier: BSD-2-Clause */
/* Inbound ICMP lines of packetdrill scripts (icmp_line.h). */
#include "icmp_line.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* packetdrill's names of the types and codes (its icmp_packet.c): for
 * each, the ICMPv4 and the ICMPv6 number, -1 where the family has none. */
typedef struct {
    const char *name;
    int v4, v6;
} name_number;

static const name_number types[] = {
    {"unreachable", 3, 1},       {"packet_too_big", -1, 2}, {"time_exceeded", 11, 3},
    {"parameter_problem", 12, 4}, {"source_quench", 4, -1},  {"redirect", 5, -1},
};

/* The codes, by type (RFC 792, RFC 1812 §5.2.7.1, RFC 4443 §3). */
static const struct {
    int         type_v4, type_v6;
    name_number code;
} codes[] = {
    {3, -1, {"net_unreachable", 0, -1}},         {3, -1, {"host_unreachable", 1, -1}},
    {3, -1, {"protocol_unreachable", 2, -1}},    {3, 1, {"port_unreachable", 3, 4}},
    {3, -1, {"frag_needed", 4, -1}},             {3, -1, {"source_route_failed", 5, -1}},
    {3, -1, {"net_unknown", 6, -1}},             {3, -1, {"host_unknown", 7, -1}},
    {3, -1, {"source_host_isolated", 8, -1}},    {3, -1, {"net_prohibited", 9, -1}},
    {3, -1, {"host_prohibited", 10, -1}},        {3, -1, {"net_unreachable_for_tos", 11, -1}},
    {3, -1, {"host_unreachable_for_tos", 12, -1}}, {3, -1, {"packet_filtered", 13, -1}},
    {3, -1, {"precedence_violation", 14, -1}},   {3, -1, {"precedence_cutoff", 15, -1}},
    {-1, 1, {"no_route", -1, 0}},                {-1, 1, {"admin_prohibited", -1, 1}},
    {-1, 1, {"not_neighbour", -1, 2}},           {-1, 1, {"beyond_scope", -1, 2}},
    {-1, 1, {"address_unreachable", -1, 3}},
    {11, 3, {"ttl_exceeded_in_transit", 0, -1}}, {11, 3, {"frag_reass_exceeded", 1, -1}},
    {11, 3, {"exceeded_hop_limit", -1, 0}},      {11, 3, {"exceeded_frag_time", -1, 1}},
    {12, 4, {"code_0", 0, 0}},                   {12, 4, {"code_1", 1, 1}},
    {12, 4, {"code_2", 2, 2}},                   {12, 4, {"header_field", -1, 0}},
    {12, 4, {"unknown_next_header", -1, 1}},     {12, 4, {"unknown_option", -1, 2}},
};

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* The next word (letters, digits, '_') into word; the text after it. */
static const char *take_word(const char *p, char *word, size_t size)
{
    size_t n = 0;
    p = skip_space(p);
    while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < size) {
        word[n++] = *p++;
    }
    word[n] = '\0';
    return p;
}

int pd_icmp_line(const char *text)
{
    char word[16];
    const char *p = skip_space(text);
    if (*p != '<') {
        return 0;
    }
    (void)take_word(p + 1, word, sizeof word);
    return strcmp(word, "icmp") == 0;
}

static int fail(char *why, unsigned why_len, const char *what, const char *at)
{
    snprintf(why, why_len, "icmp line: %s at \"%.24s\"", what, at);
    return -1;
}

int pd_icmp_parse(const char *text, int ipv6, pd_icmp *icmp, char *why, unsigned why_len)
{
    char word[40];
    const char *p = skip_space(text) + 1; /* past '<' */
    size_t i;
    int type = -1, code = 0;
    unsigned long end, n;
    memset(icmp, 0, sizeof *icmp);
    p = take_word(p, word, sizeof word); /* "icmp" */
    p = take_word(p, word, sizeof word);
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(word, types[i].name) == 0) {
            type = ipv6 ? types[i].v6 : types[i].v4;
        }
    }
    if (type < 0) {
        return fail(why, why_len, "unknown ICMP type for this IP version", word);
    }
    icmp->type = (uint8_t)type;
    p = skip_space(p);
    if (*p != '[' && strncmp(p, "mtu", 3) != 0) {
        int found = 0;
        p = take_word(p, word, sizeof word);
        for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
            int want = ipv6 ? codes[i].type_v6 : codes[i].type_v4;
            int number = ipv6 ? codes[i].code.v6 : codes[i].code.v4;
            if (want == type && number >= 0 && strcmp(word, codes[i].code.name) == 0) {
                code = number;
                found = 1;
            }
        }
        if (!found) {
            return fail(why, why_len, "unknown ICMP code for this type", word);
        }
    }
    icmp->code = (uint8_t)code;
    p = skip_space(p);
    if (strncmp(p, "mtu", 3) == 0) {
        char *after;
        n = strtoul(p + 3, &after, 10);
        if (after == p + 3 || n > 0xffffffffUL) {
            return fail(why, why_len, "bad mtu", p);
        }
        icmp->mtu = (uint32_t)n;
        p = skip_space(after);
    }
    {
        unsigned long start, len;
        int used = 0;
        if (sscanf(p, "[%lu:%lu(%lu)]%n", &start, &end, &len, &used) != 3 || used == 0
            || start > 0xffffffffUL || end > 0xffffffffUL || len > 0xffffffffUL
            || (uint32_t)(end - start) != (uint32_t)len) {
            return fail(why, why_len, "expected [start:end(length)]", p);
        }
        icmp->seq = (uint32_t)start;
        icmp->len = (uint32_t)len;
        p = skip_space(p + used);
    }
    if (*p != '\0') {
        return fail(why, why_len, "unexpected text", p);
    }
    return 0;
}

static void put16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 8);
    b[1] = (uint8_t)v;
}

static void put32(uint8_t *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b + 2, v & 0xffffu);
}

uint32_t pd_icmp_build(const pd_icmp *icmp, const tcpfsm_wire_addrs *quoted, uint16_t src_port,
                       uint16_t dst_port, uint32_t offset, uint8_t *buf, uint32_t cap)
{
    uint32_t ip = quoted->ipv6 ? 40u : 20u;
    uint32_t len = 8u + ip + 8u;
    /* the quoted segment: a TCP header without options and its payload */
    uint32_t quoted_len = ip + 20u + icmp->len;
    if (cap < len) {
        return 0;
    }
    memset(buf, 0, len);
    buf[0] = icmp->type;
    buf[1] = icmp->code; /* the checksum stays 0: the IP layer's to check */
    if (quoted->ipv6) {
        put32(buf + 4, icmp->mtu); /* RFC 4443 §3.2, 0 for the other types */
        buf[8] = 0x60;
        put16(buf + 8 + 4, 20u + icmp->len); /* payload length */
        buf[8 + 6] = 6;                      /* next header: TCP */
        buf[8 + 7] = 64;
        memcpy(buf + 8 + 8, quoted->src, 16);
        memcpy(buf + 8 + 24, quoted->dst, 16);
    } else {
        put16(buf + 6, icmp->mtu & 0xffffu); /* RFC 1191 §4, 0 for the others */
        buf[8] = 0x45;
        put16(buf + 8 + 2, quoted_len);
        buf[8 + 8] = 64;
        buf[8 + 9] = 6; /* protocol: TCP */
        memcpy(buf + 8 + 12, quoted->src, 4);
        memcpy(buf + 8 + 16, quoted->dst, 4);
    }
    put16(buf + 8 + ip, src_port);
    put16(buf + 8 + ip + 2, dst_port);
    put32(buf + 8 + ip + 4, offset + icmp->seq);
    return len;
}
