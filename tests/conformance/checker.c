/* SPDX-License-Identifier: BSD-2-Clause */
/* Checking emitted segments against `>` lines (checker.h). */
#include "checker.h"

#include <stdio.h>
#include <string.h>

static uint32_t to_script_seq(const pd_stack *st, uint32_t live)
{
    return live - st->live_local_isn + st->script_local_isn;
}

void pd_format_emitted(const pd_stack *st, const pd_emitted *got, const pd_packet *want,
                       char *buf, unsigned len)
{
    pd_packet p;
    char ip[64] = "", udp[32] = "", tcp[200];
    memset(&p, 0, sizeof p);
    p.outbound = 1;
    p.flags = got->seg.flags;
    p.seq_given = 1;
    p.seq = to_script_seq(st, got->seg.seq);
    p.len = got->seg.payload_len;
    p.ack_given = (got->seg.flags & TCPFSM_ACK) != 0u;
    p.ack = got->seg.ack;
    p.win_given = 1;
    p.win = got->seg.window;
    p.urg_ptr = got->seg.urgent;
    p.options_given = got->seg.options != 0u;
    p.options = got->seg.options;
    p.mss = got->seg.mss;
    p.wscale = got->seg.wscale;
    p.ts_val = got->seg.ts_val;
    p.ts_ecr = got->seg.ts_ecr;
    p.sack_count = got->seg.sack_count;
    memcpy(p.sack, got->seg.sack, sizeof p.sack);
    p.seq_absolute = want != NULL && want->seq_absolute;
    if (p.seq_absolute) {
        p.seq = got->seg.seq;
    }
    /* the IP header and the UDP carrier when the line speaks of them */
    if (want != NULL && (want->ip.tos_check != PD_TOS_NONE || want->ip.ttl_given)) {
        pd_ip_info i;
        memset(&i, 0, sizeof i);
        i.tos_check = want->ip.tos_check == PD_TOS_NONE ? PD_TOS_NONE : PD_TOS_BYTE;
        i.tos = got->tos;
        i.ttl_given = want->ip.ttl_given;
        i.ttl = got->ttl;
        pd_ip_info_format(&i, st->ipv6, ip, sizeof ip);
        strcat(ip, " ");
    }
    if (got->udp_src != 0u || got->udp_dst != 0u) {
        p.udp_given = 1;
        p.udp_src = got->udp_src;
        p.udp_dst = got->udp_dst;
        pd_udp_format(&p, udp, sizeof udp);
    }
    pd_packet_format(&p, tcp, sizeof tcp);
    snprintf(buf, len, "%s%s%s", ip, tcp, udp);
}

static void remember_ts_val(pd_stack *st, uint32_t script_val, uint32_t live_val)
{
    int i;
    for (i = 0; i < st->ts_map_count; i++) {
        if (st->ts_script[i] == script_val) {
            st->ts_live[i] = live_val;
            return;
        }
    }
    if (st->ts_map_count < PD_MAX_TS_MAP) {
        st->ts_script[st->ts_map_count] = script_val;
        st->ts_live[st->ts_map_count] = live_val;
        st->ts_map_count++;
    }
}

static int check_options(const pd_packet *want, const tcpfsm_wire_segment *got, char *why,
                         unsigned why_len)
{
    uint8_t want_set = want->options, got_set = got->options;
    unsigned k;
    if (want->md5 != 0) {
        /* the codec builds no TCP-MD5 option (kind 19): the core signs
         * nothing */
        snprintf(why, why_len, "no TCP-MD5 signature option, expected one (tcpfsm has no "
                               "TCP-MD5, RFC 2385)");
        return -1;
    }
    if (want_set != got_set) {
        snprintf(why, why_len, "options differ (expected set 0x%02x, sent 0x%02x)", want_set,
                 got_set);
        return -1;
    }
    if ((want_set & TCPFSM_OPT_MSS) != 0u && want->mss != got->mss) {
        snprintf(why, why_len, "mss %u, expected %u", got->mss, want->mss);
        return -1;
    }
    if ((want_set & TCPFSM_OPT_WSCALE) != 0u && want->wscale != got->wscale) {
        snprintf(why, why_len, "wscale %u, expected %u", got->wscale, want->wscale);
        return -1;
    }
    if ((want_set & TCPFSM_OPT_TIMESTAMP) != 0u && want->ts_ecr != got->ts_ecr) {
        snprintf(why, why_len, "TS ecr %u, expected %u", got->ts_ecr, want->ts_ecr);
        return -1;
    }
    if ((want_set & TCPFSM_OPT_SACK) != 0u) {
        if (want->sack_count != got->sack_count) {
            snprintf(why, why_len, "%u SACK blocks, expected %u", got->sack_count,
                     want->sack_count);
            return -1;
        }
        for (k = 0; k < want->sack_count; k++) {
            if (want->sack[k].left != got->sack[k].left || want->sack[k].right != got->sack[k].right) {
                snprintf(why, why_len, "SACK block %u is %u:%u, expected %u:%u", k,
                         got->sack[k].left, got->sack[k].right, want->sack[k].left,
                         want->sack[k].right);
                return -1;
            }
        }
    }
    return 0;
}

/* The IP header and the carrier, as packetdrill's verify_ipv4/_ipv6 and
 * verify_tcp check them: the TOS byte or traffic class (ECN field
 * included: ECT(0) when the core asked for it, RFC 3168 §6.1.2) by the
 * line's kind of check (verify_outbound_live_tos), the TTL or hop limit
 * when given (verify_outbound_live_ttl_or_hl), and the headers: a line
 * with `/udp(a > b)` wants TCP in UDP with those ports, a line without it
 * plain TCP (verify_outbound_live_headers: the same layers). */
static int check_ip(const pd_stack *st, const pd_packet *want, const pd_emitted *got, char *why,
                    unsigned why_len)
{
    static const char *const ecn_names[4] = {"Not-ECT", "ECT(1)", "ECT(0)", "CE"};
    const char *field = st->ipv6 ? "traffic class" : "TOS";
    uint8_t got_ecn = (uint8_t)(got->tos & PD_IP_ECN_MASK);
    uint8_t want_ecn = (uint8_t)(want->ip.tos & PD_IP_ECN_MASK);
    int encapsulated = got->udp_src != 0u || got->udp_dst != 0u;
    switch (want->ip.tos_check) {
    case PD_TOS_NONE:
        break;
    case PD_TOS_ECN:
        if (got_ecn != want_ecn) {
            snprintf(why, why_len, "IP ECN field %s, expected %s", ecn_names[got_ecn],
                     ecn_names[want_ecn]);
            return -1;
        }
        break;
    case PD_TOS_ECT01:
    case PD_TOS_DSCP_ECT01:
        if (got_ecn != 0x01u && got_ecn != 0x02u) {
            snprintf(why, why_len, "IP ECN field %s, expected ECT(0) or ECT(1)",
                     ecn_names[got_ecn]);
            return -1;
        }
        if (want->ip.tos_check == PD_TOS_DSCP_ECT01 && (got->tos >> 2) != (want->ip.tos >> 2)) {
            snprintf(why, why_len, "DSCP 0x%02x, expected 0x%02x", got->tos >> 2,
                     want->ip.tos >> 2);
            return -1;
        }
        break;
    case PD_TOS_BYTE:
        if (got->tos != want->ip.tos) {
            snprintf(why, why_len, "%s 0x%02x, expected 0x%02x", field, got->tos, want->ip.tos);
            return -1;
        }
        break;
    case PD_TOS_DSCP:
        if ((got->tos >> 2) != (want->ip.tos >> 2)) {
            snprintf(why, why_len, "DSCP 0x%02x, expected 0x%02x", got->tos >> 2,
                     want->ip.tos >> 2);
            return -1;
        }
        break;
    }
    if (want->ip.ttl_given && got->ttl != want->ip.ttl) {
        snprintf(why, why_len, "%s %u, expected %u", st->ipv6 ? "hop limit" : "TTL", got->ttl,
                 want->ip.ttl);
        return -1;
    }
    if (want->udp_given && !encapsulated) {
        snprintf(why, why_len, "sent over plain TCP, expected in UDP %u > %u", want->udp_src,
                 want->udp_dst);
        return -1;
    }
    if (!want->udp_given && encapsulated) {
        snprintf(why, why_len, "sent in UDP %u > %u, expected over plain TCP", got->udp_src,
                 got->udp_dst);
        return -1;
    }
    if (want->udp_given && (got->udp_src != want->udp_src || got->udp_dst != want->udp_dst)) {
        snprintf(why, why_len, "UDP ports %u > %u, expected %u > %u", got->udp_src, got->udp_dst,
                 want->udp_src, want->udp_dst);
        return -1;
    }
    return 0;
}

int pd_check_outbound(pd_stack *st, const pd_packet *want, const pd_when *when,
                      int64_t tolerance_us, const pd_emitted *got, char *why, unsigned why_len)
{
    const tcpfsm_wire_segment *g = &got->seg;
    char want_flags[16], got_flags[16];
    /* packetdrill learns our ISN from the first SYN (connect) or SYN,ACK
     * (accept) it sees for the socket under test */
    if (!st->local_isn_known && (want->flags & TCPFSM_SYN) != 0u
        && (g->flags & TCPFSM_SYN) != 0u) {
        st->local_isn_known = 1;
        st->live_local_isn = g->seq;
        st->script_local_isn = want->seq_given ? want->seq : g->seq;
    }
    if (want->flags != g->flags) {
        pd_flags_format(want->flags, want_flags, sizeof want_flags);
        pd_flags_format(g->flags, got_flags, sizeof got_flags);
        snprintf(why, why_len, "flags %s, expected %s", got_flags, want_flags);
        return -1;
    }
    if (want->seq_given && want->seq_absolute && g->seq != want->seq) {
        /* `seq!`: the live number itself (FLAG_ABSOLUTE_SEQ) */
        snprintf(why, why_len, "seq %u, expected %u (absolute)", g->seq, want->seq);
        return -1;
    }
    if (want->seq_given && !want->seq_absolute && to_script_seq(st, g->seq) != want->seq) {
        snprintf(why, why_len, "seq %u, expected %u", to_script_seq(st, g->seq), want->seq);
        return -1;
    }
    if (want->len != g->payload_len) {
        snprintf(why, why_len, "%u bytes of data, expected %u", g->payload_len, want->len);
        return -1;
    }
    if ((want->flags & TCPFSM_ACK) != 0u && want->ack_given && want->ack != g->ack) {
        snprintf(why, why_len, "ack %u, expected %u", g->ack, want->ack);
        return -1;
    }
    if (want->win_given && want->win != g->window) {
        snprintf(why, why_len, "win %u, expected %u", g->window, want->win);
        return -1;
    }
    /* verify_tcp's tcp_urg_ptr, on every line: a line without `urg` wants
     * 0 (the URG bit was compared with the other flags) */
    if (want->urg_ptr != g->urgent) {
        snprintf(why, why_len, "urg %u, expected %u", g->urgent, want->urg_ptr);
        return -1;
    }
    if (want->options_given && check_options(want, g, why, why_len) != 0) {
        return -1;
    }
    if (check_ip(st, want, got, why, why_len) != 0) {
        return -1;
    }
    if (!when->any && (got->time_us > when->to_us + tolerance_us
                       || got->time_us < when->from_us - tolerance_us)) {
        if (when->to_us != when->from_us) {
            snprintf(why, why_len, "sent at %.6f s, expected in %.6f~%.6f s (tolerance %.3f s)",
                     (double)got->time_us / 1e6, (double)when->from_us / 1e6,
                     (double)when->to_us / 1e6, (double)tolerance_us / 1e6);
        } else {
            snprintf(why, why_len, "sent at %.6f s, expected at %.6f s (tolerance %.3f s)",
                     (double)got->time_us / 1e6, (double)when->from_us / 1e6,
                     (double)tolerance_us / 1e6);
        }
        return -1;
    }
    if ((want->options & TCPFSM_OPT_TIMESTAMP) != 0u && (g->options & TCPFSM_OPT_TIMESTAMP) != 0u) {
        remember_ts_val(st, want->ts_val, g->ts_val);
    }
    return 0;
}
