#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Prove every function of src/ with Frama-C WP (issue 3).  Run by `make prove`.
# Usage: proofs/prove.sh [src/PART/file.c ...]   (default: every file of src/core, src/wire)
#        TCPFSM_WP_SMOKE=1 proofs/prove.sh ...  also runs WP's smoke tests:
#        fails when a branch is dead or a precondition inconsistent
# Prints proved/total goals and the time per file and in all, writes
# proofs/results/summary.json, and exits non-zero when any goal is unproven
# or when a public function would rest on an unchecked memory-model
# hypothesis (see proofs/README.md, "Memory model").
#
# Files are proven TCPFSM_WP_FILES at a time (default 2), each with
# TCPFSM_WP_JOBS prover processes: a Frama-C run spends much of its time
# generating goals on one core, so two files side by side keep both cores
# busy.  (One prover process per file is slower: WP then tries CVC4 and Z3
# one after the other, and a goal only Z3 proves waits for CVC4's timeout.)
set -u
cd "$(dirname "$0")/.."

TIMEOUT=${TCPFSM_WP_TIMEOUT:-40}   # per goal and prover, seconds: the slowest goal, on_synchronized's
                                   # invariant, takes 15 s of Z3 on a quiet machine (issue 22)
JOBS=${TCPFSM_WP_JOBS:-2}          # provers per file: CVC4 and Z3 side by side
FILES=${TCPFSM_WP_FILES:-2}        # files at a time
OUT=proofs/results
INC="-Iinclude -Isrc/core -Isrc/wire -Ispec"
SMOKE=""
[ "${TCPFSM_WP_SMOKE:-0}" = 1 ] && SMOKE="-wp-smoke-tests -wp-smoke-timeout ${TCPFSM_WP_SMOKE_TIMEOUT:-2}"
mkdir -p "$OUT"

# One file: prove it, write $OUT/<name>.result ("proved goals seconds status").
if [ "${1:-}" = "--one" ]; then
    src=$2
    name=$(basename "$src" .c)
    start=$(date +%s)
    frama-c -cpp-extra-args="$INC" "$src" \
        -wp -wp-model Typed+ref -wp-check-memory-model \
        -wp-rte -warn-signed-overflow -warn-signed-downcast \
        -warn-unsigned-overflow -warn-unsigned-downcast \
        -wp-prover cvc4,z3 -wp-timeout "$TIMEOUT" -wp-par "$JOBS" $SMOKE \
        $(cat "$OUT/$name.skip") >"$OUT/$name.log" 2>&1
    status=$?
    line=$(grep 'Proved goals:' "$OUT/$name.log" | tail -n 1)
    echo "$(echo "$line" | awk '{print $4, $6}') $(( $(date +%s) - start )) $status" \
        >"$OUT/$name.result"
    exit 0
fi

if [ ! -f "$HOME/.why3.conf" ]; then
    why3 config detect >/dev/null 2>&1 || { echo "tcpfsm: why3 config detect failed" >&2; exit 1; }
fi

# The functions users call: declared in the public headers.
public=$(sed -n 's/^TCPFSM_API [a-z0-9_ ]*[ *]\(tcpfsm_[a-z0-9_]*\)(.*/\1/p' include/tcpfsm/*.h \
         | sort -u)

[ $# -gt 0 ] || set -- src/core/*.c src/wire/*.c

# The static inline functions of an internal header (src/core/seq.h,
# src/wire/wire_bytes.h) are compiled into every file that includes it: prove
# them with the first such file only (they are the same text everywhere).
inline_headers=$(grep -l '^static inline' src/*/*.h)
proven_headers=""
for src in "$@"; do
    includes=$(cc -MM $INC "$src" | tr ' \\' '\n\n' | grep '^src/.*\.h$')
    done_here=""
    for h in $inline_headers; do
        echo "$includes" | grep -qx "$h" || continue
        if echo "$proven_headers" | grep -qw "$h"; then done_here="$done_here $h"; fi
        proven_headers="$proven_headers $h"
    done
    skip=""
    [ -z "$done_here" ] || skip="-wp-skip-fct $(sed -n \
        's/^static inline [a-z0-9_]* \(tcpfsm_[a-z0-9_]*\)(.*/\1/p' $done_here | paste -sd, -)"
    echo "$skip" >"$OUT/$(basename "$src" .c).skip"
    rm -f "$OUT/$(basename "$src" .c).result"
done

# Longest first (by the last recorded run), so that the parallel runs end
# together.
order=$(for src in "$@"; do
            secs=$(grep -o "\"$src\", [^}]*\"seconds\": [0-9]*" "$OUT/summary.json" 2>/dev/null \
                   | sed 's/.*"seconds": //')
            echo "${secs:-0} $src"
        done | sort -rn | awk '{print $2}')
start_all=$(date +%s)
echo "$order" | xargs -P "$FILES" -n 1 sh proofs/prove.sh --one

# "seconds goal" for every goal a prover proved in a WP log
goal_times() {
    sed -n 's/^\[wp\] \[[^]]*\] Goal \([A-Za-z0-9_]*\) : Valid (Qed:[^)]*) (\([0-9.]*m\{0,1\}s\)).*/\2 \1/p' "$1" \
        | awk '{ t = $1; ms = t ~ /ms$/; sub(/m?s$/, "", t); print (ms ? t / 1000 : t), $2 }'
}

total_proved=0; total_goals=0; failed=0; slow_total=0
json_files=""
for src in "$@"; do
    name=$(basename "$src" .c)
    log="$OUT/$name.log"
    proved=""; goals=""; secs=""; status=1
    [ -f "$OUT/$name.result" ] && read -r proved goals secs status <"$OUT/$name.result"
    # -wp-check-memory-model proves every hypothesis at each call inside
    # src/; a public function's hypotheses would have no caller to check them.
    # (Hypotheses that are `ensures` are proven in the function itself.)
    assumed=""
    for fn in $(awk "/Memory model hypotheses for function/ { split(\$0, q, \"'\"); fn = q[2] }
                     /requires/ && fn != \"\" { print fn }
                     /\\*\\// { fn = \"\" }" "$log" | sort -u); do
        if echo "$public" | grep -qx "$fn"; then assumed="$assumed $fn"; fi
    done
    # a smoke test that is proven means dead code or an inconsistent contract
    dead=$(grep -E '^\[wp\] \[[A-Za-z]+\] Smoke-test' "$log" | grep -v '\[Passed\]')
    # each goal's prover time (WP prints it after the Qed time): the slowest,
    # and the goals above a quarter of the timeout, which a loaded machine
    # may push past it (issue 22, item 9)
    slow=$(goal_times "$log" | awk -v q="$TIMEOUT" '$1 * 4 > q')
    slowest=$(goal_times "$log" | sort -rn | awk 'NR == 1 { print $1 }')
    slow_count=$(printf '%s' "$slow" | grep -c . || true)
    if [ "${status:-1}" -ne 0 ] || [ -z "${proved:-}" ] || [ "$proved" != "$goals" ] \
       || [ -n "$assumed" ] || [ -n "$dead" ]; then
        failed=1
        echo "FAIL  $src: ${proved:-?}/${goals:-?} goals in ${secs:-?}s (log: $log)"
        grep -E '^\[wp\] \[(Failed|Timeout|Unknown)' "$log" | sed 's/^/      /'
        [ -z "$assumed" ] || echo "      public functions with memory-model hypotheses:$assumed"
        [ -z "$dead" ] || echo "$dead" | sed 's/^/      /'
    else
        echo "ok    $src: $proved/$goals goals in ${secs}s"
    fi
    [ -z "$slow" ] || echo "$slow" | sort -rn \
        | awk -v q="$TIMEOUT" '{ printf "      slow: %s s (over a quarter of %s s): %s\n", $1, q, $2 }'
    slow_total=$((slow_total + slow_count))
    total_proved=$((total_proved + ${proved:-0})); total_goals=$((total_goals + ${goals:-0}))
    json_files="$json_files${json_files:+,}
    {\"file\": \"$src\", \"proved\": ${proved:-0}, \"goals\": ${goals:-0}, \"seconds\": ${secs:-0}, \"slowest_goal_s\": ${slowest:-0}, \"goals_over_quarter_timeout\": $slow_count}"
    rm -f "$OUT/$name.result" "$OUT/$name.skip"
done
secs_all=$(( $(date +%s) - start_all ))
echo "all   $total_proved/$total_goals goals in ${secs_all}s ($FILES files at a time);" \
     "$slow_total above a quarter of the ${TIMEOUT}s timeout"
cat >"$OUT/summary.json" <<JSON
{
  "frama_c": "$(frama-c -version 2>/dev/null)",
  "model": "Typed+ref, -wp-check-memory-model", "rte": true, "smoke_tests": ${TCPFSM_WP_SMOKE:-0},
  "provers": "cvc4,z3", "timeout_s": $TIMEOUT, "jobs": $JOBS, "files_at_a_time": $FILES,
  "proved": $total_proved, "goals": $total_goals, "seconds": $secs_all,
  "goals_over_quarter_timeout": $slow_total,
  "files": [$json_files
  ]
}
JSON
exit "$failed"
