/* Filling the caller's output: the segments to send and the window offered. */
#include "internal.h"

void tcpfsm_out_clear(tcpfsm_output *out)
{
    uint32_t i;
    out->deadline = TCPFSM_NO_DEADLINE;
    out->acked = 0u;
    out->deliver_offset = 0u;
    out->deliver_len = 0u;
    out->count = 0u;
    out->notes = 0u;
    out->more = 0u;
    /*@ loop invariant 0 <= i <= TCPFSM_MAX_TX;
        loop assigns i, out->tx[0 .. TCPFSM_MAX_TX - 1];
        loop variant TCPFSM_MAX_TX - i; */
    for (i = 0u; i < TCPFSM_MAX_TX; i++) {
        out->tx[i].seq = 0u;
        out->tx[i].ack = 0u;
        out->tx[i].data_offset = 0u;
        out->tx[i].data_len = 0u;
        out->tx[i].window = 0u;
        out->tx[i].mss = 0u;
        out->tx[i].flags = 0u;
        out->tx[i].options = 0u;
    }
}

/* Append one segment; 0 when the output is full. */
int tcpfsm_emit(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags,
                uint16_t window, uint32_t data_offset, uint32_t data_len)
{
    if (out->count >= TCPFSM_MAX_TX) {
        out->more = 1u;
        return 0;
    }
    out->tx[out->count].seq = seq;
    out->tx[out->count].ack = ack;
    out->tx[out->count].flags = flags;
    out->tx[out->count].window = window;
    out->tx[out->count].data_offset = data_offset;
    out->tx[out->count].data_len = data_len;
    out->tx[out->count].mss = 0u;
    out->tx[out->count].options = 0u;
    out->count++;
    return 1;
}

/* Receiver silly-window avoidance, RFC 9293 §3.8.6.2.2: the right edge of
 * the offered window moves only when it can move by
 * min(RCV.BUFF / 2, Eff.snd.MSS); it never moves left (§3.8.6: no shrinking). */
/*@ requires \valid_read(conn) && conn_ok(*conn);
    terminates \true;
    assigns \nothing;
    ensures \result <= conn->cfg.rcv_buf - conn->rcv_unread;
    ensures \result >= seq_dist(conn->rcv_adv, conn->rcv_nxt);
*/
static uint32_t window_offer(const tcpfsm_conn *conn)
{
    uint32_t free_space = conn->cfg.rcv_buf - conn->rcv_unread;
    uint32_t offered = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t step = tcpfsm_min_u32(conn->cfg.rcv_buf / 2u, conn->snd_mss);
    if (free_space > offered && free_space - offered >= step) {
        return free_space;
    }
    return offered;
}

int tcpfsm_window_update_due(const tcpfsm_conn *conn)
{
    return window_offer(conn) != tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
}

uint16_t tcpfsm_advertise(tcpfsm_conn *conn)
{
    uint32_t window = window_offer(conn);
    conn->rcv_adv = tcpfsm_seq_add(conn->rcv_nxt, window);
    return (uint16_t)window;
}

/* An ACK of everything received so far.  Also the challenge ACK of RFC 5961
 * §3.2, §4.2 and §5.2: the numbers are always ours, never the segment's. */
void tcpfsm_send_ack(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint16_t window = tcpfsm_advertise(conn);
    (void)tcpfsm_emit(out, conn->snd_nxt, conn->rcv_nxt, TCPFSM_ACK, window, 0u, 0u);
}

/* Our SYN (SYN-SENT) or SYN,ACK (SYN-RECEIVED), always at ISS and always
 * carrying the MSS option (RFC 9293 §3.7.1, MUST-14 of Appendix B). */
void tcpfsm_send_syn(tcpfsm_conn *conn, tcpfsm_output *out)
{
    uint8_t flags = TCPFSM_SYN;
    uint32_t ack = 0u;
    uint16_t window = (uint16_t)conn->cfg.rcv_buf;
    if (conn->state != (uint8_t)TCPFSM_SYN_SENT) {
        flags = TCPFSM_SYN | TCPFSM_ACK;
        ack = conn->rcv_nxt;
        window = tcpfsm_advertise(conn);
    }
    if (tcpfsm_emit(out, conn->iss, ack, flags, window, 0u, 0u)) {
        out->tx[out->count - 1u].mss = conn->cfg.mss;
        out->tx[out->count - 1u].options = TCPFSM_OPT_MSS;
    }
}

void tcpfsm_send_rst(tcpfsm_output *out, uint32_t seq, uint32_t ack, uint8_t flags)
{
    (void)tcpfsm_emit(out, seq, ack, flags, 0u, 0u, 0u);
}
