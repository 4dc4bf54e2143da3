/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IP-level socket options a TCP socket takes, as FreeBSD answers them
 * (tcp_ctloutput_set and tcp_ctloutput_get hand every level but
 * IPPROTO_TCP to ip_ctloutput, or to ip6_ctloutput for an IPv6 socket):
 *
 * - IP_TTL, IP_TOS (ip_output.c, ip_ctloutput): inp_ip_ttl and inp_ip_tos,
 *   an int stored in a byte; get answers them;
 * - IPV6_UNICAST_HOPS (ip6_output.c, ip6_ctloutput): in6p_hops, -1 .. 255
 *   (-1: the kernel's), else EINVAL; get answers in6p_hops, -1 included;
 * - IPV6_TCLASS (ip6_pcbopt, ip6_setpktopt): ip6po_tclass, -1 .. 255,
 *   else EINVAL; get answers it, 0 when none (ip6_getpcbopt's deftclass);
 * - an IPPROTO_IP option on an IPv6 socket, or an IPPROTO_IPV6 one on an
 *   IPv4 socket: EINVAL ("level != IPPROTO_IPV6", "sopt_level !=
 *   IPPROTO_IP").
 *
 * The values are the inpcb's: what every segment of the socket then goes
 * out with (stack.c, ip_header).  Setting one on a connection changes the
 * connection's; on a listener, the connections its later SYNs make.
 */
#ifndef PD_IP_SOCKOPT_H
#define PD_IP_SOCKOPT_H

#include "stack.h"

/* 1 when `name` is one of the options above (at any level). */
int pd_ip_sockopt_known(const char *name);

/* getsockopt and setsockopt: 0, or -1 with *err (an errno name). */
long pd_ip_getsockopt(pd_stack *st, int fd, const char *level, const char *name, long *value,
                      const char **err);
long pd_ip_setsockopt(pd_stack *st, int fd, const char *level, const char *name, long value,
                      const char **err);

#endif
