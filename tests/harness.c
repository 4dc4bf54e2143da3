/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "oracle.h"
#include "records.h"

/* With TCPFSM_SEED_DIR set, every connection the suites drive through the
 * harness is written there as a fuzz input (fuzz/records.h): the seeds of
 * the one-endpoint harness (`make fuzz-seeds`). */
static void seed_open(h_t *t, const tcpfsm_config *cfg)
{
    static unsigned serial;
    const char *dir = getenv("TCPFSM_SEED_DIR");
    char path[4096];
    FILE *f;
    uint8_t config = (uint8_t)(cfg->flags & (TCPFSM_CFG_RFC5961 | TCPFSM_CFG_RFC1337));
    if (dir == NULL) {
        return;
    }
    snprintf(path, sizeof path, "%s/check-%05u", dir, serial++);
    f = fopen(path, "wb");
    if (f == NULL) {
        return;
    }
    config = (uint8_t)(config | (cfg->rcv_buf == 1000u ? 0x04u : 0u)
                       | (cfg->mss == 100u ? 0x08u : 0u)
                       | (cfg->user_timeout_ms == 0u ? 0x10u : 0u)
                       | (cfg->max_retries == 3u ? 0x20u : 0u)
                       | (cfg->challenge_limit == 0u ? 0x40u : 0u)
                       | (cfg->challenge_limit == 1u && cfg->challenge_window_ms == 10u ? 0x80u
                                                                                     : 0u)
                       /* the FreeBSD profile, with bit 7's challenge limit:
                        * the seed starts the fuzzer there, not a replay */
                       | (cfg->compat != 0u ? 0xC0u : 0u));
    fputc(config, f);
    t->seed = f;
}

static void seed_write(const h_t *t, const record *r)
{
    uint8_t buf[REC_MAX_BYTES];
    if (t->seed != NULL) {
        fwrite(buf, 1, records_encode(r, buf), (FILE *)t->seed);
        fflush((FILE *)t->seed);
    }
}

static void seed_call_how(const h_t *t, record_op op, uint8_t how, uint32_t value)
{
    record r;
    memset(&r, 0, sizeof r);
    r.op = op;
    r.how = how;
    r.value = value;
    seed_write(t, &r);
}

static void seed_call(const h_t *t, record_op op, uint32_t value)
{
    seed_call_how(t, op, 0u, value);
}

void h_init_cfg(h_t *t, const tcpfsm_config *cfg, uint32_t iss, uint32_t peer_iss)
{
    memset(t, 0, sizeof *t);
    seed_open(t, cfg);
    t->cfg = *cfg;
    ck_assert_int_eq(tcpfsm_init(&t->conn, cfg), TCPFSM_OK);
    t->now = 1000u;
    t->iss = iss;
    t->peer_iss = peer_iss;
}

void h_config(tcpfsm_config *cfg)
{
    tcpfsm_config_default(cfg);
    cfg->delack_ms = 0u;
}

void h_init(h_t *t, uint32_t iss, uint32_t peer_iss)
{
    tcpfsm_config cfg;
    h_config(&cfg);
    /* few enough retries that the retry limit ends a connection before the
     * default user timeout does (1+2+4+8+16+32 s < 300 s) */
    cfg.max_retries = H_MAX_RETRIES;
    h_init_cfg(t, &cfg, iss, peer_iss);
}

tcpfsm_segment h_seg(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    tcpfsm_segment seg = {0}; /* no SACK blocks, nothing undefined */
    seg.seq = seq;
    seg.ack = ack;
    seg.len = len;
    seg.window = (uint16_t)H_WINDOW;
    seg.mss = 0;
    seg.flags = flags;
    seg.options = 0;
    seg.wscale = 0;
    if (flags & TCPFSM_SYN) {
        seg.options = TCPFSM_OPT_MSS;
        seg.mss = 1460;
    }
    return seg;
}

/* Every call the harness makes is checked by the executable oracles of
 * fuzz/oracle.c: the invariant, the output and the transition relation the
 * proofs state, and "an error changes nothing". */
typedef struct {
    tcpfsm_conn   conn;
    tcpfsm_output out;
} h_snapshot;

static h_snapshot snapshot(const h_t *t)
{
    h_snapshot s;
    s.conn = t->conn;
    s.out = t->out;
    return s;
}

static tcpfsm_error checked(const h_t *t, oracle_event kind, const h_snapshot *before,
                            int has_out, tcpfsm_error err)
{
    const char *why = oracle_after_call(kind, &before->conn, has_out ? &before->out : NULL, err,
                                        &t->conn, has_out ? &t->out : NULL);
    ck_assert_msg(why == NULL, "oracle: %s (state %d -> %d, error %d)", why,
                  before->conn.state, t->conn.state, (int)err);
    return err;
}

tcpfsm_error h_rx(h_t *t, tcpfsm_segment seg)
{
    h_snapshot before = snapshot(t);
    record r;
    uint32_t k;
    tcpfsm_error err;
    memset(&r, 0, sizeof r);
    r.op = REC_SEGMENT;
    r.seg = seg;
    for (k = 0; k < seg.sack_count && k < TCPFSM_MAX_SACK_BLOCKS; k++) {
        /* records carry SACK blocks as offset and length (fuzz/records.h) */
        r.seg.sack[k].left = seg.sack[k].left - t->conn.snd_una;
        r.seg.sack[k].right = seg.sack[k].right - seg.sack[k].left;
    }
    seed_write(t, &r);
    err = checked(t, ORACLE_SEGMENT, &before, 1,
                  tcpfsm_on_segment(&t->conn, &seg, t->iss, t->now, &t->out));
    if (err == TCPFSM_OK) {
        /* every segment of every suite that takes the fast path is held to
         * RFC 9293's steps (src/core/fastpath.c) */
        const char *why = oracle_fast_path_same(&before.conn, &before.out, &seg, t->iss, t->now,
                                                &t->conn, &t->out);
        ck_assert_msg(why == NULL, "oracle: %s", why);
    }
    return err;
}

tcpfsm_error h_timer(h_t *t, uint64_t at)
{
    h_snapshot before;
    seed_call(t, REC_TIMER, at > t->now && at - t->now < UINT32_MAX ? (uint32_t)(at - t->now) : 0u);
    if (at > t->now) {
        t->now = at;
    }
    before = snapshot(t);
    return checked(t, ORACLE_TIMER, &before, 1, tcpfsm_on_timer(&t->conn, t->now, &t->out));
}

tcpfsm_error h_icmp(h_t *t, tcpfsm_icmp_kind kind, uint32_t seq, uint16_t mss)
{
    h_snapshot before = snapshot(t);
    tcpfsm_icmp icmp;
    record r;
    icmp.kind = (uint8_t)kind;
    icmp.seq = seq;
    icmp.mss = mss;
    memset(&r, 0, sizeof r);
    r.op = REC_ICMP;
    r.how = REC_ICMP_SEQ_FROM_SND_UNA; /* records carry the quoted SEQ from SND.UNA */
    r.icmp = icmp;
    r.icmp.seq = seq - t->conn.snd_una;
    seed_write(t, &r);
    return checked(t, ORACLE_ICMP, &before, 1, tcpfsm_on_icmp(&t->conn, &icmp, t->now, &t->out));
}

void h_establish(h_t *t, const tcpfsm_config *cfg, uint32_t iss, uint32_t peer_iss,
                 uint16_t window, uint16_t mss)
{
    tcpfsm_segment syn_ack;
    if (cfg != NULL) {
        h_init_cfg(t, cfg, iss, peer_iss);
    } else {
        h_init(t, iss, peer_iss);
    }
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.window = window;
    syn_ack.options = mss != 0u ? TCPFSM_OPT_MSS : 0u;
    syn_ack.mss = mss;
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    h_expect_tx(t, 0, TCPFSM_ACK, t->iss + 1u, t->peer_iss + 1u);
}

tcpfsm_state h_state(const h_t *t)
{
    return (tcpfsm_state)t->conn.state;
}

uint32_t h_rcv_nxt(const h_t *t)
{
    return t->conn.rcv_nxt;
}

void h_expect_tx(const h_t *t, unsigned index, uint8_t flags, uint32_t seq, uint32_t ack)
{
    ck_assert_uint_gt(t->out.count, index);
    ck_assert_uint_eq(t->out.tx[index].flags, flags);
    ck_assert_uint_eq(t->out.tx[index].seq, seq);
    ck_assert_uint_eq(t->out.tx[index].ack, ack);
}

void h_peer_ack(h_t *t, uint32_t ack, uint16_t window)
{
    tcpfsm_segment seg = h_seg(TCPFSM_ACK, h_rcv_nxt(t), ack, 0u);
    seg.window = window;
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

tcpfsm_info h_info(const h_t *t)
{
    tcpfsm_info info;
    memset(&info, 0, sizeof info);
    ck_assert_int_eq(tcpfsm_status(&t->conn, &info), TCPFSM_OK);
    return info;
}

void h_send(h_t *t, uint32_t len)
{
    ck_assert_int_eq(tcpfsm_send(&t->conn, len, t->now, &t->out), TCPFSM_OK);
}

void h_expect_data(const h_t *t, unsigned i, uint8_t flags, uint32_t seq, uint32_t off,
                   uint32_t len)
{
    h_expect_tx(t, i, flags, seq, h_rcv_nxt(t));
    ck_assert_uint_eq(t->out.tx[i].data_offset, off);
    ck_assert_uint_eq(t->out.tx[i].data_len, len);
}

/* Something in flight for the timeout events: in a state that can send,
 * queue data first. */
static void put_in_flight(h_t *t)
{
    tcpfsm_state s = h_state(t);
    if (s == TCPFSM_ESTABLISHED || s == TCPFSM_CLOSE_WAIT) {
        ck_assert_int_eq(tcpfsm_send(&t->conn, H_DATA_LEN, t->now, &t->out), TCPFSM_OK);
    }
    ck_assert(t->conn.snd_una != t->conn.snd_nxt);
}

tcpfsm_error h_event_apply(h_t *t, h_event ev)
{
    tcpfsm_conn *c = &t->conn;
    tcpfsm_info info;
    uint32_t i;
    h_snapshot before = snapshot(t);
    static const struct {
        h_event   ev;
        record_op op;
        uint32_t  value;
    } calls[] = {
        {EV_OPEN_ACTIVE, REC_OPEN_ACTIVE, 0}, {EV_OPEN_PASSIVE, REC_OPEN_PASSIVE, 0},
        {EV_SEND, REC_SEND, H_DATA_LEN},     {EV_SEND_MORE, REC_SEND, 0},

        {EV_RECEIVE, REC_RECEIVE, 0},
        {EV_CLOSE, REC_CLOSE, 0},            {EV_ABORT, REC_ABORT, 0},
        {EV_STATUS, REC_STATUS, 0},
    };
    for (i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        if (calls[i].ev == ev) {
            seed_call(t, calls[i].op, calls[i].op == REC_OPEN_ACTIVE ? t->iss : calls[i].value);
        }
    }
    switch (ev) {
    case EV_OPEN_ACTIVE:
        return checked(t, ORACLE_OPEN_ACTIVE, &before, 1,
                       tcpfsm_open_active(c, t->iss, t->now, &t->out));
    case EV_OPEN_PASSIVE:
        return checked(t, ORACLE_OPEN_PASSIVE, &before, 0, tcpfsm_open_passive(c));
    case EV_SEND:
        return checked(t, ORACLE_SEND, &before, 1, tcpfsm_send(c, H_DATA_LEN, t->now, &t->out));
    case EV_SEND_MORE:
        return checked(t, ORACLE_SEND, &before, 1, tcpfsm_send(c, 0, t->now, &t->out));
    case EV_SEND_URGENT:
        seed_call_how(t, REC_SEND, REC_SEND_URGENT, H_DATA_LEN);
        return checked(t, ORACLE_SEND, &before, 1,
                       tcpfsm_send_urgent(c, H_DATA_LEN, t->now, &t->out));
    case EV_RECEIVE:
        return checked(t, ORACLE_RECEIVE, &before, 1, tcpfsm_receive(c, 0, t->now, &t->out));
    case EV_CLOSE:
        return checked(t, ORACLE_CLOSE, &before, 1, tcpfsm_close(c, t->now, &t->out));
    case EV_ABORT:
        return checked(t, ORACLE_ABORT, &before, 1, tcpfsm_abort(c, &t->out));
    case EV_STATUS:
        return checked(t, ORACLE_STATUS, &before, 0, tcpfsm_status(c, &info));
    case EV_RCV_SYN:
        if (h_state(t) <= TCPFSM_SYN_SENT) {
            return h_rx(t, h_seg(TCPFSM_SYN, t->peer_iss, 0, 0));
        }
        return h_rx(t, h_seg(TCPFSM_SYN, c->rcv_nxt, 0, 0));
    case EV_RCV_SYN_ACK:
        return h_rx(t, h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0));
    case EV_RCV_ACK:
        if (h_state(t) <= TCPFSM_SYN_SENT) {
            return h_rx(t, h_seg(TCPFSM_ACK, t->peer_iss + 1u, t->iss + 1u, 0));
        }
        return h_rx(t, h_seg(TCPFSM_ACK, c->rcv_nxt, c->snd_nxt, 0));
    case EV_RCV_DUP_ACK:
        return h_rx(t, h_seg(TCPFSM_ACK, c->rcv_nxt, c->snd_una, 0));
    case EV_RCV_THIRD_DUP_ACK:
        put_in_flight(t);
        ck_assert_int_eq(h_event_apply(t, EV_RCV_DUP_ACK), TCPFSM_OK);
        ck_assert_int_eq(h_event_apply(t, EV_RCV_DUP_ACK), TCPFSM_OK);
        return h_event_apply(t, EV_RCV_DUP_ACK);
    case EV_RCV_BAD_ACK:
        return h_rx(t, h_seg(TCPFSM_ACK, h_state(t) <= TCPFSM_SYN_SENT ? t->peer_iss + 1u
                                                                       : c->rcv_nxt,
                             c->snd_nxt + 1000u, 0));
    case EV_RCV_DATA:
        if (h_state(t) <= TCPFSM_SYN_SENT) {
            return h_rx(t, h_seg(TCPFSM_ACK, t->peer_iss + 1u, t->iss + 1u, H_DATA_LEN));
        }
        return h_rx(t, h_seg(TCPFSM_ACK, c->rcv_nxt, c->snd_una, H_DATA_LEN));
    case EV_RCV_OLD_SEQ:
        return h_rx(t, h_seg(TCPFSM_ACK, c->rcv_nxt - 2u * H_DATA_LEN, c->snd_una, H_DATA_LEN));
    case EV_RCV_FIN:
        return h_rx(t, h_seg(TCPFSM_FIN | TCPFSM_ACK, c->rcv_nxt, c->snd_una, 0));
    case EV_RCV_FIN_ACK:
        return h_rx(t, h_seg(TCPFSM_FIN | TCPFSM_ACK, c->rcv_nxt, c->snd_nxt, 0));
    case EV_RCV_FIN_AGAIN:
        return h_rx(t, h_seg(TCPFSM_FIN | TCPFSM_ACK, c->rcv_nxt - 1u, c->snd_nxt, 0));
    case EV_RCV_RST:
        if (h_state(t) == TCPFSM_SYN_SENT) {
            return h_rx(t, h_seg(TCPFSM_RST | TCPFSM_ACK, 0, t->iss + 1u, 0));
        }
        return h_rx(t, h_seg(TCPFSM_RST, c->rcv_nxt, 0, 0));
    case EV_RCV_RST_IN_WINDOW:
        return h_rx(t, h_seg(TCPFSM_RST, c->rcv_nxt + 10u, 0, 0));
    case EV_RCV_SYN_ACK_FIN:
        return h_rx(t, h_seg(TCPFSM_SYN | TCPFSM_ACK | TCPFSM_FIN, t->peer_iss, t->iss + 1u, 0));
    case EV_CLOSE_QUEUED:
        h_send(t, H_DATA_LEN);
        return tcpfsm_close(c, t->now, &t->out);
    case EV_RCV_ACK_CLOSE_QUEUED:
        ck_assert_int_eq(h_event_apply(t, EV_CLOSE_QUEUED), TCPFSM_OK);
        return h_event_apply(t, EV_RCV_ACK);
    case EV_RCV_FIN_ACK_CLOSE_QUEUED:
        ck_assert_int_eq(h_event_apply(t, EV_CLOSE_QUEUED), TCPFSM_OK);
        return h_event_apply(t, EV_RCV_FIN_ACK);
    case EV_RCV_RST_DATA_QUEUED:
        h_send(t, H_DATA_LEN);
        return h_event_apply(t, EV_RCV_RST);
    case EV_RCV_SYN_DATA_QUEUED:
        h_send(t, H_DATA_LEN);
        return h_event_apply(t, EV_RCV_SYN);
    case EV_RCV_RST_CLOSE_QUEUED:
        ck_assert_int_eq(h_event_apply(t, EV_CLOSE_QUEUED), TCPFSM_OK);
        return h_event_apply(t, EV_RCV_RST);
    case EV_RCV_SYN_CLOSE_QUEUED:
        ck_assert_int_eq(h_event_apply(t, EV_CLOSE_QUEUED), TCPFSM_OK);
        return h_event_apply(t, EV_RCV_SYN);
    case EV_RCV_URG: {
        /* one byte at RCV.NXT, the urgent byte: the pointer is the octet
         * after it (RFC 9293 §3.8.5) */
        tcpfsm_segment seg = h_seg(TCPFSM_URG | TCPFSM_ACK, c->rcv_nxt, c->snd_una, 1u);
        seg.urgent = 1u;
        return h_rx(t, seg);
    }
    case EV_RCV_SYN_NEW:
        /* a client back on the same port pair: its SYN lies beyond every
         * octet of the old incarnation (no timestamps here) */
        return h_rx(t, h_seg(TCPFSM_SYN, c->rcv_nxt + 100000u, 0, 0));
    case EV_RCV_RST_NO_RFC1337:
        /* the same RST where the RFC 1337 switch is off */
        c->cfg.flags = (uint8_t)(c->cfg.flags & ~TCPFSM_CFG_RFC1337);
        return h_event_apply(t, EV_RCV_RST);
    case EV_RCV_SYN_SYN_CACHE:
        /* the same SYN where FreeBSD's SYN cache judges (syn_cache.c) */
        c->cfg.syn_cache = 1u;
        return h_event_apply(t, EV_RCV_SYN);
    case EV_RCV_SYN_ACK_SYN_CACHE:
        c->cfg.syn_cache = 1u;
        return h_rx(t, h_seg(TCPFSM_SYN | TCPFSM_ACK, c->rcv_nxt, c->snd_nxt, 0));
    case EV_RCV_BAD_ACK_SYN_CACHE:
        c->cfg.syn_cache = 1u;
        return h_event_apply(t, EV_RCV_BAD_ACK);
    case EV_RCV_SYN_NO_RFC5961:
        /* the same SYN where the RFC 5961 switch is off (RFC 793's reset) */
        c->cfg.flags = (uint8_t)(c->cfg.flags & ~TCPFSM_CFG_RFC5961);
        return h_event_apply(t, EV_RCV_SYN);
    case EV_TIMEOUT_RTX:
        put_in_flight(t);
        return h_timer(t, tcpfsm_next_deadline(c));
    case EV_TIMEOUT_GIVE_UP:
        put_in_flight(t);
        for (i = 0; i < t->cfg.max_retries; i++) {
            ck_assert_int_eq(h_timer(t, tcpfsm_next_deadline(c)), TCPFSM_OK);
            ck_assert_uint_eq(t->out.count, 1);
        }
        return h_timer(t, tcpfsm_next_deadline(c));
    case EV_TIMEOUT_USER:
        put_in_flight(t);
        return h_timer(t, c->user_deadline);
    case EV_TIMEOUT_DELACK:
        /* h_init turns delayed ACKs off: on here, the data's ACK is held */
        c->cfg.delack_ms = 100u;
        ck_assert_int_eq(h_event_apply(t, EV_RCV_DATA), TCPFSM_OK);
        ck_assert_uint_eq(t->out.count, 0);
        return h_timer(t, c->ack_deadline);
    case EV_TIMEOUT_KEEPALIVE:
        /* keepalive is off by default: on here, from now, while idle */
        ck_assert_int_eq(tcpfsm_set_keepalive(c, 1, t->now), TCPFSM_OK);
        return h_timer(t, tcpfsm_next_deadline(c));
    case EV_TIMEOUT_KEEPALIVE_GIVE_UP:
        ck_assert_int_eq(tcpfsm_set_keepalive(c, 1, t->now), TCPFSM_OK);
        for (i = 0; i < t->cfg.keepalive_count; i++) {
            ck_assert_int_eq(h_timer(t, tcpfsm_next_deadline(c)), TCPFSM_OK);
            ck_assert_uint_eq(t->out.count, 1);
        }
        return h_timer(t, tcpfsm_next_deadline(c));
    case EV_TIMEOUT_FIN_WAIT_2:
        /* the user will read no more: FIN-WAIT-2 waits fin_wait_2_timeout_ms */
        ck_assert_int_eq(tcpfsm_shutdown_receive(c, t->now), TCPFSM_OK);
        return h_timer(t, tcpfsm_next_deadline(c));
    case EV_TIMEOUT_2MSL:
        return h_timer(t, c->rtx_deadline);
    case EV_ICMP_HARD:
        /* port unreachable about the first segment in flight */
        put_in_flight(t);
        return h_icmp(t, TCPFSM_ICMP_REFUSED, c->snd_una, 0u);
    case EV_ICMP_SOFT:
        put_in_flight(t);
        return h_icmp(t, TCPFSM_ICMP_UNREACHABLE, c->snd_una, 0u);
    case EV_ICMP_TOO_BIG:
        /* the path carries the floor: data in flight goes again */
        put_in_flight(t);
        return h_icmp(t, TCPFSM_ICMP_PACKET_TOO_BIG, c->snd_una, (uint16_t)TCPFSM_PMTU_MIN_MSS);
    }
    return TCPFSM_ERR_INVALID_ARG;
}

static void step(h_t *t, h_event ev, tcpfsm_state expect)
{
    ck_assert_int_eq(h_event_apply(t, ev), TCPFSM_OK);
    ck_assert_str_eq(tcpfsm_state_name(h_state(t)), tcpfsm_state_name(expect));
}

/* Reach `state` the way the spec describes it (spec/README.md, "Driving"). */
void h_drive(h_t *t, tcpfsm_state state, h_origin origin)
{
    switch (state) {
    case TCPFSM_CLOSED:
        return;
    case TCPFSM_LISTEN:
        step(t, EV_OPEN_PASSIVE, TCPFSM_LISTEN);
        return;
    case TCPFSM_SYN_SENT:
        step(t, EV_OPEN_ACTIVE, TCPFSM_SYN_SENT);
        return;
    case TCPFSM_SYN_RECEIVED:
        h_drive(t, origin == ORIGIN_PASSIVE ? TCPFSM_LISTEN : TCPFSM_SYN_SENT, origin);
        step(t, EV_RCV_SYN, TCPFSM_SYN_RECEIVED);
        return;
    case TCPFSM_ESTABLISHED:
        if (origin == ORIGIN_PASSIVE) {
            h_drive(t, TCPFSM_SYN_RECEIVED, origin);
            step(t, EV_RCV_ACK, TCPFSM_ESTABLISHED);
        } else {
            h_drive(t, TCPFSM_SYN_SENT, origin);
            step(t, EV_RCV_SYN_ACK, TCPFSM_ESTABLISHED);
        }
        return;
    case TCPFSM_FIN_WAIT_1:
        h_drive(t, TCPFSM_ESTABLISHED, origin);
        step(t, EV_CLOSE, TCPFSM_FIN_WAIT_1);
        return;
    case TCPFSM_FIN_WAIT_2:
        h_drive(t, TCPFSM_FIN_WAIT_1, origin);
        step(t, EV_RCV_ACK, TCPFSM_FIN_WAIT_2);
        return;
    case TCPFSM_CLOSE_WAIT:
        h_drive(t, TCPFSM_ESTABLISHED, origin);
        step(t, EV_RCV_FIN, TCPFSM_CLOSE_WAIT);
        return;
    case TCPFSM_CLOSING:
        h_drive(t, TCPFSM_FIN_WAIT_1, origin);
        step(t, EV_RCV_FIN, TCPFSM_CLOSING);
        return;
    case TCPFSM_LAST_ACK:
        h_drive(t, TCPFSM_CLOSE_WAIT, origin);
        step(t, EV_CLOSE, TCPFSM_LAST_ACK);
        return;
    case TCPFSM_TIME_WAIT:
        h_drive(t, TCPFSM_FIN_WAIT_2, origin);
        step(t, EV_RCV_FIN, TCPFSM_TIME_WAIT);
        return;
    }
}
