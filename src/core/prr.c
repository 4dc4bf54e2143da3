/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9937 Proportional Rate Reduction: how much SACK loss recovery (RFC
 * 6675) may send on each ACK.  Recovery halves the window (congestion.c),
 * but the flight is still the old one: sending cwnd - pipe at once would
 * send nothing for half a round trip and then a burst, and a recovery that
 * loses more would fall to the RTO.  PRR instead spreads the reduction over
 * the ACKs: while pipe is above ssthresh, it sends ssthresh/RecoverFS of
 * what is delivered (proportional); below it, it grows back towards
 * ssthresh no faster than slow start (the reduction bound).  The window
 * stays a window: each ACK sets cwnd = pipe + SndCnt, and transmit.c sends
 * cwnd - pipe as it always does in SACK recovery. */
#include "internal.h"

/* a + b, saturating at 2^32 - 1. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == \min(a + b, 4294967295);
*/
static uint32_t add_sat(uint32_t a, uint32_t b)
{
    return b > 0xFFFFFFFFu - a ? 0xFFFFFFFFu : a + b;
}

/* §6.2 DeliveredData: what this ACK says reached the peer, the data SND.UNA
 * passed plus the change in SACKed bytes; 0 when the scoreboard shrank by
 * more (the peer reneged, or a block was refused). */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == \max(0, \min(acked + sacked_after - sacked_before, 4294967295));
*/
static uint32_t delivered_data(uint32_t acked, uint32_t sacked_before, uint32_t sacked_after)
{
    uint64_t gained = (uint64_t)acked + sacked_after;
    uint64_t delivered = gained > sacked_before ? gained - sacked_before : 0u;
    return delivered > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)delivered;
}

/* §6.1: the start of recovery.  RecoverFS, the bytes this recovery may see
 * delivered: the flight, less what was SACKed before the ACK that started
 * it (counted as delivered before recovery, it will not be again). */
/*@ requires \valid(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns conn->prr_delivered, conn->prr_out, conn->recover_fs;
    ensures conn->prr_delivered == 0 && conn->prr_out == 0;
    ensures conn->recover_fs == \max(1, seq_dist(conn->snd_nxt, conn->snd_una) - sacked_before);
*/
static void prr_start(tcpfsm_conn *conn, uint32_t sacked_before)
{
    uint32_t in_flight = tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
    uint32_t fs = in_flight > sacked_before ? in_flight - sacked_before : 0u;
    conn->prr_delivered = 0u;
    conn->prr_out = 0u;
    conn->recover_fs = fs > 0u ? fs : 1u; /* it divides */
}

/* x * y, exactly (y below 2^31 keeps it below 2^63). */
/*@ requires y <= 2147483648;
    terminates \true;
    assigns \nothing;
    ensures \result == x * y;
*/
static uint64_t product(uint32_t x, uint32_t y)
{
    return (uint64_t)x * y;
}

/* floor(n / d), or less when that is 2^32 or more: the quotient's bits
 * found from the highest, each kept when the product stays within n.  No
 * 64-bit division: on 32-bit targets it is a library call, which the core
 * does without (tests/release/freestanding.sh).  Exact when the quotient
 * is below 2^32, which the Check suites' figures show; proven: never more. */
/*@ requires 1 <= d <= 2147483648;
    terminates \true;
    assigns \nothing;
    ensures \result * d <= n;
*/
static uint32_t quotient(uint64_t n, uint32_t d)
{
    uint32_t q = 0u;
    uint32_t bit = 0x80000000u;
    /*@ loop invariant q * d <= n;
        loop assigns q, bit;
        loop variant bit; */
    while (bit != 0u) {
        uint32_t more = q | bit;
        if (product(more, d) <= n) {
            q = more;
        }
        bit >>= 1;
    }
    return q;
}

/* §6.2 SndCnt while pipe is above ssthresh: the share of what was
 * delivered that ssthresh/RecoverFS allows, CEIL(prr_delivered *
 * ssthresh / RecoverFS), less what was sent. */
/*@ requires \valid_read(conn) && 1 <= conn->recover_fs <= 2147483648;
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || prr_within_share(\result + conn->prr_out, conn->prr_delivered,
                                             conn->ssthresh, conn->recover_fs);
*/
static uint32_t proportional(const tcpfsm_conn *conn)
{
    uint32_t allowed = quotient((uint64_t)conn->prr_delivered * conn->ssthresh
                                + conn->recover_fs - 1u, conn->recover_fs);
    return allowed > conn->prr_out ? allowed - conn->prr_out : 0u;
}

/* §6.2 SndCnt once pipe is at or below ssthresh: back towards ssthresh,
 * by what was delivered and not yet sent (PRR-CRB, conservative), one
 * segment more on an ACK that moved SND.UNA without showing further loss
 * (PRR-SSRB, slow start's pace). */
/*@ requires \valid_read(conn) && pipe <= conn->ssthresh;
    terminates \true;
    assigns \nothing;
    ensures \result <= conn->ssthresh - pipe;
*/
static uint32_t reduction_bound(const tcpfsm_conn *conn, uint32_t pipe, uint32_t delivered,
                                int safe)
{
    uint32_t owed = conn->prr_delivered > conn->prr_out ? conn->prr_delivered - conn->prr_out : 0u;
    uint32_t limit = tcpfsm_max_u32(owed, delivered);
    if (safe) {
        limit = add_sat(limit, conn->snd_mss);
    }
    return tcpfsm_min_u32(conn->ssthresh - pipe, limit);
}

/* §6.2: cwnd = pipe + SndCnt, the window that lets SndCnt bytes out now.
 * The fast retransmit goes out in any case (SndCnt one segment while
 * nothing was sent).  Within the invariant's bounds: pipe is at most twice
 * a flight below 2^31, and ssthresh >= 2 SMSS keeps the sum 1 or more. */
/*@ requires \valid_read(conn) && 1 <= conn->recover_fs <= 2147483648 && conn->snd_mss >= 1;
    terminates \true;
    assigns \nothing;
    ensures 1 <= \result <= TCPFSM_MAX_CWND;
    // at or below ssthresh, the flight grows back to ssthresh and no further
    ensures pipe <= conn->ssthresh ==> \result <= \max(conn->ssthresh, pipe + conn->snd_mss);
    // above it, no more goes out than ssthresh/RecoverFS of what was delivered
    ensures pipe > conn->ssthresh
            ==> \result <= pipe + conn->snd_mss
                || prr_within_share(\result - pipe + conn->prr_out, conn->prr_delivered,
                                    conn->ssthresh, conn->recover_fs);
*/
static uint32_t prr_window(const tcpfsm_conn *conn, uint32_t pipe, uint32_t delivered, int safe)
{
    uint32_t sndcnt = pipe > conn->ssthresh ? proportional(conn)
                                            : reduction_bound(conn, pipe, delivered, safe);
    if (conn->prr_out == 0u && sndcnt == 0u) {
        sndcnt = conn->snd_mss;
    }
    return tcpfsm_max_u32(tcpfsm_min_u32(add_sat(pipe, sndcnt), TCPFSM_MAX_CWND), 1u);
}

void tcpfsm_prr_ack(tcpfsm_conn *conn, uint32_t acked, uint32_t sacked_before, int started)
{
    uint32_t delivered = delivered_data(acked, sacked_before, tcpfsm_sack_bytes(conn));
    uint32_t pipe;
    int safe;
    if (started || conn->recover_fs == 0u || conn->recover_fs > 0x80000000u) {
        /* (a block never started reads 0; no flight is 2^31 or more) */
        prr_start(conn, sacked_before);
    }
    if (delivered == 0u) {
        return; /* §6.2: nothing new reached the peer, nothing new may go */
    }
    conn->prr_delivered = add_sat(conn->prr_delivered, delivered);
    pipe = tcpfsm_sack_pipe(conn);
    /* safeACK: SND.UNA moved, and no hole is left that the scoreboard
     * shows lost and that was not sent again */
    safe = acked > 0u && tcpfsm_sack_hole(conn, 1).len == 0u;
    conn->cwnd = prr_window(conn, pipe, delivered, safe);
}

void tcpfsm_prr_sent(tcpfsm_conn *conn, const tcpfsm_output *out, uint32_t from)
{
    uint32_t sent = 0u;
    uint32_t k;
    /*@ loop invariant from <= k <= out->count;
        loop invariant sent == \min(data_sent(*out, from, k), 4294967295);
        loop assigns k, sent;
        loop variant out->count - k; */
    for (k = from; k < out->count; k++) {
        sent = add_sat(sent, out->tx[k].data_len);
    }
    conn->prr_out = add_sat(conn->prr_out, sent);
}

void tcpfsm_prr_resent(tcpfsm_conn *conn, const tcpfsm_output *out)
{
    if (conn->recovery == (uint8_t)TCPFSM_RECOVERY_SACK) {
        tcpfsm_prr_sent(conn, out, 0u); /* RFC 9937: every byte sent in recovery */
    }
}
