/* SPDX-License-Identifier: BSD-2-Clause */
/* Seeds of the two-endpoint harness (two_endpoints.c): the Check suites'
 * end-to-end scenarios written in its input format: handshakes (and a
 * simultaneous open), transfers both ways, loss and reordering,
 * retransmission, close from either side, abort, blind injections, sequence
 * numbers about to wrap, urgent data.  Usage: two_endpoints_seeds DIR */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

enum { DELIVER_AT, DELIVER, DROP, DUPLICATE, DELAY, WAIT, TO_DEADLINE, SEND, RECEIVE, CLOSE,
       ABORT, INJECT };

typedef struct {
    uint8_t bytes[512];
    size_t  len;
} input;

static void byte(input *in, unsigned b)
{
    in->bytes[in->len++] = (uint8_t)b;
}

static void u32(input *in, uint32_t v)
{
    byte(in, v >> 24); byte(in, (v >> 16) & 0xff); byte(in, (v >> 8) & 0xff); byte(in, v & 0xff);
}

/* The opcode byte of `op` on `side`: bit 7 is the side, the byte modulo
 * 12 the operation. */
static void op(input *in, int side, unsigned what)
{
    unsigned b = side ? 128u : 0u;
    while (b % 12u != what) {
        b++;
    }
    byte(in, b);
}

static void start(input *in, unsigned config, uint32_t iss_a, uint32_t iss_b)
{
    in->len = 0;
    byte(in, config);
    u32(in, iss_a);
    u32(in, iss_b);
}

static void deliver(input *in, int n)
{
    while (n-- > 0) {
        op(in, 0, DELIVER);
    }
}

static void send_bytes(input *in, int side, unsigned len)
{
    op(in, side, SEND);
    byte(in, len >> 8);
    byte(in, len & 0xff);
}

/* An urgent SEND (RFC 9293 §3.8.5): the ABORT/options operation with the
 * byte 0x55 and the length after it. */
static void send_urgent(input *in, int side, unsigned len)
{
    op(in, side, ABORT);
    byte(in, 0x55);
    byte(in, len >> 8);
    byte(in, len & 0xff);
}

static void save(const input *in, const char *dir, const char *name)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(in->bytes, 1, in->len, f);
        fclose(f);
    }
}

/* Handshake, `len` bytes from A, both close in turn. */
static void transfer(input *in, unsigned config, uint32_t iss_a, uint32_t iss_b, unsigned len)
{
    start(in, config, iss_a, iss_b);
    deliver(in, 3);
    send_bytes(in, 0, len);
    deliver(in, 8);
    op(in, 1, RECEIVE);
    deliver(in, 2);
    op(in, 0, CLOSE);
    deliver(in, 2);
    op(in, 1, CLOSE);
    deliver(in, 2);
}

int main(int argc, char **argv)
{
    input in;
    const char *dir;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    transfer(&in, 0x03, 1000, 5000, 1000);
    save(&in, dir, "transfer");
    transfer(&in, 0x07, 0xFFFFFF00u, 0xFFFFFFF0u, 3000); /* both ISS wrap; MSS 100 */
    save(&in, dir, "transfer-wrap");
    /* RFC 7323 window scaling: A's buffer needs shift 4, B's shift 14 */
    transfer(&in, 0xC3, 77, 0xFFFFFFF8u, 60000);
    save(&in, dir, "transfer-wscale");
    /* the same buffers, A not offering: neither side scales */
    transfer(&in, 0xE3, 77, 0xFFFFFFF8u, 60000);
    save(&in, dir, "transfer-wscale-declined");
    transfer(&in, 0x0B, 7, 9, 2500); /* B offers 1000 bytes of window */
    save(&in, dir, "small-window");

    start(&in, 0x13, 100, 200); /* simultaneous open */
    deliver(&in, 4);
    send_bytes(&in, 1, 300);
    deliver(&in, 4);
    op(&in, 0, RECEIVE);
    op(&in, 1, CLOSE);
    op(&in, 0, CLOSE);
    deliver(&in, 6);
    save(&in, dir, "simultaneous");

    start(&in, 0x07, 42, 4242); /* loss, reordering, retransmission */
    deliver(&in, 3);
    send_bytes(&in, 0, 500);
    op(&in, 0, DROP); byte(&in, 0);
    op(&in, 0, DELIVER_AT); byte(&in, 1);
    op(&in, 0, DUPLICATE); byte(&in, 0);
    op(&in, 0, DELAY); byte(&in, 0);
    deliver(&in, 4);
    op(&in, 0, TO_DEADLINE);
    deliver(&in, 6);
    save(&in, dir, "loss");

    start(&in, 0x03, 1, 2); /* blind injections into an established pair */
    deliver(&in, 3);
    op(&in, 1, INJECT); byte(&in, 0x04); u32(&in, 12345); u32(&in, 0); byte(&in, 0);
    op(&in, 0, INJECT); byte(&in, 0x02); u32(&in, 999); u32(&in, 0); byte(&in, 0);
    op(&in, 1, INJECT); byte(&in, 0x14); u32(&in, 1000); u32(&in, 2); byte(&in, 0);
    deliver(&in, 6);
    save(&in, dir, "blind");

    start(&in, 0x01, 10, 20); /* abort */
    deliver(&in, 3);
    send_bytes(&in, 1, 100);
    op(&in, 0, ABORT); byte(&in, 0xAB);
    deliver(&in, 4);
    save(&in, dir, "abort");

    start(&in, 0x21, 10, 20); /* the network drops everything: give up */
    op(&in, 0, DROP); byte(&in, 0);
    op(&in, 0, WAIT); byte(&in, 0xff); byte(&in, 0xff);
    op(&in, 0, TO_DEADLINE);
    op(&in, 0, TO_DEADLINE);
    save(&in, dir, "give-up");

    start(&in, 0x01, 10, 20); /* keepalive: answered, then the peer vanishes */
    deliver(&in, 3);
    op(&in, 0, ABORT); byte(&in, 0x4B); /* A turns keepalive on */
    op(&in, 0, TO_DEADLINE);            /* A's first probe */
    deliver(&in, 2);                    /* it and B's answer */
    op(&in, 0, TO_DEADLINE);
    op(&in, 0, DROP); byte(&in, 0);     /* the next probe is lost */
    op(&in, 0, TO_DEADLINE);
    op(&in, 0, TO_DEADLINE);
    op(&in, 0, TO_DEADLINE);
    op(&in, 0, TO_DEADLINE);
    save(&in, dir, "keepalive");

    /* urgent data both ways (RFC 9293 §3.8.5): A's urgent byte after 300
     * bytes, B's 50 urgent bytes; then, with an MSS of 100, A's urgent
     * data over several segments, one of them lost, retransmitted with
     * its pointer; B reads across the marks */
    start(&in, 0x07, 0xFFFFFF00u, 300);
    deliver(&in, 3);
    send_bytes(&in, 0, 300);
    send_urgent(&in, 0, 1);
    deliver(&in, 6);
    op(&in, 1, RECEIVE);
    send_urgent(&in, 1, 50);
    deliver(&in, 4);
    op(&in, 0, RECEIVE);
    send_bytes(&in, 0, 100);
    send_urgent(&in, 0, 250);
    op(&in, 0, DROP); byte(&in, 1);
    deliver(&in, 4);
    op(&in, 0, TO_DEADLINE);
    deliver(&in, 6);
    op(&in, 1, RECEIVE);
    op(&in, 0, CLOSE);
    deliver(&in, 2);
    op(&in, 1, CLOSE);
    deliver(&in, 2);
    save(&in, dir, "urgent");
    printf("fuzz seeds: 12 in %s\n", dir);
    return 0;
}
