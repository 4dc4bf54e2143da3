/* SPDX-License-Identifier: BSD-2-Clause */
/* The Internet checksum: RFC 1071 (computation), RFC 9293 §3.1 and
 * RFC 8200 §8.1 (the pseudo-headers), RFC 1624 (incremental update).
 * Sums run in 64 bits and are folded once at the end, so no addition ever
 * wraps. */
#include "tcpfsm/wire.h"
#include "wire_bytes.h"

#define IPPROTO_TCP_NUMBER 6u

uint64_t tcpfsm_csum_add(uint64_t sum, const uint8_t *bytes, uint32_t len)
{
    uint64_t acc = sum;
    uint32_t i = 0u;
    /* eight bytes, four words, per step: the compiler keeps them in
     * registers and the loop runs len / 8 times */
    /*@ loop invariant 0 <= i <= len && i % 8 == 0;
        loop invariant acc <= sum + 65535 * (integer)i;
        loop invariant acc == sum + rfc1071_sum(bytes, i);
        loop assigns i, acc;
        loop variant len - i;
    */
    while (len - i >= 8u) {
        acc += (uint64_t)tcpfsm_get16(bytes + i) + tcpfsm_get16(bytes + i + 2u)
             + tcpfsm_get16(bytes + i + 4u) + tcpfsm_get16(bytes + i + 6u);
        i += 8u;
    }
    /*@ loop invariant 0 <= i <= len && i % 2 == 0;
        loop invariant acc <= sum + 65535 * (integer)i;
        loop invariant acc == sum + rfc1071_sum(bytes, i);
        loop assigns i, acc;
        loop variant len - i;
    */
    while (len - i >= 2u) {
        acc += tcpfsm_get16(bytes + i);
        i += 2u;
    }
    if (i < len) {
        acc += (uint64_t)bytes[i] * 256u; /* odd byte, padded with zero (RFC 1071 §4.1) */
    }
    return acc;
}

/* One end-around carry step: bits above 16 are added back in. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result == sum % 65536 + sum / 65536;
    ensures rfc1071_fold(\result) == rfc1071_fold(sum);
*/
static uint64_t carry(uint64_t sum)
{
    return sum % 65536u + sum / 65536u;
}

uint16_t tcpfsm_csum_fold(uint64_t sum)
{
    /* 2^64 - 1 shrinks below 2^49, 2^34, 2^17 + 2^16, then 2^16: four
     * steps always suffice */
    uint64_t s = carry(carry(carry(carry(sum))));
    //@ assert s <= 65535;
    return (uint16_t)s;
}

/* Sum of the 16-bit words of n bytes of an address. */
/*@ requires n == 4 || n == 16;
    requires \valid_read(a + (0 .. n - 1));
    terminates \true;
    assigns \nothing;
    ensures \result <= 65535 * 8;
*/
static uint64_t address_sum(const uint8_t *a, uint32_t n)
{
    uint64_t acc = 0u;
    uint32_t i;
    /*@ loop invariant 0 <= i <= n && i % 2 == 0;
        loop invariant acc <= 65535 * (i / 2);
        loop assigns i, acc;
        loop variant n - i;
    */
    for (i = 0u; i < n; i += 2u) {
        acc += tcpfsm_get16(a + i);
    }
    return acc;
}

uint64_t tcpfsm_csum_pseudo(const tcpfsm_wire_addrs *addrs, uint32_t tcp_len)
{
    /* IPv4: source, destination, zero and protocol, TCP length (16 bits).
     * IPv6: source, destination, upper-layer length (32 bits), zeros and
     * next header.  Either way the length enters as its 16-bit halves. */
    uint32_t n;
    if (addrs == 0) {
        return 0u;
    }
    n = addrs->ipv6 != 0u ? 16u : 4u;
    return address_sum(addrs->src, n) + address_sum(addrs->dst, n) + IPPROTO_TCP_NUMBER
         + tcp_len / 65536u + tcp_len % 65536u;
}

uint16_t tcpfsm_wire_checksum(const tcpfsm_wire_addrs *addrs, const uint8_t *segment,
                              uint32_t len)
{
    if (addrs == 0 || (segment == 0 && len > 0u)) {
        return 0xffffu;
    }
    return (uint16_t)(0xffffu
                      - tcpfsm_csum_fold(tcpfsm_csum_add(tcpfsm_csum_pseudo(addrs, len),
                                                         segment, len)));
}

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), in one's-complement arithmetic;
 * ~x of a 16-bit x is 0xffff - x. */
uint16_t tcpfsm_csum_update16(uint16_t checksum, uint16_t old_word, uint16_t new_word)
{
    uint64_t sum = (uint64_t)(0xffffu - checksum) + (0xffffu - old_word) + new_word;
    return (uint16_t)(0xffffu - tcpfsm_csum_fold(sum));
}

uint16_t tcpfsm_csum_update32(uint16_t checksum, uint32_t old_value, uint32_t new_value)
{
    uint16_t high = tcpfsm_csum_update16(checksum, (uint16_t)(old_value / 65536u),
                                         (uint16_t)(new_value / 65536u));
    return tcpfsm_csum_update16(high, (uint16_t)(old_value % 65536u),
                                (uint16_t)(new_value % 65536u));
}
