/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scenarios of RFC 9293 §3.5 and §3.6 played by two real ends
 * (tests/net.h), with the exact numbers of the RFC's figures, and the
 * reactions to RST (§3.10.7, RFC 5961 §3) and SYN (RFC 5961 §4) in every
 * state reached by real exchanges.
 *
 * Every scenario runs for several (x, y) pairs, x being A's ISS and y B's:
 * the RFC's own 100 and 300, and pairs just below 2^32 so that the
 * scenario's numbers cross the wrap.
 */
#include <stdio.h>
#include <string.h>
#include "net.h"
#include "harness.h"
#include "suites.h"

#define MSL2 240000u /* 2 * MSL of tcpfsm_config_default, RFC 9293 §3.4.2 */

static net_t net; /* large: static, re-initialised by every scenario */

static const uint32_t pairs[][2] = {
    {100u, 300u},               /* RFC 9293 figures 6 and 12 */
    {0xFFFFFFFFu, 0xFFFFFFFEu}, /* A's data starts at 0; B's FIN takes 0xFFFFFFFF */
    {0xFFFFFFFEu, 0xFFFFFFFFu}, /* the other way round */
};

typedef void (*scenario_fn)(uint32_t x, uint32_t y);

static void run_pairs(scenario_fn body)
{
    size_t i;
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        body(pairs[i][0], pairs[i][1]);
    }
}

/* SCENARIO(name) { body using x and y }: a Check test running the body for
 * every pair. */
#define SCENARIO(name)                                 \
    static void name##_body(uint32_t x, uint32_t y);   \
    START_TEST(name)                                   \
    {                                                  \
        run_pairs(name##_body);                        \
    }                                                  \
    END_TEST                                           \
    static void name##_body(uint32_t x, uint32_t y)

static tcpfsm_info status(const net_end *e)
{
    tcpfsm_info info;
    memset(&info, 0, sizeof info);
    (void)tcpfsm_status(&e->conn, &info);
    return info;
}

static void expect_state(const net_end *e, tcpfsm_state state)
{
    ck_assert_msg(net_state(e) == state, "%s is in %s, expected %s", e->name,
                  tcpfsm_state_name(net_state(e)), tcpfsm_state_name(state));
}

static void deliver(net_end *from)
{
    ck_assert_int_eq(net_deliver(&net, from), NET_DELIVERED);
}

/* ------------------------------------------------------------------------
 * Opening: RFC 9293 §3.5
 * ------------------------------------------------------------------------ */

/* Figure 6 from A's side: SYN at ISS, then the ACK of the SYN,ACK, then
 * data from ISS + 1 (line 5). */
SCENARIO(handshake_active_side_exact_numbers)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    const uint8_t data[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const net_seg *syn;
    tcpfsm_info info;
    net_init(&net, NULL, NULL, x, y);
    net_listen(&net, b);

    net_connect(&net, a); /* line 2 */
    expect_state(a, TCPFSM_SYN_SENT);
    net_expect(a, 0, TCPFSM_SYN, x, 0, 0);
    syn = net_peek(a, 0);
    /* RFC 9293 §3.7.1; RFC 7323 §2.2: window scaling offered, shift 0 for
     * a 65535-byte buffer; RFC 2018 §2: SACK-permitted */
    ck_assert_uint_eq(syn->hdr.options, TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE
                                        | TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK_PERM);
    ck_assert_uint_eq(syn->hdr.wscale, 0);
    ck_assert_uint_eq(syn->hdr.mss, 1460);
    ck_assert_uint_eq(syn->hdr.window, 65535);
    info = status(a);
    ck_assert_uint_eq(info.iss, x);
    ck_assert_uint_eq(info.snd_una, x);
    ck_assert_uint_eq(info.snd_nxt, x + 1u);

    deliver(a);
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y, x + 1u, 0); /* line 3 */
    deliver(b);
    expect_state(a, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CONNECTED);
    net_expect(a, 0, TCPFSM_ACK, x + 1u, y + 1u, 0); /* line 4 */
    ck_assert_uint_eq(net_queued(a), 1);
    info = status(a);
    ck_assert_uint_eq(info.snd_una, x + 1u);
    ck_assert_uint_eq(info.snd_nxt, x + 1u);
    ck_assert_uint_eq(info.irs, y);
    ck_assert_uint_eq(info.rcv_nxt, y + 1u);

    deliver(a);
    net_write(&net, a, data, sizeof data); /* line 5 */
    net_expect(a, 0, TCPFSM_ACK | TCPFSM_PSH, x + 1u, y + 1u, sizeof data);
    deliver(a);
    ck_assert_uint_eq(b->rcv_len, sizeof data);
    ck_assert_mem_eq(b->rcv, data, sizeof data);
    net_expect(b, 0, TCPFSM_ACK, y + 1u, x + 1u + sizeof data, 0);
}

/* Figure 6 from B's side: LISTEN, SYN-RECEIVED with SYN,ACK <SEQ=y><ACK=x+1>,
 * ESTABLISHED on the ACK without a reply. */
SCENARIO(handshake_passive_side_exact_numbers)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    const net_seg *syn_ack;
    tcpfsm_info info;
    net_init(&net, NULL, NULL, x, y);
    net_listen(&net, b);
    expect_state(b, TCPFSM_LISTEN);
    net_connect(&net, a);

    deliver(a);
    expect_state(b, TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(b->last_notes, 0); /* not connected yet */
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y, x + 1u, 0);
    ck_assert_uint_eq(net_queued(b), 1);
    syn_ack = net_peek(b, 0);
    ck_assert_uint_eq(syn_ack->hdr.options, TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE
                                            | TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK_PERM);
    ck_assert_uint_eq(syn_ack->hdr.mss, 1460);
    info = status(b);
    ck_assert_uint_eq(info.iss, y);
    ck_assert_uint_eq(info.irs, x);
    ck_assert_uint_eq(info.rcv_nxt, x + 1u);
    ck_assert_uint_eq(info.snd_una, y);
    ck_assert_uint_eq(info.snd_nxt, y + 1u);

    deliver(b);
    net_expect(a, 0, TCPFSM_ACK, x + 1u, y + 1u, 0);
    deliver(a);
    expect_state(b, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_CONNECTED);
    net_expect_silent(b);
    info = status(b);
    ck_assert_uint_eq(info.snd_una, y + 1u);
    ck_assert_uint_eq(info.snd_nxt, y + 1u);
}

/*
 * THE SEED SCENARIO.  Client A opens actively with ISS x, server B listens
 * with ISS y.  Figure 6: SYN <SEQ=x>; SYN,ACK <SEQ=y><ACK=x+1>; ACK
 * <SEQ=x+1><ACK=y+1>; both ESTABLISHED.  Figure 12 (its 100 is the client's
 * SND.NXT, x + 1 here since the SYN consumed x; its 300 is y + 1):
 *   FIN-WAIT-1  --> <SEQ=x+1><ACK=y+1><CTL=FIN,ACK>  --> CLOSE-WAIT
 *   FIN-WAIT-2  <-- <SEQ=y+1><ACK=x+2><CTL=ACK>      <-- CLOSE-WAIT
 *   TIME-WAIT   <-- <SEQ=y+1><ACK=x+2><CTL=FIN,ACK>  <-- LAST-ACK
 *   TIME-WAIT   --> <SEQ=x+2><ACK=y+2><CTL=ACK>      --> CLOSED
 *   (2 MSL) CLOSED
 */
SCENARIO(seed_scenario)
{
    net_end *a = &net.a; /* client */
    net_end *b = &net.b; /* server */
    uint64_t t0;
    net_init(&net, NULL, NULL, x, y);
    ck_assert_uint_eq(a->cfg.msl2_ms, MSL2);

    /* three-way handshake */
    net_listen(&net, b);
    net_connect(&net, a);
    expect_state(a, TCPFSM_SYN_SENT);
    net_expect(a, 0, TCPFSM_SYN, x, 0, 0);
    deliver(a);
    expect_state(b, TCPFSM_SYN_RECEIVED);
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y, x + 1u, 0);
    deliver(b);
    expect_state(a, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CONNECTED);
    net_expect(a, 0, TCPFSM_ACK, x + 1u, y + 1u, 0);
    deliver(a);
    expect_state(b, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_CONNECTED);
    net_expect_silent(a);
    net_expect_silent(b);

    /* the client closes */
    net_close(&net, a);
    expect_state(a, TCPFSM_FIN_WAIT_1);
    net_expect(a, 0, TCPFSM_FIN | TCPFSM_ACK, x + 1u, y + 1u, 0);
    ck_assert_uint_eq(net_queued(a), 1);
    deliver(a);
    expect_state(b, TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(b, 0, TCPFSM_ACK, y + 1u, x + 2u, 0);
    ck_assert_uint_eq(net_queued(b), 1);
    deliver(b);
    expect_state(a, TCPFSM_FIN_WAIT_2);
    ck_assert_uint_eq(a->last_notes, 0);
    net_expect_silent(a);

    /* the server closes */
    net_close(&net, b);
    expect_state(b, TCPFSM_LAST_ACK);
    net_expect(b, 0, TCPFSM_FIN | TCPFSM_ACK, y + 1u, x + 2u, 0);
    deliver(b);
    expect_state(a, TCPFSM_TIME_WAIT); /* not CLOSE-WAIT: the client closed first */
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(a, 0, TCPFSM_ACK, x + 2u, y + 2u, 0);
    ck_assert_uint_eq(net_queued(a), 1);
    t0 = net.now;
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), t0 + MSL2);

    /* the server is CLOSED on the last ACK */
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_CLOSED);
    net_expect_silent(b);

    /* the client waits 2 MSL in TIME-WAIT */
    net_timer(&net, a, t0 + MSL2 - 1u);
    expect_state(a, TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(a->last_notes, 0);
    net_timer(&net, a, t0 + MSL2);
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CLOSED);
    net_expect_silent(a);

    ck_assert_uint_eq(a->states_seen & (1u << TCPFSM_CLOSE_WAIT), 0);
    ck_assert_uint_eq(b->states_seen & (1u << TCPFSM_TIME_WAIT), 0);
    ck_assert_uint_eq(a->notes, TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_PEER_CLOSED
                                    | TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(b->notes, TCPFSM_NOTE_CONNECTED | TCPFSM_NOTE_PEER_CLOSED
                                    | TCPFSM_NOTE_CLOSED);
}

/*
 * Simultaneous open, RFC 9293 §3.5 figure 7 (figure 8 in RFC 793):
 *   SYN-SENT     --> <SEQ=x><CTL=SYN>               ...
 *   SYN-RECEIVED <-- <SEQ=y><CTL=SYN>               <-- SYN-SENT
 *                ... <SEQ=x><CTL=SYN>               --> SYN-RECEIVED
 *   SYN-RECEIVED --> <SEQ=x><ACK=y+1><CTL=SYN,ACK>  ...
 *   ESTABLISHED  <-- <SEQ=y><ACK=x+1><CTL=SYN,ACK>  <-- SYN-RECEIVED
 *                ... <SEQ=x><ACK=y+1><CTL=SYN,ACK>  --> ESTABLISHED
 */
SCENARIO(simultaneous_open_rfc9293_figure7)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    const uint8_t data[3] = {0xAB, 0xCD, 0xEF};
    net_init(&net, NULL, NULL, x, y);
    net_connect(&net, a);
    net_connect(&net, b);
    net_expect(a, 0, TCPFSM_SYN, x, 0, 0);
    net_expect(b, 0, TCPFSM_SYN, y, 0, 0);

    deliver(a); /* A's SYN reaches B in SYN-SENT */
    expect_state(b, TCPFSM_SYN_RECEIVED);
    net_expect(b, 1, TCPFSM_SYN | TCPFSM_ACK, y, x + 1u, 0);
    deliver(b); /* B's SYN reaches A in SYN-SENT */
    expect_state(a, TCPFSM_SYN_RECEIVED);
    net_expect(a, 0, TCPFSM_SYN | TCPFSM_ACK, x, y + 1u, 0);
    ck_assert_uint_eq(a->last_notes, 0);

    deliver(b); /* B's SYN,ACK */
    expect_state(a, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CONNECTED);
    deliver(a); /* A's SYN,ACK */
    expect_state(b, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_CONNECTED);
    /* the figure ends here: nothing more is needed */
    net_expect_silent(a);
    net_expect_silent(b);
    ck_assert_uint_eq(status(a).snd_una, x + 1u);
    ck_assert_uint_eq(status(a).rcv_nxt, y + 1u);
    ck_assert_uint_eq(status(b).snd_una, y + 1u);
    ck_assert_uint_eq(status(b).rcv_nxt, x + 1u);

    /* synchronized: data flows from x + 1 */
    net_write(&net, a, data, sizeof data);
    net_expect(a, 0, TCPFSM_ACK | TCPFSM_PSH, x + 1u, y + 1u, sizeof data);
    net_flush(&net, 10);
    ck_assert_uint_eq(b->rcv_len, sizeof data);
    ck_assert_mem_eq(b->rcv, data, sizeof data);
}

/*
 * Recovery from an old duplicate SYN, RFC 9293 §3.5 figure 8 (x = 100,
 * the duplicate at x - 10 = 90, y = 300 then y + 100 = 400):
 *   SYN-SENT    --> <SEQ=x><CTL=SYN>                ...
 *   (duplicate) ... <SEQ=x-10><CTL=SYN>             --> SYN-RECEIVED
 *   SYN-SENT    <-- <SEQ=y><ACK=x-9><CTL=SYN,ACK>   <-- SYN-RECEIVED
 *   SYN-SENT    --> <SEQ=x-9><CTL=RST>              --> LISTEN
 *               ... <SEQ=x><CTL=SYN>                --> SYN-RECEIVED
 *   ESTABLISHED <-- <SEQ=y+100><ACK=x+1><CTL=SYN,ACK> <-- SYN-RECEIVED
 *   ESTABLISHED --> <SEQ=x+1><ACK=y+101><CTL=ACK>   --> ESTABLISHED
 */
SCENARIO(old_duplicate_syn_recovery_rfc9293_figure8)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    tcpfsm_segment delayed;
    net_init(&net, NULL, NULL, x, y);
    net_listen(&net, b);
    net_connect(&net, a);
    net_expect(a, 0, TCPFSM_SYN, x, 0, 0);
    delayed = net_peek(a, 0)->hdr; /* A's SYN is delayed in the network */
    net_discard(&net, a);

    ck_assert_int_eq(net_inject(&net, b, net_seg_make(TCPFSM_SYN, x - 10u, 0, 0)), TCPFSM_OK);
    expect_state(b, TCPFSM_SYN_RECEIVED);
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y, x - 9u, 0);
    deliver(b);
    expect_state(a, TCPFSM_SYN_SENT); /* the ACK is not for A's SYN */
    ck_assert_uint_eq(a->last_notes, 0);
    net_expect(a, 0, TCPFSM_RST, x - 9u, 0, 0);
    deliver(a);
    expect_state(b, TCPFSM_LISTEN);
    ck_assert_uint_eq(b->last_notes, 0); /* "the user need not be informed" */
    net_expect_silent(b);

    b->iss = y + 100u; /* a fresh ISS for the new incarnation */
    ck_assert_int_eq(net_inject(&net, b, delayed), TCPFSM_OK);
    expect_state(b, TCPFSM_SYN_RECEIVED);
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y + 100u, x + 1u, 0);
    deliver(b);
    expect_state(a, TCPFSM_ESTABLISHED);
    net_expect(a, 0, TCPFSM_ACK, x + 1u, y + 101u, 0);
    deliver(a);
    expect_state(b, TCPFSM_ESTABLISHED);
    net_expect_silent(a);
    net_expect_silent(b);
}

/*
 * Half-open connection discovery, RFC 9293 §3.5 figure 9: A crashed while
 * B holds the connection (B sends y + 1, receives x + 1; the figure's 300
 * and 100).  A reconnects with ISS x + 300 (the figure's 400).
 *   SYN-SENT --> <SEQ=x+300><CTL=SYN>       --> (??)
 *   (!!)     <-- <SEQ=y+1><ACK=x+1><CTL=ACK> <-- ESTABLISHED
 *   SYN-SENT --> <SEQ=x+1><CTL=RST>          --> (Abort!!)
 *   SYN-SENT                                     CLOSED
 *   SYN-SENT --> <SEQ=x+300><CTL=SYN>       -->
 * B's reply is the RFC 5961 §4.2 challenge ACK, with the same numbers.  B's
 * application then listens again and the retransmitted SYN connects.
 */
SCENARIO(half_open_discovery_after_crash_rfc9293_figure9)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);

    net_crash(&net, a);
    a->iss = x + 300u;
    net_connect(&net, a);
    net_expect(a, 0, TCPFSM_SYN, x + 300u, 0, 0);
    deliver(a);
    expect_state(b, TCPFSM_ESTABLISHED);
    net_expect(b, 0, TCPFSM_ACK, y + 1u, x + 1u, 0);
    deliver(b);
    expect_state(a, TCPFSM_SYN_SENT);
    net_expect(a, 0, TCPFSM_RST, x + 1u, 0, 0);
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);

    b->iss = y + 1000u;
    net_listen(&net, b);
    ck_assert_int_eq(net_advance(&net), 1); /* A's retransmission timer */
    net_expect(a, 0, TCPFSM_SYN, x + 300u, 0, 0);
    deliver(a);
    net_expect(b, 0, TCPFSM_SYN | TCPFSM_ACK, y + 1000u, x + 301u, 0);
    net_flush(&net, 10);
    expect_state(a, TCPFSM_ESTABLISHED);
    expect_state(b, TCPFSM_ESTABLISHED);
}

/*
 * RFC 9293 §3.5 figure 10: A rebooted and holds no connection; B sends
 * data <SEQ=y+1><ACK=x+1>; A answers <SEQ=x+1><CTL=RST> (§3.10.7.1: the
 * ACK field becomes the sequence number) and B aborts.
 */
SCENARIO(half_open_discovery_by_data_rfc9293_figure10)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    const uint8_t data[10] = {0};
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);
    net_crash(&net, a);

    net_write(&net, b, data, sizeof data);
    net_expect(b, 0, TCPFSM_ACK | TCPFSM_PSH, y + 1u, x + 1u, sizeof data);
    deliver(b);
    expect_state(a, TCPFSM_CLOSED);
    net_expect(a, 0, TCPFSM_RST, x + 1u, 0, 0);
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED);
    net_expect_silent(b);
}

/*
 * A SYN to a port nobody listens on: the closed end answers
 * <SEQ=0><ACK=x+1><CTL=RST,ACK> (§3.10.7.1) and the opener, in SYN-SENT,
 * accepts the RST because its ACK is acceptable (§3.10.7.3) and is CLOSED.
 * It is told "connection refused" (spec/transitions.def; the RFC text says
 * "connection reset").
 */
SCENARIO(connect_to_closed_end_is_refused_by_rst_ack)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    net_init(&net, NULL, NULL, x, y);
    net_connect(&net, a);
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);
    net_expect(b, 0, TCPFSM_RST | TCPFSM_ACK, 0, x + 1u, 0);
    deliver(b);
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
    net_expect_silent(a);
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), TCPFSM_NO_DEADLINE);
}

/* ------------------------------------------------------------------------
 * Closing: RFC 9293 §3.6
 * ------------------------------------------------------------------------ */

/*
 * Figure 12 between two established ends: `first` closes, its SND.NXT is
 * f and its RCV.NXT is g.  It passes FIN-WAIT-1, FIN-WAIT-2 and TIME-WAIT
 * and is CLOSED 2 MSL after the last ACK; `second` passes CLOSE-WAIT and
 * LAST-ACK and is CLOSED on that ACK.
 */
static void normal_close(net_end *first, net_end *second, uint32_t f, uint32_t g)
{
    uint64_t t0;
    net_close(&net, first);
    expect_state(first, TCPFSM_FIN_WAIT_1);
    net_expect(first, 0, TCPFSM_FIN | TCPFSM_ACK, f, g, 0);
    deliver(first);
    expect_state(second, TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(second->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(second, 0, TCPFSM_ACK, g, f + 1u, 0);
    deliver(second);
    expect_state(first, TCPFSM_FIN_WAIT_2);
    net_expect_silent(first);

    net_close(&net, second);
    expect_state(second, TCPFSM_LAST_ACK);
    net_expect(second, 0, TCPFSM_FIN | TCPFSM_ACK, g, f + 1u, 0);
    deliver(second);
    expect_state(first, TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(first->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(first, 0, TCPFSM_ACK, f + 1u, g + 1u, 0);
    t0 = net.now;
    deliver(first);
    expect_state(second, TCPFSM_CLOSED);
    ck_assert_uint_eq(second->last_notes, TCPFSM_NOTE_CLOSED);

    net_timer(&net, first, t0 + MSL2 - 1u);
    expect_state(first, TCPFSM_TIME_WAIT);
    net_timer(&net, first, t0 + MSL2);
    expect_state(first, TCPFSM_CLOSED);
    ck_assert_uint_eq(first->last_notes, TCPFSM_NOTE_CLOSED);
    net_expect_silent(first);
    net_expect_silent(second);

    ck_assert_uint_eq(first->states_seen & ((1u << TCPFSM_CLOSE_WAIT) | (1u << TCPFSM_LAST_ACK)), 0);
    ck_assert_uint_eq(second->states_seen & ((1u << TCPFSM_FIN_WAIT_1) | (1u << TCPFSM_TIME_WAIT)),
                      0);
}

SCENARIO(four_way_close_active_opener_closes_first)
{
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);
    normal_close(&net.a, &net.b, x + 1u, y + 1u);
}

SCENARIO(four_way_close_passive_opener_closes_first)
{
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);
    normal_close(&net.b, &net.a, y + 1u, x + 1u);
}

/*
 * Simultaneous close, RFC 9293 §3.6 figure 13: both FINs cross, both ends
 * pass CLOSING and TIME-WAIT, and both are CLOSED 2 MSL later.
 *   FIN-WAIT-1  --> <SEQ=x+1><ACK=y+1><CTL=FIN,ACK>  ... FIN-WAIT-1
 *               <-- <SEQ=y+1><ACK=x+1><CTL=FIN,ACK>  <--
 *   CLOSING     --> <SEQ=x+2><ACK=y+2><CTL=ACK>      ... CLOSING
 *               <-- <SEQ=y+2><ACK=x+2><CTL=ACK>      <--
 *   TIME-WAIT                                            TIME-WAIT
 */
SCENARIO(simultaneous_close_both_pass_closing_and_time_wait)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    uint64_t t0;
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);
    net_close(&net, a);
    net_close(&net, b);
    net_expect(a, 0, TCPFSM_FIN | TCPFSM_ACK, x + 1u, y + 1u, 0);
    net_expect(b, 0, TCPFSM_FIN | TCPFSM_ACK, y + 1u, x + 1u, 0);

    deliver(a);
    expect_state(b, TCPFSM_CLOSING);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(b, 1, TCPFSM_ACK, y + 2u, x + 2u, 0);
    deliver(b); /* B's FIN */
    expect_state(a, TCPFSM_CLOSING);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(a, 0, TCPFSM_ACK, x + 2u, y + 2u, 0);

    t0 = net.now;
    deliver(b); /* B's ACK */
    expect_state(a, TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(net_queued(a), 1); /* only A's ACK: nothing new */
    deliver(a);
    expect_state(b, TCPFSM_TIME_WAIT);
    net_expect_silent(a);
    net_expect_silent(b);
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), t0 + MSL2);
    ck_assert_uint_eq(tcpfsm_next_deadline(&b->conn), t0 + MSL2);

    ck_assert_int_eq(net_advance(&net), 1);
    ck_assert_uint_eq(net.now, t0 + MSL2);
    expect_state(a, TCPFSM_CLOSED);
    expect_state(b, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(b->last_notes, TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(a->states_seen & (1u << TCPFSM_FIN_WAIT_2), 0);
    ck_assert_uint_eq(b->states_seen & (1u << TCPFSM_FIN_WAIT_2), 0);
}

/*
 * Half-close (RFC 9293 §3.6: "a user who CLOSEs may continue to RECEIVE
 * until the TCP receiver is told that the remote side has CLOSED"): A
 * closes, B in CLOSE-WAIT sends 20000 more bytes, A receives all of them in
 * FIN-WAIT-2, and only then B closes.
 */
SCENARIO(half_close_data_keeps_flowing_to_the_closed_side)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    static uint8_t data[20000];
    uint32_t i;
    tcpfsm_output out;
    tcpfsm_conn before;
    for (i = 0; i < sizeof data; i++) {
        data[i] = net_pattern(y, i);
    }
    net_init(&net, NULL, NULL, x, y);
    net_handshake(&net);
    net_close(&net, a);
    net_flush(&net, 10);
    expect_state(a, TCPFSM_FIN_WAIT_2);
    expect_state(b, TCPFSM_CLOSE_WAIT);

    /* A's direction is closed: SEND is "connection closing" (§3.10.2) */
    memcpy(&before, &a->conn, sizeof before); /* padding included */
    ck_assert_int_eq(tcpfsm_send(&a->conn, 1, net.now, &out), TCPFSM_ERR_CLOSING);
    ck_assert_mem_eq(&before, &a->conn, sizeof before);

    net_write(&net, b, data, sizeof data);
    /* a full segment: the MSS less the timestamps option (RFC 6691) */
    net_expect(b, 0, TCPFSM_ACK, y + 1u, x + 2u, 1448);
    net_flush(&net, 1000);
    expect_state(a, TCPFSM_FIN_WAIT_2);
    expect_state(b, TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(a->rcv_len, sizeof data);
    ck_assert_mem_eq(a->rcv, data, sizeof data);
    ck_assert_uint_eq(b->snd_head, sizeof data); /* all acknowledged */
    ck_assert_uint_eq(a->notes & TCPFSM_NOTE_PEER_CLOSED, 0);
    ck_assert_uint_eq(status(a).rcv_nxt, y + 1u + (uint32_t)sizeof data);

    net_close(&net, b);
    net_expect(b, 0, TCPFSM_FIN | TCPFSM_ACK, y + 1u + (uint32_t)sizeof data, x + 2u, 0);
    deliver(b);
    expect_state(a, TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_PEER_CLOSED);
    net_expect(a, 0, TCPFSM_ACK, x + 2u, y + 2u + (uint32_t)sizeof data, 0);
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);
}

/* TIME-WAIT lasts 2 MSL to the millisecond, sends nothing, and ends in
 * CLOSED with the CLOSED note (RFC 9293 §3.10.8 TIME-WAIT TIMEOUT). */
SCENARIO(time_wait_expires_after_exactly_2msl)
{
    net_end *a = &net.a;
    uint64_t t0;
    net_init(&net, NULL, NULL, x, y);
    net_drive(&net, TCPFSM_TIME_WAIT, 0);
    t0 = net.now;
    net_flush(&net, 10);
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), t0 + MSL2);
    net.now += 1000u;
    ck_assert_int_eq(net_advance(&net), 1);
    ck_assert_uint_eq(net.now, t0 + MSL2); /* not restarted by mere waiting */
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CLOSED);
    ck_assert_uint_eq(a->closed_at, t0 + MSL2);
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), TCPFSM_NO_DEADLINE);
    net_expect_silent(a);
    expect_state(&net.b, TCPFSM_CLOSED);
}

/* The last ACK is lost; B retransmits its FIN; A in TIME-WAIT acknowledges
 * it again and restarts the 2 MSL timeout (§3.10.7.4, eighth step). */
SCENARIO(time_wait_restarts_2msl_on_retransmitted_fin)
{
    net_end *a = &net.a;
    net_end *b = &net.b;
    uint64_t t0;
    uint64_t t1;
    net_init(&net, NULL, NULL, x, y);
    net_drive(&net, TCPFSM_TIME_WAIT, 0);
    t0 = net.now;
    net_expect(a, 0, TCPFSM_ACK, x + 2u, y + 2u, 0);
    net_discard(&net, a); /* lost */
    expect_state(b, TCPFSM_LAST_ACK);

    ck_assert_int_eq(net_advance(&net), 1); /* B's retransmission timer, 1 s */
    t1 = net.now;
    ck_assert_uint_gt(t1, t0);
    ck_assert_uint_lt(t1, t0 + MSL2);
    net_expect(b, 0, TCPFSM_FIN | TCPFSM_ACK, y + 1u, x + 2u, 0);
    ck_assert_uint_eq(b->rtx, 1);
    deliver(b);
    expect_state(a, TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(a->last_notes, 0); /* the peer's FIN was already reported */
    net_expect(a, 0, TCPFSM_ACK, x + 2u, y + 2u, 0);
    ck_assert_uint_eq(tcpfsm_next_deadline(&a->conn), t1 + MSL2);
    deliver(a);
    expect_state(b, TCPFSM_CLOSED);

    net_timer(&net, a, t0 + MSL2); /* the first 2 MSL no longer count */
    expect_state(a, TCPFSM_TIME_WAIT);
    net_timer(&net, a, t1 + MSL2 - 1u);
    expect_state(a, TCPFSM_TIME_WAIT);
    net_timer(&net, a, t1 + MSL2);
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_CLOSED);
}

/* ------------------------------------------------------------------------
 * RST and SYN in every state, reached by real exchanges (net_drive)
 * ------------------------------------------------------------------------ */

/* A synchronized state of A and what A's SND.NXT and RCV.NXT then are, as
 * offsets from x (A's ISS) and y (B's ISS). */
typedef struct {
    tcpfsm_state state;
    int passive; /* reached through LISTEN */
    uint32_t snd; /* SND.NXT - x */
    uint32_t rcv; /* RCV.NXT - y */
} place;

static const place synced[] = {
    {TCPFSM_SYN_RECEIVED, 1, 1, 1}, {TCPFSM_SYN_RECEIVED, 0, 1, 1},
    {TCPFSM_ESTABLISHED, 0, 1, 1},  {TCPFSM_ESTABLISHED, 1, 1, 1},
    {TCPFSM_FIN_WAIT_1, 0, 2, 1},   {TCPFSM_FIN_WAIT_1, 1, 2, 1},
    {TCPFSM_FIN_WAIT_2, 0, 2, 1},   {TCPFSM_FIN_WAIT_2, 1, 2, 1},
    {TCPFSM_CLOSE_WAIT, 0, 1, 2},   {TCPFSM_CLOSE_WAIT, 1, 1, 2},
    {TCPFSM_CLOSING, 0, 2, 2},      {TCPFSM_CLOSING, 1, 2, 2},
    {TCPFSM_LAST_ACK, 0, 2, 2},     {TCPFSM_LAST_ACK, 1, 2, 2},
    {TCPFSM_TIME_WAIT, 0, 2, 2},    {TCPFSM_TIME_WAIT, 1, 2, 2},
};
#define N_SYNCED (sizeof synced / sizeof synced[0])

static char where[160];

/* Name the case for failure messages. */
static const char *describe(const place *p, const char *what, uint32_t x)
{
    snprintf(where, sizeof where, "%s in %s (%s), x=%u", what, tcpfsm_state_name(p->state),
             p->passive ? "passive" : "active", x);
    return where;
}

/* A in p's state with B as its peer; the wires emptied; A's numbers checked. */
static void reach(const tcpfsm_config *cfg, const place *p, uint32_t x, uint32_t y)
{
    tcpfsm_info info;
    net_init(&net, cfg, cfg, x, y);
    net_drive(&net, p->state, p->passive);
    net_discard_all(&net);
    info = status(&net.a);
    ck_assert_uint_eq(info.snd_nxt, x + p->snd);
    ck_assert_uint_eq(info.rcv_nxt, y + p->rcv);
}

static void expect_outcome(const net_end *e, tcpfsm_state state, uint32_t notes, const char *ctx)
{
    ck_assert_msg(net_state(e) == state, "%s: ended in %s, expected %s", ctx,
                  tcpfsm_state_name(net_state(e)), tcpfsm_state_name(state));
    ck_assert_msg(e->last_notes == notes, "%s: notes 0x%02x, expected 0x%02x", ctx,
                  e->last_notes, notes);
}

static void expect_silence(const net_end *e, const char *ctx)
{
    const net_seg *s = net_peek(e, 0);
    ck_assert_msg(s == NULL, "%s: sent flags 0x%02x seq %u ack %u, expected nothing", ctx,
                  s ? s->hdr.flags : 0u, s ? s->hdr.seq : 0u, s ? s->hdr.ack : 0u);
}

/* Exactly one segment, the ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
static void expect_challenge_ack(const net_end *e, uint32_t seq, uint32_t ack, const char *ctx)
{
    const net_seg *s = net_peek(e, 0);
    ck_assert_msg(s != NULL, "%s: sent nothing, expected ACK <SEQ=%u><ACK=%u>", ctx, seq, ack);
    ck_assert_msg(s->hdr.flags == TCPFSM_ACK && s->hdr.seq == seq && s->hdr.ack == ack
                      && s->hdr.len == 0,
                  "%s: sent flags 0x%02x seq %u ack %u len %u, expected ACK <SEQ=%u><ACK=%u>",
                  ctx, s->hdr.flags, s->hdr.seq, s->hdr.ack, s->hdr.len, seq, ack);
    ck_assert_msg(net_queued(e) == 1, "%s: sent %u segments, expected 1", ctx, net_queued(e));
}

/* §3.10.7.4 second step, exact RST (SEG.SEQ = RCV.NXT):
 *   SYN-RECEIVED, passive OPEN: back to LISTEN, "the user need not be informed";
 *   SYN-RECEIVED, active OPEN: CLOSED, "connection refused";
 *   ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT: CLOSED, "connection reset";
 *   CLOSING, LAST-ACK: CLOSED, "connection reset" too (§3.5.3: our FIN was
 *   never acknowledged, the user is advised);
 *   TIME-WAIT: CLOSED;
 *   TIME-WAIT with RFC 1337 §3 protection (the default): ignored. */
static tcpfsm_state rst_outcome(const place *p, int rfc1337, uint8_t *notes)
{
    switch (p->state) {
    case TCPFSM_SYN_RECEIVED:
        *notes = p->passive ? 0u : (uint8_t)(TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
        return p->passive ? TCPFSM_LISTEN : TCPFSM_CLOSED;
    case TCPFSM_ESTABLISHED:
    case TCPFSM_FIN_WAIT_1:
    case TCPFSM_FIN_WAIT_2:
    case TCPFSM_CLOSE_WAIT:
    case TCPFSM_CLOSING:
    case TCPFSM_LAST_ACK:
        *notes = TCPFSM_NOTE_RESET | TCPFSM_NOTE_CLOSED;
        return TCPFSM_CLOSED;
    case TCPFSM_TIME_WAIT:
        if (rfc1337) {
            *notes = 0;
            return TCPFSM_TIME_WAIT;
        }
        *notes = TCPFSM_NOTE_CLOSED;
        return TCPFSM_CLOSED;
    default: /* not reached: the states above are all that synced[] holds */
        *notes = 0u;
        return p->state;
    }
}

SCENARIO(rst_with_exact_sequence_in_every_state)
{
    net_end *a = &net.a;
    tcpfsm_config no1337;
    size_t i;
    int rfc1337;

    /* CLOSED (§3.10.7.1) and LISTEN (§3.10.7.2): a RST is ignored */
    net_init(&net, NULL, NULL, x, y);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y + 1u, 0, 0)), TCPFSM_OK);
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, 0);
    net_expect_silent(a);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST | TCPFSM_ACK, y + 1u, x + 1u, 0)),
                     TCPFSM_OK);
    net_expect_silent(a);
    net_listen(&net, a);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y + 1u, 0, 0)), TCPFSM_OK);
    expect_state(a, TCPFSM_LISTEN);
    ck_assert_uint_eq(a->last_notes, 0);
    net_expect_silent(a);

    /* SYN-SENT (§3.10.7.3): believed only with an ACK of our SYN */
    net_init(&net, NULL, NULL, x, y);
    net_connect(&net, a);
    net_discard_all(&net);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y, 0, 0)), TCPFSM_OK);
    expect_state(a, TCPFSM_SYN_SENT); /* no ACK: dropped */
    net_expect_silent(a);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST | TCPFSM_ACK, y, x, 0)),
                     TCPFSM_OK);
    expect_state(a, TCPFSM_SYN_SENT); /* SEG.ACK =< ISS: dropped, never answered */
    net_expect_silent(a);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST | TCPFSM_ACK, y, x + 2u, 0)),
                     TCPFSM_OK);
    expect_state(a, TCPFSM_SYN_SENT); /* SEG.ACK > SND.NXT: dropped */
    net_expect_silent(a);
    ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST | TCPFSM_ACK, 0, x + 1u, 0)),
                     TCPFSM_OK);
    expect_state(a, TCPFSM_CLOSED);
    ck_assert_uint_eq(a->last_notes, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
    net_expect_silent(a);

    /* the synchronized states, with and without RFC 1337 */
    h_config(&no1337);
    no1337.flags = TCPFSM_CFG_RFC5961;
    for (rfc1337 = 1; rfc1337 >= 0; rfc1337--) {
        for (i = 0; i < N_SYNCED; i++) {
            const place *p = &synced[i];
            uint8_t notes;
            tcpfsm_state next = rst_outcome(p, rfc1337, &notes);
            const char *ctx = describe(p, rfc1337 ? "exact RST" : "exact RST, RFC 1337 off", x);
            reach(rfc1337 ? NULL : &no1337, p, x, y);
            ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y + p->rcv, 0, 0)),
                             TCPFSM_OK);
            expect_outcome(a, next, notes, ctx);
            expect_silence(a, ctx);
            if (next == TCPFSM_CLOSED) {
                ck_assert_msg(tcpfsm_next_deadline(&a->conn) == TCPFSM_NO_DEADLINE,
                              "%s: a timer survived", ctx);
            }
        }
    }
}

/* RFC 5961 §3.2: a RST inside the window but not at RCV.NXT draws the
 * challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and changes nothing; in
 * TIME-WAIT RFC 1337 ignores it. */
SCENARIO(rst_in_window_not_exact_draws_challenge_ack_in_every_synchronized_state)
{
    net_end *a = &net.a;
    size_t i;
    for (i = 0; i < N_SYNCED; i++) {
        const place *p = &synced[i];
        const char *ctx = describe(p, "in-window RST", x);
        uint32_t offsets[2];
        size_t k;
        reach(NULL, p, x, y);
        offsets[0] = 1u;
        offsets[1] = status(a).rcv_wnd - 1u; /* the last number of the window */
        for (k = 0; k < 2; k++) {
            net_discard_all(&net);
            ck_assert_int_eq(
                net_inject(&net, a, net_seg_make(TCPFSM_RST, y + p->rcv + offsets[k], 0, 0)),
                TCPFSM_OK);
            expect_outcome(a, p->state, 0, ctx);
            if (p->state == TCPFSM_TIME_WAIT) {
                expect_silence(a, ctx);
            } else {
                expect_challenge_ack(a, x + p->snd, y + p->rcv, ctx);
            }
        }
    }
}

/* §3.10.7.4 first step: a RST outside the window is dropped without reply. */
SCENARIO(rst_outside_window_is_dropped_silently_in_every_synchronized_state)
{
    net_end *a = &net.a;
    size_t i;
    for (i = 0; i < N_SYNCED; i++) {
        const place *p = &synced[i];
        const char *ctx = describe(p, "out-of-window RST", x);
        uint32_t wnd;
        reach(NULL, p, x, y);
        wnd = status(a).rcv_wnd;
        ck_assert_uint_gt(wnd, 0);
        ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y + p->rcv - 1u, 0, 0)),
                         TCPFSM_OK);
        expect_outcome(a, p->state, 0, ctx);
        expect_silence(a, ctx);
        ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_RST, y + p->rcv + wnd, 0, 0)),
                         TCPFSM_OK);
        expect_outcome(a, p->state, 0, ctx);
        expect_silence(a, ctx);
    }
}

/*
 * RFC 5961 §4.2 (RFC 9293 §3.10.7.4 fourth step): a SYN in a synchronized
 * state, whatever its sequence number, draws the challenge ACK
 * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and changes nothing.  The exception:
 * SYN-RECEIVED reached from a passive OPEN returns to LISTEN (silently) on
 * an in-window SYN, and then accepts a new SYN.
 */
SCENARIO(syn_in_every_synchronized_state_draws_challenge_ack)
{
    net_end *a = &net.a;
    size_t i;
    for (i = 0; i < N_SYNCED; i++) {
        const place *p = &synced[i];
        const char *ctx = describe(p, "SYN", x);
        uint32_t seqs[3];
        size_t k;
        size_t nseqs = 2;
        reach(NULL, p, x, y);
        seqs[0] = y + p->rcv + status(a).rcv_wnd; /* beyond the window */
        seqs[1] = y + p->rcv;                     /* at RCV.NXT */
        if (p->state != TCPFSM_SYN_RECEIVED) {
            seqs[2] = y; /* the peer's old SYN (SYN-RECEIVED: see below) */
            nseqs = 3;
        }
        for (k = 0; k < nseqs; k++) {
            if (k > 0 && p->state == TCPFSM_TIME_WAIT) {
                reach(NULL, p, x, y); /* the first SYN ended this incarnation */
            }
            net_discard_all(&net);
            ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_SYN, seqs[k], 0, 0)),
                             TCPFSM_OK);
            if (p->state == TCPFSM_SYN_RECEIVED && p->passive && seqs[k] == y + p->rcv) {
                expect_outcome(a, TCPFSM_LISTEN, 0, ctx);
                expect_silence(a, ctx);
                /* a listener again: a new SYN starts a new handshake */
                ck_assert_int_eq(
                    net_inject(&net, a, net_seg_make(TCPFSM_SYN, y + 5000u, 0, 0)), TCPFSM_OK);
                expect_outcome(a, TCPFSM_SYN_RECEIVED, 0, ctx);
                net_expect(a, 0, TCPFSM_SYN | TCPFSM_ACK, x, y + 5001u, 0);
            } else if (p->state == TCPFSM_TIME_WAIT && k == 0) {
                /* beyond RCV.NXT: a new incarnation (RFC 9293 §3.6.1 MAY-2,
                 * RFC 6191 §2), handed to the caller's listener */
                expect_outcome(a, TCPFSM_CLOSED, TCPFSM_NOTE_REOPEN | TCPFSM_NOTE_CLOSED, ctx);
                expect_silence(a, ctx);
            } else {
                expect_outcome(a, p->state, 0, ctx);
                expect_challenge_ack(a, x + p->snd, y + p->rcv, ctx);
            }
        }
    }
}

/*
 * A retransmission of the peer's SYN (SEG.SEQ = IRS) reaches SYN-RECEIVED,
 * typically because our SYN,ACK was lost.  The segment lies wholly before
 * RCV.NXT: §3.10.7.4 first step, "if an incoming segment is not acceptable,
 * an acknowledgment should be sent in reply"; for the synchronized
 * SYN-RECEIVED of a simultaneous open RFC 5961 §4.2 makes it a MUST
 * ("irrespective of the sequence number").  Either the ACK
 * <SEQ=SND.NXT><ACK=RCV.NXT> or a retransmitted SYN,ACK <SEQ=ISS><ACK=RCV.NXT>
 * answers it; silence does not.
 */
SCENARIO(retransmitted_syn_in_syn_received_is_answered)
{
    net_end *a = &net.a;
    int passive;
    for (passive = 1; passive >= 0; passive--) {
        const place p = {TCPFSM_SYN_RECEIVED, passive, 1, 1};
        const char *ctx = describe(&p, "retransmitted SYN", x);
        const net_seg *s;
        reach(NULL, &p, x, y);
        ck_assert_int_eq(net_inject(&net, a, net_seg_make(TCPFSM_SYN, y, 0, 0)), TCPFSM_OK);
        expect_outcome(a, TCPFSM_SYN_RECEIVED, 0, ctx);
        s = net_peek(a, 0);
        ck_assert_msg(s != NULL, "%s: no reply", ctx);
        ck_assert_msg((s->hdr.flags == TCPFSM_ACK && s->hdr.seq == x + 1u)
                          || (s->hdr.flags == (TCPFSM_SYN | TCPFSM_ACK) && s->hdr.seq == x),
                      "%s: flags 0x%02x seq %u", ctx, s->hdr.flags, s->hdr.seq);
        ck_assert_uint_eq(s->hdr.ack, y + 1u);
    }
}

Suite *suite_scenarios(void)
{
    Suite *s = suite_create("scenarios");
    TCase *open = tcase_create("opening");
    TCase *close = tcase_create("closing");
    TCase *rst_syn = tcase_create("RST and SYN in every state");

    tcase_add_test(open, handshake_active_side_exact_numbers);
    tcase_add_test(open, handshake_passive_side_exact_numbers);
    tcase_add_test(open, seed_scenario);
    tcase_add_test(open, simultaneous_open_rfc9293_figure7);
    tcase_add_test(open, old_duplicate_syn_recovery_rfc9293_figure8);
    tcase_add_test(open, half_open_discovery_after_crash_rfc9293_figure9);
    tcase_add_test(open, half_open_discovery_by_data_rfc9293_figure10);
    tcase_add_test(open, connect_to_closed_end_is_refused_by_rst_ack);

    tcase_add_test(close, four_way_close_active_opener_closes_first);
    tcase_add_test(close, four_way_close_passive_opener_closes_first);
    tcase_add_test(close, simultaneous_close_both_pass_closing_and_time_wait);
    tcase_add_test(close, half_close_data_keeps_flowing_to_the_closed_side);
    tcase_add_test(close, time_wait_expires_after_exactly_2msl);
    tcase_add_test(close, time_wait_restarts_2msl_on_retransmitted_fin);

    tcase_add_test(rst_syn, rst_with_exact_sequence_in_every_state);
    tcase_add_test(rst_syn, rst_in_window_not_exact_draws_challenge_ack_in_every_synchronized_state);
    tcase_add_test(rst_syn, rst_outside_window_is_dropped_silently_in_every_synchronized_state);
    tcase_add_test(rst_syn, syn_in_every_synchronized_state_draws_challenge_ack);
    tcase_add_test(rst_syn, retransmitted_syn_in_syn_received_is_answered);

    suite_add_tcase(s, open);
    suite_add_tcase(s, close);
    suite_add_tcase(s, rst_syn);
    return s;
}
