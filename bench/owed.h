/* SPDX-License-Identifier: BSD-2-Clause */
/* Workload C, the peer's side: the data segments it has received and not
 * yet acknowledged, oldest first, and where the next one must start.  The
 * three drivers share it, so that each checks the stream the same way. */
#ifndef BENCH_OWED_H
#define BENCH_OWED_H
#include <stdint.h>
#include "pkt.h"

#define BENCH_OWED_MAX 256u

typedef struct {
    uint32_t end[BENCH_OWED_MAX]; /* SEG.SEQ + SEG.LEN of each, a ring */
    uint32_t head, len;
    uint32_t next_seq;            /* where the next data segment must start */
} bench_owed;

void bench_owed_init(bench_owed *o, uint32_t first_seq);

/* A data segment reached the peer: 1 when it starts at next_seq and
 * carries `want` bytes, and there is room to owe its ACK; 0 otherwise. */
int bench_owed_segment(bench_owed *o, uint32_t seq, uint32_t len, uint32_t want);

/* The replies the peer read, those with data through bench_owed_segment:
 * 1 when every one was right. */
int bench_owed_replies(bench_owed *o, const pkt_reply *replies, uint32_t n, uint32_t want);

/* The ACK the peer sends next into *ack; 0 when it owes none. */
int bench_owed_next(bench_owed *o, uint32_t *ack);

#endif
