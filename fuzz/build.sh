#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# OSS-Fuzz / ClusterFuzzLite build script: builds every harness with the
# engine's compiler and flags into $OUT, with its dictionary and a seed
# corpus (fuzz/corpus/), and an options file giving libFuzzer the
# harness's bound (-max_len = MAX_INPUT_BYTES: longer inputs are rejected
# whole).  Also runs here, e.g. with libFuzzer:
#   CC=clang CFLAGS="-fsanitize=address,undefined,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out sh fuzz/build.sh
set -eu
: "${CC:?}" "${CFLAGS:?}" "${LIB_FUZZING_ENGINE:?}" "${OUT:?}"
cd "$(dirname "$0")/.."
mkdir -p "$OUT"
HOST_CC=${HOST_CC:-cc} # for the seed generators, which are not fuzzed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$HOST_CC -std=c11 -Iinclude -Itests fuzz/two_endpoints_seeds.c -o "$work/two_endpoints_seeds"
$HOST_CC -std=c11 -Iinclude -Itests fuzz/codec_seeds.c tests/wire_vectors.c -o "$work/codec_seeds"
for h in one_endpoint two_endpoints codec; do
    # shellcheck disable=SC2086 # CFLAGS and LIB_FUZZING_ENGINE are word lists
    $CC $CFLAGS -std=c11 -Iinclude -Isrc/core -Isrc/wire -Ispec -Ifuzz fuzz/$h.c fuzz/oracle.c \
        fuzz/records.c src/core/*.c src/wire/*.c \
        $LIB_FUZZING_ENGINE -o "$OUT/$h"
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
    if [ -n "$(ls "$work/seeds-$h")" ]; then
        (cd "$work/seeds-$h" && zip -q "$OUT/${h}_seed_corpus.zip" ./*)
    fi
done
echo "fuzz/build.sh: $(ls "$OUT" | tr '\n' ' ')"
