/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Executable oracles: the predicates the proofs state (spec/tcpfsm_logic.h,
 * spec/tcpfsm_transitions.h) as C, for the fuzz harnesses and the Check
 * suites to check after every call.  Each returns NULL when the property
 * holds, or a sentence saying which clause broke.
 */
#ifndef TCPFSM_FUZZ_ORACLE_H
#define TCPFSM_FUZZ_ORACLE_H

#include "tcpfsm/tcpfsm.h"
#include "tcpfsm_kinds.h"

/* The kinds of event of the transition relation (spec/gen_acsl.c). */
typedef enum {
    ORACLE_SEGMENT, ORACLE_TIMER, ORACLE_OPEN_ACTIVE, ORACLE_OPEN_PASSIVE, ORACLE_SEND,
    ORACLE_RECEIVE, ORACLE_CLOSE, ORACLE_ABORT, ORACLE_STATUS, ORACLE_ICMP
} oracle_event;

/* Prepares the oracles (the transition table, read once); the harnesses
 * call it before the first input (LLVMFuzzerInitialize), the first oracle
 * call does otherwise. */
void oracle_init(void);

/* conn_ok: the connection invariant. */
const char *oracle_conn_ok(const tcpfsm_conn *c);

/* out_ok and tx_ok: at most TCPFSM_MAX_TX segments, legal control bits,
 * ACK = rcv_nxt on every segment that acknowledges. */
const char *oracle_out_ok(const tcpfsm_output *o, uint32_t rcv_nxt);

/* The kind of an emitted segment (TCPFSM_KIND_*, spec/tcpfsm_kinds.h). */
unsigned oracle_tx_kind(const tcpfsm_tx *tx);

/* segment_step, timer_step, <call>_step: the table allows the move from
 * (from, passive) to `to` on this kind of event, and every segment in `out`
 * (when not NULL) is of a kind the table lets the move emit. */
const char *oracle_step_ok(oracle_event kind, unsigned from, unsigned passive, unsigned to,
                           const tcpfsm_output *out);

/* Everything after one call: `before` the block before it, `err` what it
 * returned; an error must leave block and output byte-for-byte unchanged. */
const char *oracle_after_call(oracle_event kind, const tcpfsm_conn *before,
                              const tcpfsm_output *out_before, tcpfsm_error err,
                              const tcpfsm_conn *after, const tcpfsm_output *out);

/* The fast path (src/core/fastpath.c) against the general one: when the
 * segment seg, arriving at `before` with the output `out_before`, was one
 * the fast path takes, RFC 9293's steps (tcpfsm_segment_arrives) run on
 * copies of both must leave the same bytes as `after` and `out`.  NULL
 * when they do, or when the fast path does not apply. */
/* RFC 9293 §3.4: sequence number a before b, modulo 2^32. */
int oracle_seq_before(uint32_t a, uint32_t b);

const char *oracle_fast_path_same(const tcpfsm_conn *before, const tcpfsm_output *out_before,
                                  const tcpfsm_segment *seg, uint32_t iss, uint64_t now,
                                  const tcpfsm_conn *after, const tcpfsm_output *out);

/* RFC 9293 §3.8.5, a SEND of len bytes (urgent: tcpfsm_send_urgent), run
 * at `now` on `before` with the output `out_before`, returned err and left
 * `after` and `out`.  tcpfsm_send_urgent returns SEND's errors, then
 * TCPFSM_ERR_INVALID_ARG for no bytes (tcpfsm_send is run on copies to
 * tell); once it succeeds, SND.UP is the end of the data queued and urgent
 * mode is on, and it sends as it would with Nagle off (run again on copies
 * with TCP_NODELAY).  A plain SEND leaves urgent mode and SND.UP alone.
 * oracle_after_call checks the rest of the call. */
const char *oracle_send_ok(const tcpfsm_conn *before, const tcpfsm_output *out_before,
                           uint32_t len, int urgent, uint64_t now, tcpfsm_error err,
                           const tcpfsm_conn *after, const tcpfsm_output *out);

/* RFC 9293 §3.8.5, §3.10.7.4 sixth step: after the segment seg arrived at
 * `before` (tcpfsm_on_segment returned err), NOTE_URGENT only for a
 * segment with URG in a state that reads it, and the peer's urgent data
 * then ends exactly where SEG.SEQ + SEG.UP points, measured from the
 * user's read point; a segment whose text was taken (so the sixth step
 * ran) and whose pointer lies beyond the mark must have been told
 * (MUST-32). */
const char *oracle_urgent_arrived(const tcpfsm_conn *before, const tcpfsm_segment *seg,
                                  tcpfsm_error err, const tcpfsm_conn *after,
                                  const tcpfsm_output *out);

#endif
