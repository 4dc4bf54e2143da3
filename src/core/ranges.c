/* SPDX-License-Identifier: BSD-2-Clause */
/* Ranges of sequence space, kept on both sides of a connection: the
 * out-of-order data received (RFC 9293 §3.10.7.4 seventh step, RFC 2018 §4)
 * and the data sent that SACK blocks cover (RFC 6675 §4 scoreboard).  Up to
 * TCPFSM_OOO_RANGES ranges, most recently changed first, disjoint and not
 * touching.  Nothing here needs those properties to be safe: callers clamp
 * every use of a range to the window it must lie in.  They make the SACK
 * blocks and the scoreboard right, and fuzz/oracle.c checks them after
 * every call.  The ranges travel by value: a copy in, a copy out.
 *
 * Ranges are compared as offsets from a base none of them lies before
 * (RCV.NXT, SND.UNA), where nothing wraps and "inside" is plain integer
 * order: that is what lets the proof say a range is never forgotten. */
#include "internal.h"

#if TCPFSM_OOO_RANGES < 1 || TCPFSM_OOO_RANGES > 255
#error "TCPFSM_OOO_RANGES must be 1..255"
#endif

/* Range r seen from base: [*lo, *hi) in offsets; 1 when it is a range
 * there (its right edge not before its left edge). */
/*@ requires \valid(lo) && \valid(hi) && \separated(lo, hi);
    terminates \true;
    assigns *lo, *hi;
    ensures *lo == range_lo(r, base) && *hi == range_hi(r, base);
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> range_formed(r, base);
*/
static int offsets(tcpfsm_sack_block r, uint32_t base, uint32_t *lo, uint32_t *hi)
{
    *lo = tcpfsm_seq_dist(r.left, base);
    *hi = tcpfsm_seq_dist(r.right, base);
    return *lo <= *hi;
}

/* Whether r overlaps or touches [lo, hi): then they are one range. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> range_touches(r, base, lo, hi);
*/
static int touches(tcpfsm_sack_block r, uint32_t base, uint32_t lo, uint32_t hi)
{
    uint32_t rlo;
    uint32_t rhi;
    return offsets(r, base, &rlo, &rhi) && rlo <= hi && lo <= rhi;
}

int tcpfsm_ranges_fit(tcpfsm_ranges ranges, uint32_t base, uint32_t left, uint32_t right)
{
    uint32_t count = ranges.count;
    uint32_t lo = tcpfsm_seq_dist(left, base);
    uint32_t hi = tcpfsm_seq_dist(right, base);
    uint32_t i;
    if (count < TCPFSM_OOO_RANGES) {
        return 1;
    }
    /*@ loop invariant 0 <= i <= count;
        loop invariant \forall integer k; 0 <= k < i
                       ==> !range_touches(ranges.range[k], base, lo, hi);
        loop assigns i;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        if (touches(ranges.range[i], base, lo, hi)) {
            return 1;
        }
    }
    return 0;
}

tcpfsm_ranges tcpfsm_ranges_add(tcpfsm_ranges ranges, uint32_t base, uint32_t left, uint32_t right)
{
    tcpfsm_ranges result = ranges; /* every byte defined: the copy goes out */
    uint32_t count = ranges.count;
    uint32_t lo = tcpfsm_seq_dist(left, base);
    uint32_t hi = tcpfsm_seq_dist(right, base);
    uint32_t n = 1u; /* result.range[0] is the new range, once merged */
    uint32_t i;
    if (hi < lo) {
        return ranges; /* not a range beyond base */
    }
    /*@ loop invariant 0 <= i <= count && 1 <= n <= TCPFSM_OOO_RANGES && n <= i + 1;
        loop invariant lo <= \at(lo, LoopEntry) && \at(hi, LoopEntry) <= hi && lo <= hi;
        // no merge yet: [lo, hi) is the range added, and no range before i
        // touched it
        loop invariant n == i + 1 ==> lo == \at(lo, LoopEntry) && hi == \at(hi, LoopEntry);
        loop invariant n == i + 1 ==> \forall integer k; 0 <= k < i
                       ==> !range_touches(ranges.range[k], base, lo, hi);
        // each range before i is kept whole: copied, or inside [lo, hi)
        loop invariant ranges_fit(ranges, base, \at(lo, LoopEntry), \at(hi, LoopEntry)) ==>
                       \forall integer k; 0 <= k < i && range_formed(ranges.range[k], base) ==>
                       (lo <= range_lo(ranges.range[k], base)
                        && range_hi(ranges.range[k], base) <= hi)
                       || (\exists integer m; 1 <= m < n &&
                           range_lo(result.range[m], base) <= range_lo(ranges.range[k], base) &&
                           range_hi(ranges.range[k], base) <= range_hi(result.range[m], base));
        loop assigns i, n, lo, hi, result.range[1 .. TCPFSM_OOO_RANGES - 1];
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = ranges.range[i];
        uint32_t rlo;
        uint32_t rhi;
        if (offsets(r, base, &rlo, &rhi) && rlo <= hi && lo <= rhi) {
            /* one pass suffices: ranges that neither overlap nor touch
             * each other cannot come to touch the union */
            lo = tcpfsm_min_u32(lo, rlo);
            hi = hi < rhi ? rhi : hi;
        } else if (n < TCPFSM_OOO_RANGES) {
            result.range[n] = r;
            n++;
        }
        /* else: full, and the least recently changed range is forgotten
         * (a sender forgetting a SACK only retransmits more than it
         * needs; the receiver never gets here, tcpfsm_ranges_fit) */
    }
    result.range[0].left = tcpfsm_seq_add(base, lo);
    result.range[0].right = tcpfsm_seq_add(base, hi);
    result.count = (uint8_t)n;
    return result;
}

tcpfsm_sack_block tcpfsm_ranges_overlap(tcpfsm_ranges ranges, uint32_t base, uint32_t lo,
                                        uint32_t hi)
{
    tcpfsm_sack_block part = {base, base}; /* empty: no overlap */
    uint32_t count = ranges.count;
    uint32_t found = 0u;
    uint32_t best_lo = 0u;
    uint32_t best_hi = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= count && (found == 0 || found == 1);
        loop invariant found == 1 ==> best_lo < hi && lo < best_hi && best_lo <= best_hi &&
                       ranges_hold(ranges, base, best_lo, best_hi);
        loop assigns i, found, best_lo, best_hi;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        uint32_t rlo;
        uint32_t rhi;
        if (offsets(ranges.range[i], base, &rlo, &rhi) && rlo < hi && lo < rhi
            && (found == 0u || rlo < best_lo)) {
            found = 1u;
            best_lo = rlo;
            best_hi = rhi;
        }
    }
    if (found != 0u) {
        part.left = tcpfsm_seq_add(base, lo > best_lo ? lo : best_lo);
        part.right = tcpfsm_seq_add(base, tcpfsm_min_u32(hi, best_hi));
    }
    return part;
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
        loop invariant \forall integer k; 0 <= k < i && seq_leq(ranges.range[k].left, edge)
                       && seq_lt(edge, ranges.range[k].right)
                       ==> reach >= seq_dist(ranges.range[k].right, edge);
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
