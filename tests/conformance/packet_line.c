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

/* A hexadecimal number `0x...` (the lexer's HEX_INTEGER). */
static int take_hex(cursor *c, uint32_t *value)
{
    uint64_t v = 0;
    int digits = 0;
    skip_space(c);
    if (c->p[0] != '0' || (c->p[1] != 'x' && c->p[1] != 'X')) {
        return 0;
    }
    c->p += 2;
    while (isxdigit((unsigned char)*c->p)) {
        v = v * 16u + (uint64_t)(isdigit((unsigned char)*c->p) ? *c->p - '0'
                                                                : (*c->p | 0x20) - 'a' + 10);
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

/* A keyword: `word` not followed by more of a word. */
static int take_word(cursor *c, const char *word)
{
    size_t n = strlen(word);
    skip_space(c);
    if (strncmp(c->p, word, n) == 0 && !isalnum((unsigned char)c->p[n]) && c->p[n] != '_'
        && c->p[n] != '-') {
        c->p += n;
        return 1;
    }
    return 0;
}

/* packetdrill's ip_ecn: the ECN field by name (RFC 3168 §5). */
static int take_ip_ecn(cursor *c, uint8_t *ecn)
{
    if (take_word(c, "noecn")) {
        *ecn = 0u;
    } else if (take_word(c, "ect0")) {
        *ecn = 2u;
    } else if (take_word(c, "ect1")) {
        *ecn = 1u;
    } else if (take_word(c, "ce")) {
        *ecn = 3u;
    } else {
        return 0;
    }
    return 1;
}

/* packetdrill's dscp: `dscp 0x..` or a name (RFC 2474 class selectors,
 * RFC 2597 AF, RFC 3246 EF, RFC 5865 VOICE-ADMIT, RFC 8622 LE). */
static int take_dscp(cursor *c, uint8_t *dscp)
{
    static const struct { const char *name; uint8_t value; } names[] = {
        {"cs0", 0}, {"cs1", 8}, {"cs2", 16}, {"cs3", 24}, {"cs4", 32}, {"cs5", 40},
        {"cs6", 48}, {"cs7", 56}, {"af11", 10}, {"af12", 12}, {"af13", 14}, {"af21", 18},
        {"af22", 20}, {"af23", 22}, {"af31", 26}, {"af32", 28}, {"af33", 30}, {"af41", 34},
        {"af42", 36}, {"af43", 38}, {"ef", 46}, {"voice-admit", 44}, {"va", 44}, {"le", 1},
    };
    uint32_t v;
    size_t i;
    if (take_hex(c, &v)) {
        if (v > 63u) {
            return 0;
        }
        *dscp = (uint8_t)v;
        return 1;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (take_word(c, names[i].name)) {
            *dscp = names[i].value;
            return 1;
        }
    }
    return 0;
}

/* packetdrill's opt_ip_info: `(...)` or `[...]`, items separated by
 * commas: a tos_spec (an ECN name, `ect01`, `tos 0x..`, `class 0x..`,
 * `ecn NAME`) or `dscp X` (optionally with `ecn NAME`), `flowlabel 0x..`,
 * and `ttl N` or `hlim N`, each at most once. */
static int parse_ip_info(cursor *c, pd_packet *pkt, char *why, unsigned why_len)
{
    pd_ip_info *ip = &pkt->ip;
    char close;
    int have_tos = 0, have_dscp = 0;
    uint8_t dscp = 0;
    skip_space(c);
    if (*c->p != '(' && *c->p != '[') {
        return 0;
    }
    close = *c->p == '(' ? ')' : ']';
    c->p++;
    for (;;) {
        uint32_t v;
        uint8_t ecn;
        skip_space(c);
        if (take_ip_ecn(c, &ecn)) {
            if (have_tos) {
                return fail(why, why_len, "two ECN or TOS values", c->p);
            }
            have_tos = 1;
            ip->tos_check = PD_TOS_ECN;
            ip->tos = ecn;
        } else if (take_word(c, "ect01")) {
            if (have_tos) {
                return fail(why, why_len, "two ECN or TOS values", c->p);
            }
            have_tos = 1;
            ip->tos_check = PD_TOS_ECT01;
            ip->tos = 0u;
        } else if (take_word(c, "tos") || take_word(c, "class")) {
            if (have_tos || have_dscp || !take_hex(c, &v) || v > 0xffu) {
                return fail(why, why_len, "bad tos or class (0x00 .. 0xff)", c->p);
            }
            have_tos = 1;
            ip->tos_check = PD_TOS_BYTE;
            ip->tos = (uint8_t)v;
        } else if (take_word(c, "dscp")) {
            if (have_tos || have_dscp || !take_dscp(c, &dscp)) {
                return fail(why, why_len, "bad dscp", c->p);
            }
            have_dscp = 1;
            ip->tos_check = PD_TOS_DSCP;
            ip->tos = (uint8_t)(dscp << 2);
        } else if (take_word(c, "ecn")) {
            if (have_tos) {
                return fail(why, why_len, "two ECN or TOS values", c->p);
            }
            have_tos = 1;
            if (take_word(c, "ect01")) {
                ip->tos_check = have_dscp ? PD_TOS_DSCP_ECT01 : PD_TOS_ECT01;
                ip->tos = (uint8_t)(dscp << 2);
            } else if (take_ip_ecn(c, &ecn)) {
                /* `dscp X, ecn Y` is the whole byte (TOS_CHECK_TOS) */
                ip->tos_check = have_dscp ? PD_TOS_BYTE : PD_TOS_ECN;
                ip->tos = (uint8_t)((dscp << 2) | ecn);
            } else {
                return fail(why, why_len, "bad ecn", c->p);
            }
        } else if (take_word(c, "flowlabel")) {
            if (ip->flowlabel_given || !take_hex(c, &v) || v > 0xfffffu) {
                return fail(why, why_len, "bad flowlabel (20 bits)", c->p);
            }
            ip->flowlabel_given = 1;
            ip->flowlabel = v;
        } else if (take_word(c, "ttl") || take_word(c, "hlim")) {
            if (ip->ttl_given || !take_u32(c, &v) || v > 0xffu) {
                return fail(why, why_len, "bad ttl or hlim (0 .. 255)", c->p);
            }
            ip->ttl_given = 1;
            ip->ttl = (uint8_t)v;
        } else {
            return fail(why, why_len, "unknown IP annotation", c->p);
        }
        skip_space(c);
        if (*c->p == close) {
            c->p++;
            break;
        }
        if (*c->p != ',') {
            return fail(why, why_len, "expected ',' or the end of the IP annotation", c->p);
        }
        c->p++;
    }
    if (!pkt->outbound
        && (ip->tos_check == PD_TOS_ECT01 || ip->tos_check == PD_TOS_DSCP_ECT01)) {
        /* parser.y: "[ect01] can only be used with outbound packets" */
        return fail(why, why_len, "ect01 on an inbound packet", c->p);
    }
    return 0;
}

/* `md5 valid`, `md5 invalid` or `md5 <hex>` (up to 16 bytes, as Google's
 * packetdrill writes a digest). */
static int parse_md5(cursor *c, pd_packet *pkt, char *why, unsigned why_len)
{
    unsigned n = 0;
    if (pkt->md5 != 0) {
        return fail(why, why_len, "two md5 options", c->p);
    }
    if (take_word(c, "valid")) {
        pkt->md5 = PD_MD5_VALID;
        return 0;
    }
    if (take_word(c, "invalid")) {
        pkt->md5 = PD_MD5_INVALID;
        return 0;
    }
    skip_space(c);
    while (isxdigit((unsigned char)c->p[0]) && isxdigit((unsigned char)c->p[1])) {
        unsigned hi = (unsigned)(isdigit((unsigned char)c->p[0]) ? c->p[0] - '0'
                                                                  : (c->p[0] | 0x20) - 'a' + 10);
        unsigned lo = (unsigned)(isdigit((unsigned char)c->p[1]) ? c->p[1] - '0'
                                                                  : (c->p[1] | 0x20) - 'a' + 10);
        if (n == sizeof pkt->md5_digest) {
            return fail(why, why_len, "MD5 digest longer than 16 bytes", c->p);
        }
        pkt->md5_digest[n++] = (uint8_t)(hi << 4 | lo);
        c->p += 2;
    }
    if (n == 0u || isalnum((unsigned char)*c->p)) {
        return fail(why, why_len, "bad md5 (valid, invalid or a hex digest)", c->p);
    }
    pkt->md5 = PD_MD5_DIGEST;
    return 0;
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
    if (take_word(c, "md5")) {
        return parse_md5(c, pkt, why, why_len);
    }
    if (take(c, "sackOK")) {
        pkt->options |= TCPFSM_OPT_SACK_PERM;
        return 0;
    }
    if (take(c, "TS")) {
        if (!take(c, "val") || !take_u32(c, &v) || !take(c, "ecr") || !take_u32(c, &w)) {
            return fail(why, why_len, "bad TS option", c->p);
        }
        if (*c->p == '!') {
            c->p++;
            pkt->ts_ecr_absolute = 1;
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
    if (parse_ip_info(&c, pkt, why, why_len) != 0) {
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
    if (pkt->seq_given && *c.p == '!') {
        c.p++;
        pkt->seq_absolute = 1;
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
    /* parser.y opt_urg_ptr: `urg INTEGER`, is_valid_u16 ("urg_ptr value
     * out of range"), after the window and before the options */
    if (take_word(&c, "urg")) {
        uint32_t up;
        if (!take_u32(&c, &up) || up > 0xffffu) {
            return fail(why, why_len, "bad urg (0 .. 65535)", c.p);
        }
        pkt->urg_ptr = (uint16_t)up;
    }
    if (parse_options(&c, pkt, why, why_len) != 0) {
        return -1;
    }
    if (take(&c, "/")) {
        uint32_t src, dst;
        if (!take_word(&c, "udp") || !take(&c, "(") || !take_u32(&c, &src) || src > 0xffffu
            || !take(&c, ">") || !take_u32(&c, &dst) || dst > 0xffffu || !take(&c, ")")) {
            return fail(why, why_len, "expected /udp(src > dst)", c.p);
        }
        pkt->udp_given = 1;
        pkt->udp_src = (uint16_t)src;
        pkt->udp_dst = (uint16_t)dst;
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
        n = snprintf(buf, len, "%s %u:%u(%u)%s", flags, pkt->seq, pkt->seq + pkt->len, pkt->len,
                     pkt->seq_absolute ? "!" : "");
    } else {
        n = snprintf(buf, len, "%s ...(%u)", flags, pkt->len);
    }
    if (n > 0 && (unsigned)n < len && pkt->ack_given) {
        n += snprintf(buf + n, len - (unsigned)n, " ack %u", pkt->ack);
    }
    if (n > 0 && (unsigned)n < len && pkt->win_given) {
        n += snprintf(buf + n, len - (unsigned)n, " win %u", pkt->win);
    }
    if (n > 0 && (unsigned)n < len && pkt->urg_ptr != 0u) {
        n += snprintf(buf + n, len - (unsigned)n, " urg %u", pkt->urg_ptr);
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
            n += snprintf(buf + n, len - (unsigned)n, "TS val %u ecr %u%s,", pkt->ts_val,
                          pkt->ts_ecr, pkt->ts_ecr_absolute ? "!" : "");
        }
        if (pkt->md5 != 0 && n > 0 && (unsigned)n < len) {
            n += snprintf(buf + n, len - (unsigned)n, "md5 %s,",
                          pkt->md5 == PD_MD5_VALID ? "valid"
                          : pkt->md5 == PD_MD5_INVALID ? "invalid" : "<digest>");
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

void pd_ip_info_format(const pd_ip_info *ip, int ipv6, char *buf, unsigned len)
{
    static const char *const ecn_names[4] = {"noecn", "ect1", "ect0", "ce"};
    int n = 0;
    const char *sep = "";
    buf[0] = '\0';
    if (ip->tos_check == PD_TOS_NONE && !ip->ttl_given && !ip->flowlabel_given) {
        return;
    }
    n = snprintf(buf, len, "(");
    switch (ip->tos_check) {
    case PD_TOS_NONE:
        break;
    case PD_TOS_ECN:
        n += snprintf(buf + n, len - (unsigned)n, "%s", ecn_names[ip->tos & PD_IP_ECN_MASK]);
        sep = ", ";
        break;
    case PD_TOS_ECT01:
        n += snprintf(buf + n, len - (unsigned)n, "ect01");
        sep = ", ";
        break;
    case PD_TOS_BYTE:
        n += snprintf(buf + n, len - (unsigned)n, "%s 0x%02x", ipv6 ? "class" : "tos", ip->tos);
        sep = ", ";
        break;
    case PD_TOS_DSCP:
        n += snprintf(buf + n, len - (unsigned)n, "dscp 0x%02x", ip->tos >> 2);
        sep = ", ";
        break;
    case PD_TOS_DSCP_ECT01:
        n += snprintf(buf + n, len - (unsigned)n, "dscp 0x%02x, ecn ect01", ip->tos >> 2);
        sep = ", ";
        break;
    }
    if (ip->flowlabel_given && n > 0 && (unsigned)n < len) {
        n += snprintf(buf + n, len - (unsigned)n, "%sflowlabel 0x%05x", sep, ip->flowlabel);
        sep = ", ";
    }
    if (ip->ttl_given && n > 0 && (unsigned)n < len) {
        n += snprintf(buf + n, len - (unsigned)n, "%s%s %u", sep, ipv6 ? "hlim" : "ttl", ip->ttl);
    }
    if (n > 0 && (unsigned)n < len) {
        snprintf(buf + n, len - (unsigned)n, ")");
    }
}

void pd_udp_format(const pd_packet *pkt, char *buf, unsigned len)
{
    if (pkt->udp_given) {
        snprintf(buf, len, "/udp(%u > %u)", pkt->udp_src, pkt->udp_dst);
    } else if (len > 0u) {
        buf[0] = '\0';
    }
}
