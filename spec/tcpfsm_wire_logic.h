/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ACSL definitions for the contracts of include/tcpfsm/wire.h (the codec).
 * Read only by Frama-C (the header includes it under __FRAMAC__).
 */
#ifndef TCPFSM_WIRE_LOGIC_H
#define TCPFSM_WIRE_LOGIC_H

/*@
  // n bytes readable at b (none needed when n is 0)
  predicate wire_bytes(uint8_t *b, integer n) = n == 0 || \valid_read(b + (0 .. n - 1));
  predicate wire_addrs_ok(tcpfsm_wire_addrs a) = a.ipv6 == 0 || a.ipv6 == 1;
  // What build accepts; parse produces nothing else.  The option bits are
  // the five TCPFSM_OPT_*, SACK blocks (TCPFSM_OPT_SACK, the highest) come
  // with one to four blocks: compared as numbers, not with &, which the
  // provers do not evaluate.
  predicate wire_segment_ok(tcpfsm_wire_segment s) =
      s.options <= TCPFSM_OPT_MSS + TCPFSM_OPT_WSCALE + TCPFSM_OPT_SACK_PERM
                 + TCPFSM_OPT_TIMESTAMP + TCPFSM_OPT_SACK &&
      s.sack_count <= TCPFSM_WIRE_MAX_SACK &&
      (s.options >= TCPFSM_OPT_SACK <==> s.sack_count >= 1);

  // RFC 791 Appendix B: network byte order, most significant byte first.
  logic integer wire_be16{L}(uint8_t *b, integer i) = b[i] * 256 + b[i + 1];
  logic integer wire_be32{L}(uint8_t *b, integer i) =
      ((b[i] * 256 + b[i + 1]) * 256 + b[i + 2]) * 256 + b[i + 3];

  // RFC 9293 §3.1: the fields of the fixed header (20 bytes) as the bytes
  // hold them; the data offset is the high nibble of byte 12 in 32-bit
  // words (the low nibble holds reserved bits and AE), the control bits
  // byte 13.
  predicate wire_fixed_header{L}(tcpfsm_wire_segment s, uint8_t *b) =
      s.src_port == wire_be16(b, 0) && s.dst_port == wire_be16(b, 2) &&
      s.seq == wire_be32(b, 4) && s.ack == wire_be32(b, 8) &&
      s.header_len == b[12] / 16 * 4 && s.flags == b[13] &&
      s.window == wire_be16(b, 14) && s.checksum == wire_be16(b, 16) &&
      s.urgent == wire_be16(b, 18);

  // RFC 1071 §4.1: the sum, before any carry is folded, of the n bytes at
  // b taken as 16-bit big-endian words from the start; an odd last byte is
  // the high byte of a word padded with zero.  The one's-complement sum is
  // this number with its carries added back (tcpfsm_csum_fold).
  logic integer rfc1071_sum{L}(uint8_t *b, integer n) =
      n <= 0 ? 0 :
      n % 2 == 1 ? rfc1071_sum(b, n - 1) + b[n - 1] * 256 :
      rfc1071_sum(b, n - 2) + b[n - 2] * 256 + b[n - 1];

  // RFC 1071 §2 (B), end-around carry: a sum folded to 16 bits in one's
  // complement is the number of 1 .. 0xffff equal to it modulo 2^16 - 1
  // (0 only for a sum of 0: 0xffff, "negative zero", for any other
  // multiple of 2^16 - 1).
  logic integer rfc1071_fold(integer s) = s <= 0 ? 0 : (s - 1) % 65535 + 1;
  // The flags of a header built from a segment the core emitted: the six
  // control bits of tx.flags, ECE and CWR from tx.ecn (RFC 3168 §6.1).
  logic integer header_flags(integer flags, integer ecn) = flags % 64 + ecn / 64 * 64;
  // RFC 9293 §3.8.5: how far SND.UP (up) lies beyond the SEQ of a segment
  // of the output, when that segment carries the urgent pointer: the
  // output is in urgent mode (urgent not 0), the segment is neither a SYN
  // nor a RST and starts before SND.UP.  0 when it carries none.
  logic integer urgent_offset(integer urgent, integer up, integer seq, integer flags) =
      urgent != 0 && flags / 2 % 2 == 0 && flags / 4 % 2 == 0 &&
      0 < (up >= seq ? up - seq : up - seq + 4294967296) < 2147483648
      ? (up >= seq ? up - seq : up - seq + 4294967296) : 0;
*/

#endif
