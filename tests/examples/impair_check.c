/* SPDX-License-Identifier: BSD-2-Clause */
/* The impaired link of examples/impair.c, which tcpfsm-tun and the relay
 * of bench/net share: its options, its determinism (the same seed, the
 * same fates; a packet's fate independent of what came before it), its
 * drawn shares, its delay, rate and queue.  Plain C, no Check: the code
 * under test is not the library.  Prints one line per failed check and
 * "impair_check: N passed, M failed"; exit 1 when one failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "impair.h"

static unsigned passed, failed;

static void check(int ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

/* What left the link: each packet's number (its first four bytes) and time. */
#define MAX_OUT 300000u
typedef struct {
    uint32_t n;
    uint32_t id[MAX_OUT];
    uint64_t at[MAX_OUT];
} record;

static void deliver(void *ctx, const uint8_t *pkt, uint32_t len, uint64_t now)
{
    record *r = ctx;
    (void)len;
    if (r->n < MAX_OUT) {
        memcpy(&r->id[r->n], pkt, 4);
        r->at[r->n++] = now;
    }
}

static impair_config cfg(const char *opts)
{
    impair_config c;
    char buf[256], *name, *value;
    impair_config_default(&c);
    snprintf(buf, sizeof buf, "%s", opts);
    for (name = strtok(buf, " "); name; name = strtok(NULL, " ")) {
        value = strtok(NULL, " ");
        if (value == NULL || impair_option(&c, "", name, value) != 1) {
            printf("FAIL bad test option %s\n", name);
            exit(1);
        }
    }
    return c;
}

/* Every held packet due by t released at the very time it is due. */
static void until(impair *im, uint64_t t)
{
    uint64_t next = impair_release(im, 0);
    while (next <= t) {
        next = impair_release(im, next);
    }
}

/* count packets of len bytes, one every gap_us from 0, then everything
 * released; the record is r. */
static impair_counters run(const char *opts, uint32_t seed, uint32_t stream, uint32_t count,
                           uint32_t len, uint64_t gap_us, record *r)
{
    impair_config c = cfg(opts);
    impair im;
    uint8_t pkt[IMPAIR_MTU] = {0};
    uint32_t i;
    r->n = 0;
    if (impair_init(&im, &c, seed, stream, deliver, r) != 0) {
        printf("FAIL out of memory\n");
        exit(1);
    }
    for (i = 0; i < count; i++) {
        until(&im, (uint64_t)i * gap_us);
        memcpy(pkt, &i, 4);
        impair_packet(&im, pkt, len, (uint64_t)i * gap_us);
    }
    until(&im, UINT64_MAX - 1);
    impair_free(&im);
    return im.n;
}

static int same(const record *a, const record *b)
{
    return a->n == b->n && memcmp(a->id, b->id, a->n * sizeof a->id[0]) == 0
           && memcmp(a->at, b->at, a->n * sizeof a->at[0]) == 0;
}

static void options(void)
{
    impair_config c;
    uint32_t seed;
    const char *bad_pct[] = {"101", "100.0001", "1.23456", "-1", ".5", "1.", "", "abc", "1e3",
                             "0x1", " 1", "1 "};
    unsigned i;
    fprintf(stderr, "impair_check: the refusals on stderr below are expected\n");
    impair_config_default(&c);
    check(impair_option(&c, "--rx-", "--rx-loss-pct", "0.5") == 1 && c.loss_ppm == 5000,
          "0.5 % is 5000 ppm");
    check(impair_option(&c, "--rx-", "--rx-dup-pct", "100") == 1 && c.dup_ppm == 1000000, "100 %");
    check(impair_option(&c, "--rx-", "--rx-reorder-pct", "0.0001") == 1 && c.reorder_ppm == 1,
          "0.0001 %");
    check(impair_option(&c, "--rx-", "--rx-reorder-pct", "2.50") == 1 && c.reorder_ppm == 25000,
          "2.50 %");
    check(impair_option(&c, "--rx-", "--rx-rate-kbit", "0") == 1 && c.rate_kbit == 0, "rate 0");
    check(impair_option(&c, "--rx-", "--rx-delay-ms", "60000") == 1 && c.delay_ms == 60000,
          "delay 60 s");
    check(impair_option(&c, "--rx-", "--rx-queue", "65536") == 1 && c.queue == 65536,
          "queue 65536");
    for (i = 0; i < sizeof bad_pct / sizeof bad_pct[0]; i++) {
        check(impair_option(&c, "--rx-", "--rx-loss-pct", bad_pct[i]) == -1,
              "a bad percentage refused");
    }
    check(impair_option(&c, "--rx-", "--rx-delay-ms", "60001") == -1, "delay above 60 s refused");
    check(impair_option(&c, "--rx-", "--rx-queue", "0") == -1, "queue 0 refused");
    check(impair_option(&c, "--rx-", "--rx-rate-kbit", "100000001") == -1, "rate too high refused");
    check(impair_option(&c, "--rx-", "--tx-delay-ms", "1") == 0, "another prefix is not ours");
    check(impair_option(&c, "--rx-", "--rx-jitter-ms", "1") == 0, "an unknown name is not ours");
    check(impair_seed_option("4294967295", &seed) == 0 && seed == 4294967295u, "seed 2^32 - 1");
    check(impair_seed_option("4294967296", &seed) == -1, "seed 2^32 refused");
}

static record ra, rb;

static void determinism(void)
{
    const char *all = "loss-pct 3 reorder-pct 5 dup-pct 2 delay-ms 20 rate-kbit 50000";
    impair_counters a, b;
    uint32_t i, j;
    int kept_same = 1;
    a = run(all, 7, 0, 100000, 1000, 50, &ra);
    run(all, 7, 0, 100000, 1000, 50, &rb);
    check(same(&ra, &rb), "the same seed: the same packets out at the same times");
    run(all, 8, 0, 100000, 1000, 50, &rb);
    check(!same(&ra, &rb), "another seed: other fates");
    run(all, 7, 1, 100000, 1000, 50, &rb);
    check(!same(&ra, &rb), "another stream: other fates");
    /* the loss draws do not depend on the other settings: the same packets lost */
    a = run("loss-pct 3", 7, 0, 100000, 1000, 50, &ra);
    b = run("loss-pct 3 reorder-pct 50 delay-ms 5", 7, 0, 100000, 1000, 50, &rb);
    check(a.dropped == b.dropped && ra.n == rb.n, "as many lost whatever else is set");
    for (i = 0, j = 0; i < ra.n && kept_same; i++) {
        /* rb is reordered: every id of ra must be somewhere in it */
        for (j = 0; j < rb.n && rb.id[j] != ra.id[i]; j++) {
        }
        kept_same = j < rb.n;
        if (i == 2000) {
            break; /* quadratic: a sample is enough */
        }
    }
    check(kept_same, "the same packets lost whatever else is set");
}

static void shares(void)
{
    impair_counters n = run("loss-pct 1 dup-pct 0.5", 3, 0, 200000, 100, 1, &ra);
    check(n.in == 200000, "every packet counted in");
    check(n.dropped > 1800 && n.dropped < 2200, "about 1 % lost");
    check(n.duplicated > 850 && n.duplicated < 1150, "about 0.5 % duplicated");
    check(n.passed == n.in - n.dropped + n.duplicated && ra.n == n.passed,
          "passed = in - lost + copies");
    n = run("loss-pct 100", 3, 0, 1000, 100, 1, &ra);
    check(n.dropped == 1000 && ra.n == 0, "100 % loss loses all");
    n = run("loss-pct 0.0001", 3, 0, 200000, 100, 1, &ra);
    check(n.dropped < 10, "a millionth is a millionth");
}

static void timing(void)
{
    impair_counters n;
    uint32_t i;
    int ok = 1;
    /* delay alone: each packet exactly delay later, in order */
    n = run("delay-ms 20", 1, 0, 1000, 1500, 100, &ra);
    for (i = 0; i < ra.n; i++) {
        ok &= ra.id[i] == i && ra.at[i] == (uint64_t)i * 100u + 20000u;
    }
    check(ok && ra.n == 1000 && n.overflow == 0, "delay: each packet 20 ms later, in order");
    /* rate: 1500 bytes at 12000 kbit/s take 1 ms each, back to back */
    n = run("rate-kbit 12000", 1, 0, 500, 1500, 0, &ra);
    for (i = 0, ok = 1; i < ra.n; i++) {
        ok &= ra.at[i] == (uint64_t)(i + 1) * 1000u;
    }
    check(ok && ra.n == 500, "rate: 1500-byte packets leave 1 ms apart at 12 Mbit/s");
    (void)n;
    /* rate then delay */
    run("rate-kbit 12000 delay-ms 10", 1, 0, 3, 1500, 0, &ra);
    check(ra.n == 3 && ra.at[0] == 11000 && ra.at[2] == 13000, "rate, then the delay");
    /* a bounded queue: the packets beyond it dropped */
    n = run("delay-ms 100 queue 10", 1, 0, 25, 100, 0, &ra);
    check(n.overflow == 15 && ra.n == 10 && ra.id[9] == 9, "queue of 10: 15 of 25 overflow");
    /* reordered: at once, counted only when it overtakes a held one */
    n = run("delay-ms 10 reorder-pct 100", 1, 0, 100, 100, 1, &ra);
    check(ra.n == 100 && ra.at[99] == 99 && n.reordered == 0,
          "100 % reordered: none held, none overtaken");
    n = run("delay-ms 10 reorder-pct 30", 1, 0, 10000, 100, 100, &ra);
    check(n.reordered > 2700 && n.reordered < 3300, "about 30 % overtake held packets");
}

int main(void)
{
    options();
    determinism();
    shares();
    timing();
    printf("impair_check: %u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
