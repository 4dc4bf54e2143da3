#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The Debian packages of debian/: builds libtcpfsm0 and libtcpfsm-dev with
# `dpkg-buildpackage -us -uc -b` in a copy of the tree (the checkout stays
# clean), runs lintian on them and on the source package, unpacks them and
# checks their files, their build flags, their symbols, and that a program
# builds against them with pkg-config and runs.  One line per check, PASS
# or FAIL, then a summary; exits 1 on any FAIL.
# Usage: sh tests/release/debian.sh   (as root it installs what it needs;
# KEEP=1 keeps the work directory, with the packages and the build log)
# shellcheck disable=SC2086 # $cflags and $libs are lists of words
# shellcheck disable=SC2012 # ls on file names of our own making
set -u
cd "$(dirname "$0")/../.." || exit 1
t0=$(date +%s)
npass=0
nfail=0
pass() { echo "PASS $1: $2"; npass=$((npass + 1)); }
fail() { echo "FAIL $1: $2"; nfail=$((nfail + 1)); }
finish() {
    echo "summary: $npass passed, $nfail failed ($(($(date +%s) - t0)) s)"
    [ "$nfail" -eq 0 ]
    exit
}

# The tools.  apt may be busy with another job (its lock): as root, a few tries.
tries=1
until scripts/need dpkg-dev debhelper lintian fakeroot build-essential pkg-config; do
    if [ "$(id -u)" -ne 0 ] || [ "$tries" -ge 5 ]; then
        fail tools "dpkg-dev debhelper lintian fakeroot build-essential pkg-config not all installed"
        finish
    fi
    tries=$((tries + 1))
    sleep 15
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tcpfsm-deb.XXXXXX") || exit 1
if [ "${KEEP:-0}" = 1 ]; then
    trap 'echo "kept: $work"' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM
touch "$work/start"

# The package's version is the library's.
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
header=$(sed -n 's/^#define TCPFSM_VERSION_STRING "\(.*\)"/\1/p' include/tcpfsm/tcpfsm.h)
if [ "$version" = "$header" ]; then
    pass version "debian/changelog says $version, as TCPFSM_VERSION_STRING does"
else
    fail version "debian/changelog says $version, TCPFSM_VERSION_STRING $header"
fi

# The copy: the files git tracks and the untracked ones it does not ignore
# (without git: everything but build/).
src="$work/tcpfsm-$version"
mkdir "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -z \
        | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$src"
else
    tar --exclude=./build -cf - . | tar -xf - -C "$src"
fi

# The source package first, from the pristine copy (for lintian), then
# the binary packages, two jobs unless DEB_BUILD_OPTIONS says otherwise.
export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=2}"
ts=$(date +%s)
if ! (cd "$work" && dpkg-source -b "tcpfsm-$version") >"$work/source.log" 2>&1; then
    sed 's/^/  /' "$work/source.log" | tail -n 20
    fail source "dpkg-source -b failed"
    finish
fi
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    sed 's/^/  /' "$work/build.log" | tail -n 40
    fail build "dpkg-buildpackage -us -uc -b failed (its last lines above)"
    finish
fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
lib="$work/libtcpfsm0_${version}_$arch.deb"
dev="$work/libtcpfsm-dev_${version}_$arch.deb"
changes="$work/tcpfsm_${version}_$arch.changes"
dsc="$work/tcpfsm_$version.dsc"
if [ -f "$lib" ] && [ -f "$dev" ] && [ -f "$changes" ]; then
    pass build "dpkg-buildpackage -us -uc -b: $(cd "$work" && ls -- *.deb *.ddeb 2>/dev/null | tr '\n' ' ')($(($(date +%s) - ts)) s)"
else
    fail build "missing among $(cd "$work" && ls | tr '\n' ' ')"
    finish
fi

# lintian, every tag shown (I: info, P: pedantic, X: experimental, O: overridden
# with the N: lines that give the reason); an E: or W: fails.
ts=$(date +%s)
lintian -I -E --pedantic --show-overrides --fail-on none "$changes" "$dsc" \
    >"$work/lintian.out" 2>"$work/lintian.err"
rc=$?
grep -v 'running with root privileges is not recommended' "$work/lintian.err" | sed 's/^/  lintian: /'
sed 's/^/  lintian: /' "$work/lintian.out"
bad=$(grep -c '^[EW]: ' "$work/lintian.out")
if [ "$rc" -ne 0 ]; then
    fail lintian "lintian exited with $rc"
elif [ "$bad" -ne 0 ]; then
    fail lintian "$bad E:/W: tags without an override in debian/*lintian-overrides (above)"
else
    tags=$(grep -c '^[EWIPXO]: ' "$work/lintian.out")
    over=$(grep -c '^O: ' "$work/lintian.out")
    pass lintian "no E: or W: tag on the .changes and the .dsc ($tags tags in all, $over overridden with a reason; $(($(date +%s) - ts)) s)"
fi

# The files: unpacked into one root, as if both were installed.
root="$work/root"
if ! dpkg-deb -x "$lib" "$root" || ! dpkg-deb -x "$dev" "$root"; then
    fail unpack "dpkg-deb -x failed"
    finish
fi
listing() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | sort; }
# the headers, and the demo's sources, as the Makefile lists them
# shellcheck disable=SC2016 # make's $(...), not the shell's
printf 'print-lists:\n\t@echo $(PUB_HDRS)\n\t@echo $(ACSL_HDRS)\n\t@echo examples/demo.c $(EX_COMMON)\n' \
    >"$work/print.mk"
(cd "$src" && make -s -f Makefile -f "$work/print.mk" print-lists) >"$work/lists"
pub=$(sed -n 1p "$work/lists")
acsl=$(sed -n 2p "$work/lists")
demo=$(sed -n 3p "$work/lists")
L="usr/lib/$ma"
{
    echo "$L/libtcpfsm.so.0"
    echo "$L/libtcpfsm.so.$version"
} | sort >"$work/lib.want"
{
    for h in $pub; do echo "usr/include/tcpfsm/${h##*/}"; done
    for h in $acsl; do echo "usr/include/tcpfsm/acsl/${h##*/}"; done
    echo "$L/libtcpfsm.a"
    echo "$L/libtcpfsm.so"
    echo "$L/pkgconfig/tcpfsm.pc"
} | sort >"$work/dev.want"
for p in lib dev; do
    case $p in lib) deb=$lib pkg=libtcpfsm0 ;; *) deb=$dev pkg=libtcpfsm-dev ;; esac
    listing "$deb" >"$work/$p.has"
    grep -E '^usr/(include|lib)/' "$work/$p.has" >"$work/$p.libinc"
    other=$(grep -Ev "^usr/(include|lib)/|^usr/share/doc/$pkg/|^usr/share/lintian/overrides/$pkg\$" "$work/$p.has")
    if ! cmp -s "$work/$p.want" "$work/$p.libinc"; then
        fail "files-$pkg" "not the expected files (< expected, > in the package): $(diff "$work/$p.want" "$work/$p.libinc" | grep '^[<>]' | tr '\n' ' ')"
    elif [ -n "$other" ]; then
        fail "files-$pkg" "files outside usr/include, usr/lib and its docs: $(echo "$other" | tr '\n' ' ')"
    elif [ ! -f "$root/usr/share/doc/$pkg/copyright" ] || [ ! -f "$root/usr/share/doc/$pkg/changelog.gz" ]; then
        fail "files-$pkg" "no copyright or changelog.gz in usr/share/doc/$pkg"
    else
        pass "files-$pkg" "$(wc -l <"$work/$p.libinc") files in usr/include and $L as expected, and $(($(wc -l <"$work/$p.has") - $(wc -l <"$work/$p.libinc"))) in usr/share"
    fi
done
so="$root/$L/libtcpfsm.so.$version"
soname=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
link0=$(readlink "$root/$L/libtcpfsm.so.0")
link=$(readlink "$root/$L/libtcpfsm.so")
mode=$(stat -c %a "$so")
if [ "$soname" = libtcpfsm.so.0 ] && [ "$link0" = "libtcpfsm.so.$version" ] \
   && [ "$link" = libtcpfsm.so.0 ] && [ "$mode" = 644 ]; then
    pass links "soname libtcpfsm.so.0; libtcpfsm.so -> libtcpfsm.so.0 -> libtcpfsm.so.$version (mode 644)"
else
    fail links "soname '$soname', libtcpfsm.so.0 -> '$link0', libtcpfsm.so -> '$link', mode $mode"
fi

# dpkg-buildflags honoured: each compile line of src/ carries its CFLAGS and
# CPPFLAGS, the link its LDFLAGS; the library has RELRO and BIND_NOW.
flags=$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS \
        && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)
ldflags=$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)
# (V=1 echoes a command continued with a backslash on two lines: joined here)
sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$work/build.log" >"$work/build.joined"
grep -E ' -c src/[a-z]+/[a-z0-9_]+\.c ' "$work/build.joined" >"$work/cc.lines"
grep -E ' -shared .* -o build/libtcpfsm\.so ' "$work/build.joined" >"$work/ld.lines"
ncc=$(wc -l <"$work/cc.lines")
nld=$(wc -l <"$work/ld.lines")
missing=""
while IFS= read -r line; do
    for f in $flags; do
        case " $line " in *" $f "*) ;; *) missing="$missing $f" ;; esac
    done
done <"$work/cc.lines"
while IFS= read -r line; do
    for f in $ldflags; do
        case " $line " in *" $f "*) ;; *) missing="$missing $f" ;; esac
    done
done <"$work/ld.lines"
relro=$(readelf -lW "$so" | grep -c GNU_RELRO)
now=$(readelf -dW "$so" | grep -Ec 'BIND_NOW|FLAGS.* NOW')
if [ "$ncc" -eq 0 ] || [ "$nld" -ne 1 ]; then
    fail flags "$ncc compile lines and $nld link lines of libtcpfsm.so found in the build log"
elif [ -n "$missing" ]; then
    fail flags "dpkg-buildflags' flags missing:$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')"
elif [ "$relro" -eq 0 ] || [ "$now" -eq 0 ]; then
    fail flags "libtcpfsm.so.$version lacks RELRO ($relro) or BIND_NOW ($now)"
else
    pass flags "$ncc compile lines with dpkg-buildflags' CFLAGS and CPPFLAGS, the link with its LDFLAGS; RELRO and BIND_NOW"
fi

# The symbols file shipped lists the library's exports, no more, no fewer.
dpkg-deb -I "$lib" symbols 2>/dev/null | sed -n 's/^ \([a-z0-9_]*\)@Base .*/\1/p' | sort >"$work/symbols.file"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sort >"$work/symbols.so"
nsym=$(wc -l <"$work/symbols.so")
if [ "$nsym" -gt 0 ] && cmp -s "$work/symbols.file" "$work/symbols.so"; then
    pass symbols "DEBIAN/symbols of libtcpfsm0 lists the $nsym exported functions, no more"
else
    fail symbols "DEBIAN/symbols and nm -D differ (< symbols, > nm -D): $(diff "$work/symbols.file" "$work/symbols.so" | grep '^[<>]' | tr '\n' ' ')"
fi
depends=$(dpkg-deb -f "$dev" Depends)
case ", $depends," in
    *", libtcpfsm0 (= $version),"*) pass depends "libtcpfsm-dev depends on $depends" ;;
    *) fail depends "libtcpfsm-dev depends on '$depends', not on libtcpfsm0 (= $version)" ;;
esac

# A consumer built against the unpacked packages through pkg-config, then
# run against the unpacked shared library; and once more, static.
cat >"$work/consumer.c" <<'EOF'
/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <string.h>
#include <tcpfsm/tcpfsm.h>
#include <tcpfsm/wire.h>

int main(void)
{
    tcpfsm_config cfg;
    tcpfsm_conn conn;
    tcpfsm_output out;
    tcpfsm_wire_segment w, back;
    uint8_t buf[TCPFSM_WIRE_MAX_HEADER];
    uint32_t n = 0;
    tcpfsm_config_default(&cfg);
    if (strcmp(tcpfsm_version(), TCPFSM_VERSION_STRING) != 0) {
        printf("header %s, library %s\n", TCPFSM_VERSION_STRING, tcpfsm_version());
        return 1;
    }
    if (tcpfsm_init(&conn, &cfg) != TCPFSM_OK
        || tcpfsm_open_active(&conn, 1000u, 0, &out) != TCPFSM_OK || out.count != 1
        || tcpfsm_wire_from_output(&out, 0, 40000u, 80u, &w) != TCPFSM_OK
        || tcpfsm_wire_build(&w, NULL, NULL, buf, sizeof buf, &n) != TCPFSM_OK
        || tcpfsm_wire_parse(buf, n, NULL, &back) != TCPFSM_OK
        || back.seq != 1000u || back.flags != TCPFSM_SYN) {
        printf("the SYN of an active open did not come out\n");
        return 1;
    }
    printf("tcpfsm %s: %s, a %u-byte SYN\n", tcpfsm_version(), tcpfsm_state_name(conn.state),
           (unsigned)n);
    return 0;
}
EOF
PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_LIBDIR=$root/$L/pkgconfig
export PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
pcver=$(pkg-config --modversion tcpfsm 2>&1)
cflags=$(pkg-config --cflags tcpfsm 2>&1)
libs=$(pkg-config --libs tcpfsm 2>&1)
cc=${CC:-cc}
if [ "$pcver" != "$version" ]; then
    fail pkg-config "pkg-config --modversion tcpfsm: $pcver"
else
    pass pkg-config "tcpfsm $pcver: $(echo "$cflags $libs" | sed "s|$root|<root>|g")"
fi
if $cc -std=c11 -Wall -Wextra -Werror $cflags "$work/consumer.c" $libs -o "$work/consumer" 2>"$work/cc.err"; then
    got=$(LD_LIBRARY_PATH=$root/$L "$work/consumer" 2>&1)
    rc=$?
    from=$(LD_LIBRARY_PATH=$root/$L ldd "$work/consumer" | sed -n 's/.*libtcpfsm\.so\.0 => \([^ ]*\).*/\1/p')
    if [ "$rc" -eq 0 ] && [ "$from" = "$root/$L/libtcpfsm.so.0" ]; then
        pass consumer "built with pkg-config, linked to the packaged libtcpfsm.so.0: $got"
    else
        fail consumer "exit $rc, libtcpfsm.so.0 from '$from': $got"
    fi
else
    fail consumer "did not build: $(tr '\n' ' ' <"$work/cc.err")"
fi
if $cc -std=c11 -Wall -Wextra -Werror $cflags "$work/consumer.c" "$root/$L/libtcpfsm.a" \
       -o "$work/consumer-static" 2>"$work/cc.err"; then
    if got=$("$work/consumer-static" 2>&1) && ! readelf -d "$work/consumer-static" | grep -q libtcpfsm; then
        pass consumer-static "built with the packaged libtcpfsm.a: $got"
    else
        fail consumer-static "$got"
    fi
else
    fail consumer-static "did not build: $(tr '\n' ' ' <"$work/cc.err")"
fi

# The examples as shipped: the demo built against the packages, and run.
ex="$root/usr/share/doc/libtcpfsm-dev/examples"
for f in "$ex"/*.gz; do [ -f "$f" ] && gunzip "$f"; done  # what dh_compress compressed
set --
for f in $demo; do set -- "$@" "$ex/${f##*/}"; done
if $cc -std=c11 -Wall -Wextra -Werror $cflags "$@" $libs -o "$work/demo" 2>"$work/cc.err"; then
    if LD_LIBRARY_PATH=$root/$L "$work/demo" >"$work/demo.out" 2>&1; then
        pass examples "tcpfsm-demo built from usr/share/doc/libtcpfsm-dev/examples ($#) against the packages ran: $(wc -l <"$work/demo.out") lines of timeline"
    else
        fail examples "tcpfsm-demo failed: $(tail -n 3 "$work/demo.out" | tr '\n' ' ')"
    fi
else
    fail examples "tcpfsm-demo did not build from the packaged examples: $(head -c 600 "$work/cc.err" | tr '\n' ' ')"
fi

# The checkout untouched: nothing in debian/ nor packages beside the tree
# written since the copy.
left=$({ find debian -newer "$work/start"
         find .. -maxdepth 1 -type f \( -name 'tcpfsm_*' -o -name 'libtcpfsm*' \) -newer "$work/start"
       } 2>/dev/null | tr '\n' ' ')
if [ -z "$left" ]; then
    pass clean "the build ran in a copy: nothing written in debian/ or beside the tree"
else
    fail clean "written during the run: $left"
fi
finish
