/* SPDX-License-Identifier: BSD-2-Clause */
/* Workload C, the ACKs the peer owes (owed.h). */
#include "owed.h"

void bench_owed_init(bench_owed *o, uint32_t first_seq)
{
    o->head = 0u;
    o->len = 0u;
    o->next_seq = first_seq;
}

int bench_owed_segment(bench_owed *o, uint32_t seq, uint32_t len, uint32_t want)
{
    if (len != want || seq != o->next_seq || o->len >= BENCH_OWED_MAX) {
        return 0;
    }
    o->next_seq += len;
    o->end[(o->head + o->len) % BENCH_OWED_MAX] = o->next_seq;
    o->len++;
    return 1;
}

int bench_owed_replies(bench_owed *o, const pkt_reply *replies, uint32_t n, uint32_t want)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        if (replies[i].len != 0u && !bench_owed_segment(o, replies[i].seq, replies[i].len, want)) {
            return 0;
        }
    }
    return 1;
}

int bench_owed_next(bench_owed *o, uint32_t *ack)
{
    if (o->len == 0u) {
        return 0;
    }
    *ack = o->end[o->head];
    o->head = (o->head + 1u) % BENCH_OWED_MAX;
    o->len--;
    return 1;
}
