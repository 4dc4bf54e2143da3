/* SPDX-License-Identifier: BSD-2-Clause */
/* Building a TCP segment into a caller buffer (RFC 9293 §3.1, §3.2).
 * Options are laid out as Linux lays them out (tcp_options_write), so a
 * capture of ours reads like a capture of Linux: every option starts
 * word-aligned behind NOPs, and the list never needs end padding. */
#include "tcpfsm/wire.h"
#include "wire_bytes.h"

/* Bytes each option group takes; 0 when absent. */
typedef struct {
    uint32_t mss;       /* 4: MSS */
    uint32_t timestamp; /* 12: SACK-permitted or NOP NOP, then timestamps */
    uint32_t sack_perm; /* 4: NOP NOP SACK-permitted, when no timestamps */
    uint32_t wscale;    /* 4: NOP, window scale */
    uint32_t sack;      /* 4 + 8 per block: NOP NOP, SACK */
} layout;

/*@ predicate layout_ok(layout l) =
        (l.mss == 0 || l.mss == 4) && (l.timestamp == 0 || l.timestamp == 12)
        && (l.sack_perm == 0 || l.sack_perm == 4) && (l.wscale == 0 || l.wscale == 4)
        && (l.sack == 0 || l.sack == 12 || l.sack == 20 || l.sack == 28 || l.sack == 36);
    logic integer layout_len(layout l) = l.mss + l.timestamp + l.sack_perm + l.wscale + l.sack;
*/

/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int present(uint8_t options, uint32_t option)
{
    return (options & option) != 0; /* int & int: nothing to convert */
}

/*@ requires wire_segment_ok(seg);
    terminates \true;
    assigns \nothing;
    ensures layout_ok(\result) && (\result.timestamp == 0 || \result.sack_perm == 0);
    ensures \result.sack == (seg.sack_count == 0 ? 0 : 4 + 8 * seg.sack_count);
*/
static layout plan(tcpfsm_wire_segment seg)
{
    layout l = {0};
    int timestamps = present(seg.options, TCPFSM_OPT_TIMESTAMP);
    if (present(seg.options, TCPFSM_OPT_MSS)) {
        l.mss = 4u;
    }
    if (timestamps) {
        l.timestamp = 12u;
    } else if (present(seg.options, TCPFSM_OPT_SACK_PERM)) {
        l.sack_perm = 4u;
    }
    if (present(seg.options, TCPFSM_OPT_WSCALE)) {
        l.wscale = 4u;
    }
    if (seg.sack_count > 0u) {
        l.sack = 4u + 8u * seg.sack_count;
    }
    return l;
}

uint32_t tcpfsm_wire_options_len(const tcpfsm_wire_segment *seg)
{
    tcpfsm_wire_segment given;
    layout l;
    if (seg == 0) {
        return 0u;
    }
    given = *seg;
    l = plan(given);
    return l.mss + l.timestamp + l.sack_perm + l.wscale + l.sack;
}

/* Four option bytes at o. */
/*@ requires \valid(o + (0 .. 3));
    terminates \true;
    assigns o[0 .. 3];
*/
static void put4(uint8_t *o, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
    o[0] = b0;
    o[1] = b1;
    o[2] = b2;
    o[3] = b3;
}

/* The option list of `seg`, layout l, at o. */
/*@ requires wire_segment_ok(seg) && layout_ok(l);
    requires l.sack == (seg.sack_count == 0 ? 0 : 4 + 8 * seg.sack_count);
    requires layout_len(l) <= TCPFSM_WIRE_MAX_OPTIONS;
    requires layout_len(l) == 0 || \valid(o + (0 .. layout_len(l) - 1));
    terminates \true;
    assigns o[0 .. layout_len(l) - 1];
*/
static void write_options(uint8_t *o, tcpfsm_wire_segment seg, layout l)
{
    uint32_t at = 0u;
    uint32_t i;
    if (l.mss != 0u) {
        put4(o, TCPFSM_WIRE_OPT_MSS, 4u, 0u, 0u);
        tcpfsm_put16(o + 2u, seg.mss);
        at += 4u;
    }
    if (l.timestamp != 0u) {
        if (present(seg.options, TCPFSM_OPT_SACK_PERM)) {
            put4(o + at, TCPFSM_WIRE_OPT_SACK_PERM, 2u, TCPFSM_WIRE_OPT_TIMESTAMP, 10u);
        } else {
            put4(o + at, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_TIMESTAMP, 10u);
        }
        tcpfsm_put32(o + at + 4u, seg.ts_val);
        tcpfsm_put32(o + at + 8u, seg.ts_ecr);
        at += 12u;
    }
    if (l.sack_perm != 0u) {
        put4(o + at, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_SACK_PERM, 2u);
        at += 4u;
    }
    if (l.wscale != 0u) {
        put4(o + at, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_WSCALE, 3u, seg.wscale);
        at += 4u;
    }
    if (l.sack != 0u) {
        put4(o + at, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_NOP, TCPFSM_WIRE_OPT_SACK,
             (uint8_t)(l.sack - 2u));
        at += 4u;
        /*@ loop invariant 0 <= i <= seg.sack_count;
            loop invariant at == layout_len(l) - l.sack + 4 + 8 * i;
            loop assigns i, at, o[0 .. layout_len(l) - 1];
            loop variant seg.sack_count - i;
        */
        for (i = 0u; i < seg.sack_count; i++) {
            tcpfsm_put32(o + at, seg.sack[i].left);
            tcpfsm_put32(o + at + 4u, seg.sack[i].right);
            at += 8u;
        }
    }
}

/* The fixed header (RFC 9293 §3.1 figure 1), checksum 0, at b. */
/*@ requires \valid(b + (0 .. TCPFSM_WIRE_MIN_HEADER - 1));
    requires TCPFSM_WIRE_MIN_HEADER <= header_len <= TCPFSM_WIRE_MAX_HEADER;
    requires header_len % 4 == 0;
    terminates \true;
    assigns b[0 .. TCPFSM_WIRE_MIN_HEADER - 1];
*/
static void write_header(uint8_t *b, tcpfsm_wire_segment seg, uint32_t header_len)
{
    tcpfsm_put16(b, seg.src_port);
    tcpfsm_put16(b + 2u, seg.dst_port);
    tcpfsm_put32(b + 4u, seg.seq);
    tcpfsm_put32(b + 8u, seg.ack);
    b[12] = (uint8_t)(header_len / 4u * 16u); /* data offset; reserved bits 0 */
    b[13] = seg.flags;
    tcpfsm_put16(b + 14u, seg.window);
    tcpfsm_put16(b + 16u, 0u);
    tcpfsm_put16(b + 18u, seg.urgent);
}

/* n payload bytes from src to dst. */
/*@ requires n == 0 || (\valid(dst + (0 .. n - 1)) && \valid_read(src + (0 .. n - 1)));
    requires n == 0 || \separated(dst + (0 .. n - 1), src + (0 .. n - 1));
    terminates \true;
    assigns dst[0 .. n - 1];
*/
static void copy_bytes(uint8_t *dst, const uint8_t *src, uint32_t n)
{
    uint32_t i;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, dst[0 .. n - 1];
        loop variant n - i;
    */
    for (i = 0u; i < n; i++) {
        dst[i] = src[i];
    }
}

tcpfsm_error tcpfsm_wire_build(const tcpfsm_wire_segment *seg, const uint8_t *payload,
                               const tcpfsm_wire_addrs *addrs, uint8_t *buf, uint32_t cap,
                               uint32_t *written)
{
    tcpfsm_wire_segment given;
    layout l;
    uint32_t options_len;
    uint32_t header_len;
    uint32_t total;
    if (seg == 0 || buf == 0 || written == 0 || (payload == 0 && seg->payload_len > 0u)) {
        return TCPFSM_ERR_NULL;
    }
    given = *seg;
    if (given.options > TCPFSM_OPT_MSS + TCPFSM_OPT_WSCALE + TCPFSM_OPT_SACK_PERM
                            + TCPFSM_OPT_TIMESTAMP + TCPFSM_OPT_SACK
        || given.sack_count > TCPFSM_WIRE_MAX_SACK
        /* SACK is the highest option bit: with the options in range, it
         * is set exactly when they are at least TCPFSM_OPT_SACK */
        || (given.options >= TCPFSM_OPT_SACK) != (given.sack_count > 0u)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    l = plan(given);
    options_len = l.mss + l.timestamp + l.sack_perm + l.wscale + l.sack;
    if (options_len > TCPFSM_WIRE_MAX_OPTIONS) {
        return TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG;
    }
    header_len = TCPFSM_WIRE_MIN_HEADER + options_len;
    if (cap < header_len || given.payload_len > cap - header_len) {
        return TCPFSM_ERR_WIRE_NO_ROOM;
    }
    total = header_len + given.payload_len;
    write_header(buf, given, header_len);
    write_options(buf + TCPFSM_WIRE_MIN_HEADER, given, l);
    copy_bytes(buf + header_len, payload, given.payload_len);
    if (addrs != 0) {
        tcpfsm_put16(buf + 16u, tcpfsm_wire_checksum(addrs, buf, total));
    }
    *written = total;
    return TCPFSM_OK;
}
