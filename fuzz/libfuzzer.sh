#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One libFuzzer campaign per harness (make fuzz ENGINE=libfuzzer): builds
# the harnesses with clang -fsanitize=fuzzer,address,undefined through
# fuzz/build.sh (the OSS-Fuzz build script) into BUILD_DIR/fuzz-libfuzzer/,
# then runs each for FUZZ_SECONDS (60) from the committed corpus
# fuzz/corpus/<harness>/ (the seeds when there is none), with the
# harness's dictionary (fuzz/<harness>.dict) and bound (max_len of the
# <harness>.options that fuzz/build.sh writes from MAX_INPUT_BYTES).  New
# inputs go to BUILD_DIR/fuzz/libfuzzer/<harness>/corpus/ (the committed
# corpus is only read); FUZZ_CORES (default 1) above 1 runs libFuzzer's
# -fork mode.  Prints per harness execs/s, executions, coverage and
# crashes; a crash is copied into fuzz/regressions/ (which `make test`
# replays) and fails the run, as under AFL++ (fuzz/run.sh).
# Usage: fuzz/libfuzzer.sh BUILD_DIR HARNESS...
set -u
B=$1; shift
SECONDS_EACH=${FUZZ_SECONDS:-60}
CORES=${FUZZ_CORES:-1}
BIN=$B/fuzz-libfuzzer

# libFuzzer is clang's (compiler-rt): install clang when missing, then check
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
has_libfuzzer() {
    printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$probe/t.c"
    clang -fsanitize=fuzzer "$probe/t.c" -o "$probe/t" >/dev/null 2>&1
}
if ! has_libfuzzer; then
    scripts/need clang >/dev/null 2>&1
    major=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
    [ -z "$major" ] || scripts/need "libclang-rt-$major-dev" >/dev/null 2>&1
    if ! has_libfuzzer; then
        echo "tcpfsm: libFuzzer is missing (clang -fsanitize=fuzzer does not link) and could not be installed (Debian: apt-get install clang libclang-rt-<version>-dev, as root)" >&2
        exit 1
    fi
fi

flags="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all"
CC=clang CXX=clang++ CFLAGS=$flags CXXFLAGS=$flags LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
    OUT=$BIN sh fuzz/build.sh >"$probe/build.log" 2>&1 \
    || { cat "$probe/build.log" >&2; echo "tcpfsm: fuzz/build.sh failed" >&2; exit 1; }

export ASAN_OPTIONS=symbolize=0:detect_leaks=0
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1
failed=0
printf '%-14s %10s %12s %6s %8s %8s %8s\n' harness "execs/s" execs cov ft corpus crashes
for h in "$@"; do
    out=$B/fuzz/libfuzzer/$h
    rm -rf "$out"
    mkdir -p "$out/corpus" "$out/artifacts"
    seeds=$B/fuzz/seeds/$h
    [ -n "$(ls "fuzz/corpus/$h" 2>/dev/null)" ] && seeds=fuzz/corpus/$h
    max=$(sed -n 's/^max_len *= *//p' "$BIN/$h.options")
    dict=""
    [ -f "fuzz/$h.dict" ] && dict="-dict=fuzz/$h.dict"
    fork=""
    [ "$CORES" -gt 1 ] && fork="-fork=$CORES"
    # shellcheck disable=SC2086 # dict and fork are empty or one word
    "$BIN/$h" -max_total_time="$SECONDS_EACH" -max_len="$max" $dict $fork \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
        "$out/corpus" "$seeds" >"$out/log" 2>&1
    rc=$?
    # the final statistics, or (-fork) the last status line
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -n 1)
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/log" | tail -n 1)
    status=$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$out/log" | tail -n 1)
    [ -n "$execs" ] || execs=$(echo "$status" | sed -n 's/^#\([0-9]*\).*/\1/p')
    [ -n "$eps" ] || eps=$(echo "$status" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
    cov=$(echo "$status" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$status" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corpus=$(echo "$status" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    crashes=0
    for crash in "$out"/artifacts/crash-* "$out"/artifacts/leak-*; do
        [ -f "$crash" ] || continue
        crashes=$((crashes + 1))
        name=$h-$(sha1sum "$crash" | cut -c1-12)
        cp "$crash" "fuzz/regressions/$name"
        echo "  crash copied into fuzz/regressions/$name (not minimised: $BIN/$h -minimize_crash=1 -runs=100000 FILE)" >&2
        failed=1
    done
    for other in "$out"/artifacts/timeout-* "$out"/artifacts/oom-*; do
        [ -f "$other" ] && echo "  $h: $(basename "$other") in $out/artifacts/" >&2
    done
    if [ -z "$status" ] || { [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; }; then
        echo "$h: libFuzzer stopped with status $rc; see $out/log" >&2
        tail -n 5 "$out/log" >&2
        failed=1
    fi
    printf '%-14s %10s %12s %6s %8s %8s %8s\n' "$h" "${eps:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$crashes"
done
exit "$failed"
