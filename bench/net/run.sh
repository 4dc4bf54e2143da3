#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# run.sh: the matrix of `make bench-net` (bench/net/README.md).  tcpfsm-tun
# and, as the baseline, Linux itself receive SIZE bytes (5 MiB) from a Linux
# sender over TUN, with the data direction impaired (20 ms, 1 % or 5 % loss)
# and the ACK direction clean; senders BBR and CUBIC; one run per seed of
# SEEDS; one measurement at a time (recv_bench.sh does each).  Then the table
# (table.py) on stdout and in build/bench-net/table.md; every run's CSV line
# in build/bench-net/results.csv, its full output in build/bench-net/runs.log.
#
#   sh bench/net/run.sh [path/to/tcpfsm-tun]     (build/examples/tcpfsm-tun)
#
# Environment: SEEDS ("1 2 3"), CCS ("bbr cubic"), CONDS ("20:1 20:5",
#   DELAY_MS:LOSS_PCT pairs, whole numbers), SIZE (5242880), RCVBUF
#   (tcpfsm-tun's --rcv-buf, 4194304), TIMEOUT (120 s a run).
# Not root, no /dev/net/tun, no network namespaces, no ip or python3: one
# line "bench-net: SKIP (reason)", exit 0.  Exit 1 when a run failed (the
# file did not arrive whole: SHA mismatch, or a stall past TIMEOUT) or could
# not be set up, after printing the table of the others.
set -u
cd "$(dirname "$0")/../.." || exit 1
BIN=${1:-build/examples/tcpfsm-tun}
SEEDS=${SEEDS:-1 2 3}
CCS=${CCS:-bbr cubic}
CONDS=${CONDS:-20:1 20:5}
SIZE=${SIZE:-5242880}
RCVBUF=${RCVBUF:-4194304}
TIMEOUT=${TIMEOUT:-120}
export SIZE RCVBUF TIMEOUT
OUT=build/bench-net

skip() { echo "bench-net: SKIP ($*)"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "not root: network namespaces and TUN devices need root"
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing"
command -v ip >/dev/null 2>&1 || skip "no ip command (iproute2; make bench-net installs it)"
command -v ss >/dev/null 2>&1 || skip "no ss command (iproute2)"
command -v python3 >/dev/null 2>&1 || skip "no python3"
command -v "${CC:-cc}" >/dev/null 2>&1 || skip "no C compiler ${CC:-cc} for the relay"
[ -x "$BIN" ] || { echo "bench-net: FAIL: $BIN is not built (make build/examples/tcpfsm-tun)"; exit 1; }
PROBE=tfsmb$$-probe
ip netns add "$PROBE" 2>/dev/null || skip "cannot create a network namespace (ip netns add failed)"
trap 'ip netns del "$PROBE" 2>/dev/null' EXIT
ip -n "$PROBE" tuntap add dev tfsmb0 mode tun 2>/dev/null \
    || skip "cannot create a TUN device in a network namespace"
AVAIL=$(ip netns exec "$PROBE" cat /proc/sys/net/ipv4/tcp_available_congestion_control)
RMEM=$(ip netns exec "$PROBE" cat /proc/sys/net/ipv4/tcp_rmem | tr -s '\t ' ' ')
ip netns del "$PROBE"
trap - EXIT
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
for c in $CONDS; do
    case $c in
        *[!0-9:]*|*:*:*) ok=0 ;;
        [0-9]*:[0-9]*) ok=1 ;;
        *) ok=0 ;;
    esac
    [ $ok = 1 ] || { echo "bench-net: FAIL: CONDS: '$c' is not DELAY_MS:LOSS_PCT in whole numbers"; exit 1; }
done
for s in $SEEDS; do
    case $s in ''|*[!0-9]*) echo "bench-net: FAIL: SEEDS: '$s' is not a whole number"; exit 1 ;; esac
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
# shellcheck disable=SC2086
set -- $SEEDS; NSEEDS=$#
# shellcheck disable=SC2086
set -- $CCS_RUN; NCC=$#
# shellcheck disable=SC2086
set -- $CONDS; TOTAL=$((NSEEDS * NCC * $# * 2))
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
T0=$(date +%s)
START=$(date -u '+%Y-%m-%d %H:%M')
echo "bench-net: $TOTAL runs, one at a time: seeds $SEEDS; senders$CCS_RUN; paths $CONDS (ms:loss %)"

N=0; FAILS=0
for seed in $SEEDS; do
    for cc in $CCS_RUN; do
        for c in $CONDS; do
            d=${c%%:*}; l=${c#*:}
            # Linux first, then tcpfsm-tun: the same seed, so the same drops
            for rx in linux "$BIN"; do
                N=$((N + 1))
                name=tcpfsm-tun; [ "$rx" = linux ] && name=Linux
                out=$(SEED=$seed RESULTS=$OUT/results.csv sh bench/net/recv_bench.sh "$rx" "$cc" "$d" "$l" 2>&1)
                rc=$?
                { echo "=== $(date -u +%H:%M:%S) $name $cc ${d}ms ${l}% seed $seed: exit $rc"; echo "$out"; } >>"$OUT/runs.log"
                res=$(echo "$out" | sed -n 's/^result: //p')
                secs=$(echo "$res" | tr ' ' '\n' | sed -n 's/^seconds=//p')
                case $rc in
                    0) verdict="${secs} s, SHA ok" ;;
                    3) verdict="stalled (not done in ${TIMEOUT} s)"; FAILS=$((FAILS + 1)) ;;
                    2) echo "$out" | sed 's/^/bench-net: /'
                       echo "bench-net: FAIL: run $N could not be set up"; exit 1 ;;
                    *) verdict="FAILED (exit $rc: $(echo "$out" | grep -m1 -v '^result:' || true))"
                       FAILS=$((FAILS + 1)) ;;
                esac
                printf 'bench-net: [%d/%d] %-10s %-5s %2s ms %2s%% seed %s: %s\n' \
                    "$N" "$TOTAL" "$name" "$cc" "$d" "$l" "$seed" "$verdict"
            done
        done
    done
done
T1=$(date +%s)
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

{
    echo "Measured $START to $(date -u '+%H:%M') UTC on $(uname -m) ($CPU), kernel $(uname -r)," \
        "$(nproc) cores (load average $LOAD0 at the start, $LOAD1 at the end), commit $COMMIT;" \
        "\`sh bench/net/run.sh\`, SEEDS=\"$SEEDS\", $((T1 - T0)) s."
    echo
    echo "A Linux sender (bulk.py: python3 socket, TCP_CONGESTION as in the sender column) sends" \
        "$SIZE bytes ($(awk -v s="$SIZE" 'BEGIN { printf "%g", s / 1048576 }') MiB) of random data, then shuts down its side; the receiver reads it all and closes." \
        "Receivers: tcpfsm-tun ($BIN, $RANGES, $FLAGS; server --mode sink, --rcv-buf $RCVBUF)" \
        "behind a TUN device; Linux (python3 socket, autotuned receive buffer, tcp_rmem $RMEM)" \
        "behind a user-space relay between two TUN devices. Only the data direction" \
        "(Linux sender to receiver) is impaired, by the same code with the same seed on both:" \
        "tcpfsm-tun's --rx-delay-ms/--rx-loss-pct on what it reads, the relay (relay.c) for Linux;" \
        "the ACK direction is clean. Seconds: from connect() returning to EOF at the sender."
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
