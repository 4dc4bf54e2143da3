/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Short seeds for the one-endpoint harness.  tests/harness.c records every
 * connection the Check suites drive as one input (TCPFSM_SEED_DIR); some
 * run for thousands of records.  This tool replays each recording through
 * the harness itself (one_endpoint.c built with ONE_ENDPOINT_OBSERVE, the
 * oracles on) and writes, into OUT_DIR:
 *   - the prefix that ends with the record making a move not seen before
 *     in any recording: (state, passive, event, the segment's control bits,
 *     state after, error or not), one seed per such move;
 *   - the recording itself when it fits the harness's bound.
 * A recording longer than the bound is read up to it, as the harness would
 * read it: records past the bound are never taken.  afl-cmin then keeps the
 * shortest of these per coverage edge (make fuzz-seeds).
 * Usage: seed_cut OUT_DIR FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void one_endpoint_observe(size_t end, const record *r, const tcpfsm_conn *before,
                          const tcpfsm_conn *after, tcpfsm_error err);
extern const size_t one_endpoint_max_bytes; /* one_endpoint.c's bound */

/* A move: from-state (4 bits), passive (1), event (4), control bits (6),
 * to-state (4), error (1). */
static unsigned char seen[1u << 20];

static const char   *out_dir;
static const char   *name;   /* of the recording being read */
static const uint8_t *input; /* its bytes */
static unsigned      written;

static void save(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    written++;
}

void one_endpoint_observe(size_t end, const record *r, const tcpfsm_conn *before,
                          const tcpfsm_conn *after, tcpfsm_error err)
{
    unsigned flags = r->op == REC_SEGMENT || r->op == REC_NO_CONNECTION ? r->seg.flags & 0x3Fu : 0u;
    unsigned key = ((before->state & 15u) << 16) | ((before->passive ? 1u : 0u) << 15)
                 | (((unsigned)r->op & 15u) << 11) | (flags << 5) | ((after->state & 15u) << 1)
                 | (err != TCPFSM_OK ? 1u : 0u);
    char path[4096];
    if (seen[key]) {
        return;
    }
    seen[key] = 1;
    snprintf(path, sizeof path, "%s/%s-%zu", out_dir, name, end);
    save(path, input, end);
}

int main(int argc, char **argv)
{
    static uint8_t buf[1u << 20];
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUT_DIR FILE...\n", argv[0]);
        return 2;
    }
    out_dir = argv[1];
    for (i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        const char *slash = strrchr(argv[i], '/');
        size_t n;
        if (f == NULL) {
            perror(argv[i]);
            return 1;
        }
        n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        name = slash != NULL ? slash + 1 : argv[i];
        input = buf;
        if (n < 2) {
            continue;
        }
        if (n <= one_endpoint_max_bytes) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", out_dir, name);
            save(path, buf, n);
        }
        LLVMFuzzerTestOneInput(buf, n <= one_endpoint_max_bytes ? n : one_endpoint_max_bytes);
    }
    printf("fuzz seeds: %u cut from %d recordings into %s\n", written, argc - 2, out_dir);
    return 0;
}
