#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What an embedder and a packager rely on, checked by `make test`
# (make release-checks): the layout check of tcpfsm_init, the exported
# symbols, the layering of src/, and a freestanding build for the host
# (`make freestanding` adds Cortex-M0 and M4).
# Usage: tests/release/run.sh BUILD_DIR CC
set -u
B=$1
CC=${2:-cc}
failed=0
flags="-std=c11 -Wall -Wextra -Werror -Iinclude"
# the same consumer against the static library, built with the library's
# setting and with another one
if $CC $flags tests/release/layout_consumer.c "$B/libtcpfsm.a" -o "$B/release/same_layout" \
   && $CC $flags -DTCPFSM_OOO_RANGES=1 -DEXPECT_OTHER_LAYOUT tests/release/layout_consumer.c \
          "$B/libtcpfsm.a" -o "$B/release/other_layout"; then
    "$B/release/same_layout" || failed=1
    "$B/release/other_layout" || failed=1
else
    echo "FAIL layout: the consumer did not build"
    failed=1
fi
sh tests/release/exports.sh "$B/libtcpfsm.so" || failed=1
python3 tests/release/layering.py || failed=1
sh tests/release/freestanding.sh "$B" host || failed=1
exit $failed
