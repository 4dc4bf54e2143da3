/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kinds of segment the core emits, as spec/transitions.def names them
 * in its `emits` and `also` columns.  A kind is read off the control bits
 * and the payload length of an emitted segment (tcpfsm_tx): tx_kind in
 * spec/tcpfsm_logic.h for the proofs, oracle_tx_kind in fuzz/oracle.c for
 * the tests and the fuzzers.
 */
#ifndef TCPFSM_KINDS_H
#define TCPFSM_KINDS_H

#define TCPFSM_KIND_NONE    0 /* `emits` only: nothing is sent */
#define TCPFSM_KIND_SYN     1 /* <SYN> */
#define TCPFSM_KIND_SYN_ACK 2 /* <SYN,ACK> */
#define TCPFSM_KIND_ACK     3 /* <ACK>, no payload */
#define TCPFSM_KIND_DATA    4 /* <ACK> or <PSH,ACK> with payload */
#define TCPFSM_KIND_FIN_ACK 5 /* <FIN,ACK> or <FIN,PSH,ACK>, with or without payload */
#define TCPFSM_KIND_RST     6 /* <RST> */
#define TCPFSM_KIND_RST_ACK 7 /* <RST,ACK> */
#define TCPFSM_KIND_COUNT   8

/* The `also` column of spec/transitions.def: KIND(DATA) | KIND(FIN_ACK). */
#define TCPFSM_KIND_BIT(k) (1u << TCPFSM_KIND_##k)

#endif
