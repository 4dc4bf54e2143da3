#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The table of bench/net (run.sh): reads the CSV that run_one.sh appends
to (RESULTS=...), one line per run, and prints a Markdown table, one row per
path, direction, sender and receiver.

  python3 bench/net/table.py build/bench-net/results.csv

seconds: from connect() returning at the left end to EOF there; goodput:
the file's bits over those seconds.  "vs Linux": the median goodput over
Linux's median goodput on the same path in the same run: for tcpfsm-tun as
the receiver, Linux receiving from the same sender; for tcpfsm-tun as the
sender, each Linux sender to the same receiver.  Retransmitted segments: a
Linux sender's RetransSegs over the run, tcpfsm-tun's own count of segments
sent again (examples/endpoint.c).  Path drops: the relay's (loss draws,
queue overflows); host drops: what the devices of the hosts and the router
dropped (a TUN device's queue overflowing when its reader, the relay or
tcpfsm-tun, falls behind; NA in a CSV from before they were counted).
Buffer: the measured end's receive (rx) or send (tx) buffer, as given to
tcpfsm-tun, as Linux's autotuning left it.
"""
import csv
import statistics
import sys


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt(x, f):
    return "NA" if x is None else f % x


def path(cond):
    delay, loss, reorder = cond
    parts = ["%g ms" % delay] if delay else []
    if loss:
        parts.append("%g%% loss" % loss)
    if reorder:
        parts.append("%g%% reordered" % reorder)
    return ", ".join(parts) if parts else "no impairment"


def main(csv_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print("(no runs)")
        return
    groups = {}
    for r in rows:
        cond = (float(r["delay_ms"]), float(r["loss_pct"]), float(r["reorder_pct"]))
        groups.setdefault((cond, r["test"], r["cc"]), []).append(r)

    def gp_median(key):
        return median([num(r["goodput_mbit"]) for r in groups.get(key, [])])

    test_order = {"tcpfsm-rx": 0, "linux-rx": 1, "tcpfsm-tx": 2, "linux-tx": 3}
    cc_order = {"bbr": 0, "cubic": 1, "reno": 2, "tcpfsm": 3}

    def order(k):
        cond, test, cc = k
        return (cond, test.endswith("tx"), cc_order.get(cc, 9) if test.endswith("rx") else 0,
                test_order[test], cc_order.get(cc, 9), cc)

    linux_tx = sorted({cc for (_, t, cc) in groups if t == "linux-tx"}, key=lambda c: cc_order.get(c, 9))
    print("| path, each way | sender | receiver | runs | seconds, median | seconds per seed "
          "| goodput Mbit/s, median | vs Linux | buffer, bytes | retransmitted segments, median "
          "| path drops, data / ACK direction, median | host drops, data / ACK direction, median "
          "| SACK reneging | SHA ok | stalls |")
    print("|---|---|---|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for k in sorted(groups, key=order):
        cond, test, cc = k
        rs = sorted(groups[k], key=lambda r: int(r["seed"]))
        gp = gp_median(k)
        if test == "tcpfsm-rx":
            base = gp_median((cond, "linux-rx", cc))
            ratio = "%.2fx" % (gp / base) if gp is not None and base else "NA"
        elif test == "tcpfsm-tx":
            ratio = ", ".join("%.2fx %s" % (gp / b, c) for c in linux_tx
                              for b in [gp_median((cond, "linux-tx", c))]
                              if gp is not None and b) or "NA"
        else:
            ratio = "1.00x"
        tcpfsm = test.startswith("tcpfsm")
        sender = "tcpfsm-tun" if test == "tcpfsm-tx" else "Linux " + cc
        receiver = ("tcpfsm-tun" if tcpfsm else "Linux") if test.endswith("rx") else "Linux"
        buf = median([num(r["tcpfsm_buf" if tcpfsm else "linux_buf"]) for r in rs])
        secs = [num(r["seconds"]) for r in rs]
        print("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %d | %d/%d "
              "| %d |" % (
            path(cond), sender, receiver, len(rs), fmt(median(secs), "%.3f"),
            " / ".join(fmt(s, "%.3f") for s in secs), fmt(gp, "%.2f"), ratio,
            fmt(buf, "%d"), fmt(median([num(r["retrans_segs"]) for r in rs]), "%g"),
            fmt(median([num(r["drops_data"]) for r in rs]), "%g"),
            fmt(median([num(r["drops_ack"]) for r in rs]), "%g"),
            fmt(median([num(r.get("host_drops_data")) for r in rs]), "%g"),
            fmt(median([num(r.get("host_drops_ack")) for r in rs]), "%g"),
            sum(int(num(r["sack_reneging"]) or 0) for r in rs),
            sum(int(r["sha_ok"]) for r in rs), len(rs), sum(int(r["stall"]) for r in rs)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    main(sys.argv[1])
