#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The Check suite of tests/ on other ABIs than the host's: i386 (32-bit,
# little-endian; run natively) and s390x (64-bit, big-endian; run under
# qemu-user).  Each is built as `make test` builds it (the same sources,
# -O1 -g and the project's warnings, -Werror) with Debian's cross compiler,
# against Debian's own build of Check for that architecture, linked
# statically.  Check (packages check and libsubunit-dev of that
# architecture) is fetched with apt-get download into a private apt state
# under build/cross/, so that no architecture is added to the machine's dpkg.
# Prints per architecture "PASS cross-ARCH: <Check's summary line>",
# "FAIL cross-ARCH: ..." or "SKIP ARCH: <reason>", INFO lines with
# sizeof(tcpfsm_conn) and times, then "cross: N passed, M failed, K skipped";
# exits non-zero on any FAIL.
# Usage: tests/release/cross.sh [i386|s390x|all]    (default: all)

# The lists of files, flags and packages split on purpose:
# shellcheck disable=SC2086
set -u
cd "$(dirname "$0")/../.." || exit 2
case ${1:-all} in
    all) arches="i386 s390x" ;;
    i386 | s390x) arches=$1 ;;
    *) echo "usage: tests/release/cross.sh [i386|s390x|all]" >&2; exit 2 ;;
esac
TOP=${B:-build}/cross
WARN="-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror"
INC="-Iinclude -Isrc/core -Isrc/wire -Ispec"
SRCS="src/core/*.c src/wire/*.c"
TEST_SRCS="tests/*.c fuzz/oracle.c fuzz/records.c"
passed=0
failed=0
skipped=0

skip() { echo "SKIP $arch: $1"; skipped=$((skipped + 1)); }
fail() { echo "FAIL cross-$arch: $1"; failed=$((failed + 1)); }

# What the sizes program prints: the layout of the block on this ABI.
cat_sizes_c() {
    cat <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include "tcpfsm/tcpfsm.h"
int main(void)
{
    const uint16_t one = 1;
    printf("sizeof(tcpfsm_conn) = %u bytes, _Alignof %u, TCPFSM_OOO_RANGES %u, "
           "sizeof(void *) %u, %s-endian\n",
           (unsigned)sizeof(tcpfsm_conn), (unsigned)_Alignof(tcpfsm_conn),
           (unsigned)TCPFSM_OOO_RANGES, (unsigned)sizeof(void *),
           *(const unsigned char *)&one ? "little" : "big");
    return 0;
}
EOF
}

# fetch_check ARCH DIR: Debian's check and libsubunit-dev for ARCH,
# unpacked under DIR/root, with apt's lists and cache under DIR/apt.  The
# machine's sources, but its own lists: nothing of the system's apt or
# dpkg state changes.  An index that fails (another pocket, a mirror
# mid-sync) does not matter as long as the two packages download.
fetch_check() {
    a=$1
    d=$2
    rm -rf "$d/apt" "$d/root"
    mkdir -p "$d/apt/lists/partial" "$d/apt/cache/archives/partial" "$d/apt/debs" "$d/root"
    set -- -o "Dir::State::Lists=$PWD/$d/apt/lists" -o "Dir::Cache=$PWD/$d/apt/cache" \
        -o "APT::Architecture=$a" -o "APT::Architectures=$a"
    apt-get "$@" update >"$d/apt.log" 2>&1
    (cd "$d/apt/debs" && apt-get "$@" download check libsubunit-dev) >>"$d/apt.log" 2>&1 \
        || return 1
    for deb in "$d"/apt/debs/*.deb; do
        dpkg-deb -x "$deb" "$d/root" || return 1
    done
}

host_sizes=$(cat_sizes_c | ${CC:-cc} -std=c11 $WARN -Iinclude -x c - -o "${TMPDIR:-/tmp}/tcpfsm-sizes.$$" \
    && "${TMPDIR:-/tmp}/tcpfsm-sizes.$$")
rm -f "${TMPDIR:-/tmp}/tcpfsm-sizes.$$"
echo "INFO host $(uname -m): ${host_sizes:-sizes program did not build}"

for arch in $arches; do
    case $arch in
        i386) triplet=i686-linux-gnu; multi=i386-linux-gnu
              pkgs="gcc-i686-linux-gnu libc6-dev-i386-cross pkg-config"; runner="" ;;
        s390x) triplet=s390x-linux-gnu; multi=s390x-linux-gnu
               pkgs="gcc-s390x-linux-gnu libc6-dev-s390x-cross qemu-user pkg-config"; runner=qemu-s390x ;;
    esac
    W=$TOP/$arch
    mkdir -p "$W"
    if ! scripts/need $pkgs 2>"$W/need.log"; then
        skip "$(tail -n 1 "$W/need.log")"
        continue
    fi
    root=$W/root
    if [ ! -f "$root/usr/lib/$multi/libcheck.a" ] || [ ! -f "$root/usr/lib/$multi/libsubunit.a" ]; then
        if ! fetch_check "$arch" "$W"; then
            skip "Debian's check:$arch and libsubunit-dev:$arch could not be fetched ($W/apt.log: $(grep -E '^E:' "$W/apt.log" | tail -n 1))"
            continue
        fi
    fi
    CC=$triplet-gcc
    check_flags=$(PKG_CONFIG_LIBDIR=$root/usr/lib/$multi/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root \
        pkg-config --static --cflags --libs check) || { fail "pkg-config found no check.pc in $root"; continue; }
    echo "INFO cross-$arch: $($CC --version | head -n 1), Check $(PKG_CONFIG_LIBDIR=$root/usr/lib/$multi/pkgconfig pkg-config --modversion check) (Debian's $arch build), static, run ${runner:+under }${runner:-natively}"

    # Build: the test binary of `make test`, and the sizes program.
    t0=$(date +%s)
    if ! $CC -std=c11 $WARN -O1 -g $INC -Ifuzz $SRCS $TEST_SRCS $check_flags -static \
            -o "$W/tcpfsm_tests" >"$W/build.log" 2>&1; then
        sed -n '1,20s/^/    /p' "$W/build.log"
        fail "build with $CC $WARN -O1 failed: $(grep -m 1 -E 'error|warning' "$W/build.log") ($W/build.log)"
        continue
    fi
    cat_sizes_c >"$W/sizes.c"
    $CC -std=c11 $WARN -Iinclude "$W/sizes.c" -static -o "$W/sizes" >>"$W/build.log" 2>&1 \
        || { fail "the sizes program did not build ($W/build.log)"; continue; }
    t1=$(date +%s)

    # A kernel without 32-bit support runs i386 under qemu too.
    if [ -z "$runner" ] && ! "$W/sizes" >/dev/null 2>&1; then
        if scripts/need qemu-user 2>>"$W/need.log"; then
            runner=qemu-i386
            echo "INFO cross-$arch: this kernel does not run it natively: under qemu-i386"
        else
            fail "does not run natively, and qemu-user is missing"
            continue
        fi
    fi
    echo "INFO cross-$arch: $($runner "$W/sizes" 2>&1)"

    # Run: as tests/run.sh runs the host's build.
    CK_FORK=no $runner "$W/tcpfsm_tests" >"$W/tests.log" 2>&1
    rc=$?
    t2=$(date +%s)
    line=$(grep -E '^[0-9]+%: Checks: ' "$W/tests.log" | tail -n 1)
    echo "INFO cross-$arch: build $((t1 - t0)) s, run $((t2 - t1)) s ($W/tests.log)"
    if [ -n "$line" ] && [ "$rc" -eq 0 ] && echo "$line" | grep -q 'Failures: 0, Errors: 0'; then
        echo "PASS cross-$arch: $line"
        passed=$((passed + 1))
    else
        grep -E ':[EF]:' "$W/tests.log" | head -n 20 | sed 's/^/    /'
        fail "${line:-died before its summary} (exit $rc, $W/tests.log)"
    fi
done

echo "cross: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
