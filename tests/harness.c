#include <string.h>
#include "harness.h"

void h_init_cfg(h_t *t, const tcpfsm_config *cfg, uint32_t iss, uint32_t peer_iss)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    ck_assert_int_eq(tcpfsm_init(&t->conn, cfg), TCPFSM_OK);
    t->now = 1000u;
    t->iss = iss;
    t->peer_iss = peer_iss;
}

void h_init(h_t *t, uint32_t iss, uint32_t peer_iss)
{
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    /* few enough retries that the retry limit ends a connection before the
     * default user timeout does (1+2+4+8+16+32 s < 300 s) */
    cfg.max_retries = H_MAX_RETRIES;
    h_init_cfg(t, &cfg, iss, peer_iss);
}

tcpfsm_segment h_seg(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    tcpfsm_segment seg;
    seg.seq = seq;
    seg.ack = ack;
    seg.len = len;
    seg.window = (uint16_t)H_WINDOW;
    seg.mss = 0;
    seg.flags = flags;
    seg.options = 0;
    if (flags & TCPFSM_SYN) {
        seg.options = TCPFSM_OPT_MSS;
        seg.mss = 1460;
    }
    return seg;
}

tcpfsm_error h_rx(h_t *t, tcpfsm_segment seg)
{
    return tcpfsm_on_segment(&t->conn, &seg, t->iss, t->now, &t->out);
}

tcpfsm_error h_timer(h_t *t, uint64_t at)
{
    if (at > t->now) {
        t->now = at;
    }
    return tcpfsm_on_timer(&t->conn, t->now, &t->out);
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
    switch (ev) {
    case EV_OPEN_ACTIVE:
        return tcpfsm_open_active(c, t->iss, t->now, &t->out);
    case EV_OPEN_PASSIVE:
        return tcpfsm_open_passive(c);
    case EV_SEND:
        return tcpfsm_send(c, H_DATA_LEN, t->now, &t->out);
    case EV_RECEIVE:
        return tcpfsm_receive(c, 0, t->now, &t->out);
    case EV_CLOSE:
        return tcpfsm_close(c, t->now, &t->out);
    case EV_ABORT:
        return tcpfsm_abort(c, &t->out);
    case EV_STATUS:
        return tcpfsm_status(c, &info);
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
    case EV_RCV_RST_NO_RFC1337:
        /* the same RST where the RFC 1337 switch is off */
        c->cfg.flags = (uint8_t)(c->cfg.flags & ~TCPFSM_CFG_RFC1337);
        return h_event_apply(t, EV_RCV_RST);
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
    case EV_TIMEOUT_2MSL:
        return h_timer(t, c->rtx_deadline);
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
