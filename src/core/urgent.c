/* SPDX-License-Identifier: BSD-2-Clause */
/* The urgent mechanism (RFC 9293 §3.8.5, RFC 6093): urgent data stays
 * inline in the byte stream; the urgent pointer only marks where it ends,
 * at the sequence number of the octet after it (MUST-62). */
#include "internal.h"

/* §3.10.7.4 sixth step: RCV.UP <- max(RCV.UP, SEG.UP), kept as the bytes
 * the user has to read to pass it; the user is told when urgent data
 * appears with none pending, or when the pointer advances (MUST-32).  In
 * the states past the peer's FIN the URG bit is ignored (its data is all
 * in). */
void tcpfsm_urgent_arrives(tcpfsm_conn *conn, const tcpfsm_segment *seg, tcpfsm_output *out)
{
    uint8_t s = conn->state;
    uint32_t read_point;
    uint32_t up;
    uint32_t ahead;
    if ((seg->flags & TCPFSM_URG) == 0u
        || (s != (uint8_t)TCPFSM_ESTABLISHED && s != (uint8_t)TCPFSM_FIN_WAIT_1
            && s != (uint8_t)TCPFSM_FIN_WAIT_2)) {
        return;
    }
    /* no FIN has arrived in these states: the user's read point is
     * RCV.NXT less the bytes delivered and not read */
    read_point = tcpfsm_seq_sub(conn->rcv_nxt, conn->rcv_unread);
    up = tcpfsm_seq_add(seg->seq, seg->urgent);
    if (!tcpfsm_seq_lt(read_point, up)) {
        return; /* the urgent data it marks has been read already */
    }
    ahead = tcpfsm_seq_dist(up, read_point);
    if (ahead <= conn->rcv_urgent) {
        return; /* no advance: told once per advance (MUST-32) */
    }
    conn->rcv_urgent = ahead;
    out->notes |= TCPFSM_NOTE_URGENT;
}

/* §3.10.3 RECEIVE: the user read len bytes, nearer the end of the urgent
 * data or past it (urgent mode ends there). */
void tcpfsm_urgent_read(tcpfsm_conn *conn, uint32_t len)
{
    conn->rcv_urgent -= tcpfsm_min_u32(len, conn->rcv_urgent);
}

/* §3.10.2 SEND with the urgent flag, for len more bytes: SND.UP becomes
 * the end of all data queued, so the data of this SEND ends the urgent
 * data (as FreeBSD's MSG_OOB: snd_up = snd_una + the bytes in the send
 * buffer).  tcpfsm_finish hands it to the codec with every output. */
void tcpfsm_urgent_mark(tcpfsm_conn *conn, uint32_t len)
{
    conn->snd_up = tcpfsm_seq_add(conn->snd_una,
                                  tcpfsm_syn_unacked(conn) + conn->snd_queued + len);
    conn->snd_urgent = 1u;
}

/* SND.UNA reached SND.UP: all urgent data is acknowledged, urgent mode
 * ends; the pointer stays in no later segment. */
void tcpfsm_urgent_acked(tcpfsm_conn *conn)
{
    if (conn->snd_urgent != 0u && tcpfsm_seq_leq(conn->snd_up, conn->snd_una)) {
        conn->snd_urgent = 0u;
    }
}
