#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# run_one.sh: one transfer of bench/net (bench/net/README.md; run.sh runs
# the matrix).  SIZE bytes cross the relay (relay.c), impaired the same way
# in both directions, between a Linux host on the left and, on the right,
# tcpfsm-tun or Linux, both behind the same router namespace.
#
#   sh bench/net/run_one.sh TEST CC DELAY_MS LOSS_PCT [REORDER_PCT]
#
# TEST: tcpfsm-rx  a Linux sender (left, TCP_CONGESTION CC) to tcpfsm-tun
#                  (right, server --mode sink)
#       linux-rx   the same to a Linux receiver (right): its baseline
#       tcpfsm-tx  tcpfsm-tun (right, server --mode source) to a Linux
#                  receiver (left); CC is tcpfsm's own (say "tcpfsm")
#       linux-tx   a Linux sender (right, CC) to the same receiver: the
#                  baseline of tcpfsm-tx
# DELAY_MS: one way, added in each direction (the round trip is twice it
# plus the hosts' own time); LOSS_PCT and REORDER_PCT: in each direction,
# fractions allowed (0.5).  The left end connects and measures: from
# connect() returning to EOF (rx: the receiver has read all and closed;
# tx: the sender's FIN has arrived after all data).
#
# left netns L: TUN tfl 10.78.1.1 --relay-- TUN tfr 10.78.2.1 in router
# netns R (ip_forward); R: TUN tft 10.78.3.1 -> tcpfsm-tun 10.78.3.2, and
# veth vr 10.78.4.1 -> netns P, Linux 10.78.4.2.
#
# Environment: BIN (build/bench-net/tcpfsm-tun), RELAY
#   (build/bench-net/relay; both built by make bench-net), SIZE bytes
#   (5242880), SEED (1), TIMEOUT s (120), RATE_KBIT (the relay's rate limit,
#   kbit/s each way, 0: none), RCVBUF and SNDBUF (tcpfsm-tun's
#   --rcv-buf and --snd-buf; default: the namespace's tcp_rmem and tcp_wmem
#   maximum, the most Linux's autotuning may reach), TUN_QLEN (4096, the
#   relay's queue: the packets each TUN device queues for the program that
#   reads it; at Linux's 500 a CUBIC burst overflowed it unseen), PORT
#   (7100), RESULTS (append one CSV line there), KEEP=1 (keep the work
#   directory in /tmp).
# Prints one line "result: key=value ...", then tcpfsm-tun's and the
# relay's log lines.  Exit 0 ok, 1 SHA mismatch or error, 2 cannot run (not
# root, no TUN, no namespace, bad arguments), 3 stall (not done within
# TIMEOUT).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ $# -lt 4 ]; then
    sed -n '3,40p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
TEST=$1; CCA=$2; DELAY=$3; LOSS=$4; REORDER=${5:-0}
SIZE=${SIZE:-5242880}; SEED=${SEED:-1}; TIMEOUT=${TIMEOUT:-120}; PORT=${PORT:-7100}
RATE_KBIT=${RATE_KBIT:-0}; TUN_QLEN=${TUN_QLEN:-4096}
BIN=${BIN:-$ROOT/build/bench-net/tcpfsm-tun}; RELAY=${RELAY:-$ROOT/build/bench-net/relay}
for v in "$DELAY" "$SEED" "$SIZE" "$TIMEOUT" "$PORT" "$RATE_KBIT" "$TUN_QLEN" ${RCVBUF:+"$RCVBUF"} ${SNDBUF:+"$SNDBUF"}; do
    case $v in ''|*[!0-9]*) echo "run_one: '$v' is not a whole number"; exit 2 ;; esac
done
for v in "$LOSS" "$REORDER"; do
    case $v in ''|.*|*.|*.*.*|*[!0-9.]*) echo "run_one: '$v' is not a percentage"; exit 2 ;; esac
done
case $TEST in
    tcpfsm-rx|tcpfsm-tx) [ -x "$BIN" ] || { echo "run_one: $BIN is not built (make build/bench-net/tcpfsm-tun)"; exit 2; } ;;
    linux-rx|linux-tx) ;;
    *) echo "run_one: TEST '$TEST' is none of tcpfsm-rx linux-rx tcpfsm-tx linux-tx"; exit 2 ;;
esac
[ -x "$RELAY" ] || { echo "run_one: $RELAY is not built (make build/bench-net/relay)"; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run_one: needs root"; exit 2; }
[ -c /dev/net/tun ] || { echo "run_one: /dev/net/tun is missing"; exit 2; }
# the interpreter itself, not a wrapper (pyenv's shims take a second to start)
PY=$(python3 -c 'import sys; print(sys.executable)') || { echo "run_one: no python3"; exit 2; }
BIN=$(readlink -f "$BIN")

NS=tfsmb$$
W=$(mktemp -d /tmp/tcpfsm-bench-net.XXXXXX)
PIDS=""
NSS=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    for n in $NSS; do ip netns del "$n" 2>/dev/null; done
    if [ -n "${KEEP:-}" ]; then echo "run_one: work directory kept: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkns() { # NAME: a fresh namespace, lo up, no IPv6
    ip netns add "$1" 2>/dev/null || { echo "run_one: cannot create network namespace $1"; exit 2; }
    NSS="$NSS $1"
    ip -n "$1" link set lo up
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
}
mktun() { # NS DEV ADDR/LEN: a TUN device, up
    ip -n "$1" tuntap add dev "$2" mode tun 2>/dev/null \
        || { echo "run_one: cannot create a TUN device in $1"; exit 2; }
    # the queue of packets waiting for the program that reads the device
    # (its ring takes txqueuelen when the program attaches); full, the kernel
    # drops and only the device's tx_dropped tells: as long as the relay's
    ip -n "$1" link set "$2" txqueuelen "$TUN_QLEN"
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$1" link set "$2" up
}
wait_carrier() { # NS DEV: until a program holds the TUN device
    i=0
    while ! ip -n "$1" link show "$2" | grep -q LOWER_UP; do
        i=$((i + 1)); [ $i -gt 500 ] && return 1; sleep 0.01
    done
}
wait_listen() { # NS PORT
    i=0
    while ! ip netns exec "$1" ss -Htln | grep -q ":$2 " && [ $i -lt 500 ]; do
        i=$((i + 1)); sleep 0.01
    done
}
counters() { # NS: "Key=value" lines of the Tcp and TcpExt counters of that namespace
    ip netns exec "$1" awk '$1 ~ /^(TcpExt|Tcp):$/ {
        if (!($1 in h)) { for (i = 2; i <= NF; i++) k[$1, i] = $i; h[$1] = 1 }
        else for (i = 2; i <= NF; i++) print k[$1, i] "=" $i }' /proc/net/netstat /proc/net/snmp
}
delta() { # KEY: how far that counter of the Linux sender moved during the run
    awk -F= -v k="$1" 'NR == FNR { if ($1 == k) a = $2; next } $1 == k { print $2 - a; exit }' \
        "$W/c0" "$W/c1"
}
devdrops() { # NS DEV rx|tx: the packets that device dropped (0: no such device)
    ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3_dropped" 2>/dev/null || echo 0
}
hostdrops() { # left-right|right-left: what the hosts' devices dropped that way
    if [ "$1" = left-right ]; then
        set -- "$L tfl tx" "$R tfr rx" "$R tft tx" "$R vr tx" "$P vp rx"
    else
        set -- "$R tfr tx" "$L tfl rx" "$R tft rx" "$P vp tx" "$R vr rx"
    fi
    n=0
    for d in "$@"; do
        # shellcheck disable=SC2086
        n=$((n + $(devdrops $d)))
    done
    echo $n
}
sha() { sha256sum "$1" 2>/dev/null | cut -c1-64; }
impair_args() { # PREFIX: the relay's options for one direction
    echo "$1delay-ms $DELAY $1loss-pct $LOSS $1reorder-pct $REORDER $1rate-kbit $RATE_KBIT"
}

F=$W/data.bin; head -c "$SIZE" /dev/urandom >"$F"
WANT=$(sha "$F")

L=$NS-l; R=$NS-r; P=$NS-p
mkns "$L"; mkns "$R"; mkns "$P"
mktun "$L" tfl 10.78.1.1/24
ip -n "$L" route add 10.78.0.0/16 dev tfl
mktun "$R" tfr 10.78.2.1/24
ip -n "$R" route add 10.78.1.0/24 dev tfr
mktun "$R" tft 10.78.3.1/24
ip -n "$R" link add vr type veth peer name vp netns "$P"
ip -n "$R" addr add 10.78.4.1/24 dev vr; ip -n "$R" link set vr up
ip -n "$P" addr add 10.78.4.2/24 dev vp; ip -n "$P" link set vp up
ip -n "$P" route add default via 10.78.4.1
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0
# the buffers Linux may reach, given to tcpfsm-tun unless set
RMAX=$(ip netns exec "$L" awk '{ print $3 }' /proc/sys/net/ipv4/tcp_rmem)
WMAX=$(ip netns exec "$L" awk '{ print $3 }' /proc/sys/net/ipv4/tcp_wmem)
RCVBUF=${RCVBUF:-$RMAX}; SNDBUF=${SNDBUF:-$WMAX}

# shellcheck disable=SC2046
"$RELAY" --seed "$SEED" $(impair_args --ab-) $(impair_args --ba-) "$L" tfl "$R" tfr \
    2>"$W/relay.log" &
RELAYPID=$!; PIDS="$PIDS $RELAYPID"
{ wait_carrier "$L" tfl && wait_carrier "$R" tfr; } \
    || { echo "run_one: relay did not attach"; cat "$W/relay.log"; exit 1; }

case $TEST in
    tcpfsm-*)
        DST=10.78.3.2; MODE=sink; [ "$TEST" = tcpfsm-tx ] && MODE=source
        mkdir -p "$W/srv"
        ip netns exec "$R" "$BIN" server --tun tft --ip $DST --port "$PORT" --mode $MODE \
            --in "$F" --out "$W/srv" --count 1 --linger-ms 0 --msl2-ms 1000 --rcv-buf "$RCVBUF" \
            --snd-buf "$SNDBUF" --timeout-s $((TIMEOUT + 2)) \
            ${SS_ACK_LIMIT:+--ss-ack-limit "$SS_ACK_LIMIT"} ${RACK_TLP:+--rack-tlp "$RACK_TLP"} >"$W/srv.out" 2>"$W/srv.log" &
        RPID=$!; PIDS="$PIDS $RPID"
        wait_carrier "$R" tft || { echo "run_one: tcpfsm-tun did not attach"; cat "$W/srv.log"; exit 1; }
        ;;
    linux-rx)
        DST=10.78.4.2
        ip netns exec "$P" "$PY" "$HERE/bulk.py" sink $DST "$PORT" "$W/recv.bin" >"$W/peer.out" 2>&1 &
        RPID=$!; PIDS="$PIDS $RPID"; wait_listen "$P" "$PORT" ;;
    linux-tx)
        DST=10.78.4.2
        ip netns exec "$P" "$PY" "$HERE/bulk.py" source $DST "$PORT" "$F" "$CCA" >"$W/peer.out" 2>&1 &
        RPID=$!; PIDS="$PIDS $RPID"; wait_listen "$P" "$PORT" ;;
esac
# the Linux sender's namespace, whose counters tell its retransmissions
SNS=$L; [ "$TEST" = linux-tx ] && SNS=$P
counters "$SNS" >"$W/c0"
case $TEST in
    *-rx) OUT=$(ip netns exec "$L" timeout $((TIMEOUT + 20)) "$PY" "$HERE/bulk.py" send $DST "$PORT" "$F" "$CCA" "$TIMEOUT" 2>&1)
          SRC=$? ;;
    *-tx) OUT=$(ip netns exec "$L" timeout $((TIMEOUT + 20)) "$PY" "$HERE/bulk.py" fetch $DST "$PORT" "$W/fetched.bin" "$TIMEOUT" 2>&1)
          SRC=$? ;;
esac
counters "$SNS" >"$W/c1"
# what the devices dropped beside the relay: a TUN device whose reader (the
# relay, tcpfsm-tun) falls behind drops what overflows its queue
HLR=$(hostdrops left-right); HRL=$(hostdrops right-left)
# the far end: a moment to finish, then stopped
i=0
while kill -0 "$RPID" 2>/dev/null && [ $i -lt 300 ]; do i=$((i + 1)); sleep 0.01; done
kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
kill "$RELAYPID" 2>/dev/null; wait "$RELAYPID" 2>/dev/null

case $TEST in
    tcpfsm-rx) RECV_FILE=$W/srv/conn-1.bin ;;
    linux-rx) RECV_FILE=$W/recv.bin ;;
    *) RECV_FILE=$W/fetched.bin ;;
esac
GOT=$(sha "$RECV_FILE"); GOTN=$(stat -c %s "$RECV_FILE" 2>/dev/null || echo 0)
SHA_OK=0; [ "$GOT" = "$WANT" ] && SHA_OK=1
STALL=0; { [ $SRC -eq 3 ] || [ $SRC -eq 124 ]; } && STALL=1
kv() { echo "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1; }
peer() { tr ' ' '\n' <"$W/peer.out" | sed -n "s/^$1=//p" | head -1; }
# the sender's loss-recovery counters that moved (TcpExt of a Linux sender)
EXT=""
if [ "$TEST" != tcpfsm-tx ]; then
    for k in TCPTimeouts TCPLossProbes TCPSACKReneging TCPSackRecovery TCPLostRetransmit \
             TCPSpuriousRTOs TCPFastRetrans TCPSlowStartRetrans TCPSACKReorder TCPDSACKRecv TCPRenoRecovery; do
        d=$(delta $k)
        [ -n "$d" ] && [ "$d" != 0 ] && EXT="$EXT${EXT:+;}$k=$d"
    done
    RETRANS=$(delta RetransSegs)
else
    RETRANS=$(sed -n 's/.* rtx_segs=\([0-9]*\).*/\1/p' "$W/srv.log" | head -1)
fi
RENEG=$(delta TCPSACKReneging)
# the buffer Linux's end reached, and tcpfsm's
case $TEST in
    tcpfsm-rx) TBUF=$RCVBUF; LBUF=NA ;;
    tcpfsm-tx) TBUF=$SNDBUF; LBUF=NA ;;
    linux-rx) TBUF=NA; LBUF=$(peer rcvbuf) ;;
    linux-tx) TBUF=NA; LBUF=$(peer sndbuf) ;;
esac
LREST=$(kv rcvbuf); [ "${TEST#*-}" = rx ] && LREST=$(kv sndbuf)
# what the relay dropped (loss and queue overflow), each way
drops() { sed -n "s/^relay: $1: .* dropped \([0-9]*\),.* overflow \([0-9]*\),.*/\1 \2/p" "$W/relay.log" \
    | awk '{ print $1 + $2 }'; }
DAB=$(drops 'a->b'); DBA=$(drops 'b->a')
if [ "${TEST#*-}" = rx ]; then DDATA=$DAB; DACK=$DBA; HDATA=$HLR; HACK=$HRL
else DDATA=$DBA; DACK=$DAB; HDATA=$HRL; HACK=$HLR; fi
KEPT=$(sed -n 's/.* kept=\([0-9]*\).*/\1/p' "$W/srv.log" 2>/dev/null | head -1)
SECS=$(kv seconds); GP=$(kv goodput_mbit)
echo "result: test=$TEST cc=$CCA delay_ms=$DELAY loss_pct=$LOSS reorder_pct=$REORDER seed=$SEED" \
    "size=$SIZE tcpfsm_buf=$TBUF linux_buf=${LBUF:-NA} linux_left_buf=${LREST:-NA}" \
    "seconds=${SECS:-NA} goodput_mbit=${GP:-NA} received=$GOTN sha_ok=$SHA_OK" \
    "stall=$STALL rc=$SRC retrans_segs=${RETRANS:-NA} sack_reneging=${RENEG:-0}" \
    "drops_data=${DDATA:-NA} drops_ack=${DACK:-NA} host_drops_data=$HDATA" \
    "host_drops_ack=$HACK tcpfsm_kept=${KEPT:-NA} max_gap_s=$(kv max_gap_s)" \
    "sender_ext=${EXT:-none}"
if [ $SRC -ne 0 ] && [ $STALL -eq 0 ]; then echo "run_one: the left end failed ($SRC): $OUT"; fi
[ -f "$W/srv.log" ] && sed 's/^/run_one: /' "$W/srv.log"
sed 's/^/run_one: /' "$W/relay.log"
if [ -n "${RESULTS:-}" ]; then
    [ -s "$RESULTS" ] || echo "test,cc,delay_ms,loss_pct,reorder_pct,seed,size,tcpfsm_buf,linux_buf,seconds,goodput_mbit,sha_ok,stall,rc,retrans_segs,sack_reneging,drops_data,drops_ack,max_gap_s,sender_ext,host_drops_data,host_drops_ack" >"$RESULTS"
    echo "$TEST,$CCA,$DELAY,$LOSS,$REORDER,$SEED,$SIZE,$TBUF,${LBUF:-NA},${SECS:-NA},${GP:-NA},$SHA_OK,$STALL,$SRC,${RETRANS:-NA},${RENEG:-0},${DDATA:-NA},${DACK:-NA},$(kv max_gap_s),${EXT:-none},$HDATA,$HACK" >>"$RESULTS"
fi
[ $STALL -eq 1 ] && exit 3
[ $SRC -eq 0 ] && [ $SHA_OK -eq 1 ] || exit 1
exit 0
