/* SPDX-License-Identifier: BSD-2-Clause */
/* User calls, RFC 9293 §3.10.1-§3.10.5.  Each validates everything before
 * it touches the connection, so an error leaves the block unchanged. */
#include "internal.h"

/* CLOSE was called: the user's direction is closed (or closing). */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result != 0 <==> closed_by_user(*conn); */
static int user_closed(const tcpfsm_conn *conn)
{
    uint8_t s = conn->state;
    return (s >= (uint8_t)TCPFSM_FIN_WAIT_1 && s != (uint8_t)TCPFSM_CLOSE_WAIT)
        || conn->fin_queued != 0u;
}

/* Each public call below checks its pointers and the state byte
 * (tcpfsm_check_conn), then the call's own errors (<call>_error, which
 * writes nothing), and only then runs its do_ function, which cannot fail:
 * an error returns before anything is written. */

/* §3.10.1 OPEN's error: a connection exists past LISTEN. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == TCPFSM_OK || \result == TCPFSM_ERR_ALREADY_EXISTS;
    ensures \result == TCPFSM_OK <==> conn->state == TCPFSM_CLOSED || conn->state == TCPFSM_LISTEN;
*/
static tcpfsm_error open_active_error(const tcpfsm_conn *conn)
{
    return conn->state == (uint8_t)TCPFSM_CLOSED || conn->state == (uint8_t)TCPFSM_LISTEN
         ? TCPFSM_OK : TCPFSM_ERR_ALREADY_EXISTS;
}

/* §3.10.1 OPEN, active: from CLOSED, or from LISTEN turning passive into
 * active; send SYN at ISS and enter SYN-SENT. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out) && conn_ok(*conn);
    requires conn->state == TCPFSM_CLOSED || conn->state == TCPFSM_LISTEN;
    terminates \true;
    assigns *conn, *out;
    ensures \result == TCPFSM_OK && conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures open_active_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures open_active_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures conn->state == TCPFSM_SYN_SENT;
    ensures conn->iss == iss && conn->snd_una == iss && conn->snd_nxt == seq_plus(iss, 1);
    ensures out->count == 1 && out->tx[0].flags == TCPFSM_SYN && out->tx[0].seq == iss;
    ensures rtx_timer_runs(*conn);
*/
static tcpfsm_error do_open_active(tcpfsm_conn *conn, uint32_t iss, uint64_t now,
                                   tcpfsm_output *out)
{
    uint64_t clock = tcpfsm_clock(conn, now);
    tcpfsm_out_clear(out);
    tcpfsm_reset_tcb(conn);
    conn->iss = iss;
    conn->snd_una = iss;
    conn->snd_nxt = tcpfsm_seq_add(iss, 1u);
    conn->rack_fack = iss; /* RFC 8985: nothing SACKed, nothing lost */
    conn->rack_lost = iss;
    conn->state = (uint8_t)TCPFSM_SYN_SENT;
    tcpfsm_send_syn(conn, out);
    tcpfsm_rtt_start(conn, iss, clock);
    tcpfsm_rearm(conn, clock);
    return tcpfsm_finish(conn, clock, out);
}

tcpfsm_error tcpfsm_open_active(tcpfsm_conn *conn, uint32_t iss, uint64_t now,
                                tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err == TCPFSM_OK) {
        err = open_active_error(conn);
    }
    return err != TCPFSM_OK ? err : do_open_active(conn, iss, now, out);
}

/* §3.10.1 OPEN, passive: wait in LISTEN. */
/*@ requires \valid(conn) && conn_ok(*conn) && conn->state == TCPFSM_CLOSED;
    terminates \true;
    assigns conn->state, conn->passive;
    ensures conn_ok(*conn) && conn->state == TCPFSM_LISTEN;
    ensures open_passive_step(\old(conn->state), \old(conn->passive), conn->state);
*/
static void do_open_passive(tcpfsm_conn *conn)
{
    conn->state = (uint8_t)TCPFSM_LISTEN;
    conn->passive = 1u;
}

tcpfsm_error tcpfsm_open_passive(tcpfsm_conn *conn)
{
    if (conn == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (!tcpfsm_valid_state(conn->state)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    if (conn->state != (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_ALREADY_EXISTS;
    }
    do_open_passive(conn);
    return TCPFSM_OK;
}

/* §3.10.2 SEND's errors. */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result == TCPFSM_OK || \result == TCPFSM_ERR_NO_CONNECTION
         || \result == TCPFSM_ERR_FOREIGN_UNSPECIFIED || \result == TCPFSM_ERR_CLOSING
         || \result == TCPFSM_ERR_INSUFFICIENT_RESOURCES;
    ensures conn->state == TCPFSM_CLOSED ==> \result == TCPFSM_ERR_NO_CONNECTION;
    ensures \result == TCPFSM_OK ==> conn->state >= TCPFSM_SYN_SENT
            && (len > 0 ==> !closed_by_user(*conn))
            && len <= TCPFSM_MAX_SEND_QUEUE - conn->snd_queued;
*/
static tcpfsm_error send_error(const tcpfsm_conn *conn, uint32_t len)
{
    uint8_t s = conn->state;
    if (s == (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_NO_CONNECTION;
    }
    if (s == (uint8_t)TCPFSM_LISTEN) {
        return TCPFSM_ERR_FOREIGN_UNSPECIFIED; /* we hold no ISS to go active with */
    }
    /* after CLOSE the user may not add data: "connection closing" */
    if (len > 0u && user_closed(conn)) {
        return TCPFSM_ERR_CLOSING;
    }
    if (len > TCPFSM_MAX_SEND_QUEUE - conn->snd_queued) {
        return TCPFSM_ERR_INSUFFICIENT_RESOURCES;
    }
    return TCPFSM_OK;
}

/* §3.10.2 SEND: len more bytes wait in the caller's send buffer.  len = 0
 * asks to continue sending after out->more. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out) && conn_ok(*conn);
    requires conn->state >= TCPFSM_SYN_SENT;
    requires len > 0 ==> !closed_by_user(*conn);
    requires len <= TCPFSM_MAX_SEND_QUEUE - conn->snd_queued;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn);
    ensures \result == TCPFSM_OK && out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
            && send_step(\old(conn->state), \old(conn->passive), conn->state)
            && send_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures conn->snd_queued == \old(conn->snd_queued) + len
            && data_placed(*out, 0, send_base(*conn), conn->snd_queued);
    ensures rtx_timer_runs(*conn);
*/
static tcpfsm_error do_send(tcpfsm_conn *conn, uint32_t len, uint64_t now, tcpfsm_output *out)
{
    uint64_t clock = tcpfsm_clock(conn, now);
    tcpfsm_out_clear(out);
    conn->snd_queued += len;
    tcpfsm_transmit(conn, clock, out);
    tcpfsm_rearm(conn, clock);
    /* RFC 8985 §7.2 (SEND leaves SND.UNA where it was) */
    tcpfsm_tlp_schedule(conn, clock, conn->snd_una);
    return tcpfsm_finish(conn, clock, out);
}

tcpfsm_error tcpfsm_send(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                         tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err == TCPFSM_OK) {
        err = send_error(conn, len);
    }
    return err != TCPFSM_OK ? err : do_send(conn, len, now, out);
}

/* §3.10.2 SEND with the urgent flag: len bytes, the last of them the last
 * urgent byte (RFC 9293 §3.8.5); urgent data of no bytes is no request. */
tcpfsm_error tcpfsm_send_urgent(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                                tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err == TCPFSM_OK) {
        err = send_error(conn, len);
    }
    if (err == TCPFSM_OK && len == 0u) {
        err = TCPFSM_ERR_INVALID_ARG;
    }
    if (err != TCPFSM_OK) {
        return err;
    }
    tcpfsm_urgent_mark(conn, len); /* before transmission: Nagle lets it go */
    return do_send(conn, len, now, out);
}

/* §3.10.3 RECEIVE's errors. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures conn->state == TCPFSM_CLOSED ==> \result == TCPFSM_ERR_NO_CONNECTION;
    ensures len > conn->rcv_unread ==> \result != TCPFSM_OK;
    ensures \result == TCPFSM_OK ==> conn->state != TCPFSM_CLOSED && len <= conn->rcv_unread;
*/
static tcpfsm_error receive_error(const tcpfsm_conn *conn, uint32_t len)
{
    uint8_t s = conn->state;
    if (s == (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_NO_CONNECTION;
    }
    if (len > conn->rcv_unread) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    /* the peer's FIN arrived and nothing is left to read */
    if (conn->rcv_unread == 0u && (s == (uint8_t)TCPFSM_CLOSE_WAIT || s == (uint8_t)TCPFSM_CLOSING
                                   || s == (uint8_t)TCPFSM_LAST_ACK
                                   || s == (uint8_t)TCPFSM_TIME_WAIT)) {
        return TCPFSM_ERR_CLOSING;
    }
    return TCPFSM_OK;
}

/* §3.10.3 RECEIVE: the caller consumed len delivered bytes; the window
 * opens, and a window update goes out when silly-window avoidance allows. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out) && conn_ok(*conn);
    requires conn->state != TCPFSM_CLOSED && len <= conn->rcv_unread;
    // what is in flight stays as it is: a window update sends no data
    requires rtx_timer_runs(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn);
    ensures \result == TCPFSM_OK && out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
            && receive_step(\old(conn->state), \old(conn->passive), conn->state)
            && receive_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures rtx_timer_runs(*conn);
*/
static tcpfsm_error do_receive(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                               tcpfsm_output *out)
{
    uint8_t s = conn->state;
    uint64_t clock = tcpfsm_clock(conn, now);
    tcpfsm_out_clear(out);
    conn->rcv_unread -= len;
    tcpfsm_urgent_read(conn, len);
    if ((s == (uint8_t)TCPFSM_ESTABLISHED || s == (uint8_t)TCPFSM_FIN_WAIT_1
         || s == (uint8_t)TCPFSM_FIN_WAIT_2) && tcpfsm_window_update_due(conn)) {
        tcpfsm_send_ack(conn, out);
    }
    return tcpfsm_finish(conn, clock, out);
}

tcpfsm_error tcpfsm_receive(tcpfsm_conn *conn, uint32_t len, uint64_t now,
                            tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err == TCPFSM_OK) {
        err = receive_error(conn, len);
    }
    return err != TCPFSM_OK ? err : do_receive(conn, len, now, out);
}

/* §3.10.4 CLOSE's errors: none in CLOSED, and none twice. */
/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing;
    ensures \result == TCPFSM_OK <==> conn->state != TCPFSM_CLOSED && !closed_by_user(*conn);
*/
static tcpfsm_error close_error(const tcpfsm_conn *conn)
{
    if (conn->state == (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_NO_CONNECTION;
    }
    return user_closed(conn) ? TCPFSM_ERR_CLOSING : TCPFSM_OK;
}

/* §3.10.4 CLOSE: no more data from us; the FIN follows the queued data. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out) && conn_ok(*conn);
    requires conn->state != TCPFSM_CLOSED && !closed_by_user(*conn);
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn);
    ensures \result == TCPFSM_OK && out_ok(*out) && tx_ok(*out, conn->rcv_nxt)
            && close_step(\old(conn->state), \old(conn->passive), conn->state)
            && close_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures rtx_timer_runs(*conn);
*/
static tcpfsm_error do_close(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    uint8_t s = conn->state;
    uint64_t clock = tcpfsm_clock(conn, now);
    tcpfsm_out_clear(out);
    if (s == (uint8_t)TCPFSM_LISTEN || s == (uint8_t)TCPFSM_SYN_SENT) {
        tcpfsm_enter_closed(conn, out, 0u);
        return tcpfsm_finish(conn, clock, out);
    }
    conn->fin_queued = 1u;
    if (s == (uint8_t)TCPFSM_CLOSE_WAIT) {
        conn->state = (uint8_t)TCPFSM_LAST_ACK;
    } else if (s == (uint8_t)TCPFSM_ESTABLISHED || conn->snd_queued == 0u) {
        /* from SYN-RECEIVED only when nothing is queued; otherwise the FIN
         * waits for ESTABLISHED (§3.10.4) */
        conn->state = (uint8_t)TCPFSM_FIN_WAIT_1;
    }
    tcpfsm_transmit(conn, clock, out);
    tcpfsm_rearm(conn, clock);
    tcpfsm_tlp_schedule(conn, clock, conn->snd_una); /* RFC 8985 §7.2, as SEND */
    return tcpfsm_finish(conn, clock, out);
}

tcpfsm_error tcpfsm_close(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err == TCPFSM_OK) {
        err = close_error(conn); /* before anything is written */
    }
    return err != TCPFSM_OK ? err : do_close(conn, now, out);
}

/* §3.10.5 ABORT: a RST in the states where the peer holds a connection. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out) && conn_ok(*conn);
    requires conn->state != TCPFSM_CLOSED;
    terminates \true;
    assigns *conn, *out;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures abort_step(\old(conn->state), \old(conn->passive), conn->state);
    ensures abort_output(\old(conn->state), \old(conn->passive), conn->state, *out);
    ensures conn->state == TCPFSM_CLOSED;
    ensures out->count <= 1;
    ensures out->count == 1 <==> (\old(conn->state) == TCPFSM_SYN_RECEIVED
            || \old(conn->state) == TCPFSM_ESTABLISHED
            || \old(conn->state) == TCPFSM_FIN_WAIT_1
            || \old(conn->state) == TCPFSM_FIN_WAIT_2
            || \old(conn->state) == TCPFSM_CLOSE_WAIT);
    ensures out->count == 1 ==> out->tx[0].flags == TCPFSM_RST
            && out->tx[0].seq == \old(conn->snd_nxt);
    ensures rtx_timer_runs(*conn);
*/
static void do_abort(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint8_t s = conn->state;
    tcpfsm_out_clear(out);
    if (s == (uint8_t)TCPFSM_SYN_RECEIVED || s == (uint8_t)TCPFSM_ESTABLISHED
        || s == (uint8_t)TCPFSM_FIN_WAIT_1 || s == (uint8_t)TCPFSM_FIN_WAIT_2
        || s == (uint8_t)TCPFSM_CLOSE_WAIT) {
        tcpfsm_send_rst(out, conn->snd_nxt, 0u, TCPFSM_RST);
    }
    tcpfsm_enter_closed(conn, out, 0u);
    (void)tcpfsm_finish(conn, 0u, out); /* CLOSED: no timestamps to stamp */
}

tcpfsm_error tcpfsm_abort(tcpfsm_conn *conn, tcpfsm_output *out)
{
    tcpfsm_error err = tcpfsm_check_conn(conn, out);
    if (err != TCPFSM_OK) {
        return err;
    }
    if (conn->state == (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_NO_CONNECTION;
    }
    do_abort(conn, out);
    return TCPFSM_OK;
}
