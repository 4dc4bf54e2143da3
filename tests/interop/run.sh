#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Interop with the Linux kernel's TCP (tests/interop/README.md).
#   sh tests/interop/run.sh [path/to/tcpfsm-tun]
# As root: a network namespace holds a TUN device, tfsm0, 10.77.0.1/24 on the
# Linux side; tcpfsm-tun is 10.77.0.2 behind it.  Linux's own TCP (python3's
# socket module, "$PY" -m http.server) talks to our endpoint.
# Prints one line per scenario (PASS, FAIL, SKIP, with its time) and exits 1
# when one failed.  Not root, no TUN, no namespaces: one SKIP line, exit 0.
set -u
cd "$(dirname "$0")/../.."
BIN=${1:-build/examples/tcpfsm-tun}
HERE=tests/interop
NS=tcpfsm-interop-$$
DEV=tfsm0
LIN=10.77.0.1
OURS=10.77.0.2

skip_all() { echo "interop: SKIP: $*"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip_all "not root (a network namespace and a TUN device need root)"
[ -c /dev/net/tun ] || skip_all "/dev/net/tun is missing"
command -v ip >/dev/null 2>&1 || scripts/need iproute2 >/dev/null 2>&1 \
    || skip_all "no ip command (iproute2 cannot be installed)"
command -v ss >/dev/null 2>&1 || skip_all "no ss command"
command -v python3 >/dev/null 2>&1 || scripts/need python3 >/dev/null 2>&1 \
    || skip_all "no python3 (cannot be installed)"
# the interpreter itself, not a wrapper (pyenv's shims take a second to start)
PY=$(python3 -c 'import sys; print(sys.executable)')
[ -x "$BIN" ] || { echo "interop: FAIL: $BIN not built (make examples)"; exit 1; }
ip netns add "$NS" 2>/dev/null || skip_all "cannot create a network namespace (ip netns add failed)"

W=$(mktemp -d /tmp/tcpfsm-interop.XXXXXX)
PIDS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT INT TERM

nsx() { ip netns exec "$NS" "$@"; }
ip -n "$NS" link set lo up
if ! ip -n "$NS" tuntap add dev "$DEV" mode tun 2>/dev/null; then
    echo "interop: SKIP: cannot create a TUN device in the namespace"; exit 0
fi
nsx sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
ip -n "$NS" addr add "$LIN/24" dev "$DEV"
ip -n "$NS" link set "$DEV" up

HAVE_TCPDUMP=1
command -v tcpdump >/dev/null 2>&1 || scripts/need tcpdump >/dev/null 2>&1 || HAVE_TCPDUMP=0
command -v tcpdump >/dev/null 2>&1 || HAVE_TCPDUMP=0

FAILS=0
RESULTS=""
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f s", b - a }'; }
result() { # NAME STATUS START DETAIL
    line=$(printf '%-26s %-5s %9s  %s' "$1" "$2" "$(elapsed "$3")" "$4")
    echo "interop: $line"
    RESULTS="$RESULTS
$line"
    [ "$2" = FAIL ] && FAILS=$((FAILS + 1))
    return 0
}
sha() { sha256sum "$1" | cut -c1-64; }

# wait until our endpoint holds the TUN device (carrier up)
wait_attached() {
    i=0
    while ! ip -n "$NS" link show "$DEV" | grep -q LOWER_UP; do
        i=$((i + 1)); [ $i -gt 200 ] && return 1; sleep 0.01
    done
}
wait_detached() {
    i=0
    while ip -n "$NS" link show "$DEV" | grep -q LOWER_UP; do
        i=$((i + 1)); [ $i -gt 500 ] && return 1; sleep 0.01
    done
}
# ss_watch PORT: start watching; ss_stop: stop; ss_seq PORT: the state
# sequence of the one connection seen ("ESTAB FIN-WAIT-2 TIME-WAIT")
ss_watch() {
    rm -f "$W/ss-$1" "$W/ss-$1.ready"
    ip netns exec "$NS" "$PY" $HERE/peer.py sswatch "$1" "$W/ss-$1" & SSPID=$!; PIDS="$PIDS $SSPID"
    i=0; while [ ! -e "$W/ss-$1.ready" ] && [ $i -lt 500 ]; do i=$((i+1)); sleep 0.01; done
}
ss_stop() { sleep 0.3; kill "$SSPID" 2>/dev/null; wait "$SSPID" 2>/dev/null; }
ss_seq() { [ -f "$W/ss-$1" ] && awk '{ printf "%s%s", (NR > 1 ? " " : ""), $3 }' "$W/ss-$1"; }

server() { # PORT MODE EXTRA...: start our server for one connection
    port=$1; mode=$2; shift 2
    mkdir -p "$W/srv-$port"
    ip netns exec "$NS" "$BIN" server --tun "$DEV" --ip "$OURS" --port "$port" --mode "$mode" \
        --out "$W/srv-$port" --count 1 --linger-ms 300 --msl2-ms 1000 --rcv-buf 4194304 \
        --snd-buf 4194304 --timeout-s 90 "$@" >"$W/srv-$port.out" 2>"$W/srv-$port.log" &
    SRVPID=$!; PIDS="$PIDS $SRVPID"
    wait_attached || { echo "interop: our server did not attach to $DEV"; cat "$W/srv-$port.log"; }
}
server_wait() { wait "$SRVPID"; rc=$?; wait_detached; return $rc; }

mkfile() { # NAME BYTES
    head -c "$2" /dev/urandom >"$W/$1"
}
mkfile f-1B 1
mkfile f-100KB 102400
mkfile f-10MB 10485760
mkfile f-2MB 2097152

# 1. Linux client (python3 socket) against our echo server, Linux closes first
echo_run() { # NAME FILE PORT [capture]
    name=$1; f=$W/$2; port=$3; t=$(now)
    server "$port" echo
    ss_watch "$port"
    if [ "${4:-}" = capture ] && [ "$HAVE_TCPDUMP" = 1 ]; then
        ip netns exec "$NS" tcpdump -i "$DEV" --immediate-mode -U -s 200 -w "$W/cap-$port.pcap" "tcp port $port" 2>"$W/tcpdump.log" &
        TDPID=$!; PIDS="$PIDS $TDPID"
        i=0; while ! grep -q listening "$W/tcpdump.log" 2>/dev/null && [ $i -lt 300 ]; do i=$((i+1)); sleep 0.01; done
    fi
    out=$(nsx timeout 120 "$PY" $HERE/peer.py client "$OURS" "$port" "$f" 2>&1); crc=$?
    server_wait; src=$?
    ss_stop
    [ "${4:-}" = capture ] && [ "$HAVE_TCPDUMP" = 1 ] && { sleep 0.5; kill "$TDPID"; wait "$TDPID" 2>/dev/null; }
    want=$(sha "$f")
    got_echo=$(echo "$out" | sed -n 's/.*echo_sha256=\([0-9a-f]*\).*/\1/p')
    got_srv=$( [ -f "$W/srv-$port/conn-1.bin" ] && sha "$W/srv-$port/conn-1.bin")
    states=$(sed -n 's/.*states=//p' "$W/srv-$port.log")
    seq=$(ss_seq "$port")
    why=""
    [ $crc -eq 0 ] || why="$why; Linux client failed: $out"
    [ $src -eq 0 ] || why="$why; our server exited $src"
    [ "$got_echo" = "$want" ] || why="$why; echo sha256 $got_echo != sent $want"
    [ "$got_srv" = "$want" ] || why="$why; received at tcpfsm sha256 $got_srv != sent $want"
    case "$states" in *ESTABLISHED,CLOSE-WAIT,LAST-ACK,CLOSED) ;; *) why="$why; tcpfsm states $states" ;; esac
    echo "$seq" | grep -Eq '(^| )FIN-WAIT-2 TIME-WAIT( |$)' || why="$why; Linux states '$seq'"
    SHALOG="$SHALOG
  $name: sent $want | at tcpfsm ${got_srv:-none} | echoed to Linux ${got_echo:-none}"
    SSLOG="$SSLOG
  $name: Linux: $seq | tcpfsm: $states"
    if [ -z "$why" ]; then result "$name" PASS "$t" "sha256 equal at both ends; Linux: $seq"
    else result "$name" FAIL "$t" "${why#; }"; fi
}

# 2. our client against "$PY" -m http.server, Linux closes first
http_run() { # NAME FILE LPORT
    name=$1; f=$2; lport=$3; t=$(now)
    printf 'GET /%s HTTP/1.0\r\nHost: %s\r\n\r\n' "$f" "$LIN" >"$W/req-$lport"
    ss_watch 8000
    nsx timeout 120 "$BIN" client --tun "$DEV" --ip "$OURS" --connect "$LIN:8000" --lport "$lport" \
        --in "$W/req-$lport" --out "$W/reply-$lport" --linger-ms 300 --msl2-ms 1000 \
        --rcv-buf 4194304 --timeout-s 90 >/dev/null 2>"$W/cli-$lport.log"; crc=$?
    wait_detached
    ss_stop
    "$PY" -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"\r\n\r\n"); open(sys.argv[2],"wb").write(d[i+4:] if i>=0 else b"")' \
        "$W/reply-$lport" "$W/body-$lport" 2>/dev/null
    want=$(sha "$W/$f"); got=$(sha "$W/body-$lport")
    status=$(head -c 12 "$W/reply-$lport" 2>/dev/null | tr -d '\r\n')
    states=$(sed -n 's/.*states=//p' "$W/cli-$lport.log")
    seq=$(grep ":$lport " "$W/ss-8000" 2>/dev/null | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $3 }')
    why=""
    [ $crc -eq 0 ] || why="$why; our client exited $crc"
    [ "$status" = "HTTP/1.0 200" ] || why="$why; reply starts '$status'"
    [ "$got" = "$want" ] || why="$why; body sha256 $got != served $want"
    case "$states" in *ESTABLISHED,CLOSE-WAIT,LAST-ACK,CLOSED) ;; *) why="$why; tcpfsm states $states" ;; esac
    echo "$seq" | grep -Eq '(^| )FIN-WAIT-2 TIME-WAIT( |$)' || why="$why; Linux states '$seq'"
    SHALOG="$SHALOG
  $name: served by Linux $want | received by tcpfsm $got"
    SSLOG="$SSLOG
  $name: Linux: $seq | tcpfsm: $states"
    if [ -z "$why" ]; then result "$name" PASS "$t" "sha256 equal at both ends; Linux: $seq"
    else result "$name" FAIL "$t" "${why#; }"; fi
}

SHALOG=""; SSLOG=""; CAPLOG=""
echo "interop: namespace $NS, $DEV $LIN (Linux) <-> $OURS (tcpfsm), work dir $W"

echo_run linux-client-echo-1B f-1B 7001
echo_run linux-client-echo-100KB f-100KB 7002 capture
echo_run linux-client-echo-10MB f-10MB 7003

# the capture of the 100 KB run
t=$(now)
if [ "$HAVE_TCPDUMP" = 1 ] && [ -s "$W/cap-7002.pcap" ]; then
    CAPLOG=$("$PY" $HERE/pcapcheck.py "$W/cap-7002.pcap" 7002 2>&1); rc=$?
    if [ $rc -eq 0 ]; then result capture-100KB PASS "$t" "handshake, no retransmission, four-way close"
    else result capture-100KB FAIL "$t" "$(echo "$CAPLOG" | grep FAIL | tr '\n' ' ')"; fi
elif [ "$HAVE_TCPDUMP" = 1 ]; then
    result capture-100KB FAIL "$t" "tcpdump wrote no capture: $(cat "$W/tcpdump.log")"
else
    result capture-100KB SKIP "$t" "tcpdump missing and apt-get could not install it"
fi

ip netns exec "$NS" "$PY" -m http.server 8000 --bind "$LIN" --directory "$W" >"$W/http.log" 2>&1 &
HTTPPID=$!; PIDS="$PIDS $HTTPPID"
i=0; while ! nsx ss -Htln | grep -q ":8000 " && [ $i -lt 300 ]; do i=$((i+1)); sleep 0.01; done
http_run tcpfsm-client-http-1B f-1B 40001
http_run tcpfsm-client-http-100KB f-100KB 40002
http_run tcpfsm-client-http-10MB f-10MB 40003
kill "$HTTPPID" 2>/dev/null; wait "$HTTPPID" 2>/dev/null

# 3. our client closes first (--shut): Linux goes CLOSE-WAIT, then LAST-ACK.
# A 50 ms delay on the link towards us keeps LAST-ACK long enough for ss to
# see it: tc netem when the kernel has it (that direction only), else
# tcpfsm-tun's own impaired link (examples/impair.h), 50 ms each way: what
# it reads from the TUN device (--rx-*) and what it writes (--tx-*).
t=$(now)
IMPAIR=""; HOW="tc netem delay 50ms, towards tcpfsm only"
if ! ip netns exec "$NS" tc qdisc add dev "$DEV" root netem delay 50ms 2>"$W/tc.log"; then
    IMPAIR="--rx-delay-ms 50 --tx-delay-ms 50"
    HOW="tcpfsm-tun $IMPAIR, both directions (no sch_netem: $(head -1 "$W/tc.log"))"
fi
ss_watch 9000
ip netns exec "$NS" "$PY" $HERE/peer.py sink "$LIN" 9000 "$W/sink-9000" 500 reply >"$W/sink.out" 2>&1 &
SINKPID=$!; PIDS="$PIDS $SINKPID"
i=0; while ! nsx ss -Htln | grep -q ":9000 " && [ $i -lt 300 ]; do i=$((i+1)); sleep 0.01; done
nsx timeout 60 "$BIN" client --tun "$DEV" --ip "$OURS" --connect "$LIN:9000" --lport 40010 \
    --in "$W/f-100KB" --out "$W/reply-40010" --shut --msl2-ms 1000 --timeout-s 50 $IMPAIR \
    >/dev/null 2>"$W/cli-40010.log"; crc=$?
wait "$SINKPID"; wait_detached
ss_stop
[ -z "$IMPAIR" ] && nsx tc qdisc del dev "$DEV" root
want=$(sha "$W/f-100KB"); at_linux=$(sha "$W/sink-9000"); echoed=$(head -c 64 "$W/reply-40010")
states=$(sed -n 's/.*states=//p' "$W/cli-40010.log")
seq=$(ss_seq 9000)
why=""
[ $crc -eq 0 ] || why="$why; our client exited $crc"
[ "$at_linux" = "$want" ] || why="$why; received by Linux sha256 $at_linux != sent $want"
[ "$echoed" = "$want" ] || why="$why; Linux reported sha256 $echoed"
case "$states" in *ESTABLISHED,FIN-WAIT-1,FIN-WAIT-2,TIME-WAIT,CLOSED) ;; *) why="$why; tcpfsm states $states" ;; esac
echo "$seq" | grep -Eq '(^| )CLOSE-WAIT LAST-ACK( |$)' || why="$why; Linux states '$seq'"
SHALOG="$SHALOG
  tcpfsm-client-closes-first: sent $want | at Linux $at_linux | Linux's reply $echoed"
SSLOG="$SSLOG
  tcpfsm-client-closes-first: Linux: $seq | tcpfsm: $states"
if [ -z "$why" ]; then result tcpfsm-client-closes-first PASS "$t" "sha256 equal; Linux: $seq; delay by $HOW"
else result tcpfsm-client-closes-first FAIL "$t" "${why#; }"; fi

# 4. a reset from the Linux side (SO_LINGER 0 after 1000 bytes echoed)
t=$(now)
server 7010 echo
out=$(nsx timeout 30 "$PY" $HERE/peer.py reset "$OURS" 7010 1000 2>&1); crc=$?
server_wait; src=$?
log=$(grep 'conn 1 ' "$W/srv-7010.log")
why=""
[ $crc -eq 0 ] || why="$why; Linux client failed: $out"
[ $src -eq 0 ] || why="$why; our server exited $src"
echo "$log" | grep -q 'notes=[A-Z_ ]*RESET' || why="$why; no RESET note: $log"
case "$log" in *states=*,ESTABLISHED,CLOSED) ;; *) why="$why; states: ${log#*states=}" ;; esac
[ "$(wc -c <"$W/srv-7010/conn-1.bin" 2>/dev/null)" = 1000 ] || why="$why; tcpfsm did not receive the 1000 bytes"
if [ -z "$why" ]; then result linux-reset PASS "$t" "RESET noted, ESTABLISHED -> CLOSED"
else result linux-reset FAIL "$t" "${why#; }"; fi

# 5. loss, reordering and delay: tc netem on the link towards us when the
# kernel has it, else the same done by tcpfsm-tun in both directions, on
# what it reads and on what it writes (with duplication as well).
t=$(now)
NETEM="delay 10ms reorder 25% 50% loss 1%"
IMPAIR=""; HOW="tc netem $NETEM, towards tcpfsm only"
if ! ip netns exec "$NS" tc qdisc add dev "$DEV" root netem $NETEM 2>"$W/tc.log"; then
    IMPAIR="--rx-delay-ms 10 --rx-reorder-pct 25 --rx-loss-pct 1 --rx-dup-pct 0.5"
    IMPAIR="$IMPAIR --tx-delay-ms 10 --tx-reorder-pct 25 --tx-loss-pct 1 --tx-dup-pct 0.5 --seed 7"
    HOW="tcpfsm-tun $IMPAIR, both directions (no sch_netem: $(head -1 "$W/tc.log"))"
fi
server 7020 echo $IMPAIR
out=$(nsx timeout 150 "$PY" $HERE/peer.py client "$OURS" 7020 "$W/f-2MB" 2>&1); crc=$?
server_wait; src=$?
[ -z "$IMPAIR" ] && nsx tc qdisc del dev "$DEV" root
want=$(sha "$W/f-2MB")
got_echo=$(echo "$out" | sed -n 's/.*echo_sha256=\([0-9a-f]*\).*/\1/p')
got_srv=$( [ -f "$W/srv-7020/conn-1.bin" ] && sha "$W/srv-7020/conn-1.bin")
kept=$(sed -n 's/.* kept=\([0-9]*\).*/\1/p' "$W/srv-7020.log")
why=""
[ $crc -eq 0 ] || why="$why; Linux client failed: $out"
[ $src -eq 0 ] || why="$why; our server exited $src"
[ "$got_echo" = "$want" ] || why="$why; echo sha256 $got_echo != sent $want"
[ "$got_srv" = "$want" ] || why="$why; received at tcpfsm sha256 $got_srv != sent $want"
# without netem: each direction must really have lost and reordered packets
if [ -n "$IMPAIR" ]; then
    for dir in rx tx; do
        line=$(grep "tcpfsm-tun: $dir impairment:" "$W/srv-7020.log")
        lost=$(echo "$line" | sed -n 's/.* dropped \([0-9]*\),.*/\1/p')
        ahead=$(echo "$line" | sed -n 's/.* reordered \([0-9]*\),.*/\1/p')
        [ "${lost:-0}" -gt 0 ] && [ "${ahead:-0}" -gt 0 ] \
            || why="$why; $dir was not impaired (dropped ${lost:-?}, reordered ${ahead:-?})"
    done
fi
SHALOG="$SHALOG
  netem-echo-2MB: sent $want | at tcpfsm ${got_srv:-none} | echoed to Linux ${got_echo:-none}"
if [ -z "$why" ]; then result netem-echo-2MB PASS "$t" "sha256 equal at both ends; ${kept:-?} bytes kept out of order; $HOW"
else result netem-echo-2MB FAIL "$t" "${why#; }; $HOW"; fi
IMPAIRLOG=$(grep -e 'done:' -e 'impairment:' "$W/srv-7020.log")

echo "interop: SHA-256 compared:$SHALOG"
echo "interop: socket states (ss, Linux) and ours:$SSLOG"
[ -n "$CAPLOG" ] && echo "$CAPLOG" | sed 's/^/interop: /'
echo "${IMPAIRLOG:-}" | sed 's/^/interop: netem-echo-2MB server: /'
echo "interop: summary:$RESULTS"
if [ $FAILS -gt 0 ]; then echo "interop: FAIL ($FAILS)"; exit 1; fi
echo "interop: PASS"
