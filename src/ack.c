/* SEGMENT ARRIVES, fifth step: the ACK field (RFC 9293 §3.10.7.4, RFC 5961 §5). */
#include "internal.h"

/* SND.UNA advances to `ack`: account the SYN, the data and the FIN it
 * covers, take the RTT sample and restart the timers (RFC 6298 §5.2-§5.3). */
void tcpfsm_ack_advance(tcpfsm_conn *conn, uint32_t ack, uint64_t now, tcpfsm_output *out)
{
    uint32_t units = tcpfsm_seq_dist(ack, conn->snd_una);
    uint32_t syn = tcpfsm_syn_unacked(conn);
    uint32_t fin = conn->fin_sent != 0u && ack == conn->snd_nxt ? 1u : 0u;
    uint32_t data = units >= syn + fin ? units - syn - fin : 0u;
    tcpfsm_rtt_ack(conn, ack, now);
    if (syn != 0u) {
        conn->syn_acked = 1u;
        /* RFC 6298 §5.7: the handshake lost a segment and gave no sample:
         * an RTO configured below 3 s is re-initialized to 3 s */
        if (conn->retries > 0u && conn->have_rtt == 0u
            && conn->cfg.rto_initial_ms < TCPFSM_RTO_AFTER_SYN_LOSS_MS) {
            conn->rto = TCPFSM_RTO_AFTER_SYN_LOSS_MS;
        }
    }
    data = tcpfsm_min_u32(data, conn->snd_queued);
    conn->snd_queued -= data;
    out->acked = data; /* SND.UNA advances at most once per call */
    conn->snd_una = ack;
    conn->retries = 0u;
    conn->rtx_deadline = TCPFSM_NO_DEADLINE;
    conn->user_deadline = TCPFSM_NO_DEADLINE;
}

/* The SND.WL1/SND.WL2 rule: take the window only from a segment newer
 * than the one that last set it, so old segments cannot shrink it. */
/*@ requires \valid(conn) && \valid_read(seg) && \separated(conn, seg);
    requires conn_ok(conn);
    terminates \true;
    assigns conn->snd_wnd, conn->snd_wl1, conn->snd_wl2, conn->max_snd_wnd;
    ensures conn_ok(conn);
*/
static void update_window(tcpfsm_conn *conn, const tcpfsm_segment *seg)
{
    if (tcpfsm_seq_lt(conn->snd_wl1, seg->seq)
        || (conn->snd_wl1 == seg->seq && tcpfsm_seq_leq(conn->snd_wl2, seg->ack))) {
        conn->snd_wnd = seg->window;
        conn->snd_wl1 = seg->seq;
        conn->snd_wl2 = seg->ack;
        if (seg->window > conn->max_snd_wnd) {
            conn->max_snd_wnd = seg->window;
        }
    }
}

/*@ requires \valid_read(conn);
    terminates \true;
    assigns \nothing; */
static int fin_acked(const tcpfsm_conn *conn)
{
    return conn->fin_sent != 0u && conn->snd_una == conn->snd_nxt;
}

/* SYN-RECEIVED: an ACK of our SYN completes the handshake; any other ACK
 * draws <SEQ=SEG.ACK><CTL=RST>. */
/*@ requires \valid(conn) && \valid_read(seg) && \valid(out);
    requires \separated(conn, seg, out);
    requires conn_ok(conn) && out_ok(out) && conn->state == TCPFSM_SYN_RECEIVED;
    terminates \true;
    assigns conn->state, conn->snd_wnd, conn->max_snd_wnd, conn->snd_wl1, conn->snd_wl2,
            out->notes, out->tx[0 .. TCPFSM_MAX_TX - 1], out->count, out->more;
    ensures conn_ok(conn) && out_ok(out);
    ensures \result == 1 ==> conn->state == TCPFSM_ESTABLISHED
                           || conn->state == TCPFSM_FIN_WAIT_1;
    ensures \result == 0 ==> conn->state == TCPFSM_SYN_RECEIVED;
*/
static int syn_received_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_output *out)
{
    if (!tcpfsm_seq_lt(conn->snd_una, seg->ack) || !tcpfsm_seq_leq(seg->ack, conn->snd_nxt)) {
        tcpfsm_send_rst(out, seg->ack, 0u, TCPFSM_RST);
        return 0;
    }
    conn->state = (uint8_t)TCPFSM_ESTABLISHED;
    out->notes |= TCPFSM_NOTE_CONNECTED;
    conn->snd_wnd = seg->window;
    conn->max_snd_wnd = seg->window;
    conn->snd_wl1 = seg->seq;
    conn->snd_wl2 = seg->ack;
    /* a CLOSE issued in SYN-RECEIVED with data queued takes effect now (§3.10.4) */
    if (conn->fin_queued != 0u) {
        conn->state = (uint8_t)TCPFSM_FIN_WAIT_1;
    }
    return 1;
}

/* Returns 1 when processing continues with the sixth step, 0 when the
 * segment has been dealt with (dropped, answered, or the TCB is gone). */
int tcpfsm_process_ack(tcpfsm_conn *conn, const tcpfsm_segment *seg, uint64_t now,
                       tcpfsm_output *out)
{
    uint32_t ack = seg->ack;
    if (conn->state == (uint8_t)TCPFSM_SYN_RECEIVED && !syn_received_ack(conn, seg, out)) {
        return 0;
    }
    /* an ACK of something not yet sent: ACK and drop (RFC 5961 §5.2) */
    if (tcpfsm_seq_lt(conn->snd_nxt, ack)) {
        tcpfsm_send_ack(conn, out);
        return 0;
    }
    /* RFC 5961 §5.2: older than SND.UNA - MAX.SND.WND is a blind guess */
    if ((conn->cfg.flags & TCPFSM_CFG_RFC5961) != 0u
        && tcpfsm_seq_lt(ack, tcpfsm_seq_sub(conn->snd_una, conn->max_snd_wnd))) {
        tcpfsm_send_ack(conn, out);
        return 0;
    }
    if (tcpfsm_seq_leq(conn->snd_una, ack)) {
        if (conn->snd_una != ack) {
            tcpfsm_ack_advance(conn, ack, now, out);
        }
        update_window(conn, seg);
        /* RFC 9293 §3.8.6.1 (MUST-37): a receiver answering our probes
         * keeps the connection alive however long its window stays shut:
         * neither the retry limit nor the user timeout counts the wait */
        if (seg->window == 0u) {
            conn->retries = 0u;
            conn->user_deadline = TCPFSM_NO_DEADLINE;
        }
    }
    if (conn->snd_una == conn->snd_nxt && conn->state != (uint8_t)TCPFSM_TIME_WAIT) {
        conn->rtx_deadline = TCPFSM_NO_DEADLINE; /* restart any persist timer */
    }
    if (conn->state == (uint8_t)TCPFSM_FIN_WAIT_1 && fin_acked(conn)) {
        conn->state = (uint8_t)TCPFSM_FIN_WAIT_2;
    } else if (conn->state == (uint8_t)TCPFSM_CLOSING && fin_acked(conn)) {
        tcpfsm_enter_time_wait(conn, now);
    } else if (conn->state == (uint8_t)TCPFSM_LAST_ACK && fin_acked(conn)) {
        tcpfsm_enter_closed(conn, out, 0u);
        return 0;
    }
    return 1;
}
