/* SPDX-License-Identifier: BSD-2-Clause */
/* FreeBSD's urgent mark and out-of-band byte (oob.h). */
#include "oob.h"

#include <stdio.h>

/* tcp_do_segment processes URG after the ACK (its step 6) only while no
 * FIN has come (TCPS_HAVERCVDFIN): a segment taken in one of these states
 * got there, SYN-RECEIVED becoming ESTABLISHED with its ACK. */
static int urgent_state(tcpfsm_state s)
{
    return s == TCPFSM_SYN_RECEIVED || s == TCPFSM_ESTABLISHED || s == TCPFSM_FIN_WAIT_1
           || s == TCPFSM_FIN_WAIT_2;
}

/* Whether payload offset k lies in the len bytes from off. */
static int within(uint32_t k, uint32_t off, uint32_t len)
{
    return k >= off && k - off < len;
}

void pd_oob_segment(pd_stack *st, int ci, const tcpfsm_segment *seg, tcpfsm_state before,
                    const tcpfsm_output *taken)
{
    pd_conn *c = &st->conns[ci];
    pd_oob *o = &c->oob;
    uint32_t last;
    tcpfsm_output out;
    tcpfsm_error e;
    if (!c->used) {
        return; /* gone with what pd_stack_act did */
    }
    if ((taken->notes & TCPFSM_NOTE_URGENT) != 0u) {
        /* the pointer advanced: mark the stream before its last byte */
        tcpfsm_info info;
        if (tcpfsm_status(&c->conn, &info) == TCPFSM_OK && info.urgent > 0u) {
            o->mark = info.urgent - 1u;
            if (o->mark == 0u) {
                o->at_mark = 1;
            }
            o->have = 0;
            o->had = 0;
        }
    }
    if ((seg->flags & TCPFSM_URG) == 0u || seg->urgent == 0u || o->oobinline
        || !urgent_state(before)) {
        return;
    }
    last = (uint32_t)seg->urgent - 1u; /* the last urgent byte, from SEG.SEQ */
    if (within(last, taken->keep_offset, taken->keep_len)) {
        snprintf(st->skip, sizeof st->skip,
                 "the last urgent byte arrived out of order (tcp_pulloutofband takes it "
                 "before tcp_reass queues the segment: not modelled)");
        return;
    }
    if (!within(last, taken->deliver_offset, taken->deliver_len) || c->unread == 0u) {
        /* not in what this segment delivered: beyond it ("th->th_urp <=
         * tlen" fails), or trimmed away as a duplicate (tcp_input drops
         * URG when "th->th_urp <= todrop") or beyond the window */
        return;
    }
    /* tcp_pulloutofband: out of the stream, into t_iobc */
    c->unread--;
    o->have = 1;
    if (c->conn.state == TCPFSM_CLOSED) {
        return;
    }
    e = tcpfsm_receive(&c->conn, 1u, pd_stack_core_now(st), &out);
    if (e != TCPFSM_OK) {
        snprintf(st->fault, sizeof st->fault, "tcpfsm_receive (the out-of-band byte) refused");
        return;
    }
    pd_stack_act(st, ci, &out);
}

uint32_t pd_oob_read_limit(const pd_oob *o, uint32_t n)
{
    return o->mark != 0u && n > o->mark ? o->mark : n;
}

void pd_oob_read(pd_oob *o, uint32_t n, int peek)
{
    if (n == 0u) {
        return;
    }
    o->at_mark = 0; /* "so->so_rcv.sb_state &= ~SBS_RCVATMARK", peek or not */
    if (o->mark != 0u && !peek) {
        o->mark -= n;
        if (o->mark == 0u) {
            o->at_mark = 1;
        }
    }
}

long pd_sys_recv_oob(pd_stack *st, int fd, uint32_t len, int peek, const char **err)
{
    pd_conn *c;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    c = pd_stack_conn_of(st, fd);
    if (c == NULL) {
        /* a socket with no connection has no mark */
        *err = "EINVAL";
        return -1;
    }
    if (c->conn.state == TCPFSM_CLOSED || c->conn.state == TCPFSM_TIME_WAIT) {
        *err = "ECONNRESET"; /* "inp->inp_flags & (INP_TIMEWAIT | INP_DROPPED)" */
        return -1;
    }
    if ((c->oob.mark == 0u && !c->oob.at_mark) || c->oob.oobinline || c->oob.had) {
        *err = "EINVAL";
        return -1;
    }
    if (!c->oob.have) {
        *err = "EWOULDBLOCK";
        return -1;
    }
    if (!peek) {
        /* "tp->t_oobflags ^= (TCPOOB_HAVEDATA | TCPOOB_HADDATA)" */
        c->oob.have = 0;
        c->oob.had = 1;
    }
    return len < 1u ? (long)len : 1; /* soreceive_rcvoob: min(uio_resid, 1) */
}
