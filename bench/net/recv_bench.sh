#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# recv_bench.sh: one run of bench/net (bench/net/README.md, run.sh runs the
# matrix).  How fast a receiver, tcpfsm-tun or Linux, takes a bulk transfer
# from a Linux sender over a path impaired in the sender -> receiver (data)
# direction only: delay, loss, reordering; the ACK direction is clean.
#
#   sh bench/net/recv_bench.sh <path/to/tcpfsm-tun | linux> CC DELAY_MS LOSS_PCT [REORDER_PCT]
#
# CC: the sender's TCP_CONGESTION (bbr, cubic, reno).  DELAY_MS, LOSS_PCT
# and REORDER_PCT are whole numbers, as tcpfsm-tun's --rx-* take them.
#
# tcpfsm: namespace tfsmb<pid>-tun holds TUN device tfsmb0; Linux is
#   10.78.0.1/24 on it, tcpfsm-tun (server --mode sink) 10.78.0.2 behind it.
#   The impairment is tcpfsm-tun's own --rx-delay-ms / --rx-loss-pct /
#   --rx-reorder-pct / --seed on what it reads.
# linux: the baseline, Linux to Linux.  The sender is in tfsmb<pid>-snd (TUN
#   tfsmba0, 10.78.1.1), the receiver (bulk.py sink) in tfsmb<pid>-rcv (TUN
#   tfsmbb0, 10.78.2.1), joined by relay (relay.c, built into
#   build/bench-net/relay by ${CC:-cc} when missing or older than relay.c),
#   which impairs snd -> rcv with the same algorithm and seed as
#   tcpfsm-tun's --rx-*.
# The sender is bulk.py send: a random file of SIZE bytes, SHUT_WR, wait for
# EOF; the time runs from connect() returning to EOF.
#
# Environment: SIZE bytes (5242880), SEED (1), TIMEOUT s (120), RCVBUF
#   tcpfsm-tun's --rcv-buf (4194304; Linux's receiver autotunes), PORT
#   (7100), DATA (a file to send instead of a fresh random one), RESULTS
#   (append one CSV line there), BUILD (build/bench-net), KEEP=1 (keep the
#   work directory in /tmp).
# Prints one line "result: key=value ...", then the receiver's or relay's
# log lines.  Exit 0 ok, 1 SHA mismatch or error, 2 cannot run (not root,
# no TUN, no namespace, bad arguments), 3 stall (not all acked within
# TIMEOUT).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ $# -lt 4 ]; then
    sed -n '3,34p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
BIN=$1; CCA=$2; DELAY=$3; LOSS=$4; REORDER=${5:-0}
SIZE=${SIZE:-5242880}; SEED=${SEED:-1}; TIMEOUT=${TIMEOUT:-120}
RCVBUF=${RCVBUF:-4194304}; PORT=${PORT:-7100}
BUILD=${BUILD:-$ROOT/build/bench-net}
for v in "$DELAY" "$LOSS" "$REORDER" "$SEED" "$SIZE" "$TIMEOUT" "$RCVBUF" "$PORT"; do
    case $v in ''|*[!0-9]*) echo "recv_bench: '$v' is not a whole number"; exit 2 ;; esac
done
[ "$(id -u)" -eq 0 ] || { echo "recv_bench: needs root"; exit 2; }
[ -c /dev/net/tun ] || { echo "recv_bench: /dev/net/tun is missing"; exit 2; }
# the interpreter itself, not a wrapper (pyenv's shims take a second to start)
PY=$(python3 -c 'import sys; print(sys.executable)') || { echo "recv_bench: no python3"; exit 2; }

if [ "$BIN" = linux ]; then
    MODE=linux
    RELAY=$BUILD/relay
    if [ ! -x "$RELAY" ] || [ -n "$(find "$HERE/relay.c" -newer "$RELAY")" ]; then
        mkdir -p "$BUILD"
        ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror \
            -o "$RELAY" "$HERE/relay.c" || { echo "recv_bench: cannot build $RELAY"; exit 2; }
    fi
else
    MODE=tcpfsm
    BIN=$(readlink -f "$BIN")
    [ -x "$BIN" ] || { echo "recv_bench: $1 is not an executable (make build/examples/tcpfsm-tun)"; exit 2; }
fi

NSPFX=tfsmb$$
W=$(mktemp -d /tmp/tcpfsm-bench-net.XXXXXX)
PIDS=""
NSS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    for n in $NSS; do ip netns del "$n" 2>/dev/null; done
    if [ -n "${KEEP:-}" ]; then echo "recv_bench: work directory kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkns() { # NAME: a fresh namespace, lo up, no IPv6
    ip netns add "$1" 2>/dev/null || { echo "recv_bench: cannot create network namespace $1"; exit 2; }
    NSS="$NSS $1"
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
}
mktun() { # NS DEV ADDR/LEN: a TUN device, up
    ip -n "$1" tuntap add dev "$2" mode tun 2>/dev/null \
        || { echo "recv_bench: cannot create a TUN device in $1"; exit 2; }
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$1" link set "$2" up
}
wait_carrier() { # NS DEV: until a program holds the TUN device
    i=0
    while ! ip -n "$1" link show "$2" | grep -q LOWER_UP; do
        i=$((i + 1)); [ $i -gt 500 ] && return 1; sleep 0.01
    done
}
counters() { # NS: "Key=value" lines of the Tcp and TcpExt counters of that namespace
    ip netns exec "$1" awk '$1 ~ /^(TcpExt|Tcp):$/ {
        if (!($1 in h)) { for (i = 2; i <= NF; i++) k[$1, i] = $i; h[$1] = 1 }
        else for (i = 2; i <= NF; i++) print k[$1, i] "=" $i }' /proc/net/netstat /proc/net/snmp
}
delta() { # KEY: how far that counter of the sender moved during the run
    awk -F= -v k="$1" 'NR == FNR { if ($1 == k) a = $2; next } $1 == k { print $2 - a; exit }' \
        "$W/c0" "$W/c1"
}
sha() { sha256sum "$1" 2>/dev/null | cut -c1-64; }

if [ -n "${DATA:-}" ]; then
    F=$DATA; SIZE=$(stat -c %s "$F")
else
    F=$W/data.bin; head -c "$SIZE" /dev/urandom >"$F"
fi
WANT=$(sha "$F")

if [ "$MODE" = tcpfsm ]; then
    SNS=$NSPFX-tun; DST=10.78.0.2
    mkns "$SNS"
    mktun "$SNS" tfsmb0 10.78.0.1/24
    IMPAIR=""
    [ "$DELAY" != 0 ] && IMPAIR="$IMPAIR --rx-delay-ms $DELAY"
    [ "$LOSS" != 0 ] && IMPAIR="$IMPAIR --rx-loss-pct $LOSS"
    [ "$REORDER" != 0 ] && IMPAIR="$IMPAIR --rx-reorder-pct $REORDER"
    [ -n "$IMPAIR" ] && IMPAIR="$IMPAIR --seed $SEED"
    mkdir -p "$W/srv"
    # shellcheck disable=SC2086
    ip netns exec "$SNS" "$BIN" server --tun tfsmb0 --ip $DST --port "$PORT" --mode sink \
        --out "$W/srv" --count 1 --linger-ms 0 --msl2-ms 1000 --rcv-buf "$RCVBUF" \
        --timeout-s $((TIMEOUT + 2)) $IMPAIR >"$W/srv.out" 2>"$W/srv.log" &
    RPID=$!; PIDS="$PIDS $RPID"
    wait_carrier "$SNS" tfsmb0 || { echo "recv_bench: tcpfsm-tun did not attach"; cat "$W/srv.log"; exit 1; }
    RECV_FILE=$W/srv/conn-1.bin
else
    SNS=$NSPFX-snd; RNS=$NSPFX-rcv; DST=10.78.2.1
    mkns "$SNS"; mkns "$RNS"
    mktun "$SNS" tfsmba0 10.78.1.1/24
    mktun "$RNS" tfsmbb0 10.78.2.1/24
    ip -n "$SNS" route add 10.78.2.0/24 dev tfsmba0
    ip -n "$RNS" route add 10.78.1.0/24 dev tfsmbb0
    "$RELAY" "$SNS" tfsmba0 "$RNS" tfsmbb0 "$DELAY" "$LOSS" "$REORDER" "$SEED" 2>"$W/relay.log" &
    RELAYPID=$!; PIDS="$PIDS $RELAYPID"
    { wait_carrier "$SNS" tfsmba0 && wait_carrier "$RNS" tfsmbb0; } \
        || { echo "recv_bench: relay did not attach"; cat "$W/relay.log"; exit 1; }
    RECV_FILE=$W/recv.bin
    ip netns exec "$RNS" "$PY" "$HERE/bulk.py" sink $DST "$PORT" "$RECV_FILE" >"$W/sink.out" 2>&1 &
    RPID=$!; PIDS="$PIDS $RPID"
    i=0
    while ! ip netns exec "$RNS" ss -Htln | grep -q ":$PORT " && [ $i -lt 500 ]; do
        i=$((i + 1)); sleep 0.01
    done
fi

counters "$SNS" >"$W/c0"
OUT=$(ip netns exec "$SNS" timeout $((TIMEOUT + 20)) "$PY" "$HERE/bulk.py" send $DST "$PORT" "$F" "$CCA" "$TIMEOUT" 2>&1)
SRC=$?
counters "$SNS" >"$W/c1"
# the sender's loss-recovery counters that moved (TcpExt of its namespace)
EXT=""
for k in TCPTimeouts TCPLossProbes TCPSACKReneging TCPSackRecovery TCPLostRetransmit \
         TCPSpuriousRTOs TCPFastRetrans TCPSlowStartRetrans TCPSACKReorder TCPDSACKRecv TCPRenoRecovery; do
    d=$(delta $k)
    [ -n "$d" ] && [ "$d" != 0 ] && EXT="$EXT${EXT:+;}$k=$d"
done
RETRANS=$(delta RetransSegs); RENEG=$(delta TCPSACKReneging)
# the receiver: a moment to finish, then stopped
i=0
while kill -0 "$RPID" 2>/dev/null && [ $i -lt 500 ]; do i=$((i + 1)); sleep 0.01; done
kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
if [ "$MODE" = linux ]; then kill "$RELAYPID" 2>/dev/null; wait "$RELAYPID" 2>/dev/null; fi

GOT=$(sha "$RECV_FILE"); GOTN=$(stat -c %s "$RECV_FILE" 2>/dev/null || echo 0)
SHA_OK=0; [ "$GOT" = "$WANT" ] && SHA_OK=1
STALL=0; { [ $SRC -eq 3 ] || [ $SRC -eq 124 ]; } && STALL=1
kv() { echo "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
ms() { v=$(kv "$1"); echo $(( ${v:-0} / 1000 )); }
if [ "$MODE" = tcpfsm ]; then
    DROPS=$(sed -n 's/.*impairment: \([0-9]*\) dropped.*/\1/p' "$W/srv.log" | head -1)
    KEPT=$(sed -n 's/.* kept=\([0-9]*\).*/\1/p' "$W/srv.log" | head -1)
    RCVB=$RCVBUF
else
    DROPS=$(sed -n 's/.*(dropped \([0-9]*\),.*/\1/p' "$W/relay.log" | head -1)
    KEPT=NA
    RCVB=autotune
fi
SECS=$(kv seconds); GP=$(kv goodput_mbit)
echo "result: receiver=$MODE cc=$CCA delay_ms=$DELAY loss_pct=$LOSS reorder_pct=$REORDER seed=$SEED" \
    "size=$SIZE rcvbuf=$RCVB seconds=${SECS:-NA} goodput_mbit=${GP:-NA} received=$GOTN sha_ok=$SHA_OK" \
    "stall=$STALL sender_rc=$SRC retrans_segs=${RETRANS:-NA} sack_reneging=${RENEG:-0}" \
    "path_drops=${DROPS:-NA} tcpfsm_kept=${KEPT:-NA} max_gap_s=$(kv max_gap_s)" \
    "rwnd_limited_ms=$(ms rwnd_limited_us) busy_ms=$(ms busy_us) min_rtt_us=$(kv min_rtt_us)" \
    "dsack_dups=$(kv dsack_dups) cc_set=$(kv cc) sender_ext=${EXT:-none}"
if [ $SRC -ne 0 ] && [ $STALL -eq 0 ]; then echo "recv_bench: sender failed ($SRC): $OUT"; fi
if [ "$MODE" = tcpfsm ]; then sed 's/^/recv_bench: /' "$W/srv.log"; else sed 's/^/recv_bench: /' "$W/relay.log"; fi
if [ -n "${RESULTS:-}" ]; then
    [ -s "$RESULTS" ] || echo "receiver,cc,delay_ms,loss_pct,reorder_pct,seed,size,rcvbuf,seconds,goodput_mbit,sha_ok,stall,sender_rc,retrans_segs,sack_reneging,path_drops,max_gap_s,rwnd_limited_ms,min_rtt_us,sender_ext" >"$RESULTS"
    echo "$MODE,$CCA,$DELAY,$LOSS,$REORDER,$SEED,$SIZE,$RCVB,${SECS:-NA},${GP:-NA},$SHA_OK,$STALL,$SRC,${RETRANS:-NA},${RENEG:-0},${DROPS:-NA},$(kv max_gap_s),$(ms rwnd_limited_us),$(kv min_rtt_us),${EXT:-none}" >>"$RESULTS"
fi
[ $STALL -eq 1 ] && exit 3
[ $SRC -eq 0 ] && [ $SHA_OK -eq 1 ] || exit 1
exit 0
