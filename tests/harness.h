/* SPDX-License-Identifier: BSD-2-Clause */
/* Test harness: one connection under test, driven to any state by the
 * events of the spec table (spec/transitions.def, spec/README.md). */
#ifndef TCPFSM_TEST_HARNESS_H
#define TCPFSM_TEST_HARNESS_H

#include <check.h>
#include "tcpfsm/tcpfsm.h"

/* How a state was reached (the `origin` column of the spec table). */
typedef enum { ORIGIN_ACTIVE, ORIGIN_PASSIVE } h_origin;

/* Events of the spec table. */
typedef enum {
    EV_OPEN_ACTIVE, EV_OPEN_PASSIVE, EV_SEND, EV_RECEIVE, EV_CLOSE, EV_ABORT, EV_STATUS,
    EV_RCV_SYN, EV_RCV_SYN_ACK, EV_RCV_ACK, EV_RCV_DUP_ACK, EV_RCV_THIRD_DUP_ACK, EV_RCV_BAD_ACK, EV_RCV_DATA, EV_RCV_OLD_SEQ,
    EV_RCV_FIN, EV_RCV_FIN_ACK, EV_RCV_FIN_AGAIN, EV_RCV_RST, EV_RCV_RST_IN_WINDOW,
    EV_RCV_SYN_ACK_FIN, EV_CLOSE_QUEUED, EV_RCV_ACK_CLOSE_QUEUED, EV_RCV_FIN_ACK_CLOSE_QUEUED,
    EV_RCV_RST_NO_RFC1337, EV_RCV_SYN_NO_RFC5961, EV_SEND_MORE, EV_RCV_RST_DATA_QUEUED, EV_RCV_SYN_DATA_QUEUED,
    EV_RCV_RST_CLOSE_QUEUED, EV_RCV_SYN_CLOSE_QUEUED, EV_RCV_SYN_NEW, EV_RCV_URG, EV_SEND_URGENT,
    EV_TIMEOUT_RTX, EV_TIMEOUT_GIVE_UP, EV_TIMEOUT_USER, EV_TIMEOUT_2MSL, EV_TIMEOUT_DELACK,
    EV_TIMEOUT_KEEPALIVE, EV_TIMEOUT_KEEPALIVE_GIVE_UP, EV_TIMEOUT_FIN_WAIT_2,
    EV_ICMP_HARD, EV_ICMP_SOFT, EV_ICMP_TOO_BIG,
    EV_RCV_SYN_SYN_CACHE, EV_RCV_SYN_ACK_SYN_CACHE, EV_RCV_BAD_ACK_SYN_CACHE
} h_event;

typedef struct {
    tcpfsm_conn   conn;
    tcpfsm_output out;
    tcpfsm_config cfg;
    uint64_t      now;
    uint32_t      iss;       /* our ISS */
    uint32_t      peer_iss;  /* the peer's ISS */
    void         *seed;      /* FILE the calls are recorded to (TCPFSM_SEED_DIR) */
} h_t;

#define H_DATA_LEN 100u   /* payload of EV_SEND and EV_RCV_DATA */
#define H_WINDOW   65535u /* window the simulated peer offers */
#define H_MAX_RETRIES 5u  /* h_init's retry limit */

/* The tests' configuration: tcpfsm_config_default, but every ACK at once
 * (delack_ms 0), so that a test sees the ACK each segment draws.  The
 * delayed ACK has its tests (test_delack.c); the e2e tests and the fuzzers
 * run the library's defaults. */
void h_config(tcpfsm_config *cfg);

void h_init(h_t *t, uint32_t iss, uint32_t peer_iss);
void h_init_cfg(h_t *t, const tcpfsm_config *cfg, uint32_t iss, uint32_t peer_iss);
tcpfsm_segment h_seg(uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len);
tcpfsm_error h_rx(h_t *t, tcpfsm_segment seg);
tcpfsm_error h_timer(h_t *t, uint64_t at);
/* An ICMP error of that kind quoting `seq` (mss: Packet Too Big's). */
tcpfsm_error h_icmp(h_t *t, tcpfsm_icmp_kind kind, uint32_t seq, uint16_t mss);
tcpfsm_error h_event_apply(h_t *t, h_event ev);
void h_drive(h_t *t, tcpfsm_state state, h_origin origin);
tcpfsm_state h_state(const h_t *t);

/* ESTABLISHED by active open with `cfg` (NULL: h_init's); the peer's
 * SYN,ACK offers `window` and, when mss != 0, the MSS option. */
void h_establish(h_t *t, const tcpfsm_config *cfg, uint32_t iss, uint32_t peer_iss,
                 uint16_t window, uint16_t mss);

/* The peer's next expected sequence number as we see it. */
uint32_t h_rcv_nxt(const h_t *t);

/* The peer, at RCV.NXT, acknowledges `ack` and offers `window`. */
void h_peer_ack(h_t *t, uint32_t ack, uint16_t window);

/* STATUS, which must succeed (the connection exists). */
tcpfsm_info h_info(const h_t *t);

/* SEND of len bytes, which must succeed. */
void h_send(h_t *t, uint32_t len);

/* out.tx[i] is a data segment: flags, seq, ACK = RCV.NXT, offset and length. */
void h_expect_data(const h_t *t, unsigned i, uint8_t flags, uint32_t seq, uint32_t off,
                   uint32_t len);

/* Assert the output holds at least one segment and the first has `flags`. */
void h_expect_tx(const h_t *t, unsigned index, uint8_t flags, uint32_t seq, uint32_t ack);

#endif
