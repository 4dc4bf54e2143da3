#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# OSS-Fuzz / ClusterFuzzLite build script (.clusterfuzzlite/build.sh calls
# it): builds every harness with the engine's compiler and flags into $OUT,
# with its dictionary, a seed corpus (fuzz/corpus/) and an options file
# giving libFuzzer the harness's bound (-max_len = MAX_INPUT_BYTES: longer
# inputs are rejected whole).  The sources are C, compiled with $CC $CFLAGS;
# the harnesses are linked with $CXX $CXXFLAGS, as OSS-Fuzz asks, since
# $LIB_FUZZING_ENGINE may be a C++ library (AFL++'s driver, honggfuzz's).
# `make fuzz ENGINE=libfuzzer` runs it, and so can you, e.g. with libFuzzer:
#   CC=clang CXX=clang++ \
#   CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out sh fuzz/build.sh
set -eu
: "${CC:?}" "${CFLAGS:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
CXX=${CXX:-$CC}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # relative to the caller's directory
cd "$(dirname "$0")/.."
# for the seed generators, which are not fuzzed (OSS-Fuzz's images have
# clang but not always cc)
if [ -z "${HOST_CC:-}" ]; then
    HOST_CC=cc
    command -v cc >/dev/null 2>&1 || HOST_CC=clang
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$HOST_CC -std=c11 -Iinclude -Itests fuzz/two_endpoints_seeds.c -o "$work/two_endpoints_seeds"
$HOST_CC -std=c11 -Iinclude -Itests fuzz/codec_seeds.c tests/wire_vectors.c -o "$work/codec_seeds"
mkdir -p "$work/obj"
for src in fuzz/oracle.c fuzz/records.c src/core/*.c src/wire/*.c; do
    obj=$work/obj/$(echo "$src" | tr / _).o
    # shellcheck disable=SC2086 # CFLAGS is a word list
    $CC $CFLAGS -std=c11 -Iinclude -Isrc/core -Isrc/wire -Ispec -Ifuzz -c "$src" -o "$obj"
done
for h in one_endpoint two_endpoints codec; do
    # shellcheck disable=SC2086 # CFLAGS, CXXFLAGS, LIB_FUZZING_ENGINE are word lists
    $CC $CFLAGS -std=c11 -Iinclude -Isrc/core -Isrc/wire -Ispec -Ifuzz -c "fuzz/$h.c" -o "$work/$h.o"
    # shellcheck disable=SC2086
    $CXX $CXXFLAGS "$work/$h.o" "$work"/obj/*.o $LIB_FUZZING_ENGINE -o "$OUT/$h"
    [ ! -f "fuzz/$h.dict" ] || cp "fuzz/$h.dict" "$OUT/$h.dict"
    max=$(sed -n 's/^#define MAX_INPUT_BYTES \([0-9]*\).*/\1/p' "fuzz/$h.c")
    printf '[libfuzzer]\nmax_len = %s\n' "$max" >"$OUT/$h.options"
    mkdir -p "$work/seeds-$h"
done
# the seed corpora: the committed, minimised ones (fuzz/corpus/, made by
# make fuzz-seeds); without them, the generated seeds, and for one_endpoint
# those of the Check suites when make fuzz-seeds made them here
"$work/two_endpoints_seeds" "$work/seeds-two_endpoints" >/dev/null
"$work/codec_seeds" "$work/seeds-codec" >/dev/null
if [ -d build/fuzz/seeds/one_endpoint ]; then
    cp build/fuzz/seeds/one_endpoint/* "$work/seeds-one_endpoint/"
fi
for h in one_endpoint two_endpoints codec; do
    if [ -n "$(ls "fuzz/corpus/$h" 2>/dev/null)" ]; then
        rm -rf "$work/seeds-$h" && mkdir -p "$work/seeds-$h" && cp "fuzz/corpus/$h"/* "$work/seeds-$h/"
    fi
done
for h in one_endpoint two_endpoints codec; do
    rm -f "$OUT/${h}_seed_corpus.zip"
    [ -n "$(ls "$work/seeds-$h")" ] || continue
    if command -v zip >/dev/null 2>&1; then
        (cd "$work/seeds-$h" && zip -q "$OUT/${h}_seed_corpus.zip" ./*)
    else
        echo "fuzz/build.sh: no zip, so no $OUT/${h}_seed_corpus.zip" >&2
    fi
done
echo "fuzz/build.sh: $(ls "$OUT" | tr '\n' ' ')"
