/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the codec's segments and the core's: the decoded segment an
 * embedder hands to tcpfsm_on_segment, and the wire form of what the core
 * asks to send. */
#include "tcpfsm/wire.h"

tcpfsm_error tcpfsm_wire_to_segment(const tcpfsm_wire_segment *wire, tcpfsm_segment *seg)
{
    uint32_t options;
    uint32_t blocks;
    uint32_t k;
    if (wire == 0 || seg == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (wire->payload_len > TCPFSM_MAX_PAYLOAD) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    options = wire->options % 32u; /* the five low bits: the options the core reads */
    if (wire->mss == 0u && options % 2u == 1u) {
        options -= TCPFSM_OPT_MSS; /* an MSS of 0 says nothing: as if absent */
    }
    /* SACK blocks only with the option that carries them, and no more
     * than it can (RFC 2018 §3) */
    blocks = options >= TCPFSM_OPT_SACK && wire->sack_count <= TCPFSM_MAX_SACK_BLOCKS
           ? wire->sack_count : 0u;
    if (blocks == 0u && options >= TCPFSM_OPT_SACK) {
        options -= TCPFSM_OPT_SACK;
    }
    /* every field set: the blocks not carried are zero */
    /*@ loop invariant 0 <= k <= TCPFSM_MAX_SACK_BLOCKS;
        loop assigns k, seg->sack[0 .. TCPFSM_MAX_SACK_BLOCKS - 1];
        loop variant TCPFSM_MAX_SACK_BLOCKS - k; */
    for (k = 0u; k < TCPFSM_MAX_SACK_BLOCKS; k++) {
        seg->sack[k].left = k < blocks ? wire->sack[k].left : 0u;
        seg->sack[k].right = k < blocks ? wire->sack[k].right : 0u;
    }
    seg->sack_count = (uint8_t)blocks;
    seg->seq = wire->seq;
    seg->ack = wire->ack;
    seg->len = wire->payload_len;
    seg->ip_ecn = TCPFSM_IP_NOT_ECT; /* the IP header's: the embedder sets it */
    seg->window = wire->window;
    seg->mss = wire->mss;
    seg->flags = wire->flags;
    seg->options = (uint8_t)options;
    seg->wscale = wire->wscale;
    seg->ts_val = wire->ts_val;
    seg->ts_ecr = wire->ts_ecr;
    seg->urgent = wire->urgent; /* read by the core when URG is set */
    return TCPFSM_OK;
}

/* RFC 9293 §3.8.5: the urgent pointer's distance from seq, or 0 for a
 * segment that carries none (the bits are tested as numbers, as the
 * contract reads them). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == urgent_offset(urgent, up, seq, flags);
*/
static uint32_t urgent_offset(uint8_t urgent, uint32_t up, uint32_t seq, uint8_t flags)
{
    uint32_t ahead = up >= seq ? up - seq : (UINT32_MAX - seq) + up + 1u;
    if (urgent == 0u || flags / 2u % 2u != 0u || flags / 4u % 2u != 0u || ahead == 0u
        || ahead >= 0x80000000u) {
        return 0u;
    }
    return ahead;
}

/* The urgent pointer field for urgent data ending `ahead` bytes beyond
 * the segment's SEQ: as far as 16 bits reach (the rest rides on later
 * segments); 0 for none. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == \min(65535, ahead);
*/
static uint16_t urgent_pointer(uint32_t ahead)
{
    return (uint16_t)(ahead < 65535u ? ahead : 65535u);
}

/* The header's flags with URG set when the segment carries urgent data. */
/*@ terminates \true;
    assigns \nothing;
    ensures ahead == 0 ==> \result == flags;
    ensures ahead != 0 ==> \result / 32 % 2 == 1 && \result % 32 == flags % 32
            && \result / 64 == flags / 64;
*/
static uint8_t urgent_flags(uint8_t flags, uint32_t ahead)
{
    if (ahead == 0u || flags / 32u % 2u != 0u) {
        return flags;
    }
    return (uint8_t)(flags + TCPFSM_URG);
}

/* The wire form of tx, every field set; `urgent` (urgent_offset) is how
 * far the urgent data ends beyond its SEQ, 0 for none. */
/*@ requires \valid_read(tx) && \valid(w) && \separated(tx, w);
    terminates \true;
    assigns *w;
    ensures wire_segment_ok(*w)
            && w->options <= TCPFSM_OPT_MSS + TCPFSM_OPT_WSCALE + TCPFSM_OPT_SACK_PERM;
    ensures w->seq == tx->seq && w->ack == tx->ack
            && w->payload_len == tx->data_len && w->window == tx->window
            && w->src_port == src_port && w->dst_port == dst_port;
    ensures urgent == 0 ==> w->flags == header_flags(tx->flags, tx->ecn) && w->urgent == 0;
    ensures urgent != 0 ==> w->urgent == \min(65535, urgent) && w->flags / 32 % 2 == 1
            && w->flags % 32 == header_flags(tx->flags, tx->ecn) % 32
            && w->flags / 64 == header_flags(tx->flags, tx->ecn) / 64;
*/
static void wire_of_tx(const tcpfsm_tx *tx, uint16_t src_port, uint16_t dst_port,
                       uint32_t urgent, tcpfsm_wire_segment *w)
{
    tcpfsm_wire_segment none = {0};
    *w = none;
    w->src_port = src_port;
    w->dst_port = dst_port;
    w->seq = tx->seq;
    w->ack = tx->ack;
    /* the six control bits of tx, the two of ECN (ECE, CWR: RFC 3168 §6.1)
     * from tx->ecn */
    w->flags = urgent_flags((uint8_t)(tx->flags % 64u + tx->ecn / 64u * 64u), urgent);
    w->urgent = urgent_pointer(urgent); /* RFC 9293 §3.8.5 */
    w->window = tx->window;
    w->payload_len = tx->data_len;
    /* the core sends MSS, window scale and SACK-permitted, on its SYNs */
    if ((tx->options & TCPFSM_OPT_MSS) != 0 && tx->mss > 0u) {
        w->options = (uint8_t)TCPFSM_OPT_MSS;
        w->mss = tx->mss;
    }
    if ((tx->options & TCPFSM_OPT_WSCALE) != 0) {
        w->options = (uint8_t)(w->options + TCPFSM_OPT_WSCALE);
        w->wscale = tx->wscale;
    }
    if ((tx->options & TCPFSM_OPT_SACK_PERM) != 0) {
        w->options = (uint8_t)(w->options + TCPFSM_OPT_SACK_PERM);
    }
}

tcpfsm_error tcpfsm_wire_from_output(const tcpfsm_output *out, uint32_t i, uint16_t src_port,
                                     uint16_t dst_port, tcpfsm_wire_segment *wire)
{
    tcpfsm_tx given;
    uint32_t urgent;
    if (out == 0 || wire == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (i >= out->count || i >= TCPFSM_MAX_TX) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    given = out->tx[i]; /* read-only input: the core's own copy */
    /*@ assert given.seq == out->tx[i].seq && given.ack == out->tx[i].ack
               && given.flags == out->tx[i].flags && given.data_len == out->tx[i].data_len
               && given.window == out->tx[i].window && given.ecn == out->tx[i].ecn; */
    /* RFC 9293 §3.8.5: the urgent pointer, when the segment carries one */
    urgent = urgent_offset(out->urgent, out->urgent_up, given.seq, given.flags);
    wire_of_tx(&given, src_port, dst_port, urgent, wire);
    /*@ assert wire->seq == out->tx[i].seq && wire->ack == out->tx[i].ack
               && wire->payload_len == out->tx[i].data_len
               && wire->window == out->tx[i].window; */
    //@ assert wire->sack_count == 0 && wire->options <= 7;
    /* RFC 7323 §3.2: the output's timestamps, on every segment but a RST */
    if (out->timestamps != 0u && (given.flags & TCPFSM_RST) == 0) {
        wire->options = (uint8_t)(wire->options + TCPFSM_OPT_TIMESTAMP);
        wire->ts_val = out->ts_val;
        wire->ts_ecr = out->ts_ecr;
    }
    //@ assert wire_segment_ok(*wire) && wire->options <= 15;
    /* RFC 2018 §4: its SACK blocks, on every segment but a SYN or a RST,
     * as many as fit beside the timestamps (§3) */
    if (out->sack_count > 0u && (given.flags & (TCPFSM_SYN | TCPFSM_RST)) == 0) {
        uint32_t room = out->timestamps != 0u ? 3u : TCPFSM_WIRE_MAX_SACK;
        uint32_t n = out->sack_count < room ? out->sack_count : room;
        uint32_t k;
        /*@ loop invariant 0 <= k <= n;
            loop assigns k, wire->sack[0 .. TCPFSM_WIRE_MAX_SACK - 1];
            loop variant n - k; */
        for (k = 0u; k < n; k++) {
            wire->sack[k] = out->sack[k];
        }
        wire->sack_count = (uint8_t)n;
        wire->options = (uint8_t)(wire->options + TCPFSM_OPT_SACK);
    }
    return TCPFSM_OK;
}

tcpfsm_error tcpfsm_wire_from_tx(const tcpfsm_tx *tx, uint16_t src_port, uint16_t dst_port,
                                 tcpfsm_wire_segment *wire)
{
    tcpfsm_tx given;
    if (tx == 0 || wire == 0) {
        return TCPFSM_ERR_NULL;
    }
    given = *tx; /* read-only input: the core's own copy, as in src/core/segment.c */
    wire_of_tx(&given, src_port, dst_port, 0u, wire); /* no urgent pointer: the output's */
    return TCPFSM_OK;
}
