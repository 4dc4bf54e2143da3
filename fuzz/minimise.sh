#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The committed corpora: per harness, the seeds of BUILD_DIR/fuzz/seeds/
# (make fuzz-seeds) within the harness's bound (MAX_INPUT_BYTES in
# fuzz/<harness>.c), minimised by afl-cmin (the fewest, then the shortest,
# inputs that reach every edge and hit-count bucket the seeds reach), the
# inputs longer than TMIN_OVER bytes (128) then shrunk by afl-tmin with
# their trace unchanged.  Writes fuzz/corpus/<harness>/, which `make fuzz`
# starts from.  Run by `make fuzz-seeds`.
# Usage: fuzz/minimise.sh BUILD_DIR HARNESS...
set -eu
B=$1; shift
TMIN_OVER=${TMIN_OVER:-128}
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_QUIET=1 AFL_ALLOW_TMP=1
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
for h in "$@"; do
    max=$(sed -n 's/^#define MAX_INPUT_BYTES \([0-9]*\).*/\1/p' "fuzz/$h.c")
    raw=$B/fuzz/seeds/$h
    work=$B/fuzz/cmin/$h
    rm -rf "$work"
    mkdir -p "$work/in"
    # only what the harness takes: a longer input is rejected whole
    find "$raw" -type f -size -"$((max + 1))"c -exec cp {} "$work/in/" \;
    afl-cmin -i "$work/in" -o "$work/out" -m none -t 1000 -- "$B/fuzz/$h" >"$work/cmin.log" 2>&1 \
        || { tail -n 20 "$work/cmin.log" >&2; exit 1; }
    for f in "$work/out"/*; do
        [ "$(wc -c <"$f")" -gt "$TMIN_OVER" ] || continue
        if afl-tmin -i "$f" -o "$f.tmin" -m none -t 1000 -- "$B/fuzz/$h" >/dev/null 2>&1; then
            mv "$f.tmin" "$f"
        else
            rm -f "$f.tmin"
        fi
    done
    rm -rf "fuzz/corpus/$h"
    mkdir -p "fuzz/corpus/$h"
    cp "$work/out"/* "fuzz/corpus/$h/"
    echo "fuzz corpus: $(ls "fuzz/corpus/$h" | wc -l) inputs, $(cat "fuzz/corpus/$h"/* | wc -c) bytes" \
         "in fuzz/corpus/$h (from $(ls "$work/in" | wc -l) seeds of at most $max bytes)"
done
