/* SPDX-License-Identifier: BSD-2-Clause */
/* One direction of an impaired link (impair.h). */
#include <stdlib.h>
#include <string.h>
#include "impair.h"

const char impair_options_help[] =
    "delay-ms MS, loss-pct P, reorder-pct P, dup-pct P, rate-kbit K (0: none), queue N";

void impair_config_default(impair_config *c)
{
    memset(c, 0, sizeof *c);
    c->queue = IMPAIR_QUEUE;
}

/* Digits only, at most max: no sign, no spaces, nothing after. */
static int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (*s == 0) {
        return -1;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return -1;
        }
        v = v * 10u + (uint64_t)(*s - '0');
        if (v > max) {
            return -1;
        }
    }
    *out = (uint32_t)v;
    return 0;
}

/* "12", "0.5", "99.9999": parts per million, at most 100 %.  Four
 * decimals are a millionth, the resolution of the draws. */
static int parse_ppm(const char *s, uint32_t *ppm)
{
    uint32_t whole = 0, frac = 0, scale = 10000u;
    const char *dot = strchr(s, '.');
    char ip[8];
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    if (n == 0 || n >= sizeof ip) {
        return -1;
    }
    memcpy(ip, s, n);
    ip[n] = 0;
    if (parse_u32(ip, 100u, &whole) != 0) {
        return -1;
    }
    if (dot != NULL) {
        const char *d = dot + 1;
        if (*d == 0 || strlen(d) > 4) {
            return -1;
        }
        for (; *d; d++) {
            if (*d < '0' || *d > '9') {
                return -1;
            }
            scale /= 10u;
            frac += (uint32_t)(*d - '0') * scale;
        }
    }
    *ppm = whole * 10000u + frac;
    return *ppm <= IMPAIR_PPM ? 0 : -1;
}

int impair_option(impair_config *c, const char *prefix, const char *arg, const char *value)
{
    size_t n = strlen(prefix);
    const char *name = arg + n;
    int bad;
    if (strncmp(arg, prefix, n) != 0) {
        return 0;
    }
    if (strcmp(name, "delay-ms") == 0) {
        bad = parse_u32(value, 60000u, &c->delay_ms);
    } else if (strcmp(name, "rate-kbit") == 0) {
        bad = parse_u32(value, 100000000u, &c->rate_kbit);
    } else if (strcmp(name, "queue") == 0) {
        bad = parse_u32(value, 65536u, &c->queue) || c->queue == 0;
    } else if (strcmp(name, "loss-pct") == 0) {
        bad = parse_ppm(value, &c->loss_ppm);
    } else if (strcmp(name, "reorder-pct") == 0) {
        bad = parse_ppm(value, &c->reorder_ppm);
    } else if (strcmp(name, "dup-pct") == 0) {
        bad = parse_ppm(value, &c->dup_ppm);
    } else {
        return 0;
    }
    if (bad) {
        fprintf(stderr, "%s: '%s' is not %s\n", arg, value,
                strstr(name, "pct") ? "a percentage from 0 to 100 with at most 4 decimals"
                : strcmp(name, "delay-ms") == 0 ? "a whole number of ms from 0 to 60000"
                : strcmp(name, "queue") == 0 ? "a number of packets from 1 to 65536"
                                             : "a whole number of kbit/s from 0 to 100000000");
        return -1;
    }
    return 1;
}

int impair_seed_option(const char *value, uint32_t *seed)
{
    if (parse_u32(value, UINT32_MAX, seed) != 0) {
        fprintf(stderr, "--seed: '%s' is not a whole number from 0 to 4294967295\n", value);
        return -1;
    }
    return 0;
}

int impair_active(const impair_config *c)
{
    return c->delay_ms || c->rate_kbit || c->loss_ppm || c->reorder_ppm || c->dup_ppm;
}

int impair_init(impair *im, const impair_config *c, uint32_t seed, uint32_t stream,
                impair_deliver_fn deliver, void *ctx)
{
    memset(im, 0, sizeof *im);
    im->cfg = *c;
    im->rng = (uint64_t)stream << 32 | seed;
    im->deliver = deliver;
    im->ctx = ctx;
    if (c->delay_ms || c->rate_kbit) {
        im->slots = malloc((size_t)c->queue * sizeof *im->slots);
        if (im->slots == NULL) {
            return -1;
        }
    }
    return 0;
}

void impair_free(impair *im)
{
    free(im->slots);
    im->slots = NULL;
    im->count = 0;
}

/* SplitMix64 (Steele, Lea, Flood 2014), scaled to [0, IMPAIR_PPM) by a
 * multiply rather than a modulo: no bias worth a word, no division. */
static uint32_t draw_ppm(impair *im)
{
    uint64_t z = (im->rng += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (uint32_t)(((z >> 32) * IMPAIR_PPM) >> 32);
}

static void pass(impair *im, const uint8_t *pkt, uint32_t len, uint64_t now_us)
{
    im->n.passed++;
    im->deliver(im->ctx, pkt, len, now_us);
}

/* Behind those already held: through the rate (one after the other, each
 * taking its bits' time), then the delay.  Either way the times it is due
 * grow in the order the packets came, so the ring stays sorted. */
static void hold(impair *im, const uint8_t *pkt, uint32_t len, uint64_t now_us)
{
    impair_slot *s;
    uint64_t leaves_us = now_us;
    if (im->count == im->cfg.queue) {
        im->n.overflow++;
        return;
    }
    if (im->cfg.rate_kbit) {
        uint64_t start = now_us * 1000u > im->link_free_ns ? now_us * 1000u : im->link_free_ns;
        im->link_free_ns = start + (uint64_t)len * 8000000u / im->cfg.rate_kbit;
        leaves_us = (im->link_free_ns + 999u) / 1000u;
    }
    s = &im->slots[(im->head + im->count) % im->cfg.queue];
    im->count++;
    s->due_us = leaves_us + (uint64_t)im->cfg.delay_ms * 1000u;
    s->len = len;
    memcpy(s->bytes, pkt, len);
}

void impair_packet(impair *im, const uint8_t *pkt, uint32_t len, uint64_t now_us)
{
    uint32_t lose, reorder, copies, copy;
    im->n.in++;
    if (!impair_active(&im->cfg)) {
        pass(im, pkt, len, now_us);
        return;
    }
    lose = draw_ppm(im);
    reorder = draw_ppm(im);
    copies = draw_ppm(im) < im->cfg.dup_ppm ? 2u : 1u;
    if (lose < im->cfg.loss_ppm) {
        im->n.dropped++;
        return;
    }
    im->n.duplicated += copies - 1u;
    for (copy = 0; copy < copies; copy++) {
        /* a packet too long to hold (none on a 1500-byte TUN device) goes
         * on at once, as a reordered one does: neither delay nor rate */
        if (im->slots == NULL || (copy == 0 && reorder < im->cfg.reorder_ppm)
            || len > IMPAIR_MTU) {
            im->n.reordered += im->count > 0;
            pass(im, pkt, len, now_us);
        } else {
            hold(im, pkt, len, now_us);
        }
    }
}

uint64_t impair_release(impair *im, uint64_t now_us)
{
    while (im->count > 0 && im->slots[im->head].due_us <= now_us) {
        const impair_slot *s = &im->slots[im->head];
        im->head = (im->head + 1u) % im->cfg.queue;
        im->count--;
        pass(im, s->bytes, s->len, now_us);
    }
    return im->count > 0 ? im->slots[im->head].due_us : UINT64_MAX;
}

void impair_report(FILE *f, const char *name, const impair *im)
{
    const impair_config *c = &im->cfg;
    fprintf(f,
            "%s: delay %u ms, rate %u kbit/s, loss %u.%04u%%, reorder %u.%04u%%, dup %u.%04u%%, "
            "queue %u: in %llu, passed %llu, dropped %llu, duplicated %llu, reordered %llu, "
            "queue overflow %llu, held at the end %u\n",
            name, c->delay_ms, c->rate_kbit, c->loss_ppm / 10000u, c->loss_ppm % 10000u,
            c->reorder_ppm / 10000u, c->reorder_ppm % 10000u, c->dup_ppm / 10000u,
            c->dup_ppm % 10000u, c->queue, (unsigned long long)im->n.in,
            (unsigned long long)im->n.passed, (unsigned long long)im->n.dropped,
            (unsigned long long)im->n.duplicated, (unsigned long long)im->n.reordered,
            (unsigned long long)im->n.overflow, im->count);
}
