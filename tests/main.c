/* SPDX-License-Identifier: BSD-2-Clause */
/* Runs every suite of tests/; exits non-zero when a test fails.
 * Built with -DONLY_SUITE=suite_x it runs that one suite (handy while a
 * suite is being written: only its file needs to compile). */
#include <stdlib.h>
#include "cc_expect.h"
#include "suites.h"

int main(void)
{
#ifdef ONLY_SUITE
    SRunner *runner = srunner_create(ONLY_SUITE());
#else
    SRunner *runner = srunner_create(suite_transitions());
    srunner_add_suite(runner, suite_user_calls());
    srunner_add_suite(runner, suite_scenarios());
    srunner_add_suite(runner, suite_rfc5961());
    srunner_add_suite(runner, suite_timers());
    srunner_add_suite(runner, suite_data());
    srunner_add_suite(runner, suite_regressions());
    srunner_add_suite(runner, suite_api());
    srunner_add_suite(runner, suite_e2e());
    srunner_add_suite(runner, suite_corners());
    srunner_add_suite(runner, suite_spec());
    srunner_add_suite(runner, suite_wire());
    srunner_add_suite(runner, suite_wscale());
    srunner_add_suite(runner, suite_syn_options());
    srunner_add_suite(runner, suite_syn_cache());
    srunner_add_suite(runner, suite_timestamps());
    srunner_add_suite(runner, suite_congestion());
    srunner_add_suite(runner, suite_hystart());
#if !TCPFSM_TEST_NEWRENO /* NewReno's course: test_congestion.c */
    srunner_add_suite(runner, suite_cubic());
#endif
    srunner_add_suite(runner, suite_nagle());
    srunner_add_suite(runner, suite_delack());
    srunner_add_suite(runner, suite_keepalive());
    srunner_add_suite(runner, suite_sack());
    srunner_add_suite(runner, suite_sack_sender());
    srunner_add_suite(runner, suite_compat());
    srunner_add_suite(runner, suite_fastpath());
    srunner_add_suite(runner, suite_icmp());
    srunner_add_suite(runner, suite_ecn());
    srunner_add_suite(runner, suite_clock());
    srunner_add_suite(runner, suite_fin_wait_2());
    srunner_add_suite(runner, suite_time_wait_reopen());
    srunner_add_suite(runner, suite_urgent());
    srunner_add_suite(runner, suite_rack_tlp());
#endif
    int failed;
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
