/* SPDX-License-Identifier: BSD-2-Clause */
/* The Check suites of tests/, one per file; main.c runs them all. */
#ifndef TCPFSM_TEST_SUITES_H
#define TCPFSM_TEST_SUITES_H
#include <check.h>

Suite *suite_transitions(void); /* test_transitions.c: one test per spec row */
Suite *suite_user_calls(void);  /* test_user_calls.c: every call in every state */
Suite *suite_scenarios(void);   /* test_scenarios.c: RFC scenarios, both ends */
Suite *suite_rfc5961(void);     /* test_rfc5961.c: blind attacks at window edges */
Suite *suite_timers(void);      /* test_timers.c: RFC 6298, user timeout, 2MSL */
Suite *suite_data(void);        /* test_data.c: segmentation, windows, delivery */
Suite *suite_regressions(void); /* test_regressions.c: bugs other stacks shipped */
Suite *suite_api(void);         /* test_api.c: bad input leaves the block unchanged */
Suite *suite_e2e(void);         /* test_e2e.c: two ends back to back */
Suite *suite_corners(void);     /* test_corners.c: rarely taken RFC paths */
Suite *suite_spec(void);        /* test_spec.c: the table itself */
Suite *suite_wire(void);        /* test_wire.c: the codec, Linux captures */
Suite *suite_wscale(void);      /* test_wscale.c: RFC 7323 window scaling */
Suite *suite_syn_options(void); /* test_syn_options.c: our SYN's options as it is retransmitted */
Suite *suite_syn_cache(void);   /* test_syn_cache.c: FreeBSD's SYN cache (tcpfsm_config.syn_cache) */
Suite *suite_timestamps(void);  /* test_timestamps.c: RFC 7323 timestamps, PAWS */
Suite *suite_congestion(void);  /* test_congestion.c: RFC 5681, RFC 6582, RFC 6928 */
Suite *suite_hystart(void);     /* test_hystart.c: RFC 9406 HyStart++, the first slow start */
Suite *suite_cubic(void);       /* test_cubic.c: RFC 9438 CUBIC (CUBIC builds only) */
Suite *suite_nagle(void);       /* test_nagle.c: Nagle, sender silly-window avoidance */
Suite *suite_delack(void);      /* test_delack.c: delayed ACK */
Suite *suite_keepalive(void);   /* test_keepalive.c: keepalive */
Suite *suite_sack(void);        /* test_sack.c: SACK receiver, out-of-order data */
Suite *suite_sack_sender(void); /* test_sack_sender.c: RFC 6675 scoreboard, recovery */
Suite *suite_compat(void);      /* test_compat.c: tcpfsm_config.compat, FreeBSD profile */
Suite *suite_fastpath(void);    /* test_fastpath.c: header prediction */
Suite *suite_icmp(void);        /* test_icmp.c: ICMP errors, PMTU, the ICMP codec */
Suite *suite_ecn(void);         /* test_ecn.c: RFC 3168 ECN */
Suite *suite_clock(void);       /* test_clock.c: the caller's clock stepping back */
Suite *suite_fin_wait_2(void);  /* test_fin_wait_2.c: the FIN-WAIT-2 timeout */
Suite *suite_time_wait_reopen(void); /* test_time_wait_reopen.c: RFC 6191 reopening */
Suite *suite_urgent(void);      /* test_urgent.c: RFC 9293 §3.8.5 urgent data */
Suite *suite_rack_tlp(void);    /* test_rack_tlp.c: RFC 8985 RACK-TLP */

#endif
