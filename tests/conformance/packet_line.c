/* SPDX-License-Identifier: BSD-2-Clause */
/* Parsing a packetdrill packet line (packet_line.h). */
#include "packet_line.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A cursor over the line. */
typedef struct {
    const char *p;
} cursor;

static void skip_space(cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t') {
        c->p++;
    }
}

static int take(cursor *c, const char *word)
{
    size_t n = strlen(word);
    skip_space(c);
    if (strncmp(c->p, word, n) == 0) {
        c->p += n;
        return 1;
    }
    return 0;
}

/* An unsigned decimal of at most 32 bits. */
static int take_u32(cursor *c, uint32_t *value)
{
    uint64_t v = 0;
    int digits = 0;
    skip_space(c);
    while (isdigit((unsigned char)*c->p)) {
        v = v * 10u + (uint64_t)(*c->p - '0');
        if (v > 0xffffffffu) {
            return 0;
        }
        c->p++;
        digits++;
    }
    if (digits == 0) {
        return 0;
    }
    *value = (uint32_t)v;
    return 1;
}

static int fail(char *why, unsigned why_len, const char *what, const char *at)
{
    snprintf(why, why_len, "packet line: %s at \"%.24s\"", what, at);
    return -1;
}

/* packetdrill's flag letters (packetdrill tcp_packet.c, is_tcp_flag_set). */
static int flag_of(char letter, uint8_t *flag)
{
    switch (letter) {
    case 'F': *flag = TCPFSM_FIN; return 1;
    case 'S': *flag = TCPFSM_SYN; return 1;
    case 'R': *flag = TCPFSM_RST; return 1;
    case 'P': *flag = TCPFSM_PSH; return 1;
    case '.': *flag = TCPFSM_ACK; return 1;
    case 'U': *flag = TCPFSM_URG; return 1;
    case 'E': *flag = TCPFSM_ECE; return 1;
    case 'W': *flag = TCPFSM_CWR; return 1;
    default: return 0;
    }
}

static int parse_ecn(cursor *c, pd_packet *pkt, char *why, unsigned why_len)
{
    static const struct { const char *name; pd_ecn ecn; } names[] = {
        {"[noecn]", PD_ECN_NOT_ECT}, {"[ect0]", PD_ECN_ECT0},
        {"[ect1]", PD_ECN_ECT1}, {"[ce]", PD_ECN_CE},
    };
    size_t i;
    skip_space(c);
    if (*c->p != '[') {
        return 0;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (take(c, names[i].name)) {
            pkt->ecn = names[i].ecn;
            return 0;
        }
    }
    return fail(why, why_len, "unknown IP annotation", c->p);
}

/* One option of the list; nop and eol are layout and carry nothing. */
static int parse_option(cursor *c, pd_packet *pkt, char *why, unsigned why_len)
{
    uint32_t v, w;
    if (take(c, "nop") || take(c, "eol")) {
        return 0;
    }
    if (take(c, "mss")) {
        if (!take_u32(c, &v) || v > 0xffffu) {
            return fail(why, why_len, "bad mss", c->p);
        }
        pkt->options |= TCPFSM_OPT_MSS;
        pkt->mss = (uint16_t)v;
        return 0;
    }
    if (take(c, "wscale")) {
        if (!take_u32(c, &v) || v > 255u) {
            return fail(why, why_len, "bad wscale", c->p);
        }
        pkt->options |= TCPFSM_OPT_WSCALE;
        pkt->wscale = (uint8_t)v;
        return 0;
    }
    if (take(c, "sackOK")) {
        pkt->options |= TCPFSM_OPT_SACK_PERM;
        return 0;
    }
    if (take(c, "TS")) {
        if (!take(c, "val") || !take_u32(c, &v) || !take(c, "ecr") || !take_u32(c, &w)) {
            return fail(why, why_len, "bad TS option", c->p);
        }
        pkt->options |= TCPFSM_OPT_TIMESTAMP;
        pkt->ts_val = v;
        pkt->ts_ecr = w;
        return 0;
    }
    if (take(c, "sack")) {
        pkt->options |= TCPFSM_OPT_SACK;
        while (take_u32(c, &v)) {
            if (!take(c, ":") || !take_u32(c, &w)) {
                return fail(why, why_len, "bad SACK block", c->p);
            }
            if (pkt->sack_count >= TCPFSM_WIRE_MAX_SACK) {
                return fail(why, why_len, "more than four SACK blocks", c->p);
            }
            pkt->sack[pkt->sack_count].left = v;
            pkt->sack[pkt->sack_count].right = w;
            pkt->sack_count++;
        }
        if (pkt->sack_count == 0u) {
            return fail(why, why_len, "SACK option without blocks", c->p);
        }
        return 0;
    }
    return fail(why, why_len, "unsupported TCP option", c->p);
}

static int parse_options(cursor *c, pd_packet *pkt, char *why, unsigned why_len)
{
    if (!take(c, "<")) {
        return 0;
    }
    if (take(c, "...")) {
        if (!take(c, ">")) {
            return fail(why, why_len, "expected '>'", c->p);
        }
        return 0; /* <...>: options not checked */
    }
    pkt->options_given = 1;
    if (take(c, ">")) {
        return 0; /* <>: no option at all */
    }
    for (;;) {
        if (parse_option(c, pkt, why, why_len) != 0) {
            return -1;
        }
        if (take(c, ">")) {
            return 0;
        }
        if (!take(c, ",")) {
            return fail(why, why_len, "expected ',' or '>'", c->p);
        }
    }
}

int pd_packet_parse(const char *text, pd_packet *pkt, char *why, unsigned why_len)
{
    cursor c = {text};
    uint32_t end;
    memset(pkt, 0, sizeof *pkt);
    skip_space(&c);
    if (*c.p == '<') {
        pkt->outbound = 0;
    } else if (*c.p == '>') {
        pkt->outbound = 1;
    } else {
        return fail(why, why_len, "expected '<' or '>'", c.p);
    }
    c.p++;
    if (parse_ecn(&c, pkt, why, why_len) != 0) {
        return -1;
    }
    skip_space(&c);
    while (*c.p != '\0' && *c.p != ' ' && *c.p != '\t') {
        uint8_t flag;
        if (!flag_of(*c.p, &flag)) {
            return fail(why, why_len, "unknown TCP flag", c.p);
        }
        pkt->flags |= flag;
        c.p++;
    }
    if (take(&c, "...")) {
        pkt->seq_given = 0;
    } else {
        if (!take_u32(&c, &pkt->seq) || !take(&c, ":") || !take_u32(&c, &end)) {
            return fail(why, why_len, "expected start:end(length)", c.p);
        }
        pkt->seq_given = 1;
    }
    if (!take(&c, "(") || !take_u32(&c, &pkt->len) || !take(&c, ")")) {
        return fail(why, why_len, "expected (length)", c.p);
    }
    if (pkt->seq_given && (uint32_t)(end - pkt->seq) != pkt->len) {
        return fail(why, why_len, "start:end disagrees with the length", text);
    }
    if (take(&c, "ack")) {
        if (!take_u32(&c, &pkt->ack)) {
            return fail(why, why_len, "bad ack", c.p);
        }
        pkt->ack_given = 1;
    }
    if (take(&c, "win")) {
        if (!take_u32(&c, &pkt->win) || pkt->win > 0xffffu) {
            return fail(why, why_len, "bad win", c.p);
        }
        pkt->win_given = 1;
    }
    if (parse_options(&c, pkt, why, why_len) != 0) {
        return -1;
    }
    skip_space(&c);
    if (*c.p != '\0') {
        return fail(why, why_len, "unexpected text", c.p);
    }
    if (!pkt->outbound && (!pkt->seq_given || !pkt->win_given)) {
        return fail(why, why_len, "an inbound packet needs its sequence number and window",
                    text);
    }
    return 0;
}

void pd_flags_format(uint8_t flags, char *buf, unsigned len)
{
    static const char letters[] = "FSRP.UEW"; /* bit order, FIN first */
    static const char order[] = "SFRPUEW."; /* packetdrill prints ACK last */
    unsigned n = 0, i;
    for (i = 0; order[i] != '\0' && n + 1 < len; i++) {
        const char *at = strchr(letters, order[i]);
        unsigned bit = (unsigned)(at - letters);
        if ((flags & (1u << bit)) != 0u) {
            buf[n++] = order[i];
        }
    }
    buf[n] = '\0';
}

void pd_packet_format(const pd_packet *pkt, char *buf, unsigned len)
{
    char flags[16];
    int n;
    pd_flags_format(pkt->flags, flags, sizeof flags);
    if (pkt->seq_given) {
        n = snprintf(buf, len, "%s %u:%u(%u)", flags, pkt->seq, pkt->seq + pkt->len, pkt->len);
    } else {
        n = snprintf(buf, len, "%s ...(%u)", flags, pkt->len);
    }
    if (n > 0 && (unsigned)n < len && pkt->ack_given) {
        n += snprintf(buf + n, len - (unsigned)n, " ack %u", pkt->ack);
    }
    if (n > 0 && (unsigned)n < len && pkt->win_given) {
        n += snprintf(buf + n, len - (unsigned)n, " win %u", pkt->win);
    }
    if (n > 0 && (unsigned)n < len && pkt->options_given) {
        n += snprintf(buf + n, len - (unsigned)n, " <");
        if ((pkt->options & TCPFSM_OPT_MSS) != 0u && n > 0 && (unsigned)n < len) {
            n += snprintf(buf + n, len - (unsigned)n, "mss %u,", pkt->mss);
        }
        if ((pkt->options & TCPFSM_OPT_WSCALE) != 0u && n > 0 && (unsigned)n < len) {
            n += snprintf(buf + n, len - (unsigned)n, "wscale %u,", pkt->wscale);
        }
        if ((pkt->options & TCPFSM_OPT_SACK_PERM) != 0u && n > 0 && (unsigned)n < len) {
            n += snprintf(buf + n, len - (unsigned)n, "sackOK,");
        }
        if ((pkt->options & TCPFSM_OPT_TIMESTAMP) != 0u && n > 0 && (unsigned)n < len) {
            n += snprintf(buf + n, len - (unsigned)n, "TS val %u ecr %u,", pkt->ts_val,
                          pkt->ts_ecr);
        }
        if ((pkt->options & TCPFSM_OPT_SACK) != 0u && n > 0 && (unsigned)n < len) {
            unsigned k;
            n += snprintf(buf + n, len - (unsigned)n, "sack");
            for (k = 0; k < pkt->sack_count && n > 0 && (unsigned)n < len; k++) {
                n += snprintf(buf + n, len - (unsigned)n, " %u:%u", pkt->sack[k].left,
                              pkt->sack[k].right);
            }
            if (n > 0 && (unsigned)n < len) {
                n += snprintf(buf + n, len - (unsigned)n, ",");
            }
        }
        if (n > 0 && (unsigned)n < len && buf[n - 1] == ',') {
            n--;
        }
        if (n > 0 && (unsigned)n < len) {
            snprintf(buf + n, len - (unsigned)n, ">");
        }
    }
}
