/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * getsockopt and setsockopt of the keepalive family and of the flags
 * FreeBSD reports back, as tcp_usrreq.c (tcp_default_ctloutput) and
 * uipc_socket.c (sosetopt, sogetopt) answer them:
 *
 * - TCP_KEEPINIT, TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) and TCP_KEEPCNT:
 *   kept on the socket; 0 means the sysctl's (TP_KEEPINIT(tp) and the
 *   like); get answers TP_KEEP*(tp) / hz;
 * - SO_KEEPALIVE: kept on the socket, get answers so_options & SO_KEEPALIVE;
 * - SO_OOBINLINE: kept on the socket and its connection (a listener's goes
 *   to its connections, sonewconn), get answers so_options & SO_OOBINLINE
 *   (0x100); oob.c reads it;
 * - get TCP_NODELAY and TCP_NOOPT: t_flags & TF_NODELAY, & TF_NOOPT;
 * - TCP_REMOTE_UDP_ENCAPS_PORT: the peer's UDP port for TCP over UDP
 *   (tp->t_port), set before connect only, and only once the tunnel port
 *   is set (net.inet.tcp.udp_tunneling_port), else EINVAL;
 * - TCP_MD5SIG, and the options of FreeBSD's RACK and BBR stacks
 *   (TCP_RACK_*, TCP_BBR_*): ENOPROTOOPT, the default stack's answer when
 *   it has no such option (tcpfsm has no TCP-MD5, RFC 2385).
 *
 * The others the replayer knows (SO_ERROR, SO_RCVBUF, SO_REUSEADDR,
 * SO_LINGER, TCP_NOOPT and TCP_NODELAY set) are in replay.c, the IP-level
 * ones in ip_sockopt.c.
 */
#ifndef PD_SOCKOPT_H
#define PD_SOCKOPT_H

#include "stack.h"

/* 1 when this file replays the option `name` for get (set 0) or set. */
int pd_sockopt_handles(int set, const char *name);

/* The option's value into *value; returns 0, or -1 with *err (errno
 * name) or *unsupported (why the replay cannot go on). */
long pd_sys_getsockopt(pd_stack *st, int fd, const char *name, long *value, const char **err,
                       const char **unsupported);
long pd_sys_setsockopt(pd_stack *st, int fd, const char *name, long value, const char **err,
                       const char **unsupported);

#endif
