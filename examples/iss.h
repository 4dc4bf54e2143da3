/* SPDX-License-Identifier: BSD-2-Clause */
/* Initial sequence numbers as RFC 6528 §3 describes them:
 *   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
 * M a clock ticking every 4 µs, F SipHash-2-4 keyed with a secret drawn once. */
#ifndef EX_ISS_H
#define EX_ISS_H
#include <stdint.h>

typedef struct {
    uint64_t k0, k1; /* the 128-bit secret */
} iss_key;

/* Draw the secret from /dev/urandom; 0 on success, -1 when it cannot be read. */
int iss_key_random(iss_key *key);

/* The ISN for the connection (lip:lport -> rip:rport) at time now_us. */
uint32_t iss_make(const iss_key *key, const uint8_t lip[4], uint16_t lport,
                  const uint8_t rip[4], uint16_t rport, uint64_t now_us);

/* SipHash-2-4 of len bytes (also used for the timestamps offset, RFC 7323 §7.1). */
uint64_t iss_siphash(const iss_key *key, const uint8_t *bytes, uint32_t len);

#endif
