#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Prove every function of src/ with Frama-C WP (issue 3).  Run by `make prove`.
# Usage: proofs/prove.sh [src/PART/file.c ...]   (default: every file of src/core, src/wire)
#        TCPFSM_WP_SMOKE=all proofs/prove.sh ...  all of WP's smoke tests:
#        fails when a branch is dead or a precondition inconsistent
#        (the default, TCPFSM_WP_SMOKE=contracts, runs those of the
#        public functions' contracts only: see "Smoke tests" below; 0 runs
#        none)
#        TCPFSM_WP_CACHE=0 proofs/prove.sh ...  proves everything again,
#        reusing no earlier result (see "Jobs and reuse" below)
# Prints proved/total goals and the time per file and in all, writes
# proofs/results/summary.json, and exits non-zero when any goal is unproven
# or when a public function would rest on an unchecked memory-model
# hypothesis (see proofs/README.md, "Memory model").
#
# Jobs and reuse.  A file is proven by one Frama-C run, except that the
# functions proofs/split.list names run apart, each in a run of its own
# with the WP options listed beside it: a long function then proves on
# one core while the rest of its file proves on the other, and a function
# whose goals WP's simplifier is slow on gets the option that helps it;
# and its public functions run together in a run of their own, with the
# smoke tests of their contracts (below).  The rest of the file runs with
# those functions skipped, so every function is proven exactly once.  TCPFSM_WP_FILES jobs run at a time
# (default 2), each with TCPFSM_WP_JOBS prover processes, the longest
# first by the last recorded run.  A job whose inputs (the source, every
# header it includes, the options, the versions of Frama-C, Why3 and the
# provers) are those of an earlier complete proof is not run again: its
# log and result are taken from build/prove-cache/, so after a change to
# one file only the jobs of that file (or of the files including a changed
# header) run.
# (One prover process per job is slower: WP then tries CVC4 and Z3 one
# after the other, and a goal only Z3 proves waits for CVC4's timeout.)
set -u
cd "$(dirname "$0")/.."

TIMEOUT=${TCPFSM_WP_TIMEOUT:-40}   # per goal and prover, seconds (issue 22, item 9)
JOBS=${TCPFSM_WP_JOBS:-2}          # provers per job: CVC4 and Z3 side by side
FILES=${TCPFSM_WP_FILES:-2}        # jobs at a time
CACHE=${TCPFSM_WP_CACHE:-1}        # 0: reuse no earlier result
OUT=proofs/results
CACHE_DIR=build/prove-cache
SPLIT=proofs/split.list
INC="-Iinclude -Isrc/core -Isrc/wire -Ispec"
# Smoke tests (issue 22, item 8): WP tries to prove each precondition, each
# behavior's assumption, each branch false; a smoke test that proves means a
# contract that holds vacuously or code that cannot run.  Each one that
# passes costs its full timeout on both provers, so by default only the
# contracts of the public functions are tried, in a run of their own per
# file (job "@public"): every other function's preconditions are proven at
# each of its calls, so a contradiction in one could only make code dead
# under the public contracts, never a public call's guarantee vacuous.
# TCPFSM_WP_SMOKE=all tries every function's contract and every branch,
# call and loop of the code, in every run.
SMOKE_MODE=${TCPFSM_WP_SMOKE:-contracts}
SMOKE_TIME="-wp-smoke-timeout ${TCPFSM_WP_SMOKE_TIMEOUT:-2}"
case $SMOKE_MODE in
    0) SMOKE_ALL=""; SMOKE_PUBLIC="" ;;
    contracts) SMOKE_ALL=""
       SMOKE_PUBLIC="-wp-smoke-tests -wp-no-smoke-dead-code -wp-no-smoke-dead-call \
                     -wp-no-smoke-dead-loop $SMOKE_TIME" ;;
    all|1) SMOKE_MODE=all; SMOKE_ALL="-wp-smoke-tests $SMOKE_TIME"; SMOKE_PUBLIC="" ;;
    *) echo "tcpfsm: TCPFSM_WP_SMOKE is 0, contracts or all, not $SMOKE_MODE" >&2; exit 2 ;;
esac
WP_OPTS="-wp -wp-model Typed+ref -wp-check-memory-model \
 -wp-rte -warn-signed-overflow -warn-signed-downcast \
 -warn-unsigned-overflow -warn-unsigned-downcast -warn-invalid-pointer \
 -wp-prover cvc4,z3 -wp-timeout $TIMEOUT -wp-par $JOBS $SMOKE_ALL"
mkdir -p "$OUT" "$CACHE_DIR"

# The lines of proofs/split.list for file $1, comments dropped.
split_entries() {
    sed 's/#.*//' "$SPLIT" | awk -v src="$1" '$1 == src'
}

# The functions of $1 that proofs/split.list runs apart, one per line.
split_functions() {
    split_entries "$1" | awk '{ print $2 }'
}

# The functions users call: declared in the public headers.
public=$(sed -n 's/^TCPFSM_API [a-z0-9_ ]*[ *]\(tcpfsm_[a-z0-9_]*\)(.*/\1/p' include/tcpfsm/*.h \
         | sort -u)

# The public functions $1 defines, but those split.list runs apart, one per line.
public_functions() {
    for fn in $public; do
        grep -q "^[a-z].*[ *]$fn(" "$1" || continue
        split_functions "$1" | grep -qx "$fn" || echo "$fn"
    done
}

# The jobs of file $1, one per line: the functions split.list names, "@public"
# when it defines public functions, and "" (the rest of the file).
file_jobs() {
    split_functions "$1"
    [ -z "$(public_functions "$1")" ] || echo @public
    echo
}

# The name of a job's log and result: file, file.function or file.public.
job_tag() {
    case $2 in
        "") echo "$1" ;;
        @public) echo "$1.public" ;;
        *) echo "$1.$2" ;;
    esac
}

# One job "src/PART/file.c:function" (a function listed apart),
# "src/PART/file.c:@public" (the file's public functions, with the smoke
# tests of their contracts) or "src/PART/file.c:" (the rest of the file):
# prove it, write
# $OUT/<job name>.log and .result ("proved goals seconds status cached").
if [ "${1:-}" = "--one" ]; then
    src=${2%%:*}
    fn=${2#*:}
    name=$(basename "$src" .c)
    tag=$(job_tag "$name" "$fn")
    case $fn in
        "") skip=$( (cat "$OUT/$name.skip"; split_functions "$src"; public_functions "$src") \
                    | paste -sd, -)
            select="${skip:+-wp-skip-fct $skip}" ;;
        @public) select="-wp-fct $(public_functions "$src" | paste -sd, -) $SMOKE_PUBLIC" ;;
        *) select="-wp-fct $fn $(split_entries "$src" | awk -v fn="$fn" '$2 == fn { $1 = ""; $2 = ""; print }')"
           if echo "$public" | grep -qx "$fn"; then select="$select $SMOKE_PUBLIC"; fi ;;
    esac
    # the inputs: the options and every file the preprocessor reads
    key=$( (frama-c -version; why3 --version; z3 --version; cvc4 --version | head -n 1;
            echo "$WP_OPTS $select";
            cat $(cc -MM $INC "$src" | tr ' \\' '\n\n' | grep -v ':$' | grep .)) \
          | sha256sum | cut -c1-32)
    if [ "$CACHE" = 1 ] && [ -f "$CACHE_DIR/$key.result" ]; then
        cp "$CACHE_DIR/$key.log" "$OUT/$tag.log"
        read -r proved goals secs status <"$CACHE_DIR/$key.result"
        echo "$proved $goals $secs $status 1" >"$OUT/$tag.result"
        exit 0
    fi
    start=$(date +%s)
    frama-c -cpp-extra-args="$INC" "$src" $WP_OPTS $select >"$OUT/$tag.log" 2>&1
    status=$?
    line=$(grep 'Proved goals:' "$OUT/$tag.log" | tail -n 1)
    # the rest of a file whose functions are all public or split: none left
    if [ -z "$line" ] && [ -z "$fn" ] && grep -q 'No goal generated' "$OUT/$tag.log"; then
        line="x x x 0 x 0"
    fi
    set -- $(echo "$line" | awk '{print $4, $6}')
    echo "${1:-0} ${2:-?} $(( $(date +%s) - start )) $status" >"$OUT/$tag.result"
    # only a complete proof is kept for reuse
    if [ "$status" -eq 0 ] && [ -n "${1:-}" ] && [ "${1:-}" = "${2:-}" ]; then
        cp "$OUT/$tag.log" "$CACHE_DIR/$key.log"
        cp "$OUT/$tag.result" "$CACHE_DIR/$key.result"
    fi
    echo "$(cat "$OUT/$tag.result") 0" >"$OUT/$tag.result"
    exit 0
fi

if [ ! -f "$HOME/.why3.conf" ]; then
    why3 config detect >/dev/null 2>&1 || { echo "tcpfsm: why3 config detect failed" >&2; exit 1; }
fi

[ $# -gt 0 ] || set -- src/core/*.c src/wire/*.c

# The static inline functions of an internal header (src/core/seq.h,
# src/wire/wire_bytes.h) are compiled into every file that includes it: prove
# them with the first such file only (they are the same text everywhere).
inline_headers=$(grep -l '^static inline' src/*/*.h)
proven_headers=""
jobs=""
for src in "$@"; do
    name=$(basename "$src" .c)
    includes=$(cc -MM $INC "$src" | tr ' \\' '\n\n' | grep '^src/.*\.h$')
    done_here=""
    for h in $inline_headers; do
        echo "$includes" | grep -qx "$h" || continue
        if echo "$proven_headers" | grep -qw "$h"; then done_here="$done_here $h"; fi
        proven_headers="$proven_headers $h"
    done
    [ -z "$done_here" ] || sed -n 's/^static inline [a-z0-9_]* \(tcpfsm_[a-z0-9_]*\)(.*/\1/p' \
        $done_here >"$OUT/$name.skip"
    [ -n "$done_here" ] || : >"$OUT/$name.skip"
    rm -f "$OUT/$name.result" "$OUT/$name".*.result "$OUT/$name.log" "$OUT/$name".*.log
    for fn in $(split_functions "$src"); do
        grep -q "^[a-z].*[ *]$fn(" "$src" \
            || { echo "tcpfsm: $SPLIT names $fn, which $src does not define" >&2; exit 1; }
    done
    jobs="$jobs $(file_jobs "$src" | sed "s|^|$src:|")"
done

# Longest first (by the last recorded run of the job, else of its file), so
# that the parallel runs end together.
recorded() {
    grep -o "\"$1\": \"$2\", [^}]*\"seconds\": [0-9]*" "$OUT/summary.json" 2>/dev/null \
        | sed 's/.*"seconds": //'
}
order=$(for job in $jobs; do
            secs=$(recorded job "$job")
            [ -n "$secs" ] || secs=$(recorded file "${job%%:*}")
            echo "${secs:-0} $job"
        done | sort -rn | awk '{print $2}')
start_all=$(date +%s)
echo "$order" | xargs -P "$FILES" -n 1 sh proofs/prove.sh --one

# "seconds goal" for every goal a prover proved in WP logs
goal_times() {
    cat "$@" | sed -n 's/^\[wp\] \[[^]]*\] Goal \([A-Za-z0-9_]*\) : Valid (Qed:[^)]*) (\([0-9.]*m\{0,1\}s\)).*/\2 \1/p' \
        | awk '{ t = $1; ms = t ~ /ms$/; sub(/m?s$/, "", t); print (ms ? t / 1000 : t), $2 }'
}

total_proved=0; total_goals=0; failed=0; smoke_total=0; slow_total=0; reused_total=0
json_files=""; json_jobs=""
for src in "$@"; do
    name=$(basename "$src" .c)
    logs=""; proved=0; goals=0; secs=0; status=0; reused=0
    for fn in $(file_jobs "$src" | grep .) ""; do
        tag=$(job_tag "$name" "$fn")
        logs="$logs $OUT/$tag.log"
        p=""; g=""; s=""; st=1; c=0
        [ -f "$OUT/$tag.result" ] && read -r p g s st c <"$OUT/$tag.result"
        case "$p$g" in *[!0-9]*|"") p=0; g=0; st=1 ;; esac
        proved=$((proved + p)); goals=$((goals + g)); secs=$((secs + ${s:-0}))
        [ "${st:-1}" -eq 0 ] || status=1
        reused=$((reused + ${c:-0}))
        json_jobs="$json_jobs${json_jobs:+,}
    {\"job\": \"$src:$fn\", \"seconds\": ${s:-0}, \"reused\": ${c:-0}}"
    done
    # -wp-check-memory-model proves every hypothesis at each call inside
    # src/; a public function's hypotheses would have no caller to check them.
    # (Hypotheses that are `ensures` are proven in the function itself.)
    assumed=""
    for fn in $(cat $logs 2>/dev/null | awk "/Memory model hypotheses for function/ { split(\$0, q, \"'\"); fn = q[2] }
                     /requires/ && fn != \"\" { print fn }
                     /\\*\\// { fn = \"\" }" | sort -u); do
        if echo "$public" | grep -qx "$fn"; then assumed="$assumed $fn"; fi
    done
    # a smoke test that is proven means dead code or an inconsistent contract
    dead=$(cat $logs 2>/dev/null | grep -E '^\[wp\] \[[A-Za-z]+\] Smoke-test' | grep -v '\[Passed\]')
    smoke=$(cat $logs 2>/dev/null | grep -c '^\[wp\] \[Passed\] Smoke-test' || true)
    # WP counts smoke tests among its goals; the figures here are the proof's
    smoke_run=$(cat $logs 2>/dev/null | grep -c '^\[wp\] \[[A-Za-z]*\] Smoke-test' || true)
    proved=$((proved - smoke)); goals=$((goals - smoke_run))
    # each goal's prover time (WP prints it after the Qed time): the slowest,
    # and the goals above a quarter of the timeout, which a loaded machine
    # may push past it (issue 22, item 9)
    slow=$(goal_times $logs 2>/dev/null | awk -v q="$TIMEOUT" '$1 * 4 > q')
    slowest=$(goal_times $logs 2>/dev/null | sort -rn | awk 'NR == 1 { print $1 }')
    slow_count=$(printf '%s' "$slow" | grep -c . || true)
    note=""
    [ "$SMOKE_MODE" = 0 ] || note=", $smoke smoke tests passed"
    [ "$reused" -eq 0 ] || note="$note ($reused of its runs reused from $CACHE_DIR)"
    if [ "$status" -ne 0 ] || [ "$goals" -eq 0 ] || [ "$proved" != "$goals" ] \
       || [ -n "$assumed" ] || [ -n "$dead" ]; then
        failed=1
        echo "FAIL  $src: $proved/$goals goals in ${secs}s$note (logs: $(echo $logs))"
        cat $logs 2>/dev/null | grep -E '^\[wp\] \[(Failed|Timeout|Unknown)' | sed 's/^/      /'
        [ -z "$assumed" ] || echo "      public functions with memory-model hypotheses:$assumed"
        [ -z "$dead" ] || echo "$dead" | sed 's/^/      /'
    else
        echo "ok    $src: $proved/$goals goals in ${secs}s$note"
    fi
    [ -z "$slow" ] || echo "$slow" | sort -rn \
        | awk -v q="$TIMEOUT" '{ printf "      slow: %s s (over a quarter of %s s): %s\n", $1, q, $2 }'
    slow_total=$((slow_total + slow_count))
    smoke_total=$((smoke_total + smoke))
    reused_total=$((reused_total + reused))
    total_proved=$((total_proved + proved)); total_goals=$((total_goals + goals))
    json_files="$json_files${json_files:+,}
    {\"file\": \"$src\", \"proved\": $proved, \"goals\": $goals, \"seconds\": $secs, \"slowest_goal_s\": ${slowest:-0}, \"goals_over_quarter_timeout\": $slow_count, \"smoke_tests_passed\": $smoke}"
    rm -f "$OUT/$name.skip" "$OUT/$name.result" "$OUT/$name".*.result
done
secs_all=$(( $(date +%s) - start_all ))
echo "all   $total_proved/$total_goals goals in ${secs_all}s ($FILES jobs at a time," \
     "$reused_total reused), $smoke_total smoke tests passed ($SMOKE_MODE);" \
     "$slow_total above a quarter of the ${TIMEOUT}s timeout"
cat >"$OUT/summary.json" <<JSON
{
  "frama_c": "$(frama-c -version 2>/dev/null)",
  "model": "Typed+ref, -wp-check-memory-model", "rte": true, "smoke_tests": "$SMOKE_MODE", "smoke_tests_passed": $smoke_total,
  "provers": "cvc4,z3", "timeout_s": $TIMEOUT, "jobs": $JOBS, "files_at_a_time": $FILES,
  "proved": $total_proved, "goals": $total_goals, "seconds": $secs_all,
  "runs_reused": $reused_total,
  "goals_over_quarter_timeout": $slow_total,
  "files": [$json_files
  ],
  "runs": [$json_jobs
  ]
}
JSON
exit "$failed"
