/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 2883: the D-SACK block.  When a segment repeats data already
 * received, the ACK it draws reports that duplicate first among its SACK
 * blocks (§4), this once; the sender learns a retransmission was not
 * needed.  Only one contiguous duplicate is reported (§4, rule 1): the
 * part before RCV.NXT when there is one, else the part repeating the
 * out-of-order range with the lowest left edge, which is what FreeBSD's
 * tcp_input and tcp_update_dsack_list report.  The range that holds it is
 * the first of the other blocks, as ranges.c keeps the range the segment
 * changed last first (§4, rule 4). */
#include "internal.h"

void tcpfsm_dsack_note(const tcpfsm_conn *conn, uint32_t seq, uint32_t len, tcpfsm_output *out)
{
    tcpfsm_sack_block dup;
    if (conn->sack_on == 0u || len == 0u) {
        return;
    }
    if (tcpfsm_seq_lt(seq, conn->rcv_nxt)) {
        uint32_t old = tcpfsm_seq_dist(conn->rcv_nxt, seq); /* bytes before RCV.NXT */
        uint32_t n = tcpfsm_min_u32(len, old);
        dup.left = seq;
        dup.right = tcpfsm_seq_add(seq, n);
        //@ assert 1 <= n < 2147483648 && seq_dist(dup.right, seq) == n;
    } else {
        /* beyond RCV.NXT: only what the window holds can repeat a range */
        uint32_t window = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
        uint32_t at = tcpfsm_seq_dist(seq, conn->rcv_nxt);
        if (at >= window) {
            return;
        }
        dup = tcpfsm_ranges_overlap(conn->ooo, conn->rcv_nxt, at,
                                    at + tcpfsm_min_u32(len, window - at));
        if (dup.left == dup.right) {
            return;
        }
    }
    out->sack[0] = dup;
    out->dsack = 1u;
}
