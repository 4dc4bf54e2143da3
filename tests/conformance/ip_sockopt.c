/* SPDX-License-Identifier: BSD-2-Clause */
/* The IP-level socket options (ip_sockopt.h). */
#include "ip_sockopt.h"

#include <string.h>

int pd_ip_sockopt_known(const char *name)
{
    return strcmp(name, "IP_TTL") == 0 || strcmp(name, "IP_TOS") == 0
        || strcmp(name, "IPV6_UNICAST_HOPS") == 0 || strcmp(name, "IPV6_TCLASS") == 0;
}

/* The level an option belongs to, and whether the socket's family takes
 * that level: tcp_ctloutput_set/_get call ip6_ctloutput for an IPv6 socket
 * ("else error = EINVAL" for a level other than IPPROTO_IPV6) and
 * ip_ctloutput for an IPv4 one ("if (sopt->sopt_level != IPPROTO_IP) ...
 * EINVAL"). */
static int level_ok(const pd_stack *st, const char *level, const char *name)
{
    int v6_option = strncmp(name, "IPV6_", 5) == 0;
    if (strcmp(level, v6_option ? "IPPROTO_IPV6" : "IPPROTO_IP") != 0) {
        return 0;
    }
    return v6_option == (st->ipv6 != 0);
}

long pd_ip_getsockopt(pd_stack *st, int fd, const char *level, const char *name, long *value,
                      const char **err)
{
    const pd_socket *s;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    if (!level_ok(st, level, name)) {
        *err = "EINVAL";
        return -1;
    }
    s = &st->socks[fd];
    if (strcmp(name, "IP_TTL") == 0) {
        *value = s->ip.ttl; /* ip_ctloutput: "optval = inp->inp_ip_ttl" */
    } else if (strcmp(name, "IP_TOS") == 0) {
        *value = s->ip.tos; /* "optval = inp->inp_ip_tos" */
    } else if (strcmp(name, "IPV6_UNICAST_HOPS") == 0) {
        *value = s->ip.hops; /* ip6_ctloutput: "optval = inp->in6p_hops" */
    } else {
        /* ip6_getpcbopt: ip6po_tclass when set, else deftclass (0) */
        *value = s->ip.tclass >= 0 ? s->ip.tclass : 0;
    }
    return 0;
}

long pd_ip_setsockopt(pd_stack *st, int fd, const char *level, const char *name, long value,
                      const char **err)
{
    pd_socket *s;
    pd_conn *c;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    if (!level_ok(st, level, name)) {
        *err = "EINVAL";
        return -1;
    }
    s = &st->socks[fd];
    if (strcmp(name, "IP_TTL") == 0) {
        s->ip.ttl = (uint8_t)value; /* "inp->inp_ip_ttl = optval", a u_char */
    } else if (strcmp(name, "IP_TOS") == 0) {
        s->ip.tos = (uint8_t)value; /* "inp->inp_ip_tos = optval" */
    } else if (strcmp(name, "IPV6_UNICAST_HOPS") == 0) {
        /* "if (optval < -1 || optval >= 256) error = EINVAL; else
         * in6p->in6p_hops = optval" (-1: the kernel's) */
        if (value < -1 || value > 255) {
            *err = "EINVAL";
            return -1;
        }
        s->ip.hops = (int16_t)value;
    } else {
        /* ip6_setpktopt: "if (tclass < -1 || tclass > 255) return (EINVAL)" */
        if (value < -1 || value > 255) {
            *err = "EINVAL";
            return -1;
        }
        s->ip.tclass = (int16_t)value;
    }
    /* the connection's inpcb is the socket's */
    c = pd_stack_conn_of(st, fd);
    if (c != NULL) {
        c->ip = s->ip;
    }
    return 0;
}
