#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make demo, second half: the seed scenario against the Linux kernel's TCP.
#   sh tests/interop/demo.sh path/to/tcpfsm-tun
# tcpfsm-tun (10.77.0.2, behind a TUN device in a network namespace) connects
# to a Linux server (python3's socket module, 10.77.0.1:9000), sends 2000
# bytes and closes; Linux reads them and closes 200 ms after our FIN; we
# wait out TIME-WAIT (2 MSL shortened to 1 s).  Prints our timeline, with
# what Linux sent.  Without root, TUN or namespaces: one line, exit 0.
set -u
cd "$(dirname "$0")/../.."
BIN=${1:-build/examples/tcpfsm-tun}
say() { echo; echo "demo against Linux: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || say "skipped: needs root (a network namespace and a TUN device); run make demo as root"
[ -c /dev/net/tun ] || say "skipped: /dev/net/tun is missing"
command -v ip >/dev/null 2>&1 || scripts/need iproute2 >/dev/null 2>&1 || say "skipped: no ip command (iproute2)"
command -v python3 >/dev/null 2>&1 || scripts/need python3 >/dev/null 2>&1 || say "skipped: no python3"
PY=$(python3 -c 'import sys; print(sys.executable)')
NS=tcpfsm-demo-$$
ip netns add "$NS" 2>/dev/null || say "skipped: cannot create a network namespace"
W=$(mktemp -d /tmp/tcpfsm-demo.XXXXXX)
SINK=""
cleanup() { [ -n "$SINK" ] && kill "$SINK" 2>/dev/null; ip netns del "$NS" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT INT TERM
ip -n "$NS" link set lo up
ip -n "$NS" tuntap add dev tfsm0 mode tun || say "skipped: cannot create a TUN device"
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
ip -n "$NS" addr add 10.77.0.1/24 dev tfsm0
ip -n "$NS" link set tfsm0 up
"$PY" -c 'import sys; sys.stdout.write("".join(chr(97 + i % 26) for i in range(2000)))' >"$W/data"
ip netns exec "$NS" "$PY" tests/interop/peer.py sink 10.77.0.1 9000 "$W/got" 200 >"$W/sink.out" 2>&1 &
SINK=$!
i=0; while ! ip netns exec "$NS" ss -Htln | grep -q ':9000 ' && [ $i -lt 500 ]; do i=$((i+1)); sleep 0.01; done
echo
echo "tcpfsm demo against Linux: tcpfsm-tun 10.77.0.2:40000 (user space, over TUN) connects to"
echo "Linux's TCP at 10.77.0.1:9000 in a network namespace, sends 2000 bytes, closes;"
echo "Linux reads them and closes 200 ms after our FIN.  2 MSL is 1 s here.  Times are real."
echo
ip netns exec "$NS" timeout 30 "$BIN" client --tun tfsm0 --ip 10.77.0.2 --connect 10.77.0.1:9000 \
    --in "$W/data" --shut --msl2-ms 1000 --trace --timeout-s 20 2>"$W/client.log"
rc=$?
wait "$SINK"; SINK=""
echo
sed -n 's/^tcpfsm-tun: conn [^:]*:[0-9]*: .*states=/tcpfsm: /p' "$W/client.log"
if [ $rc -eq 0 ] && cmp -s "$W/data" "$W/got"; then
    echo "bytes: 2000 sent, $(wc -c <"$W/got") received by Linux, identical"
else
    echo "demo against Linux: the run failed (exit $rc):"; cat "$W/client.log"; exit 1
fi
