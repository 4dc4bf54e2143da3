/* Out-of-order data, RFC 9293 §3.10.7.4 (seventh step: a segment beyond
 * RCV.NXT may be held for later processing) and RFC 2018 §4 (the ranges
 * SACK reports).  The bytes stay in the caller's receive buffer; the core
 * keeps up to TCPFSM_OOO_RANGES ranges of sequence space, most recently
 * changed first, disjoint and not touching, all beyond RCV.NXT.  Nothing
 * here needs those properties to be safe (the window bounds every move of
 * RCV.NXT); they make the SACK blocks right, and fuzz/oracle.c checks
 * them after every call. */
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

void tcpfsm_reasm_keep(tcpfsm_conn *conn, uint32_t left, uint32_t right)
{
    tcpfsm_sack_block kept[TCPFSM_OOO_RANGES];
    uint32_t count = conn->ooo_count;
    uint32_t n = 1u; /* kept[0] is the new range, once merged */
    uint32_t i;
    /*@ loop invariant 0 <= i <= count && 1 <= n <= TCPFSM_OOO_RANGES && n <= i + 1;
        loop assigns i, n, left, right, kept[1 .. TCPFSM_OOO_RANGES - 1];
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = conn->ooo[i];
        if (touching(r.left, r.right, left, right)) {
            /* one pass suffices: ranges that neither overlap nor touch
             * each other cannot come to touch the union */
            left = tcpfsm_seq_lt(r.left, left) ? r.left : left;
            right = tcpfsm_seq_lt(right, r.right) ? r.right : right;
        } else if (n < TCPFSM_OOO_RANGES) {
            kept[n] = r;
            n++;
        }
        /* else: full, and the least recently changed range is forgotten
         * (RFC 2018 §8 lets a receiver discard what it SACKed) */
    }
    kept[0].left = left;
    kept[0].right = right;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, conn->ooo[0 .. TCPFSM_OOO_RANGES - 1];
        loop variant n - i; */
    for (i = 0u; i < n; i++) {
        conn->ooo[i] = kept[i];
    }
    conn->ooo_count = (uint8_t)n;
}

uint32_t tcpfsm_reasm_ready(const tcpfsm_conn *conn)
{
    uint32_t count = conn->ooo_count;
    uint32_t reach = 0u; /* bytes beyond RCV.NXT the ranges at RCV.NXT cover */
    uint32_t i;
    /*@ loop invariant 0 <= i <= count;
        loop assigns i, reach;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = conn->ooo[i];
        uint32_t beyond = tcpfsm_seq_dist(r.right, conn->rcv_nxt);
        if (tcpfsm_seq_leq(r.left, conn->rcv_nxt) && tcpfsm_seq_lt(conn->rcv_nxt, r.right)
            && beyond > reach) {
            reach = beyond;
        }
    }
    /* never past the window offered (a range may reach beyond an edge
     * that moved back, spec/README.md Deviations 16) */
    return tcpfsm_min_u32(reach, tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt));
}

void tcpfsm_reasm_forget(tcpfsm_conn *conn)
{
    uint32_t count = conn->ooo_count;
    uint32_t n = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= n <= i <= count <= TCPFSM_OOO_RANGES;
        loop assigns i, n, conn->ooo[0 .. TCPFSM_OOO_RANGES - 1];
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        tcpfsm_sack_block r = conn->ooo[i];
        if (tcpfsm_seq_lt(conn->rcv_nxt, r.left)) {
            conn->ooo[n] = r; /* n <= i: in place */
            n++;
        }
    }
    conn->ooo_count = (uint8_t)n;
}
