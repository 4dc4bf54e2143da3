/* SPDX-License-Identifier: BSD-2-Clause */
/* SEGMENT ARRIVES, its entry, and the receiver's common case in few
 * instructions: header prediction (Jacobson's, as in 4.4BSD's tcp_input).
 * The segment every receiving connection sees most, the next in-order data
 * with no news in its ACK, takes a short path whose outcome is exactly
 * that of RFC 9293 §3.10.7's steps (tcpfsm_segment_arrives, segment.c);
 * anything else takes those steps.  The Check suites and both segment
 * fuzzers hold the two paths to the same bytes of connection and output
 * (fuzz/oracle.c, oracle_fast_path_same). */
#include "internal.h"

/* RFC 7323 §5.3 R1: PAWS would take the segment whatever the age of
 * TS.Recent; the general path also judges a segment without the option,
 * and one older than a TS.Recent that has gone stale. */
/*@ requires \valid_read(conn) && \valid_read(seg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int timestamp_fresh(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return conn->ts_on == 0u
        || ((seg->options & TCPFSM_OPT_TIMESTAMP) != 0u
            && !tcpfsm_seq_lt(seg->ts_val, conn->ts_recent));
}

int tcpfsm_fast_path_applies(const tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    return conn->state == (uint8_t)TCPFSM_ESTABLISHED
        /* no SYN, FIN, RST, URG or ECN bit: steps two to four and eight
         * have nothing to do */
        && (seg->flags == TCPFSM_ACK || seg->flags == (TCPFSM_ACK | TCPFSM_PSH))
        /* no CE mark to echo (RFC 3168 §6.1.3) */
        && seg->ip_ecn != TCPFSM_IP_CE
        /* the first step: at RCV.NXT, all of it inside the window */
        && seg->seq == conn->rcv_nxt && seg->len > 0u
        && seg->len <= tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt)
        /* no hole to fill: it is all delivered, and nothing kept follows */
        && conn->ooo.count == 0u && conn->ooo_fin == 0u
        /* the fifth step: SEG.ACK = SND.UNA is no news, and with nothing
         * queued nothing is in flight either (ESTABLISHED: our SYN is
         * acknowledged, no FIN sent), so it is no duplicate ACK, and no
         * scoreboard to update; nor does any transmission follow */
        && seg->ack == conn->snd_una && conn->snd_queued == 0u && conn->fin_queued == 0u
        && conn->sacked.count == 0u && conn->rtx_due == 0u
        /* no SACK block: even with nothing in flight a D-SACK is news to
         * RACK's reordering window (RFC 8985 §6.2 step 4) */
        && seg->sack_count == 0u
        && timestamp_fresh(conn, seg);
}

void tcpfsm_fast_path(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                      tcpfsm_output *out)
{
    tcpfsm_out_clear(out);
    tcpfsm_ts_update(conn, seg, now); /* RFC 7323 §5.3 R3 */
    /* fifth step: SEG.ACK = SND.UNA = SND.NXT; the window may be new */
    tcpfsm_cc_same_ack(conn, 0); /* data: no duplicate ACK (RFC 5681 §2) */
    tcpfsm_take_window(conn, seg);
    tcpfsm_peer_heard(conn);
    /* seventh step: all of it in order; its ACK may wait (§3.8.6.3) */
    out->deliver_len = seg->len;
    tcpfsm_take_in_order(conn, seg->len);
    tcpfsm_ack_received(conn, 1, now, out);
    tcpfsm_rearm(conn, now);
    (void)tcpfsm_finish(conn, now, out);
}

