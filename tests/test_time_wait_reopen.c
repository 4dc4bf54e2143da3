/* SPDX-License-Identifier: BSD-2-Clause */
/* TIME-WAIT reopening (RFC 9293 §3.6.1 MAY-2, RFC 6191).  The end that
 * closed first holds TIME-WAIT for 2 MSL (MUST-13); a client back on the
 * same port pair before then would be refused.  With time_wait_reopen (on
 * by default) a SYN (no ACK, no RST) that can only belong to a new
 * incarnation ends TIME-WAIT: CLOSED, nothing sent, notes REOPEN and
 * CLOSED, and the caller hands the same SYN to a block in LISTEN.  "Can
 * only belong to a new incarnation": when both incarnations use timestamps
 * and the SYN carries them, its TSval is newer than TS.Recent (RFC 6191
 * §2); otherwise its SEQ lies beyond RCV.NXT (RFC 1122 §4.2.2.13, FreeBSD's
 * tcp_twcheck).  Any other SYN gets §3.10.7.4's answer (RFC 5961 §4.2: a
 * challenge ACK).  Sequence numbers and timestamps are compared modulo
 * 2^32 and cross it here. */
#include <string.h>
#include "harness.h"
#include "net.h"
#include "suites.h"

#define F_ACK TCPFSM_ACK
#define F_SYN TCPFSM_SYN
#define F_FIN TCPFSM_FIN
#define F_RST TCPFSM_RST

#define REOPENED ((uint32_t)(TCPFSM_NOTE_REOPEN | TCPFSM_NOTE_CLOSED))

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
/* the second puts RCV.NXT in TIME-WAIT at 0xFFFFFFF2: SEGs beyond wrap */
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};
/* the peer's TSvals: small, and just below 2^32 */
static const uint32_t PEER_TS[2] = {7000u, 0xFFFFFFF0u};

/* a before b, modulo 2^32 */
static int seq_before(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static void config(tcpfsm_config *cfg, int timestamps)
{
    h_config(cfg);
    if (timestamps) {
        cfg->flags = (uint8_t)(cfg->flags | TCPFSM_CFG_TIMESTAMPS);
    } else {
        cfg->flags = (uint8_t)(cfg->flags & ~TCPFSM_CFG_TIMESTAMPS);
    }
    cfg->max_retries = H_MAX_RETRIES;
}

/* A segment from the peer, with the timestamps option when ts is set. */
static tcpfsm_segment peer(uint8_t flags, uint32_t seq, uint32_t ack, int ts, uint32_t ts_val)
{
    tcpfsm_segment seg = h_seg(flags, seq, ack, 0u);
    if (ts) {
        seg.options = (uint8_t)(seg.options | TCPFSM_OPT_TIMESTAMP);
        seg.ts_val = ts_val;
        seg.ts_ecr = 0u;
    }
    return seg;
}

/* TIME-WAIT by active close with cfg: ESTABLISHED (the peer's SYN,ACK
 * with timestamps when ts_peer; TSvals from PEER_TS[i]), our FIN, the
 * peer's FIN,ACK.  TS.Recent is then the FIN's TSval, PEER_TS[i] + 2. */
static void reach_time_wait_cfg(h_t *t, const tcpfsm_config *cfg, int i, int ts_peer)
{
    h_init_cfg(t, cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    t->now += 50u;
    ck_assert_int_eq(h_rx(t, peer(F_SYN | F_ACK, t->peer_iss, t->iss + 1u, ts_peer,
                                  PEER_TS[i])), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    t->now += 1000u;
    ck_assert_int_eq(tcpfsm_close(&t->conn, t->now, &t->out), TCPFSM_OK);
    t->now += 50u;
    ck_assert_int_eq(h_rx(t, peer(F_ACK, t->peer_iss + 1u, t->conn.snd_nxt, ts_peer,
                                  PEER_TS[i] + 1u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_FIN_WAIT_2);
    t->now += 50u;
    ck_assert_int_eq(h_rx(t, peer(F_FIN | F_ACK, t->peer_iss + 1u, t->conn.snd_nxt, ts_peer,
                                  PEER_TS[i] + 2u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_TIME_WAIT);
    ck_assert_uint_eq(t->conn.rcv_nxt, t->peer_iss + 2u);
    if (ts_peer && (cfg->flags & TCPFSM_CFG_TIMESTAMPS) != 0u) {
        ck_assert_uint_eq(t->conn.ts_on, 1);
        ck_assert_uint_eq(t->conn.ts_recent, PEER_TS[i] + 2u);
    } else {
        ck_assert_uint_eq(t->conn.ts_on, 0);
    }
    t->now += 1000u; /* the client comes back a second later */
}

static void reach_time_wait(h_t *t, int i, int ts)
{
    tcpfsm_config cfg;
    config(&cfg, ts);
    reach_time_wait_cfg(t, &cfg, i, ts);
}

/* The SYN reopened: CLOSED, nothing sent, REOPEN and CLOSED, no timer. */
static void expect_reopened(const h_t *t, const char *what)
{
    ck_assert_msg(h_state(t) == TCPFSM_CLOSED, "%s: %s, expected CLOSED", what,
                  tcpfsm_state_name(h_state(t)));
    ck_assert_msg(t->out.count == 0, "%s: %u segments sent", what, t->out.count);
    ck_assert_msg(t->out.notes == REOPENED, "%s: notes 0x%x", what, t->out.notes);
    ck_assert(t->out.deadline == TCPFSM_NO_DEADLINE);
}

/* The SYN did not reopen: still TIME-WAIT with its 2 MSL as it was, no
 * note; `acks` ACKs <SEQ=SND.NXT><ACK=RCV.NXT> sent. */
static void expect_kept(const h_t *t, uint64_t deadline, uint32_t acks, const char *what)
{
    ck_assert_msg(h_state(t) == TCPFSM_TIME_WAIT, "%s: %s, expected TIME-WAIT", what,
                  tcpfsm_state_name(h_state(t)));
    ck_assert_msg(t->out.notes == 0, "%s: notes 0x%x", what, t->out.notes);
    ck_assert_msg(t->out.count == acks, "%s: %u segments sent, expected %u", what,
                  t->out.count, acks);
    if (acks != 0u) {
        h_expect_tx(t, 0, F_ACK, t->conn.snd_nxt, t->conn.rcv_nxt);
    }
    ck_assert_uint_eq(t->out.deadline, deadline);
}

/* ---- the configuration -------------------------------------------------------- */

START_TEST(on_by_default)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.time_wait_reopen, 1);
    cfg.time_wait_reopen = 0u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    cfg.time_wait_reopen = 2u; /* no meaning: refused */
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
}
END_TEST

/* ---- without timestamps: SEG.SEQ against RCV.NXT --------------------------------- */

/* Distances from RCV.NXT: beyond it (up to 2^31 - 1), reopening; at it or
 * before it, not. */
static const struct {
    uint32_t delta;
    int      reopens;
} SEQS[] = {
    {1u, 1},           {100000u, 1},      {0x7FFFFFFFu, 1}, {14u, 1},
    {0u, 0},           {0xFFFFFFFFu, 0},  {0u - 100000u, 0}, {0x80000001u, 0},
};
#define N_SEQS (int)(sizeof SEQS / sizeof SEQS[0])

/* RFC 9293 §3.6.1 MAY-2, RFC 6191 §2 (the previous incarnation without
 * timestamps): a SYN whose SEQ is greater than the last sequence number
 * seen opens a new incarnation; any other gets RFC 5961 §4.2's challenge
 * ACK and TIME-WAIT runs on. */
START_TEST(syn_by_sequence_number)
{
    h_t t;
    int k = _i / 2;
    int i = _i % 2;
    uint64_t deadline;
    uint32_t seq;
    reach_time_wait(&t, i, 0);
    deadline = tcpfsm_next_deadline(&t.conn);
    seq = t.conn.rcv_nxt + SEQS[k].delta;
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, seq, 0u, 0, 0u)), TCPFSM_OK);
    if (SEQS[k].reopens) {
        expect_reopened(&t, "SYN beyond RCV.NXT");
    } else {
        expect_kept(&t, deadline, 1u, "SYN at or before RCV.NXT");
    }
}
END_TEST

/* SEQ beyond RCV.NXT but ACK or RST set: not a new connection's SYN. */
START_TEST(syn_ack_and_syn_rst_never_reopen)
{
    static const uint8_t FLAGS[] = {F_SYN | F_ACK, F_SYN | F_RST, F_SYN | F_ACK | F_RST,
                                    F_SYN | F_ACK | F_FIN};
    h_t t;
    int k = _i / 4;
    int i = _i % 2;
    int ts = (_i / 2) % 2;
    uint64_t deadline;
    uint32_t delta;
    for (delta = 1u; delta <= 100001u; delta += 100000u) {
        reach_time_wait(&t, i, ts);
        deadline = tcpfsm_next_deadline(&t.conn);
        ck_assert_int_eq(h_rx(&t, peer(FLAGS[k], t.conn.rcv_nxt + delta, t.conn.snd_nxt, ts,
                                       PEER_TS[i] + 1000u)), TCPFSM_OK);
        ck_assert_msg(h_state(&t) == TCPFSM_TIME_WAIT, "flags 0x%02x +%u: %s", FLAGS[k], delta,
                      tcpfsm_state_name(h_state(&t)));
        ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_REOPEN, 0);
        ck_assert_uint_eq(t.out.deadline, deadline);
    }
}
END_TEST

/* ---- with timestamps: TSval against TS.Recent ----------------------------------- */

/* TSval and SEQ as distances from TS.Recent and RCV.NXT. */
static const struct {
    uint32_t ts_delta;
    uint32_t seq_delta;
    int      reopens;
} STAMPS[] = {
    /* newer TSval: a new incarnation, whatever the SEQ (RFC 6191 §2) */
    {1u, 100000u, 1}, {1u, 0u, 1}, {1u, 0u - 1u, 1}, {1u, 0u - 100000u, 1},
    {0x7FFFFFFFu, 0x80000001u, 1}, {5000u, 1u, 1},
    /* older TSval: an old duplicate (PAWS, RFC 7323 §5.3 R1), whatever
     * the SEQ */
    {0u - 1u, 100000u, 0}, {0u - 1u, 1u, 0}, {0u - 100000u, 0u, 0}, {0x80000001u, 1u, 0},
    /* the same TSval, SEQ not beyond RCV.NXT */
    {0u, 0u, 0}, {0u, 0u - 1u, 0},
};
#define N_STAMPS (int)(sizeof STAMPS / sizeof STAMPS[0])

START_TEST(syn_by_timestamp)
{
    h_t t;
    int k = _i / 2;
    int i = _i % 2;
    uint64_t deadline;
    uint32_t ts_val;
    uint32_t seq;
    reach_time_wait(&t, i, 1);
    deadline = tcpfsm_next_deadline(&t.conn);
    ts_val = t.conn.ts_recent + STAMPS[k].ts_delta;
    seq = t.conn.rcv_nxt + STAMPS[k].seq_delta;
    ck_assert_int_eq(seq_before(t.conn.ts_recent, ts_val), STAMPS[k].reopens);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, seq, 0u, 1, ts_val)), TCPFSM_OK);
    if (STAMPS[k].reopens) {
        expect_reopened(&t, "newer TSval");
    } else {
        expect_kept(&t, deadline, 1u, "TSval not newer");
    }
}
END_TEST

/* RFC 6191 §2, the previous incarnation with timestamps: "If TCP
 * Timestamps would be enabled for the new incarnation of the connection,
 * the timestamp contained in the incoming SYN segment is equal to the last
 * timestamp seen on the previous incarnation of the connection (for that
 * direction of the data transfer), and the Sequence Number of the incoming
 * SYN segment is greater than the last sequence number seen on the
 * previous incarnation of the connection (for that direction of the data
 * transfer), honor the connection request".  A client reconnecting within
 * one tick of its clock sends such a SYN (Linux honours it: its PAWS test
 * passes an equal TSval, then SEQ after tw_rcv_nxt reopens). */
START_TEST(equal_tsval_and_newer_seq_reopen)
{
    h_t t;
    uint32_t delta = _i < 2 ? 1u : 100000u;
    reach_time_wait(&t, _i % 2, 1);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt + delta, 0u, 1, t.conn.ts_recent)),
                     TCPFSM_OK);
    expect_reopened(&t, "RFC 6191: the same TSval, SEQ beyond RCV.NXT");
}
END_TEST

/* A SYN without the timestamps option would open an incarnation without
 * them: the SEQ decides (RFC 6191 §2, third rule); a SYN that does not
 * reopen is dropped silently, as a segment missing the option once they
 * are in use (RFC 7323 §3.2). */
START_TEST(syn_without_timestamps_falls_back_to_seq)
{
    h_t t;
    int k = _i / 2;
    int i = _i % 2;
    uint64_t deadline;
    reach_time_wait(&t, i, 1);
    deadline = tcpfsm_next_deadline(&t.conn);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt + SEQS[k].delta, 0u, 0, 0u)),
                     TCPFSM_OK);
    if (SEQS[k].reopens) {
        expect_reopened(&t, "SYN without timestamps beyond RCV.NXT");
    } else {
        expect_kept(&t, deadline, 0u, "SYN without timestamps not beyond RCV.NXT");
    }
}
END_TEST

/* The old incarnation without timestamps (the peer did not agree): the SYN's
 * TSval cannot be compared with anything; the SEQ decides. */
START_TEST(old_incarnation_without_timestamps)
{
    h_t t;
    tcpfsm_config cfg;
    uint64_t deadline;
    config(&cfg, 1);
    reach_time_wait_cfg(&t, &cfg, _i, 0);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt + 1u, 0u, 1, 1u)), TCPFSM_OK);
    expect_reopened(&t, "SEQ beyond, timestamps only on the new SYN");
    reach_time_wait_cfg(&t, &cfg, _i, 0);
    deadline = tcpfsm_next_deadline(&t.conn);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt - 1u, 0u, 0, 0u)), TCPFSM_OK);
    expect_kept(&t, deadline, 1u, "SEQ before RCV.NXT, no timestamps");
}
END_TEST

/* ---- switched off, and the SYN,FIN compat -------------------------------------- */

/* time_wait_reopen = 0: TIME-WAIT runs its 2 MSL whatever arrives; the SYN
 * draws the challenge ACK (RFC 5961 §4.2). */
START_TEST(switched_off_keeps_time_wait)
{
    h_t t;
    tcpfsm_config cfg;
    int ts = _i / 2;
    uint64_t deadline;
    config(&cfg, ts);
    cfg.time_wait_reopen = 0u;
    reach_time_wait_cfg(&t, &cfg, _i % 2, ts);
    deadline = tcpfsm_next_deadline(&t.conn);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt + 100000u, 0u, ts,
                                   t.conn.ts_recent + 1000u)), TCPFSM_OK);
    expect_kept(&t, deadline, 1u, "time_wait_reopen 0");
    /* and the 2 MSL ends it as usual */
    ck_assert_int_eq(h_timer(&t, deadline), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CLOSED);
}
END_TEST

/* RFC 9293 processes a SYN,FIN as a SYN: it reopens like one.  With
 * TCPFSM_COMPAT_DROP_SYNFIN (FreeBSD's drop_synfin) it is not taken for a
 * connection request, and TIME-WAIT stays. */
START_TEST(syn_fin_and_drop_synfin)
{
    h_t t;
    tcpfsm_config cfg;
    int drop = _i / 4;
    int ts = (_i / 2) % 2;
    config(&cfg, ts);
    if (drop) {
        cfg.compat = (uint8_t)(cfg.compat | TCPFSM_COMPAT_DROP_SYNFIN);
    }
    reach_time_wait_cfg(&t, &cfg, _i % 2, ts);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN | F_FIN, t.conn.rcv_nxt + 100000u, 0u, ts,
                                   t.conn.ts_recent + 1000u)), TCPFSM_OK);
    if (drop) {
        ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
        ck_assert_uint_eq(t.out.notes & TCPFSM_NOTE_REOPEN, 0);
    } else {
        expect_reopened(&t, "SYN,FIN");
    }
}
END_TEST

/* ---- only TIME-WAIT ------------------------------------------------------------- */

/* In every other synchronized state a SYN, wherever it lies, changes
 * nothing (RFC 5961 §4.2): no reopening outside TIME-WAIT. */
START_TEST(only_in_time_wait)
{
    static const tcpfsm_state STATES[] = {
        TCPFSM_ESTABLISHED, TCPFSM_FIN_WAIT_1, TCPFSM_FIN_WAIT_2, TCPFSM_CLOSE_WAIT,
        TCPFSM_CLOSING,     TCPFSM_LAST_ACK,
    };
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_state s = STATES[_i / 2];
    config(&cfg, 0);
    h_init_cfg(&t, &cfg, ISS[_i % 2], PEER_ISS[_i % 2]);
    h_drive(&t, s, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_rx(&t, peer(F_SYN, t.conn.rcv_nxt + 100000u, 0u, 0, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), s);
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_uint_eq(t.out.count, 1); /* the challenge ACK */
    h_expect_tx(&t, 0, F_ACK, t.conn.snd_nxt, t.conn.rcv_nxt);
}
END_TEST

/* ---- the listener takes the SYN -------------------------------------------------- */

/* The caller does what TCPFSM_NOTE_REOPEN says: the same block, put in
 * LISTEN, gets the same SYN with a new ISS (RFC 9293 §3.6.1 MAY-2 (1): above
 * the largest sequence number the old incarnation used).  It answers
 * SYN,ACK <SEQ=ISS><ACK=SEG.SEQ+1>; with timestamps, TSecr echoes the SYN's
 * TSval and our TSval does not go back (the block's clock runs on). */
START_TEST(listener_takes_the_same_syn)
{
    h_t t;
    int ts = _i / 2;
    int i = _i % 2;
    uint32_t old_snd_nxt;
    uint32_t last_tsval;
    uint32_t new_iss;
    tcpfsm_segment syn;
    reach_time_wait(&t, i, ts);
    old_snd_nxt = t.conn.snd_nxt;
    ck_assert_int_eq(h_timer(&t, t.now), TCPFSM_OK); /* nothing due: the TSval now */
    last_tsval = t.out.ts_val;
    syn = peer(F_SYN, ts ? t.conn.rcv_nxt - 5000u : t.conn.rcv_nxt + 5000u, 0u, ts,
               t.conn.ts_recent + 800u);
    ck_assert_int_eq(h_rx(&t, syn), TCPFSM_OK);
    expect_reopened(&t, "the returning client");
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    new_iss = old_snd_nxt + 250000u;
    t.iss = new_iss;
    ck_assert_int_eq(h_rx(&t, syn), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    h_expect_tx(&t, 0, F_SYN | F_ACK, new_iss, syn.seq + 1u);
    ck_assert(seq_before(old_snd_nxt, t.out.tx[0].seq));
    ck_assert_uint_eq(t.out.timestamps, (uint8_t)ts);
    if (ts) {
        ck_assert_uint_eq(t.out.ts_ecr, syn.ts_val);
        ck_assert(!seq_before(t.out.ts_val, last_tsval));
    }
    /* the handshake completes */
    ck_assert_int_eq(h_rx(&t, peer(F_ACK, syn.seq + 1u, new_iss + 1u, ts, syn.ts_val + 1u)),
                     TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.notes, TCPFSM_NOTE_CONNECTED);
}
END_TEST

/* ---- the issue, end to end --------------------------------------------------------
 * "A server whose old connection to a port pair is in TIME-WAIT refuses the
 * returning client: 11 SYNs, never connected."  B, the server, closes
 * first and holds TIME-WAIT; A, the client, comes back a second later from
 * the same port pair with a new ISS.  B's embedding does what the note
 * says (net.h: listen_on_reopen).  One SYN, ESTABLISHED both ends, data
 * both ways byte for byte, and a clean close.  Without timestamps the
 * client's new ISS lies beyond what the server received; with timestamps
 * it lies before, and the newer TSval alone lets it in. */

#define OLD_BYTES 5000u
#define NEW_BYTES 40000u

static net_t net; /* large: static */
static uint8_t stream_a[NEW_BYTES];
static uint8_t stream_b[NEW_BYTES];
static uint32_t syns_from_a;

static int count_syns(net_t *n, const net_end *from, const net_seg *seg, uint32_t nth)
{
    (void)nth;
    if (from == &n->a && (seg->hdr.flags & (F_SYN | F_ACK)) == F_SYN) {
        syns_from_a++;
    }
    return 0;
}

START_TEST(returning_client_is_accepted)
{
    net_t *n = &net;
    net_end *a = &n->a;
    net_end *b = &n->b;
    tcpfsm_config cfg;
    int ts = _i / 2;
    int i = _i % 2;
    uint32_t k;
    uint32_t a_old_nxt;
    uint32_t b_old_nxt;
    uint32_t a_rcv0;
    uint32_t b_rcv0;
    uint64_t t0;
    config(&cfg, ts);
    for (k = 0; k < NEW_BYTES; k++) {
        stream_a[k] = net_pattern(0xA5u, k);
        stream_b[k] = net_pattern(0x5Au, k);
    }
    net_init(n, &cfg, &cfg, ISS[i], PEER_ISS[i]);
    b->listen_on_reopen = 1;

    /* the old incarnation: data both ways, the server closes first */
    net_handshake(n);
    ck_assert_uint_eq(a->conn.ts_on, (uint8_t)ts);
    net_write(n, a, stream_a, OLD_BYTES);
    net_write(n, b, stream_b, OLD_BYTES);
    (void)net_flush(n, 1000u);
    n->now += 20u;
    net_close(n, b);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(a), TCPFSM_CLOSE_WAIT);
    n->now += 20u;
    net_close(n, a);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(a), TCPFSM_CLOSED);
    ck_assert_int_eq(net_state(b), TCPFSM_TIME_WAIT);
    a_old_nxt = a->iss + 1u + OLD_BYTES + 1u;
    b_old_nxt = b->conn.snd_nxt;
    ck_assert_uint_eq(b->conn.rcv_nxt, a_old_nxt);

    /* the client comes back from the same port pair a second later */
    n->now += 1000u;
    t0 = n->now;
    a->iss = ts ? a_old_nxt - 300000u : a_old_nxt + 300000u;
    b->iss = b_old_nxt + 300000u; /* MAY-2 (1): above the old incarnation's */
    a->have_max = 0;              /* net's retransmission count starts over */
    a->rtx = 0;
    syns_from_a = 0;
    n->drop = count_syns;
    a_rcv0 = a->rcv_len;
    b_rcv0 = b->rcv_len;
    net_connect(n, a);
    net_expect(a, 0, F_SYN, a->iss, 0u, 0u);
    ck_assert_int_eq(net_deliver(n, a), NET_DELIVERED);
    ck_assert_uint_eq(b->last_notes & REOPENED, REOPENED);
    ck_assert_int_eq(net_state(b), TCPFSM_SYN_RECEIVED);
    net_expect(b, 0, F_SYN | F_ACK, b->iss, a->iss + 1u, 0u);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(b), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(syns_from_a, 1);
    ck_assert_uint_eq(n->now, t0); /* no timer was needed */

    /* the new incarnation carries data both ways */
    net_write(n, a, stream_a, NEW_BYTES);
    net_write(n, b, stream_b, NEW_BYTES);
    net_run(n, 100000u);
    ck_assert_uint_eq(b->rcv_len - b_rcv0, NEW_BYTES);
    ck_assert_uint_eq(a->rcv_len - a_rcv0, NEW_BYTES);
    ck_assert_int_eq(memcmp(b->rcv + b_rcv0, stream_a, NEW_BYTES), 0);
    ck_assert_int_eq(memcmp(a->rcv + a_rcv0, stream_b, NEW_BYTES), 0);
    ck_assert_uint_eq(a->rtx, 0);
    ck_assert_int_eq(net_state(a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(b), TCPFSM_ESTABLISHED);

    /* and closes cleanly, the client first this time */
    net_close(n, a);
    net_close(n, b);
    net_run(n, 100000u);
    ck_assert_int_eq(net_state(a), TCPFSM_CLOSED);
    ck_assert_int_eq(net_state(b), TCPFSM_CLOSED);
    ck_assert_uint_eq(a->notes & (TCPFSM_NOTE_RESET | TCPFSM_NOTE_REFUSED
                                  | TCPFSM_NOTE_TIMED_OUT), 0);
    ck_assert_uint_eq(b->notes & (TCPFSM_NOTE_RESET | TCPFSM_NOTE_REFUSED
                                  | TCPFSM_NOTE_TIMED_OUT), 0);
}
END_TEST

Suite *suite_time_wait_reopen(void)
{
    Suite *s = suite_create("TIME-WAIT reopening (RFC 9293 §3.6.1 MAY-2, RFC 6191)");
    TCase *tc = tcase_create("TIME-WAIT reopening");
    tcase_add_test(tc, on_by_default);
    tcase_add_loop_test(tc, syn_by_sequence_number, 0, 2 * N_SEQS);
    tcase_add_loop_test(tc, syn_ack_and_syn_rst_never_reopen, 0, 16);
    tcase_add_loop_test(tc, syn_by_timestamp, 0, 2 * N_STAMPS);
    tcase_add_loop_test(tc, equal_tsval_and_newer_seq_reopen, 0, 4);
    tcase_add_loop_test(tc, syn_without_timestamps_falls_back_to_seq, 0, 2 * N_SEQS);
    tcase_add_loop_test(tc, old_incarnation_without_timestamps, 0, 2);
    tcase_add_loop_test(tc, switched_off_keeps_time_wait, 0, 4);
    tcase_add_loop_test(tc, syn_fin_and_drop_synfin, 0, 8);
    tcase_add_loop_test(tc, only_in_time_wait, 0, 12);
    tcase_add_loop_test(tc, listener_takes_the_same_syn, 0, 4);
    tcase_add_loop_test(tc, returning_client_is_accepted, 0, 4);
    suite_add_tcase(s, tc);
    return s;
}
