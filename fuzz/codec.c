/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Harness 3: the wire codec.  Any bytes parse without fault (ASan and UBSan
 * watch every access), with and without the checksum check.  What parses
 * is rebuilt and parsed again: the same segment comes back, and the
 * rebuilt checksum verifies; rewriting its window and sequence number with
 * the incremental updates of RFC 1624 keeps it valid; the core's view of
 * it carries the same numbers.  An error must leave the output untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tcpfsm/wire.h"

#define MAX_SEGMENT 4096u

/* The longest input taken, in bytes: the addresses (33), the longest
 * header (60) and 163 bytes of payload.  A longer one is rejected whole,
 * and fuzz/run.sh passes this number to afl-fuzz -G.  Chosen by measurement
 * (fuzz/README.md): the campaigns' inputs cut to 128 bytes keep every edge
 * they reach; the payload only feeds the checksum. */
#ifndef MAX_INPUT_BYTES
#define MAX_INPUT_BYTES 256
#endif

static void fail(const char *why)
{
    fprintf(stderr, "codec: %s\n", why);
    abort();
}

static int same(const tcpfsm_wire_segment *a, const tcpfsm_wire_segment *b)
{
    unsigned i;
    if (a->src_port != b->src_port || a->dst_port != b->dst_port || a->seq != b->seq
        || a->ack != b->ack || a->flags != b->flags || a->window != b->window
        || a->urgent != b->urgent || a->options != b->options || a->mss != b->mss
        || a->wscale != b->wscale || a->ts_val != b->ts_val || a->ts_ecr != b->ts_ecr
        || a->sack_count != b->sack_count || a->payload_len != b->payload_len) {
        return 0;
    }
    for (i = 0; i < a->sack_count; i++) {
        if (a->sack[i].left != b->sack[i].left || a->sack[i].right != b->sack[i].right) {
            return 0;
        }
    }
    return 1;
}

/* A middlebox rewrites the window (16 bits at 14) and the sequence number
 * (32 bits at 4) with RFC 1624 updates: the checksum must still verify. */
static void rewrite(uint8_t *b, uint32_t len, const tcpfsm_wire_addrs *addrs, uint32_t seq)
{
    uint16_t check = (uint16_t)(b[16] << 8 | b[17]);
    uint16_t old_window = (uint16_t)(b[14] << 8 | b[15]);
    uint16_t new_window = (uint16_t)~old_window;
    uint32_t new_seq = seq * 2654435761u;
    b[14] = (uint8_t)(new_window >> 8);
    b[15] = (uint8_t)new_window;
    check = tcpfsm_csum_update16(check, old_window, new_window);
    b[4] = (uint8_t)(new_seq >> 24);
    b[5] = (uint8_t)(new_seq >> 16);
    b[6] = (uint8_t)(new_seq >> 8);
    b[7] = (uint8_t)new_seq;
    check = tcpfsm_csum_update32(check, seq, new_seq);
    b[16] = (uint8_t)(check >> 8);
    b[17] = (uint8_t)check;
    if (tcpfsm_wire_checksum(addrs, b, len) != 0u) {
        fail("an RFC 1624 update left a wrong checksum");
    }
}

/* The core's input keeps the numbers (the urgent pointer too, which the
 * core reads with URG), and the SACK blocks, and the core takes it; or it
 * is refused for its length only. */
static void to_core(const tcpfsm_wire_segment *w)
{
    tcpfsm_segment seg;
    tcpfsm_output out;
    uint32_t blocks = (w->options & TCPFSM_OPT_SACK) && w->sack_count <= TCPFSM_MAX_SACK_BLOCKS
                    ? w->sack_count : 0u;
    uint32_t k;
    tcpfsm_error err = tcpfsm_wire_to_segment(w, &seg);
    if (err != TCPFSM_OK) {
        if (w->payload_len <= TCPFSM_MAX_PAYLOAD) {
            fail("tcpfsm_wire_to_segment refused a segment of a valid length");
        }
        return;
    }
    if (seg.seq != w->seq || seg.ack != w->ack || seg.flags != w->flags
        || seg.len != w->payload_len || seg.window != w->window || seg.options > 31u
        || seg.wscale != w->wscale || seg.ts_val != w->ts_val || seg.ts_ecr != w->ts_ecr
        || seg.sack_count != blocks
        || ((w->flags & TCPFSM_URG) != 0u && seg.urgent != w->urgent)) {
        fail("tcpfsm_wire_to_segment changed the numbers");
    }
    for (k = 0; k < blocks; k++) {
        if (seg.sack[k].left != w->sack[k].left || seg.sack[k].right != w->sack[k].right) {
            fail("tcpfsm_wire_to_segment changed a SACK block");
        }
    }
    if (tcpfsm_reply_no_connection(&seg, &out) == TCPFSM_ERR_INVALID_ARG) {
        fail("the core refused a segment tcpfsm_wire_to_segment made");
    }
}

/* The same bytes as an ICMP error (ICMPv6 when ipv6): a failed parse
 * writes nothing; what parses converts into an error the core takes, whose
 * SEQ is the quoted one (tcpfsm_wire_to_icmp's contract). */
static void icmp_error(const uint8_t *data, uint32_t len, uint8_t ipv6)
{
    tcpfsm_wire_icmp wire, untouched;
    tcpfsm_icmp icmp;
    memset(&untouched, 0x5c, sizeof untouched);
    wire = untouched;
    if (tcpfsm_wire_parse_icmp(data, len, ipv6, &wire) != TCPFSM_OK) {
        if (memcmp(&wire, &untouched, sizeof wire) != 0) {
            fail("a failed ICMP parse wrote its output");
        }
        return;
    }
    if (wire.type != data[0] || wire.code != data[1] || wire.quoted.ipv6 != ipv6) {
        fail("the ICMP parse misread the type, the code or the family");
    }
    if (tcpfsm_wire_to_icmp(&wire, &icmp) != TCPFSM_OK) {
        fail("a parsed ICMP error does not convert");
    }
    if (icmp.kind >= TCPFSM_ICMP_KIND_COUNT || icmp.seq != wire.seq
        || (icmp.kind == TCPFSM_ICMP_PACKET_TOO_BIG && icmp.mss == 0u)) {
        fail("tcpfsm_wire_to_icmp made an error the core refuses");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tcpfsm_wire_addrs addrs;
    tcpfsm_wire_segment seg, back, untouched;
    static uint8_t built[MAX_SEGMENT + TCPFSM_WIRE_MAX_HEADER];
    uint32_t len, written = 0;
    tcpfsm_error err;
    if (size > MAX_INPUT_BYTES) {
        return 0;
    }
    /* the first 33 bytes, when there are that many, are the addresses */
    memset(&addrs, 0, sizeof addrs);
    if (size > 33u) {
        addrs.ipv6 = data[0] & 1u;
        memcpy(addrs.src, data + 1, 16);
        memcpy(addrs.dst, data + 17, 16);
        data += 33;
        size -= 33u;
    }
    len = size > MAX_SEGMENT ? MAX_SEGMENT : (uint32_t)size;
    icmp_error(data, len, addrs.ipv6);
    memset(&untouched, 0x5c, sizeof untouched);
    seg = untouched;
    err = tcpfsm_wire_parse(data, len, &addrs, &seg);
    if (err != TCPFSM_OK && memcmp(&seg, &untouched, sizeof seg) != 0) {
        fail("a failed parse wrote its output");
    }
    err = tcpfsm_wire_parse(data, len, NULL, &seg);
    if (err != TCPFSM_OK) {
        return 0;
    }
    if (seg.header_len < 20u || seg.header_len > 60u || seg.header_len + seg.payload_len != len) {
        fail("header and payload lengths do not add up");
    }
    err = tcpfsm_wire_build(&seg, data + seg.header_len, &addrs, built, sizeof built, &written);
    if (err == TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG) {
        /* options that fit as received can need more room in our layout
         * (e.g. SACK-permitted and timestamps apart) */
        return 0;
    }
    if (err != TCPFSM_OK) {
        fail("a parsed segment does not build");
    }
    if (tcpfsm_wire_parse(built, written, &addrs, &back) != TCPFSM_OK) {
        fail("a built segment does not parse, or its checksum does not verify");
    }
    if (!same(&seg, &back) || memcmp(built + back.header_len, data + seg.header_len,
                                     seg.payload_len) != 0) {
        fail("build then parse changed the segment");
    }
    if (tcpfsm_wire_options_len(&seg) != back.header_len - 20u) {
        fail("tcpfsm_wire_options_len disagrees with build");
    }
    rewrite(built, written, &addrs, seg.seq);
    to_core(&seg);
    return 0;
}
