/* SPDX-License-Identifier: BSD-2-Clause */
/* Seeds of the codec harness: the Linux captures of tests/wire_vectors.c,
 * each as the harness reads it (codec.c): IPv6 flag, the two addresses,
 * then the TCP segment; two ICMP errors and a segment with urgent data
 * besides.  Usage: codec_seeds DIR */
#include <stdio.h>
#include "wire_vectors.h"

/* Two ICMP errors quoting a TCP segment, as the codec harness also reads
 * its input (RFC 792, RFC 4443): an ICMPv4 port unreachable, an ICMPv6
 * Packet Too Big of 1280 bytes; the 33 bytes of addresses first. */
static int icmp_seeds(const char *dir)
{
    static const uint8_t v4[36] = {
        3, 3, 0, 0, 0, 0, 0, 0,                             /* port unreachable */
        0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0,          /* quoted IPv4, TCP */
        192, 168, 0, 1, 192, 0, 2, 1,
        0x1f, 0x90, 0xd4, 0x31, 0x12, 0x34, 0x56, 0x78};     /* ports, SEQ */
    static const uint8_t v6[56] = {
        2, 0, 0, 0, 0, 0, 5, 0,                              /* too big, MTU 1280 */
        0x60, 0, 0, 0, 0, 20, 6, 64,                         /* quoted IPv6, TCP */
        0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
        0x1f, 0x90, 0xd4, 0x31, 0x12, 0x34, 0x56, 0x78};
    static const uint8_t no_addrs[33] = {0};
    const struct {
        const char *name;
        const uint8_t *bytes;
        size_t len;
        uint8_t ipv6;
    } seeds[] = {{"icmp4_port_unreachable", v4, sizeof v4, 0u},
                 {"icmp6_packet_too_big", v6, sizeof v6, 1u}};
    unsigned i;
    for (i = 0; i < 2u; i++) {
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", dir, seeds[i].name);
        f = fopen(path, "wb");
        if (f == NULL) {
            perror(path);
            return 1;
        }
        fputc(seeds[i].ipv6, f);
        fwrite(no_addrs + 1, 1, 32, f);
        fwrite(seeds[i].bytes, 1, seeds[i].len, f);
        fclose(f);
    }
    return 0;
}

/* A segment with urgent data (RFC 9293 §3.8.5), written here as no
 * capture of tests/wire_vectors.c has one: IPv4, ACK, PSH and URG, the
 * urgent pointer 1 (the first payload byte is the urgent one), six bytes
 * of payload, the checksum over the pseudo-header (RFC 9293 §3.1). */
static int urgent_seed(const char *dir)
{
    static const uint8_t src[4] = {10, 0, 0, 2}, dst[4] = {10, 0, 0, 1};
    uint8_t seg[26] = {0x13, 0x89, 0xd6, 0xb0,           /* ports 5001, 54960 */
                       0xe6, 0x5e, 0xa6, 0x6d,           /* SEQ */
                       0x47, 0x40, 0x19, 0xb7,           /* ACK */
                       0x50, 0x38, 0x00, 0x40,           /* offset 5; URG, ACK, PSH; window */
                       0x00, 0x00, 0x00, 0x01,           /* checksum (below), urgent pointer */
                       '!', 'h', 'e', 'l', 'l', 'o'};
    uint8_t addrs[32] = {0};
    uint32_t sum = 6u + (uint32_t)sizeof seg; /* protocol, TCP length */
    unsigned i;
    char path[4096];
    FILE *f;
    for (i = 0; i < 4u; i += 2u) {
        sum += (uint32_t)(src[i] << 8 | src[i + 1u]) + (uint32_t)(dst[i] << 8 | dst[i + 1u]);
    }
    for (i = 0; i < sizeof seg; i += 2u) {
        sum += (uint32_t)(seg[i] << 8 | seg[i + 1u]);
    }
    while (sum > 0xffffu) {
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    seg[16] = (uint8_t)(~sum >> 8);
    seg[17] = (uint8_t)~sum;
    for (i = 0; i < 4u; i++) {
        addrs[i] = src[i];
        addrs[16u + i] = dst[i];
    }
    snprintf(path, sizeof path, "%s/ipv4_urgent_data", dir);
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    fputc(0, f);
    fwrite(addrs, 1, sizeof addrs, f);
    fwrite(seg, 1, sizeof seg, f);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned i;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    for (i = 0; i < WIRE_VECTOR_COUNT; i++) {
        const wire_vector *v = &WIRE_VECTORS[i];
        char path[4096];
        uint8_t bytes[4096];
        uint32_t len = wire_vector_bytes(v, bytes);
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", argv[1], v->name);
        f = fopen(path, "wb");
        if (f == NULL) {
            perror(path);
            return 1;
        }
        fputc(v->ipv6, f);
        fwrite(v->src, 1, 16, f);
        fwrite(v->dst, 1, 16, f);
        fwrite(bytes, 1, len, f);
        fclose(f);
    }
    if (icmp_seeds(argv[1]) != 0 || urgent_seed(argv[1]) != 0) {
        return 1;
    }
    printf("fuzz seeds: %u in %s\n", WIRE_VECTOR_COUNT + 3u, argv[1]);
    return 0;
}
