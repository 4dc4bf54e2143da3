/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tcpfsm wire codec: the TCP header and its options to and from bytes, and
 * the Internet checksum (RFC 9293 §3.1, RFC 1071, RFC 1624).
 *
 * Like the core it allocates nothing and keeps no state: the caller owns the
 * bytes.  Parsing accepts any bytes of any length and either fills the
 * decoded segment or returns an error and leaves it untouched.  Multi-byte
 * fields are in network byte order on the wire and in host order here.
 */
#ifndef TCPFSM_WIRE_H
#define TCPFSM_WIRE_H

#include "tcpfsm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TCPFSM_WIRE_MIN_HEADER  20u /* data offset 5 */
#define TCPFSM_WIRE_MAX_HEADER  60u /* data offset 15 */
#define TCPFSM_WIRE_MAX_OPTIONS 40u
#define TCPFSM_WIRE_MAX_SACK    4u  /* blocks one SACK option can carry (RFC 2018 §3) */

/* Option kinds (IANA "TCP Option Kind Numbers"). */
#define TCPFSM_WIRE_OPT_EOL       0u
#define TCPFSM_WIRE_OPT_NOP       1u
#define TCPFSM_WIRE_OPT_MSS       2u /* RFC 9293 §3.2 */
#define TCPFSM_WIRE_OPT_WSCALE    3u /* RFC 7323 §2 */
#define TCPFSM_WIRE_OPT_SACK_PERM 4u /* RFC 2018 §2 */
#define TCPFSM_WIRE_OPT_SACK      5u /* RFC 2018 §3 */
#define TCPFSM_WIRE_OPT_TIMESTAMP 8u /* RFC 7323 §3 */

/* A decoded TCP segment.  Options are those in `options`; the value fields
 * of absent options are 0.  When an option appears twice, the last one
 * counts (as in Linux and the BSDs). */
typedef struct tcpfsm_wire_segment {
    uint16_t src_port;
    uint16_t dst_port;
    uint32_t seq;
    uint32_t ack;
    uint32_t header_len;  /* data offset * 4: the payload starts here */
    uint32_t payload_len; /* bytes after the header */
    uint16_t window;      /* as on the wire, before any scaling */
    uint16_t checksum;    /* as on the wire (parse); computed by build */
    uint16_t urgent;
    uint16_t mss;         /* TCPFSM_OPT_MSS */
    uint8_t  flags;       /* all eight control bits, TCPFSM_FIN .. TCPFSM_CWR */
    uint8_t  options;     /* TCPFSM_OPT_* */
    uint8_t  wscale;      /* TCPFSM_OPT_WSCALE: the shift as sent (RFC 7323 §2.3
                             limits its use to 14; the value is kept as is) */
    uint8_t  sack_count;  /* TCPFSM_OPT_SACK: blocks in sack[], 1 .. 4 */
    uint32_t ts_val;      /* TCPFSM_OPT_TIMESTAMP */
    uint32_t ts_ecr;
    tcpfsm_sack_block sack[TCPFSM_WIRE_MAX_SACK];
} tcpfsm_wire_segment;

/* The addresses of the IP header that carries the segment, for the
 * pseudo-header of the checksum (RFC 9293 §3.1; RFC 8200 §8.1). */
typedef struct tcpfsm_wire_addrs {
    uint8_t ipv6;    /* 0: IPv4, the addresses are src[0..3] and dst[0..3] */
    uint8_t src[16];
    uint8_t dst[16];
} tcpfsm_wire_addrs;

/* Largest checksum running sum a call accepts: far above what any segment
 * adds (65535 per byte at most), so sums never wrap. */
#define TCPFSM_CSUM_MAX_SUM 0x0000ffffffffffffull

#ifdef __FRAMAC__
#include "tcpfsm_wire_logic.h" /* ACSL definitions the contracts below use */
#endif

/* One's-complement running sum (RFC 1071 §4.1) of len bytes, 8 per step,
 * added to `sum`.  Bytes pair up from the start of `bytes`: only the last
 * piece of a message may have an odd length. */
/*@ requires sum <= TCPFSM_CSUM_MAX_SUM;
    requires len <= 0xffffffff && wire_bytes(bytes, len);
    terminates \true;
    assigns \nothing;
    ensures \result <= sum + 65535 * (integer)len;
    ensures \result == sum + rfc1071_sum(bytes, len);
*/
TCPFSM_API uint64_t tcpfsm_csum_add(uint64_t sum, const uint8_t *bytes, uint32_t len);

/* The running sum folded to 16 bits, end-around carries included. */
/*@ terminates \true;
    assigns \nothing;
    ensures \result <= 0xffff;
    ensures \result == rfc1071_fold(sum);
*/
TCPFSM_API uint16_t tcpfsm_csum_fold(uint64_t sum);

/* The sum of the pseudo-header for a segment of tcp_len bytes; 0 without
 * addresses. */
/*@ requires addrs == \null || (\valid_read(addrs) && wire_addrs_ok(*addrs));
    terminates \true;
    assigns \nothing;
    ensures \result <= 0x200000;
*/
TCPFSM_API uint64_t tcpfsm_csum_pseudo(const tcpfsm_wire_addrs *addrs, uint32_t tcp_len);

/* The checksum of a whole segment with its pseudo-header, the checksum
 * field taken as it is: to fill the field, zero it first and store the
 * result; a received segment is intact when the result is 0.  NULL
 * arguments give 0xffff, never a valid checksum of anything. */
/*@ requires addrs == \null || (\valid_read(addrs) && wire_addrs_ok(*addrs));
    requires wire_bytes(segment, len);
    terminates \true;
    assigns \nothing;
*/
TCPFSM_API uint16_t tcpfsm_wire_checksum(const tcpfsm_wire_addrs *addrs, const uint8_t *segment,
                                         uint32_t len);

/* RFC 1624 eqn. 3: the checksum after one 16-bit word of the covered data
 * changed from old_word to new_word, without summing the data again. */
/*@ terminates \true;
    assigns \nothing;
    // RFC 1624 §3: when the checksum is that of data summing to s, the
    // result is that of the data with old_word replaced by new_word; the
    // new sum must be above 0 (for a sum of 0 eqn. 3 gives 0x0000 where
    // summing afresh gives 0xffff, §3; a TCP sum, pseudo-header included,
    // is never 0)
    ensures \forall integer s; s >= 0 && checksum == 0xffff - rfc1071_fold(s)
            && s - old_word + new_word > 0
            ==> \result == 0xffff - rfc1071_fold(s - old_word + new_word);
*/
TCPFSM_API uint16_t tcpfsm_csum_update16(uint16_t checksum, uint16_t old_word, uint16_t new_word);

/* The same for a 32-bit field on an even offset (a sequence number). */
/*@ terminates \true;
    assigns \nothing;
*/
TCPFSM_API uint16_t tcpfsm_csum_update32(uint16_t checksum, uint32_t old_value, uint32_t new_value);

/* Decode len bytes that start with a TCP header.  With `verify` set, the
 * checksum is checked against those addresses (the IP layer may have done
 * it already: pass NULL then).  Errors, in the order they are checked:
 *   TCPFSM_ERR_NULL                    bytes or seg is NULL
 *   TCPFSM_ERR_WIRE_TOO_SHORT          fewer than 20 bytes
 *   TCPFSM_ERR_WIRE_BAD_OFFSET         data offset below 5, or past len
 *   TCPFSM_ERR_WIRE_CHECKSUM           `verify` given and the sum is wrong
 *   TCPFSM_ERR_WIRE_OPTION_LENGTH      an option length of 0 or 1
 *   TCPFSM_ERR_WIRE_OPTION_OVERRUN     an option running past the header
 *   TCPFSM_ERR_WIRE_OPTION_SIZE        a length wrong for the option's kind
 * Unknown options are skipped by their length; EOL ends the list. */
/*@ requires bytes == \null || wire_bytes(bytes, len);
    requires bytes != \null && seg != \null ==> \separated(seg, bytes + (0 .. len - 1));
    requires verify != \null && seg != \null ==> \separated(seg, verify);
    requires verify == \null || (\valid_read(verify) && wire_addrs_ok(*verify));
    requires seg == \null || \valid(seg);
    terminates \true;
    assigns *seg;
    ensures \result != TCPFSM_OK ==> seg == \null || *seg == \old(*seg);
    ensures \result == TCPFSM_OK ==> seg != \null && wire_segment_ok(*seg)
            && TCPFSM_WIRE_MIN_HEADER <= seg->header_len <= TCPFSM_WIRE_MAX_HEADER
            && seg->header_len <= len && seg->payload_len == len - seg->header_len;
    // the fixed header's fields are the ones its bytes hold (RFC 9293 §3.1),
    // the bytes as they were on entry (parse writes only *seg)
    ensures \result == TCPFSM_OK ==> wire_fixed_header{Pre}(*seg, bytes);
    ensures len < TCPFSM_WIRE_MIN_HEADER && seg != \null && bytes != \null
            ==> \result == TCPFSM_ERR_WIRE_TOO_SHORT;
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_parse(const uint8_t *bytes, uint32_t len,
                                          const tcpfsm_wire_addrs *verify, tcpfsm_wire_segment *seg);

/* Bytes of options build writes for seg: MSS; timestamps, with
 * SACK-permitted in the same word when both are on; SACK-permitted alone;
 * window scale; SACK blocks.  Laid out and NOP-padded to 32-bit words as
 * Linux does, so nothing is ever padded at the end.  Above 40 means the
 * options do not fit in a header.  NULL: 0. */
/*@ requires seg == \null || (\valid_read(seg) && wire_segment_ok(*seg));
    terminates \true;
    assigns \nothing;
    ensures \result <= 56 && \result % 4 == 0;
    ensures seg == \null ==> \result == 0;
*/
TCPFSM_API uint32_t tcpfsm_wire_options_len(const tcpfsm_wire_segment *seg);

/* Encode seg (its header_len and checksum fields are ignored) with
 * seg->payload_len bytes of payload into buf, cap bytes long, and store the
 * segment's length in *written.  With addrs set the checksum is computed,
 * otherwise it is left 0 for hardware that fills it.  Errors:
 *   TCPFSM_ERR_NULL                    seg, buf or written NULL, or payload
 *                                      NULL while payload_len > 0
 *   TCPFSM_ERR_INVALID_ARG             seg breaks wire_segment_ok
 *   TCPFSM_ERR_WIRE_OPTIONS_TOO_LONG   the options need more than 40 bytes
 *   TCPFSM_ERR_WIRE_NO_ROOM            the segment is longer than cap
 * On error nothing is written. */
/*@ requires seg == \null || \valid_read(seg);
    requires payload == \null || (seg != \null && wire_bytes(payload, seg->payload_len));
    requires addrs == \null || (\valid_read(addrs) && wire_addrs_ok(*addrs));
    requires buf == \null || cap == 0 || \valid(buf + (0 .. cap - 1));
    requires written == \null || \valid(written);
    requires buf != \null && seg != \null && payload != \null && cap > 0
             ==> \separated(buf + (0 .. cap - 1), payload + (0 .. seg->payload_len - 1));
    requires buf != \null && cap > 0 ==> \separated(buf + (0 .. cap - 1), written);
    requires buf != \null && cap > 0 && addrs != \null
             ==> \separated(buf + (0 .. cap - 1), addrs);
    terminates \true;
    assigns buf[0 .. cap - 1], *written;
    ensures \result != TCPFSM_OK ==> written == \null || *written == \old(*written);
    ensures \result != TCPFSM_OK && buf != \null
            ==> \forall integer i; 0 <= i < cap ==> buf[i] == \old(buf[i]);
    ensures \result == TCPFSM_OK ==> seg != \null && written != \null
            && TCPFSM_WIRE_MIN_HEADER <= *written <= cap;
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_build(const tcpfsm_wire_segment *seg, const uint8_t *payload,
                                          const tcpfsm_wire_addrs *addrs, uint8_t *buf, uint32_t cap,
                                          uint32_t *written);

/* The core's input from a decoded segment: what tcpfsm_on_segment takes.
 * TCPFSM_ERR_INVALID_ARG when the payload is longer than the core accepts
 * (TCPFSM_MAX_PAYLOAD).  An MSS option of 0 is dropped: no sender can mean
 * it, and the core requires a positive MSS. */
/*@ requires wire == \null || \valid_read(wire);
    requires seg == \null || \valid(seg);
    requires wire != \null && seg != \null ==> \separated(wire, seg);
    terminates \true;
    assigns *seg;
    ensures \result != TCPFSM_OK ==> seg == \null || *seg == \old(*seg);
    ensures \result == TCPFSM_OK ==> wire != \null && seg != \null;
    ensures \result == TCPFSM_OK ==> seg->seq == wire->seq && seg->ack == wire->ack
            && seg->flags == wire->flags && seg->window == wire->window
            && seg->mss == wire->mss && seg->wscale == wire->wscale
            && seg->ts_val == wire->ts_val && seg->ts_ecr == wire->ts_ecr
            && seg->urgent == wire->urgent;
    ensures \result == TCPFSM_OK ==> seg->len == wire->payload_len
            && seg->len <= TCPFSM_MAX_PAYLOAD && seg->options <= 31
            && seg->sack_count <= TCPFSM_MAX_SACK_BLOCKS
            && (seg->options >= TCPFSM_OPT_SACK <==> seg->sack_count >= 1);
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_to_segment(const tcpfsm_wire_segment *wire, tcpfsm_segment *seg);

/* The wire form of a segment the core emitted, from src_port to dst_port;
 * its payload is tx->data_len bytes (the caller finds them in its send
 * buffer, see tcpfsm_tx).  The timestamps option belongs to the output, not
 * to one tx: use tcpfsm_wire_from_output, which adds it. */
/*@ requires tx == \null || \valid_read(tx);
    requires wire == \null || \valid(wire);
    requires tx != \null && wire != \null ==> \separated(tx, wire);
    terminates \true;
    assigns *wire;
    ensures \result != TCPFSM_OK ==> wire == \null || *wire == \old(*wire);
    ensures \result == TCPFSM_OK ==> tx != \null && wire != \null;
    ensures \result == TCPFSM_OK ==> wire_segment_ok(*wire);
    ensures \result == TCPFSM_OK ==> wire->seq == tx->seq && wire->ack == tx->ack
            && wire->flags == header_flags(tx->flags, tx->ecn)
            && wire->payload_len == tx->data_len
            && wire->window == tx->window
            && wire->src_port == src_port && wire->dst_port == dst_port;
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_from_tx(const tcpfsm_tx *tx, uint16_t src_port, uint16_t dst_port,
                                            tcpfsm_wire_segment *wire);

/* The wire form of out->tx[i], as tcpfsm_wire_from_tx, with the timestamps
 * option the output asks for (out->timestamps: on every segment but a RST,
 * RFC 7323 §3.2), its SACK blocks, and URG with the urgent pointer where
 * out->urgent says (RFC 9293 §3.8.5).  TCPFSM_ERR_INVALID_ARG when i is
 * not below out->count. */
/*@ requires out == \null || \valid_read(out);
    requires wire == \null || \valid(wire);
    requires out != \null && wire != \null ==> \separated(out, wire);
    terminates \true;
    assigns *wire;
    ensures \result != TCPFSM_OK ==> wire == \null || *wire == \old(*wire);
    ensures \result == TCPFSM_OK ==> out != \null && wire != \null && i < \old(out->count);
    ensures \result == TCPFSM_OK ==> wire_segment_ok(*wire);
    // the fields of out->tx[i] as they were on entry (out is only read)
    ensures \result == TCPFSM_OK ==> wire->seq == \old(out->tx[i].seq)
            && wire->ack == \old(out->tx[i].ack)
            && wire->payload_len == \old(out->tx[i].data_len)
            && wire->window == \old(out->tx[i].window)
            && wire->src_port == src_port && wire->dst_port == dst_port;
    // the urgent pointer (RFC 9293 §3.8.5), else the flags of the tx
    ensures \result == TCPFSM_OK
            && \old(urgent_offset(out->urgent, out->urgent_up, out->tx[i].seq, out->tx[i].flags)) == 0
            ==> wire->flags == \old(header_flags(out->tx[i].flags, out->tx[i].ecn))
                && wire->urgent == 0;
    ensures \result == TCPFSM_OK
            && \old(urgent_offset(out->urgent, out->urgent_up, out->tx[i].seq, out->tx[i].flags)) != 0
            ==> wire->urgent == \min(65535, \old(urgent_offset(out->urgent, out->urgent_up,
                                                               out->tx[i].seq, out->tx[i].flags)))
                && wire->flags / 32 % 2 == 1
                && wire->flags % 32 == \old(header_flags(out->tx[i].flags, out->tx[i].ecn)) % 32
                && wire->flags / 64 == \old(header_flags(out->tx[i].flags, out->tx[i].ecn)) / 64;
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_from_output(const tcpfsm_output *out, uint32_t i, uint16_t src_port,
                                                uint16_t dst_port, tcpfsm_wire_segment *wire);

/* An ICMP or ICMPv6 error message about a TCP segment (RFC 792, RFC 4443
 * §3): its type and code, and what it quotes of the segment that caused
 * it (RFC 1122 §3.2.2: the IP header and at least 8 bytes of data): the
 * addresses and ports, ours first, which find the connection, and SEQ.
 * Its checksum is the IP layer's to verify, as for any ICMP message. */
typedef struct tcpfsm_wire_icmp {
    uint32_t seq;        /* SEQ of the quoted TCP header */
    /* ICMPv4 Fragmentation Needed: the next-hop MTU (RFC 1191 §4), 0 from
     * a router that gives none; ICMPv6 Packet Too Big: the MTU (RFC 4443
     * §3.2); 0 otherwise */
    uint32_t mtu;
    uint16_t quoted_len; /* IPv4: total length of the quoted datagram */
    uint16_t src_port;   /* of the quoted TCP header: our port */
    uint16_t dst_port;
    uint8_t  type;
    uint8_t  code;
    tcpfsm_wire_addrs quoted; /* of the quoted IP header: src is ours */
} tcpfsm_wire_icmp;

/* Decode len bytes that start with an ICMP (ipv6 0) or ICMPv6 (ipv6 1)
 * header and quote a TCP segment.  Errors, in the order they are checked:
 *   TCPFSM_ERR_NULL              bytes or icmp is NULL
 *   TCPFSM_ERR_INVALID_ARG       ipv6 neither 0 nor 1
 *   TCPFSM_ERR_WIRE_TOO_SHORT    too short for the headers and 8 bytes of TCP
 *   TCPFSM_ERR_WIRE_BAD_OFFSET   the quoted header is not of that IP version,
 *                                or its IHL is below 5
 *   TCPFSM_ERR_WIRE_NOT_TCP      the quoted protocol (IPv6: next header) is not TCP
 * The type and code are not judged here: any error message decodes, and
 * tcpfsm_wire_to_icmp says what it means. */
/*@ requires bytes == \null || wire_bytes(bytes, len);
    requires bytes != \null && icmp != \null ==> \separated(icmp, bytes + (0 .. len - 1));
    requires icmp == \null || \valid(icmp);
    terminates \true;
    assigns *icmp;
    ensures \result != TCPFSM_OK ==> icmp == \null || *icmp == \old(*icmp);
    ensures \result == TCPFSM_OK ==> icmp != \null && bytes != \null && ipv6 <= 1;
    ensures \result == TCPFSM_OK ==> icmp->type == bytes[0] && icmp->code == bytes[1];
    ensures \result == TCPFSM_OK ==> icmp->quoted.ipv6 == ipv6 && wire_addrs_ok(icmp->quoted);
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_parse_icmp(const uint8_t *bytes, uint32_t len, uint8_t ipv6,
                                               tcpfsm_wire_icmp *icmp);

/* The core's input from a decoded ICMP error: what tcpfsm_on_icmp takes.
 * Kinds per RFC 1122 §4.2.3.9 and RFC 4443 (tcpfsm_icmp_kind); Packet Too
 * Big's MTU less the IP and TCP headers, or, from a router that gave no
 * MTU, the next plateau of RFC 1191 §7 below the quoted datagram's size;
 * an ICMPv6 Packet Too Big below 1280 bytes is TCPFSM_ICMP_NONE (RFC 8201
 * §4: discarded). */
/*@ requires wire == \null || \valid_read(wire);
    requires icmp == \null || \valid(icmp);
    requires wire != \null && icmp != \null ==> \separated(wire, icmp);
    terminates \true;
    assigns *icmp;
    ensures \result != TCPFSM_OK ==> icmp == \null || *icmp == \old(*icmp);
    ensures \result == TCPFSM_OK ==> wire != \null && icmp != \null && icmp_ok(icmp->kind, icmp->mss)
            && icmp->seq == wire->seq;
*/
TCPFSM_API tcpfsm_error tcpfsm_wire_to_icmp(const tcpfsm_wire_icmp *wire, tcpfsm_icmp *icmp);

#ifdef __cplusplus
}
#endif
#endif /* TCPFSM_WIRE_H */
