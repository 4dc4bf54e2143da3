#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The core and the codec need nothing from a C library: compiled with
# -ffreestanding for each target below, the only symbols they use that the
# compiler's own runtime (libgcc, or compiler-rt's builtins) lacks are
# memcpy and memset, which GCC and Clang require of every freestanding
# platform (README.md, "Building it into your project"); none of them is a
# 64-bit division, a library call on 32-bit targets.  Each target is then
# linked, -nostdlib, with libgcc and tests/release/platform_mem.c alone,
# --no-undefined.  Usage: tests/release/freestanding.sh BUILD_DIR [host|arm|all]
set -u
B=$1
which=${2:-all}
SRCS="src/core/*.c src/wire/*.c"
FLAGS="-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -ffreestanding -Iinclude -Isrc/core -Isrc/wire"
ALLOWED="memcpy memset"
DIVISIONS="__aeabi_uldivmod __aeabi_ldivmod __udivdi3 __divdi3 __umoddi3 __moddi3 __udivmoddi4"
failed=0

# check NAME CC NM LD LIBGCC_FLAGS FLAGS...
check() {
    name=$1; cc=$2; nm=$3; ld=$4; shift 4
    dir=$B/freestanding/$name
    rm -rf "$dir" && mkdir -p "$dir"
    for f in $SRCS; do
        part=$(basename "$(dirname "$f")")
        # shellcheck disable=SC2086 # FLAGS is a word list
        $cc $FLAGS "$@" -c "$f" -o "$dir/$part-$(basename "$f" .c).o" || {
            echo "FAIL freestanding-$name: $f does not compile"; failed=1; return; }
    done
    $ld -r -o "$dir/all.o" "$dir"/*-*.o
    undefined=$($nm -u "$dir/all.o" | awk '{ print $2 }' | sort -u)
    libgcc=$($cc "$@" -print-libgcc-file-name)
    runtime=$($nm --defined-only "$libgcc" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
    platform=""
    for sym in $undefined; do
        echo "$runtime" | grep -qx "$sym" || platform="$platform $sym"
    done
    bad=""
    for sym in $platform; do
        case " $ALLOWED " in *" $sym "*) ;; *) bad="$bad $sym" ;; esac
    done
    division=""
    for sym in $DIVISIONS; do
        echo "$undefined" | grep -qx "$sym" && division="$division $sym"
    done
    if [ -n "$bad" ] || [ -n "$division" ]; then
        echo "FAIL freestanding-$name: needs${bad:+ from the platform:$bad}${division:+ 64-bit division:$division}"
        failed=1
        return
    fi
    $cc "$@" $FLAGS -nostdlib -Wl,--no-undefined -Wl,-e,tcpfsm_version -o "$dir/linked.elf" \
        "$dir/all.o" tests/release/platform_mem.c -lgcc || {
        echo "FAIL freestanding-$name: does not link with libgcc and memcpy/memset alone"
        failed=1; return; }
    from_runtime=$(for sym in $undefined; do case " $platform " in *" $sym "*) ;; *) printf ' %s' "$sym" ;; esac; done)
    echo "PASS freestanding-$name: from the platform:${platform:- nothing}; from libgcc:${from_runtime:- nothing}"
}

if [ "$which" = host ] || [ "$which" = all ]; then
    check x86-64-gcc-O2 gcc nm ld -O2
    check x86-64-clang-O0 clang nm ld -O0
fi
if [ "$which" = arm ] || [ "$which" = all ]; then
    if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
        check cortex-m0-Os arm-none-eabi-gcc arm-none-eabi-nm arm-none-eabi-ld -mthumb -mcpu=cortex-m0 -Os
        check cortex-m4-Os arm-none-eabi-gcc arm-none-eabi-nm arm-none-eabi-ld -mthumb -mcpu=cortex-m4 -Os
    else
        echo "FAIL freestanding-arm: arm-none-eabi-gcc missing (make freestanding installs gcc-arm-none-eabi)"
        failed=1
    fi
fi
exit $failed
