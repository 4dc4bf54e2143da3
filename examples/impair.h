/* SPDX-License-Identifier: BSD-2-Clause */
/* One direction of an impaired link: what tc netem does to the packets
 * that cross it (delay, loss, reordering, duplication, a rate, a bounded
 * queue), for kernels built without sch_netem.  tcpfsm-tun impairs what it
 * reads from its TUN device with one (--rx-*) and what it writes with
 * another (--tx-*); the relay of bench/net impairs each of its two
 * directions with one.  Knowing nothing of TCP, IP or devices, it hands
 * each packet that survives to a function its owner gives.
 *
 * Deterministic: a packet's fate comes from three draws of a generator
 * seeded with the seed and the stream alone (SplitMix64), whatever the
 * fate, so the n-th packet through an instance meets the same fate for the
 * same seed and configuration, whatever befell the ones before it. */
#ifndef EX_IMPAIR_H
#define EX_IMPAIR_H
#include <stdint.h>
#include <stdio.h>

#define IMPAIR_MTU 1500u       /* the largest packet held (a TUN device's MTU) */
#define IMPAIR_PPM 1000000u    /* 100 % in parts per million */
#define IMPAIR_QUEUE 4096u     /* packets held at most, by default */

typedef struct {
    uint32_t delay_ms;         /* each packet is held this long... */
    uint32_t rate_kbit;        /* ...after leaving one behind the other at
                                  this rate (0: no limit) */
    uint32_t loss_ppm;         /* dropped */
    uint32_t reorder_ppm;      /* passed on at once, ahead of those held */
    uint32_t dup_ppm;          /* passed on twice */
    uint32_t queue;            /* packets held at most: the next is dropped */
} impair_config;

typedef struct {
    uint64_t in;               /* packets given to impair_packet */
    uint64_t passed;           /* handed on, copies included */
    uint64_t dropped;          /* drawn for loss */
    uint64_t duplicated;       /* drawn for duplication */
    uint64_t reordered;        /* passed on at once while others were held */
    uint64_t overflow;         /* dropped because the queue was full */
} impair_counters;

typedef void (*impair_deliver_fn)(void *ctx, const uint8_t *pkt, uint32_t len, uint64_t now_us);

typedef struct {
    uint64_t due_us;
    uint32_t len;
    uint8_t bytes[IMPAIR_MTU];
} impair_slot;

typedef struct {
    impair_config cfg;
    uint64_t rng;
    impair_slot *slots;        /* a ring of cfg.queue, NULL when nothing is held */
    uint32_t head, count;
    uint64_t link_free_ns;     /* when the rate lets the next packet leave */
    impair_deliver_fn deliver;
    void *ctx;
    impair_counters n;
} impair;

/* No impairment, a queue of IMPAIR_QUEUE. */
void impair_config_default(impair_config *c);

/* Take the option `arg` (e.g. "--rx-loss-pct") when it is `prefix`
 * followed by one of delay-ms, loss-pct, reorder-pct, dup-pct, rate-kbit,
 * queue.  Percentages may have up to four decimals (0.5, 0.0001).  1: taken;
 * 0: not one of these; -1: a bad value, said on stderr. */
int impair_option(impair_config *c, const char *prefix, const char *arg, const char *value);
/* The value of --seed: a whole number below 2^32.  0, or -1 with a
 * message on stderr. */
int impair_seed_option(const char *value, uint32_t *seed);
/* "delay-ms MS, loss-pct P, ..." for a usage message. */
extern const char impair_options_help[];

/* Whether c changes anything at all. */
int impair_active(const impair_config *c);

/* Ready to take packets, handed to deliver(ctx, ...) when they leave.
 * Instances with the same seed but another stream draw other fates.
 * 0, or -1 when out of memory. */
int impair_init(impair *im, const impair_config *c, uint32_t seed, uint32_t stream,
                impair_deliver_fn deliver, void *ctx);
void impair_free(impair *im);

/* A packet enters the link at now_us: handed on now, held, or dropped.
 * deliver must not give packets back to the same instance. */
void impair_packet(impair *im, const uint8_t *pkt, uint32_t len, uint64_t now_us);
/* Hand on the held packets that are due, oldest first; when the next one
 * is (UINT64_MAX: none held). */
uint64_t impair_release(impair *im, uint64_t now_us);

/* One line: the name, the configuration, the counters. */
void impair_report(FILE *f, const char *name, const impair *im);

#endif
