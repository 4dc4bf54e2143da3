/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 5961 §7: challenge ACKs, throttled per connection. */
#include "internal.h"

/* §7 asks for a limit on challenge ACKs per time period and suggests a
 * system-wide one.  The core holds no globals, and a counter shared by all
 * connections is a side channel (CVE-2016-5696): the limit here is per
 * connection, as in FreeBSD (ack_war_cnt per ack_war_timewindow).  A
 * window starts with the first challenge ACK after the previous one ended,
 * or when the clock is seen to go back. */
/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->challenge_start, conn->challenge_count;
    ensures conn_ok(*conn);
    ensures \result == 0 || \result == 1;
    ensures conn->cfg.challenge_limit == 0 ==> \result == 1;
    // §7: the limit counts the challenge ACKs of the current period only
    ensures \result == 1 <==> challenge_ack_allowed(\old(*conn), now);
    ensures conn->cfg.challenge_limit != 0 ==>
            conn->challenge_count == challenge_sent(\old(*conn), now) + \result;
    ensures conn->cfg.challenge_limit != 0 && challenge_new_window(\old(*conn), now)
            ==> conn->challenge_start == now;
*/
static int challenge_allowed(tcpfsm_conn *conn, uint64_t now)
{
    if (conn->cfg.challenge_limit == 0u) {
        return 1; /* throttling off */
    }
    if (now < conn->challenge_start
        || now - conn->challenge_start >= conn->cfg.challenge_window_ms) {
        conn->challenge_start = now;
        conn->challenge_count = 0u;
    }
    if (conn->challenge_count >= conn->cfg.challenge_limit) {
        return 0;
    }
    conn->challenge_count++;
    return 1;
}

void tcpfsm_send_challenge_ack(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    if (challenge_allowed(conn, now)) {
        tcpfsm_send_ack(conn, out);
    }
}
