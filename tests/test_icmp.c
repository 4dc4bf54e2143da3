/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMP and ICMPv6 errors about our segments: tcpfsm_on_icmp in the core,
 * tcpfsm_wire_parse_icmp and tcpfsm_wire_to_icmp in the codec.  The
 * expectations are the RFCs':
 *   RFC 5927 §4.1   act only on a message quoting SND.UNA .. SND.NXT-1
 *   RFC 1122 §4.2.3.9, RFC 9293 §3.9.2.2 (SHLD-26, MUST-56)
 *                   hard errors (protocol/port unreachable) end a
 *                   connection attempt, soft ones are only reported
 *   RFC 5461 §4     in the synchronized states every error is soft
 *   RFC 1191, RFC 8201
 *                   Packet Too Big lowers the MSS and resends at once;
 *                   RFC 1191 §7's plateaus when the router gives no MTU;
 *                   RFC 8201 §4: never below the IPv6 minimum link MTU
 *   RFC 792, RFC 1191 §4, RFC 4443 §3
 *                   the layout of the messages, built by hand here.
 * The core tests run twice: small sequence numbers and just below 2^32.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "suites.h"
#include "tcpfsm/wire.h"

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFF0u};

#define PEER_MSS 1460u
#define TS_OPTION_LEN 12u /* RFC 7323 §3.2: 10 bytes, padded to 12 */

/* ------------------------------------------------------------------ */
/* Core helpers                                                        */
/* ------------------------------------------------------------------ */

static void config(tcpfsm_config *cfg, uint8_t policy)
{
    h_config(cfg);
    cfg->max_retries = H_MAX_RETRIES;
    cfg->icmp_abort = policy;
}

/* ESTABLISHED by active open (peer MSS 1460, no timestamps). */
static void establish(h_t *t, int i, uint8_t policy)
{
    tcpfsm_config cfg;
    config(&cfg, policy);
    h_establish(t, &cfg, ISS[i], PEER_ISS[i], (uint16_t)H_WINDOW, (uint16_t)PEER_MSS);
    ck_assert_uint_eq(h_info(t).snd_mss, PEER_MSS);
}

/* ESTABLISHED by active open with timestamps agreed on both SYNs. */
static void establish_ts(h_t *t, int i)
{
    tcpfsm_config cfg;
    tcpfsm_segment syn_ack;
    config(&cfg, TCPFSM_ICMP_ABORT_RFC);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_TIMESTAMPS);
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    ck_assert_uint_eq(t->out.timestamps, 1);
    syn_ack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t->peer_iss, t->iss + 1u, 0u);
    syn_ack.options = (uint8_t)(TCPFSM_OPT_MSS | TCPFSM_OPT_TIMESTAMP);
    syn_ack.mss = (uint16_t)PEER_MSS;
    syn_ack.ts_val = 7000u;
    syn_ack.ts_ecr = t->out.ts_val;
    t->now += 10u;
    ck_assert_int_eq(h_rx(t, syn_ack), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
    ck_assert_uint_ne(h_info(t).options & TCPFSM_OPT_TIMESTAMP, 0);
    ck_assert_uint_eq(h_info(t).snd_mss, PEER_MSS - TS_OPTION_LEN);
}

/* A fresh block with that policy, driven to `state`. */
static void drive(h_t *t, int i, uint8_t policy, tcpfsm_state state, h_origin origin)
{
    tcpfsm_config cfg;
    config(&cfg, policy);
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    h_drive(t, state, origin);
    ck_assert_int_eq(h_state(t), state);
}

static void scribble(tcpfsm_output *out)
{
    memset(out, 0xA5, sizeof *out);
}

/* The message changes nothing: the block byte for byte but the clock the
 * call ran at, no segment, no note. */
static void expect_nothing(h_t *t, tcpfsm_icmp_kind kind, uint32_t seq, uint16_t mss)
{
    tcpfsm_conn before;
    memcpy(&before, &t->conn, sizeof before);
    scribble(&t->out);
    ck_assert_int_eq(h_icmp(t, kind, seq, mss), TCPFSM_OK);
    before.latest_now = t->conn.latest_now;
    before.clock_skew = t->conn.clock_skew;
    ck_assert_msg(memcmp(&before, &t->conn, sizeof before) == 0,
                  "kind %d seq %u (una %u nxt %u, state %s) changed the block", (int)kind, seq,
                  before.snd_una, before.snd_nxt, tcpfsm_state_name((tcpfsm_state)before.state));
    ck_assert_msg(t->out.count == 0 && t->out.notes == 0,
                  "kind %d seq %u: count %u notes 0x%x", (int)kind, seq, t->out.count,
                  t->out.notes);
}

/* A soft error (RFC 1122 §4.2.3.9, RFC 9293 §3.9.2.2 MUST-56): reported
 * (note and STATUS), and nothing else changes: no state change, no segment,
 * the sequence numbers, the timers and the windows as they were. */
static void expect_soft(h_t *t, tcpfsm_icmp_kind kind, uint32_t seq)
{
    tcpfsm_conn before;
    tcpfsm_state state = h_state(t);
    memcpy(&before, &t->conn, sizeof before);
    scribble(&t->out);
    ck_assert_int_eq(h_icmp(t, kind, seq, 0u), TCPFSM_OK);
    ck_assert_msg(h_state(t) == state, "kind %d ended %s in %s", (int)kind,
                  tcpfsm_state_name(state), tcpfsm_state_name(h_state(t)));
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert_uint_eq(t->out.notes, TCPFSM_NOTE_SOFT_ERROR);
    ck_assert_uint_eq(h_info(t).soft_error, kind);
    /* only the report differs */
    before.soft_error = (uint8_t)kind;
    ck_assert_msg(memcmp(&before, &t->conn, sizeof before) == 0,
                  "soft error kind %d in %s changed more than soft_error", (int)kind,
                  tcpfsm_state_name(state));
}

/* The connection attempt ends: CLOSED, these notes, nothing sent (no RST:
 * the peer holds no connection). */
static void expect_abort(h_t *t, tcpfsm_icmp_kind kind, uint32_t seq, uint32_t notes)
{
    tcpfsm_info info;
    scribble(&t->out);
    ck_assert_int_eq(h_icmp(t, kind, seq, 0u), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_CLOSED);
    ck_assert_uint_eq(t->out.notes, notes);
    ck_assert_uint_eq(t->out.count, 0);
    ck_assert(tcpfsm_next_deadline(&t->conn) == TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(tcpfsm_status(&t->conn, &info), TCPFSM_ERR_NO_CONNECTION);
}

/* out.tx[0]: the segment at SND.UNA sent again, len bytes of data from the
 * head of the send buffer. */
static void expect_resent(const h_t *t, uint32_t len)
{
    ck_assert_uint_eq(t->out.count, 1);
    ck_assert_uint_eq(t->out.tx[0].seq, t->conn.snd_una);
    ck_assert_uint_eq(t->out.tx[0].ack, t->conn.rcv_nxt);
    ck_assert_uint_ne(t->out.tx[0].flags & TCPFSM_ACK, 0);
    ck_assert_uint_eq(t->out.tx[0].flags & (TCPFSM_SYN | TCPFSM_FIN | TCPFSM_RST), 0);
    ck_assert_uint_eq(t->out.tx[0].data_offset, 0);
    ck_assert_uint_eq(t->out.tx[0].data_len, len);
}

static const tcpfsm_icmp_kind SOFT_OR_HARD[] = {
    TCPFSM_ICMP_UNREACHABLE, TCPFSM_ICMP_REFUSED, TCPFSM_ICMP_PROHIBITED,
    TCPFSM_ICMP_TIME_EXCEEDED, TCPFSM_ICMP_OTHER_SOFT,
};
#define N_SOFT_OR_HARD (sizeof SOFT_OR_HARD / sizeof SOFT_OR_HARD[0])

static const uint8_t POLICIES[] = {
    TCPFSM_ICMP_ABORT_NONE, TCPFSM_ICMP_ABORT_RFC, TCPFSM_ICMP_ABORT_BSD,
};
#define N_POLICIES (sizeof POLICIES / sizeof POLICIES[0])

/* ------------------------------------------------------------------ */
/* RFC 5927 §4.1: only SND.UNA .. SND.NXT-1                            */
/* ------------------------------------------------------------------ */

/* ESTABLISHED with two full segments in flight: a message quoting any
 * byte sent and unacknowledged is acted on; one quoting SND.UNA-1 (acked),
 * SND.NXT (not sent) or far away changes nothing. */
START_TEST(established_seq_check_soft)
{
    h_t t;
    uint32_t una, nxt;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    una = t.conn.snd_una;
    nxt = t.conn.snd_nxt;
    ck_assert_uint_eq(nxt - una, 2u * PEER_MSS);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, una - 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, nxt, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, nxt + 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, una + 0x80000000u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, una - 0x40000000u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, una + 100000u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, una - 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, nxt, 0u);
    ck_assert_uint_eq(h_info(&t).soft_error, 0);
    expect_soft(&t, TCPFSM_ICMP_UNREACHABLE, una);
    expect_soft(&t, TCPFSM_ICMP_TIME_EXCEEDED, nxt - 1u);
    expect_soft(&t, TCPFSM_ICMP_OTHER_SOFT, una + PEER_MSS);
}
END_TEST

/* The same window for Packet Too Big (RFC 5927 §7.2 refers to §4.1). */
START_TEST(established_seq_check_too_big)
{
    h_t t;
    uint32_t una, nxt;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    una = t.conn.snd_una;
    nxt = t.conn.snd_nxt;
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una - 1u, 1000u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, nxt, 1000u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una + 0x80000000u, 1000u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una - 12345678u, 1000u);
    ck_assert_uint_eq(h_info(&t).snd_mss, PEER_MSS);
    /* SND.NXT-1, the last byte in flight: acted on */
    scribble(&t.out);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, nxt - 1u, 1000u), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000u);
    expect_resent(&t, 1000u);
}
END_TEST

/* The same at the very first byte in flight, SND.UNA. */
START_TEST(established_seq_check_too_big_at_una)
{
    h_t t;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    scribble(&t.out);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000u);
    expect_resent(&t, 1000u);
}
END_TEST

/* SYN-SENT: only the ISS is in flight. */
START_TEST(syn_sent_seq_check)
{
    h_t t;
    uint32_t iss = ISS[_i];
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, iss - 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, iss + 1u, 0u); /* SND.NXT */
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, iss + 0x80000000u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, iss - 1000000u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, iss + 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, iss - 1u, 0u);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
    expect_abort(&t, TCPFSM_ICMP_REFUSED, iss, TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
}
END_TEST

/* Every kind, quoting anything, where nothing is in flight. */
static void everything_changes_nothing(h_t *t)
{
    static const uint16_t mss[] = {1u, 200u, 500u, 1000u, 65535u};
    uint32_t seqs[10];
    unsigned k, s, m;
    seqs[0] = t->conn.snd_una;
    seqs[1] = t->conn.snd_una - 1u;
    seqs[2] = t->conn.snd_nxt;
    seqs[3] = t->conn.snd_nxt - 1u;
    seqs[4] = t->conn.snd_nxt + 1u;
    seqs[5] = t->iss;
    seqs[6] = t->iss + 1u;
    seqs[7] = 0u;
    seqs[8] = t->conn.snd_una + 0x80000000u;
    seqs[9] = t->peer_iss;
    for (k = TCPFSM_ICMP_NONE; k < TCPFSM_ICMP_KIND_COUNT; k++) {
        for (s = 0; s < sizeof seqs / sizeof seqs[0]; s++) {
            if (k == TCPFSM_ICMP_PACKET_TOO_BIG) {
                for (m = 0; m < sizeof mss / sizeof mss[0]; m++) {
                    expect_nothing(t, (tcpfsm_icmp_kind)k, seqs[s], mss[m]);
                }
            } else {
                expect_nothing(t, (tcpfsm_icmp_kind)k, seqs[s], 0u);
            }
        }
    }
}

START_TEST(nothing_in_flight_established)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        establish(&t, _i, POLICIES[p]);
        h_send(&t, 300u);
        h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW); /* all acknowledged */
        ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
        everything_changes_nothing(&t);
        ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    }
}
END_TEST

START_TEST(nothing_in_flight_listen)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        drive(&t, _i, POLICIES[p], TCPFSM_LISTEN, ORIGIN_PASSIVE);
        everything_changes_nothing(&t);
        ck_assert_int_eq(h_state(&t), TCPFSM_LISTEN);
    }
}
END_TEST

START_TEST(nothing_in_flight_closed)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        drive(&t, _i, POLICIES[p], TCPFSM_CLOSED, ORIGIN_ACTIVE);
        everything_changes_nothing(&t);
        ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    }
}
END_TEST

START_TEST(nothing_in_flight_time_wait)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        drive(&t, _i, POLICIES[p], TCPFSM_TIME_WAIT, ORIGIN_ACTIVE);
        ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
        everything_changes_nothing(&t);
        ck_assert_int_eq(h_state(&t), TCPFSM_TIME_WAIT);
    }
}
END_TEST

START_TEST(nothing_in_flight_fin_wait_2)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_BSD, TCPFSM_FIN_WAIT_2, ORIGIN_ACTIVE);
    ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
    everything_changes_nothing(&t);
    ck_assert_int_eq(h_state(&t), TCPFSM_FIN_WAIT_2);
}
END_TEST

/* A connection that is gone has no TCB: an ICMP error quoting what it had
 * in flight finds nothing (RFC 9293 §3.10.7.1: CLOSED has no TCB). */
START_TEST(closed_after_refused_ignores_a_repeat)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_abort(&t, TCPFSM_ICMP_REFUSED, ISS[_i], TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, ISS[_i], 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, ISS[_i], 0u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 300u);
}
END_TEST

START_TEST(closed_after_abort_ignores_old_data)
{
    h_t t;
    uint32_t una;
    establish(&t, _i, TCPFSM_ICMP_ABORT_BSD);
    h_send(&t, 2u * PEER_MSS);
    una = t.conn.snd_una;
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSED);
    expect_nothing(&t, TCPFSM_ICMP_REFUSED, una, 0u);
    expect_nothing(&t, TCPFSM_ICMP_UNREACHABLE, una + 1u, 0u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una, 300u);
}
END_TEST

/* ------------------------------------------------------------------ */
/* SYN-SENT: hard and soft errors                                      */
/* ------------------------------------------------------------------ */

/* RFC 1122 §4.2.3.9, RFC 9293 §3.9.2.2 SHLD-26: port/protocol unreachable
 * is a hard error and ends the connection attempt, under the default. */
START_TEST(syn_sent_refused_aborts)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.icmp_abort, TCPFSM_ICMP_ABORT_RFC);
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_abort(&t, TCPFSM_ICMP_REFUSED, ISS[_i], TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
    /* the BSD policy too */
    drive(&t, _i, TCPFSM_ICMP_ABORT_BSD, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_abort(&t, TCPFSM_ICMP_REFUSED, ISS[_i], TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);
}
END_TEST

/* With the BSD policy, administratively prohibited and TTL exceeded end
 * the attempt too, as "unreachable". */
START_TEST(syn_sent_bsd_aborts_on_prohibited_and_time_exceeded)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_BSD, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_abort(&t, TCPFSM_ICMP_PROHIBITED, ISS[_i],
                 TCPFSM_NOTE_UNREACHABLE | TCPFSM_NOTE_CLOSED);
    drive(&t, _i, TCPFSM_ICMP_ABORT_BSD, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_abort(&t, TCPFSM_ICMP_TIME_EXCEEDED, ISS[_i],
                 TCPFSM_NOTE_UNREACHABLE | TCPFSM_NOTE_CLOSED);
}
END_TEST

/* After a soft error the attempt goes on: the SYN is sent again when the
 * retransmission timer expires, at the deadline it had. */
static void syn_still_retransmitted(h_t *t)
{
    uint64_t deadline = tcpfsm_next_deadline(&t->conn);
    ck_assert(deadline != TCPFSM_NO_DEADLINE);
    ck_assert_int_eq(h_timer(t, deadline), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_SENT);
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_SYN, t->iss, 0u);
}

/* RFC 1122 §4.2.3.9: administratively prohibited (RFC 1812 code 13) and
 * time exceeded are soft under the RFC policy, the default. */
START_TEST(syn_sent_rfc_prohibited_and_time_exceeded_soft)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_soft(&t, TCPFSM_ICMP_PROHIBITED, ISS[_i]);
    expect_soft(&t, TCPFSM_ICMP_TIME_EXCEEDED, ISS[_i]);
    syn_still_retransmitted(&t);
}
END_TEST

/* TCPFSM_ICMP_ABORT_NONE: every error is soft, port unreachable too. */
START_TEST(syn_sent_none_policy_all_soft)
{
    h_t t;
    unsigned k;
    for (k = 0; k < N_SOFT_OR_HARD; k++) {
        drive(&t, _i, TCPFSM_ICMP_ABORT_NONE, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
        expect_soft(&t, SOFT_OR_HARD[k], ISS[_i]);
        syn_still_retransmitted(&t);
    }
}
END_TEST

/* Network/host unreachable (codes 0, 1, 5: "only a hint", RFC 1122
 * §3.2.2.1) and the other soft errors never end the attempt. */
START_TEST(syn_sent_unreachable_always_soft)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        drive(&t, _i, POLICIES[p], TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
        expect_soft(&t, TCPFSM_ICMP_UNREACHABLE, ISS[_i]);
        syn_still_retransmitted(&t);
        expect_soft(&t, TCPFSM_ICMP_OTHER_SOFT, ISS[_i]);
        syn_still_retransmitted(&t);
        ck_assert_uint_eq(h_info(&t).soft_error, TCPFSM_ICMP_OTHER_SOFT);
    }
}
END_TEST

/* Source quench (RFC 6633 §3: ignored) and redirect (the IP layer's):
 * nothing for TCP. */
START_TEST(syn_sent_kind_none_changes_nothing)
{
    h_t t;
    unsigned p;
    for (p = 0; p < N_POLICIES; p++) {
        drive(&t, _i, POLICIES[p], TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
        expect_nothing(&t, TCPFSM_ICMP_NONE, ISS[_i], 0u);
        expect_nothing(&t, TCPFSM_ICMP_NONE, ISS[_i], 500u);
    }
}
END_TEST

/* A Packet Too Big about the SYN, a message the IP layer may take to its
 * path MTU cache (RFC 1191 §6.3, RFC 8201 §5.2): nothing is resent and
 * nobody is told (no data in flight, no error), the MSS our next SYN
 * announces falls to the path's (RFC 1191 §3.1 lets the option follow the
 * MTU; FreeBSD's next SYN offers its host cache's), never below the floor
 * and never back up, and the connection sends no larger segments once
 * established. */
START_TEST(syn_sent_too_big_lowers_the_mss_announced)
{
    h_t t;
    tcpfsm_segment synack;
    uint32_t k;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_uint_eq(h_info(&t).snd_mss, t.conn.cfg.mss);
    /* the path carries what we announce: no news */
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], t.conn.cfg.mss);
    scribble(&t.out);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 1240u), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 0);
    ck_assert_uint_eq(t.out.notes, 0);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1240u);
    syn_still_retransmitted(&t);
    ck_assert_uint_eq(t.out.tx[0].options & TCPFSM_OPT_MSS, TCPFSM_OPT_MSS);
    ck_assert_uint_eq(t.out.tx[0].mss, 1240u);
    /* never raised again */
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 1400u);
    /* never below the floor (RFC 5927 §7.2) */
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 1u), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, TCPFSM_PMTU_MIN_MSS);
    syn_still_retransmitted(&t);
    ck_assert_uint_eq(t.out.tx[0].mss, TCPFSM_PMTU_MIN_MSS);
    /* the peer takes 1460: we send segments the path carries */
    synack = h_seg(TCPFSM_SYN | TCPFSM_ACK, t.peer_iss, t.iss + 1u, 0u);
    synack.window = (uint16_t)H_WINDOW;
    synack.options = TCPFSM_OPT_MSS;
    synack.mss = 1460u;
    ck_assert_int_eq(h_rx(&t, synack), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).snd_mss, TCPFSM_PMTU_MIN_MSS);
    h_send(&t, 1000u);
    ck_assert_uint_ge(t.out.count, 1);
    for (k = 0; k < t.out.count; k++) {
        ck_assert_uint_le(t.out.tx[k].data_len, TCPFSM_PMTU_MIN_MSS);
    }
}
END_TEST

/* What one connection learnt does not outlive it: the block's next SYN
 * announces the configured MSS again, and a SYN,ACK of a passive open
 * always does. */
START_TEST(syn_sent_too_big_ends_with_the_connection)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 1000u), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_active(&t.conn, t.iss, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].mss, t.conn.cfg.mss);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, ISS[_i], 1000u), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&t, h_seg(TCPFSM_SYN, t.peer_iss, 0u, 0u)), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].mss, t.conn.cfg.mss);
}
END_TEST

/* The connection still completes after a soft error in SYN-SENT. */
START_TEST(syn_sent_soft_then_connects)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_BSD, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    expect_soft(&t, TCPFSM_ICMP_UNREACHABLE, ISS[_i]);
    ck_assert_int_eq(h_event_apply(&t, EV_RCV_SYN_ACK), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_ne(t.out.notes & TCPFSM_NOTE_CONNECTED, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Synchronized states: every error is soft (RFC 5461 §4)              */
/* ------------------------------------------------------------------ */

typedef struct {
    tcpfsm_state state;
    h_origin origin;
    int send_data; /* queue data so that some is in flight */
} sync_case;

static const sync_case SYNC_CASES[] = {
    {TCPFSM_ESTABLISHED, ORIGIN_ACTIVE, 1},  {TCPFSM_ESTABLISHED, ORIGIN_PASSIVE, 1},
    {TCPFSM_FIN_WAIT_1, ORIGIN_ACTIVE, 0},   {TCPFSM_FIN_WAIT_1, ORIGIN_PASSIVE, 0},
    {TCPFSM_CLOSE_WAIT, ORIGIN_ACTIVE, 1},   {TCPFSM_CLOSING, ORIGIN_ACTIVE, 0},
    {TCPFSM_LAST_ACK, ORIGIN_ACTIVE, 0},     {TCPFSM_LAST_ACK, ORIGIN_PASSIVE, 0},
};
#define N_SYNC_CASES (sizeof SYNC_CASES / sizeof SYNC_CASES[0])

static void drive_in_flight(h_t *t, int i, uint8_t policy, const sync_case *c)
{
    drive(t, i, policy, c->state, c->origin);
    if (c->send_data) {
        h_send(t, H_DATA_LEN);
    }
    ck_assert_uint_ne(t->conn.snd_una, t->conn.snd_nxt);
}

START_TEST(synchronized_states_every_error_soft)
{
    h_t t;
    unsigned c, p, k;
    for (c = 0; c < N_SYNC_CASES; c++) {
        for (p = 0; p < N_POLICIES; p++) {
            for (k = 0; k < N_SOFT_OR_HARD; k++) {
                drive_in_flight(&t, _i, POLICIES[p], &SYNC_CASES[c]);
                expect_soft(&t, SOFT_OR_HARD[k], t.conn.snd_una);
                expect_soft(&t, SOFT_OR_HARD[k], t.conn.snd_nxt - 1u);
                expect_nothing(&t, TCPFSM_ICMP_NONE, t.conn.snd_una, 0u);
            }
        }
    }
}
END_TEST

/* Packet Too Big never ends a synchronized connection either. */
START_TEST(synchronized_states_too_big_never_aborts)
{
    h_t t;
    unsigned c;
    for (c = 0; c < N_SYNC_CASES; c++) {
        tcpfsm_state state = SYNC_CASES[c].state;
        drive_in_flight(&t, _i, TCPFSM_ICMP_ABORT_BSD, &SYNC_CASES[c]);
        ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 500u),
                         TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), state);
        ck_assert_uint_eq(t.out.notes & (TCPFSM_NOTE_CLOSED | TCPFSM_NOTE_RESET
                                         | TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_UNREACHABLE),
                          0);
        if (SYNC_CASES[c].send_data) {
            ck_assert_uint_eq(h_info(&t).snd_mss, 500u);
            expect_resent(&t, H_DATA_LEN);
        }
    }
}
END_TEST

/* SYN-RECEIVED (our SYN,ACK in flight): only SYN-SENT is ended by a hard
 * error (tcpfsm.h, RFC 9293 §3.9.2.2 SHLD-26 speaks of the connection
 * attempt of an active OPEN); the passive side goes on. */
START_TEST(syn_received_every_error_soft)
{
    h_t t;
    unsigned p, k;
    for (p = 0; p < N_POLICIES; p++) {
        for (k = 0; k < N_SOFT_OR_HARD; k++) {
            drive(&t, _i, POLICIES[p], TCPFSM_SYN_RECEIVED, ORIGIN_PASSIVE);
            ck_assert_uint_eq(t.conn.snd_nxt - t.conn.snd_una, 1u);
            expect_soft(&t, SOFT_OR_HARD[k], t.conn.snd_una);
        }
    }
}
END_TEST

/* A soft error in ESTABLISHED leaves the data flowing: the timer resends,
 * the ACK clears the flight, the report stays for STATUS. */
START_TEST(established_soft_error_connection_goes_on)
{
    h_t t;
    establish(&t, _i, TCPFSM_ICMP_ABORT_BSD);
    h_send(&t, H_DATA_LEN);
    expect_soft(&t, TCPFSM_ICMP_REFUSED, t.conn.snd_una);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    expect_resent(&t, H_DATA_LEN);
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(t.out.acked, H_DATA_LEN);
    ck_assert_uint_eq(h_info(&t).soft_error, TCPFSM_ICMP_REFUSED);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Packet Too Big (RFC 1191, RFC 8201)                                 */
/* ------------------------------------------------------------------ */

START_TEST(too_big_lowers_mss_and_resends)
{
    h_t t;
    tcpfsm_info before, after;
    uint32_t una, nxt;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    before = h_info(&t);
    una = t.conn.snd_una;
    nxt = t.conn.snd_nxt;
    scribble(&t.out);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una, 1000u), TCPFSM_OK);
    after = h_info(&t);
    ck_assert_int_eq(after.state, TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(after.snd_mss, 1000u);
    ck_assert_uint_eq(after.cwnd, before.cwnd);
    ck_assert_uint_eq(after.snd_una, una);
    ck_assert_uint_eq(after.snd_nxt, nxt);
    ck_assert_uint_eq(after.soft_error, 0); /* not an error to report */
    ck_assert_uint_eq(t.out.notes, 0);
    expect_resent(&t, 1000u);
    /* and again lower: the new first segment is no longer than that */
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, una, 600u), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 600u);
    ck_assert_uint_eq(h_info(&t).cwnd, before.cwnd);
    expect_resent(&t, 600u);
}
END_TEST

/* Less data in flight than the new MSS: all of it goes again, once. */
START_TEST(too_big_resends_short_flight_whole)
{
    h_t t;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 300u);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una + 299u, 1000u),
                     TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000u);
    expect_resent(&t, 300u);
}
END_TEST

/* RFC 1191 §6.3: a PTB reporting the MTU in use or a larger one is no
 * reason to change anything (the PMTU never grows from a PTB). */
START_TEST(too_big_at_or_above_current_changes_nothing)
{
    h_t t;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, (uint16_t)PEER_MSS);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, (uint16_t)(PEER_MSS + 1u));
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 9000u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 65535u);
    /* lowered, then a larger report: stays lowered */
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u), TCPFSM_OK);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1200u);
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000u);
}
END_TEST

/* RFC 5927 §7.2: a forged PTB must not shrink segments to nothing. */
START_TEST(too_big_stops_at_the_floor)
{
    h_t t;
    static const uint16_t tiny[] = {1u, 28u, 100u, (uint16_t)(TCPFSM_PMTU_MIN_MSS - 1u)};
    unsigned k;
    for (k = 0; k < sizeof tiny / sizeof tiny[0]; k++) {
        establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
        h_send(&t, 2u * PEER_MSS);
        ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, tiny[k]),
                         TCPFSM_OK);
        ck_assert_uint_eq(h_info(&t).snd_mss, TCPFSM_PMTU_MIN_MSS);
        expect_resent(&t, TCPFSM_PMTU_MIN_MSS);
        /* at the floor already: a further tiny report changes nothing */
        expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1u);
    }
    /* exactly the floor */
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una,
                            (uint16_t)TCPFSM_PMTU_MIN_MSS),
                     TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, TCPFSM_PMTU_MIN_MSS);
    expect_resent(&t, TCPFSM_PMTU_MIN_MSS);
}
END_TEST

/* With timestamps the payload is 12 bytes less than the PTB's mss (the
 * option rides on every segment). */
START_TEST(too_big_with_timestamps)
{
    h_t t;
    establish_ts(&t, _i);
    h_send(&t, 2u * (PEER_MSS - TS_OPTION_LEN));
    /* the path carries what we already send: nothing */
    expect_nothing(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, (uint16_t)PEER_MSS);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1000u - TS_OPTION_LEN);
    expect_resent(&t, 1000u - TS_OPTION_LEN);
    ck_assert_uint_eq(t.out.timestamps, 1);
}
END_TEST

START_TEST(too_big_with_timestamps_one_below)
{
    h_t t;
    establish_ts(&t, _i);
    h_send(&t, 2u * (PEER_MSS - TS_OPTION_LEN));
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una,
                            (uint16_t)(PEER_MSS - 1u)),
                     TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, PEER_MSS - 1u - TS_OPTION_LEN);
    expect_resent(&t, PEER_MSS - 1u - TS_OPTION_LEN);
}
END_TEST

/* New data after the PTB goes out in segments of the new MSS, and so do
 * retransmissions by the timer. */
START_TEST(too_big_later_data_segmented_at_new_mss)
{
    h_t t;
    uint32_t k, sent;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 1000u), TCPFSM_OK);
    expect_resent(&t, 1000u);
    /* the timer's retransmission too */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].seq, t.conn.snd_una);
    ck_assert_uint_eq(t.out.tx[0].data_len, 1000u);
    /* everything acknowledged, then new data */
    t.now += 10u;
    h_peer_ack(&t, t.conn.snd_nxt, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(t.conn.snd_una, t.conn.snd_nxt);
    h_send(&t, 3000u);
    ck_assert_uint_ge(t.out.count, 3);
    sent = 0;
    for (k = 0; k < t.out.count; k++) {
        ck_assert_uint_eq(t.out.tx[k].seq, t.conn.snd_una + sent);
        ck_assert_uint_le(t.out.tx[k].data_len, 1000u);
        sent += t.out.tx[k].data_len;
    }
    ck_assert_uint_eq(t.out.tx[0].data_len, 1000u);
    ck_assert_uint_eq(t.out.tx[1].data_len, 1000u);
    ck_assert_uint_eq(t.out.tx[2].data_len, 1000u);
    ck_assert_uint_eq(sent, 3000u);
}
END_TEST

/* CLOSE-WAIT sends data too: the same there. */
START_TEST(too_big_in_close_wait)
{
    h_t t;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_CLOSE_WAIT, ORIGIN_ACTIVE);
    h_send(&t, 2u * PEER_MSS);
    ck_assert_int_eq(h_icmp(&t, TCPFSM_ICMP_PACKET_TOO_BIG, t.conn.snd_una, 800u), TCPFSM_OK);
    ck_assert_int_eq(h_state(&t), TCPFSM_CLOSE_WAIT);
    ck_assert_uint_eq(h_info(&t).snd_mss, 800u);
    expect_resent(&t, 800u);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static void expect_refused(h_t *t, tcpfsm_icmp icmp, tcpfsm_error want)
{
    tcpfsm_conn conn_before;
    tcpfsm_output out_before;
    scribble(&t->out);
    memcpy(&conn_before, &t->conn, sizeof conn_before);
    memcpy(&out_before, &t->out, sizeof out_before);
    ck_assert_int_eq(tcpfsm_on_icmp(&t->conn, &icmp, t->now, &t->out), want);
    ck_assert(memcmp(&conn_before, &t->conn, sizeof conn_before) == 0);
    ck_assert(memcmp(&out_before, &t->out, sizeof out_before) == 0);
}

START_TEST(null_arguments)
{
    h_t t;
    tcpfsm_icmp icmp;
    tcpfsm_conn conn_before;
    tcpfsm_output out_before;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, H_DATA_LEN);
    icmp.seq = t.conn.snd_una;
    icmp.mss = 500u;
    icmp.kind = TCPFSM_ICMP_REFUSED;
    scribble(&t.out);
    memcpy(&conn_before, &t.conn, sizeof conn_before);
    memcpy(&out_before, &t.out, sizeof out_before);
    ck_assert_int_eq(tcpfsm_on_icmp(NULL, &icmp, t.now, &t.out), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_on_icmp(&t.conn, NULL, t.now, &t.out), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_on_icmp(&t.conn, &icmp, t.now, NULL), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_on_icmp(NULL, NULL, t.now, NULL), TCPFSM_ERR_NULL);
    /* NULL before an invalid message */
    icmp.kind = TCPFSM_ICMP_KIND_COUNT;
    ck_assert_int_eq(tcpfsm_on_icmp(NULL, &icmp, t.now, &t.out), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_on_icmp(&t.conn, &icmp, t.now, NULL), TCPFSM_ERR_NULL);
    ck_assert(memcmp(&conn_before, &t.conn, sizeof conn_before) == 0);
    ck_assert(memcmp(&out_before, &t.out, sizeof out_before) == 0);
}
END_TEST

START_TEST(invalid_messages_change_nothing)
{
    h_t t;
    tcpfsm_icmp icmp;
    uint32_t seqs[3];
    unsigned s;
    establish(&t, _i, TCPFSM_ICMP_ABORT_BSD);
    h_send(&t, 2u * PEER_MSS);
    seqs[0] = t.conn.snd_una;        /* in flight */
    seqs[1] = t.conn.snd_nxt - 1u;
    seqs[2] = t.conn.snd_nxt + 5000u; /* not: still refused */
    for (s = 0; s < 3; s++) {
        icmp.seq = seqs[s];
        icmp.mss = 500u;
        icmp.kind = TCPFSM_ICMP_KIND_COUNT;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
        icmp.kind = TCPFSM_ICMP_KIND_COUNT + 1u;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
        icmp.kind = 0xFFu;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
        icmp.kind = TCPFSM_ICMP_PACKET_TOO_BIG;
        icmp.mss = 0u;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
    }
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    /* mss is ignored for the other kinds: 0 is fine there */
    expect_soft(&t, TCPFSM_ICMP_UNREACHABLE, t.conn.snd_una);
}
END_TEST

START_TEST(invalid_messages_in_other_states)
{
    h_t t;
    tcpfsm_icmp icmp;
    static const tcpfsm_state states[] = {TCPFSM_CLOSED, TCPFSM_LISTEN, TCPFSM_SYN_SENT,
                                          TCPFSM_TIME_WAIT};
    unsigned s;
    for (s = 0; s < sizeof states / sizeof states[0]; s++) {
        drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, states[s], ORIGIN_ACTIVE);
        icmp.seq = t.conn.snd_una;
        icmp.mss = 0u;
        icmp.kind = TCPFSM_ICMP_PACKET_TOO_BIG;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
        icmp.mss = 500u;
        icmp.kind = TCPFSM_ICMP_KIND_COUNT;
        expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
    }
}
END_TEST

/* A block whose state byte is none of the eleven is refused. */
START_TEST(corrupt_block_refused)
{
    h_t t;
    tcpfsm_icmp icmp;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, H_DATA_LEN);
    t.conn.state = TCPFSM_STATE_COUNT;
    icmp.seq = t.conn.snd_una;
    icmp.mss = 500u;
    icmp.kind = TCPFSM_ICMP_REFUSED;
    expect_refused(&t, icmp, TCPFSM_ERR_INVALID_ARG);
}
END_TEST

START_TEST(config_icmp_abort_range)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn, before;
    static const uint8_t bad[] = {3u, 4u, 0x7Fu, 0xFFu};
    unsigned k;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.icmp_abort, TCPFSM_ICMP_ABORT_RFC);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        cfg.icmp_abort = bad[k];
        memset(&conn, 0x5A, sizeof conn);
        memcpy(&before, &conn, sizeof before);
        ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
        ck_assert(memcmp(&before, &conn, sizeof conn) == 0);
    }
    for (k = 0; k <= TCPFSM_ICMP_ABORT_BSD; k++) {
        cfg.icmp_abort = (uint8_t)k;
        ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
        ck_assert_uint_eq(conn.cfg.icmp_abort, k);
    }
    ck_assert_uint_eq(TCPFSM_ICMP_ABORT_NONE, 0u);
    ck_assert_uint_eq(TCPFSM_ICMP_ABORT_RFC, 1u);
    ck_assert_uint_eq(TCPFSM_ICMP_ABORT_BSD, 2u);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The codec: messages built by hand (RFC 792, RFC 1191 §4, RFC 4443)  */
/* ------------------------------------------------------------------ */

#define MSG_MAX 128u
#define OUR_PORT 49152u
#define PEER_PORT 80u
#define QUOTED_SEQ 0xDEADBEEFu

static const uint8_t V4_SRC[4] = {192u, 0u, 2u, 1u};
static const uint8_t V4_DST[4] = {198u, 51u, 100u, 7u};
static const uint8_t V6_SRC[16] = {0x20u, 0x01u, 0x0du, 0xb8u, 0, 0, 0, 0,
                                   0, 0, 0, 0, 0, 0, 0, 1u};
static const uint8_t V6_DST[16] = {0x20u, 0x01u, 0x0du, 0xb8u, 0, 0, 0, 0,
                                   0, 0, 0, 0, 0, 2u, 0, 7u};

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The first 8 bytes of our TCP header: ports and SEQ. */
static void put_tcp8(uint8_t *p, uint32_t seq)
{
    put16(p, OUR_PORT);
    put16(p + 2, PEER_PORT);
    put32(p + 4, seq);
}

/* ICMPv4: type, code, checksum 0, the second word; the quoted IPv4 header
 * with IHL ihl (5 or 6: one word of options, NOP NOP NOP EOL), total
 * length total_len, protocol proto; 8 bytes of TCP.  Returns the length. */
static uint32_t icmp4(uint8_t *b, uint8_t type, uint8_t code, uint32_t word, uint8_t ihl,
                      uint16_t total_len, uint8_t proto, uint32_t seq)
{
    uint8_t *ip = b + 8;
    memset(b, 0, MSG_MAX);
    b[0] = type;
    b[1] = code;
    put32(b + 4, word);
    ip[0] = (uint8_t)(0x40u | ihl);
    ip[1] = 0u;
    put16(ip + 2, total_len);
    put16(ip + 4, 0x1234u);
    put16(ip + 6, 0x4000u); /* DF */
    ip[8] = 64u;
    ip[9] = proto;
    put16(ip + 10, 0xBEEFu);
    memcpy(ip + 12, V4_SRC, 4);
    memcpy(ip + 16, V4_DST, 4);
    if (ihl == 6u) {
        ip[20] = 1u;
        ip[21] = 1u;
        ip[22] = 1u;
        ip[23] = 0u;
    }
    put_tcp8(ip + 4u * ihl, seq);
    return 8u + 4u * ihl + 8u;
}

/* ICMPv6: type, code, checksum 0, the second word; the quoted IPv6 header
 * with next header `next`; 8 bytes of TCP.  Returns the length. */
static uint32_t icmp6(uint8_t *b, uint8_t type, uint8_t code, uint32_t word, uint8_t next,
                      uint32_t seq)
{
    uint8_t *ip = b + 8;
    memset(b, 0, MSG_MAX);
    b[0] = type;
    b[1] = code;
    put32(b + 4, word);
    ip[0] = 0x60u;
    ip[1] = 0x0Au; /* a flow label, for the parser to skip */
    put16(ip + 4, 1400u);
    ip[6] = next;
    ip[7] = 64u;
    memcpy(ip + 8, V6_SRC, 16);
    memcpy(ip + 24, V6_DST, 16);
    put_tcp8(ip + 40, seq);
    return 8u + 40u + 8u;
}

static void expect_v4(const tcpfsm_wire_icmp *w, uint8_t type, uint8_t code, uint32_t mtu,
                      uint16_t total_len, uint32_t seq)
{
    ck_assert_uint_eq(w->type, type);
    ck_assert_uint_eq(w->code, code);
    ck_assert_uint_eq(w->seq, seq);
    ck_assert_uint_eq(w->src_port, OUR_PORT);
    ck_assert_uint_eq(w->dst_port, PEER_PORT);
    ck_assert_uint_eq(w->mtu, mtu);
    ck_assert_uint_eq(w->quoted_len, total_len);
    ck_assert_uint_eq(w->quoted.ipv6, 0);
    ck_assert(memcmp(w->quoted.src, V4_SRC, 4) == 0);
    ck_assert(memcmp(w->quoted.dst, V4_DST, 4) == 0);
}

static void expect_v6(const tcpfsm_wire_icmp *w, uint8_t type, uint8_t code, uint32_t mtu,
                      uint32_t seq)
{
    ck_assert_uint_eq(w->type, type);
    ck_assert_uint_eq(w->code, code);
    ck_assert_uint_eq(w->seq, seq);
    ck_assert_uint_eq(w->src_port, OUR_PORT);
    ck_assert_uint_eq(w->dst_port, PEER_PORT);
    ck_assert_uint_eq(w->mtu, mtu);
    ck_assert_uint_eq(w->quoted.ipv6, 1);
    ck_assert(memcmp(w->quoted.src, V6_SRC, 16) == 0);
    ck_assert(memcmp(w->quoted.dst, V6_DST, 16) == 0);
}

static tcpfsm_error parse(const uint8_t *b, uint32_t len, uint8_t ipv6, tcpfsm_wire_icmp *w)
{
    memset(w, 0xA5, sizeof *w);
    return tcpfsm_wire_parse_icmp(b, len, ipv6, w);
}

START_TEST(parse_icmpv4)
{
    uint8_t b[MSG_MAX];
    tcpfsm_wire_icmp w;
    uint32_t len;
    uint8_t ihl;
    for (ihl = 5u; ihl <= 6u; ihl++) {
        /* port unreachable: the second word unused, no MTU */
        len = icmp4(b, 3u, 3u, 0u, ihl, 60u, 6u, QUOTED_SEQ);
        ck_assert_uint_eq(len, ihl == 5u ? 36u : 40u);
        ck_assert_int_eq(parse(b, len, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 3u, 3u, 0u, 60u, QUOTED_SEQ);
        /* fragmentation needed: the next-hop MTU in the low 16 bits of the
         * second word, the high 16 unused (RFC 1191 §4) */
        len = icmp4(b, 3u, 4u, 0xABCD0000u | 1400u, ihl, 1500u, 6u, 1u);
        ck_assert_int_eq(parse(b, len, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 3u, 4u, 1400u, 1500u, 1u);
        /* a router of before RFC 1191: MTU 0 */
        len = icmp4(b, 3u, 4u, 0u, ihl, 1500u, 6u, 0xFFFFFFFFu);
        ck_assert_int_eq(parse(b, len, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 3u, 4u, 0u, 1500u, 0xFFFFFFFFu);
        /* time exceeded, parameter problem (pointer in the second word) */
        len = icmp4(b, 11u, 0u, 0u, ihl, 40u, 6u, QUOTED_SEQ);
        ck_assert_int_eq(parse(b, len, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 11u, 0u, 0u, 40u, QUOTED_SEQ);
        len = icmp4(b, 12u, 0u, 0x14000000u, ihl, 40u, 6u, QUOTED_SEQ);
        ck_assert_int_eq(parse(b, len, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 12u, 0u, 0u, 40u, QUOTED_SEQ);
        /* a longer quotation (RFC 1812 §4.3.2.3: as much as fits) */
        ck_assert_int_eq(parse(b, len + 20u, 0u, &w), TCPFSM_OK);
        expect_v4(&w, 12u, 0u, 0u, 40u, QUOTED_SEQ);
    }
}
END_TEST

START_TEST(parse_icmpv6)
{
    uint8_t b[MSG_MAX];
    tcpfsm_wire_icmp w;
    uint32_t len;
    /* destination unreachable, port */
    len = icmp6(b, 1u, 4u, 0u, 6u, QUOTED_SEQ);
    ck_assert_uint_eq(len, 56u);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 1u, 4u, 0u, QUOTED_SEQ);
    /* Packet Too Big: the MTU is the whole second word (RFC 4443 §3.2) */
    len = icmp6(b, 2u, 0u, 1280u, 6u, 7u);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 2u, 0u, 1280u, 7u);
    len = icmp6(b, 2u, 0u, 0x00012345u, 6u, 7u);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 2u, 0u, 0x00012345u, 7u);
    /* parameter problem: the second word is a pointer, not an MTU */
    len = icmp6(b, 4u, 1u, 6u, 6u, QUOTED_SEQ);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 4u, 1u, 0u, QUOTED_SEQ);
    /* time exceeded */
    len = icmp6(b, 3u, 0u, 0u, 6u, 0u);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 3u, 0u, 0u, 0u);
    /* a longer quotation */
    ck_assert_int_eq(parse(b, len + 40u, 1u, &w), TCPFSM_OK);
    expect_v6(&w, 3u, 0u, 0u, 0u);
}
END_TEST

/* A parse error leaves the output untouched. */
static void expect_parse_error(const uint8_t *b, uint32_t len, uint8_t ipv6, tcpfsm_error want)
{
    tcpfsm_wire_icmp w, before;
    memset(&w, 0xA5, sizeof w);
    memcpy(&before, &w, sizeof before);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, ipv6, &w), want);
    ck_assert(memcmp(&before, &w, sizeof w) == 0);
}

START_TEST(parse_errors)
{
    uint8_t b[MSG_MAX];
    uint32_t len, k;
    tcpfsm_wire_icmp w;
    /* NULLs */
    len = icmp4(b, 3u, 3u, 0u, 5u, 60u, 6u, QUOTED_SEQ);
    expect_parse_error(NULL, len, 0u, TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, 0u, NULL), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(NULL, 0u, 0u, NULL), TCPFSM_ERR_NULL);
    /* the family flag */
    expect_parse_error(b, len, 2u, TCPFSM_ERR_INVALID_ARG);
    expect_parse_error(b, len, 0xFFu, TCPFSM_ERR_INVALID_ARG);
    /* too short: one byte less than the headers and 8 bytes of TCP */
    for (k = 0; k < len; k++) {
        expect_parse_error(b, k, 0u, TCPFSM_ERR_WIRE_TOO_SHORT);
    }
    len = icmp4(b, 3u, 3u, 0u, 6u, 64u, 6u, QUOTED_SEQ);
    expect_parse_error(b, len - 1u, 0u, TCPFSM_ERR_WIRE_TOO_SHORT);
    expect_parse_error(b, 36u, 0u, TCPFSM_ERR_WIRE_TOO_SHORT); /* IHL 6 needs 40 */
    len = icmp6(b, 1u, 4u, 0u, 6u, QUOTED_SEQ);
    for (k = 0; k < len; k++) {
        expect_parse_error(b, k, 1u, TCPFSM_ERR_WIRE_TOO_SHORT);
    }
    /* an ICMPv4 message's length is far too short read as ICMPv6 */
    len = icmp4(b, 3u, 3u, 0u, 5u, 60u, 6u, QUOTED_SEQ);
    expect_parse_error(b, len, 1u, TCPFSM_ERR_WIRE_TOO_SHORT);
    /* IHL 15 claims 60 bytes of IP header: 36 bytes are too short */
    b[8] = 0x4Fu;
    expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_TOO_SHORT);
    /* the quoted header of another version */
    len = icmp4(b, 3u, 3u, 0u, 5u, 60u, 6u, QUOTED_SEQ);
    b[8] = 0x65u;
    expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_BAD_OFFSET);
    b[8] = 0x05u;
    expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_BAD_OFFSET);
    len = icmp6(b, 1u, 4u, 0u, 6u, QUOTED_SEQ);
    b[8] = 0x45u;
    expect_parse_error(b, len, 1u, TCPFSM_ERR_WIRE_BAD_OFFSET);
    b[8] = 0x00u;
    expect_parse_error(b, len, 1u, TCPFSM_ERR_WIRE_BAD_OFFSET);
    /* IHL below 5 */
    for (k = 0; k < 5u; k++) {
        len = icmp4(b, 3u, 3u, 0u, 5u, 60u, 6u, QUOTED_SEQ);
        b[8] = (uint8_t)(0x40u | k);
        expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_BAD_OFFSET);
        expect_parse_error(b, len + 40u, 0u, TCPFSM_ERR_WIRE_BAD_OFFSET);
    }
    /* not TCP: UDP, ICMP, ICMPv6 */
    len = icmp4(b, 3u, 3u, 0u, 5u, 60u, 17u, QUOTED_SEQ);
    expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_NOT_TCP);
    len = icmp4(b, 3u, 3u, 0u, 6u, 60u, 1u, QUOTED_SEQ);
    expect_parse_error(b, len, 0u, TCPFSM_ERR_WIRE_NOT_TCP);
    len = icmp6(b, 1u, 4u, 0u, 17u, QUOTED_SEQ);
    expect_parse_error(b, len, 1u, TCPFSM_ERR_WIRE_NOT_TCP);
    len = icmp6(b, 1u, 4u, 0u, 58u, QUOTED_SEQ);
    expect_parse_error(b, len, 1u, TCPFSM_ERR_WIRE_NOT_TCP);
    /* and the good ones parse */
    len = icmp6(b, 1u, 4u, 0u, 6u, QUOTED_SEQ);
    ck_assert_int_eq(parse(b, len, 1u, &w), TCPFSM_OK);
}
END_TEST

/* ---- to_icmp ---- */

typedef struct {
    uint8_t ipv6, type, code;
    uint8_t kind;
} map_case;

static const map_case MAP[] = {
    /* ICMPv4 destination unreachable (RFC 792, RFC 1812 §5.2.7.1),
     * RFC 1122 §4.2.3.9: 2, 3 hard; 4 PMTU; 9, 10, 13 prohibited */
    {0, 3, 0, TCPFSM_ICMP_UNREACHABLE},   {0, 3, 1, TCPFSM_ICMP_UNREACHABLE},
    {0, 3, 2, TCPFSM_ICMP_REFUSED},       {0, 3, 3, TCPFSM_ICMP_REFUSED},
    {0, 3, 4, TCPFSM_ICMP_PACKET_TOO_BIG}, {0, 3, 5, TCPFSM_ICMP_UNREACHABLE},
    {0, 3, 6, TCPFSM_ICMP_UNREACHABLE},   {0, 3, 7, TCPFSM_ICMP_UNREACHABLE},
    {0, 3, 8, TCPFSM_ICMP_UNREACHABLE},   {0, 3, 9, TCPFSM_ICMP_PROHIBITED},
    {0, 3, 10, TCPFSM_ICMP_PROHIBITED},   {0, 3, 11, TCPFSM_ICMP_UNREACHABLE},
    {0, 3, 12, TCPFSM_ICMP_UNREACHABLE},  {0, 3, 13, TCPFSM_ICMP_PROHIBITED},
    {0, 3, 14, TCPFSM_ICMP_UNREACHABLE},  {0, 3, 15, TCPFSM_ICMP_UNREACHABLE},
    /* time exceeded: in transit; fragment reassembly */
    {0, 11, 0, TCPFSM_ICMP_TIME_EXCEEDED}, {0, 11, 1, TCPFSM_ICMP_OTHER_SOFT},
    /* parameter problem */
    {0, 12, 0, TCPFSM_ICMP_OTHER_SOFT},   {0, 12, 1, TCPFSM_ICMP_OTHER_SOFT},
    {0, 12, 2, TCPFSM_ICMP_OTHER_SOFT},
    /* source quench (RFC 6633 §3), redirect: nothing for TCP */
    {0, 4, 0, TCPFSM_ICMP_NONE},          {0, 5, 0, TCPFSM_ICMP_NONE},
    {0, 5, 1, TCPFSM_ICMP_NONE},          {0, 5, 2, TCPFSM_ICMP_NONE},
    {0, 5, 3, TCPFSM_ICMP_NONE},
    /* ICMPv6 destination unreachable (RFC 4443 §3.1): 4 port: hard;
     * 1 administratively prohibited, and 5, 6, "more informative subsets
     * of code 1"; 0 no route, 2 beyond scope, 3 address unreachable */
    {1, 1, 0, TCPFSM_ICMP_UNREACHABLE},   {1, 1, 1, TCPFSM_ICMP_PROHIBITED},
    {1, 1, 2, TCPFSM_ICMP_UNREACHABLE},   {1, 1, 3, TCPFSM_ICMP_UNREACHABLE},
    {1, 1, 4, TCPFSM_ICMP_REFUSED},       {1, 1, 5, TCPFSM_ICMP_PROHIBITED},
    {1, 1, 6, TCPFSM_ICMP_PROHIBITED},
    /* Packet Too Big (§3.2) */
    {1, 2, 0, TCPFSM_ICMP_PACKET_TOO_BIG},
    /* time exceeded (§3.3): hop limit; fragment reassembly */
    {1, 3, 0, TCPFSM_ICMP_TIME_EXCEEDED}, {1, 3, 1, TCPFSM_ICMP_OTHER_SOFT},
    /* parameter problem (§3.4): unrecognized next header is the
     * protocol unreachable of IPv6 */
    {1, 4, 0, TCPFSM_ICMP_OTHER_SOFT},    {1, 4, 1, TCPFSM_ICMP_REFUSED},
    {1, 4, 2, TCPFSM_ICMP_OTHER_SOFT},
};

static tcpfsm_wire_icmp wire_msg(uint8_t ipv6, uint8_t type, uint8_t code, uint32_t mtu,
                                 uint16_t quoted_len)
{
    tcpfsm_wire_icmp w;
    memset(&w, 0, sizeof w);
    w.seq = QUOTED_SEQ;
    w.mtu = mtu;
    w.quoted_len = quoted_len;
    w.src_port = (uint16_t)OUR_PORT;
    w.dst_port = (uint16_t)PEER_PORT;
    w.type = type;
    w.code = code;
    w.quoted.ipv6 = ipv6;
    if (ipv6) {
        memcpy(w.quoted.src, V6_SRC, 16);
        memcpy(w.quoted.dst, V6_DST, 16);
    } else {
        memcpy(w.quoted.src, V4_SRC, 4);
        memcpy(w.quoted.dst, V4_DST, 4);
    }
    return w;
}

START_TEST(to_icmp_kinds)
{
    char wrong[1024];
    size_t used = 0;
    unsigned k;
    wrong[0] = '\0';
    for (k = 0; k < sizeof MAP / sizeof MAP[0]; k++) {
        const map_case *m = &MAP[k];
        tcpfsm_wire_icmp w = wire_msg(m->ipv6, m->type, m->code,
                                      m->kind == TCPFSM_ICMP_PACKET_TOO_BIG ? 1400u : 0u,
                                      1500u);
        tcpfsm_icmp icmp;
        memset(&icmp, 0xA5, sizeof icmp);
        ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
        ck_assert_uint_eq(icmp.seq, QUOTED_SEQ);
        if (icmp.kind != m->kind && used < sizeof wrong - 64u) {
            int n = snprintf(wrong + used, sizeof wrong - used,
                             " ICMP%s %u/%u: kind %u, want %u;", m->ipv6 ? "v6" : "v4",
                             m->type, m->code, icmp.kind, m->kind);
            used += n > 0 ? (size_t)n : 0u;
        }
    }
    ck_assert_msg(used == 0, "wrong kinds:%s", wrong);
}
END_TEST

/* RFC 1122 §3.2.2: an ICMP message of unknown type MUST be silently
 * discarded: not an error TCP acts on. */
START_TEST(to_icmp_unknown_types_mean_nothing)
{
    static const uint8_t v4[] = {0u, 8u, 13u, 14u, 99u, 255u};
    static const uint8_t v6[] = {5u, 100u, 127u, 128u, 129u, 255u};
    unsigned k;
    for (k = 0; k < sizeof v4; k++) {
        tcpfsm_wire_icmp w = wire_msg(0u, v4[k], 0u, 0u, 1500u);
        tcpfsm_icmp icmp;
        tcpfsm_error err;
        memset(&icmp, 0, sizeof icmp);
        err = tcpfsm_wire_to_icmp(&w, &icmp);
        ck_assert_msg(err != TCPFSM_OK || icmp.kind == TCPFSM_ICMP_NONE,
                      "ICMPv4 type %u: kind %u", v4[k], icmp.kind);
    }
    for (k = 0; k < sizeof v6; k++) {
        tcpfsm_wire_icmp w = wire_msg(1u, v6[k], 0u, 0u, 0u);
        tcpfsm_icmp icmp;
        tcpfsm_error err;
        memset(&icmp, 0, sizeof icmp);
        err = tcpfsm_wire_to_icmp(&w, &icmp);
        ck_assert_msg(err != TCPFSM_OK || icmp.kind == TCPFSM_ICMP_NONE,
                      "ICMPv6 type %u: kind %u", v6[k], icmp.kind);
    }
}
END_TEST

static uint16_t ptb_mss(uint8_t ipv6, uint32_t mtu, uint16_t quoted_len)
{
    tcpfsm_wire_icmp w = wire_msg(ipv6, ipv6 ? 2u : 3u, ipv6 ? 0u : 4u, mtu, quoted_len);
    tcpfsm_icmp icmp;
    memset(&icmp, 0, sizeof icmp);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
    ck_assert_uint_eq(icmp.kind, TCPFSM_ICMP_PACKET_TOO_BIG);
    ck_assert_uint_eq(icmp.seq, QUOTED_SEQ);
    return icmp.mss;
}

/* The MSS a PTB leaves: the MTU less 20 + 20 (IPv4) or 40 + 20 (IPv6). */
START_TEST(to_icmp_too_big_mss)
{
    ck_assert_uint_eq(ptb_mss(0u, 1500u, 1500u), 1460u);
    ck_assert_uint_eq(ptb_mss(0u, 1400u, 1500u), 1360u);
    ck_assert_uint_eq(ptb_mss(0u, 576u, 1500u), 536u);
    ck_assert_uint_eq(ptb_mss(0u, 68u, 1500u), 28u);
    ck_assert_uint_eq(ptb_mss(0u, 65535u, 1500u), 65495u);
    ck_assert_uint_eq(ptb_mss(1u, 1280u, 0u), 1220u);
    ck_assert_uint_eq(ptb_mss(1u, 1500u, 0u), 1440u);
    ck_assert_uint_eq(ptb_mss(1u, 9000u, 0u), 8940u);
    ck_assert_uint_eq(ptb_mss(1u, 65535u, 0u), 65475u);
    /* an MTU beyond what a 16-bit MSS says (jumbograms): the most it can */
    ck_assert_uint_eq(ptb_mss(1u, 65535u + 61u, 0u), 65535u);
    ck_assert_uint_eq(ptb_mss(1u, 0xFFFFFFFFu, 0u), 65535u);
}
END_TEST

/* RFC 1191 §5, §7: a router that gives no MTU (0): the largest plateau
 * of the table below the quoted datagram's total length. */
START_TEST(to_icmp_too_big_plateaus)
{
    ck_assert_uint_eq(ptb_mss(0u, 0u, 1500u), 1492u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 600u), 508u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 1492u), 1006u - 40u); /* strictly below */
    ck_assert_uint_eq(ptb_mss(0u, 0u, 1493u), 1492u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 2000u), 1492u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 4400u), 4352u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 9000u), 8166u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 17914u), 8166u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 20000u), 17914u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 65535u), 32000u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 1006u), 508u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 576u), 508u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 508u), 296u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 300u), 296u - 40u);
    ck_assert_uint_eq(ptb_mss(0u, 0u, 296u), 68u - 40u);
}
END_TEST

/* An IPv4 MTU too small for the headers: the least payload, 1 (the core
 * then stops at TCPFSM_PMTU_MIN_MSS, well above RFC 1191 §3's 68-byte
 * PMTU floor). */
START_TEST(to_icmp_too_big_tiny_ipv4)
{
    ck_assert_uint_eq(ptb_mss(0u, 39u, 1500u), 1u);
    ck_assert_uint_eq(ptb_mss(0u, 40u, 1500u), 1u);
    ck_assert_uint_eq(ptb_mss(0u, 20u, 1500u), 1u);
    ck_assert_uint_eq(ptb_mss(0u, 1u, 1500u), 1u);
    ck_assert_uint_eq(ptb_mss(0u, 41u, 1500u), 1u);
}
END_TEST

/* RFC 8201 §4: "If a node receives a Packet Too Big message reporting a
 * next-hop MTU that is less than the IPv6 minimum link MTU, it must
 * discard it.  A node must not reduce its estimate of the Path MTU below
 * the IPv6 minimum link MTU on receipt of a Packet Too Big message."
 * So an ICMPv6 PTB below 1280 either means nothing (NONE) or leaves at
 * least 1280 - 60 = 1220 bytes of payload. */
START_TEST(to_icmp_too_big_ipv6_not_below_minimum_link_mtu)
{
    static const uint32_t small[] = {0u, 1u, 59u, 60u, 61u, 576u, 1000u, 1279u};
    char wrong[1024];
    size_t used = 0;
    unsigned k;
    wrong[0] = '\0';
    for (k = 0; k < sizeof small / sizeof small[0]; k++) {
        tcpfsm_wire_icmp w = wire_msg(1u, 2u, 0u, small[k], 0u);
        tcpfsm_icmp icmp;
        memset(&icmp, 0, sizeof icmp);
        ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
        if (!(icmp.kind == TCPFSM_ICMP_NONE
              || (icmp.kind == TCPFSM_ICMP_PACKET_TOO_BIG && icmp.mss >= 1220u))
            && used < sizeof wrong - 64u) {
            int n = snprintf(wrong + used, sizeof wrong - used, " MTU %u: kind %u mss %u;",
                             small[k], icmp.kind, icmp.mss);
            used += n > 0 ? (size_t)n : 0u;
        }
    }
    /* 1280 itself is fine */
    ck_assert_uint_eq(ptb_mss(1u, 1280u, 0u), 1220u);
    ck_assert_msg(used == 0, "ICMPv6 PTB below 1280 (RFC 8201 §4: discard, never below "
                             "1280):%s", wrong);
}
END_TEST

/* The whole way: an ICMPv6 PTB of MTU 1000 about data in flight must not
 * bring the connection's path below IPv6's minimum link MTU. */
START_TEST(ipv6_too_big_below_1280_end_to_end)
{
    h_t t;
    uint8_t b[MSG_MAX];
    uint32_t len;
    tcpfsm_wire_icmp w;
    tcpfsm_icmp icmp;
    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    len = icmp6(b, 2u, 0u, 1000u, 6u, t.conn.snd_una);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, 1u, &w), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
    ck_assert_int_eq(h_icmp(&t, (tcpfsm_icmp_kind)icmp.kind, icmp.seq, icmp.mss), TCPFSM_OK);
    ck_assert_msg(h_info(&t).snd_mss >= 1220u, "send MSS %u: path MTU below 1280",
                  h_info(&t).snd_mss);
}
END_TEST

START_TEST(to_icmp_errors)
{
    tcpfsm_wire_icmp w = wire_msg(0u, 3u, 3u, 0u, 60u);
    tcpfsm_icmp icmp, before;
    memset(&icmp, 0xA5, sizeof icmp);
    memcpy(&before, &icmp, sizeof before);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(NULL, &icmp), TCPFSM_ERR_NULL);
    ck_assert(memcmp(&before, &icmp, sizeof icmp) == 0);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, NULL), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(NULL, NULL), TCPFSM_ERR_NULL);
}
END_TEST

/* Parse, convert, hand to the core: a port unreachable quoting our SYN
 * ends the attempt; a fragmentation needed quoting data resends it. */
START_TEST(codec_to_core)
{
    h_t t;
    uint8_t b[MSG_MAX];
    uint32_t len;
    tcpfsm_wire_icmp w;
    tcpfsm_icmp icmp;
    drive(&t, _i, TCPFSM_ICMP_ABORT_RFC, TCPFSM_SYN_SENT, ORIGIN_ACTIVE);
    len = icmp4(b, 3u, 3u, 0u, 6u, 64u, 6u, ISS[_i]);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, 0u, &w), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
    ck_assert_uint_eq(icmp.kind, TCPFSM_ICMP_REFUSED);
    ck_assert_uint_eq(icmp.seq, ISS[_i]);
    expect_abort(&t, (tcpfsm_icmp_kind)icmp.kind, icmp.seq,
                 TCPFSM_NOTE_REFUSED | TCPFSM_NOTE_CLOSED);

    establish(&t, _i, TCPFSM_ICMP_ABORT_RFC);
    h_send(&t, 2u * PEER_MSS);
    len = icmp4(b, 3u, 4u, 1200u, 5u, 1500u, 6u, t.conn.snd_una + PEER_MSS);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, 0u, &w), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
    ck_assert_uint_eq(icmp.kind, TCPFSM_ICMP_PACKET_TOO_BIG);
    ck_assert_uint_eq(icmp.mss, 1160u);
    ck_assert_int_eq(h_icmp(&t, (tcpfsm_icmp_kind)icmp.kind, icmp.seq, icmp.mss), TCPFSM_OK);
    ck_assert_uint_eq(h_info(&t).snd_mss, 1160u);
    expect_resent(&t, 1160u);

    /* IPv6 port unreachable about data: soft in ESTABLISHED */
    len = icmp6(b, 1u, 4u, 0u, 6u, t.conn.snd_una);
    ck_assert_int_eq(tcpfsm_wire_parse_icmp(b, len, 1u, &w), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_icmp(&w, &icmp), TCPFSM_OK);
    ck_assert_uint_eq(icmp.kind, TCPFSM_ICMP_REFUSED);
    expect_soft(&t, (tcpfsm_icmp_kind)icmp.kind, icmp.seq);
}
END_TEST

Suite *suite_icmp(void)
{
    Suite *s = suite_create("icmp");
    TCase *seq = tcase_create("rfc5927");
    TCase *syn = tcase_create("syn_sent");
    TCase *sync = tcase_create("synchronized");
    TCase *ptb = tcase_create("too_big");
    TCase *err = tcase_create("errors");
    TCase *codec = tcase_create("codec");

    tcase_add_loop_test(seq, established_seq_check_soft, 0, 2);
    tcase_add_loop_test(seq, established_seq_check_too_big, 0, 2);
    tcase_add_loop_test(seq, established_seq_check_too_big_at_una, 0, 2);
    tcase_add_loop_test(seq, syn_sent_seq_check, 0, 2);
    tcase_add_loop_test(seq, nothing_in_flight_established, 0, 2);
    tcase_add_loop_test(seq, nothing_in_flight_listen, 0, 2);
    tcase_add_loop_test(seq, nothing_in_flight_closed, 0, 2);
    tcase_add_loop_test(seq, nothing_in_flight_time_wait, 0, 2);
    tcase_add_loop_test(seq, nothing_in_flight_fin_wait_2, 0, 2);
    tcase_add_loop_test(seq, closed_after_refused_ignores_a_repeat, 0, 2);
    tcase_add_loop_test(seq, closed_after_abort_ignores_old_data, 0, 2);

    tcase_add_loop_test(syn, syn_sent_refused_aborts, 0, 2);
    tcase_add_loop_test(syn, syn_sent_bsd_aborts_on_prohibited_and_time_exceeded, 0, 2);
    tcase_add_loop_test(syn, syn_sent_rfc_prohibited_and_time_exceeded_soft, 0, 2);
    tcase_add_loop_test(syn, syn_sent_none_policy_all_soft, 0, 2);
    tcase_add_loop_test(syn, syn_sent_unreachable_always_soft, 0, 2);
    tcase_add_loop_test(syn, syn_sent_kind_none_changes_nothing, 0, 2);
    tcase_add_loop_test(syn, syn_sent_too_big_lowers_the_mss_announced, 0, 2);
    tcase_add_loop_test(syn, syn_sent_too_big_ends_with_the_connection, 0, 2);
    tcase_add_loop_test(syn, syn_sent_soft_then_connects, 0, 2);

    tcase_add_loop_test(sync, synchronized_states_every_error_soft, 0, 2);
    tcase_add_loop_test(sync, synchronized_states_too_big_never_aborts, 0, 2);
    tcase_add_loop_test(sync, syn_received_every_error_soft, 0, 2);
    tcase_add_loop_test(sync, established_soft_error_connection_goes_on, 0, 2);

    tcase_add_loop_test(ptb, too_big_lowers_mss_and_resends, 0, 2);
    tcase_add_loop_test(ptb, too_big_resends_short_flight_whole, 0, 2);
    tcase_add_loop_test(ptb, too_big_at_or_above_current_changes_nothing, 0, 2);
    tcase_add_loop_test(ptb, too_big_stops_at_the_floor, 0, 2);
    tcase_add_loop_test(ptb, too_big_with_timestamps, 0, 2);
    tcase_add_loop_test(ptb, too_big_with_timestamps_one_below, 0, 2);
    tcase_add_loop_test(ptb, too_big_later_data_segmented_at_new_mss, 0, 2);
    tcase_add_loop_test(ptb, too_big_in_close_wait, 0, 2);
    tcase_add_loop_test(ptb, ipv6_too_big_below_1280_end_to_end, 0, 2);

    tcase_add_loop_test(err, null_arguments, 0, 2);
    tcase_add_loop_test(err, invalid_messages_change_nothing, 0, 2);
    tcase_add_loop_test(err, invalid_messages_in_other_states, 0, 2);
    tcase_add_loop_test(err, corrupt_block_refused, 0, 2);
    tcase_add_test(err, config_icmp_abort_range);

    tcase_add_test(codec, parse_icmpv4);
    tcase_add_test(codec, parse_icmpv6);
    tcase_add_test(codec, parse_errors);
    tcase_add_test(codec, to_icmp_kinds);
    tcase_add_test(codec, to_icmp_unknown_types_mean_nothing);
    tcase_add_test(codec, to_icmp_too_big_mss);
    tcase_add_test(codec, to_icmp_too_big_plateaus);
    tcase_add_test(codec, to_icmp_too_big_tiny_ipv4);
    tcase_add_test(codec, to_icmp_too_big_ipv6_not_below_minimum_link_mtu);
    tcase_add_test(codec, to_icmp_errors);
    tcase_add_loop_test(codec, codec_to_core, 0, 2);

    suite_add_tcase(s, seq);
    suite_add_tcase(s, syn);
    suite_add_tcase(s, sync);
    suite_add_tcase(s, ptb);
    suite_add_tcase(s, err);
    suite_add_tcase(s, codec);
    return s;
}
