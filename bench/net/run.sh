#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# run.sh: the matrix of `make bench-net` (bench/net/README.md).  Over one
# relayed path impaired the same way in both directions, SIZE bytes (5 MiB):
#   rx: Linux senders (CCS: BBR, CUBIC) to tcpfsm-tun, and to Linux;
#   tx: tcpfsm-tun to a Linux receiver, and Linux senders (CCS) to it;
# for each path of CONDS and each seed of SEEDS, one transfer at a time
# (run_one.sh does each).  Then the table (table.py) on stdout and in
# build/bench-net/table.md; every run's CSV line in
# build/bench-net/results.csv, its full output in build/bench-net/runs.log.
#
#   sh bench/net/run.sh [path/to/tcpfsm-tun [path/to/relay]]
#       (build/bench-net/tcpfsm-tun, build/bench-net/relay: make bench-net)
#
# Environment: SEEDS ("1"), CCS ("bbr cubic"), DIRS ("rx tx"), CONDS
#   ("0:0 20:0 20:1 20:5 50:0.5:2": DELAY_MS:LOSS_PCT[:REORDER_PCT], the
#   delay one way in each direction, loss and reordering in each direction,
#   fractions allowed), SIZE (5242880), TIMEOUT (120 s a run), RATE_KBIT
#   (a rate limit on every path, kbit/s each way; 0, the default: none),
#   RCVBUF and SNDBUF (tcpfsm-tun's buffers; default: tcp_rmem's and
#   tcp_wmem's maximum), TUN_QLEN (4096: each TUN device's queue, run_one.sh),
#   SS_ACK_LIMIT (tcpfsm-tun's --ss-ack-limit, slow start's L; unset: the
#   library's default, 8), RACK_TLP (tcpfsm-tun's --rack-tlp, 0 or 1; unset:
#   the library's default, 1).
# Not root, no /dev/net/tun, no network namespaces, no ip, ss or python3:
# one line "bench-net: SKIP (reason)", exit 0.  Exit 1 when a run failed
# (the file did not arrive whole: SHA mismatch, or a stall past TIMEOUT) or
# could not be set up, after printing the table of the others.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${1:-build/bench-net/tcpfsm-tun}
RELAY=${2:-build/bench-net/relay}
SEEDS=${SEEDS:-1}
CCS=${CCS:-bbr cubic}
DIRS=${DIRS:-rx tx}
CONDS=${CONDS:-0:0 20:0 20:1 20:5 50:0.5:2}
SIZE=${SIZE:-5242880}
TIMEOUT=${TIMEOUT:-120}
RATE_KBIT=${RATE_KBIT:-0}
TUN_QLEN=${TUN_QLEN:-4096}
SS_ACK_LIMIT=${SS_ACK_LIMIT:-}
RACK_TLP=${RACK_TLP:-}
export SIZE TIMEOUT RATE_KBIT TUN_QLEN SS_ACK_LIMIT RACK_TLP
OUT=build/bench-net

skip() { echo "bench-net: SKIP ($*)"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "not root: network namespaces and TUN devices need root"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing"
command -v ip >/dev/null 2>&1 || skip "no ip command (iproute2; make bench-net installs it)"
command -v ss >/dev/null 2>&1 || skip "no ss command (iproute2)"
command -v python3 >/dev/null 2>&1 || skip "no python3"
for b in "$BIN" "$RELAY"; do
    [ -x "$b" ] || { echo "bench-net: FAIL: $b is not built (make bench-net builds it)"; exit 1; }
done
PROBE=tfsmb$$-probe
ip netns add "$PROBE" 2>/dev/null || skip "cannot create a network namespace (ip netns add failed)"
trap 'ip netns del "$PROBE" 2>/dev/null' EXIT
ip -n "$PROBE" tuntap add dev tfsmb0 mode tun 2>/dev/null \
    || skip "cannot create a TUN device in a network namespace"
ip -n "$PROBE" link add tfsmbv0 type veth peer name tfsmbv1 2>/dev/null \
    || skip "cannot create a veth pair in a network namespace"
AVAIL=$(ip netns exec "$PROBE" cat /proc/sys/net/ipv4/tcp_available_congestion_control)
RMEM=$(ip netns exec "$PROBE" cat /proc/sys/net/ipv4/tcp_rmem | tr -s '\t ' ' ')
WMEM=$(ip netns exec "$PROBE" cat /proc/sys/net/ipv4/tcp_wmem | tr -s '\t ' ' ')
ip netns del "$PROBE"
trap - EXIT
RCVBUF=${RCVBUF:-${RMEM##* }}; SNDBUF=${SNDBUF:-${WMEM##* }}
export RCVBUF SNDBUF
# a congestion control built as a module is loaded on demand when possible
CCS_RUN=""
for cc in $CCS; do
    case " $AVAIL " in
        *" $cc "*) CCS_RUN="$CCS_RUN $cc" ;;
        *) if modprobe "tcp_$cc" 2>/dev/null; then CCS_RUN="$CCS_RUN $cc"
           else echo "bench-net: the kernel has no $cc congestion control: its rows are left out"; fi ;;
    esac
done
[ -n "$CCS_RUN" ] || skip "none of the congestion controls $CCS is available"
pct() { case $1 in ''|.*|*.|*.*.*|*[!0-9.]*) return 1 ;; esac; }
for c in $CONDS; do
    IFS=: read -r d l r extra <<EOF
$c
EOF
    case $d in ''|*[!0-9]*) ok=0 ;; *) ok=1 ;; esac
    pct "$l" || ok=0
    [ -z "$r" ] || pct "$r" || ok=0
    [ -z "$extra" ] || ok=0
    [ $ok = 1 ] || { echo "bench-net: FAIL: CONDS: '$c' is not DELAY_MS:LOSS_PCT[:REORDER_PCT]"; exit 1; }
done
for s in $SEEDS; do
    case $s in ''|*[!0-9]*) echo "bench-net: FAIL: SEEDS: '$s' is not a whole number"; exit 1 ;; esac
done
case $RATE_KBIT in ''|*[!0-9]*) echo "bench-net: FAIL: RATE_KBIT: '$RATE_KBIT' is not a whole number"; exit 1 ;; esac
for dir in $DIRS; do
    case $dir in rx|tx) ;; *) echo "bench-net: FAIL: DIRS: '$dir' is neither rx nor tx"; exit 1 ;; esac
done

mkdir -p "$OUT"
rm -f "$OUT/results.csv" "$OUT/runs.log" "$OUT/table.md"
# how the tcpfsm-tun measured was built: the Makefile's bench-net rule
# records its compiler and flags beside it (BIN.cflags)
DEFAULT_RANGES=$(sed -n 's/^#define TCPFSM_OOO_RANGES \([0-9]*\)u*$/\1/p' include/tcpfsm/tcpfsm.h)
if [ -f "$BIN.cflags" ]; then
    FLAGS="built with \`$(cat "$BIN.cflags")\`"
    RANGES=$(sed -n 's/.*-DTCPFSM_OOO_RANGES=\([0-9]*\).*/\1/p' "$BIN.cflags")
    RANGES="TCPFSM_OOO_RANGES ${RANGES:-$DEFAULT_RANGES}"
else
    FLAGS="flags not recorded"
    RANGES="TCPFSM_OOO_RANGES as built (the header's default: $DEFAULT_RANGES)"
fi
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo "unknown (not a git work tree)")
if [ "${COMMIT#unknown}" = "$COMMIT" ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then
    COMMIT="$COMMIT plus uncommitted changes in the working tree"
fi
# the runs, in order: "TEST CC" per line, for each seed and path
plan() {
    for dir in $DIRS; do
        if [ "$dir" = rx ]; then
            # Linux first, then tcpfsm-tun: the same seed, so the same first drops
            for cc in $CCS_RUN; do echo "linux-rx $cc"; echo "tcpfsm-rx $cc"; done
        else
            for cc in $CCS_RUN; do echo "linux-tx $cc"; done
            echo "tcpfsm-tx tcpfsm"
        fi
    done
}
# shellcheck disable=SC2086
set -- $SEEDS; NSEEDS=$#
# shellcheck disable=SC2086
set -- $CONDS; TOTAL=$((NSEEDS * $# * $(plan | wc -l)))
RATEDESC="no rate limit"
[ "$RATE_KBIT" != 0 ] && RATEDESC="a rate limit of $RATE_KBIT kbit/s each way"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
T0=$(date +%s)
START=$(date -u '+%Y-%m-%d %H:%M')
echo "bench-net: $TOTAL runs, one at a time: seeds $SEEDS; directions $DIRS; Linux senders$CCS_RUN;" \
    "paths $CONDS (one-way ms:loss %[:reorder %], each way); $RATEDESC; $SIZE bytes"

N=0; FAILS=0
for seed in $SEEDS; do
    for c in $CONDS; do
        IFS=: read -r d l r <<EOF
$c
EOF
        r=${r:-0}
        plan >"$OUT/plan"
        while read -r test cc; do
            N=$((N + 1))
            out=$(SEED=$seed RESULTS=$OUT/results.csv BIN=$BIN RELAY=$RELAY \
                sh bench/net/run_one.sh "$test" "$cc" "$d" "$l" "$r" 2>&1 </dev/null)
            rc=$?
            { echo "=== $(date -u +%H:%M:%S) $test $cc ${d}ms ${l}% ${r}% seed $seed: exit $rc"; echo "$out"; } >>"$OUT/runs.log"
            secs=$(echo "$out" | sed -n 's/^result: //p' | tr ' ' '\n' | sed -n 's/^seconds=//p')
            case $rc in
                0) verdict="${secs} s, SHA ok" ;;
                3) verdict="stalled (not done in ${TIMEOUT} s)"; FAILS=$((FAILS + 1)) ;;
                2) echo "$out" | sed 's/^/bench-net: /'
                   echo "bench-net: FAIL: run $N could not be set up"; exit 1 ;;
                *) verdict="FAILED (exit $rc: $(echo "$out" | grep -m1 -v '^result:' || true))"
                   FAILS=$((FAILS + 1)) ;;
            esac
            printf 'bench-net: [%d/%d] %-9s %-6s %2s ms %3s%% loss %s%% reorder, seed %s: %s\n' \
                "$N" "$TOTAL" "$test" "$cc" "$d" "$l" "$r" "$seed" "$verdict"
        done <"$OUT/plan"
    done
done
rm -f "$OUT/plan"
T1=$(date +%s)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "Measured $START to $(date -u '+%H:%M') UTC on $(uname -m) ($CPU), kernel $(uname -r)," \
        "$(nproc) cores (load average $LOAD0 at the start, $LOAD1 at the end), commit $COMMIT;" \
        "\`sh bench/net/run.sh\`, SEEDS=\"$SEEDS\", CONDS=\"$CONDS\", SIZE=$SIZE, RATE_KBIT=$RATE_KBIT," \
        "TUN_QLEN=$TUN_QLEN${SS_ACK_LIMIT:+, SS_ACK_LIMIT=$SS_ACK_LIMIT (tcpfsm-tun's slow-start L)}${RACK_TLP:+, RACK_TLP=$RACK_TLP (tcpfsm-tun's RFC 8985 RACK-TLP)}, $((T1 - T0)) s."
    echo
    echo "$SIZE bytes ($(awk -v s="$SIZE" 'BEGIN { printf "%g", s / 1048576 }') MiB) of random data" \
        "cross a user-space relay (relay.c) between two TUN devices, then a router namespace, to" \
        "tcpfsm-tun ($BIN, $RANGES, $FLAGS) on a third TUN device or to Linux behind a veth pair." \
        "The relay impairs both directions alike: the path's ms are one way, added each way (the" \
        "round trip is twice that plus the hosts' time); loss and reordering are drawn in each direction;" \
        "$RATEDESC; each TUN device queues up to $TUN_QLEN packets for the program that reads it" \
        "(the relay's queue is 4096), and what a device drops is counted apart (host drops)." \
        "Linux ends: python3 sockets (bulk.py), senders with TCP_CONGESTION as in the sender column," \
        "autotuned buffers (tcp_rmem $RMEM, tcp_wmem $WMEM); tcpfsm-tun gets --rcv-buf $RCVBUF and" \
        "--snd-buf $SNDBUF, the most Linux may reach. Seconds: from connect() returning at the" \
        "left end, which opens every connection, to EOF there."
    echo
    python3 bench/net/table.py "$OUT/results.csv"
} >"$OUT/table.md"
echo
cat "$OUT/table.md"
echo
echo "(also in $OUT/table.md; each run's CSV line in $OUT/results.csv, its output in $OUT/runs.log)"
if [ $FAILS -gt 0 ]; then
    echo "bench-net: FAIL: $FAILS of $TOTAL runs did not deliver the file whole (see $OUT/runs.log)"
    exit 1
fi
