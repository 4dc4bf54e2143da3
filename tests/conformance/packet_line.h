/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One packet line of a packetdrill script, `<` (the peer sends, we inject)
 * or `>` (the stack must send), as the FreeBSD TCP suite writes them:
 *
 *     +0.00 > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,eol,eol>
 *     +0.10 <[noecn] . 1:1(0) ack 1 win 65535
 *
 * Flags are packetdrill's letters (S F R P . E W U, `.` meaning ACK), the
 * sequence range is `start:end(length)` or `...(length)` (start not
 * checked), `ack`, `win` and the option list are optional: on a `>` line a
 * missing field is not checked (packetdrill's FLAG_WIN_NOCHECK and
 * FLAG_OPTIONS_NOCHECK).
 */
#ifndef PD_PACKET_LINE_H
#define PD_PACKET_LINE_H

#include <stdint.h>
#include "tcpfsm/wire.h"

/* The IP ECN field a line asks for (`[noecn]`, `[ect0]`, `[ect1]`, `[ce]`). */
typedef enum { PD_ECN_UNSPECIFIED = 0, PD_ECN_NOT_ECT, PD_ECN_ECT0, PD_ECN_ECT1, PD_ECN_CE } pd_ecn;

typedef struct {
    int      outbound;      /* 1: `>`, the stack sends it; 0: `<`, injected */
    pd_ecn   ecn;
    uint8_t  flags;         /* TCPFSM_SYN | ... (all eight bits) */
    int      seq_given;     /* 0: `...` in place of the start */
    uint32_t seq;
    uint32_t len;           /* payload bytes */
    int      ack_given;
    uint32_t ack;
    int      win_given;
    uint32_t win;
    int      options_given; /* 0: no `<...>` list, or `<...>`: not checked */
    /* The options, as the codec models them: MSS, window scale,
     * SACK-permitted, timestamps, SACK blocks (nop and eol are layout). */
    uint8_t  options;       /* TCPFSM_OPT_* | TCPFSM_OPT_SACK */
    uint16_t mss;
    uint8_t  wscale;
    uint32_t ts_val, ts_ecr;
    uint8_t  sack_count;
    tcpfsm_sack_block sack[TCPFSM_WIRE_MAX_SACK];
} pd_packet;

/* Parse `text` (the line after its time), which starts with `<` or `>`.
 * Returns 0, or -1 with a reason for the SKIP in `why`. */
int pd_packet_parse(const char *text, pd_packet *pkt, char *why, unsigned why_len);

/* A short human form, packetdrill's own: "S. 0:0(0) ack 1 win 65535 <...>". */
void pd_packet_format(const pd_packet *pkt, char *buf, unsigned len);

/* The flags in packetdrill's letters. */
void pd_flags_format(uint8_t flags, char *buf, unsigned len);

#endif
