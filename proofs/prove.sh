#!/bin/sh
# Prove every function of src/ with Frama-C WP (issue 3).  Run by `make prove`.
# Usage: proofs/prove.sh [src/file.c ...]   (default: every file of src/)
# Prints proved/total goals and the time per file and in all, writes
# proofs/results/summary.json, and exits non-zero when any goal is unproven.
set -u
cd "$(dirname "$0")/.."

TIMEOUT=${TCPFSM_WP_TIMEOUT:-60}   # per goal and prover, seconds: a margin on a busy machine
JOBS=${TCPFSM_WP_JOBS:-2}          # never above the core count (see ../shared notes)
OUT=proofs/results
mkdir -p "$OUT"

if [ ! -f "$HOME/.why3.conf" ]; then
    why3 config detect >/dev/null 2>&1 || { echo "tcpfsm: why3 config detect failed" >&2; exit 1; }
fi

total_proved=0; total_goals=0; failed=0; start_all=$(date +%s)
json_files=""
[ $# -gt 0 ] || set -- src/*.c
for src in "$@"; do
    name=$(basename "$src" .c)
    start=$(date +%s)
    frama-c -cpp-extra-args="-Isrc -Ispec" "$src" \
        -wp -wp-rte -warn-signed-overflow -warn-signed-downcast \
        -warn-unsigned-overflow -warn-unsigned-downcast \
        -wp-prover cvc4,z3 -wp-timeout "$TIMEOUT" -wp-par "$JOBS" -wp-split \
        >"$OUT/$name.log" 2>&1
    status=$?
    secs=$(( $(date +%s) - start ))
    line=$(grep 'Proved goals:' "$OUT/$name.log" | tail -n 1)
    proved=$(echo "$line" | awk '{print $4}')
    goals=$(echo "$line" | awk '{print $6}')
    if [ "$status" -ne 0 ] || [ -z "$proved" ] || [ "$proved" != "$goals" ]; then
        failed=1
        echo "FAIL  $src: ${proved:-?}/${goals:-?} goals in ${secs}s (log: $OUT/$name.log)"
        grep -E '^\[wp\] \[(Failed|Timeout|Unknown)' "$OUT/$name.log" | sed 's/^/      /'
    else
        echo "ok    $src: $proved/$goals goals in ${secs}s"
    fi
    total_proved=$((total_proved + ${proved:-0})); total_goals=$((total_goals + ${goals:-0}))
    json_files="$json_files${json_files:+,}
    {\"file\": \"$src\", \"proved\": ${proved:-0}, \"goals\": ${goals:-0}, \"seconds\": $secs}"
done
secs_all=$(( $(date +%s) - start_all ))
echo "all   $total_proved/$total_goals goals in ${secs_all}s"
cat >"$OUT/summary.json" <<JSON
{
  "frama_c": "$(frama-c -version 2>/dev/null)",
  "provers": "cvc4,z3", "timeout_s": $TIMEOUT, "jobs": $JOBS,
  "proved": $total_proved, "goals": $total_goals, "seconds": $secs_all,
  "files": [$json_files
  ]
}
JSON
exit "$failed"
