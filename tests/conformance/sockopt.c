/* SPDX-License-Identifier: BSD-2-Clause */
/* The keepalive socket options and the flags read back (sockopt.h). */
#include "sockopt.h"

#include <limits.h>
#include <string.h>

#include "keepinit.h"

/* FreeBSD's values (sys/netinet/tcp_var.h, sys/sys/socket.h) */
#define FREEBSD_TF_NODELAY   0x04
#define FREEBSD_TF_NOOPT     0x08
#define FREEBSD_SO_KEEPALIVE 0x08
#define FREEBSD_SO_OOBINLINE 0x100
#define FREEBSD_HZ           1000 /* the kernel's default kern.hz */

static const char *const keep_names[] = {"TCP_KEEPINIT", "TCP_KEEPIDLE", "TCP_KEEPINTVL",
                                         "TCP_KEEPCNT"};

static int is_keep(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof keep_names / sizeof keep_names[0]; i++) {
        if (strcmp(name, keep_names[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Options of FreeBSD's other TCP stacks, RACK and BBR (sys/netinet/tcp.h,
 * tcp_stacks/rack.c and bbr.c): tcp_ctloutput_set hands them to the
 * socket's stack, and the default one's tcp_default_ctloutput has no case
 * for them ("default: error = ENOPROTOOPT"). */
static int other_stack_option(const char *name)
{
    return strncmp(name, "TCP_RACK_", 9) == 0 || strncmp(name, "TCP_BBR_", 8) == 0;
}

/* Options tcp_default_ctloutput answers with ENOPROTOOPT here: those of
 * the other stacks, and TCP_MD5SIG, which a kernel without options
 * TCP_SIGNATURE and without the tcpmd5 module refuses ("case TCP_MD5SIG:
 * if (!TCPMD5_ENABLED()) return (ENOPROTOOPT)", or no case at all without
 * IPSEC_SUPPORT): tcpfsm has no TCP-MD5 (RFC 2385). */
static int refused_option(const char *name)
{
    return other_stack_option(name) || strcmp(name, "TCP_MD5SIG") == 0;
}

int pd_sockopt_handles(int set, const char *name)
{
    if (is_keep(name) || strcmp(name, "SO_KEEPALIVE") == 0 || strcmp(name, "SO_OOBINLINE") == 0
        || refused_option(name)
        || strcmp(name, "TCP_REMOTE_UDP_ENCAPS_PORT") == 0) {
        return 1;
    }
    return !set && (strcmp(name, "TCP_NODELAY") == 0 || strcmp(name, "TCP_NOOPT") == 0);
}

long pd_sys_getsockopt(pd_stack *st, int fd, const char *name, long *value, const char **err,
                       const char **unsupported)
{
    const pd_socket *s;
    const pd_sysctls *sys = &st->sys;
    (void)unsupported;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    s = &st->socks[fd];
    if (refused_option(name)) {
        *err = "ENOPROTOOPT";
        return -1;
    }
    /* tcp_default_ctloutput, TCP_KEEP*: ui = TP_KEEP*(tp) / hz */
    if (strcmp(name, "TCP_REMOTE_UDP_ENCAPS_PORT") == 0) {
        const pd_conn *c = pd_stack_conn_of(st, fd);
        *value = c != NULL ? c->t_port : s->udp_port; /* "optval = ntohs(tp->t_port)" */
    } else if (strcmp(name, "TCP_KEEPINIT") == 0) {
        *value = (long)(pd_keepinit_ms(st, s) / 1000u);
    } else if (strcmp(name, "TCP_KEEPIDLE") == 0) {
        *value = (long)((s->keepidle_ms ? s->keepidle_ms : sys->keepidle_ms) / 1000u);
    } else if (strcmp(name, "TCP_KEEPINTVL") == 0) {
        *value = (long)((s->keepintvl_ms ? s->keepintvl_ms : sys->keepintvl_ms) / 1000u);
    } else if (strcmp(name, "TCP_KEEPCNT") == 0) {
        *value = (long)(s->keepcnt ? s->keepcnt : sys->keepcnt);
    } else if (strcmp(name, "TCP_NODELAY") == 0) {
        *value = s->nodelay ? FREEBSD_TF_NODELAY : 0;
    } else if (strcmp(name, "TCP_NOOPT") == 0) {
        *value = s->noopt ? FREEBSD_TF_NOOPT : 0;
    } else if (strcmp(name, "SO_OOBINLINE") == 0) {
        /* so_options & SO_OOBINLINE, the connection's own once it has one */
        const pd_conn *c = pd_stack_conn_of(st, fd);
        *value = (c != NULL ? c->oob.oobinline : s->oobinline) ? FREEBSD_SO_OOBINLINE : 0;
    } else { /* SO_KEEPALIVE: sogetopt answers so_options & SO_KEEPALIVE */
        *value = s->keepalive ? FREEBSD_SO_KEEPALIVE : 0;
    }
    return 0;
}

/* A listener's core in LISTEN holds no connection: made again, it takes
 * the socket's new options, which FreeBSD's syncache_socket copies from
 * the listening tcpcb to each new connection. */
static long remake_listener(pd_stack *st, int fd, const char **unsupported)
{
    pd_socket *s = &st->socks[fd];
    const char *err = NULL;
    s->kind = PD_SOCK_NEW;
    if (pd_sys_listen(st, fd, &err) != 0) {
        *unsupported = "the listener's new configuration was refused";
        return -1;
    }
    return 0;
}

long pd_sys_setsockopt(pd_stack *st, int fd, const char *name, long value, const char **err,
                       const char **unsupported)
{
    pd_socket *s;
    pd_conn *c;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    s = &st->socks[fd];
    c = pd_stack_conn_of(st, fd);
    if (refused_option(name)) {
        *err = "ENOPROTOOPT";
        return -1;
    }
    if (strcmp(name, "TCP_REMOTE_UDP_ENCAPS_PORT") == 0) {
        /* tcp_default_ctloutput: "if ((optval < TCP_TUNNELING_PORT_MIN) ||
         * (optval > TCP_TUNNELING_PORT_MAX)) return (EINVAL); if
         * ((V_tcp_udp_tunneling_port == 0) && (optval != 0)) return (EINVAL);
         * ... if (tp->t_state != TCPS_CLOSED) error = EINVAL; else tp->t_port
         * = htons(optval)" */
        if (value < 0 || value > 65535 || (st->sys.udp_tunneling_port == 0u && value != 0)
            || s->kind != PD_SOCK_NEW) {
            *err = "EINVAL";
            return -1;
        }
        s->udp_port = (uint16_t)value;
        return 0;
    }
    if (strcmp(name, "SO_OOBINLINE") == 0) {
        /* sosetopt: a so_options bit; read when urgent data arrives
         * (tcp_input) and by recv(MSG_OOB) (tcp_usr_rcvoob), so it takes
         * effect on a connection at once */
        s->oobinline = value != 0;
        if (c != NULL) {
            c->oob.oobinline = value != 0;
        }
        return 0;
    }
    if (strcmp(name, "SO_KEEPALIVE") == 0) {
        s->keepalive = value != 0;
        if (c != NULL && !st->sys.always_keepalive
            && tcpfsm_set_keepalive(&c->conn, value != 0, pd_stack_core_now(st)) != TCPFSM_OK) {
            *unsupported = "SO_KEEPALIVE: the core refused tcpfsm_set_keepalive";
            return -1;
        }
    } else if (strcmp(name, "TCP_KEEPCNT") == 0) {
        if (value < 0 || (unsigned long)value > UINT_MAX) {
            *err = "EINVAL";
            return -1;
        }
        s->keepcnt = (uint32_t)value;
    } else {
        /* TCP_KEEPINIT, TCP_KEEPIDLE, TCP_KEEPINTVL: seconds, refused
         * when ui * hz would not fit (tcp_default_ctloutput) */
        uint32_t ms;
        if (value < 0 || (unsigned long)value > UINT_MAX / FREEBSD_HZ) {
            *err = "EINVAL";
            return -1;
        }
        ms = (uint32_t)value * 1000u;
        if (strcmp(name, "TCP_KEEPINIT") == 0) {
            s->keepinit_ms = ms;
            /* "if (tp->t_state == TCPS_SYN_RECEIVED || tp->t_state ==
             * TCPS_SYN_SENT) tcp_timer_activate(tp, TT_KEEP, TP_KEEPINIT(tp))" */
            if (c != NULL && (c->conn.state == TCPFSM_SYN_SENT
                              || c->conn.state == TCPFSM_SYN_RECEIVED)) {
                pd_keepinit_arm(st, s->conn);
            }
            return 0;
        }
        if (strcmp(name, "TCP_KEEPIDLE") == 0) {
            s->keepidle_ms = ms;
        } else {
            s->keepintvl_ms = ms;
        }
    }
    /* The keepalive timing is the core's configuration, fixed when the
     * connection is made: a connection's own cannot change. */
    if (c != NULL && strcmp(name, "SO_KEEPALIVE") != 0) {
        *unsupported = "TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT on a connection (the core has "
                       "no call to change its keepalive_idle_s, _interval_s, _count)";
        return -1;
    }
    if (s->kind == PD_SOCK_LISTEN) {
        return remake_listener(st, fd, unsupported);
    }
    return 0;
}
