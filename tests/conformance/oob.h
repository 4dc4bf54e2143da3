/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FreeBSD's urgent data at the socket layer, around a core that keeps it
 * inline (RFC 9293 §3.8.5, RFC 6093): the mark in the receive stream and
 * the out-of-band byte, as sys/netinet/tcp_input.c (the URG part of
 * tcp_do_segment, tcp_pulloutofband), sys/kern/uipc_socket.c
 * (soreceive_generic, soreceive_rcvoob) and sys/netinet/tcp_usrreq.c
 * (tcp_usr_rcvoob) keep them:
 *
 * - when the peer's urgent pointer appears or advances (the core's
 *   TCPFSM_NOTE_URGENT, tcp_input's "SEQ_GT(th->th_seq + th->th_urp,
 *   tp->rcv_up)"), so_oobmark is the count of inline bytes before the last
 *   urgent byte: "sbavail(&so->so_rcv) + (tp->rcv_up - tp->rcv_nxt) - 1",
 *   which is tcpfsm_info.urgent - 1; SBS_RCVATMARK when that is 0; the
 *   out-of-band flags are cleared;
 * - without SO_OOBINLINE, a segment whose in-order data holds the last
 *   urgent byte gives it up ("th->th_urp <= tlen": tcp_pulloutofband keeps
 *   it in t_iobc, sets TCPOOB_HAVEDATA): the socket buffer never holds it,
 *   so the replayer tells the core it was taken (tcpfsm_receive of one
 *   byte), which opens the window as sbspace does;
 * - a read stops at the mark ("if (so->so_oobmark && len >
 *   so->so_oobmark - offset)"), and reaching it sets SBS_RCVATMARK, which
 *   any read clears first, a peek too;
 * - recv(MSG_OOB) takes the byte (tcp_usr_rcvoob): ECONNRESET on a
 *   connection dropped or in TIME-WAIT; EINVAL with no mark, with
 *   SO_OOBINLINE, or once it was taken; EWOULDBLOCK before it arrived;
 *   else one byte, taken (HAVEDATA becomes HADDATA) unless MSG_PEEK.
 *
 * Not modelled: a last urgent byte that arrives out of order (FreeBSD
 * takes it out before tcp_reass queues the segment): the replay SKIPs.
 * The window of an ACK the core sends in the very call that delivers the
 * byte still counts it (one byte less than FreeBSD's sbspace); an ACK sent
 * later does not.
 */
#ifndef PD_OOB_H
#define PD_OOB_H

#include "stack.h"

/* Connection ci's core took `seg`, in state `before`; `taken` is what
 * tcpfsm_on_segment returned (a copy: pd_stack_act, called already, may
 * have reused it).  Sets the mark and takes the out-of-band byte. */
void pd_oob_segment(pd_stack *st, int ci, const tcpfsm_segment *seg, tcpfsm_state before,
                    const tcpfsm_output *taken);

/* How many of the n bytes a read would take it may take: up to the mark. */
uint32_t pd_oob_read_limit(const pd_oob *o, uint32_t n);

/* n bytes were read (peek: copied and left in the buffer). */
void pd_oob_read(pd_oob *o, uint32_t n, int peek);

/* recv(fd, ..., len, MSG_OOB), with MSG_PEEK when peek. */
long pd_sys_recv_oob(pd_stack *st, int fd, uint32_t len, int peek, const char **err);

#endif
