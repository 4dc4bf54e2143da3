/* SPDX-License-Identifier: BSD-2-Clause */
/* Explicit Congestion Notification, RFC 3168: the agreement on the SYNs
 * (§6.1.1, §6.1.1.1), which segments go ECN-capable (§6.1.2, §6.1.4,
 * §6.1.5, §6.1.6), the receiver's echo of a CE mark (§6.1.3), the sender's
 * reduction for an echo and its CWR (§6.1.2), the codec's ECE and CWR, the
 * configuration, and both ends together.  The expectations are the RFC's.
 * Every loop test runs twice: with small sequence numbers, and just below
 * 2^32. */
#include <stddef.h>
#include <string.h>
#include "harness.h"
#include "cc_expect.h"
#include "net.h"
#include "suites.h"
#include "tcpfsm/wire.h"

#define MSS 1460u /* the peer's MSS on its SYN (h_seg); no timestamps */

static const uint32_t ISS[2] = {1000u, 0xFFFFFF00u};
static const uint32_t PEER_ISS[2] = {5000u, 0xFFFFFFC0u};

static int seq_ge(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) >= 0;
}

static void cfg_ecn(tcpfsm_config *cfg, uint8_t ecn)
{
    h_config(cfg);
    cfg->ecn = ecn;
}

/* SYN-SENT with cfg: our SYN is out.tx[0]. */
static void open_active(h_t *t, const tcpfsm_config *cfg, int i)
{
    h_init_cfg(t, cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_active(&t->conn, t->iss, t->now, &t->out), TCPFSM_OK);
    ck_assert_uint_eq(t->out.count, 1);
    ck_assert_uint_eq(t->out.tx[0].flags, TCPFSM_SYN);
}

/* The peer's SYN,ACK, with the ECN bits `ecn` in its header. */
static tcpfsm_segment syn_ack(const h_t *t, uint8_t ecn, uint16_t window)
{
    tcpfsm_segment seg = h_seg((uint8_t)(TCPFSM_SYN | TCPFSM_ACK | ecn), t->peer_iss,
                               t->iss + 1u, 0u);
    seg.window = window;
    return seg;
}

/* ESTABLISHED by active open with cfg, the peer's SYN,ACK carrying `ecn`
 * and offering `window`. */
static void establish_cfg(h_t *t, const tcpfsm_config *cfg, int i, uint8_t ecn, uint16_t window)
{
    open_active(t, cfg, i);
    ck_assert_int_eq(h_rx(t, syn_ack(t, ecn, window)), TCPFSM_OK);
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
}

/* ESTABLISHED with ECN agreed: we asked, the peer's SYN,ACK agreed. */
static void establish_ecn(h_t *t, int i)
{
    tcpfsm_config cfg;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    establish_cfg(t, &cfg, i, TCPFSM_ECE, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(t).ecn, 1);
}

/* A segment of the peer at RCV.NXT acknowledging `ack`, len bytes, its IP
 * header's ECN field ip_ecn. */
static tcpfsm_segment peer_seg(const h_t *t, uint8_t flags, uint32_t ack, uint32_t len,
                               uint8_t ip_ecn)
{
    tcpfsm_segment seg = h_seg(flags, t->conn.rcv_nxt, ack, len);
    seg.ip_ecn = ip_ecn;
    return seg;
}

static void rx_ok(h_t *t, tcpfsm_segment seg)
{
    ck_assert_int_eq(h_rx(t, seg), TCPFSM_OK);
}

/* SEND of len bytes, and what out.more asks for, each output checked by
 * check (may be NULL) before the next call. */
static void send_all(h_t *t, uint32_t len, void (*check)(const h_t *, uint32_t *),
                     uint32_t *snd_max)
{
    h_send(t, len);
    if (check != NULL) {
        check(t, snd_max);
    }
    while (t->out.more) {
        h_send(t, 0u);
        if (check != NULL) {
            check(t, snd_max);
        }
    }
}

/* RFC 3168 §6.1.2, §6.1.4, §6.1.5: data beyond all sent before (new) goes
 * ECN-capable; data sent again, and segments without data, do not.
 * *snd_max: the end of the data sent so far. */
static void check_ect(const h_t *t, uint32_t *snd_max)
{
    uint32_t i;
    for (i = 0; i < t->out.count; i++) {
        const tcpfsm_tx *tx = &t->out.tx[i];
        if (tx->data_len > 0u && (tx->flags & TCPFSM_SYN) == 0u
            && seq_ge(tx->seq, *snd_max)) {
            ck_assert_msg((tx->ecn & TCPFSM_TX_ECT) != 0u, "new data at %u not ECT (ecn 0x%x)",
                          tx->seq, tx->ecn);
            *snd_max = tx->seq + tx->data_len;
        } else {
            ck_assert_msg((tx->ecn & TCPFSM_TX_ECT) == 0u,
                          "segment %u (flags 0x%x, %u bytes at %u) ECT, not new data", i,
                          tx->flags, tx->data_len, tx->seq);
        }
    }
}

/* No segment of the output carries any ECN bit. */
static void check_no_ecn(const h_t *t, uint32_t *unused)
{
    uint32_t i;
    (void)unused;
    for (i = 0; i < t->out.count; i++) {
        ck_assert_msg(t->out.tx[i].ecn == 0u, "tx %u (flags 0x%x) has ecn 0x%x", i,
                      t->out.tx[i].flags, t->out.tx[i].ecn);
    }
}

/* ---- §6.1.1 negotiation ------------------------------------------------ */

START_TEST(syn_asks_only_with_request)
{
    h_t t;
    tcpfsm_config cfg;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.ecn, TCPFSM_ECN_OFF);
    open_active(&t, &cfg, _i);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    cfg_ecn(&cfg, TCPFSM_ECN_ACCEPT);
    open_active(&t, &cfg, _i);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    /* an ECN-setup SYN: ECE and CWR, and not ECN-capable itself */
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    open_active(&t, &cfg, _i);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE | TCPFSM_CWR);
}
END_TEST

START_TEST(synack_with_ece_alone_agrees)
{
    h_t t;
    tcpfsm_config cfg;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    establish_cfg(&t, &cfg, _i, TCPFSM_ECE, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).ecn, 1);
    /* the third step's ACK: a pure ACK, nothing to echo */
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
}
END_TEST

START_TEST(synack_other_answers_do_not_agree)
{
    static const struct {
        uint8_t cfg;
        uint8_t synack;
    } cases[] = {
        {TCPFSM_ECN_REQUEST, TCPFSM_ECE | TCPFSM_CWR}, /* a SYN,ACK that asks: no agreement */
        {TCPFSM_ECN_REQUEST, 0u},                      /* the peer does not do ECN */
        {TCPFSM_ECN_REQUEST, TCPFSM_CWR},
        {TCPFSM_ECN_ACCEPT, TCPFSM_ECE},               /* we did not ask */
        {TCPFSM_ECN_OFF, TCPFSM_ECE},
    };
    uint32_t k;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        h_t t;
        tcpfsm_config cfg;
        uint32_t snd_max;
        cfg_ecn(&cfg, cases[k].cfg);
        establish_cfg(&t, &cfg, _i, cases[k].synack, (uint16_t)H_WINDOW);
        ck_assert_msg(h_info(&t).ecn == 0, "case %u: ECN agreed", k);
        snd_max = t.conn.snd_nxt;
        send_all(&t, 3u * MSS, check_no_ecn, &snd_max);
        ck_assert_uint_gt(t.out.count, 0);
    }
}
END_TEST

/* LISTEN, then the peer's SYN with `ecn`; our SYN,ACK is out.tx[0]. */
static void passive_syn(h_t *t, uint8_t cfg_mode, int i, uint8_t ecn)
{
    tcpfsm_config cfg;
    cfg_ecn(&cfg, cfg_mode);
    h_init_cfg(t, &cfg, ISS[i], PEER_ISS[i]);
    ck_assert_int_eq(tcpfsm_open_passive(&t->conn), TCPFSM_OK);
    rx_ok(t, h_seg((uint8_t)(TCPFSM_SYN | ecn), t->peer_iss, 0u, 0u));
    ck_assert_int_eq(h_state(t), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(t->out.count, 1);
    h_expect_tx(t, 0, TCPFSM_SYN | TCPFSM_ACK, t->iss, t->peer_iss + 1u);
}

static void passive_complete(h_t *t)
{
    rx_ok(t, h_seg(TCPFSM_ACK, t->peer_iss + 1u, t->iss + 1u, 0u));
    ck_assert_int_eq(h_state(t), TCPFSM_ESTABLISHED);
}

START_TEST(passive_agrees_to_ecn_setup_syn)
{
    static const uint8_t modes[] = {TCPFSM_ECN_ACCEPT, TCPFSM_ECN_REQUEST};
    uint32_t k;
    for (k = 0; k < 2u; k++) {
        h_t t;
        passive_syn(&t, modes[k], _i, TCPFSM_ECE | TCPFSM_CWR);
        /* an ECN-setup SYN,ACK: ECE alone, not ECN-capable */
        ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE);
        passive_complete(&t);
        ck_assert_uint_eq(h_info(&t).ecn, 1);
    }
}
END_TEST

START_TEST(passive_refuses_half_setup_syn)
{
    static const uint8_t modes[] = {TCPFSM_ECN_ACCEPT, TCPFSM_ECN_REQUEST};
    static const uint8_t bits[] = {TCPFSM_ECE, TCPFSM_CWR, 0u};
    uint32_t k, b;
    for (k = 0; k < 2u; k++) {
        for (b = 0; b < 3u; b++) {
            h_t t;
            uint32_t snd_max;
            passive_syn(&t, modes[k], _i, bits[b]);
            ck_assert_uint_eq(t.out.tx[0].ecn, 0);
            passive_complete(&t);
            ck_assert_uint_eq(h_info(&t).ecn, 0);
            snd_max = t.conn.snd_nxt;
            send_all(&t, 2u * MSS, check_no_ecn, &snd_max);
        }
    }
}
END_TEST

START_TEST(passive_off_never_agrees)
{
    h_t t;
    uint32_t snd_max;
    passive_syn(&t, TCPFSM_ECN_OFF, _i, TCPFSM_ECE | TCPFSM_CWR);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    passive_complete(&t);
    ck_assert_uint_eq(h_info(&t).ecn, 0);
    snd_max = t.conn.snd_nxt;
    send_all(&t, 2u * MSS, check_no_ecn, &snd_max);
}
END_TEST

START_TEST(simultaneous_open_synack_carries_ece)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t k;
    int seen = 0;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    open_active(&t, &cfg, _i);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE | TCPFSM_CWR);
    rx_ok(&t, h_seg(TCPFSM_SYN | TCPFSM_ECE | TCPFSM_CWR, t.peer_iss, 0u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_SYN_RECEIVED);
    for (k = 0; k < t.out.count; k++) {
        if (t.out.tx[k].flags == (TCPFSM_SYN | TCPFSM_ACK)) {
            ck_assert_uint_eq(t.out.tx[k].seq, t.iss);
            ck_assert_uint_eq(t.out.tx[k].ecn, TCPFSM_ECE);
            seen = 1;
        }
    }
    ck_assert(seen);
    rx_ok(&t, h_seg(TCPFSM_ACK, t.peer_iss + 1u, t.iss + 1u, 0u));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).ecn, 1);
}
END_TEST

/* ---- §6.1.1.1 SYN retransmissions ------------------------------------- */

/* SYN-SENT with REQUEST and ecn_syn_retries `retries`: the first SYN and
 * `retries` retransmissions ask, the later ones do not. */
static void syn_retries(int i, uint8_t retries, int set)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t k;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    ck_assert_uint_eq(cfg.ecn_syn_retries, 1); /* the default */
    if (set) {
        cfg.ecn_syn_retries = retries;
    }
    open_active(&t, &cfg, i);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE | TCPFSM_CWR);
    for (k = 1; k <= (uint32_t)retries + 3u && k < cfg.max_retries; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_int_eq(h_state(&t), TCPFSM_SYN_SENT);
        ck_assert_uint_eq(t.out.count, 1);
        h_expect_tx(&t, 0, TCPFSM_SYN, t.iss, 0u);
        ck_assert_msg(t.out.tx[0].ecn == (k <= retries ? (TCPFSM_ECE | TCPFSM_CWR) : 0u),
                      "retransmission %u of the SYN: ecn 0x%x", k, t.out.tx[0].ecn);
    }
}

START_TEST(syn_retransmissions_ask_for_ecn_syn_retries)
{
    syn_retries(_i, 1u, 0);
    syn_retries(_i, 3u, 1);
}
END_TEST

START_TEST(zero_syn_retries_only_first_syn_asks)
{
    syn_retries(_i, 0u, 1);
}
END_TEST

/* §6.1.1: "A host MUST NOT set ECT on data packets unless it ... has sent
 * no non-ECN-setup SYN": a SYN,ACK agreeing after a SYN went without. */
START_TEST(ece_synack_after_plain_syn_retransmission_no_ecn)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t snd_max;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    cfg.ecn_syn_retries = 0u;
    open_active(&t, &cfg, _i);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0); /* a non-ECN-setup SYN went out */
    rx_ok(&t, syn_ack(&t, TCPFSM_ECE, (uint16_t)H_WINDOW));
    ck_assert_int_eq(h_state(&t), TCPFSM_ESTABLISHED);
    ck_assert_uint_eq(h_info(&t).ecn, 0);
    snd_max = t.conn.snd_nxt;
    send_all(&t, 2u * MSS, check_no_ecn, &snd_max);
}
END_TEST

/* ---- §6.1.2, §6.1.4-§6.1.6: which segments are ECN-capable ------------- */

START_TEST(new_data_is_ect)
{
    h_t t;
    uint32_t snd_max;
    uint32_t k;
    establish_ecn(&t, _i);
    snd_max = t.conn.snd_nxt;
    h_send(&t, 3u * MSS);
    ck_assert_uint_eq(t.out.count, 3);
    for (k = 0; k < 3u; k++) {
        h_expect_data(&t, k, k == 2u ? (TCPFSM_ACK | TCPFSM_PSH) : TCPFSM_ACK,
                      snd_max + k * MSS, k * MSS, MSS);
        ck_assert_uint_eq(t.out.tx[k].ecn, TCPFSM_TX_ECT); /* no ECE, no CWR */
    }
}
END_TEST

START_TEST(timer_retransmission_not_ect)
{
    h_t t;
    uint32_t snd_max;
    uint32_t una;
    uint32_t k;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 2u * MSS, check_ect, &snd_max);
    for (k = 0; k < 3u; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].seq, una);
        ck_assert_uint_gt(t.out.tx[0].data_len, 0);
        ck_assert_uint_eq(t.out.tx[0].ecn & TCPFSM_TX_ECT, 0);
        check_ect(&t, &snd_max);
    }
    /* the first acknowledged, the rest sent again: still not ECT */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, una + MSS, 0u, TCPFSM_IP_NOT_ECT));
    check_ect(&t, &snd_max);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    check_ect(&t, &snd_max);
}
END_TEST

START_TEST(fast_retransmit_not_ect)
{
    h_t t;
    uint32_t snd_max;
    uint32_t una;
    uint32_t k;
    int retransmitted = 0;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 20u * MSS, check_ect, &snd_max);
    for (k = 0; k < 6u; k++) {
        uint32_t j;
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK, una, 0u, TCPFSM_IP_NOT_ECT));
        check_ect(&t, &snd_max);
        for (j = 0; j < t.out.count; j++) {
            if (t.out.tx[j].seq == una && t.out.tx[j].data_len > 0u) {
                retransmitted = 1;
            }
        }
    }
    ck_assert(retransmitted);
    ck_assert_uint_ne(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
}
END_TEST

START_TEST(acks_fins_rsts_not_ect)
{
    h_t t;
    uint32_t snd_max;
    establish_ecn(&t, _i);
    snd_max = t.conn.snd_nxt;
    /* the ACK of the peer's data */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, snd_max, 100u, TCPFSM_IP_NOT_ECT));
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].data_len, 0);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    /* a FIN without data */
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].flags, TCPFSM_FIN | TCPFSM_ACK);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    /* its retransmission */
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    /* a RST */
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].flags, TCPFSM_RST);
    ck_assert_uint_eq(t.out.tx[0].ecn, 0);
}
END_TEST

START_TEST(window_probe_not_ect)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t k;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    establish_cfg(&t, &cfg, _i, TCPFSM_ECE, 0u); /* the peer's window is shut */
    ck_assert_uint_eq(h_info(&t).ecn, 1);
    h_send(&t, 100u);
    ck_assert_uint_eq(t.out.count, 0);
    for (k = 0; k < 3u; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        ck_assert_uint_eq(t.out.tx[0].data_len, 1); /* the probe */
        ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    }
}
END_TEST

START_TEST(keepalive_not_ect)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t k;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    cfg.flags = (uint8_t)(cfg.flags | TCPFSM_CFG_KEEPALIVE);
    establish_cfg(&t, &cfg, _i, TCPFSM_ECE, (uint16_t)H_WINDOW);
    ck_assert_uint_eq(h_info(&t).ecn, 1);
    for (k = 0; k < 2u; k++) {
        ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
        ck_assert_uint_eq(t.out.count, 1);
        h_expect_tx(&t, 0, TCPFSM_ACK, t.conn.snd_nxt - 1u, t.conn.rcv_nxt);
        ck_assert_uint_eq(t.out.tx[0].ecn, 0);
    }
}
END_TEST

/* Without ECN nothing carries an ECN bit, whatever the peer sends; and
 * its ECE changes nothing. */
START_TEST(without_ecn_no_bits_ever)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t snd_max;
    uint32_t una;
    tcpfsm_info before;
    uint32_t k;
    cfg_ecn(&cfg, TCPFSM_ECN_ACCEPT);
    establish_cfg(&t, &cfg, _i, TCPFSM_ECE, (uint16_t)H_WINDOW);
    check_no_ecn(&t, NULL);
    ck_assert_uint_eq(h_info(&t).ecn, 0);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 20u * MSS, check_no_ecn, &snd_max);
    before = h_info(&t);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_ECE, una, 100u, TCPFSM_IP_CE));
    check_no_ecn(&t, NULL);
    ck_assert_uint_eq(h_info(&t).cwnd, before.cwnd);
    ck_assert_uint_eq(h_info(&t).ssthresh, before.ssthresh);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_CWR, una + MSS, 100u, TCPFSM_IP_CE));
    check_no_ecn(&t, NULL);
    ck_assert_uint_ge(h_info(&t).cwnd, before.cwnd);
    for (k = 0; k < 4u; k++) { /* duplicate ACKs: fast retransmit */
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_ECE, una + MSS, 0u, TCPFSM_IP_CE));
        check_no_ecn(&t, NULL);
    }
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    check_no_ecn(&t, NULL);
    ck_assert_int_eq(tcpfsm_close(&t.conn, t.now, &t.out), TCPFSM_OK);
    check_no_ecn(&t, NULL);
    ck_assert_int_eq(tcpfsm_abort(&t.conn, &t.out), TCPFSM_OK);
    check_no_ecn(&t, NULL);
}
END_TEST

/* ---- §6.1.3 the receiver's echo ---------------------------------------- */

/* Every segment of the output that acknowledges carries ECE (want 1) or
 * none does (want 0); at least one does acknowledge. */
static void expect_echo(const h_t *t, int want)
{
    uint32_t k;
    ck_assert_uint_gt(t->out.count, 0);
    for (k = 0; k < t->out.count; k++) {
        const tcpfsm_tx *tx = &t->out.tx[k];
        ck_assert_uint_ne(tx->flags & TCPFSM_ACK, 0);
        ck_assert_msg(((tx->ecn & TCPFSM_ECE) != 0) == (want != 0),
                      "tx %u (flags 0x%x, %u bytes): ecn 0x%x, ECE %s", k, tx->flags,
                      tx->data_len, tx->ecn, want ? "expected" : "not expected");
        ck_assert_uint_eq(tx->ecn & TCPFSM_CWR, 0);
    }
}

START_TEST(ce_echoed_until_cwr)
{
    h_t t;
    uint32_t snd_max;
    establish_ecn(&t, _i);
    snd_max = t.conn.snd_nxt;
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
    expect_echo(&t, 1);
    ck_assert_uint_eq(t.out.tx[0].data_len, 0);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE); /* a pure ACK: not ECT */
    /* later ACKs too, though no CE came with their segments */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 1);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 1);
    /* our data acknowledges too */
    h_send(&t, 2u * MSS);
    expect_echo(&t, 1);
    check_ect(&t, &snd_max);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_ECE | TCPFSM_TX_ECT);
    /* the peer reduced its window: CWR ends the echo */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_CWR, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 0);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 0);
    h_send(&t, MSS);
    expect_echo(&t, 0);
    ck_assert_uint_eq(t.out.tx[0].ecn, TCPFSM_TX_ECT);
}
END_TEST

START_TEST(ce_on_cwr_segment_echoed_again)
{
    h_t t;
    establish_ecn(&t, _i);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
    expect_echo(&t, 1);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_CWR, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
    expect_echo(&t, 1);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 1);
    /* a CWR with a fresh CE when no echo was owed starts one as well */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_CWR, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 0);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_CWR, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
    expect_echo(&t, 1);
}
END_TEST

START_TEST(ce_out_of_order_echoed)
{
    h_t t;
    establish_ecn(&t, _i);
    /* beyond RCV.NXT: the duplicate ACK it draws echoes it */
    rx_ok(&t, h_seg(TCPFSM_ACK, t.conn.rcv_nxt + 100u, t.conn.snd_nxt, 100u));
    expect_echo(&t, 0);
    {
        tcpfsm_segment seg = h_seg(TCPFSM_ACK, t.conn.rcv_nxt + 300u, t.conn.snd_nxt, 100u);
        seg.ip_ecn = TCPFSM_IP_CE;
        rx_ok(&t, seg);
    }
    expect_echo(&t, 1);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 1);
}
END_TEST

START_TEST(ce_without_ecn_changes_nothing)
{
    static const uint8_t modes[] = {TCPFSM_ECN_OFF, TCPFSM_ECN_ACCEPT, TCPFSM_ECN_REQUEST};
    uint32_t k;
    for (k = 0; k < 3u; k++) {
        h_t t;
        tcpfsm_config cfg;
        cfg_ecn(&cfg, modes[k]);
        establish_cfg(&t, &cfg, _i, 0u, (uint16_t)H_WINDOW);
        ck_assert_uint_eq(h_info(&t).ecn, 0);
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
        expect_echo(&t, 0);
        check_no_ecn(&t, NULL);
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, t.conn.snd_nxt, 100u, TCPFSM_IP_NOT_ECT));
        check_no_ecn(&t, NULL);
        h_send(&t, MSS);
        check_no_ecn(&t, NULL);
    }
}
END_TEST

/* Header prediction (fastpath.c) must not swallow a CE mark, nor the echo
 * owed when the next in-order data takes it. */
START_TEST(fast_path_keeps_ce)
{
    h_t t;
    uint32_t k;
    establish_ecn(&t, _i);
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
    expect_echo(&t, 0);
    /* in-order data in ESTABLISHED with nothing in flight: the common case */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, t.conn.snd_nxt, 100u, TCPFSM_IP_CE));
    expect_echo(&t, 1);
    for (k = 0; k < 3u; k++) {
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_PSH, t.conn.snd_nxt, 100u, TCPFSM_IP_ECT0));
        expect_echo(&t, 1);
        rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 100u, TCPFSM_IP_NOT_ECT));
        expect_echo(&t, 1);
    }
}
END_TEST

/* ---- §6.1.2 the sender's reduction ------------------------------------- */

/* The peer acknowledges `ack`, no data, with ECE when ece. */
static void peer_ack(h_t *t, uint32_t ack, int ece)
{
    rx_ok(t, peer_seg(t, (uint8_t)(TCPFSM_ACK | (ece ? TCPFSM_ECE : 0u)), ack, 0u,
                      TCPFSM_IP_NOT_ECT));
}

/* In the output, new data (at or beyond *snd_max) carries CWR when it is
 * the first after a reduction: *cwr_owed says whether one is owed, and is
 * cleared when it went out. */
static void check_cwr(const h_t *t, uint32_t *snd_max, int *cwr_owed)
{
    uint32_t k;
    for (k = 0; k < t->out.count; k++) {
        const tcpfsm_tx *tx = &t->out.tx[k];
        int is_new = tx->data_len > 0u && seq_ge(tx->seq, *snd_max);
        if (is_new && *cwr_owed) {
            ck_assert_msg(tx->ecn == (TCPFSM_CWR | TCPFSM_TX_ECT),
                          "first new data after the reduction, at %u: ecn 0x%x", tx->seq,
                          tx->ecn);
            *cwr_owed = 0;
        } else {
            ck_assert_msg((tx->ecn & TCPFSM_CWR) == 0u, "tx at %u (%u bytes): CWR again",
                          tx->seq, tx->data_len);
        }
    }
    check_ect(t, snd_max);
}

/* No segment of the output is a retransmission. */
static void expect_no_retransmission(const h_t *t, uint32_t snd_max)
{
    uint32_t k;
    for (k = 0; k < t->out.count; k++) {
        ck_assert_msg(t->out.tx[k].data_len == 0u || seq_ge(t->out.tx[k].seq, snd_max),
                      "data at %u sent again", t->out.tx[k].seq);
    }
}

START_TEST(ece_halves_cwnd_once_per_window)
{
    h_t t;
    uint32_t snd_max, una, recover;
    tcpfsm_info before, after;
    int cwr_owed = 0;
    int cwr_sent_at_least_once;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 40u * MSS, check_ect, &snd_max);
    before = h_info(&t);
    ck_assert_uint_eq(before.cwnd, 10u * MSS); /* RFC 6928, all of it in flight */
    ck_assert_uint_eq(snd_max - una, before.cwnd);
    recover = t.conn.snd_nxt;

    /* the first ECE: half */
    peer_ack(&t, una + MSS, 1);
    after = h_info(&t);
    ck_assert_uint_eq(after.cwnd, cc_ecn_reduced(before.cwnd));
    ck_assert_uint_eq(after.ssthresh, cc_ecn_reduced(before.cwnd));
    expect_no_retransmission(&t, snd_max);
    cwr_owed = 1;
    check_cwr(&t, &snd_max, &cwr_owed);

    /* more ECE within the same window: nothing */
    before = after;
    peer_ack(&t, una + 2u * MSS, 1);
    after = h_info(&t);
    ck_assert_uint_eq(after.cwnd, before.cwnd);
    ck_assert_uint_eq(after.ssthresh, before.ssthresh);
    expect_no_retransmission(&t, snd_max);
    check_cwr(&t, &snd_max, &cwr_owed);
    peer_ack(&t, una + 3u * MSS, 1);
    after = h_info(&t);
    ck_assert_uint_eq(after.cwnd, before.cwnd);
    ck_assert_uint_eq(after.ssthresh, before.ssthresh);
    check_cwr(&t, &snd_max, &cwr_owed);

    /* the rest of that window acknowledged without ECE; new data goes, the
     * first of it with CWR */
    for (una += 4u * MSS; seq_ge(recover, una); una += MSS) {
        peer_ack(&t, una, 0);
        check_cwr(&t, &snd_max, &cwr_owed);
    }
    una -= MSS;
    ck_assert_uint_eq(una, recover);
    cwr_sent_at_least_once = !cwr_owed;
    ck_assert(cwr_sent_at_least_once);
    ck_assert(seq_ge(snd_max, una + MSS)); /* new data in flight past the window */

    /* SND.UNA has passed the SND.NXT of the reduction: a new ECE halves again */
    before = h_info(&t);
    ck_assert_uint_ge(cc_ecn_reduced(before.cwnd), MSS);
    peer_ack(&t, una + MSS, 1);
    after = h_info(&t);
    ck_assert_uint_eq(after.cwnd, cc_ecn_reduced(before.cwnd));
    ck_assert_uint_lt(after.ssthresh, before.ssthresh);
    ck_assert_uint_ge(after.ssthresh, 2u * MSS);
    expect_no_retransmission(&t, snd_max);
    cwr_owed = 1;
    check_cwr(&t, &snd_max, &cwr_owed);
    for (una += 2u * MSS; seq_ge(snd_max, una) && cwr_owed; una += MSS) {
        peer_ack(&t, una, 0);
        check_cwr(&t, &snd_max, &cwr_owed);
    }
    ck_assert(!cwr_owed);
}
END_TEST

/* §6.1.2: "The sending TCP SHOULD NOT increase the congestion window in
 * response to the receipt of an ECN-Echo ACK packet": halved, even where
 * slow start would grow it for the data the ACK acknowledges. */
START_TEST(ece_ack_does_not_grow_cwnd)
{
    static const uint8_t iw[] = {4u, 2u};
    uint32_t k;
    for (k = 0; k < 2u; k++) {
        h_t t;
        tcpfsm_config cfg;
        uint32_t una, snd_max;
        tcpfsm_info before;
        cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
        cfg.init_window = iw[k];
        establish_cfg(&t, &cfg, _i, TCPFSM_ECE, (uint16_t)H_WINDOW);
        una = snd_max = t.conn.snd_nxt;
        send_all(&t, 10u * MSS, check_ect, &snd_max);
        before = h_info(&t);
        ck_assert_uint_eq(before.cwnd, iw[k] * MSS);
        peer_ack(&t, una + MSS, 1);
        ck_assert_msg(h_info(&t).cwnd == cc_ecn_reduced(before.cwnd),
                      "initial window %u segments: cwnd %u after the ECE ACK, %u before",
                      iw[k], h_info(&t).cwnd, before.cwnd);
        expect_no_retransmission(&t, snd_max);
    }
}
END_TEST

/* The same within the window of a reduction: a later ECE ACK, stale,
 * neither reduces again nor opens the window (congestion avoidance's byte
 * count would, for the three segments it acknowledges). */
START_TEST(stale_ece_ack_does_not_grow_cwnd)
{
    h_t t;
    uint32_t una, snd_max;
    tcpfsm_info before;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 40u * MSS, check_ect, &snd_max);
    peer_ack(&t, una + MSS, 1);
    peer_ack(&t, una + 2u * MSS, 1);
    before = h_info(&t);
    peer_ack(&t, una + 5u * MSS, 1);
    ck_assert_uint_eq(h_info(&t).cwnd, before.cwnd);
    ck_assert_uint_eq(h_info(&t).ssthresh, before.ssthresh);
}
END_TEST

/* Once per window: the peer echoes until our CWR reaches it, and that
 * CWR rides on data sent after the reduction, at or beyond its SND.NXT.
 * An ECE on an ACK that acknowledges nothing beyond that SND.NXT (a
 * window update, a duplicate) is the same congestion. */
START_TEST(ece_at_reduction_snd_nxt_does_not_reduce_again)
{
    h_t t;
    uint32_t una, snd_max, recover;
    tcpfsm_info before;
    int cwr_owed = 1;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 40u * MSS, check_ect, &snd_max);
    recover = t.conn.snd_nxt;
    peer_ack(&t, una + MSS, 1); /* the reduction */
    check_cwr(&t, &snd_max, &cwr_owed);
    peer_ack(&t, recover, 1);   /* still echoing: no CWR has arrived */
    check_cwr(&t, &snd_max, &cwr_owed);
    ck_assert(!cwr_owed);       /* new data with CWR is in flight now */
    ck_assert(seq_ge(snd_max, recover + MSS));
    before = h_info(&t);
    /* the peer's window update, before our CWR segment reached it */
    {
        tcpfsm_segment seg = peer_seg(&t, TCPFSM_ACK | TCPFSM_ECE, recover, 0u,
                                      TCPFSM_IP_NOT_ECT);
        seg.window = (uint16_t)(H_WINDOW - 1u);
        rx_ok(&t, seg);
    }
    ck_assert_uint_eq(h_info(&t).cwnd, before.cwnd);
    ck_assert_uint_eq(h_info(&t).ssthresh, before.ssthresh);
}
END_TEST

START_TEST(ece_cwnd_never_below_one_mss)
{
    h_t t;
    tcpfsm_config cfg;
    uint32_t una, snd_max;
    tcpfsm_info info;
    cfg_ecn(&cfg, TCPFSM_ECN_REQUEST);
    cfg.init_window = 1u;
    establish_cfg(&t, &cfg, _i, TCPFSM_ECE, (uint16_t)H_WINDOW);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 4u * MSS, check_ect, &snd_max);
    ck_assert_uint_eq(h_info(&t).cwnd, MSS);
    /* the peer's data with ECE, acknowledging nothing new: half of one
     * segment would be less than one */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_ECE, una, 100u, TCPFSM_IP_NOT_ECT));
    info = h_info(&t);
    ck_assert_uint_eq(info.cwnd, MSS);
    ck_assert_uint_ge(info.ssthresh, 2u * MSS);
    expect_no_retransmission(&t, snd_max);
    /* and once that window is past, again */
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK, t.conn.snd_nxt, 0u, TCPFSM_IP_NOT_ECT));
    rx_ok(&t, peer_seg(&t, TCPFSM_ACK | TCPFSM_ECE, t.conn.snd_una, 100u, TCPFSM_IP_NOT_ECT));
    ck_assert_uint_ge(h_info(&t).cwnd, MSS);
}
END_TEST

/* Fast recovery has halved the window for this window of data already:
 * an ECE then makes no difference, compared with the same ACKs without. */
START_TEST(ece_ignored_in_fast_recovery)
{
    static h_t a, b; /* a: ECE on the ACKs in recovery; b: the same without */
    uint32_t una, snd_max_a, snd_max_b;
    uint32_t k;
    establish_ecn(&a, _i);
    establish_ecn(&b, _i);
    una = snd_max_a = snd_max_b = a.conn.snd_nxt;
    send_all(&a, 30u * MSS, check_ect, &snd_max_a);
    send_all(&b, 30u * MSS, check_ect, &snd_max_b);
    for (k = 0; k < 3u; k++) { /* three duplicate ACKs: fast retransmit */
        peer_ack(&a, una, 0);
        peer_ack(&b, una, 0);
    }
    ck_assert_uint_ne(h_info(&a).recovery, TCPFSM_RECOVERY_NONE);
    for (k = 0; k < 3u; k++) { /* more duplicates, with and without ECE */
        peer_ack(&a, una, 1);
        peer_ack(&b, una, 0);
        ck_assert_uint_eq(h_info(&a).cwnd, h_info(&b).cwnd);
        ck_assert_uint_eq(h_info(&a).ssthresh, h_info(&b).ssthresh);
        ck_assert_uint_eq(h_info(&a).recovery, h_info(&b).recovery);
        ck_assert_uint_eq(a.out.count, b.out.count);
    }
    /* a partial ACK, with and without ECE */
    peer_ack(&a, una + 2u * MSS, 1);
    peer_ack(&b, una + 2u * MSS, 0);
    ck_assert_uint_eq(h_info(&a).cwnd, h_info(&b).cwnd);
    ck_assert_uint_eq(h_info(&a).ssthresh, h_info(&b).ssthresh);
    ck_assert_uint_eq(h_info(&a).recovery, h_info(&b).recovery);
}
END_TEST

/* §6.1.2: "When an ECN-Capable TCP sender reduces its congestion window
 * for any reason (because of a retransmit timeout, a Fast Retransmit, or
 * in response to an ECN Notification), the TCP sender sets the CWR flag in
 * the TCP header of the first new data packet sent after the window
 * reduction." */
START_TEST(cwr_after_fast_retransmit)
{
    h_t t;
    uint32_t una, snd_max;
    uint32_t k;
    int cwr_owed = 0;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 40u * MSS, check_ect, &snd_max);
    for (k = 0; k < 12u; k++) {
        uint32_t before = h_info(&t).cwnd;
        uint8_t recovery = h_info(&t).recovery;
        peer_ack(&t, una, 0);
        if (recovery == TCPFSM_RECOVERY_NONE && h_info(&t).recovery != TCPFSM_RECOVERY_NONE) {
            ck_assert_uint_lt(h_info(&t).ssthresh, before);
            cwr_owed = 1; /* the reduction */
        }
        check_cwr(&t, &snd_max, &cwr_owed);
    }
    ck_assert_uint_ne(h_info(&t).recovery, TCPFSM_RECOVERY_NONE);
    /* the recovery's new data has gone out by now (cwnd inflated) */
    ck_assert_msg(!cwr_owed, "no new data after the fast retransmit carried CWR");
}
END_TEST

START_TEST(cwr_after_retransmission_timeout)
{
    h_t t;
    uint32_t una, snd_max;
    int cwr_owed;
    establish_ecn(&t, _i);
    una = snd_max = t.conn.snd_nxt;
    send_all(&t, 20u * MSS, check_ect, &snd_max);
    ck_assert_int_eq(h_timer(&t, tcpfsm_next_deadline(&t.conn)), TCPFSM_OK);
    ck_assert_uint_eq(t.out.count, 1);
    ck_assert_uint_eq(t.out.tx[0].seq, una);
    cwr_owed = 1; /* the timeout's reduction */
    check_cwr(&t, &snd_max, &cwr_owed);
    /* everything sent arrived after all: new data follows */
    peer_ack(&t, snd_max, 0);
    check_cwr(&t, &snd_max, &cwr_owed);
    ck_assert_uint_gt(t.out.count, 0);
    ck_assert_msg(!cwr_owed, "no new data after the timeout carried CWR");
}
END_TEST

/* ---- the codec --------------------------------------------------------- */

START_TEST(codec_header_bits_from_tx_ecn)
{
    static const uint8_t ecns[] = {
        0u, TCPFSM_TX_ECT, TCPFSM_ECE, TCPFSM_CWR, TCPFSM_ECE | TCPFSM_CWR,
        TCPFSM_ECE | TCPFSM_TX_ECT, TCPFSM_CWR | TCPFSM_TX_ECT,
        TCPFSM_ECE | TCPFSM_CWR | TCPFSM_TX_ECT,
    };
    uint32_t k;
    for (k = 0; k < sizeof ecns / sizeof ecns[0]; k++) {
        tcpfsm_output out;
        tcpfsm_wire_segment wire, parsed;
        tcpfsm_segment seg;
        uint8_t buf[128];
        uint32_t written = 0;
        uint8_t want = (uint8_t)(TCPFSM_ACK | TCPFSM_PSH | (ecns[k] & (TCPFSM_ECE | TCPFSM_CWR)));
        memset(&out, 0, sizeof out);
        out.count = 1u;
        out.tx[0].seq = ISS[_i];
        out.tx[0].ack = PEER_ISS[_i];
        out.tx[0].flags = TCPFSM_ACK | TCPFSM_PSH;
        out.tx[0].window = 1000u;
        out.tx[0].ecn = ecns[k];
        ck_assert_int_eq(tcpfsm_wire_from_output(&out, 0u, 1234u, 80u, &wire), TCPFSM_OK);
        ck_assert_uint_eq(wire.flags, want);
        memset(&wire, 0, sizeof wire);
        ck_assert_int_eq(tcpfsm_wire_from_tx(&out.tx[0], 1234u, 80u, &wire), TCPFSM_OK);
        ck_assert_uint_eq(wire.flags, want);
        ck_assert_int_eq(tcpfsm_wire_build(&wire, NULL, NULL, buf, sizeof buf, &written),
                         TCPFSM_OK);
        ck_assert_uint_eq(buf[13], want); /* the flags byte of RFC 9293 §3.1 */
        ck_assert_int_eq(tcpfsm_wire_parse(buf, written, NULL, &parsed), TCPFSM_OK);
        ck_assert_uint_eq(parsed.flags, want);
        memset(&seg, 0xA5, sizeof seg);
        seg.ip_ecn = TCPFSM_IP_CE;
        ck_assert_int_eq(tcpfsm_wire_to_segment(&parsed, &seg), TCPFSM_OK);
        ck_assert_uint_eq(seg.flags, want);
        ck_assert_uint_eq(seg.ip_ecn, TCPFSM_IP_NOT_ECT);
    }
}
END_TEST

/* ---- configuration ----------------------------------------------------- */

START_TEST(config_defaults_and_range)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_conn copy;
    tcpfsm_config_default(&cfg);
    ck_assert_uint_eq(cfg.ecn, TCPFSM_ECN_OFF);
    ck_assert_uint_eq(cfg.ecn_syn_retries, 1);
    ck_assert_uint_eq(TCPFSM_ECN_OFF, 0);
    ck_assert_uint_lt(TCPFSM_ECN_ACCEPT, TCPFSM_ECN_REQUEST);
    memset(&conn, 0x5A, sizeof conn);
    copy = conn;
    cfg.ecn = (uint8_t)(TCPFSM_ECN_REQUEST + 1u);
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
    ck_assert(memcmp(&conn, &copy, sizeof conn) == 0);
    cfg.ecn = 0xFFu;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_ERR_BAD_CONFIG);
    cfg.ecn = TCPFSM_ECN_REQUEST;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    cfg.ecn = TCPFSM_ECN_ACCEPT;
    cfg.ecn_syn_retries = 0u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
    cfg.ecn_syn_retries = 255u;
    ck_assert_int_eq(tcpfsm_init(&conn, &cfg), TCPFSM_OK);
}
END_TEST

/* ---- both ends --------------------------------------------------------- */

static net_t net; /* large: static */

START_TEST(e2e_ce_mark_reduces_and_is_answered)
{
    static uint8_t data[40u * 1448u];
    net_t *n = &net;
    tcpfsm_config cfg_a, cfg_b;
    tcpfsm_info before, info;
    uint32_t k, sent, acks;
    uint32_t snd_max;
    net_seg *first;
    int cwr_seen = 0;
    uint32_t again = 0u, again_cwnd = 0u;
    cfg_ecn(&cfg_a, TCPFSM_ECN_REQUEST);
    cfg_ecn(&cfg_b, TCPFSM_ECN_ACCEPT);
    for (k = 0; k < sizeof data; k++) {
        data[k] = net_pattern(7u, k);
    }
    net_init(n, &cfg_a, &cfg_b, ISS[_i], PEER_ISS[_i]);
    net_listen(n, &n->b);
    net_connect(n, &n->a);
    ck_assert_uint_eq(net_peek(&n->a, 0)->hdr.flags, TCPFSM_SYN | TCPFSM_ECE | TCPFSM_CWR);
    ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    ck_assert_uint_eq(net_peek(&n->b, 0)->hdr.flags, TCPFSM_SYN | TCPFSM_ACK | TCPFSM_ECE);
    (void)net_flush(n, 10u);
    ck_assert_int_eq(net_state(&n->a), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(net_state(&n->b), TCPFSM_ESTABLISHED);
    ck_assert_int_eq(tcpfsm_status(&n->a.conn, &info), TCPFSM_OK);
    ck_assert_uint_eq(info.ecn, 1);
    ck_assert_int_eq(tcpfsm_status(&n->b.conn, &info), TCPFSM_OK);
    ck_assert_uint_eq(info.ecn, 1);

    net_write(n, &n->a, data, sizeof data);
    sent = net_queued(&n->a);
    ck_assert_uint_gt(sent, 2);
    ck_assert_int_eq(tcpfsm_status(&n->a.conn, &before), TCPFSM_OK);
    snd_max = n->a.conn.snd_nxt;
    /* a router marks the first data segment */
    first = &n->a.q[n->a.q_head];
    ck_assert_uint_gt(first->hdr.len, 0);
    first->hdr.ip_ecn = TCPFSM_IP_CE;
    for (k = 0; k < sent; k++) {
        ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    }
    /* every ACK of B echoes it: no CWR has come */
    acks = net_queued(&n->b);
    ck_assert_uint_gt(acks, 0);
    for (k = 0; k < acks; k++) {
        ck_assert_uint_ne(net_peek(&n->b, k)->hdr.flags & TCPFSM_ECE, 0);
    }
    /* A halves its window once, and says so on its next new data */
    for (k = 0; k < acks; k++) {
        uint32_t j, q0 = net_queued(&n->a);
        ck_assert_int_eq(net_deliver(n, &n->b), NET_DELIVERED);
        ck_assert_int_eq(tcpfsm_status(&n->a.conn, &info), TCPFSM_OK);
        ck_assert_uint_le(info.cwnd, cc_ecn_reduced(before.cwnd) + 2u * info.snd_mss);
        if (info.cwnd < cc_ecn_reduced(before.cwnd) && again == 0u) {
            again = k + 1u; /* reduced twice for one mark: reported at the end */
            again_cwnd = info.cwnd;
        }
        if (k == 0) {
            ck_assert_uint_eq(info.cwnd, cc_ecn_reduced(before.cwnd));
            ck_assert_uint_eq(info.ssthresh, cc_ecn_reduced(before.cwnd));
        }
        for (j = q0; j < net_queued(&n->a); j++) {
            const net_seg *s = net_peek(&n->a, j);
            ck_assert(seq_ge(s->hdr.seq, snd_max)); /* nothing sent again */
            ck_assert_uint_eq((s->hdr.flags & TCPFSM_CWR) != 0, !cwr_seen);
            cwr_seen = 1;
        }
    }
    ck_assert(cwr_seen);
    /* B sees the CWR: its echo stops */
    ck_assert_uint_ne(net_peek(&n->a, 0)->hdr.flags & TCPFSM_CWR, 0);
    ck_assert_int_eq(net_deliver(n, &n->a), NET_DELIVERED);
    ck_assert_uint_gt(net_queued(&n->b), 0);
    for (k = 0; k < net_queued(&n->b); k++) {
        ck_assert_uint_eq(net_peek(&n->b, k)->hdr.flags & (TCPFSM_ECE | TCPFSM_CWR), 0);
    }
    (void)net_flush(n, 200u);
    net_run(n, 2000u);
    ck_assert_uint_eq(n->b.rcv_len, sizeof data);
    ck_assert(memcmp(n->b.rcv, data, sizeof data) == 0);
    ck_assert_msg(again == 0u, "ACK %u of %u (with ECE, before the CWR reached B) reduced "
                  "cwnd again, to %u from %u", again - 1u, acks, again_cwnd, cc_ecn_reduced(before.cwnd));
}
END_TEST

Suite *suite_ecn(void)
{
    Suite *s = suite_create("ecn");
    TCase *tc = tcase_create("ecn");
    tcase_add_loop_test(tc, syn_asks_only_with_request, 0, 2);
    tcase_add_loop_test(tc, synack_with_ece_alone_agrees, 0, 2);
    tcase_add_loop_test(tc, synack_other_answers_do_not_agree, 0, 2);
    tcase_add_loop_test(tc, passive_agrees_to_ecn_setup_syn, 0, 2);
    tcase_add_loop_test(tc, passive_refuses_half_setup_syn, 0, 2);
    tcase_add_loop_test(tc, passive_off_never_agrees, 0, 2);
    tcase_add_loop_test(tc, simultaneous_open_synack_carries_ece, 0, 2);
    tcase_add_loop_test(tc, syn_retransmissions_ask_for_ecn_syn_retries, 0, 2);
    tcase_add_loop_test(tc, zero_syn_retries_only_first_syn_asks, 0, 2);
    tcase_add_loop_test(tc, ece_synack_after_plain_syn_retransmission_no_ecn, 0, 2);
    tcase_add_loop_test(tc, new_data_is_ect, 0, 2);
    tcase_add_loop_test(tc, timer_retransmission_not_ect, 0, 2);
    tcase_add_loop_test(tc, fast_retransmit_not_ect, 0, 2);
    tcase_add_loop_test(tc, acks_fins_rsts_not_ect, 0, 2);
    tcase_add_loop_test(tc, window_probe_not_ect, 0, 2);
    tcase_add_loop_test(tc, keepalive_not_ect, 0, 2);
    tcase_add_loop_test(tc, without_ecn_no_bits_ever, 0, 2);
    tcase_add_loop_test(tc, ce_echoed_until_cwr, 0, 2);
    tcase_add_loop_test(tc, ce_on_cwr_segment_echoed_again, 0, 2);
    tcase_add_loop_test(tc, ce_out_of_order_echoed, 0, 2);
    tcase_add_loop_test(tc, ce_without_ecn_changes_nothing, 0, 2);
    tcase_add_loop_test(tc, fast_path_keeps_ce, 0, 2);
    tcase_add_loop_test(tc, ece_halves_cwnd_once_per_window, 0, 2);
    tcase_add_loop_test(tc, ece_ack_does_not_grow_cwnd, 0, 2);
    tcase_add_loop_test(tc, stale_ece_ack_does_not_grow_cwnd, 0, 2);
    tcase_add_loop_test(tc, ece_at_reduction_snd_nxt_does_not_reduce_again, 0, 2);
    tcase_add_loop_test(tc, ece_cwnd_never_below_one_mss, 0, 2);
    tcase_add_loop_test(tc, ece_ignored_in_fast_recovery, 0, 2);
    tcase_add_loop_test(tc, cwr_after_fast_retransmit, 0, 2);
    tcase_add_loop_test(tc, cwr_after_retransmission_timeout, 0, 2);
    tcase_add_loop_test(tc, codec_header_bits_from_tx_ecn, 0, 2);
    tcase_add_loop_test(tc, config_defaults_and_range, 0, 2);
    tcase_add_loop_test(tc, e2e_ce_mark_reduces_and_is_answered, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
