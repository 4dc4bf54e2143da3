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
*/

#endif
