/* SPDX-License-Identifier: BSD-2-Clause */
/* SACK on the sending side: the RFC 6675 scoreboard and its queries.
 *
 * The scoreboard (conn->sacked) holds the ranges the peer's SACK blocks
 * cover.  The queries work in offsets from SND.UNA, where nothing wraps:
 * a range counts only when 0 < left < right <= SND.NXT - SND.UNA, so a
 * stale or malformed one is ignored rather than trusted, and every hole
 * returned lies inside the data in flight. */
#include "internal.h"

/* RFC 6675 §2 DupThresh: segments SACKed above one that is then lost. */
#define DUP_THRESH 3u

/* The sequence space in flight: SND.NXT - SND.UNA. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == seq_dist(conn->snd_nxt, conn->snd_una); */
static uint32_t flight(const tcpfsm_conn *conn)
{
    return tcpfsm_seq_dist(conn->snd_nxt, conn->snd_una);
}

/* Range i of the scoreboard as offsets from SND.UNA; 0 when it does not lie
 * within 0 < left < right <= flight. */
/*@ requires \valid_read(conn) && \valid(left) && \valid(right);
    requires \separated(left, right, conn);
    requires i < TCPFSM_OOO_RANGES;
    terminates \true;
    assigns *left, *right;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> 0 < *left < *right <= seq_dist(conn->snd_nxt, conn->snd_una);
*/
static int sacked_range(const tcpfsm_conn *conn, uint32_t i, uint32_t *left, uint32_t *right)
{
    tcpfsm_sack_block r = conn->sacked.range[i];
    uint32_t l = tcpfsm_seq_dist(r.left, conn->snd_una);
    uint32_t h = tcpfsm_seq_dist(r.right, conn->snd_una);
    *left = l;
    *right = h;
    return l > 0u && l < h && h <= flight(conn);
}

void tcpfsm_sack_update(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    uint32_t n = tcpfsm_min_u32(seg->sack_count, TCPFSM_MAX_SACK_BLOCKS);
    uint32_t k;
    /* what SND.UNA passed is acknowledged for good (an empty scoreboard,
     * as always without SACK, is not copied through) */
    if (conn->sacked.count != 0u) {
        conn->sacked = tcpfsm_ranges_beyond(conn->sacked, conn->snd_una);
    }
    if (conn->sack_on == 0u) {
        return;
    }
    /* last block first: the first one, the peer's latest news (RFC 2018
     * §4), ends up the most recently changed range, the last forgotten */
    /*@ loop invariant 0 <= k <= n;
        loop invariant conn_ok(*conn);
        loop assigns k, conn->sacked;
        loop variant k; */
    for (k = n; k > 0u; k--) {
        tcpfsm_sack_block b = seg->sack[k - 1u];
        /* RFC 2018 §4: a block covers data we sent beyond SND.UNA; one
         * that does not (old, a D-SACK of RFC 2883, or forged) is left out */
        if (tcpfsm_seq_lt(conn->snd_una, b.left) && tcpfsm_seq_lt(b.left, b.right)
            && tcpfsm_seq_leq(b.right, conn->snd_nxt)) {
            conn->sacked = tcpfsm_ranges_add(conn->sacked, conn->snd_una, b.left, b.right);
        }
    }
}

/* RFC 8985 §6.2: RACK took the data below rack_lost for lost (rack.c);
 * not while a timeout's recovery sends everything again. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing; */
static int rack_lost(const tcpfsm_conn *conn, uint32_t offset)
{
    uint32_t lost = tcpfsm_seq_dist(conn->rack_lost, conn->snd_una);
    return conn->recovery != (uint8_t)TCPFSM_RECOVERY_TIMEOUT && conn->sacked.count != 0u
        && offset < lost && lost <= flight(conn);
}

int tcpfsm_sack_lost(const tcpfsm_conn *conn, uint32_t offset)
{
    uint32_t count = tcpfsm_min_u32(conn->sacked.count, TCPFSM_OOO_RANGES);
    uint32_t limit = (DUP_THRESH - 1u) * (uint32_t)conn->snd_mss;
    uint32_t ranges = 0u;
    uint32_t bytes = 0u;
    uint32_t i;
    if (rack_lost(conn, offset)) {
        return 1;
    }
    /*@ loop invariant 0 <= i <= count && ranges <= i && bytes <= limit;
        loop assigns i, ranges, bytes;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        uint32_t left;
        uint32_t right;
        if (sacked_range(conn, i, &left, &right) && left > offset) {
            /* IsLost: DupThresh discontiguous SACKed ranges above, or more
             * than (DupThresh - 1) * SMSS bytes */
            ranges++;
            if (ranges >= DUP_THRESH || right - left > limit - bytes) {
                return 1;
            }
            bytes += right - left;
        }
    }
    return 0;
}

/* The end of the SACKed range that holds offset, or offset when none does.
 * One pass suffices: ranges that neither overlap nor touch cannot hand the
 * offset on to one another. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures offset <= \result;
    ensures offset < seq_dist(conn->snd_nxt, conn->snd_una)
            ==> \result <= seq_dist(conn->snd_nxt, conn->snd_una);
*/
static uint32_t past_sacked(const tcpfsm_conn *conn, uint32_t offset)
{
    uint32_t count = tcpfsm_min_u32(conn->sacked.count, TCPFSM_OOO_RANGES);
    uint32_t at = offset;
    uint32_t i;
    /*@ loop invariant 0 <= i <= count && offset <= at;
        loop invariant offset < seq_dist(conn->snd_nxt, conn->snd_una)
                       ==> at <= seq_dist(conn->snd_nxt, conn->snd_una);
        loop assigns i, at;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        uint32_t left;
        uint32_t right;
        if (sacked_range(conn, i, &left, &right) && left <= at && at < right) {
            at = right;
        }
    }
    return at;
}

/* The start of the first SACKed range beyond offset; the flight when none:
 * a range always starts before it. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= seq_dist(conn->snd_nxt, conn->snd_una);
    ensures \result < seq_dist(conn->snd_nxt, conn->snd_una) ==> offset < \result;
*/
static uint32_t next_sacked(const tcpfsm_conn *conn, uint32_t offset)
{
    uint32_t count = tcpfsm_min_u32(conn->sacked.count, TCPFSM_OOO_RANGES);
    uint32_t next = flight(conn);
    uint32_t i;
    /*@ loop invariant 0 <= i <= count;
        loop invariant next <= seq_dist(conn->snd_nxt, conn->snd_una);
        loop invariant next < seq_dist(conn->snd_nxt, conn->snd_una) ==> offset < next;
        loop assigns i, next;
        loop variant count - i; */
    for (i = 0u; i < count; i++) {
        uint32_t left;
        uint32_t right;
        if (sacked_range(conn, i, &left, &right) && left > offset && left < next) {
            next = left;
        }
    }
    return next;
}

/* Where HighRxt lies, as an offset: 0 when it is not within the flight. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= seq_dist(conn->snd_nxt, conn->snd_una);
*/
static uint32_t retransmitted(const tcpfsm_conn *conn)
{
    uint32_t rx = tcpfsm_seq_dist(conn->high_rxt, conn->snd_una);
    return rx <= flight(conn) ? rx : 0u;
}

tcpfsm_hole tcpfsm_sack_hole(const tcpfsm_conn *conn, int lost_only)
{
    tcpfsm_hole hole = {0u, 0u};
    uint32_t start = past_sacked(conn, retransmitted(conn));
    uint32_t end = next_sacked(conn, start);
    /* NextSeg (1.b) and (3): below the highest SACKed octet, that is,
     * before a SACKed range; (1.c): lost, for rule (1) */
    if (end < flight(conn) && (lost_only == 0 || tcpfsm_sack_lost(conn, start))) {
        hole.offset = start;
        hole.len = end - start;
    }
    return hole;
}

/* SetPipe's walk over the flight, gap by gap: the unSACKed octets between
 * the SACKed ranges and after the last, and what they add to pipe. */
typedef struct {
    uint32_t pipe;     /* RFC 6675 §4 SetPipe() */
    uint32_t unsacked; /* octets in flight no range covers */
} sack_tally;

/*@ requires \valid_read(conn) && conn_base_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result.pipe <= 2 * seq_dist(conn->snd_nxt, conn->snd_una);
    ensures \result.unsacked <= seq_dist(conn->snd_nxt, conn->snd_una);
*/
static sack_tally tally(const tcpfsm_conn *conn)
{
    sack_tally t;
    uint32_t total = flight(conn);
    uint32_t rx = retransmitted(conn);
    uint32_t count = tcpfsm_min_u32(conn->sacked.count, TCPFSM_OOO_RANGES);
    uint32_t at = 0u;
    uint32_t pipe = 0u;
    uint32_t unsacked = 0u;
    uint32_t k;
    /* Each gap counts in pipe once unless lost, once more when
     * retransmitted (below HighRxt). */
    /*@ loop invariant 0 <= k <= count + 1;
        loop invariant at <= total && pipe <= 2 * at && unsacked <= at;
        loop assigns k, at, pipe, unsacked;
        loop variant count + 1 - k; */
    for (k = 0u; k <= count; k++) {
        uint32_t start = past_sacked(conn, at);
        uint32_t end;
        if (start >= total) {
            break;
        }
        end = next_sacked(conn, start);
        unsacked += end - start;
        if (tcpfsm_sack_lost(conn, start) == 0) {
            pipe += end - start;
        }
        if (rx > start) {
            pipe += tcpfsm_min_u32(rx, end) - start;
        }
        at = end;
    }
    t.pipe = pipe;
    t.unsacked = unsacked;
    return t;
}

uint32_t tcpfsm_sack_pipe(const tcpfsm_conn *conn)
{
    return tally(conn).pipe;
}

uint32_t tcpfsm_sack_bytes(const tcpfsm_conn *conn)
{
    return flight(conn) - tally(conn).unsacked;
}
