/* SPDX-License-Identifier: BSD-2-Clause */
/* RFC 6528 initial sequence numbers: a 4 µs clock plus SipHash-2-4 of the
 * connection's addresses and ports under a secret key. */
#include <stdio.h>
#include "iss.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                   \
    do {                                                                           \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                  \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                     \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                     \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                  \
    } while (0)

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

uint64_t iss_siphash(const iss_key *key, const uint8_t *bytes, uint32_t len)
{
    uint64_t v0 = 0x736f6d6570736575ull ^ key->k0;
    uint64_t v1 = 0x646f72616e646f6dull ^ key->k1;
    uint64_t v2 = 0x6c7967656e657261ull ^ key->k0;
    uint64_t v3 = 0x7465646279746573ull ^ key->k1;
    uint64_t b = (uint64_t)len << 56;
    uint32_t i, left = len % 8u;
    for (i = 0; i + 8u <= len; i += 8u) {
        uint64_t m = load64(bytes + i);
        v3 ^= m;
        SIPROUND;
        SIPROUND;
        v0 ^= m;
    }
    for (; left > 0; left--) {
        b |= (uint64_t)bytes[i + left - 1u] << (8u * (left - 1u));
    }
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

int iss_key_random(iss_key *key)
{
    uint8_t raw[16];
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL) {
        return -1;
    }
    if (fread(raw, 1, sizeof raw, f) != sizeof raw) {
        fclose(f);
        return -1;
    }
    fclose(f);
    key->k0 = load64(raw);
    key->k1 = load64(raw + 8);
    return 0;
}

uint32_t iss_make(const iss_key *key, const uint8_t lip[4], uint16_t lport,
                  const uint8_t rip[4], uint16_t rport, uint64_t now_us)
{
    uint8_t id[12];
    int i;
    for (i = 0; i < 4; i++) {
        id[i] = lip[i];
        id[4 + i] = rip[i];
    }
    id[8] = (uint8_t)(lport >> 8);
    id[9] = (uint8_t)lport;
    id[10] = (uint8_t)(rport >> 8);
    id[11] = (uint8_t)rport;
    return (uint32_t)(now_us / 4u) + (uint32_t)iss_siphash(key, id, sizeof id);
}
