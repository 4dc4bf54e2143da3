/* SPDX-License-Identifier: BSD-2-Clause */
/* Encoding and decoding of fuzz records (records.h). */
#include "records.h"

void records_config(uint8_t byte, tcpfsm_config *cfg)
{
    tcpfsm_config_default(cfg);
    /* window scaling and timestamps stay offered, as by default: the
     * segments' `how` byte carries the peer's shift and TSval */
    cfg->flags = (uint8_t)((byte & (TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337))
                           | TCPFSM_CFG_WSCALE | TCPFSM_CFG_TIMESTAMPS | TCPFSM_CFG_SACK);
    if (byte & 0x04u) {
        cfg->rcv_buf = 1000u;
    }
    if (byte & 0x08u) {
        cfg->mss = 100u;
    }
    if (byte & 0x10u) {
        cfg->user_timeout_ms = 0u;
        cfg->ecn = TCPFSM_ECN_REQUEST; /* RFC 3168, asked on our SYN */
    }
    if (byte & 0x20u) {
        cfg->max_retries = 3u;
    }
    if (byte & 0x40u) {
        cfg->challenge_limit = 0u;
    }
    if (byte & 0x80u) {
        cfg->challenge_limit = 1u;
        cfg->challenge_window_ms = 10u;
    }
    /* bit 7 overrides bit 6's limit: the pair, otherwise the same as bit 7
     * alone, also turns on every tcpfsm_config.compat bit (FreeBSD's) and
     * finds losses as FreeBSD's default stack, without RFC 8985 RACK-TLP */
    if ((byte & 0xC0u) == 0xC0u) {
        cfg->compat = TCPFSM_COMPAT_FREEBSD;
        cfg->rack_tlp = 0u;
    }
}

uint32_t records_be(const uint8_t *p, unsigned n)
{
    uint32_t v = 0;
    unsigned i;
    for (i = 0; i < n; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static uint8_t *put(uint8_t *p, uint32_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8u * (n - 1u - i)));
    }
    return p + n;
}

static size_t arg_bytes(record_op op)
{
    switch (op) {
    case REC_OPEN_ACTIVE: return 4;
    case REC_SEND: case REC_RECEIVE: return 2;
    case REC_SEGMENT: case REC_NO_CONNECTION: return REC_SEGMENT_BYTES;
    case REC_TIMER: return 5;
    case REC_ICMP: return REC_ICMP_BYTES;
    default: return 0;
    }
}

/* The SACK blocks after a segment (records.h); 0 when the input ends
 * before them. */
static int sack_blocks(const uint8_t *data, size_t size, size_t *at, record *r)
{
    unsigned n, k;
    if (*at >= size) {
        return 0;
    }
    n = 1u + data[*at] % TCPFSM_MAX_SACK_BLOCKS;
    if (size - *at - 1u < n * REC_SACK_BLOCK_BYTES) {
        return 0;
    }
    for (k = 0; k < n; k++) {
        const uint8_t *p = data + *at + 1u + k * REC_SACK_BLOCK_BYTES;
        r->seg.sack[k].left = records_be(p, 2);
        r->seg.sack[k].right = records_be(p + 2, 2);
    }
    r->seg.sack_count = (uint8_t)n;
    *at += 1u + n * REC_SACK_BLOCK_BYTES;
    return 1;
}

int records_next(const uint8_t *data, size_t size, size_t *at, record *r)
{
    const uint8_t *p;
    size_t need;
    if (*at >= size) {
        return 0;
    }
    r->op = (record_op)(data[*at] % REC_KINDS);
    need = arg_bytes(r->op);
    if (size - *at - 1u < need) {
        return 0;
    }
    p = data + *at + 1u;
    *at += 1u + need;
    r->value = 0;
    r->how = 0;
    switch (r->op) {
    case REC_OPEN_ACTIVE: r->value = records_be(p, 4); break;
    case REC_SEND:
        r->value = records_be(p, 2);
        r->how = p[-1] >= 128u ? REC_SEND_URGENT : 0u; /* the opcode byte */
        break;
    case REC_RECEIVE: r->value = records_be(p, 2); break;
    case REC_TIMER: r->how = p[0]; r->value = records_be(p + 1, 4); break;
    case REC_STATUS:
        r->how = data[*at - 1u] >= 192u ? REC_STATUS_SHUTDOWN
               : data[*at - 1u] >= 128u ? REC_STATUS_KEEPALIVE : 0u;
        break;
    case REC_ICMP:
        r->how = p[0];
        r->icmp.kind = p[1];
        r->icmp.seq = records_be(p + 2, 4);
        r->icmp.mss = (uint16_t)records_be(p + 6, 2);
        break;
    case REC_SEGMENT: case REC_NO_CONNECTION:
        r->seg.flags = p[0];
        r->how = p[1];
        r->seg.seq = records_be(p + 2, 4);
        r->seg.ack = records_be(p + 6, 4);
        r->seg.len = records_be(p + 10, 2);
        r->seg.window = (uint16_t)records_be(p + 12, 2);
        /* bits 5-6 of the options byte: the IP header's ECN field (RFC
         * 3168 §5); bit 7 stays, an option bit the core refuses */
        r->seg.options = (uint8_t)(p[14] & 0x9Fu);
        r->seg.ip_ecn = (uint8_t)((p[14] >> 5) & 3u);
        r->seg.mss = (uint16_t)records_be(p + 15, 2);
        r->seg.wscale = (uint8_t)(r->how >> REC_WSCALE_SHIFT);
        r->seg.sack_count = 0;
        r->seg.urgent = 0;
        if (r->seg.flags & TCPFSM_URG) {
            /* the urgent pointer (RFC 9293 §3.8.5); none: the input ends */
            if (size - *at < REC_URGENT_BYTES) {
                return 0;
            }
            r->seg.urgent = (uint16_t)records_be(data + *at, 2);
            *at += REC_URGENT_BYTES;
        }
        if (r->seg.options & TCPFSM_OPT_SACK) {
            return sack_blocks(data, size, at, r);
        }
        break;
    default: break;
    }
    return 1;
}

size_t records_encode(const record *r, uint8_t *buf)
{
    uint8_t *p = buf;
    *p++ = r->op == REC_SEND && (r->how & REC_SEND_URGENT) != 0 ? (uint8_t)REC_SEND_URGENT_OPCODE
         : r->op != REC_STATUS ? (uint8_t)r->op
         : (r->how & REC_STATUS_SHUTDOWN) != 0 ? (uint8_t)REC_STATUS_SHUTDOWN_OPCODE
         : (r->how & REC_STATUS_KEEPALIVE) != 0 ? (uint8_t)REC_STATUS_KEEPALIVE_OPCODE
         : (uint8_t)r->op;
    switch (r->op) {
    case REC_OPEN_ACTIVE: p = put(p, r->value, 4); break;
    case REC_SEND: case REC_RECEIVE: p = put(p, r->value, 2); break;
    case REC_TIMER: *p++ = r->how; p = put(p, r->value, 4); break;
    case REC_ICMP:
        *p++ = r->how;
        *p++ = r->icmp.kind;
        p = put(p, r->icmp.seq, 4);
        p = put(p, r->icmp.mss, 2);
        break;
    case REC_SEGMENT: case REC_NO_CONNECTION:
        *p++ = r->seg.flags;
        *p++ = (uint8_t)((r->how & 0x03u) | ((r->seg.wscale & 0x0Fu) << REC_WSCALE_SHIFT));
        p = put(p, r->seg.seq, 4);
        p = put(p, r->seg.ack, 4);
        p = put(p, r->seg.len, 2);
        p = put(p, r->seg.window, 2);
        *p++ = (uint8_t)((r->seg.options & 0x9Fu) | ((r->seg.ip_ecn & 3u) << 5));
        p = put(p, r->seg.mss, 2);
        if (r->seg.flags & TCPFSM_URG) {
            p = put(p, r->seg.urgent, 2);
        }
        if ((r->seg.options & TCPFSM_OPT_SACK) && r->seg.sack_count > 0) {
            unsigned k;
            *p++ = (uint8_t)(r->seg.sack_count - 1u);
            for (k = 0; k < r->seg.sack_count && k < TCPFSM_MAX_SACK_BLOCKS; k++) {
                p = put(p, r->seg.sack[k].left, 2);
                p = put(p, r->seg.sack[k].right, 2);
            }
        }
        break;
    default: break;
    }
    return (size_t)(p - buf);
}
