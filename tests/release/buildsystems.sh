#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# tcpfsm's CMake and Meson builds (CMakeLists.txt, meson.build) used the way
# an embedder uses them, each by the consumer of tests/release/consumer/:
# CMake installs (static; shared with TCPFSM_OOO_RANGES=8) found by
# find_package, add_subdirectory of the tree, the installed tcpfsm.pc with
# cc; Meson as a subproject (shared, ooo_ranges=5), and installed (both
# libraries, ooo_ranges=7) with its tcpfsm.pc, from a Meson consumer and
# from cc.  One line per check, "PASS name: detail" or "FAIL name: detail",
# then a summary; exit status 1 on any FAIL.  Everything is built in a
# temporary directory, removed at the end; the tree is not written to.
# Usage: tests/release/buildsystems.sh [CC]    (make buildsystems-check)
# Installs cmake, meson, ninja-build and pkg-config when run as root.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
CC=${1:-${CC:-cc}}
export CC
start=$(date +%s)

if ! scripts/need cmake meson ninja-build pkg-config; then
    echo "FAIL deps: cmake, meson, ninja-build and pkg-config are needed"
    exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
consumer=$root/tests/release/consumer
version=$(sed -n 's/^#define TCPFSM_VERSION_STRING "\(.*\)"/\1/p' include/tcpfsm/tcpfsm.h)
minor=${version#*.}
minor=${minor%%.*}
# the header's default number of ranges, which a consumer built with no
# define must see
ranges=$(sed -n 's/^#define TCPFSM_OOO_RANGES \([0-9]*\)u*$/\1/p' include/tcpfsm/tcpfsm.h)
passed=0
failed=0

pass() {
    echo "PASS $1: $2"
    passed=$((passed + 1))
}
# fail NAME DETAIL [LOG]: the last lines of LOG follow, indented
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
    if [ -n "${3:-}" ] && [ -s "$3" ]; then
        tail -n 25 "$3" | sed 's/^/    /'
    fi
}

# libdir of an install under PREFIX: where its pkgconfig/tcpfsm.pc is (lib/,
# lib64/ or lib/<multiarch>/, as the build tool chose).
find_libdir() {
    pc=$(find "$1" -name tcpfsm.pc -path '*/pkgconfig/*' | head -n 1)
    libdir=$(dirname "$(dirname "${pc:-$1/lib/pkgconfig/tcpfsm.pc}")")
}

# The headers every install holds under PREFIX, and tcpfsm.pc: prints
# what is missing.
missing_files() {
    for f in include/tcpfsm/tcpfsm.h include/tcpfsm/wire.h \
             include/tcpfsm/acsl/tcpfsm_logic.h include/tcpfsm/acsl/tcpfsm_transitions.h \
             include/tcpfsm/acsl/tcpfsm_kinds.h include/tcpfsm/acsl/tcpfsm_wire_logic.h; do
        [ -f "$1/$f" ] || printf ' %s' "$f"
    done
    [ -f "$libdir/pkgconfig/tcpfsm.pc" ] || printf ' pkgconfig/tcpfsm.pc'
}

# The shared library of an install: libtcpfsm.so.VERSION, its soname
# libtcpfsm.so.0 with the links to it, only the public API exported.
# Prints what is wrong, nothing when all is right.
shared_wrong() {
    so=$1/libtcpfsm.so.$version
    if [ ! -f "$so" ]; then
        printf ' no libtcpfsm.so.%s' "$version"
        return
    fi
    soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    [ "$soname" = "libtcpfsm.so.0" ] || printf ' soname %s, not libtcpfsm.so.0' "$soname"
    [ -L "$1/libtcpfsm.so.0" ] && [ -e "$1/libtcpfsm.so.0" ] || printf ' no link libtcpfsm.so.0'
    [ -L "$1/libtcpfsm.so" ] && [ -e "$1/libtcpfsm.so" ] || printf ' no link libtcpfsm.so'
    if ! sh tests/release/exports.sh "$so" >"$work/exports.out" 2>&1; then
        printf ' exports.sh: %s symbols beyond the public API, %s of it missing' \
            "$(grep -c '^>' "$work/exports.out")" "$(grep -c '^<' "$work/exports.out")"
    fi
}

# run_consumer NAME EXE RANGES [LIBDIR]: the consumer runs, with the
# library's version and RANGES ranges (the library's TCPFSM_OOO_RANGES came
# along with it); LIBDIR goes to LD_LIBRARY_PATH.  Sets out.
run_consumer() {
    out=$(LD_LIBRARY_PATH=${4:-} "$2" 2>&1)
    status=$?
    case "$out" in
    "tcpfsm $version, SYN-SENT, "*", $3 ranges "*)
        [ $status -eq 0 ] && return 0 ;;
    esac
    out="exit status $status, expected tcpfsm $version, SYN-SENT and $3 ranges: $out"
    return 1
}

# ---- CMake ----------------------------------------------------------------

# cmake_lib NAME ARGS...: configure, build and install the library into
# $work/NAME-prefix, the prefix given to `cmake --install` only (tcpfsm.pc
# must follow it); the project's warnings as errors, as in its own builds.
cmake_lib() {
    name=$1
    shift
    log=$work/$name.log
    cmake -S "$root" -B "$work/$name" -G Ninja -DTCPFSM_WERROR=ON "$@" >"$log" 2>&1 \
        && cmake --build "$work/$name" -j 2 >>"$log" 2>&1 \
        && cmake --install "$work/$name" --prefix "$work/$name-prefix" >>"$log" 2>&1
}

# cmake_consumer NAME ARGS...: the consumer configured and built in $work/NAME.
cmake_consumer() {
    name=$1
    shift
    log=$work/$name.log
    cmake -S "$consumer" -B "$work/$name" -G Ninja "$@" >"$log" 2>&1 \
        && cmake --build "$work/$name" -j 2 >>"$log" 2>&1
}

cmake_files() {
    for f in cmake/tcpfsm/tcpfsmConfig.cmake cmake/tcpfsm/tcpfsmConfigVersion.cmake \
             cmake/tcpfsm/tcpfsmTargets.cmake; do
        [ -f "$libdir/$f" ] || printf ' %s' "$f"
    done
}

# pkgconfig_consumer NAME LIBDIR RANGES: cc $(pkg-config --cflags --libs
# tcpfsm) with only that install's tcpfsm.pc in sight; runs the program.
pkgconfig_consumer() {
    log=$work/$1.log
    pcver=$(PKG_CONFIG_LIBDIR=$2/pkgconfig pkg-config --modversion tcpfsm 2>>"$log")
    # $CC and $flags split into words on purpose
    # shellcheck disable=SC2086
    if [ "$pcver" != "$version" ]; then
        fail "$1" "pkg-config --modversion tcpfsm says '$pcver', not $version" "$log"
    elif ! flags=$(PKG_CONFIG_LIBDIR=$2/pkgconfig pkg-config --cflags --libs tcpfsm 2>>"$log") \
         || ! $CC -std=c11 -Wall -Wextra -Werror "$consumer/main.c" $flags -o "$work/$1.exe" >>"$log" 2>&1; then
        fail "$1" "$CC main.c \$(pkg-config --cflags --libs tcpfsm) did not build" "$log"
    elif ! flags=$(printf '%s' "$flags" | sed 's/ *$//'); then
        fail "$1" "sed failed"
    elif ! run_consumer "$1" "$work/$1.exe" "$3" "$2"; then
        fail "$1" "$out"
    else
        pass "$1" "$(printf '%s' "$CC main.c $flags: $out" | sed "s|$work/|\$tmp/|g")"
    fi
}

# The static library (BUILD_SHARED_LIBS unset), TCPFSM_OOO_RANGES unset.
if ! cmake_lib cmake-static; then
    fail cmake-static "configure, build or install failed" "$log"
    cmake_static=
else
    find_libdir "$work/cmake-static-prefix"
    wrong="$(missing_files "$work/cmake-static-prefix")"
    [ -f "$libdir/libtcpfsm.a" ] || wrong="$wrong libtcpfsm.a"
    ls "$libdir"/libtcpfsm.so* >/dev/null 2>&1 && wrong="$wrong a shared library too"
    wrong="$wrong$(cmake_files)"
    if [ -n "$wrong" ]; then
        fail cmake-static "the install lacks:$wrong"
        cmake_static=
    else
        pass cmake-static "libtcpfsm.a, headers, acsl/, tcpfsmConfig*.cmake, tcpfsm.pc installed"
        cmake_static=$libdir
    fi
fi

# The shared library, built with TCPFSM_OOO_RANGES=8: consumers must get it.
if ! cmake_lib cmake-shared -DBUILD_SHARED_LIBS=ON -DTCPFSM_OOO_RANGES=8; then
    fail cmake-shared "configure, build or install failed" "$log"
    cmake_shared=
else
    find_libdir "$work/cmake-shared-prefix"
    wrong="$(missing_files "$work/cmake-shared-prefix")"
    wrong="$wrong$(cmake_files)$(shared_wrong "$libdir")"
    if [ -n "$wrong" ]; then
        fail cmake-shared "the install is wrong:$wrong"
        cmake_shared=
    else
        pass cmake-shared "libtcpfsm.so.$version, soname libtcpfsm.so.0, $(sed -n 's/^PASS exports: //p' "$work/exports.out")"
        cmake_shared=$libdir
    fi
fi

# find_package(tcpfsm VERSION CONFIG REQUIRED COMPONENTS core wire); 0.x
# releases are compatible within one minor version only (SameMinorVersion):
# the one before must be refused.
refused=
[ "$minor" -gt 0 ] && refused=0.$((minor - 1))
if [ -n "$cmake_static" ]; then
    if ! cmake_consumer cmake-package-static -DCMAKE_PREFIX_PATH="$work/cmake-static-prefix" \
         -DTCPFSM_EXPECT_VERSION="$version" -DTCPFSM_REFUSED_VERSION="$refused"; then
        fail cmake-package-static "find_package(tcpfsm $version) or the build failed" "$log"
    elif ! run_consumer cmake-package-static "$work/cmake-package-static/tcpfsm_consumer" "$ranges"; then
        fail cmake-package-static "$out"
    else
        pass cmake-package-static "find_package(tcpfsm $version CONFIG) accepted${refused:+, $refused refused}: $out"
    fi
fi
if [ -n "$cmake_shared" ]; then
    if ! cmake_consumer cmake-package-shared -DCMAKE_PREFIX_PATH="$work/cmake-shared-prefix" \
         -DTCPFSM_EXPECT_VERSION="$version"; then
        fail cmake-package-shared "find_package(tcpfsm $version) or the build failed" "$log"
    elif ! readelf -d "$work/cmake-package-shared/tcpfsm_consumer" | grep -q 'NEEDED.*\[libtcpfsm\.so\.0\]'; then
        fail cmake-package-shared "the program does not need libtcpfsm.so.0"
    elif ! run_consumer cmake-package-shared "$work/cmake-package-shared/tcpfsm_consumer" 8; then
        fail cmake-package-shared "$out"
    else
        pass cmake-package-shared "linked to libtcpfsm.so.0 (run by its RUNPATH), TCPFSM_OOO_RANGES=8 came along: $out"
    fi
fi

# add_subdirectory of the tree, with a setting of the parent: the parent's
# build type stays empty and nothing of tcpfsm is installed with the parent.
if ! cmake_consumer cmake-subdirectory -DTCPFSM_CONSUMER_MODE=subdirectory \
     -DTCPFSM_SOURCE_DIR="$root" -DTCPFSM_OOO_RANGES=6; then
    fail cmake-subdirectory "configure or build failed" "$log"
elif ! run_consumer cmake-subdirectory "$work/cmake-subdirectory/tcpfsm_consumer" 6; then
    fail cmake-subdirectory "$out"
elif ! grep -q '^CMAKE_BUILD_TYPE:STRING=$' "$work/cmake-subdirectory/CMakeCache.txt"; then
    fail cmake-subdirectory "tcpfsm set the parent's CMAKE_BUILD_TYPE"
elif ! cmake --install "$work/cmake-subdirectory" --prefix "$work/cmake-subdirectory-prefix" \
       >>"$log" 2>&1 || [ -n "$(find "$work/cmake-subdirectory-prefix" -type f 2>/dev/null)" ]; then
    fail cmake-subdirectory "installing the parent installed tcpfsm's files too" "$log"
else
    pass cmake-subdirectory "add_subdirectory, no install, nothing forced on the parent: $out"
fi

[ -n "$cmake_static" ] && pkgconfig_consumer pkgconfig-cmake-static "$cmake_static" "$ranges"
[ -n "$cmake_shared" ] && pkgconfig_consumer pkgconfig-cmake-shared "$cmake_shared" 8

# ---- Meson ----------------------------------------------------------------

# meson.build lists src/'s files by name (Meson has no wildcard): all of them.
listed=$(sed -n "s/^ *'\(src\/[a-z]*\/[A-Za-z0-9_]*\.c\)',*\$/\1/p" meson.build | sort)
present=$(ls src/core/*.c src/wire/*.c | sort)
if [ "$listed" != "$present" ]; then
    fail meson-sources "meson.build's files differ from src/*/*.c (< meson.build, > src/):"
    printf '%s\n' "$listed" >"$work/listed"
    printf '%s\n' "$present" >"$work/present"
    diff "$work/listed" "$work/present" | grep '^[<>]' | sed 's/^/    /'
else
    pass meson-sources "meson.build builds all $(printf '%s\n' "$present" | wc -l) files of src/core and src/wire"
fi

# A consumer with subprojects/tcpfsm a link to the tree, the library
# shared, ooo_ranges=5: as a subproject tcpfsm installs its library only.
sub=$work/meson-subproject-src
mkdir -p "$sub/subprojects"
cp "$consumer/main.c" "$consumer/meson.build" "$sub/"
ln -s "$root" "$sub/subprojects/tcpfsm"
log=$work/meson-subproject.log
if ! { meson setup "$work/meson-subproject" "$sub" --force-fallback-for=tcpfsm \
         -Ddefault_library=shared -Dtcpfsm:ooo_ranges=5 -Dtcpfsm:werror=true \
       && ninja -C "$work/meson-subproject" -j 2; } >"$log" 2>&1; then
    fail meson-subproject "setup or build failed" "$log"
elif ! run_consumer meson-subproject "$work/meson-subproject/tcpfsm_consumer" 5; then
    fail meson-subproject "$out"
else
    wrong="$(shared_wrong "$work/meson-subproject/subprojects/tcpfsm" 2>&1 \
             | sed 's/ no link libtcpfsm\.so[.0]*//g')"
    installed=$(meson introspect --installed "$work/meson-subproject" 2>>"$log")
    case "$installed" in *libtcpfsm.so.$version*) ;; *) wrong="$wrong the library not installed" ;; esac
    case "$installed" in *tcpfsm.h* | *tcpfsm.pc*) wrong="$wrong headers or tcpfsm.pc installed" ;; esac
    if [ -n "$wrong" ]; then
        fail meson-subproject "$wrong" "$log"
    else
        pass meson-subproject "subprojects/tcpfsm, libtcpfsm.so.0 exporting the API only, ooo_ranges=5 came along: $out"
    fi
fi

# meson install of both libraries with ooo_ranges=7; its tcpfsm.pc from a
# Meson consumer (dependency() with no fallback) and from cc.
log=$work/meson-install.log
meson_lib=
if ! { meson setup "$work/meson-install" "$root" --prefix "$work/meson-install-prefix" \
         -Ddefault_library=both -Dwerror=true -Dooo_ranges=7 \
       && ninja -C "$work/meson-install" -j 2 && meson install -C "$work/meson-install"; } >"$log" 2>&1; then
    fail meson-install "setup, build or install failed" "$log"
else
    find_libdir "$work/meson-install-prefix"
    wrong="$(missing_files "$work/meson-install-prefix")"
    [ -f "$libdir/libtcpfsm.a" ] || wrong="$wrong libtcpfsm.a"
    wrong="$wrong$(shared_wrong "$libdir")"
    if [ -n "$wrong" ]; then
        fail meson-install "the install is wrong:$wrong" "$log"
    else
        pass meson-install "libtcpfsm.a, libtcpfsm.so.$version (soname libtcpfsm.so.0, API only), headers, acsl/, tcpfsm.pc"
        meson_lib=$libdir
    fi
fi
if [ -n "$meson_lib" ]; then
    log=$work/meson-pkgconfig.log
    if ! { PKG_CONFIG_LIBDIR=$meson_lib/pkgconfig meson setup "$work/meson-pkgconfig" "$consumer" \
             --wrap-mode=nofallback && ninja -C "$work/meson-pkgconfig" -j 2; } >"$log" 2>&1; then
        fail meson-pkgconfig "dependency('tcpfsm') from tcpfsm.pc, or the build, failed" "$log"
    elif ! run_consumer meson-pkgconfig "$work/meson-pkgconfig/tcpfsm_consumer" 7 "$meson_lib"; then
        fail meson-pkgconfig "$out"
    else
        pass meson-pkgconfig "dependency('tcpfsm') found by pkg-config: $out"
    fi
    pkgconfig_consumer pkgconfig-meson "$meson_lib" 7
fi

echo "buildsystems: $passed passed, $failed failed in $(($(date +%s) - start)) s"
[ "$failed" -eq 0 ]
