/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FreeBSD's connection-establishment timer, a socket-layer timer around
 * the core: tcp_usr_connect arms TT_KEEP with TP_KEEPINIT(tp) (the
 * socket's TCP_KEEPINIT, else net.inet.tcp.keepinit), and tcp_timer_keep
 * (sys/netinet/tcp_timer.c) drops a connection still short of ESTABLISHED
 * when it fires: tcp_drop(tp, ETIMEDOUT).  tcpfsm has no such timer (its
 * SYN is retried max_retries times), so the replayer keeps it.
 */
#ifndef PD_KEEPINIT_H
#define PD_KEEPINIT_H

#include "stack.h"

/* The keepinit in force for a socket, in ms: TP_KEEPINIT(tp). */
uint32_t pd_keepinit_ms(const pd_stack *st, const pd_socket *sock);

/* Arm the timer of connection ci from now (tcp_usr_connect; setsockopt
 * TCP_KEEPINIT in SYN-SENT or SYN-RECEIVED re-arms it). */
void pd_keepinit_arm(pd_stack *st, int ci);

/* The timer of connection ci has passed: tcp_timer_keep. */
void pd_keepinit_expire(pd_stack *st, int ci);

#endif
