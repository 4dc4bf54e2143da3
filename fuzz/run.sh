#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One AFL++ campaign per harness: FUZZ_SECONDS each, on every core (one
# -M instance, the others -S), then per harness execs/s, corpus size and
# crashes.  Each starts from the committed corpus fuzz/corpus/<harness>/
# when there is one (make fuzz-seeds), from BUILD_DIR/fuzz/seeds/<harness>/
# otherwise, and makes no input longer than the harness takes
# (MAX_INPUT_BYTES in fuzz/<harness>.c, afl-fuzz -G).  Crashes are
# minimised into fuzz/regressions/ (which `make test` replays) and make the
# run fail.  Run by `make fuzz`.
# Usage: fuzz/run.sh BUILD_DIR HARNESS...
set -u
B=$1; shift
SECONDS_EACH=${FUZZ_SECONDS:-60}
CORES=${FUZZ_CORES:-$(nproc)}
# AFL_TRY_AFFINITY: each instance binds itself (and its target) to a free core when
# there is one.  Unbound, afl-fuzz and the target it drives bounce between cores at
# every input: the codec made 36,000 execs/s unbound, 69,000 bound (60 s each, here).
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
       AFL_SUPPRESS_ERRORS=1 AFL_TRY_AFFINITY=1 AFL_QUIET=1
# the harnesses run under ASan: abort on the first report, keep memory unbounded
export ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
failed=0
printf '%-14s %10s %8s %8s %8s\n' harness "execs/s" cores corpus crashes
for h in "$@"; do
    out=$B/fuzz/out/$h
    rm -rf "$out"
    mkdir -p "$out"
    dict=""
    [ -f "fuzz/$h.dict" ] && dict="-x fuzz/$h.dict"
    seeds=$B/fuzz/seeds/$h
    [ -n "$(ls "fuzz/corpus/$h" 2>/dev/null)" ] && seeds=fuzz/corpus/$h
    max=$(sed -n 's/^#define MAX_INPUT_BYTES \([0-9]*\).*/\1/p' "fuzz/$h.c")
    i=0
    while [ "$i" -lt "$CORES" ]; do
        role="-S s$i"
        [ "$i" -eq 0 ] && role="-M main"
        afl-fuzz $role -i "$seeds" -o "$out" -V "$SECONDS_EACH" -m none -t 1000+ -G "$max" \
            $dict -- "$B/fuzz/$h" >"$out/afl-$i.log" 2>&1 &
        i=$((i + 1))
    done
    wait
    execs=0; corpus=0; crashes=0
    for stats in "$out"/*/fuzzer_stats; do
        [ -f "$stats" ] || continue
        e=$(sed -n 's/^execs_per_sec *: *\([0-9]*\).*/\1/p' "$stats")
        c=$(sed -n 's/^saved_crashes *: *//p' "$stats")
        execs=$((execs + ${e:-0})); crashes=$((crashes + ${c:-0}))
    done
    [ -f "$out/main/fuzzer_stats" ] && corpus=$(sed -n 's/^corpus_count *: *//p' "$out/main/fuzzer_stats")
    if [ ! -f "$out/main/fuzzer_stats" ]; then
        echo "$h: afl-fuzz did not start; see $out/afl-0.log" >&2
        tail -n 5 "$out/afl-0.log" >&2
        failed=1
    fi
    printf '%-14s %10s %8s %8s %8s\n' "$h" "$execs" "$CORES" "$corpus" "$crashes"
    for crash in "$out"/*/crashes/id:*; do
        [ -f "$crash" ] || continue
        name=$h-$(sha1sum "$crash" | cut -c1-12)
        afl-tmin -i "$crash" -o "fuzz/regressions/$name" -m none -- "$B/fuzz/$h" >/dev/null 2>&1 \
            || cp "$crash" "fuzz/regressions/$name"
        echo "  crash minimised into fuzz/regressions/$name" >&2
        failed=1
    done
done
exit "$failed"
