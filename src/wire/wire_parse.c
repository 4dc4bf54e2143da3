/* SPDX-License-Identifier: BSD-2-Clause */
/* Parsing a TCP header and its options (RFC 9293 §3.1, §3.2) from bytes
 * that may be anything: every read is checked against the length first. */
#include "tcpfsm/wire.h"
#include "wire_bytes.h"

/* Options seen so far, each 0 or 1: tcpfsm_wire_segment.options is built
 * from them once the list is read. */
typedef struct {
    uint8_t mss;
    uint8_t wscale;
    uint8_t sack_perm;
    uint8_t timestamp;
    uint8_t sack;
} option_marks;

/*@ predicate marks_ok(option_marks m) =
        m.mss <= 1 && m.wscale <= 1 && m.sack_perm <= 1 && m.timestamp <= 1 && m.sack <= 1;
    predicate sack_ok(option_marks m, tcpfsm_wire_segment w) =
        w.sack_count <= TCPFSM_WIRE_MAX_SACK && (m.sack == 1 <==> w.sack_count >= 1);
*/

/* SACK blocks (RFC 2018 §3): 2 + 8 * n bytes, n from 1 to 4. */
/*@ requires 10 <= size <= 34 && (size - 2) % 8 == 0;
    requires \valid_read(o + (0 .. size - 1));
    requires \valid(w) && \separated(w, o + (0 .. size - 1));
    terminates \true;
    assigns w->sack[0 .. 3], w->sack_count;
    ensures 1 <= w->sack_count <= TCPFSM_WIRE_MAX_SACK;
*/
static void take_sack(const uint8_t *o, uint32_t size, tcpfsm_wire_segment *w)
{
    uint32_t blocks = (size - 2u) / 8u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= blocks;
        loop assigns i, w->sack[0 .. 3];
        loop variant blocks - i;
    */
    for (i = 0u; i < blocks; i++) {
        w->sack[i].left = tcpfsm_get32(o + 2u + 8u * i);
        w->sack[i].right = tcpfsm_get32(o + 6u + 8u * i);
    }
    w->sack_count = (uint8_t)blocks;
}

/* One option of `size` bytes (kind and length included) at o.  A known
 * kind must have its length (RFC 9293 §3.2, RFC 7323 §2.2 and §3.2,
 * RFC 2018 §2 and §3); an unknown one is skipped. */
/*@ requires 2 <= size <= TCPFSM_WIRE_MAX_OPTIONS;
    requires \valid_read(o + (0 .. size - 1));
    requires \valid(w) && \valid(m) && \separated(w, m, o + (0 .. size - 1));
    requires marks_ok(*m) && sack_ok(*m, *w);
    terminates \true;
    assigns *w, *m;
    ensures marks_ok(*m) && sack_ok(*m, *w);
*/
static tcpfsm_error take_option(const uint8_t *o, uint32_t size, tcpfsm_wire_segment *w,
                                option_marks *m)
{
    switch (o[0]) {
    case TCPFSM_WIRE_OPT_MSS:
        if (size != 4u) {
            return TCPFSM_ERR_WIRE_OPTION_SIZE;
        }
        w->mss = (uint16_t)tcpfsm_get16(o + 2u);
        m->mss = 1u;
        return TCPFSM_OK;
    case TCPFSM_WIRE_OPT_WSCALE:
        if (size != 3u) {
            return TCPFSM_ERR_WIRE_OPTION_SIZE;
        }
        w->wscale = o[2];
        m->wscale = 1u;
        return TCPFSM_OK;
    case TCPFSM_WIRE_OPT_SACK_PERM:
        if (size != 2u) {
            return TCPFSM_ERR_WIRE_OPTION_SIZE;
        }
        m->sack_perm = 1u;
        return TCPFSM_OK;
    case TCPFSM_WIRE_OPT_TIMESTAMP:
        if (size != 10u) {
            return TCPFSM_ERR_WIRE_OPTION_SIZE;
        }
        w->ts_val = tcpfsm_get32(o + 2u);
        w->ts_ecr = tcpfsm_get32(o + 6u);
        m->timestamp = 1u;
        return TCPFSM_OK;
    case TCPFSM_WIRE_OPT_SACK:
        if (size < 10u || size > 34u || (size - 2u) % 8u != 0u) {
            return TCPFSM_ERR_WIRE_OPTION_SIZE;
        }
        take_sack(o, size, w);
        m->sack = 1u;
        return TCPFSM_OK;
    default:
        return TCPFSM_OK;
    }
}

/* The option list: n bytes at opt, up to EOL or the end of the header. */
/*@ requires n <= TCPFSM_WIRE_MAX_OPTIONS;
    requires n == 0 || \valid_read(opt + (0 .. n - 1));
    requires \valid(w) && \valid(m) && \separated(w, m, opt + (0 .. n - 1));
    requires marks_ok(*m) && sack_ok(*m, *w);
    terminates \true;
    assigns *w, *m;
    ensures marks_ok(*m) && sack_ok(*m, *w);
*/
static tcpfsm_error take_options(const uint8_t *opt, uint32_t n, tcpfsm_wire_segment *w,
                                 option_marks *m)
{
    uint32_t at = 0u;
    /*@ loop invariant 0 <= at <= n;
        loop invariant marks_ok(*m) && sack_ok(*m, *w);
        loop assigns at, *w, *m;
        loop variant n - at;
    */
    while (at < n) {
        uint32_t size;
        tcpfsm_error err;
        if (opt[at] == TCPFSM_WIRE_OPT_EOL) {
            break;
        }
        if (opt[at] == TCPFSM_WIRE_OPT_NOP) {
            at++;
            continue;
        }
        if (n - at < 2u) {
            return TCPFSM_ERR_WIRE_OPTION_OVERRUN; /* no room for the length */
        }
        size = opt[at + 1u];
        if (size < 2u) {
            return TCPFSM_ERR_WIRE_OPTION_LENGTH;
        }
        if (size > n - at) {
            return TCPFSM_ERR_WIRE_OPTION_OVERRUN;
        }
        err = take_option(opt + at, size, w, m);
        if (err != TCPFSM_OK) {
            return err;
        }
        at += size;
    }
    return TCPFSM_OK;
}

/* The TCPFSM_OPT_* bits of the marks, added (each is 0 or 1). */
/*@ requires marks_ok(m);
    terminates \true;
    assigns \nothing;
    ensures \result <= 31 && (\result >= TCPFSM_OPT_SACK <==> m.sack == 1);
*/
static uint8_t option_bits(option_marks m)
{
    return (uint8_t)(m.mss * TCPFSM_OPT_MSS + m.wscale * TCPFSM_OPT_WSCALE
                     + m.sack_perm * TCPFSM_OPT_SACK_PERM + m.timestamp * TCPFSM_OPT_TIMESTAMP
                     + m.sack * TCPFSM_OPT_SACK);
}

tcpfsm_error tcpfsm_wire_parse(const uint8_t *bytes, uint32_t len,
                               const tcpfsm_wire_addrs *verify, tcpfsm_wire_segment *seg)
{
    tcpfsm_wire_segment w = {0};
    option_marks marks = {0};
    uint32_t header_len;
    tcpfsm_error err;
    if (bytes == 0 || seg == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (len < TCPFSM_WIRE_MIN_HEADER) {
        return TCPFSM_ERR_WIRE_TOO_SHORT;
    }
    header_len = (uint32_t)(bytes[12] / 16u) * 4u; /* data offset, in words */
    if (header_len < TCPFSM_WIRE_MIN_HEADER || header_len > len) {
        return TCPFSM_ERR_WIRE_BAD_OFFSET;
    }
    if (verify != 0 && tcpfsm_wire_checksum(verify, bytes, len) != 0u) {
        return TCPFSM_ERR_WIRE_CHECKSUM;
    }
    err = take_options(bytes + TCPFSM_WIRE_MIN_HEADER, header_len - TCPFSM_WIRE_MIN_HEADER,
                       &w, &marks);
    if (err != TCPFSM_OK) {
        return err;
    }
    w.src_port = (uint16_t)tcpfsm_get16(bytes);
    w.dst_port = (uint16_t)tcpfsm_get16(bytes + 2u);
    w.seq = tcpfsm_get32(bytes + 4u);
    w.ack = tcpfsm_get32(bytes + 8u);
    w.flags = bytes[13];
    w.window = (uint16_t)tcpfsm_get16(bytes + 14u);
    w.checksum = (uint16_t)tcpfsm_get16(bytes + 16u);
    w.urgent = (uint16_t)tcpfsm_get16(bytes + 18u);
    w.options = option_bits(marks);
    w.header_len = header_len;
    w.payload_len = len - header_len;
    *seg = w;
    return TCPFSM_OK;
}
