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
 * read it: records past the bound are never taken.  Besides, it writes the
 * scenarios of its own that no recording makes (urgent_seed).  afl-cmin
 * then keeps the shortest of these per coverage edge (make fuzz-seeds).
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

/* Urgent data both ways (RFC 9293 §3.8.5), which the suites drive with
 * no urgent SEND record: a connection opened actively, the peer's 10
 * bytes with the urgent pointer 5 and, after a RECEIVE of 3, 10 more
 * moving it to 15 past them; our urgent SEND of 10 (an opcode byte of
 * 128 or more), a plain SEND of 5 (urgent mode on: Nagle holds nothing),
 * both acknowledged (urgent mode ends), one more urgent byte and an
 * urgent SEND of none (refused). */
static void urgent_seed(void)
{
    static uint8_t buf[512];
    size_t len = 0;
    char path[4096];
    record r;
    unsigned i;
    static const struct {
        record_op op;
        uint8_t   how;
        uint32_t  value;
        uint8_t   flags;
        uint32_t  seq, ack;
        uint32_t  seg_len;
        uint16_t  urgent;
    } steps[] = {
        {REC_OPEN_ACTIVE, 0, 0x1000u, 0, 0, 0, 0, 0},
        {REC_SEGMENT, REC_ACK_FROM_SND_UNA, 0, TCPFSM_SYN | TCPFSM_ACK, 0x5000u, 1u, 0, 0},
        {REC_SEGMENT, REC_SEQ_FROM_RCV_NXT | REC_ACK_FROM_SND_UNA, 0, TCPFSM_ACK | TCPFSM_URG,
         0, 0, 10u, 5u},
        {REC_RECEIVE, 0, 3u, 0, 0, 0, 0, 0},
        {REC_SEGMENT, REC_SEQ_FROM_RCV_NXT | REC_ACK_FROM_SND_UNA, 0, TCPFSM_ACK | TCPFSM_URG,
         0, 0, 10u, 15u},
        {REC_STATUS, 0, 0, 0, 0, 0, 0, 0},
        {REC_RECEIVE, 0, 17u, 0, 0, 0, 0, 0},
        {REC_SEND, REC_SEND_URGENT, 10u, 0, 0, 0, 0, 0},
        {REC_SEND, 0, 5u, 0, 0, 0, 0, 0},
        {REC_SEGMENT, REC_SEQ_FROM_RCV_NXT | REC_ACK_FROM_SND_UNA, 0, TCPFSM_ACK, 0, 15u, 0, 0},
        {REC_SEND, REC_SEND_URGENT, 1u, 0, 0, 0, 0, 0},
        {REC_SEND, REC_SEND_URGENT, 0u, 0, 0, 0, 0, 0},
    };
    buf[len++] = 0x00u; /* the default configuration */
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        memset(&r, 0, sizeof r);
        r.op = steps[i].op;
        r.how = steps[i].how;
        r.value = steps[i].value;
        r.seg.flags = steps[i].flags;
        r.seg.seq = steps[i].seq;
        r.seg.ack = steps[i].ack;
        r.seg.len = steps[i].seg_len;
        r.seg.window = 65535u;
        r.seg.urgent = steps[i].urgent;
        len += records_encode(&r, buf + len);
    }
    snprintf(path, sizeof path, "%s/urgent", out_dir);
    save(path, buf, len);
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
    urgent_seed();
    printf("fuzz seeds: %u cut from %d recordings, and our own, into %s\n", written, argc - 2,
           out_dir);
    return 0;
}
