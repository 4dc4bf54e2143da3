/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checking a segment the stack emitted against the `>` line that expects
 * it, with packetdrill's rules (run_packet.c, verify_outbound_live_packet):
 *
 * - our sequence numbers are mapped to the script's: the first SYN (active
 *   open) or SYN,ACK (passive) of the socket under test fixes
 *   script ISN <-> live ISN; the peer's numbers are the script's own;
 * - every flag bit must match (URG among them); seq when given (`...` is
 *   not checked), ack when the ACK bit is set, payload length, window when
 *   given; the urgent pointer always, `urg N` or 0 when the line has none;
 * - options when a list is given, as a set: nop and eol are layout, the TS
 *   val is not checked (packetdrill checks it only with --tcp_ts_tick_usecs)
 *   but remembered so that the peer's TS ecr can be mapped back; TS ecr,
 *   MSS, window scale, SACK-permitted and SACK blocks must match;
 * - the time it left within --tolerance_usecs of the line's time, or of
 *   its range `a~b` (verify_time: ABSOLUTE_RANGE_TIME); a `*` line's time
 *   is not checked (ANY_TIME);
 * - the IP header when the line describes it (`(tos 0x20)`, `(ttl 4)`,
 *   `[ect0]`...: the TOS byte or traffic class, its DSCP or ECN field, the
 *   TTL or hop limit), and the carrier: `/udp(a > b)` TCP in UDP with
 *   those ports, else plain TCP;
 * - a TCP-MD5 option (`md5 ...`) is never sent: tcpfsm has none.
 */
#ifndef PD_CHECKER_H
#define PD_CHECKER_H

#include "packet_line.h"
#include "stack.h"

/* The time a `>` line expects: from .. to (the same time unless a range);
 * any: a `*` line, whose time is not checked. */
typedef struct {
    int64_t from_us, to_us;
    int     any;
} pd_when;

/* 0 when `got` matches `want` (expected `when`); else -1 and what
 * differs in `why`.  Learns the ISN and TS val mappings into st. */
int pd_check_outbound(pd_stack *st, const pd_packet *want, const pd_when *when,
                      int64_t tolerance_us, const pd_emitted *got, char *why, unsigned why_len);

/* The emitted segment in packetdrill's words, in script numbers; with its
 * IP header too when `want` (may be NULL) describes one. */
void pd_format_emitted(const pd_stack *st, const pd_emitted *got, const pd_packet *want,
                       char *buf, unsigned len);

#endif
