#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Everything `make test` runs, once it has built it, stage by stage; every
# stage runs even when an earlier one failed.  One line per stage, then
# the summary line "summary: N passed, M failed" (checks, regression
# inputs, scripts and release checks, each counted once), and a non-zero
# exit when anything failed.  Usage: tests/run.sh BUILD_DIR CC
set -u
B=$1
CC=${2:-cc}
LOG=$B/test-logs
mkdir -p "$LOG"
passed=0
failed=0
suites=0
start=$(date +%s)

count() { # count NAME PASSED FAILED DETAIL
    passed=$((passed + $2))
    failed=$((failed + $3))
    if [ "$3" -eq 0 ]; then verdict=ok; else verdict=FAIL; fi
    printf '%-5s %-34s %6s passed %4s failed  %s\n' "$verdict" "$1" "$2" "$3" "$4"
}

# The generated files must match the table they come from.
stale=0
"$B/gen_dot" | cmp -s - spec/transitions.dot \
    || { echo "spec/transitions.dot is stale: run make diagram"; stale=1; }
"$B/gen_acsl" | cmp -s - spec/tcpfsm_transitions.h \
    || { echo "spec/tcpfsm_transitions.h is stale: run make spec"; stale=1; }
count "generated spec files" $((2 - 2 * stale)) $((2 * stale)) "spec/transitions.dot, spec/tcpfsm_transitions.h"

# The Check suites, under each build.
for build in test-gcc test-clang-san test-newreno; do
    CK_FORK=no "$B/$build/tcpfsm_tests" >"$LOG/$build.log" 2>&1
    rc=$?
    line=$(grep -E '^[0-9]+%: Checks: ' "$LOG/$build.log" | tail -n 1)
    checks=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
    bad=$(echo "$line" | awk -F'[:,] *' '{ print $5 + $7 }')
    if [ -z "$checks" ]; then
        checks=0; bad=1   # it died before its summary
    elif [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1
    fi
    # "Running suite(s): first" then one line per further suite
    n=$(sed -n '/^Running suite/,/^[0-9]*%:/p' "$LOG/$build.log" | grep -c -v '%:')
    suites=$((suites + n))
    [ "$bad" -eq 0 ] || grep -E ':[EF]:' "$LOG/$build.log" | head -n 20
    count "Check suites, $build" $((checks - bad)) "$bad" \
        "$n suites; $line ($LOG/$build.log)"
done

# The minimised crashes of past campaigns stay fixed.
for h in one_endpoint two_endpoints codec; do
    set -- fuzz/regressions/$h-*
    [ -e "$1" ] || continue
    if "$B/fuzz-replay/$h" "$@" >"$LOG/fuzz-$h.log" 2>&1; then
        count "fuzz regressions, $h" $# 0 "fuzz/regressions/$h-*"
    else
        cat "$LOG/fuzz-$h.log"
        count "fuzz regressions, $h" 0 $# "fuzz/regressions/$h-* ($LOG/fuzz-$h.log)"
    fi
done

# Our own packetdrill scripts, every one of which must pass.
"$B/pd_replay" --all-pass tests/conformance/scripts >"$LOG/conformance-own.log" 2>&1
rc=$?
line=$(grep '^TOTAL' "$LOG/conformance-own.log")
ok=$(echo "$line" | sed -n 's/.*: \([0-9]*\) PASS.*/\1/p')
all=$(echo "$line" | sed -n 's/^TOTAL \([0-9]*\) scripts.*/\1/p')
[ -n "$ok" ] || { ok=0; all=1; }
[ "$rc" -eq 0 ] || [ "$ok" -lt "$all" ] || all=$((ok + 1))
[ "$ok" -eq "$all" ] || grep -v '^PASS' "$LOG/conformance-own.log"
count "packetdrill, tests/conformance/scripts" "$ok" $((all - ok)) "$line"

# The impaired link tcpfsm-tun and bench/net's relay share (examples/impair.c).
"$B/impair_check" >"$LOG/impair.log" 2>&1
rc=$?
ok=$(sed -n 's/^impair_check: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$LOG/impair.log")
bad=$(sed -n 's/^impair_check: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$LOG/impair.log")
[ -n "$ok" ] || { ok=0; bad=1; }
[ "$rc" -eq 0 ] || [ "$bad" -gt 0 ] || bad=1
[ "$bad" -eq 0 ] || grep -v '^impair_check:' "$LOG/impair.log"
count "impaired link, examples/impair.c" "$ok" "$bad" "tests/examples/impair_check.c ($LOG/impair.log)"

# bench/net's table: the drops of the hosts' devices beside the relay's.
python3 tests/examples/bench_net_table_check.py >"$LOG/bench-net-table.log" 2>&1
rc=$?
ok=$(sed -n 's/^bench_net_table_check: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$LOG/bench-net-table.log")
bad=$(sed -n 's/^bench_net_table_check: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$LOG/bench-net-table.log")
[ -n "$ok" ] || { ok=0; bad=1; }
[ "$rc" -eq 0 ] || [ "$bad" -gt 0 ] || bad=1
[ "$bad" -eq 0 ] || grep -v '^bench_net_table_check:' "$LOG/bench-net-table.log"
count "bench/net table, table.py" "$ok" "$bad" \
    "tests/examples/bench_net_table_check.py ($LOG/bench-net-table.log)"

# What an embedder and a packager rely on.
sh tests/release/run.sh "$B" "$CC" >"$LOG/release.log" 2>&1
grep -v '^PASS' "$LOG/release.log"
count "release checks, tests/release" "$(grep -c '^PASS' "$LOG/release.log")" \
    "$(grep -c '^FAIL' "$LOG/release.log")" "$(grep -c . "$LOG/release.log") lines ($LOG/release.log)"

echo "tests: $((passed + failed)) checks in $suites Check suites (three builds: gcc and clang with CUBIC, gcc with NewReno) and the stages above," \
     "$failed failing, $(( $(date +%s) - start )) s; logs in $LOG/"
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
