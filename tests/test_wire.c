/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The wire codec (include/tcpfsm/wire.h): Linux captures parsed and rebuilt
 * byte for byte, every parse error, build refusals, checksums against
 * RFC 1071's example and against recomputation, and build-then-parse over
 * generated segments.
 */
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "suites.h"
#include "tcpfsm/wire.h"
#include "wire_vectors.h"

#define BUF_MAX 2048u

/* Deterministic generator (xorshift32): the same cases every run. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

static tcpfsm_wire_addrs addrs_of(const wire_vector *v)
{
    tcpfsm_wire_addrs a;
    memset(&a, 0, sizeof a);
    a.ipv6 = (uint8_t)v->ipv6;
    memcpy(a.src, v->src, sizeof a.src);
    memcpy(a.dst, v->dst, sizeof a.dst);
    return a;
}

static void expect_same(const tcpfsm_wire_segment *got, const tcpfsm_wire_segment *want,
                        const char *name)
{
    unsigned i;
    ck_assert_msg(got->src_port == want->src_port && got->dst_port == want->dst_port,
                  "%s: ports", name);
    ck_assert_msg(got->seq == want->seq && got->ack == want->ack, "%s: seq/ack", name);
    ck_assert_msg(got->header_len == want->header_len, "%s: header_len %u, want %u", name,
                  got->header_len, want->header_len);
    ck_assert_msg(got->payload_len == want->payload_len, "%s: payload_len", name);
    ck_assert_msg(got->flags == want->flags, "%s: flags 0x%02x, want 0x%02x", name, got->flags,
                  want->flags);
    ck_assert_msg(got->window == want->window && got->urgent == want->urgent,
                  "%s: window/urgent", name);
    ck_assert_msg(got->options == want->options, "%s: options 0x%02x, want 0x%02x", name,
                  got->options, want->options);
    ck_assert_msg(got->mss == want->mss && got->wscale == want->wscale, "%s: mss/wscale", name);
    ck_assert_msg(got->ts_val == want->ts_val && got->ts_ecr == want->ts_ecr,
                  "%s: timestamps", name);
    ck_assert_msg(got->sack_count == want->sack_count, "%s: sack_count", name);
    for (i = 0; i < want->sack_count; i++) {
        ck_assert_msg(got->sack[i].left == want->sack[i].left
                          && got->sack[i].right == want->sack[i].right,
                      "%s: SACK block %u", name, i);
    }
}

/* Every Linux capture decodes to what tshark read, checksum included. */
START_TEST(linux_captures_parse)
{
    unsigned i;
    ck_assert_uint_ge(WIRE_VECTOR_COUNT, 14u);
    for (i = 0; i < WIRE_VECTOR_COUNT; i++) {
        const wire_vector *v = &WIRE_VECTORS[i];
        tcpfsm_wire_addrs addrs = addrs_of(v);
        uint8_t bytes[BUF_MAX];
        uint32_t len = wire_vector_bytes(v, bytes);
        tcpfsm_wire_segment seg;
        ck_assert_int_eq(tcpfsm_wire_parse(bytes, len, &addrs, &seg), TCPFSM_OK);
        expect_same(&seg, &v->decoded, v->name);
        ck_assert_uint_eq(seg.checksum, v->decoded.checksum);
        ck_assert_uint_eq(tcpfsm_wire_checksum(&addrs, bytes, len), 0u);
    }
}
END_TEST

/* Rebuilt from the decoded fields and the payload, every capture comes out
 * byte for byte as Linux sent it: the same option layout, the same
 * checksum. */
START_TEST(linux_captures_rebuild)
{
    unsigned i;
    for (i = 0; i < WIRE_VECTOR_COUNT; i++) {
        const wire_vector *v = &WIRE_VECTORS[i];
        tcpfsm_wire_addrs addrs = addrs_of(v);
        uint8_t bytes[BUF_MAX];
        uint8_t built[BUF_MAX];
        uint32_t len = wire_vector_bytes(v, bytes);
        uint32_t written = 0;
        const uint8_t *payload = bytes + v->decoded.header_len;
        ck_assert_int_eq(tcpfsm_wire_build(&v->decoded, payload, &addrs, built, sizeof built,
                                           &written),
                         TCPFSM_OK);
        ck_assert_uint_eq(written, len);
        ck_assert_msg(memcmp(built, bytes, len) == 0, "%s: rebuilt bytes differ", v->name);
        ck_assert_uint_eq(tcpfsm_wire_options_len(&v->decoded), v->decoded.header_len - 20u);
    }
}
END_TEST

/* A 20-byte header: ports 1 -> 2, seq 3, ack 4, data offset `offset`,
 * ACK, window 5, then the given option bytes. */
static uint32_t header_with(uint8_t *b, unsigned offset, const uint8_t *opt, uint32_t opt_len)
{
    static const uint8_t base[20] = {0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0x10, 0, 5, 0, 0, 0, 0};
    memcpy(b, base, sizeof base);
    b[12] = (uint8_t)(offset << 4);
    if (opt_len > 0) {
        memcpy(b + 20, opt, opt_len);
    }
    return 20u + opt_len;
}

/* parse must fail with `want` and leave the output as it was. */
static void expect_parse_error(const uint8_t *b, uint32_t len, tcpfsm_error want,
                               const char *what)
{
    tcpfsm_wire_segment seg;
    tcpfsm_wire_segment before;
    memset(&seg, 0xA5, sizeof seg);
    before = seg;
    ck_assert_msg(tcpfsm_wire_parse(b, len, NULL, &seg) == want, "%s: error %d", what,
                  (int)tcpfsm_wire_parse(b, len, NULL, &seg));
    ck_assert_msg(memcmp(&seg, &before, sizeof seg) == 0, "%s: output changed", what);
}

START_TEST(parse_errors)
{
    uint8_t b[80];
    uint32_t n;
    unsigned len;
    tcpfsm_wire_segment seg;
    memset(b, 0, sizeof b);
    ck_assert_int_eq(tcpfsm_wire_parse(NULL, 20, NULL, &seg), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_parse(b, 20, NULL, NULL), TCPFSM_ERR_NULL);
    header_with(b, 5, NULL, 0);
    for (len = 0; len < 20; len++) {
        expect_parse_error(b, len, TCPFSM_ERR_WIRE_TOO_SHORT, "short");
    }
    for (len = 0; len < 5; len++) {
        header_with(b, len, NULL, 0);
        expect_parse_error(b, 20, TCPFSM_ERR_WIRE_BAD_OFFSET, "offset below 5");
    }
    header_with(b, 6, NULL, 0);
    expect_parse_error(b, 23, TCPFSM_ERR_WIRE_BAD_OFFSET, "offset past the end");
    {
        static const uint8_t zero_len[] = {99, 0, 1, 1};
        static const uint8_t one_len[] = {1, 99, 1, 1};
        static const uint8_t no_len_byte[] = {1, 1, 1, 2};
        static const uint8_t past[] = {2, 8, 5, 0xb4};
        static const uint8_t past_after_nop[] = {1, 99, 4, 0};
        n = header_with(b, 6, zero_len, 4);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_LENGTH, "length 0");
        n = header_with(b, 6, one_len, 4);
        b[22] = 1; /* kind 99 at offset 1, length 1 */
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_LENGTH, "length 1");
        n = header_with(b, 6, no_len_byte, 4);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_OVERRUN, "no room for the length");
        n = header_with(b, 6, past, 4);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_OVERRUN, "past the header");
        n = header_with(b, 6, past_after_nop, 4);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_OVERRUN, "past the header, 2nd");
    }
    {
        /* each known kind with a length one off (both ways where possible) */
        static const uint8_t wrong[][4] = {
            {2, 3, 0, 1}, {2, 2, 1, 1}, {3, 2, 1, 1}, {3, 4, 7, 1},
            {4, 3, 0, 1}, {4, 4, 0, 0}, {8, 4, 0, 0}, {5, 2, 1, 1},
        };
        unsigned i;
        for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
            char what[40];
            n = header_with(b, 6, wrong[i], 4);
            snprintf(what, sizeof what, "kind %u length %u", wrong[i][0], wrong[i][1]);
            expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_SIZE, what);
        }
    }
    {
        /* timestamps 9 long, SACK 11 long (2 + 8 + 1) */
        uint8_t ts9[12] = {8, 9, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1};
        uint8_t sack11[12] = {5, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        n = header_with(b, 8, ts9, 12);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_SIZE, "timestamps 9");
        n = header_with(b, 8, sack11, 12);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_SIZE, "SACK 11");
    }
    {
        /* a SACK option longer than four blocks (2 + 8 * 4 = 34) */
        uint8_t sack36[40] = {5, 36};
        n = header_with(b, 15, sack36, 40);
        expect_parse_error(b, n, TCPFSM_ERR_WIRE_OPTION_SIZE, "SACK 36");
    }
}
END_TEST

START_TEST(parse_checksum_checked_on_request)
{
    const wire_vector *v = &WIRE_VECTORS[0];
    tcpfsm_wire_addrs addrs = addrs_of(v);
    uint8_t bytes[BUF_MAX];
    uint32_t len = wire_vector_bytes(v, bytes);
    uint32_t i;
    tcpfsm_wire_segment seg;
    /* one flipped bit anywhere, checksum field included, changes the sum
     * by 2^k, never a multiple of 0xffff: the segment no longer passes */
    for (i = 0; i < len; i++) {
        bytes[i] ^= 0x04u;
        ck_assert_int_ne(tcpfsm_wire_parse(bytes, len, &addrs, &seg), TCPFSM_OK);
        bytes[i] ^= 0x04u;
    }
    ck_assert_int_eq(tcpfsm_wire_parse(bytes, len, &addrs, &seg), TCPFSM_OK);
    /* the wrong addresses: the pseudo-header no longer matches */
    addrs.dst[3] ^= 1u;
    ck_assert_int_eq(tcpfsm_wire_parse(bytes, len, &addrs, &seg), TCPFSM_ERR_WIRE_CHECKSUM);
    /* without verification the same bytes parse */
    ck_assert_int_eq(tcpfsm_wire_parse(bytes, len, NULL, &seg), TCPFSM_OK);
}
END_TEST

START_TEST(options_unknown_skipped_eol_ends)
{
    static const uint8_t opts[] = {
        1, 30, 6, 0xaa, 0xbb, 0xcc, 0xdd, /* NOP, unknown kind 30 of 6 bytes */
        2, 4, 0x05, 0xb4,                 /* MSS 1460 */
        0,                                /* EOL: what follows is padding */
        2, 1, 0, 0,                       /* would be an error if read */
    };
    uint8_t b[80];
    uint32_t n = header_with(b, 9, opts, sizeof opts);
    tcpfsm_wire_segment seg;
    ck_assert_uint_eq(n, 36u);
    ck_assert_int_eq(tcpfsm_wire_parse(b, n, NULL, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.options, TCPFSM_OPT_MSS);
    ck_assert_uint_eq(seg.mss, 1460u);
    ck_assert_uint_eq(seg.header_len, 36u);
    ck_assert_uint_eq(seg.payload_len, 0u);
}
END_TEST

START_TEST(options_repeated_last_counts)
{
    static const uint8_t opts[] = {2, 4, 0x02, 0x18, 2, 4, 0x05, 0xb4};
    uint8_t b[80];
    uint32_t n = header_with(b, 7, opts, sizeof opts);
    tcpfsm_wire_segment seg;
    ck_assert_int_eq(tcpfsm_wire_parse(b, n, NULL, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.mss, 1460u);
}
END_TEST

/* A segment whose every field comes from the generator; options as given. */
static tcpfsm_wire_segment random_segment(uint32_t *rng, uint8_t options, uint8_t sacks,
                                          uint32_t payload_len)
{
    tcpfsm_wire_segment s;
    unsigned i;
    memset(&s, 0, sizeof s);
    s.src_port = (uint16_t)next_random(rng);
    s.dst_port = (uint16_t)next_random(rng);
    s.seq = next_random(rng);
    s.ack = next_random(rng);
    s.window = (uint16_t)next_random(rng);
    s.urgent = (uint16_t)next_random(rng);
    s.flags = (uint8_t)next_random(rng);
    s.options = options;
    if (options & TCPFSM_OPT_MSS) {
        s.mss = (uint16_t)next_random(rng);
    }
    if (options & TCPFSM_OPT_WSCALE) {
        s.wscale = (uint8_t)next_random(rng);
    }
    if (options & TCPFSM_OPT_TIMESTAMP) {
        s.ts_val = next_random(rng);
        s.ts_ecr = next_random(rng);
    }
    s.sack_count = sacks;
    for (i = 0; i < sacks; i++) {
        s.sack[i].left = next_random(rng);
        s.sack[i].right = next_random(rng);
    }
    s.payload_len = payload_len;
    return s;
}

/* Every option combination, every SACK count, payloads around the 8-byte
 * step of the checksum, over IPv4 and IPv6: what fits in 40 bytes of options
 * builds, parses back to the same segment and passes its checksum; what
 * does not fit is refused. */
START_TEST(build_then_parse_round_trip)
{
    static const uint32_t payloads[] = {0, 1, 7, 8, 9, 15, 16, 17, 1000};
    uint32_t rng = 0x2545F491u;
    uint8_t payload[1000];
    uint8_t buf[BUF_MAX];
    unsigned options, sacks, p, family, rounds = 0, refused = 0;
    for (p = 0; p < sizeof payload; p++) {
        payload[p] = (uint8_t)next_random(&rng);
    }
    for (family = 0; family < 2; family++)
    for (options = 0; options < 32; options++)
    for (sacks = 0; sacks <= TCPFSM_WIRE_MAX_SACK; sacks++)
    for (p = 0; p < sizeof payloads / sizeof payloads[0]; p++) {
        tcpfsm_wire_addrs addrs;
        tcpfsm_wire_segment s, back;
        uint32_t written = 0, i, want_options;
        tcpfsm_error err;
        if ((options >= TCPFSM_OPT_SACK) != (sacks > 0)) {
            continue;
        }
        memset(&addrs, 0, sizeof addrs);
        addrs.ipv6 = (uint8_t)family;
        for (i = 0; i < 16; i++) {
            addrs.src[i] = (uint8_t)next_random(&rng);
            addrs.dst[i] = (uint8_t)next_random(&rng);
        }
        s = random_segment(&rng, (uint8_t)options, (uint8_t)sacks, payloads[p]);
        want_options = (options & TCPFSM_OPT_MSS ? 4u : 0u)
                     + (options & TCPFSM_OPT_TIMESTAMP ? 12u
                        : options & TCPFSM_OPT_SACK_PERM ? 4u : 0u)
                     + (options & TCPFSM_OPT_WSCALE ? 4u : 0u) + (sacks ? 4u + 8u * sacks : 0u);
        ck_assert_uint_eq(tcpfsm_wire_options_len(&s), want_options);
        err = tcpfsm_wire_build(&s, payload, &addrs, buf, sizeof buf, &written);
        if (want_options > 40u) {
            ck_assert_int_eq(err, TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG);
            refused++;
            continue;
        }
        ck_assert_int_eq(err, TCPFSM_OK);
        ck_assert_uint_eq(written, 20u + want_options + payloads[p]);
        ck_assert_int_eq(tcpfsm_wire_parse(buf, written, &addrs, &back), TCPFSM_OK);
        s.header_len = 20u + want_options;
        expect_same(&back, &s, "round trip");
        ck_assert_uint_eq(back.checksum, (uint32_t)buf[16] * 256u + buf[17]);
        ck_assert(memcmp(buf + back.header_len, payload, payloads[p]) == 0);
        rounds++;
    }
    ck_assert_uint_gt(rounds, 1000u);
    ck_assert_uint_gt(refused, 0u);
}
END_TEST

START_TEST(build_refusals_write_nothing)
{
    uint32_t rng = 7u;
    uint8_t buf[100];
    uint8_t before[100];
    uint32_t written = 12345u;
    tcpfsm_wire_segment s = random_segment(&rng, TCPFSM_OPT_MSS, 0, 10);
    uint8_t payload[10] = {0};
    memset(buf, 0x5A, sizeof buf);
    memcpy(before, buf, sizeof buf);
    /* 20 + 4 + 10 = 34 bytes: one short */
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, 33, &written),
                     TCPFSM_ERR_WIRE_NO_ROOM);
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, 0, &written),
                     TCPFSM_ERR_WIRE_NO_ROOM);
    ck_assert_int_eq(tcpfsm_wire_build(&s, NULL, NULL, buf, sizeof buf, &written),
                     TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_build(NULL, payload, NULL, buf, sizeof buf, &written),
                     TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, NULL, sizeof buf, &written),
                     TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, sizeof buf, NULL),
                     TCPFSM_ERR_NULL);
    s.options = TCPFSM_OPT_SACK; /* SACK without blocks */
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, sizeof buf, &written),
                     TCPFSM_ERR_INVALID_ARG);
    s.options = 0x20u; /* no such option */
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, sizeof buf, &written),
                     TCPFSM_ERR_INVALID_ARG);
    s.options = 0;
    s.sack_count = 5;
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, sizeof buf, &written),
                     TCPFSM_ERR_INVALID_ARG);
    ck_assert_uint_eq(written, 12345u);
    ck_assert(memcmp(buf, before, sizeof buf) == 0);
    /* exactly enough room */
    s.sack_count = 0;
    s.options = TCPFSM_OPT_MSS;
    ck_assert_int_eq(tcpfsm_wire_build(&s, payload, NULL, buf, 34, &written), TCPFSM_OK);
    ck_assert_uint_eq(written, 34u);
    ck_assert_uint_eq(buf[16], 0u); /* no addresses: checksum left 0 */
    ck_assert_uint_eq(buf[17], 0u);
}
END_TEST

/* RFC 1071 §3's worked example: the words 0001 f203 f4f5 f6f7 sum to
 * 2ddf0, which folds to ddf2. */
START_TEST(checksum_rfc1071_example)
{
    static const uint8_t bytes[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    ck_assert_uint_eq(tcpfsm_csum_add(0, bytes, 8), 0x2ddf0u);
    ck_assert_uint_eq(tcpfsm_csum_fold(0x2ddf0u), 0xddf2u);
    /* the same bytes in pieces of even length, and with an odd tail */
    ck_assert_uint_eq(tcpfsm_csum_add(tcpfsm_csum_add(0, bytes, 2), bytes + 2, 6), 0x2ddf0u);
    ck_assert_uint_eq(tcpfsm_csum_add(0, bytes, 7), 0x2ddf0u - 0xf7u);
    ck_assert_uint_eq(tcpfsm_csum_fold(UINT64_MAX), 0xffffu);
    ck_assert_uint_eq(tcpfsm_csum_fold(0), 0u);
}
END_TEST

/* Summing 8 bytes per step gives what a plain 2-byte loop gives, for every
 * length and start alignment up to 64 bytes. */
START_TEST(checksum_matches_plain_sum)
{
    uint8_t bytes[80];
    uint32_t rng = 99u, start, len, i;
    for (i = 0; i < sizeof bytes; i++) {
        bytes[i] = (uint8_t)next_random(&rng);
    }
    for (start = 0; start < 8; start++) {
        for (len = 0; len <= 64; len++) {
            uint64_t plain = 0;
            for (i = 0; i + 1 < len; i += 2) {
                plain += (uint32_t)bytes[start + i] * 256u + bytes[start + i + 1];
            }
            if (len % 2 == 1) {
                plain += (uint32_t)bytes[start + len - 1] * 256u;
            }
            ck_assert_uint_eq(tcpfsm_csum_add(0, bytes + start, len), plain);
        }
    }
}
END_TEST

/* RFC 1624: updating a field gives the checksum a full recomputation
 * gives, for random segments and random new values. */
START_TEST(checksum_incremental_update)
{
    const wire_vector *v = &WIRE_VECTORS[3];
    tcpfsm_wire_addrs addrs = addrs_of(v);
    uint8_t bytes[BUF_MAX];
    uint32_t len = wire_vector_bytes(v, bytes);
    uint32_t rng = 12345u;
    unsigned round;
    for (round = 0; round < 2000; round++) {
        uint16_t check = (uint16_t)((uint32_t)bytes[16] * 256u + bytes[17]);
        uint16_t updated;
        if (round % 2 == 0) { /* the window, a 16-bit field at 14 */
            uint16_t old_word = (uint16_t)((uint32_t)bytes[14] * 256u + bytes[15]);
            uint16_t new_word = (uint16_t)next_random(&rng);
            if (round % 10 == 0) {
                new_word = old_word; /* no change: the checksum stays */
            }
            bytes[14] = (uint8_t)(new_word >> 8);
            bytes[15] = (uint8_t)new_word;
            updated = tcpfsm_csum_update16(check, old_word, new_word);
        } else { /* the sequence number, 32 bits at 4 */
            uint32_t old_value = ((uint32_t)bytes[4] << 24) | ((uint32_t)bytes[5] << 16)
                               | ((uint32_t)bytes[6] << 8) | bytes[7];
            uint32_t new_value = next_random(&rng);
            bytes[4] = (uint8_t)(new_value >> 24);
            bytes[5] = (uint8_t)(new_value >> 16);
            bytes[6] = (uint8_t)(new_value >> 8);
            bytes[7] = (uint8_t)new_value;
            updated = tcpfsm_csum_update32(check, old_value, new_value);
        }
        bytes[16] = (uint8_t)(updated >> 8);
        bytes[17] = (uint8_t)updated;
        ck_assert_msg(tcpfsm_wire_checksum(&addrs, bytes, len) == 0u,
                      "round %u: updated checksum 0x%04x does not verify", round, updated);
    }
}
END_TEST

START_TEST(checksum_null_arguments)
{
    uint8_t b[4] = {0};
    tcpfsm_wire_addrs a;
    memset(&a, 0, sizeof a);
    ck_assert_uint_eq(tcpfsm_wire_checksum(NULL, b, 4), 0xffffu);
    ck_assert_uint_eq(tcpfsm_wire_checksum(&a, NULL, 4), 0xffffu);
    /* no bytes at all: the pseudo-header alone, 0 + 0 + 6 + 0 */
    ck_assert_uint_eq(tcpfsm_wire_checksum(&a, NULL, 0), 0xffffu - 6u);
    ck_assert_uint_eq(tcpfsm_csum_pseudo(NULL, 20), 0u);
    ck_assert_uint_eq(tcpfsm_wire_options_len(NULL), 0u);
}
END_TEST

/* tcpfsm_on_segment takes seg (it refuses what breaks its precondition
 * with TCPFSM_ERR_INVALID_ARG). */
static int core_accepts(tcpfsm_segment seg)
{
    h_t t;
    h_init(&t, 1u, 2u);
    ck_assert_int_eq(tcpfsm_open_passive(&t.conn), TCPFSM_OK);
    return h_rx(&t, seg) == TCPFSM_OK;
}

START_TEST(to_segment_for_the_core)
{
    tcpfsm_wire_segment w;
    tcpfsm_segment seg, before;
    memset(&w, 0, sizeof w);
    memset(&seg, 0x33, sizeof seg);
    before = seg;
    w.seq = 10u;
    w.ack = 20u;
    w.flags = TCPFSM_SYN | TCPFSM_ACK | TCPFSM_ECE;
    w.window = 300u;
    w.payload_len = 5u;
    w.options = TCPFSM_OPT_MSS | TCPFSM_OPT_SACK | TCPFSM_OPT_TIMESTAMP;
    w.sack_count = 1u;
    w.mss = 536u;
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.seq, 10u);
    ck_assert_uint_eq(seg.ack, 20u);
    ck_assert_uint_eq(seg.flags, TCPFSM_SYN | TCPFSM_ACK | TCPFSM_ECE);
    ck_assert_uint_eq(seg.window, 300u);
    ck_assert_uint_eq(seg.len, 5u);
    ck_assert_uint_eq(seg.mss, 536u);
    /* the SACK block travels with its option bit */
    ck_assert_uint_eq(seg.options, TCPFSM_OPT_MSS | TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK);
    ck_assert_uint_eq(seg.sack_count, 1u);
    ck_assert(core_accepts(seg));
    w.sack_count = 5u; /* more than an option holds: neither blocks nor bit */
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.options, TCPFSM_OPT_MSS | TCPFSM_OPT_TIMESTAMP);
    ck_assert_uint_eq(seg.sack_count, 0u);
    ck_assert(core_accepts(seg));
    w.sack_count = 1u;
    w.options = TCPFSM_OPT_MSS | TCPFSM_OPT_TIMESTAMP; /* blocks without the bit: none */
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.sack_count, 0u);
    w.options = TCPFSM_OPT_MSS | TCPFSM_OPT_SACK | TCPFSM_OPT_TIMESTAMP;
    w.mss = 0u; /* an MSS of 0 counts as absent */
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.options, TCPFSM_OPT_TIMESTAMP | TCPFSM_OPT_SACK);
    ck_assert(core_accepts(seg));
    w.options = TCPFSM_OPT_WSCALE; /* no MSS option, MSS field 0: nothing to drop */
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_OK);
    ck_assert_uint_eq(seg.options, TCPFSM_OPT_WSCALE);
    seg = before;
    w.payload_len = TCPFSM_MAX_PAYLOAD + 1u;
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, &seg), TCPFSM_ERR_INVALID_ARG);
    ck_assert(memcmp(&seg, &before, sizeof seg) == 0);
    ck_assert_int_eq(tcpfsm_wire_to_segment(NULL, &seg), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_to_segment(&w, NULL), TCPFSM_ERR_NULL);
}
END_TEST

/* The embedder's path: our SYN to bytes, the bytes to the peer's core, its
 * SYN,ACK back the same way; both ends see what the other sent. */
START_TEST(core_to_wire_to_core)
{
    h_t client, server;
    tcpfsm_wire_addrs c2s, s2c;
    uint8_t buf[BUF_MAX];
    uint32_t written;
    tcpfsm_wire_segment w, got;
    tcpfsm_segment seg;
    memset(&c2s, 0, sizeof c2s);
    c2s.src[0] = 10; c2s.src[3] = 1;
    c2s.dst[0] = 10; c2s.dst[3] = 2;
    s2c = c2s;
    memcpy(s2c.src, c2s.dst, 4);
    memcpy(s2c.dst, c2s.src, 4);
    h_init(&client, 1000u, 0u);
    h_init(&server, 5000u, 0u);
    ck_assert_int_eq(tcpfsm_open_passive(&server.conn), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_open_active(&client.conn, client.iss, client.now, &client.out),
                     TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, 0, 40000u, 80u, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.options, TCPFSM_OPT_MSS | TCPFSM_OPT_WSCALE | TCPFSM_OPT_TIMESTAMP
                                 | TCPFSM_OPT_SACK_PERM);
    ck_assert_uint_eq(w.ts_val, client.out.ts_val);
    ck_assert_uint_eq(w.ts_ecr, 0u);
    ck_assert_int_eq(tcpfsm_wire_build(&w, NULL, &c2s, buf, sizeof buf, &written), TCPFSM_OK);
    ck_assert_uint_eq(written, 40u); /* MSS 4, NOP NOP timestamps 12, NOP window scale 4 */
    ck_assert_int_eq(tcpfsm_wire_parse(buf, written, &c2s, &got), TCPFSM_OK);
    ck_assert_uint_eq(got.src_port, 40000u);
    ck_assert_uint_eq(got.dst_port, 80u);
    ck_assert_int_eq(tcpfsm_wire_to_segment(&got, &seg), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&server, seg), TCPFSM_OK);
    ck_assert_int_eq(h_state(&server), TCPFSM_SYN_RECEIVED);
    ck_assert_uint_eq(server.conn.irs, 1000u);
    /* the client's MSS, less the timestamps both now send (RFC 6691) */
    ck_assert_uint_eq(server.conn.snd_mss, client.out.tx[0].mss - 12u);
    ck_assert_uint_eq(server.conn.ts_recent, client.out.ts_val);

    ck_assert_int_eq(tcpfsm_wire_from_output(&server.out, 0, 80u, 40000u, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.ts_ecr, client.out.ts_val); /* the SYN's TSval, echoed */
    ck_assert_int_eq(tcpfsm_wire_build(&w, NULL, &s2c, buf, sizeof buf, &written), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_parse(buf, written, &s2c, &got), TCPFSM_OK);
    ck_assert_int_eq(tcpfsm_wire_to_segment(&got, &seg), TCPFSM_OK);
    ck_assert_int_eq(h_rx(&client, seg), TCPFSM_OK);
    ck_assert_int_eq(h_state(&client), TCPFSM_ESTABLISHED);
    {
        tcpfsm_tx tx = client.out.tx[0];
        tx.options = TCPFSM_OPT_MSS;
        tx.mss = 0; /* an MSS option of 0 is not written */
        ck_assert_int_eq(tcpfsm_wire_from_tx(&tx, 1, 2, &w), TCPFSM_OK);
        ck_assert_uint_eq(w.options, 0u);
        tx.mss = 1460;
        tx.options = 0; /* a segment without options, as after the handshake */
        ck_assert_int_eq(tcpfsm_wire_from_tx(&tx, 1, 2, &w), TCPFSM_OK);
        ck_assert_uint_eq(w.options, 0u);
        ck_assert_uint_eq(w.mss, 0u);
    }
    ck_assert_int_eq(tcpfsm_wire_from_tx(NULL, 1, 2, &w), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_from_tx(&client.out.tx[0], 1, 2, NULL), TCPFSM_ERR_NULL);
    /* the output: an index past count is refused, a RST carries no timestamps */
    ck_assert_int_eq(tcpfsm_wire_from_output(NULL, 0, 1, 2, &w), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, 0, 1, 2, NULL), TCPFSM_ERR_NULL);
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, client.out.count, 1, 2, &w),
                     TCPFSM_ERR_INVALID_ARG);
    ck_assert_int_eq(tcpfsm_abort(&client.conn, &client.out), TCPFSM_OK);
    ck_assert_uint_eq(client.out.tx[0].flags, TCPFSM_RST);
    ck_assert_uint_eq(client.out.timestamps, 0); /* CLOSED: none asked */
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, 0, 1, 2, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.options, 0u);
    client.out.timestamps = 1; /* as if asked: a RST still goes without them */
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, 0, 1, 2, &w), TCPFSM_OK);
    ck_assert_uint_eq(w.options, 0u);
    /* a corrupt count beyond the array is refused, not read past */
    client.out.count = TCPFSM_MAX_TX + 1u;
    ck_assert_int_eq(tcpfsm_wire_from_output(&client.out, TCPFSM_MAX_TX, 1, 2, &w),
                     TCPFSM_ERR_INVALID_ARG);
}
END_TEST

Suite *suite_wire(void)
{
    Suite *s = suite_create("wire");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, linux_captures_parse);
    tcase_add_test(tc, linux_captures_rebuild);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, parse_checksum_checked_on_request);
    tcase_add_test(tc, options_unknown_skipped_eol_ends);
    tcase_add_test(tc, options_repeated_last_counts);
    tcase_add_test(tc, build_then_parse_round_trip);
    tcase_add_test(tc, build_refusals_write_nothing);
    tcase_add_test(tc, checksum_rfc1071_example);
    tcase_add_test(tc, checksum_matches_plain_sum);
    tcase_add_test(tc, checksum_incremental_update);
    tcase_add_test(tc, checksum_null_arguments);
    tcase_add_test(tc, to_segment_for_the_core);
    tcase_add_test(tc, core_to_wire_to_core);
    suite_add_tcase(s, tc);
    return s;
}
