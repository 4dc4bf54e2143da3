/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 9293 §3.10.7.1: a segment that reaches no connection. */
#include "internal.h"

/* Never answer a RST; echo the ACK as our sequence number; otherwise
 * acknowledge everything the segment occupied (SYN and FIN count). */
void tcpfsm_rst_for(const tcpfsm_segment *seg, tcpfsm_output *out)
{
    if ((seg->flags & TCPFSM_RST) != 0u) {
        return;
    }
    if ((seg->flags & TCPFSM_ACK) != 0u) {
        tcpfsm_send_rst(out, seg->ack, 0u, TCPFSM_RST);
    } else {
        tcpfsm_send_rst(out, 0u, tcpfsm_seq_add(seg->seq, tcpfsm_seg_len(seg)),
                        TCPFSM_RST | TCPFSM_ACK);
    }
}

tcpfsm_error tcpfsm_reply_no_connection(const tcpfsm_segment *seg, tcpfsm_output *out)
{
    tcpfsm_segment arrived;
    if (seg == 0 || out == 0) {
        return TCPFSM_ERR_NULL;
    }
    arrived = *seg; /* the core works on its own copies of what it only reads */
    //@ assert arrived.flags == seg->flags && arrived.seq == seg->seq && arrived.len == seg->len;
    //@ assert arrived.ack == seg->ack && seg_len(arrived) == seg_len(*seg);
    if (!tcpfsm_segment_valid(&arrived)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    tcpfsm_out_clear(out);
    //@ assert arrived.flags == seg->flags && arrived.seq == seg->seq && arrived.ack == seg->ack;
    //@ assert seg_len(arrived) == seg_len(*seg);
    tcpfsm_rst_for(&arrived, out);
    //@ assert arrived.flags == seg->flags && arrived.seq == seg->seq && arrived.ack == seg->ack;
    //@ assert seq_plus(arrived.seq, seg_len(arrived)) == seq_plus(seg->seq, seg_len(*seg));
    return TCPFSM_OK;
}
