/* SPDX-License-Identifier: BSD-2-Clause */
/* The timeline: state changes and segments, one line each, with their time. */
#ifndef EX_TRACE_H
#define EX_TRACE_H
#include <stdio.h>
#include <stdint.h>
#include <tcpfsm/tcpfsm.h>
#include <tcpfsm/wire.h>

/* `t_us` counts from the start of the timeline. */
void trace_header(FILE *f);
void trace_state(FILE *f, uint64_t t_us, const char *who, tcpfsm_state from, tcpfsm_state to);
void trace_segment(FILE *f, uint64_t t_us, const char *from, const char *to,
                   const tcpfsm_wire_segment *w);
void trace_text(FILE *f, uint64_t t_us, const char *who, const char *text);

/* The notes of an output as words ("CONNECTED PEER_CLOSED"), into buf. */
const char *trace_notes(uint32_t notes, char *buf, unsigned size);

#endif
