/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The record format the fuzz harnesses read (fuzz/README.md): an input is
 * a sequence of events for one endpoint, each an opcode byte and its
 * arguments, multi-byte values big-endian.  A record cut short by the end
 * of the input ends the sequence.  The Check harness writes the same
 * records to make seeds (tests/harness.c, TCPFSM_SEED_DIR).
 */
#ifndef TCPFSM_FUZZ_RECORDS_H
#define TCPFSM_FUZZ_RECORDS_H

#include <stddef.h>
#include "tcpfsm/tcpfsm.h"

typedef enum {
    REC_OPEN_ACTIVE,   /* iss:4 */
    REC_OPEN_PASSIVE,
    REC_SEND,          /* len:2; opcode byte >= 128: REC_SEND_URGENT */
    REC_RECEIVE,       /* len:2 */
    REC_CLOSE,
    REC_ABORT,
    REC_STATUS,        /* opcode byte >= 128: REC_STATUS_KEEPALIVE */
    REC_SEGMENT,       /* segment (below) */
    REC_TIMER,         /* how:1 ms:4 */
    REC_NO_CONNECTION, /* segment: tcpfsm_reply_no_connection */
    REC_ICMP,          /* how:1 kind:1 seq:4 mss:2: tcpfsm_on_icmp */
    REC_KINDS
} record_op;

/* A segment: flags:1 how:1 seq:4 ack:4 len:2 window:2 options:1 mss:2,
 * then, when flags has TCPFSM_URG (0x20), urgent:2, the urgent pointer
 * (seg.urgent, an offset from SEG.SEQ, RFC 9293 §3.8.5; an input written
 * before it reads otherwise only from a segment with URG on, a bit the
 * core ignored then);
 * bits 5-6 of the options byte are the IP header's ECN field (ip_ecn).
 * `how` bit 0: seq is an offset from RCV.NXT (two's complement), bit 1:
 * ack is an offset from SND.UNA; otherwise they are absolute.  Offsets
 * let short inputs hit the window edges whatever the ISS.  Bits 2-3 place
 * the TSval (read when options has TCPFSM_OPT_TIMESTAMP) against the
 * endpoint's TS.Recent: one after, equal, one before (PAWS), half the
 * range away; TSecr echoes the endpoint's last TSval.  Bits 4-7 are the
 * window scale shift, 0-15, read when options has TCPFSM_OPT_WSCALE. */
#define REC_SEQ_FROM_RCV_NXT 0x01u
#define REC_ACK_FROM_SND_UNA 0x02u
#define REC_TS_SHIFT 2u
#define REC_WSCALE_SHIFT 4u
#define REC_SEGMENT_BYTES 17u
#define REC_URGENT_BYTES 2u

/* When a segment's options byte has TCPFSM_OPT_SACK, SACK blocks follow
 * (after the urgent pointer, when there is one):
 * count:1 (1 + count % 4 blocks), then per block offset:2 len:2, the block
 * covering offset .. offset+len-1 beyond SND.UNA (absolute sequence
 * numbers would seldom land in the flight).  In the record, sack[k].left
 * holds the offset and sack[k].right the length. */
#define REC_SACK_BLOCK_BYTES 4u
#define REC_MAX_BYTES \
    (1u + REC_SEGMENT_BYTES + REC_URGENT_BYTES + 1u + 4u * REC_SACK_BLOCK_BYTES)
/* A timer record: `how` bit 0 set: the clock jumps to the deadline the
 * last output named (when there is one); otherwise, bit 1 set, the
 * caller's clock steps back ms (a clock fault, which the core absorbs);
 * otherwise it advances ms. */
#define REC_TIMER_TO_DEADLINE 0x01u
#define REC_TIMER_STEP_BACK   0x02u

/* A STATUS record whose opcode byte is 128 to 191 (138, 149, ... 182)
 * has `how` REC_STATUS_KEEPALIVE: the harness flips keepalive too; 192 or
 * more (204, ... 248), REC_STATUS_SHUTDOWN: the harness calls
 * tcpfsm_shutdown_receive too. */
#define REC_STATUS_KEEPALIVE 0x01u
#define REC_STATUS_KEEPALIVE_OPCODE 138u
#define REC_STATUS_SHUTDOWN 0x02u
#define REC_STATUS_SHUTDOWN_OPCODE 204u

/* A SEND record whose opcode byte is 128 or more (134, 145, ... 255) has
 * `how` REC_SEND_URGENT: the harness calls tcpfsm_send_urgent instead
 * (RFC 9293 §3.8.5: the len bytes end the urgent data).  The recordings
 * of the Check suites write SEND as 2, so they read as before. */
#define REC_SEND_URGENT 0x01u
#define REC_SEND_URGENT_OPCODE 134u

/* An ICMP record: `how` bit 0: seq is an offset from SND.UNA, so that short
 * inputs quote the flight (RFC 5927's check) whatever the ISS; the kind is
 * taken as it is, invalid ones included (TCPFSM_ERR_INVALID_ARG). */
#define REC_ICMP_SEQ_FROM_SND_UNA 0x01u
#define REC_ICMP_BYTES 8u

/* The first byte of an input selects the configuration (SACK, window
 * scaling and timestamps always offered): bit 0 RFC 5961,
 * bit 1 RFC 1337, bit 2 a 1000-byte receive buffer, bit 3 an MSS of 100,
 * bit 4 no user timeout and ECN asked on our SYN (RFC 3168), bit 5 three retries, bit 6 no challenge-ACK limit,
 * bit 7 one challenge ACK per 10 ms; bits 6 and 7 together: bit 7's limit
 * and the FreeBSD profile (tcpfsm_config.compat, every bit). */
void records_config(uint8_t byte, tcpfsm_config *cfg);

typedef struct {
    record_op      op;
    uint32_t       value; /* iss, len or ms */
    uint8_t        how;
    tcpfsm_segment seg;   /* seq and ack as written: offsets when `how` says */
    tcpfsm_icmp    icmp;  /* REC_ICMP: seq as written */
} record;

/* Decode the record at data[*at], advance *at; 0 at the end of the input. */
int records_next(const uint8_t *data, size_t size, size_t *at, record *r);

/* The n-byte big-endian number at p (n at most 4). */
uint32_t records_be(const uint8_t *p, unsigned n);

/* Encode r into buf (at least REC_MAX_BYTES bytes); returns the
 * length. */
size_t records_encode(const record *r, uint8_t *buf);

#endif
