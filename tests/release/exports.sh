#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The shared library exports the public API and nothing else: its dynamic
# symbols are exactly the functions include/tcpfsm/*.h declares with
# TCPFSM_API.  Usage: tests/release/exports.sh build/libtcpfsm.so
set -eu
so=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -n 's/^TCPFSM_API [a-z0-9_ ]*[ *]\(tcpfsm_[a-z0-9_]*\)(.*/\1/p' include/tcpfsm/*.h \
    | sort -u >"$work/declared"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ { print $3 }' | sort -u >"$work/exported"
if ! cmp -s "$work/declared" "$work/exported"; then
    echo "FAIL exports: $so exports other symbols than the public API (< declared, > exported):"
    diff "$work/declared" "$work/exported" | grep '^[<>]'
    exit 1
fi
echo "PASS exports: $(wc -l <"$work/exported") symbols, each declared TCPFSM_API, nothing else"
