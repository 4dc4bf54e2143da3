/* SPDX-License-Identifier: BSD-2-Clause */
/* Configuration, initialisation and the read-only queries. */
#include "internal.h"

void tcpfsm_config_default(tcpfsm_config *cfg)
{
    /* built whole, then stored once: the provers check the defaults on
     * one value, not through forty stores into the caller's block */
    tcpfsm_config d = {0};
    if (cfg == 0) {
        return;
    }
    d.syn_drop_options_at = 0u;  /* every SYN offers the same options */
    d.syn_cache = 0u;            /* SYN-RECEIVED as RFC 9293 §3.10.7.4 */
    d.rcv_buf = 65535u;          /* largest unscaled window, RFC 9293 §3.1 */
    d.rto_initial_ms = 1000u;    /* RFC 6298 §2.1 */
    d.rto_min_ms = 1000u;        /* RFC 6298 §2.4 (Linux: 200) */
    d.rto_max_ms = 60000u;       /* RFC 6298 §2.5 */
    d.msl2_ms = 240000u;         /* 2 * MSL, MSL = 2 min, RFC 9293 §3.4.2 */
    d.user_timeout_ms = 300000u; /* 5 min, RFC 9293 §3.8.3 (R2) */
    d.mss = 1460u;               /* Ethernet MTU less 40 bytes of headers */
    d.max_retries = 12u;
    d.flags = TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337 | TCPFSM_CFG_WSCALE
            | TCPFSM_CFG_TIMESTAMPS | TCPFSM_CFG_SACK;
    d.challenge_window_ms = 1000u; /* RFC 5961 §7; FreeBSD's defaults */
    d.challenge_limit = 5u;
    d.ts_tick_ms = 1u;             /* RFC 7323 §5.4: 1 ms .. 1 s per tick */
    d.ts_offset = 0u;              /* set it per connection (§7.1) */
    d.init_window = TCPFSM_MAX_INIT_WINDOW; /* RFC 6928: 10 segments */
    d.delack_ms = 100u;            /* RFC 9293 §3.8.6.3; FreeBSD's delacktime */
    /* RFC 1122 §4.2.3.6: off (no TCPFSM_CFG_KEEPALIVE); when on, idle at
     * least two hours by default; Linux's interval and count */
    d.keepalive_idle_s = 7200u;
    d.keepalive_interval_s = 75u;
    d.keepalive_count = 9u;
    d.compat = 0u; /* RFC 9293 throughout */
    d.wscale = (uint8_t)TCPFSM_WSCALE_AUTO; /* sized from rcv_buf */
    d.icmp_abort = TCPFSM_ICMP_ABORT_RFC;   /* RFC 9293 §3.9.2.2 SHLD-26 */
    d.rto_slop_ms = 0u;                     /* RFC 6298: the RTO as computed */
    d.ecn = TCPFSM_ECN_OFF;                 /* RFC 3168: on request */
    d.ecn_syn_retries = 1u;                 /* FreeBSD's ecn.maxretries */
    d.time_wait_reopen = 1u;                /* RFC 9293 §3.6.1 MAY-2, RFC 6191 */
    d.fin_wait_2_timeout_ms = 60000u;       /* FreeBSD's and Linux's */
    d.ss_ack_limit = 8u;                    /* RFC 9406 §4.3, not paced */
    d.rack_tlp = 1u;                        /* RFC 8985, as Linux */
    //@ assert config_ok(d);
    //@ assert config_accepted(d);
    *cfg = d;
}

/*@ requires \valid_read(cfg);
    terminates \true;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> config_accepted(*cfg);
*/
static int config_valid(const tcpfsm_config *cfg)
{
    return cfg->rcv_buf >= 1u && cfg->rcv_buf <= TCPFSM_MAX_RCV_BUF
        && cfg->mss >= TCPFSM_MIN_MSS
        && cfg->rto_min_ms >= 1u
        && cfg->rto_min_ms <= cfg->rto_initial_ms
        && cfg->rto_initial_ms <= cfg->rto_max_ms
        /* RFC 6298 §2.5: a maximum may be placed, provided it is at least 60 s */
        && cfg->rto_max_ms >= 60000u && cfg->rto_max_ms <= 3600000u
        && cfg->msl2_ms >= 1u
        && cfg->max_retries >= 1u
        && cfg->challenge_window_ms >= 1u
        && cfg->ts_tick_ms >= 1u && cfg->ts_tick_ms <= 1000u
        && cfg->init_window >= 1u && cfg->init_window <= TCPFSM_MAX_INIT_WINDOW
        && cfg->delack_ms <= TCPFSM_MAX_DELACK_MS
        && cfg->keepalive_count >= 1u && cfg->keepalive_idle_s >= 1u
        && cfg->keepalive_interval_s >= 1u
        /* compat: every bit of the uint8_t has a meaning (TCPFSM_COMPAT_ALL
         * is 0xFF); a wider field would check cfg->compat <= _ALL here */
        && cfg->icmp_abort <= TCPFSM_ICMP_ABORT_BSD
        && cfg->ecn <= TCPFSM_ECN_REQUEST
        && cfg->time_wait_reopen <= 1u
        && cfg->syn_cache <= 1u && cfg->rack_tlp <= 1u
        && (cfg->wscale <= TCPFSM_MAX_WSCALE || cfg->wscale == TCPFSM_WSCALE_AUTO);
}

/* The core's clock starts with the block (tcpfsm_clock); a connection's
 * reset keeps it. */
/*@ requires \valid(conn) && conn_ok(*conn) && rtx_timer_runs(*conn);
    terminates \true;
    assigns conn->latest_now, conn->clock_skew;
    ensures conn_ok(*conn) && rtx_timer_runs(*conn) && conn->state == \old(conn->state);
    ensures conn->cfg == \old(conn->cfg);
    ensures conn->latest_now == 0 && conn->clock_skew == 0;
*/
static void start_clock(tcpfsm_conn *conn)
{
    conn->latest_now = 0u;
    conn->clock_skew = 0u;
}

tcpfsm_error tcpfsm_init_layout(tcpfsm_conn *conn, const tcpfsm_config *cfg,
                                uint32_t conn_size, uint32_t ooo_ranges)
{
    tcpfsm_config given;
    if (conn == 0 || cfg == 0) {
        return TCPFSM_ERR_NULL;
    }
    /* before anything is read or written through conn: the caller's block
     * may be smaller than ours */
    if (conn_size != (uint32_t)sizeof(tcpfsm_conn) || ooo_ranges != TCPFSM_OOO_RANGES) {
        return TCPFSM_ERR_LAYOUT;
    }
    given = *cfg; /* the core works on its own copies of what it only reads */
    if (!config_valid(&given)) {
        return TCPFSM_ERR_BAD_CONFIG;
    }
    conn->cfg = given;
    tcpfsm_reset_tcb(conn);
    //@ assert conn->cfg == *cfg;
    start_clock(conn);
    return TCPFSM_OK;
}

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->nodelay;
    ensures conn_ok(*conn) && conn->nodelay == (nodelay != 0 ? 1 : 0);
*/
static void set_nodelay(tcpfsm_conn *conn, int nodelay)
{
    conn->nodelay = nodelay != 0 ? 1u : 0u;
}

tcpfsm_error tcpfsm_set_nodelay(tcpfsm_conn *conn, int nodelay)
{
    if (conn == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (!tcpfsm_valid_state(conn->state)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    set_nodelay(conn, nodelay);
    return TCPFSM_OK;
}

/*@ requires \valid(conn) && conn_ok(*conn);
    terminates \true;
    assigns conn->keepalive, conn->keepalive_probes, conn->keepalive_armed,
            conn->rtx_deadline, conn->user_deadline, conn->latest_now, conn->clock_skew;
    ensures conn_ok(*conn) && conn->state == \old(conn->state);
    ensures conn->keepalive == (on != 0 ? 1 : 0);
    ensures rtx_timer_runs(*conn);
*/
static void set_keepalive(tcpfsm_conn *conn, int on, uint64_t now)
{
    uint8_t want = on != 0 ? 1u : 0u;
    uint64_t clock = tcpfsm_clock(conn, now);
    if (conn->keepalive != want) {
        conn->keepalive = want;
        conn->keepalive_probes = 0u; /* a fresh start */
    }
    tcpfsm_rearm(conn, clock); /* arms or stops the timer */
}

tcpfsm_error tcpfsm_set_keepalive(tcpfsm_conn *conn, int on, uint64_t now)
{
    if (conn == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (!tcpfsm_valid_state(conn->state)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    set_keepalive(conn, on, now);
    return TCPFSM_OK;
}

/*@ requires \valid(conn) && conn_ok(*conn) && conn->state != TCPFSM_CLOSED;
    terminates \true;
    assigns conn->rcv_shut, conn->keepalive_armed, conn->rtx_deadline, conn->user_deadline,
            conn->latest_now, conn->clock_skew;
    ensures conn_ok(*conn) && conn->state == \old(conn->state) && conn->rcv_shut == 1;
    ensures rtx_timer_runs(*conn);
*/
static void shutdown_receive(tcpfsm_conn *conn, uint64_t now)
{
    uint64_t clock = tcpfsm_clock(conn, now);
    conn->rcv_shut = 1u;
    tcpfsm_rearm(conn, clock); /* the FIN-WAIT-2 timer may take keepalive's place */
}

tcpfsm_error tcpfsm_shutdown_receive(tcpfsm_conn *conn, uint64_t now)
{
    if (conn == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (!tcpfsm_valid_state(conn->state)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    if (conn->state == (uint8_t)TCPFSM_CLOSED) {
        return TCPFSM_ERR_NO_CONNECTION;
    }
    shutdown_receive(conn, now);
    return TCPFSM_OK;
}

/* RFC 9293 §3.10.6 STATUS. */
tcpfsm_error tcpfsm_status(const tcpfsm_conn *conn, tcpfsm_info *info)
{
    if (conn == 0 || info == 0) {
        return TCPFSM_ERR_NULL;
    }
    if (!tcpfsm_valid_state(conn->state)) {
        return TCPFSM_ERR_INVALID_ARG;
    }
    info->state = (tcpfsm_state)conn->state;
    info->snd_una = conn->snd_una;
    info->snd_nxt = conn->snd_nxt;
    info->snd_wnd = conn->snd_wnd;
    info->iss = conn->iss;
    info->rcv_nxt = conn->rcv_nxt;
    info->rcv_wnd = tcpfsm_seq_dist(conn->rcv_adv, conn->rcv_nxt);
    info->irs = conn->irs;
    info->unacked = conn->snd_queued;
    info->unread = conn->rcv_unread;
    info->srtt_ms = conn->srtt8 / 8u;
    info->rto_ms = conn->rto;
    info->snd_mss = conn->snd_mss;
    info->options = (uint8_t)((conn->wscale_on != 0u ? TCPFSM_OPT_WSCALE : 0u)
                              + (conn->ts_on != 0u ? TCPFSM_OPT_TIMESTAMP : 0u)
                              + (conn->sack_on != 0u ? TCPFSM_OPT_SACK_PERM : 0u));
    info->snd_wscale = conn->snd_wscale;
    info->rcv_wscale = conn->rcv_wscale;
    info->recovery = conn->recovery;
    info->cwnd = conn->cwnd;
    info->ssthresh = conn->ssthresh;
    info->soft_error = conn->soft_error;
    info->ecn = conn->ecn_on;
    info->urgent = conn->rcv_urgent; /* RFC 9293 §3.8.5 MUST-33 */
    /* §3.10.6: in CLOSED the TCB does not exist */
    return conn->state == TCPFSM_CLOSED ? TCPFSM_ERR_NO_CONNECTION : TCPFSM_OK;
}

const char *tcpfsm_state_name(tcpfsm_state state)
{
    static const char *const names[TCPFSM_STATE_COUNT] = {
        "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
        "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",
        "TIME-WAIT"
    };
    unsigned index = (unsigned)state;
    return index < TCPFSM_STATE_COUNT ? names[index] : "INVALID";
}
