#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The table of bench/net (run.sh): reads the CSV that recv_bench.sh appends
to (RESULTS=...), one line per run, and prints a Markdown table, one row per
receiver, sender congestion control and path condition.

  python3 bench/net/table.py build/bench-net/results.csv

seconds: from connect() returning at the sender to EOF after the receiver
read everything; goodput: the file's bits over those seconds; "vs Linux": the
median goodput over Linux's median goodput as the receiver behind the same
sender congestion control on the same path (run.sh runs both receivers with
the same seeds, so each meets the same drops).
Retransmitted segments and SACK reneging are the sender's (Linux's)
RetransSegs and TCPSACKReneging counters over the run.
"""
import csv
import statistics
import sys


def median(xs):
    return statistics.median(xs) if xs else None


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt(x, f):
    return "NA" if x is None else f % x


def main(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print("(no runs)")
        return
    groups = {}
    for r in rows:
        cond = (int(r["delay_ms"]), int(r["loss_pct"]), int(r["reorder_pct"]))
        groups.setdefault((r["cc"], cond, r["receiver"]), []).append(r)

    def gp_median(key):
        rs = groups.get(key, [])
        return median([g for g in (num(r["goodput_mbit"]) for r in rs) if g is not None])

    cc_order = {"bbr": 0, "cubic": 1, "reno": 2}
    rx_order = {"tcpfsm": 0, "linux": 1}
    keys = sorted(groups, key=lambda k: (cc_order.get(k[0], 9), k[0], k[1], rx_order.get(k[2], 9)))
    print("| receiver | sender | path, data direction | runs | seconds, median | seconds per seed "
          "| goodput Mbit/s, median | vs Linux | Linux's retransmitted segments, median "
          "| packets the path dropped, median | SACK reneging | SHA ok | stalls |")
    print("|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in keys:
        cc, (delay, loss, reorder), rx = k
        rs = sorted(groups[k], key=lambda r: int(r["seed"]))
        secs = [num(r["seconds"]) for r in rs]
        gp = gp_median(k)
        base = gp_median((cc, k[1], "linux"))
        ratio = "%.2fx" % (gp / base) if gp is not None and base else "NA"
        cond = "%d ms, %d%% loss" % (delay, loss) + (", %d%% reordered" % reorder if reorder else "")
        retrans = median([x for x in (num(r["retrans_segs"]) for r in rs) if x is not None])
        drops = median([x for x in (num(r["path_drops"]) for r in rs) if x is not None])
        reneg = sum(int(num(r["sack_reneging"]) or 0) for r in rs)
        print("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %d/%d | %d |" % (
            "tcpfsm-tun" if rx == "tcpfsm" else "Linux", cc, cond, len(rs),
            fmt(median([s for s in secs if s is not None]), "%.3f"),
            " / ".join(fmt(s, "%.3f") for s in secs),
            fmt(gp, "%.2f"), ratio, fmt(retrans, "%g"), fmt(drops, "%g"), reneg,
            sum(int(r["sha_ok"]) for r in rs), len(rs), sum(int(r["stall"]) for r in rs)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1])
