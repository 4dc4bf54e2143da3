/* SPDX-License-Identifier: BSD-2-Clause */
/* The stack under test: cores behind a FreeBSD-like socket layer (stack.h). */
#include "stack.h"

#include <stdio.h>
#include "keepinit.h"
#include "oob.h"
#include <string.h>

/* Core time of script time 0, in ms: any value works, as long as TSval and
 * deadlines do not start at zero. */
#define BASE_MS 100000u

/* Our ISNs start just below 2^32 so that every script's sequence numbers
 * cross the wrap within its first few kilobytes (RFC 9293 §3.4.1: the
 * arithmetic is modulo 2^32); each new connection gets a fresh one. */
#define ISS_FIRST 0xfffff000u
#define ISS_STEP  0x10000000u

static uint64_t core_now(const pd_stack *st)
{
    return BASE_MS + (uint64_t)(st->now_us / 1000);
}

uint64_t pd_stack_core_now(const pd_stack *st)
{
    return core_now(st);
}

void pd_stack_addrs(const pd_stack *st, int outbound, tcpfsm_wire_addrs *addrs)
{
    static const uint8_t local4[4] = {192, 168, 0, 1}, remote4[4] = {192, 0, 2, 1};
    static const uint8_t local6[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t remote6[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    memset(addrs, 0, sizeof *addrs);
    addrs->ipv6 = (uint8_t)(st->ipv6 != 0);
    if (st->ipv6) {
        memcpy(addrs->src, outbound ? local6 : remote6, 16);
        memcpy(addrs->dst, outbound ? remote6 : local6, 16);
    } else {
        memcpy(addrs->src, outbound ? local4 : remote4, 4);
        memcpy(addrs->dst, outbound ? remote4 : local4, 4);
    }
}

void pd_stack_init(pd_stack *st, int ipv6, int mtu)
{
    memset(st, 0, sizeof *st);
    st->ipv6 = ipv6;
    st->mtu = mtu > 0 ? mtu : 1500;
    st->under_test = -1;
    st->next_iss = ISS_FIRST;
    /* FreeBSD's defaults (sysctl -d net.inet.tcp) */
    st->sys.rfc1323 = 1;
    st->sys.sack = 1;
    st->sys.insecure_rst = 0;
    st->sys.insecure_syn = 0;
    st->sys.tolerate_missing_ts = 0;
    st->sys.icmp_may_rst = 1;
    st->sys.rexmit_slop_ms = 200u; /* TCPTV_CPU_VAR */
    st->sys.ecn = TCPFSM_ECN_ACCEPT; /* ecn.enable=2 */
    st->sys.ecn_maxretries = 1u;
    st->sys.recvspace = 65536u;
    st->sys.sendspace = 32768u;
    st->sys.maxsockbuf = 2097152u;
    st->sys.rexmit_initial_ms = 1000u;
    st->sys.rexmit_min_ms = 30u;
    st->sys.msl_ms = 30000u;
    st->sys.delacktime_ms = 100u;
    st->sys.keepinit_ms = 75000u;      /* TCPTV_KEEP_INIT */
    st->sys.keepidle_ms = 7200000u;    /* TCPTV_KEEP_IDLE */
    st->sys.keepintvl_ms = 75000u;     /* TCPTV_KEEPINTVL */
    st->sys.keepcnt = 8u;              /* TCPTV_KEEPCNT */
    st->sys.always_keepalive = 1;      /* tcp_timer.c: tcp_always_keepalive = 1 */
    st->sys.ip_defttl = 64u;           /* IPDEFTTL (net.inet.ip.ttl) */
    st->sys.ip6_defhlim = 64u;         /* IPV6_DEFHLIM (net.inet6.ip6.hlim) */
    st->sys.udp_tunneling_port = 0u;   /* TCP_TUNNELING_PORT_DEFAULT */
    st->sys.udp_tunneling_overhead = 8u; /* TCP_TUNNELING_OVERHEAD_DEFAULT: a UDP header */
}

void pd_ip_opts_default(pd_ip_opts *ip)
{
    /* tcp_newtcpcb: inp_ip_ttl = V_ip_defttl (read again by
     * pd_sys_socket); in_pcballoc: in6p_hops = -1; no ip6po_tclass */
    ip->ttl = 64u;
    ip->tos = 0u;
    ip->hops = -1;
    ip->tclass = -1;
}

/* FreeBSD's tcp_mssopt(): the interface MTU less the IP and TCP headers
 * (sizeof(struct tcpiphdr), or ip6_hdr + tcphdr), what our SYN offers. */
uint32_t pd_stack_mss(const pd_stack *st)
{
    uint32_t headers = st->ipv6 ? 60u : 40u;
    return (uint32_t)st->mtu > headers ? (uint32_t)st->mtu - headers : 0u;
}

/* The MSS of a connection over port (0: plain TCP): tcp_mssopt's, less
 * the tunnelling overhead over UDP (syncache_respond, tcp_output: "if
 * (tp->t_port) to.to_mss -= V_tcp_udp_tunneling_overhead"), which is also
 * the most the connection sends (tcp_mss_update).  When tcpfsm_init would
 * refuse it, st->limit says why and the result is -1. */
static int conn_mss(pd_stack *st, uint16_t port, uint32_t *mss)
{
    uint32_t m = pd_stack_mss(st);
    uint32_t over = port != 0u ? st->sys.udp_tunneling_overhead : 0u;
    m = m > over ? m - over : 0u;
    if (m < PD_CORE_MIN_MSS) {
        if (st->limit[0] == '\0') {
            snprintf(st->limit, sizeof st->limit,
                     "our MSS would be %u (the interface MTU %d less the %s and TCP headers%s, "
                     "as FreeBSD's tcp_mssopt offers it), and tcpfsm_init refuses an MSS below "
                     "%d (src/core/config.c)",
                     m, st->mtu, st->ipv6 ? "IPv6" : "IPv4",
                     port != 0u ? " and the UDP tunnelling overhead" : "", PD_CORE_MIN_MSS);
        }
        return -1;
    }
    *mss = m;
    return 0;
}

/* A keepalive setting in seconds for the core, from FreeBSD's ms. */
static uint16_t keep_seconds(uint32_t ms)
{
    uint32_t sec = ms / 1000u;
    return (uint16_t)(sec < 1u ? 1u : sec > 65535u ? 65535u : sec);
}

static void set_fault(pd_stack *st, const char *call, tcpfsm_error err)
{
    if (st->fault[0] == '\0') {
        snprintf(st->fault, sizeof st->fault, "the core refused %s (error %d)", call, (int)err);
    }
}

/* The core's configuration from the sysctls and the socket's options
 * (README.md of this directory explains each value). */
/* The shift FreeBSD offers: the smallest that lets the 16-bit window
 * announce kern.ipc.maxsockbuf (sb_max), the most a buffer may grow to. */
static uint8_t freebsd_wscale(uint32_t maxsockbuf)
{
    uint8_t shift = 0u;
    while (shift < TCPFSM_MAX_WSCALE && (65535ul << shift) < maxsockbuf) {
        shift++;
    }
    return shift;
}

static void make_config(const pd_stack *st, const pd_socket *sock, uint32_t mss,
                        tcpfsm_config *cfg)
{
    const pd_sysctls *s = &st->sys;
    tcpfsm_config_default(cfg);
    cfg->mss = (uint16_t)mss; /* the MTU (1500) less IP and TCP headers (conn_mss) */
    /* FreeBSD's receive buffer: SO_RCVBUF, rounded up to whole segments
     * once the MSS is known (tcp_mss_update); every script's peer offers
     * our MSS or more, so ours is the one it is rounded to */
    cfg->rcv_buf = (sock->rcvbuf + cfg->mss - 1u) / cfg->mss * cfg->mss;
    if (cfg->rcv_buf > TCPFSM_MAX_RCV_BUF) {
        cfg->rcv_buf = TCPFSM_MAX_RCV_BUF;
    }
    if (cfg->rcv_buf < 1u) {
        cfg->rcv_buf = 1u;
    }
    cfg->wscale = freebsd_wscale(s->maxsockbuf);
    cfg->flags = TCPFSM_CFG_RFC1337; /* FreeBSD ignores RST in TIME-WAIT (tcp_twcheck) */
    if (s->rfc1323 && !sock->noopt) {
        cfg->flags |= TCPFSM_CFG_WSCALE | TCPFSM_CFG_TIMESTAMPS;
    }
    if (s->sack && !sock->noopt) {
        cfg->flags |= TCPFSM_CFG_SACK;
    }
    /* one core switch for both of FreeBSD's (see README.md) */
    if (!s->insecure_rst && !s->insecure_syn) {
        cfg->flags |= TCPFSM_CFG_RFC5961;
    }
    if (s->tolerate_missing_ts) {
        cfg->flags |= TCPFSM_CFG_TS_OPTIONAL;
    }
    if (sock->nodelay) {
        cfg->flags |= TCPFSM_CFG_NODELAY;
    }
    /* the FreeBSD profile: its reset for an in-window SYN, its TIME-WAIT,
     * its receive window and its window test for a SYN, a listener's
     * silence at a SYN,ACK always, its FIN repeated on the ACKs it sends
     * while the FIN is unacknowledged, its drop_synfin when the script
     * turns it on (DEVIATIONS.md 1-7, 10) */
    cfg->compat = TCPFSM_COMPAT_SYN_RESET_FROM_TCB | TCPFSM_COMPAT_TIME_WAIT_BSD
                | TCPFSM_COMPAT_ACCEPT_FREE_BUFFER | TCPFSM_COMPAT_WINDOW_EDGE_BSD
                | TCPFSM_COMPAT_SYN_BY_SEQ | TCPFSM_COMPAT_LISTEN_DROP_SYN_ACK
                | TCPFSM_COMPAT_FIN_REPEAT;
    /* the suite's STANDARD branches, which the replayer follows, hold
     * TIME-WAIT against a SYN beyond RCV.NXT (rcv-syn-time-wait); its
     * FreeBSD branches reopen (tcp_twcheck), which needs the SYN handed on
     * to the listener: not replayed */
    cfg->time_wait_reopen = 0u;
    if (s->drop_synfin) {
        cfg->compat |= TCPFSM_COMPAT_DROP_SYNFIN;
    }
    /* tcp_ctlinput: with icmp_may_rst, administrative prohibition and a TTL
     * exceeded in transit end SYN-SENT too; without, no ICMP error does */
    cfg->icmp_abort = s->icmp_may_rst ? TCPFSM_ICMP_ABORT_BSD : TCPFSM_ICMP_ABORT_NONE;
    cfg->rto_initial_ms = s->rexmit_initial_ms;
    cfg->rto_min_ms = s->rexmit_min_ms < s->rexmit_initial_ms ? s->rexmit_min_ms
                                                              : s->rexmit_initial_ms;
    if (cfg->rto_min_ms < 1u) {
        cfg->rto_min_ms = 1u;
    }
    cfg->rto_max_ms = 64000u;                 /* TCPTV_REXMTMAX */
    cfg->rto_slop_ms = (uint16_t)s->rexmit_slop_ms; /* TCPT_RANGESET's slop */
    cfg->ecn = s->ecn;
    cfg->ecn_syn_retries = (uint8_t)s->ecn_maxretries;
    cfg->syn_drop_options_at = s->syn_drop_options_at;
    cfg->syn_cache = 1u; /* a passive open's SYN-RECEIVED is a syncache entry */
    /* slow start grows by at most net.inet.tcp.abc_l_var (2) segments an ACK
     * (newreno_ack_received; FreeBSD runs no HyStart++ by default) */
    cfg->ss_ack_limit = 2u;
    /* FreeBSD's default stack finds losses by RFC 6675 alone: RACK and the
     * tail loss probe are in its other stacks (tcp_rack, tcp_bbr) */
    cfg->rack_tlp = 0u;
    if (cfg->rto_initial_ms > cfg->rto_max_ms) {
        cfg->rto_initial_ms = cfg->rto_max_ms;
    }
    cfg->msl2_ms = 2u * s->msl_ms;            /* 2 * net.inet.tcp.msl */
    cfg->user_timeout_ms = 0u;                /* FreeBSD has none: retries decide */
    cfg->delack_ms = (uint16_t)(s->delacktime_ms > TCPFSM_MAX_DELACK_MS ? TCPFSM_MAX_DELACK_MS
                                                                         : s->delacktime_ms);
    /* keepalive: FreeBSD probes every connection (always_keepalive, on by
     * default) or those with SO_KEEPALIVE, after keepidle, every keepintvl,
     * keepcnt times (tcp_timer_keep); the socket's TCP_KEEP* first */
    if (s->always_keepalive || sock->keepalive) {
        cfg->flags |= TCPFSM_CFG_KEEPALIVE;
    }
    cfg->keepalive_idle_s = keep_seconds(sock->keepidle_ms ? sock->keepidle_ms : s->keepidle_ms);
    cfg->keepalive_interval_s =
        keep_seconds(sock->keepintvl_ms ? sock->keepintvl_ms : s->keepintvl_ms);
    {
        uint32_t cnt = sock->keepcnt ? sock->keepcnt : s->keepcnt;
        cfg->keepalive_count = (uint8_t)(cnt < 1u ? 1u : cnt > 255u ? 255u : cnt);
    }
}

static uint32_t take_iss(pd_stack *st)
{
    uint32_t iss = st->next_iss;
    st->next_iss += ISS_STEP;
    return iss;
}

/* The IP header a segment goes out with, from the inpcb's options (ip
 * NULL: an answer on no socket's behalf, tcp_respond with tp NULL).
 *
 * IPv4 (tcpip_fillheaders, tcp_output, tcp_respond): TTL inp_ip_ttl, TOS
 * inp_ip_tos; the ECN field is ECT(0) when the core sends the segment
 * ECN-capable, else the socket's own, except where FreeBSD clears it:
 * tcp_respond ("ip_tos = inp->inp_ip_tos & ~IPTOS_ECN_MASK"), which sends
 * the resets, and tcp_output once ECN is agreed ("ip_tos &=
 * ~IPTOS_ECN_MASK; ip_tos |= ect").  Without an inpcb: TTL V_ip_defttl,
 * TOS 0.
 *
 * IPv6: hop limit in6_selecthlim (in6p_hops, else V_ip6_defhlim); the
 * traffic class is ECT(0) or 0 from TCP, then ip6_output fills the DSCP
 * and, when TCP left it 0, the ECN field from IPV6_TCLASS ("do not
 * override if a non-zero value is already set"). */
static void ip_header(const pd_stack *st, const pd_ip_opts *ip, int ecn_agreed, uint8_t flags,
                      int ect, uint8_t *tos, uint8_t *ttl)
{
    uint8_t ecn = ect ? 0x02u : 0x00u; /* RFC 3168 §5: ECT(0) is 10 */
    if (st->ipv6) {
        uint8_t tc = ecn;
        *ttl = ip != NULL && ip->hops >= 0 ? (uint8_t)ip->hops : st->sys.ip6_defhlim;
        if (ip != NULL && ip->tclass >= 0) {
            tc |= (uint8_t)(ip->tclass & 0xfc);
            if ((tc & 0x03u) == 0u) {
                tc |= (uint8_t)(ip->tclass & 0x03);
            }
        }
        *tos = tc;
        return;
    }
    if (ip == NULL) {
        *ttl = st->sys.ip_defttl;
        *tos = ecn;
        return;
    }
    *ttl = ip->ttl;
    *tos = ip->tos;
    if (ect || ecn_agreed || (flags & TCPFSM_RST) != 0u) {
        *tos = (uint8_t)((*tos & ~0x03u) | ecn);
    }
}

static void queue_segment(pd_stack *st, const tcpfsm_wire_segment *seg, int ect,
                          const pd_ip_opts *ip, int ecn_agreed, uint16_t port)
{
    int at;
    pd_emitted *e;
    if (st->q_count == PD_MAX_EMITTED) {
        snprintf(st->fault, sizeof st->fault, "more than %d segments emitted and unchecked",
                 PD_MAX_EMITTED);
        return;
    }
    at = (st->q_head + st->q_count) % PD_MAX_EMITTED;
    e = &st->q[at];
    memset(e, 0, sizeof *e);
    e->time_us = st->now_us;
    e->seg = *seg;
    e->ect = ect;
    ip_header(st, ip, ecn_agreed, seg->flags, ect, &e->tos, &e->ttl);
    if (port != 0u) {
        /* over UDP: from the tunnel socket's port, to the peer's
         * (tcp_output, tcp_respond, syncache_respond: "uh_sport =
         * htons(V_tcp_udp_tunneling_port); uh_dport = port") */
        e->udp_src = (uint16_t)st->sys.udp_tunneling_port;
        e->udp_dst = port;
    }
    if (port != 0u && !st->udp_encaps) {
        /* without --udp_encapsulation=tcp packetdrill's sniffer takes a
         * UDP datagram for no socket of its own and lets it pass */
        return;
    }
    st->q_count++;
}

int pd_stack_pop(pd_stack *st, pd_emitted *e)
{
    if (st->q_count == 0) {
        return 0;
    }
    *e = st->q[st->q_head];
    st->q_head = (st->q_head + 1) % PD_MAX_EMITTED;
    st->q_count--;
    return 1;
}

static void free_conn_if_gone(pd_stack *st, int ci)
{
    pd_conn *c = &st->conns[ci];
    if (c->used && c->fd < 0 && c->conn.state == TCPFSM_CLOSED) {
        c->used = 0;
    }
}

/* Queue what an output holds: ci >= 0 the connection's, with its inpcb's
 * IP options and UDP port; ci < 0 an answer on no connection's behalf,
 * with ip (NULL: no inpcb) over port (the carrier of the segment
 * answered: tcp_respond takes the port of the mbuf it answers). */
static void queue_output(pd_stack *st, int ci, const tcpfsm_output *out, const pd_ip_opts *ip,
                         uint16_t port)
{
    uint32_t i;
    int ecn_agreed = 0;
    if (ci >= 0) {
        tcpfsm_info info;
        ip = &st->conns[ci].ip;
        port = st->conns[ci].t_port;
        ecn_agreed = tcpfsm_status(&st->conns[ci].conn, &info) == TCPFSM_OK && info.ecn != 0u;
    }
    for (i = 0; i < out->count; i++) {
        tcpfsm_wire_segment w;
        if (tcpfsm_wire_from_output(out, i, PD_LOCAL_PORT, PD_REMOTE_PORT, &w) != TCPFSM_OK) {
            snprintf(st->fault, sizeof st->fault, "tcpfsm_wire_from_output refused tx[%u]", i);
            continue;
        }
        queue_segment(st, &w, (out->tx[i].ecn & TCPFSM_TX_ECT) != 0u, ip, ecn_agreed, port);
    }
}

/* An answer on no connection's behalf: a reset from tcp_dropwithreset. */
static void act_answer(pd_stack *st, tcpfsm_output *out, const pd_ip_opts *ip, uint16_t port)
{
    queue_output(st, -1, out, ip, port);
}

/* Do what one output of a core says (README.md of the project,
 * "Embedding"); ci < 0: an answer on no connection's behalf, from no
 * inpcb, over plain TCP. */
void pd_stack_act(pd_stack *st, int ci, tcpfsm_output *out)
{
    int rounds = 0;
    for (;;) {
        queue_output(st, ci, out, NULL, 0u);
        if (ci < 0) {
            return;
        }
        {
            pd_conn *c = &st->conns[ci];
            c->send_buffered -= out->acked <= c->send_buffered ? out->acked : c->send_buffered;
            c->unread += out->deliver_len + out->reasm_len;
            if ((out->notes & TCPFSM_NOTE_CONNECTED) != 0u) {
                tcpfsm_info info;
                c->connected = 1;
                /* syncache_socket: an IPv6 connection takes its listener's
                 * in6p_outputopts and in6p_hops as it is made (IPv4's
                 * TTL and TOS were fixed by syncache_add with the SYN) */
                if (st->ipv6 && c->listener_fd >= 0
                    && st->socks[c->listener_fd].kind == PD_SOCK_LISTEN) {
                    c->ip.hops = st->socks[c->listener_fd].ip.hops;
                    c->ip.tclass = st->socks[c->listener_fd].ip.tclass;
                }
                /* sonewconn: "so->so_options = head->so_options &
                 * ~SO_ACCEPTCONN", SO_OOBINLINE among them */
                if (c->listener_fd >= 0 && st->socks[c->listener_fd].kind == PD_SOCK_LISTEN) {
                    c->oob.oobinline = st->socks[c->listener_fd].oobinline;
                }
                /* FreeBSD's tcp_mss() rounds the socket buffer up to whole
                 * segments once the MSS is known */
                if (tcpfsm_status(&c->conn, &info) == TCPFSM_OK && info.snd_mss > 0u) {
                    c->rcvbuf = (c->rcvbuf + info.snd_mss - 1u) / info.snd_mss * info.snd_mss;
                }
            }
            if ((out->notes & TCPFSM_NOTE_PEER_CLOSED) != 0u) {
                c->eof = 1;
            }
            if ((out->notes & TCPFSM_NOTE_RESET) != 0u) {
                c->so_error = "ECONNRESET";
            }
            if ((out->notes & TCPFSM_NOTE_REFUSED) != 0u) {
                c->so_error = "ECONNREFUSED";
            }
            if ((out->notes & TCPFSM_NOTE_TIMED_OUT) != 0u) {
                c->so_error = "ETIMEDOUT";
            }
            if ((out->notes & TCPFSM_NOTE_CONNECTED) != 0u) {
                /* established: tcp_input re-arms TT_KEEP with keepidle */
                c->keepinit_at_us = -1;
            }
            /* a blocking connect() returns once the socket is connected or
             * has an error, which it takes (kern_connectat: so_error is
             * returned and cleared) */
            if (c->connecting && !c->connect_done
                && ((out->notes & TCPFSM_NOTE_CONNECTED) != 0u || c->so_error != NULL
                    || c->conn.state == TCPFSM_CLOSED)) {
                c->connect_done = 1;
                c->connect_done_us = st->now_us;
                c->connect_err = (out->notes & TCPFSM_NOTE_CONNECTED) != 0u ? NULL
                               : c->so_error != NULL ? c->so_error : "ECONNABORTED";
                c->so_error = NULL;
            }
            if (!out->more || rounds++ > 64) {
                free_conn_if_gone(st, ci);
                return;
            }
            /* more could be sent than one output holds */
            if (tcpfsm_send(&c->conn, 0u, core_now(st), out) != TCPFSM_OK) {
                return;
            }
        }
    }
}

static int64_t deadline_us(uint64_t deadline_ms)
{
    if (deadline_ms == TCPFSM_NO_DEADLINE) {
        return INT64_MAX;
    }
    if (deadline_ms < BASE_MS) {
        return 0;
    }
    return (int64_t)(deadline_ms - BASE_MS) * 1000;
}

void pd_stack_advance(pd_stack *st, int64_t until_us, int stop_on_emit)
{
    for (;;) {
        int ci, first = -1, keep = 0;
        int64_t when = INT64_MAX;
        for (ci = 0; ci < PD_MAX_CONNS; ci++) {
            const pd_conn *c = &st->conns[ci];
            int64_t d;
            if (!c->used || c->conn.state == TCPFSM_CLOSED) {
                continue;
            }
            d = deadline_us(tcpfsm_next_deadline(&c->conn));
            if (d < when) {
                when = d;
                first = ci;
                keep = 0;
            }
            /* the socket layer's timer, before the core's at the same time */
            if (c->keepinit_at_us >= 0 && c->keepinit_at_us <= when) {
                when = c->keepinit_at_us;
                first = ci;
                keep = 1;
            }
        }
        if (first < 0 || when > until_us) {
            break;
        }
        if (when > st->now_us) {
            st->now_us = when;
        }
        if (keep) {
            int before = st->q_count;
            pd_keepinit_expire(st, first);
            if (stop_on_emit && st->q_count > before) {
                return;
            }
            continue;
        }
        {
            tcpfsm_output out;
            int before = st->q_count;
            tcpfsm_error err = tcpfsm_on_timer(&st->conns[first].conn, core_now(st), &out);
            if (err != TCPFSM_OK) {
                set_fault(st, "tcpfsm_on_timer", err);
                return;
            }
            pd_stack_act(st, first, &out);
            if (stop_on_emit && st->q_count > before) {
                return;
            }
        }
    }
    if (until_us > st->now_us) {
        st->now_us = until_us;
    }
}

static int listener_fd(const pd_stack *st)
{
    int fd;
    for (fd = 0; fd < PD_MAX_FDS; fd++) {
        if (st->socks[fd].kind == PD_SOCK_LISTEN) {
            return fd;
        }
    }
    return -1;
}

static int new_conn(pd_stack *st)
{
    int ci;
    for (ci = 0; ci < PD_MAX_CONNS; ci++) {
        if (!st->conns[ci].used) {
            memset(&st->conns[ci], 0, sizeof st->conns[ci]);
            st->conns[ci].used = 1;
            st->conns[ci].fd = -1;
            st->conns[ci].listener_fd = -1;
            st->conns[ci].keepinit_at_us = -1;
            return ci;
        }
    }
    snprintf(st->fault, sizeof st->fault, "more than %d connections", PD_MAX_CONNS);
    return -1;
}

static void reset_mapping(pd_stack *st)
{
    st->local_isn_known = 0;
    st->script_local_isn = 0;
    st->live_local_isn = 0;
    st->ts_map_count = 0;
}

/* FreeBSD's IPv4 path takes a Fragmentation Needed's MTU, into its host
 * cache and the connection, only when it is below t_maxseg plus the
 * headers (tcp_ctlinput_with_port: "Only process the offered MTU if it is
 * smaller than the current one"), and t_maxseg is tcp_mssdflt (536,
 * tcp_newtcpcb) until the handshake settles it: in SYN-SENT a larger MTU
 * changes nothing.  ICMPv6's Packet Too Big reaches the host cache first,
 * whatever TCP's state (icmp6_mtudisc_update), and so the next SYN's MSS
 * (tcp_mssopt). */
static int ipv4_mtu_not_taken(const pd_stack *st, const tcpfsm_conn *conn,
                              const tcpfsm_icmp *icmp)
{
    return !st->ipv6 && icmp->kind == (uint8_t)TCPFSM_ICMP_PACKET_TOO_BIG
        && conn->state == (uint8_t)TCPFSM_SYN_SENT && icmp->mss >= PD_TCP_MSSDFLT;
}

void pd_stack_icmp(pd_stack *st, const uint8_t *bytes, uint32_t len)
{
    tcpfsm_wire_icmp wire;
    tcpfsm_icmp icmp;
    tcpfsm_output out;
    tcpfsm_error err;
    int ci = st->under_test;
    err = tcpfsm_wire_parse_icmp(bytes, len, (uint8_t)(st->ipv6 != 0), &wire);
    if (err != TCPFSM_OK) {
        set_fault(st, "tcpfsm_wire_parse_icmp", err);
        return;
    }
    /* in_pcblookup by the quoted addresses and ports: only the connection
     * under test sent segments; a message about anything else is dropped */
    if (wire.src_port != PD_LOCAL_PORT || wire.dst_port != PD_REMOTE_PORT || ci < 0
        || !st->conns[ci].used || st->conns[ci].conn.state == TCPFSM_CLOSED) {
        return;
    }
    /* the message quotes a segment sent over plain TCP: one about a
     * connection over UDP comes through the tunnel socket instead
     * (tcp_ctlinput_with_port: "if (tp->t_port != port) goto out") */
    if (st->conns[ci].t_port != 0u) {
        return;
    }
    err = tcpfsm_wire_to_icmp(&wire, &icmp);
    if (err == TCPFSM_OK && ipv4_mtu_not_taken(st, &st->conns[ci].conn, &icmp)) {
        return;
    }
    if (err == TCPFSM_OK) {
        err = tcpfsm_on_icmp(&st->conns[ci].conn, &icmp, core_now(st), &out);
    }
    if (err != TCPFSM_OK) {
        set_fault(st, "tcpfsm_on_icmp", err);
        return;
    }
    if ((out.notes & TCPFSM_NOTE_UNREACHABLE) != 0u) {
        /* inetctlerrmap: PRC_TIMXCEED_INTRANS is EHOSTUNREACH,
         * PRC_UNREACH_ADMIN_PROHIB ECONNREFUSED (REFUSED's note says so) */
        st->conns[ci].so_error = icmp.kind == (uint8_t)TCPFSM_ICMP_TIME_EXCEEDED ? "EHOSTUNREACH"
                                                                                : "ECONNREFUSED";
    }
    pd_stack_act(st, ci, &out);
}

/* The reset tcp_dropwithreset sends for seg (RFC 9293 §3.10.7.1's, which
 * is FreeBSD's: <SEQ=SEG.ACK><CTL=RST>, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
 * <CTL=RST,ACK>; none for a reset), with the inpcb's IP options (ip NULL:
 * none) over the carrier the segment came on. */
static void reset_answer(pd_stack *st, const tcpfsm_segment *seg, const pd_ip_opts *ip,
                         uint16_t port)
{
    tcpfsm_output out;
    tcpfsm_error err = tcpfsm_reply_no_connection(seg, &out);
    if (err != TCPFSM_OK) {
        set_fault(st, "tcpfsm_reply_no_connection", err);
        return;
    }
    act_answer(st, &out, ip, port);
}

static int seq_gt(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

/* A segment for connection ci that came over another carrier than the
 * connection's (t_port: a UDP port, 0 for plain TCP).  Returns 1 when it
 * is dealt with here, 0 when the core takes it as any other.
 *
 * - TIME-WAIT, tcp_twcheck: a reset is dropped, a SYN,FIN too with
 *   drop_synfin, a SYN above RCV.NXT may start a new connection ("Allow
 *   UDP port number changes in this case"): those the core takes; any
 *   other draws tcp_respond's reset ("Send RST if UDP port numbers don't
 *   match");
 * - an embryonic passive connection (FreeBSD's syncache entry):
 *   syncache_chkrst ignores a reset from another port, syncache_expand
 *   finds no entry for an ACK from another port ("sc->sc_port != port"),
 *   so tcp_input answers it from no inpcb (tcp_dropwithreset, tp NULL);
 *   a SYN is syncache_add's duplicate, whatever its port;
 * - any other state past LISTEN, tcp_input: "if ((tp->t_port != port) &&
 *   (tp->t_state > TCPS_LISTEN)) goto dropwithreset", which drops a reset
 *   and answers anything else. */
static int other_carrier(pd_stack *st, int ci, const tcpfsm_segment *seg, uint16_t port)
{
    pd_conn *c = &st->conns[ci];
    uint8_t fl = seg->flags;
    if (c->t_port == port) {
        return 0;
    }
    if (c->conn.state == TCPFSM_TIME_WAIT) {
        tcpfsm_info info;
        if ((fl & TCPFSM_RST) != 0u
            || ((fl & TCPFSM_SYN) != 0u && (fl & TCPFSM_FIN) != 0u && st->sys.drop_synfin)) {
            return 0;
        }
        if ((fl & (TCPFSM_SYN | TCPFSM_ACK)) == TCPFSM_SYN
            && tcpfsm_status(&c->conn, &info) == TCPFSM_OK && seq_gt(seg->seq, info.rcv_nxt)) {
            return 0;
        }
        reset_answer(st, seg, &c->ip, port);
        return 1;
    }
    if (c->conn.state == TCPFSM_SYN_RECEIVED && c->listener_fd >= 0) {
        if ((fl & TCPFSM_RST) != 0u) {
            return 1;
        }
        if ((fl & (TCPFSM_RST | TCPFSM_ACK | TCPFSM_SYN)) == TCPFSM_ACK) {
            reset_answer(st, seg, NULL, port);
            return 1;
        }
        return 0;
    }
    if (c->conn.state == TCPFSM_LISTEN) {
        return 0;
    }
    if ((fl & TCPFSM_RST) == 0u) {
        reset_answer(st, seg, &c->ip, port);
    }
    return 1;
}

/* A bound socket that does not listen: in_pcblookup's wildcard match
 * finds its inpcb, in CLOSED (tcp_input: "case TCPS_CLOSED: ... goto
 * dropwithreset"), so the reset goes out with its IP options. */
static int bound_fd(const pd_stack *st)
{
    int fd;
    for (fd = 0; fd < PD_MAX_FDS; fd++) {
        if (st->socks[fd].kind == PD_SOCK_NEW && st->socks[fd].bound) {
            return fd;
        }
    }
    return -1;
}

void pd_stack_inbound(pd_stack *st, const tcpfsm_wire_segment *wire, const pd_ip_in *in)
{
    tcpfsm_segment seg;
    tcpfsm_output out;
    tcpfsm_error err;
    int ci = st->under_test;
    int lfd, bfd;
    uint16_t port = 0u;
    if (tcpfsm_wire_to_segment(wire, &seg) != TCPFSM_OK) {
        snprintf(st->fault, sizeof st->fault, "tcpfsm_wire_to_segment refused the segment");
        return;
    }
    seg.ip_ecn = (uint8_t)(in->tos & 0x03u); /* the IP header's ECN field (RFC 3168 §5) */
    if (in->udp_src != 0u || in->udp_dst != 0u) {
        /* TCP in UDP: only the kernel's tunnel socket, bound to
         * udp_tunneling_port (tcp_over_udp_start), hands it to TCP; to any
         * other port udp_input finds no socket and answers with an ICMP
         * port unreachable, which packetdrill's sniffer matches to no
         * socket of the script: nothing to see */
        if (st->sys.udp_tunneling_port == 0u || in->udp_dst != st->sys.udp_tunneling_port) {
            return;
        }
        /* tcp_recv_udp_tunneled_packet: "m->m_pkthdr.tcp_tun_port = port =
         * uh->uh_sport" */
        port = in->udp_src;
    }
    /* the connection of this 4-tuple, while it exists */
    if (ci >= 0 && st->conns[ci].used && st->conns[ci].conn.state != TCPFSM_CLOSED) {
        /* the ISS matters only to a core back in LISTEN (§3.10.7.4 returns a
         * reset SYN-RECEIVED there) */
        uint32_t iss;
        tcpfsm_state before = st->conns[ci].conn.state;
        tcpfsm_output taken;
        if (other_carrier(st, ci, &seg, port)) {
            return;
        }
        iss = st->conns[ci].conn.state == TCPFSM_LISTEN ? take_iss(st) : 0u;
        err = tcpfsm_on_segment(&st->conns[ci].conn, &seg, iss, core_now(st), &out);
        if (err != TCPFSM_OK) {
            set_fault(st, "tcpfsm_on_segment", err);
            return;
        }
        taken = out; /* pd_stack_act may reuse out for more to send */
        pd_stack_act(st, ci, &out);
        /* the urgent mark, and the out-of-band byte the socket layer takes
         * out of what was just delivered */
        pd_oob_segment(st, ci, &seg, before, &taken);
        return;
    }
    /* else a listener: a copy of its core in LISTEN takes the segment, and
     * becomes a connection of its own when it is a SYN (§3.10.7.2) */
    lfd = listener_fd(st);
    if (lfd >= 0) {
        pd_socket *ls = &st->socks[lfd];
        tcpfsm_conn child = ls->listen;
        int syn = (seg.flags & (TCPFSM_SYN | TCPFSM_ACK | TCPFSM_RST)) == TCPFSM_SYN;
        if (syn && in->md5) {
            /* syncache_add (a kernel with IPSEC_SUPPORT): a SYN with a
             * TCP-MD5 signature for a listener without TCP_MD5SIG ("else
             * if (to->to_flags & TOF_SIGNATURE) goto done") is dropped */
            return;
        }
        if (syn && port != 0u) {
            /* over UDP the SYN,ACK offers less (syncache_respond: "if
             * (sc->sc_port) mssopt -= V_tcp_udp_tunneling_overhead") */
            tcpfsm_config cfg;
            uint32_t mss;
            if (conn_mss(st, port, &mss) != 0) {
                return;
            }
            make_config(st, ls, mss, &cfg);
            if (tcpfsm_init(&child, &cfg) != TCPFSM_OK || tcpfsm_open_passive(&child) != TCPFSM_OK) {
                snprintf(st->fault, sizeof st->fault,
                         "the core refused the listener's configuration over UDP");
                return;
            }
        }
        err = tcpfsm_on_segment(&child, &seg, st->next_iss, core_now(st), &out);
        if (err != TCPFSM_OK) {
            set_fault(st, "tcpfsm_on_segment (LISTEN)", err);
            return;
        }
        if (child.state == TCPFSM_SYN_RECEIVED) {
            int nc = new_conn(st);
            if (nc < 0) {
                return;
            }
            (void)take_iss(st);
            st->conns[nc].conn = child;
            st->conns[nc].listener_fd = lfd;
            st->conns[nc].rcvbuf = ls->rcvbuf;
            st->conns[nc].sndbuf = st->sys.sendspace;
            /* syncache_add: sc_ip_ttl, sc_ip_tos from the listener, and
             * sc_port, the UDP port the SYN came from */
            st->conns[nc].ip = ls->ip;
            st->conns[nc].t_port = port;
            st->under_test = nc;
            reset_mapping(st); /* packetdrill: a new child socket */
            pd_stack_act(st, nc, &out);
        } else {
            /* tcp_dropwithreset from the listening inpcb */
            act_answer(st, &out, &ls->ip, port);
        }
        return;
    }
    /* no connection: RFC 9293 §3.10.7.1 */
    bfd = bound_fd(st);
    reset_answer(st, &seg, bfd >= 0 ? &st->socks[bfd].ip : NULL, port);
}

int pd_sys_valid_fd(const pd_stack *st, int fd)
{
    return fd >= 0 && fd < PD_MAX_FDS && st->socks[fd].kind != PD_SOCK_FREE;
}

static int lowest_free_fd(const pd_stack *st)
{
    int fd;
    for (fd = 3; fd < PD_MAX_FDS; fd++) {
        if (st->socks[fd].kind == PD_SOCK_FREE) {
            return fd;
        }
    }
    return -1;
}

long pd_sys_socket(pd_stack *st, const char **err)
{
    int fd = lowest_free_fd(st);
    if (fd < 0) {
        *err = "EMFILE";
        return -1;
    }
    memset(&st->socks[fd], 0, sizeof st->socks[fd]);
    st->socks[fd].kind = PD_SOCK_NEW;
    st->socks[fd].conn = -1;
    st->socks[fd].rcvbuf = st->sys.recvspace;
    pd_ip_opts_default(&st->socks[fd].ip);
    st->socks[fd].ip.ttl = st->sys.ip_defttl; /* tcp_newtcpcb: inp_ip_ttl = V_ip_defttl */
    return fd;
}

long pd_sys_bind(pd_stack *st, int fd, const char **err)
{
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    /* the addresses are the script's: nothing to bind, but the socket is
     * now found by segments to its port (bound_fd) */
    st->socks[fd].bound = 1;
    return 0;
}

long pd_sys_listen(pd_stack *st, int fd, const char **err)
{
    pd_socket *s;
    tcpfsm_config cfg;
    uint32_t mss;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    s = &st->socks[fd];
    if (s->kind == PD_SOCK_LISTEN) {
        return 0;
    }
    if (s->kind != PD_SOCK_NEW) {
        *err = "EINVAL";
        return -1;
    }
    if (conn_mss(st, 0u, &mss) != 0) {
        *err = "EINVAL"; /* st->limit says why: the replay ends there */
        return -1;
    }
    make_config(st, s, mss, &cfg);
    if (tcpfsm_init(&s->listen, &cfg) != TCPFSM_OK || tcpfsm_open_passive(&s->listen) != TCPFSM_OK) {
        snprintf(st->fault, sizeof st->fault, "the core refused the listener's configuration");
        return -1;
    }
    s->kind = PD_SOCK_LISTEN;
    return 0;
}

long pd_sys_connect(pd_stack *st, int fd, int blocking, const char **err,
                    const char **unsupported)
{
    pd_socket *s;
    pd_conn *c;
    tcpfsm_config cfg;
    tcpfsm_output out;
    tcpfsm_error e;
    uint32_t mss;
    int ci;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    s = &st->socks[fd];
    if (s->kind == PD_SOCK_CONN) {
        *err = "EISCONN";
        return -1;
    }
    if (s->kind != PD_SOCK_NEW) {
        *err = "EINVAL";
        return -1;
    }
    if (!s->nonblock && !blocking) {
        /* packetdrill runs a call without an end time in its main thread:
         * it would wait for a handshake no injected packet can complete */
        *unsupported = "a blocking connect() without an end time (`start...end`)";
        return -1;
    }
    /* the SYN offers tcp_mssopt's MSS, less the tunnelling overhead over
     * UDP (tcp_output) */
    if (conn_mss(st, s->udp_port, &mss) != 0) {
        *err = "EINVAL"; /* st->limit says why: the replay ends there */
        return -1;
    }
    ci = new_conn(st);
    if (ci < 0) {
        *err = "ENOBUFS";
        return -1;
    }
    c = &st->conns[ci];
    make_config(st, s, mss, &cfg);
    if (tcpfsm_init(&c->conn, &cfg) != TCPFSM_OK) {
        snprintf(st->fault, sizeof st->fault, "the core refused the configuration");
        c->used = 0;
        return -1;
    }
    c->fd = fd;
    c->accepted = 1;
    c->rcvbuf = s->rcvbuf;
    c->sndbuf = st->sys.sendspace;
    c->ip = s->ip;
    c->t_port = s->udp_port; /* TCP_REMOTE_UDP_ENCAPS_PORT's tp->t_port */
    c->oob.oobinline = s->oobinline;
    s->kind = PD_SOCK_CONN;
    s->conn = ci;
    st->under_test = ci;
    reset_mapping(st);
    e = tcpfsm_open_active(&c->conn, take_iss(st), core_now(st), &out);
    if (e != TCPFSM_OK) {
        set_fault(st, "tcpfsm_open_active", e);
        return -1;
    }
    /* tcp_usr_connect arms TT_KEEP with TP_KEEPINIT */
    pd_keepinit_arm(st, ci);
    c->connecting = !s->nonblock;
    pd_stack_act(st, ci, &out);
    *err = s->nonblock ? "EINPROGRESS" : "";
    return -1;
}

long pd_sys_accept(pd_stack *st, int fd, const char **err)
{
    int ci, nfd;
    if (!pd_sys_valid_fd(st, fd) || st->socks[fd].kind != PD_SOCK_LISTEN) {
        *err = pd_sys_valid_fd(st, fd) ? "EINVAL" : "EBADF";
        return -1;
    }
    for (ci = 0; ci < PD_MAX_CONNS; ci++) {
        pd_conn *c = &st->conns[ci];
        if (c->used && c->listener_fd == fd && c->connected && !c->accepted) {
            nfd = lowest_free_fd(st);
            if (nfd < 0) {
                *err = "EMFILE";
                return -1;
            }
            memset(&st->socks[nfd], 0, sizeof st->socks[nfd]);
            st->socks[nfd].kind = PD_SOCK_CONN;
            st->socks[nfd].conn = ci;
            st->socks[nfd].nonblock = st->socks[fd].nonblock;
            st->socks[nfd].rcvbuf = c->rcvbuf;
            st->socks[nfd].ip = c->ip;
            st->socks[nfd].udp_port = c->t_port;
            st->socks[nfd].oobinline = c->oob.oobinline;
            st->socks[nfd].bound = 1;
            c->fd = nfd;
            c->accepted = 1;
            return nfd;
        }
    }
    if (st->socks[fd].nonblock) {
        *err = "EAGAIN";
        return -1;
    }
    *err = "EAGAIN"; /* a blocking accept would wait: the script is wrong for us */
    return -1;
}

static pd_conn *conn_of(pd_stack *st, int fd);

pd_conn *pd_stack_conn_of(pd_stack *st, int fd)
{
    return conn_of(st, fd);
}

static pd_conn *conn_of(pd_stack *st, int fd)
{
    if (!pd_sys_valid_fd(st, fd) || st->socks[fd].kind != PD_SOCK_CONN) {
        return NULL;
    }
    return &st->conns[st->socks[fd].conn];
}

long pd_sys_write(pd_stack *st, int fd, uint32_t len, int oob, const char **err,
                  const char **unsupported)
{
    pd_conn *c = conn_of(st, fd);
    tcpfsm_output out;
    tcpfsm_error e;
    uint32_t room, n;
    int64_t space;
    if (c == NULL) {
        *err = pd_sys_valid_fd(st, fd) ? "ENOTCONN" : "EBADF";
        return -1;
    }
    if (c->so_error != NULL) {
        *err = c->so_error;
        c->so_error = NULL;
        return -1;
    }
    if (c->shut_wr || c->conn.state == TCPFSM_CLOSED) {
        *err = "EPIPE";
        return -1;
    }
    space = (int64_t)c->sndbuf - (int64_t)c->send_buffered; /* sbspace, below 0 after MSG_OOB */
    if (oob && space < -512) {
        /* tcp_usr_send, PRUS_OOB: "if (sbspace(&so->so_snd) < -512) error
         * = ENOBUFS" */
        *err = "ENOBUFS";
        return -1;
    }
    /* sosend_generic: "if (flags & MSG_OOB) space += 1024", urgent data may
     * overfill the buffer by that much */
    space += oob ? 1024 : 0;
    room = space > 0 ? (uint32_t)space : 0u;
    n = len < room ? len : room;
    if (n == 0u) {
        if (!st->socks[fd].nonblock) {
            *unsupported = "a blocking write() on a full send buffer";
            return -1;
        }
        *err = "EAGAIN";
        return -1;
    }
    /* MSG_OOB: tcp_usr_send's "tp->snd_up = tp->snd_una + sbavail(&so->so_snd)",
     * the urgent data ending with these bytes (tcpfsm_send_urgent) */
    e = oob ? tcpfsm_send_urgent(&c->conn, n, core_now(st), &out)
            : tcpfsm_send(&c->conn, n, core_now(st), &out);
    if (e == TCPFSM_ERR_CLOSING) {
        *err = "EPIPE";
        return -1;
    }
    if (e != TCPFSM_OK) {
        *err = "ENOTCONN";
        return -1;
    }
    c->send_buffered += n;
    pd_stack_act(st, st->socks[fd].conn, &out);
    return n;
}

long pd_sys_read(pd_stack *st, int fd, uint32_t len, int peek, const char **err,
                 const char **unsupported)
{
    pd_conn *c = conn_of(st, fd);
    if (c == NULL) {
        *err = pd_sys_valid_fd(st, fd) ? "ENOTCONN" : "EBADF";
        return -1;
    }
    if (c->unread > 0u) {
        /* soreceive_generic: no further than the urgent mark */
        uint32_t n = pd_oob_read_limit(&c->oob, len < c->unread ? len : c->unread);
        pd_oob_read(&c->oob, n, peek);
        if (peek) {
            return n; /* MSG_PEEK (soreceive_generic): copied, left in the buffer */
        }
        c->unread -= n;
        if (c->conn.state != TCPFSM_CLOSED) {
            tcpfsm_output out;
            /* the application consumed n bytes: the window opens (§3.10.3) */
            tcpfsm_error e = tcpfsm_receive(&c->conn, n, core_now(st), &out);
            if (e != TCPFSM_OK) {
                set_fault(st, "tcpfsm_receive", e);
                return -1;
            }
            pd_stack_act(st, st->socks[fd].conn, &out);
        }
        return n;
    }
    if (c->so_error != NULL) {
        *err = c->so_error;
        c->so_error = NULL;
        return -1;
    }
    if (c->eof || c->conn.state == TCPFSM_CLOSED) {
        return 0;
    }
    if (!st->socks[fd].nonblock) {
        *unsupported = "a blocking read() with nothing to read";
        return -1;
    }
    *err = "EAGAIN";
    return -1;
}

long pd_sys_shutdown_wr(pd_stack *st, int fd, const char **err)
{
    pd_conn *c = conn_of(st, fd);
    tcpfsm_output out;
    tcpfsm_error e;
    if (c == NULL) {
        *err = pd_sys_valid_fd(st, fd) ? "ENOTCONN" : "EBADF";
        return -1;
    }
    if (c->shut_wr) {
        return 0;
    }
    e = tcpfsm_close(&c->conn, core_now(st), &out);
    if (e == TCPFSM_ERR_NO_CONNECTION) {
        *err = "ENOTCONN";
        return -1;
    }
    c->shut_wr = 1;
    if (e == TCPFSM_OK) {
        pd_stack_act(st, st->socks[fd].conn, &out);
    }
    return 0;
}

/* RFC 1122 §4.2.2.13: closing with unread data, or with SO_LINGER 0,
 * aborts (RST) instead of the orderly FIN. */
static void close_conn(pd_stack *st, int ci, int abort)
{
    pd_conn *c = &st->conns[ci];
    tcpfsm_output out;
    tcpfsm_error e;
    c->fd = -1;
    if (c->conn.state == TCPFSM_CLOSED) {
        free_conn_if_gone(st, ci);
        return;
    }
    if (abort) {
        e = tcpfsm_abort(&c->conn, &out);
    } else if (c->shut_wr) {
        free_conn_if_gone(st, ci);
        return; /* the FIN is already on its way */
    } else {
        e = tcpfsm_close(&c->conn, core_now(st), &out);
        c->shut_wr = 1;
    }
    if (e == TCPFSM_OK) {
        pd_stack_act(st, ci, &out);
    }
    free_conn_if_gone(st, ci);
}

long pd_sys_close(pd_stack *st, int fd, const char **err)
{
    pd_socket *s;
    int ci;
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    s = &st->socks[fd];
    if (s->kind == PD_SOCK_CONN) {
        pd_conn *c = &st->conns[s->conn];
        close_conn(st, s->conn, s->linger_zero || c->unread > 0u);
    } else if (s->kind == PD_SOCK_LISTEN) {
        /* The listen queue goes with the listener: embryonic connections
         * (FreeBSD's syncache entries) vanish silently, completed ones not
         * yet accepted are aborted (soabort). */
        for (ci = 0; ci < PD_MAX_CONNS; ci++) {
            pd_conn *c = &st->conns[ci];
            if (c->used && c->listener_fd == fd && !c->accepted) {
                if (c->connected) {
                    close_conn(st, ci, 1);
                } else {
                    c->used = 0;
                }
            }
        }
    }
    memset(s, 0, sizeof *s);
    s->kind = PD_SOCK_FREE;
    return 0;
}

long pd_sys_getfl(pd_stack *st, int fd, const char **err)
{
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    return 0x02 | (st->socks[fd].nonblock ? 0x04 : 0); /* FreeBSD O_RDWR, O_NONBLOCK */
}

long pd_sys_setfl(pd_stack *st, int fd, int nonblock, const char **err)
{
    if (!pd_sys_valid_fd(st, fd)) {
        *err = "EBADF";
        return -1;
    }
    st->socks[fd].nonblock = nonblock;
    return 0;
}

const char *pd_sys_so_error(pd_stack *st, int fd)
{
    pd_conn *c = conn_of(st, fd);
    const char *e;
    if (c == NULL || c->so_error == NULL) {
        return "0";
    }
    e = c->so_error;
    c->so_error = NULL;
    return e;
}

long pd_sys_rcvbuf(pd_stack *st, int fd)
{
    pd_conn *c = conn_of(st, fd);
    return c != NULL ? (long)c->rcvbuf : (long)st->socks[fd].rcvbuf;
}

void pd_stack_drop_time_wait(pd_stack *st)
{
    int ci;
    for (ci = 0; ci < PD_MAX_CONNS; ci++) {
        pd_conn *c = &st->conns[ci];
        if (c->used && c->conn.state == TCPFSM_TIME_WAIT) {
            tcpfsm_output out;
            if (tcpfsm_abort(&c->conn, &out) == TCPFSM_OK) {
                pd_stack_act(st, ci, &out); /* nothing is sent from TIME-WAIT (§3.10.5) */
            }
            free_conn_if_gone(st, ci);
        }
    }
}

tcpfsm_state pd_stack_fd_state(const pd_stack *st, int fd)
{
    if (!pd_sys_valid_fd(st, fd)) {
        return TCPFSM_CLOSED;
    }
    if (st->socks[fd].kind == PD_SOCK_LISTEN) {
        return TCPFSM_LISTEN;
    }
    if (st->socks[fd].kind == PD_SOCK_CONN) {
        return (tcpfsm_state)st->conns[st->socks[fd].conn].conn.state;
    }
    return TCPFSM_CLOSED;
}

uint8_t pd_stack_fd_options(const pd_stack *st, int fd)
{
    tcpfsm_info info;
    if (!pd_sys_valid_fd(st, fd) || st->socks[fd].kind != PD_SOCK_CONN) {
        return 0;
    }
    if (tcpfsm_status(&st->conns[st->socks[fd].conn].conn, &info) != TCPFSM_OK) {
        return 0;
    }
    /* RFC 3168 agreed: PD_OPT_ECN, a bit no TCPFSM_OPT_* uses */
    return (uint8_t)(info.options | (info.ecn != 0u ? PD_OPT_ECN : 0u));
}

int pd_stack_count_state(const pd_stack *st, tcpfsm_state state)
{
    int fd, n = 0;
    for (fd = 0; fd < PD_MAX_FDS; fd++) {
        if (st->socks[fd].kind != PD_SOCK_FREE && pd_stack_fd_state(st, fd) == state) {
            n++;
        }
    }
    return n;
}
