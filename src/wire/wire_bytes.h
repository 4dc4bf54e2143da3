/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Network byte order (RFC 791 Appendix B: most significant byte first)
 * reads and writes of caller buffers, for the codec.  Not installed.
 * Static inline so the checksum loop pays no call; proofs/prove.sh proves
 * them with the first file that includes this header.
 */
#ifndef TCPFSM_WIRE_BYTES_H
#define TCPFSM_WIRE_BYTES_H

#include <stdint.h>

/*@ requires \valid_read(b + (0 .. 1));
    terminates \true;
    assigns \nothing;
    ensures \result == b[0] * 256 + b[1] && \result <= 65535;
*/
static inline uint32_t tcpfsm_get16(const uint8_t *b)
{
    return (uint32_t)b[0] * 256u + b[1];
}

/*@ requires \valid_read(b + (0 .. 3));
    terminates \true;
    assigns \nothing;
    ensures \result == ((b[0] * 256 + b[1]) * 256 + b[2]) * 256 + b[3];
*/
static inline uint32_t tcpfsm_get32(const uint8_t *b)
{
    return (uint32_t)b[0] * 16777216u + (uint32_t)b[1] * 65536u + (uint32_t)b[2] * 256u + b[3];
}

/*@ requires \valid(b + (0 .. 1)) && v <= 65535;
    terminates \true;
    assigns b[0 .. 1];
    ensures b[0] * 256 + b[1] == v;
*/
static inline void tcpfsm_put16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v / 256u);
    b[1] = (uint8_t)(v % 256u);
}

/*@ requires \valid(b + (0 .. 3));
    terminates \true;
    assigns b[0 .. 3];
    ensures b[0] == v / 16777216 && b[1] == v / 65536 % 256;
    ensures b[2] == v / 256 % 256 && b[3] == v % 256;
*/
static inline void tcpfsm_put32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v / 16777216u);
    b[1] = (uint8_t)(v / 65536u % 256u);
    b[2] = (uint8_t)(v / 256u % 256u);
    b[3] = (uint8_t)(v % 256u);
}

#endif
