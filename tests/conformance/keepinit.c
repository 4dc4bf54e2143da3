/* SPDX-License-Identifier: BSD-2-Clause */
/* FreeBSD's connection-establishment timer (keepinit.h). */
#include "keepinit.h"

uint32_t pd_keepinit_ms(const pd_stack *st, const pd_socket *sock)
{
    /* TP_KEEPINIT(tp): tp->t_keepinit ? tp->t_keepinit : V_tcp_keepinit */
    return sock->keepinit_ms != 0u ? sock->keepinit_ms : st->sys.keepinit_ms;
}

void pd_keepinit_arm(pd_stack *st, int ci)
{
    pd_conn *c = &st->conns[ci];
    if (c->fd < 0) {
        return;
    }
    /* a keepinit of 0 arms nothing (tcp_timer_activate with delta 0
     * stops the timer) */
    uint32_t ms = pd_keepinit_ms(st, &st->socks[c->fd]);
    c->keepinit_at_us = ms == 0u ? -1 : st->now_us + (int64_t)ms * 1000;
}

void pd_keepinit_expire(pd_stack *st, int ci)
{
    pd_conn *c = &st->conns[ci];
    tcpfsm_output out;
    c->keepinit_at_us = -1;
    /* tcp_timer_keep: "if (tp->t_state < TCPS_ESTABLISHED) goto dropit";
     * in a synchronized state TT_KEEP is the keepalive timer, which the
     * core runs itself */
    if (c->conn.state != TCPFSM_SYN_SENT && c->conn.state != TCPFSM_SYN_RECEIVED) {
        return;
    }
    /* tcp_drop: a RST only once the peer's SYN was received
     * (TCPS_HAVERCVDSYN), which is where tcpfsm_abort sends one too
     * (RFC 9293 §3.10.5); the error is ETIMEDOUT */
    if (tcpfsm_abort(&c->conn, &out) != TCPFSM_OK) {
        return;
    }
    c->so_error = "ETIMEDOUT";
    pd_stack_act(st, ci, &out);
}
