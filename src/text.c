/* SEGMENT ARRIVES, seventh and eighth steps: text and FIN (RFC 9293 §3.10.7.4). */
#include "internal.h"

/* The eighth step: the peer's FIN arrived in order. */
/*@ requires \valid(conn) && \valid(out) && \separated(conn, out);
    requires conn_ok(*conn) && out_ok(*out) && out->count == 0;
    requires conn->state == TCPFSM_ESTABLISHED || conn->state == TCPFSM_FIN_WAIT_1
          || conn->state == TCPFSM_FIN_WAIT_2;
    requires seq_dist(conn->rcv_adv, conn->rcv_nxt) >= 1;
    terminates \true;
    assigns *conn, out->notes;
    ensures conn_ok(*conn) && out_ok(*out) && tx_ok(*out, conn->rcv_nxt);
    ensures fin_moves(\old(conn->state), conn->state) && conn->state != \old(conn->state);
*/
static void peer_fin(tcpfsm_conn *conn, uint64_t now, tcpfsm_output *out)
{
    conn->rcv_nxt = tcpfsm_seq_add(conn->rcv_nxt, 1u);
    conn->ack_deadline = TCPFSM_NO_DEADLINE; /* the FIN's ACK, due at once, covers it */
    out->notes |= TCPFSM_NOTE_PEER_CLOSED;
    if (conn->state == (uint8_t)TCPFSM_ESTABLISHED) {
        conn->state = (uint8_t)TCPFSM_CLOSE_WAIT;
    } else if (conn->state == (uint8_t)TCPFSM_FIN_WAIT_1) {
        /* our FIN is not acknowledged, or the fifth step would have moved
         * us to FIN-WAIT-2: simultaneous close */
        conn->state = (uint8_t)TCPFSM_CLOSING;
    } else {
        tcpfsm_enter_time_wait(conn, now); /* FIN-WAIT-2 */
    }
}

/* Accept the in-order part of the payload that starts at data_seq: bytes
 * before RCV.NXT are old, bytes beyond the offered window are trimmed, a
 * payload starting beyond RCV.NXT is out of order and only acknowledged
 * (reassembly is left to SACK).  Returns the ACK due: none (0),
 * TCPFSM_ACK_NOW or TCPFSM_ACK_DELAYABLE. */
int tcpfsm_process_text(tcpfsm_conn *conn, uint32_t data_seq, uint32_t len, uint32_t fin,
                        uint64_t now, tcpfsm_output *out)
{
    uint32_t window = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    uint32_t skip;
    uint32_t fresh;
    uint32_t take;
    uint8_t s = conn->state;
    /* text is processed in ESTABLISHED, FIN-WAIT-1 and FIN-WAIT-2 only:
     * elsewhere the peer's FIN already arrived */
    if (s != (uint8_t)TCPFSM_ESTABLISHED && s != (uint8_t)TCPFSM_FIN_WAIT_1
        && s != (uint8_t)TCPFSM_FIN_WAIT_2) {
        return 0;
    }
    if (len == 0u && fin == 0u) {
        return 0;
    }
    /* Out of order: a duplicate ACK tells the peer what is missing.  All
     * old (skip > len) cannot pass the acceptability test; it is checked so
     * that the arithmetic below never relies on that. */
    skip = tcpfsm_seq_dist(conn->rcv_nxt, data_seq);
    if (tcpfsm_seq_lt(conn->rcv_nxt, data_seq) || skip > len) {
        return TCPFSM_ACK_NOW; /* RFC 5681 §4.2: at once, out of order */
    }
    fresh = len - skip;
    take = tcpfsm_min_u32(fresh, window);
    if (take > 0u) {
        out->deliver_offset = skip;
        out->deliver_len = take;
        conn->rcv_nxt = tcpfsm_seq_add(conn->rcv_nxt, take);
        conn->rcv_unread += take;
    }
    /* the FIN counts only when all data before it was taken and it lies
     * inside the window */
    if (fin != 0u && take == fresh && take < window) {
        peer_fin(conn, now, out);
        return TCPFSM_ACK_NOW;
    }
    /* RFC 9293 §3.8.6.3: only the ACK of new data taken whole and in order
     * may wait; old bytes, a trimmed segment, a FIN left out are
     * acknowledged at once */
    return skip == 0u && take > 0u && take == fresh && fin == 0u ? TCPFSM_ACK_DELAYABLE
                                                                : TCPFSM_ACK_NOW;
}
