/* SPDX-License-Identifier: BSD-2-Clause */
/* The timing half of `make bench`: workloads A, B and C on the three
 * stacks (tcpfsm core, tcpfsm core + codec, lwIP), each run `runs` times
 * in turn within one process, so that every library sees the same machine
 * state; prints one line per stack and workload, tab-separated:
 *   ns <workload> <stack> <median ns/segment> <segments per run> <each run...>
 * bench/report.py turns them into the table.  Under callgrind the same
 * binary runs once with --runs 1 and a smaller size (bench/callgrind.py). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>
#include "bench.h"

#define MAX_RUNS 15

uint64_t bench_begin(void)
{
    struct timespec ts;
    CALLGRIND_TOGGLE_COLLECT;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t bench_end(uint64_t t0)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    CALLGRIND_TOGGLE_COLLECT;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - t0;
}

void bench_fail(const char *stack, const char *what, uint64_t index)
{
    fprintf(stderr, "bench: %s: check failed at segment %llu: %s\n", stack,
            (unsigned long long)index, what);
    exit(1);
}

static const struct {
    const char *name;
    bench_workload run[3];
} workloads[] = {
    {"A", {core_a, codec_a, lwip_a}},
    {"B", {core_b, codec_b, lwip_b}},
    {"C", {core_c, codec_c, lwip_c}},
};
static const char *const stacks[3] = {"core", "codec", "lwip"};

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static unsigned long arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "bench: %s needs a value\n", argv[*i]);
        exit(2);
    }
    return strtoul(argv[++*i], NULL, 10);
}

int main(int argc, char **argv)
{
    bench_sizes sz = {200000u, 1000000u, 1000000u};
    unsigned long runs = 5;
    const char *only_stack = NULL, *only_workload = NULL;
    int i, lwip_ready = 0;
    size_t w, s;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0) {
            runs = arg(argc, argv, &i);
        } else if (strcmp(argv[i], "--conns") == 0) {
            sz.conns = (uint32_t)arg(argc, argv, &i);
        } else if (strcmp(argv[i], "--segs") == 0) {
            sz.segs = (uint32_t)arg(argc, argv, &i);
        } else if (strcmp(argv[i], "--acks") == 0) {
            sz.acks = (uint32_t)arg(argc, argv, &i);
        } else if (strcmp(argv[i], "--stack") == 0 && i + 1 < argc) {
            only_stack = argv[++i];
        } else if (strcmp(argv[i], "--workload") == 0 && i + 1 < argc) {
            only_workload = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--runs N] [--conns N] [--segs N] [--acks N]"
                            " [--stack core|codec|lwip] [--workload A|B|C]\n", argv[0]);
            return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "bench: --runs between 1 and %d\n", MAX_RUNS);
        return 2;
    }
    for (w = 0; w < sizeof workloads / sizeof workloads[0]; w++) {
        double ns[3][MAX_RUNS];
        uint64_t segs[3] = {0, 0, 0};
        unsigned long r;
        if (only_workload != NULL && strcmp(only_workload, workloads[w].name) != 0) {
            continue;
        }
        /* the stacks take turns within each run */
        for (r = 0; r < runs; r++) {
            for (s = 0; s < 3; s++) {
                uint64_t n = 0, t;
                if (only_stack != NULL && strcmp(only_stack, stacks[s]) != 0) {
                    continue;
                }
                if (s == 2 && !lwip_ready) {
                    lwip_setup();
                    lwip_ready = 1;
                }
                t = workloads[w].run[s](&sz, &n);
                ns[s][r] = (double)t / (double)n;
                segs[s] = n;
            }
        }
        for (s = 0; s < 3; s++) {
            double sorted[MAX_RUNS];
            if (only_stack != NULL && strcmp(only_stack, stacks[s]) != 0) {
                continue;
            }
            memcpy(sorted, ns[s], sizeof sorted);
            qsort(sorted, runs, sizeof sorted[0], by_value);
            printf("ns\t%s\t%s\t%.1f\t%llu", workloads[w].name, stacks[s], sorted[runs / 2],
                   (unsigned long long)segs[s]);
            for (r = 0; r < runs; r++) {
                printf("\t%.1f", ns[s][r]);
            }
            printf("\n");
            fflush(stdout);
        }
    }
    return 0;
}
