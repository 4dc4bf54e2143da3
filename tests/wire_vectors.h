/* SPDX-License-Identifier: BSD-2-Clause */
/* Linux captures for the codec tests (tests/wire_vectors.c). */
#ifndef TCPFSM_TEST_WIRE_VECTORS_H
#define TCPFSM_TEST_WIRE_VECTORS_H
#include "tcpfsm/wire.h"

typedef struct {
    const char         *name;
    int                 ipv6;
    uint8_t             src[16]; /* IPv4: the first four bytes */
    uint8_t             dst[16];
    const char         *hex;     /* the TCP segment */
    tcpfsm_wire_segment decoded; /* what tshark read from it */
} wire_vector;

extern const wire_vector WIRE_VECTORS[];
extern const unsigned WIRE_VECTOR_COUNT;

/* The vector's segment as bytes, into out (at least strlen(hex) / 2 bytes);
 * returns their count. */
uint32_t wire_vector_bytes(const wire_vector *v, uint8_t *out);

#endif
