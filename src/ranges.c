/* Ranges of sequence space, kept on both sides of a connection: the
 * out-of-order data received (RFC 9293 §3.10.7.4 seventh step, RFC 2018 §4)
 * and the data sent that SACK blocks cover (RFC 6675 §4 scoreboard).  Up to
 * TCPFSM_OOO_RANGES ranges, most recently changed first, disjoint and not
 * touching.  Nothing here needs those properties to be safe: callers clamp
 * every use of a range to the window it must lie in.  They make the SACK
 * blocks and the scoreboard right, and fuzz/oracle.c checks them after
 * every call.  The ranges travel by value: a copy in, a copy out. */
#include "internal.h"

#if TCPFSM_OOO_RANGES < 1 || TCPFSM_OOO_RANGES > 255
#error "TCPFSM_OOO_RANGES must be 1..255"
#endif

/* Whether [l1, r1) and [l2, r2) overlap or touch: then they are one range. */
/*@ terminates \true;
    assigns \nothing; */
static int touching(uint32_t l1, uint32_t r1, uint32_t l2, uint32_t r2)
{
    return tcpfsm_seq_leq(l1, r2) && tcpfsm_seq_leq(l2, r1);
}

tcpfsm_ranges tcpfsm_ranges_add(tcpfsm_ranges ranges, uint32_t left, uint32_t right)
{
    tcpfsm_ranges result = ranges; /* every byte defined: the copy goes out */
    uint32_t count = ranges.count;
    uint32_t n = 1u; /* result.range[0] is the new range, once merged */
    uint32_t i;
    /*@ loop invariant 0 <= i <= count && 1 <= n <= TCPFSM_OOO_RANGES && n <= i + 1;
        loop assigns i, n, left, right, result.range[1 .. TCPFSM_OOO_RANGES - 1];
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = ranges.range[i];
        if (touching(r.left, r.right, left, right)) {
            /* one pass suffices: ranges that neither overlap nor touch
             * each other cannot come to touch the union */
            left = tcpfsm_seq_lt(r.left, left) ? r.left : left;
            right = tcpfsm_seq_lt(right, r.right) ? r.right : right;
        } else if (n < TCPFSM_OOO_RANGES) {
            result.range[n] = r;
            n++;
        }
        /* else: full, and the least recently changed range is forgotten
         * (RFC 2018 §8 lets a receiver discard what it SACKed; a sender
         * forgetting a SACK only retransmits more than it needs) */
    }
    result.range[0].left = left;
    result.range[0].right = right;
    result.count = (uint8_t)n;
    return result;
}

tcpfsm_ranges tcpfsm_ranges_beyond(tcpfsm_ranges ranges, uint32_t edge)
{
    uint32_t count = ranges.count;
    uint32_t n = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= n <= i <= count <= TCPFSM_OOO_RANGES;
        loop assigns i, n, ranges.range[0 .. TCPFSM_OOO_RANGES - 1];
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = ranges.range[i];
        if (tcpfsm_seq_lt(edge, r.left)) {
            ranges.range[n] = r; /* n <= i: in place */
            n++;
        }
    }
    ranges.count = (uint8_t)n;
    return ranges;
}

uint32_t tcpfsm_ranges_reach(tcpfsm_ranges ranges, uint32_t edge)
{
    uint32_t count = ranges.count;
    uint32_t reach = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= count;
        loop assigns i, reach;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = ranges.range[i];
        uint32_t beyond = tcpfsm_seq_dist(r.right, edge);
        if (tcpfsm_seq_leq(r.left, edge) && tcpfsm_seq_lt(edge, r.right) && beyond > reach) {
            reach = beyond;
        }
    }
    return reach;
}
