/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stack under test: tcpfsm connection cores behind a socket layer that
 * behaves as FreeBSD's does for the calls the suite makes.
 *
 * The core keeps no bytes and knows no descriptors; this model keeps what a
 * kernel keeps around it: descriptors, the listener and its accept queue,
 * send and receive buffer counts (byte counts only: payloads are zeros),
 * the pending socket error, and the segments the cores emitted, stamped
 * with the virtual time they left.  Time is virtual: `now_us` moves only
 * when the replayer moves it, firing the cores' deadlines on the way.
 */
#ifndef PD_STACK_H
#define PD_STACK_H

#include <stdint.h>
#include "tcpfsm/tcpfsm.h"
#include "tcpfsm/wire.h"

#define PD_MAX_FDS      16
#define PD_MAX_CONNS    8
#define PD_MAX_EMITTED  256
#define PD_MAX_TS_MAP   64

/* The FreeBSD sysctls that map onto the core's configuration
 * (tests/conformance/README.md lists each choice). */
typedef struct {
    int      rfc1323;             /* net.inet.tcp.rfc1323: WSCALE | TIMESTAMPS */
    int      sack;                /* net.inet.tcp.sack.enable: SACK */
    int      insecure_rst;        /* net.inet.tcp.insecure_rst: RFC 5961 §3 off */
    int      insecure_syn;        /* net.inet.tcp.insecure_syn: RFC 5961 §4 off */
    int      tolerate_missing_ts; /* net.inet.tcp.tolerate_missing_ts: TS_OPTIONAL */
    int      drop_synfin;         /* net.inet.tcp.drop_synfin: TCPFSM_COMPAT_DROP_SYNFIN */
    uint32_t recvspace;           /* net.inet.tcp.recvspace: SO_RCVBUF */
    uint32_t sendspace;           /* net.inet.tcp.sendspace: SO_SNDBUF */
    uint32_t maxsockbuf;          /* kern.ipc.maxsockbuf: the window shift */
    uint32_t rexmit_initial_ms;   /* net.inet.tcp.rexmit_initial: rto_initial_ms */
    uint32_t rexmit_min_ms;       /* net.inet.tcp.rexmit_min: rto_min_ms */
    uint32_t rexmit_slop_ms;      /* net.inet.tcp.rexmit_slop: rto_slop_ms */
    uint8_t  ecn;                 /* net.inet.tcp.ecn.enable: tcpfsm_config.ecn */
    uint32_t ecn_maxretries;      /* net.inet.tcp.ecn.maxretries: ecn_syn_retries */
    uint8_t  syn_drop_options_at; /* net.inet.tcp.rexmit_drop_options: 3 when on */
    uint32_t msl_ms;              /* net.inet.tcp.msl: msl2_ms / 2 */
    uint32_t delacktime_ms;       /* net.inet.tcp.delacktime: delack_ms */
    /* the keepalive timer's settings (tcp_timer.c); FreeBSD's units */
    uint32_t keepinit_ms;         /* net.inet.tcp.keepinit: connection-establishment
                                     timer (keepinit.c) */
    uint32_t keepidle_ms;         /* net.inet.tcp.keepidle: keepalive_idle_s */
    uint32_t keepintvl_ms;        /* net.inet.tcp.keepintvl: keepalive_interval_s */
    uint32_t keepcnt;             /* net.inet.tcp.keepcnt: keepalive_count */
    int      always_keepalive;    /* net.inet.tcp.always_keepalive: keepalive on */
    int      icmp_may_rst;        /* net.inet.tcp.icmp_may_rst: icmp_abort BSD, else
                                     NONE (read when a connection is made) */
    /* TCP over UDP (tcp_subr.c, tcp_over_udp_start): the UDP port the
     * kernel's tunnel socket is bound to (0: none), and how much less the
     * MSS offered on a tunnelled connection is (tcp_mssopt's callers) */
    uint32_t udp_tunneling_port;     /* net.inet.tcp.udp_tunneling_port */
    uint32_t udp_tunneling_overhead; /* net.inet.tcp.udp_tunneling_overhead */
    uint8_t  ip_defttl;           /* net.inet.ip.ttl: a new socket's IP_TTL, and the
                                     TTL of answers on no socket's behalf */
    uint8_t  ip6_defhlim;         /* net.inet6.ip6.hlim: the hop limit of sockets
                                     without IPV6_UNICAST_HOPS (in6_selecthlim) */
} pd_sysctls;

/* A socket's IP-level options, FreeBSD's inpcb fields: IPv4's inp_ip_ttl
 * (IP_TTL, V_ip_defttl 64 when tcp_newtcpcb makes the socket) and
 * inp_ip_tos (IP_TOS, 0); IPv6's in6p_hops (IPV6_UNICAST_HOPS, -1: the
 * kernel's, V_ip6_defhlim 64, in6_selecthlim) and in6p_outputopts'
 * ip6po_tclass (IPV6_TCLASS, -1: none). */
typedef struct {
    uint8_t ttl;
    uint8_t tos;
    int16_t hops;
    int16_t tclass;
} pd_ip_opts;

/* What carried a segment the peer sends (the IP header and, for TCP over
 * UDP, the UDP header), as a packet line gives it. */
typedef struct {
    uint16_t udp_src, udp_dst; /* both 0: plain TCP */
    uint8_t  tos;              /* IPv4 TOS, IPv6 traffic class (ECN field in
                                  its low two bits) */
    uint8_t  ttl;              /* TTL, hop limit */
    int      md5;              /* a TCP-MD5 signature option (RFC 2385) */
} pd_ip_in;

/* FreeBSD's out-of-band byte around a connection's core (oob.c): tcpfsm
 * keeps urgent data inline (RFC 6093) and says where it ends
 * (TCPFSM_NOTE_URGENT, tcpfsm_info.urgent); FreeBSD's socket layer marks
 * the stream there and, without SO_OOBINLINE, takes the last urgent byte
 * out of it for recv(MSG_OOB). */
typedef struct {
    int      oobinline; /* SO_OOBINLINE: the urgent byte stays in the stream */
    uint32_t mark;      /* so_oobmark: inline bytes before the mark; 0: none */
    int      at_mark;   /* SBS_RCVATMARK: the next byte read is the mark's */
    int      have;      /* TCPOOB_HAVEDATA: an urgent byte waits (t_iobc) */
    int      had;       /* TCPOOB_HADDATA: it was taken by recv(MSG_OOB) */
} pd_oob;

typedef enum { PD_SOCK_FREE = 0, PD_SOCK_NEW, PD_SOCK_LISTEN, PD_SOCK_CONN } pd_sock_kind;

typedef struct {
    pd_sock_kind  kind;
    int           conn;        /* PD_SOCK_CONN: index in conns[] */
    int           nonblock;    /* O_NONBLOCK */
    int           noopt;       /* TCP_NOOPT: no SYN options */
    int           nodelay;     /* TCP_NODELAY */
    int           linger_zero; /* SO_LINGER {1, 0}: close aborts */
    int           keepalive;   /* SO_KEEPALIVE */
    int           oobinline;   /* SO_OOBINLINE (a connection's is in its pd_oob) */
    /* TCP_KEEPINIT, TCP_KEEPIDLE, TCP_KEEPINTVL (ms), TCP_KEEPCNT; 0: the
     * sysctl's, as FreeBSD's TP_KEEPINIT(tp) and the like read it */
    uint32_t      keepinit_ms, keepidle_ms, keepintvl_ms, keepcnt;
    uint32_t      rcvbuf;      /* SO_RCVBUF */
    int           bound;       /* bind() was called */
    pd_ip_opts    ip;          /* IP_TTL, IP_TOS, IPV6_UNICAST_HOPS, IPV6_TCLASS */
    uint16_t      udp_port;    /* TCP_REMOTE_UDP_ENCAPS_PORT: t_port before connect */
    tcpfsm_conn   listen;      /* PD_SOCK_LISTEN: a core in LISTEN, copied per SYN */
} pd_socket;

typedef struct {
    int          used;
    tcpfsm_conn  conn;
    int          fd;          /* its descriptor; -1 before accept or after close */
    int          listener_fd; /* passive: the listener it came from; -1 active */
    int          connected;   /* reached ESTABLISHED (then in the accept queue) */
    int          accepted;
    uint32_t     rcvbuf;      /* SO_RCVBUF */
    uint32_t     sndbuf;      /* SO_SNDBUF */
    uint32_t     unread;      /* delivered in order, not read yet */
    uint32_t     send_buffered; /* written, not yet acknowledged */
    int          eof;         /* the peer's FIN arrived */
    const char  *so_error;    /* pending error (SO_ERROR), NULL: none */
    int          shut_wr;     /* shutdown(SHUT_WR) or close */
    /* FreeBSD's connection-establishment timer (TT_KEEP armed with
     * TP_KEEPINIT by tcp_usr_connect): when it passes before ESTABLISHED,
     * tcp_timer_keep drops the connection (keepinit.c); -1: not armed */
    int64_t      keepinit_at_us;
    /* a blocking connect() under way (replay.c): it returns when the
     * connection is established or has failed */
    int          connecting;
    int          connect_done;
    int64_t      connect_done_us;
    const char  *connect_err;  /* NULL: it returned 0 */
    /* the inpcb's IP options the connection's segments go out with: the
     * socket's, or for a passive one its listener's when the SYN came
     * (syncache_add's sc_ip_ttl, sc_ip_tos), IPv6's taken again from the
     * listener when the connection is made (syncache_socket) */
    pd_ip_opts   ip;
    /* tp->t_port: the peer's UDP port when the connection runs over UDP
     * (TCP_REMOTE_UDP_ENCAPS_PORT, or the port a tunnelled SYN came from,
     * syncache_add's sc_port); 0: plain TCP */
    uint16_t     t_port;
    pd_oob       oob;         /* the urgent mark and the out-of-band byte */
} pd_conn;

/* A segment a core emitted, as it goes on the wire. */
typedef struct {
    int64_t              time_us;
    tcpfsm_wire_segment  seg;
    int                  ect;  /* the core asked for ECT(0) (TCPFSM_TX_ECT) */
    uint8_t              tos;  /* IPv4 TOS / IPv6 traffic class, ECN field included */
    uint8_t              ttl;  /* TTL / hop limit */
    uint16_t             udp_src, udp_dst; /* TCP over UDP; both 0: plain TCP */
} pd_emitted;

typedef struct {
    pd_sysctls  sys;
    int         ipv6;
    int         mtu;         /* the interface's MTU (--mtu): our MSS */
    int64_t     now_us;      /* virtual time since the script's start */
    pd_socket   socks[PD_MAX_FDS];
    pd_conn     conns[PD_MAX_CONNS];
    int         under_test;  /* packetdrill's "socket under test": a conns[] index, -1 */
    pd_emitted  q[PD_MAX_EMITTED];
    int         q_head, q_count;
    uint32_t    next_iss;
    /* packetdrill's script-to-live sequence mapping of the socket under
     * test (run_packet.c): remote numbers are the script's own; ours are
     * offset by live ISN - script ISN once our SYN or SYN,ACK is seen */
    int         local_isn_known;
    uint32_t    script_local_isn, live_local_isn;
    /* outbound TS val script -> live, for the TS ecr of inbound packets */
    int         ts_map_count;
    uint32_t    ts_script[PD_MAX_TS_MAP], ts_live[PD_MAX_TS_MAP];
    char        fault[256];  /* the core refused a call it should take */
    char        limit[256];  /* the core cannot do what the script needs (an MSS
                                below the least tcpfsm_init accepts) */
    int         udp_encaps;  /* --udp_encapsulation=tcp: packetdrill sees what
                                goes out in UDP (else its sniffer ignores it) */
    char        skip[160];   /* what happened that the replayer does not model:
                                the replay ends there with a SKIP */
} pd_stack;

/* A fresh stack with FreeBSD's default sysctls; mtu 0: 1500. */
void pd_stack_init(pd_stack *st, int ipv6, int mtu);

/* Fire every core deadline up to `until_us`, in order; with stop_on_emit,
 * stop at the first deadline that emits a segment.  The clock ends at
 * until_us (or at that deadline). */
void pd_stack_advance(pd_stack *st, int64_t until_us, int stop_on_emit);

/* A segment from the peer arrives now (already in live numbers), carried
 * as `in` says: its ECN field goes to the core (RFC 3168 §5), a UDP
 * header makes it TCP over UDP (tcp_recv_udp_tunneled_packet). */
void pd_stack_inbound(pd_stack *st, const tcpfsm_wire_segment *seg, const pd_ip_in *in);

/* An ICMP error of len bytes arrives (ICMPv6 when the script is IPv6):
 * FreeBSD's tcp_ctlinput finds the connection by the quoted ports and
 * hands the message to its core; a hard error's errno is
 * inetctlerrmap's. */
void pd_stack_icmp(pd_stack *st, const uint8_t *bytes, uint32_t len);

/* Do what one output of connection ci's core says (ci < 0: an answer on
 * no connection's behalf): queue its segments, count its bytes, take its
 * notes. */
void pd_stack_act(pd_stack *st, int ci, tcpfsm_output *out);

/* Take the oldest emitted segment; 0 when none. */
int pd_stack_pop(pd_stack *st, pd_emitted *e);

/* The socket calls.  Each returns the call's result and sets *err to the
 * errno name when it is -1.  A call the model cannot represent sets
 * *unsupported with the reason. */
long pd_sys_socket(pd_stack *st, const char **err);
long pd_sys_bind(pd_stack *st, int fd, const char **err);
long pd_sys_listen(pd_stack *st, int fd, const char **err);
/* blocking: the script gave the call an end time (`...`), so a socket
 * without O_NONBLOCK may wait for the handshake; it returns -1 with *err
 * "" while it waits, and the connection's connect_done says when it ended */
long pd_sys_connect(pd_stack *st, int fd, int blocking, const char **err,
                    const char **unsupported);
long pd_sys_accept(pd_stack *st, int fd, const char **err);
/* write, send: oob for send(..., MSG_OOB), the data urgent (tcp_usr_send
 * with PRUS_OOB) */
long pd_sys_write(pd_stack *st, int fd, uint32_t len, int oob, const char **err,
                  const char **unsupported);
/* read, recv: peek for MSG_PEEK; a read stops at the urgent mark */
long pd_sys_read(pd_stack *st, int fd, uint32_t len, int peek, const char **err,
                 const char **unsupported);
long pd_sys_shutdown_wr(pd_stack *st, int fd, const char **err);
long pd_sys_close(pd_stack *st, int fd, const char **err);
/* fcntl F_GETFL / F_SETFL */
long pd_sys_getfl(pd_stack *st, int fd, const char **err);
long pd_sys_setfl(pd_stack *st, int fd, int nonblock, const char **err);
/* SO_ERROR: the pending error, cleared ("0" when none) */
const char *pd_sys_so_error(pd_stack *st, int fd);
/* SO_RCVBUF */
long pd_sys_rcvbuf(pd_stack *st, int fd);
/* The core's clock now (ms). */
uint64_t pd_stack_core_now(const pd_stack *st);
/* The connection behind fd, NULL when it has none. */
pd_conn *pd_stack_conn_of(pd_stack *st, int fd);
/* The smallest MSS tcpfsm_init accepts (config.c: mss >= 64). */
#define PD_CORE_MIN_MSS TCPFSM_MIN_MSS
#define PD_TCP_MSSDFLT 536u /* net.inet.tcp.mssdflt: t_maxseg before the handshake */
/* Our MSS: the interface MTU less the IP and TCP headers. */
uint32_t pd_stack_mss(const pd_stack *st);
/* FreeBSD's defaults for a new socket's IP options (pd_ip_opts). */
void pd_ip_opts_default(pd_ip_opts *ip);
int  pd_sys_valid_fd(const pd_stack *st, int fd);

/* `tcpdrop -s TIME_WAIT`: drop every connection in TIME-WAIT. */
void pd_stack_drop_time_wait(pd_stack *st);

/* The TCP state behind descriptor fd (TCPFSM_CLOSED for a fresh socket). */
tcpfsm_state pd_stack_fd_state(const pd_stack *st, int fd);
/* Negotiated options of fd's connection, as tcpfsm_info.options. */
uint8_t pd_stack_fd_options(const pd_stack *st, int fd);
/* How many descriptors have a TCP state of `state` (sockstat). */
int pd_stack_count_state(const pd_stack *st, tcpfsm_state state);

/* The wire addresses (checksums): ours and the peer's. */
void pd_stack_addrs(const pd_stack *st, int outbound, tcpfsm_wire_addrs *addrs);

#define PD_OPT_ECN 0x80u /* pd_stack_fd_options: ECN in use */
#define PD_LOCAL_PORT  8080u
#define PD_REMOTE_PORT 54321u

#endif
