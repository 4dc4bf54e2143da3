/* SPDX-License-Identifier: BSD-2-Clause */
/* FreeBSD sysctls onto the stack's configuration (sysctl_map.h). */
#include "sysctl_map.h"

#include <string.h>

/* Settings whose value changes nothing the core could do otherwise, or
 * which act outside TCP's state machine. */
static const char *const ignored[] = {
    "net.inet.tcp.hostcache.purgenow", /* no host cache: nothing is remembered between scripts */
    "net.inet.tcp.syncookies",         /* the SYN cache never overflows in a script */
};

/* Settings that are the core's behaviour at one value and FreeBSD-only
 * behaviour at the others. */
static const struct {
    const char *name;
    long        core_value;
} conditional[] = {
    {"net.inet.tcp.blackhole", 0},           /* 0: answer closed ports with RST (§3.10.7.1) */
    {"net.inet.tcp.syncookies_only", 0},     /* 0: the SYN cache holds SYN-RECEIVED */
    {"net.inet.tcp.nolocaltimewait", 0},     /* 0: TIME-WAIT for local peers too */
};

pd_sysctl_kind pd_sysctl_classify(const char *name, long value)
{
    static const char *const mapped[] = {
        "net.inet.tcp.rfc1323", "net.inet.tcp.sack.enable", "net.inet.tcp.insecure_rst",
        "net.inet.tcp.insecure_syn", "net.inet.tcp.tolerate_missing_ts",
        "net.inet.tcp.recvspace", "net.inet.tcp.sendspace", "kern.ipc.maxsockbuf",
        "net.inet.tcp.rexmit_initial", "net.inet.tcp.rexmit_min", "net.inet.tcp.msl",
        "net.inet.tcp.delacktime", "net.inet.tcp.drop_synfin",
        "net.inet.tcp.keepinit", "net.inet.tcp.keepidle", "net.inet.tcp.keepintvl",
        "net.inet.tcp.keepcnt", "net.inet.tcp.always_keepalive", "net.inet.tcp.icmp_may_rst",
        "net.inet.tcp.rexmit_slop", "net.inet.tcp.rexmit_drop_options", "net.inet.tcp.ecn.enable", "net.inet.tcp.ecn.maxretries",
        "net.inet.tcp.udp_tunneling_port", "net.inet.tcp.udp_tunneling_overhead",
        "net.inet.ip.ttl", "net.inet6.ip6.hlim",
    };
    size_t i;
    for (i = 0; i < sizeof mapped / sizeof mapped[0]; i++) {
        if (strcmp(name, mapped[i]) == 0) {
            return PD_SYSCTL_MAPPED;
        }
    }
    for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        if (strcmp(name, ignored[i]) == 0) {
            return PD_SYSCTL_IGNORED;
        }
    }
    for (i = 0; i < sizeof conditional / sizeof conditional[0]; i++) {
        if (strcmp(name, conditional[i].name) == 0) {
            return value == conditional[i].core_value ? PD_SYSCTL_IGNORED : PD_SYSCTL_UNMAPPED;
        }
    }
    return PD_SYSCTL_UNKNOWN;
}

static uint32_t clamp_u32(long value)
{
    if (value < 0) {
        return 0u;
    }
    return (unsigned long)value > 0xffffffffUL ? 0xffffffffu : (uint32_t)value;
}

pd_sysctl_kind pd_sysctl_apply(pd_stack *st, const char *name, long value)
{
    pd_sysctl_kind kind = pd_sysctl_classify(name, value);
    pd_sysctls *s = &st->sys;
    if (kind != PD_SYSCTL_MAPPED) {
        return kind;
    }
    if (strcmp(name, "net.inet.tcp.rfc1323") == 0) {
        s->rfc1323 = value != 0;
    } else if (strcmp(name, "net.inet.tcp.sack.enable") == 0) {
        s->sack = value != 0;
    } else if (strcmp(name, "net.inet.tcp.insecure_rst") == 0) {
        s->insecure_rst = value != 0;
    } else if (strcmp(name, "net.inet.tcp.insecure_syn") == 0) {
        s->insecure_syn = value != 0;
    } else if (strcmp(name, "net.inet.tcp.tolerate_missing_ts") == 0) {
        s->tolerate_missing_ts = value != 0;
    } else if (strcmp(name, "net.inet.tcp.recvspace") == 0) {
        s->recvspace = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.sendspace") == 0) {
        s->sendspace = clamp_u32(value);
    } else if (strcmp(name, "kern.ipc.maxsockbuf") == 0) {
        s->maxsockbuf = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.ecn.enable") == 0) {
        /* 0 never, 1 ask on our SYNs too, 2 only when the peer's SYN asks
         * (tcp_output, tcp_input, syncache_add) */
        s->ecn = value == 1 ? TCPFSM_ECN_REQUEST : value == 2 ? TCPFSM_ECN_ACCEPT : TCPFSM_ECN_OFF;
    } else if (strcmp(name, "net.inet.tcp.ecn.maxretries") == 0) {
        /* tcp_output: SYN retransmissions that still ask for ECN */
        s->ecn_maxretries = clamp_u32(value) > 255u ? 255u : clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.rexmit_slop") == 0) {
        s->rexmit_slop_ms = clamp_u32(value) > 0xffffu ? 0xffffu : clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.rexmit_drop_options") == 0) {
        /* tcp_timer_rexmt: at t_rxtshift 3 a SYN-SENT connection clears
         * TF_REQ_SCALE, TF_REQ_TSTMP and TF_SACK_PERMIT */
        s->syn_drop_options_at = value != 0 ? 3u : 0u;
    } else if (strcmp(name, "net.inet.tcp.icmp_may_rst") == 0) {
        s->icmp_may_rst = value != 0;
    } else if (strcmp(name, "net.inet.tcp.rexmit_initial") == 0) {
        s->rexmit_initial_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.rexmit_min") == 0) {
        s->rexmit_min_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.msl") == 0) {
        s->msl_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.delacktime") == 0) {
        s->delacktime_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.drop_synfin") == 0) {
        s->drop_synfin = value != 0;
    } else if (strcmp(name, "net.inet.tcp.keepinit") == 0) {
        s->keepinit_ms = clamp_u32(value);  /* ms (sysctl_msec_to_ticks) */
    } else if (strcmp(name, "net.inet.tcp.keepidle") == 0) {
        s->keepidle_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.keepintvl") == 0) {
        s->keepintvl_ms = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.keepcnt") == 0) {
        s->keepcnt = clamp_u32(value);
    } else if (strcmp(name, "net.inet.tcp.always_keepalive") == 0) {
        s->always_keepalive = value != 0;
    } else if (strcmp(name, "net.inet.tcp.udp_tunneling_port") == 0) {
        /* sysctl_net_inet_tcp_udp_tunneling_port_check: TCP_TUNNELING_PORT_MIN
         * .. _MAX, else EINVAL; a new port (re)binds the tunnel socket */
        if (value < 0 || value > 65535) {
            return PD_SYSCTL_REFUSED;
        }
        s->udp_tunneling_port = (uint32_t)value;
    } else if (strcmp(name, "net.inet.tcp.udp_tunneling_overhead") == 0) {
        /* sysctl_net_inet_tcp_udp_tunneling_overhead_check:
         * TCP_TUNNELING_OVERHEAD_MIN (sizeof(struct udphdr)) .. _MAX (1024) */
        if (value < 8 || value > 1024) {
            return PD_SYSCTL_REFUSED;
        }
        s->udp_tunneling_overhead = (uint32_t)value;
    } else if (strcmp(name, "net.inet.ip.ttl") == 0) {
        /* V_ip_defttl, an int the IP header takes as a byte */
        s->ip_defttl = (uint8_t)value;
    } else if (strcmp(name, "net.inet6.ip6.hlim") == 0) {
        s->ip6_defhlim = (uint8_t)value; /* V_ip6_defhlim */
    }
    return kind;
}
