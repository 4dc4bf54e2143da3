#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Checks of bench/net/table.py: the "host drops" column (what the hosts'
and the router's devices dropped, counted by run_one.sh beside the relay's
path drops) shows each direction's median, and a CSV from before that
column (no host_drops_* fields) still makes a table, with NA there.

  python3 tests/examples/bench_net_table_check.py

Last line: "bench_net_table_check: N passed, M failed"; exit 1 on a failure.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = os.path.join(ROOT, "bench", "net", "table.py")
OLD = ("test,cc,delay_ms,loss_pct,reorder_pct,seed,size,tcpfsm_buf,linux_buf,seconds,"
       "goodput_mbit,sha_ok,stall,rc,retrans_segs,sack_reneging,drops_data,drops_ack,"
       "max_gap_s,sender_ext")
NEW = OLD + ",host_drops_data,host_drops_ack"
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def table(lines):
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        r = subprocess.run([sys.executable, TABLE, path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    return r.returncode, r.stdout


def row(out, sender, receiver):
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) > 2 and cells[1] == sender and cells[2] == receiver:
            return cells
    return None


def column(out, title):
    head = [c.strip() for c in out.splitlines()[0].strip("|").split("|")]
    return head.index(title) if title in head else -1


HOST = "host drops, data / ACK direction, median"
PATH = "path drops, data / ACK direction, median"

# three seeds of tcpfsm-tun behind CUBIC: host drops 51, 0, 20 in the data
# direction, 3, 1, 0 in the ACK direction: medians 20 and 1
rc, out = table([NEW,
                 "linux-rx,cubic,20,0,0,1,5242880,NA,16083744,0.372,112.66,1,0,0,0,0,0,0,0.00,none,0,0",
                 "tcpfsm-rx,cubic,20,0,0,1,5242880,33554432,NA,0.414,101.23,1,0,0,52,0,0,0,0.00,"
                 "TCPSackRecovery=1;TCPFastRetrans=52,51,3",
                 "tcpfsm-rx,cubic,20,0,0,2,5242880,33554432,NA,0.380,110.10,1,0,0,0,0,0,0,0.00,none,0,1",
                 "tcpfsm-rx,cubic,20,0,0,3,5242880,33554432,NA,0.400,104.00,1,0,0,21,0,0,0,0.00,"
                 "TCPFastRetrans=21,20,0"])
check("new csv: exit 0", rc == 0, "exit %d" % rc)
h, p = column(out, HOST), column(out, PATH)
check("new csv: host drops column", h > 0 and p > 0 and h == p + 1, "columns %d %d" % (h, p))
r = row(out, "Linux cubic", "tcpfsm-tun")
check("new csv: tcpfsm-tun row", r is not None)
if r is not None and h > 0:
    check("new csv: host drops medians", r[h] == "20 / 1", repr(r[h]))
    check("new csv: path drops apart", r[p] == "0 / 0", repr(r[p]))
    check("new csv: retransmissions median", r[h - 2] == "21", repr(r[h - 2]))
r = row(out, "Linux cubic", "Linux")
if r is not None and h > 0:
    check("new csv: linux row host drops", r[h] == "0 / 0", repr(r[h]))
else:
    check("new csv: linux row", False)
check("new csv: every row as wide as the header",
      len({line.count("|") for line in out.splitlines() if line.startswith("|")}) == 1)

# a CSV written before the host drops were counted
rc, out = table([OLD,
                 "tcpfsm-rx,bbr,20,0,0,1,5242880,33554432,NA,0.404,103.94,1,0,0,0,0,0,0,0.00,none"])
check("old csv: exit 0", rc == 0, "exit %d" % rc)
h = column(out, HOST)
r = row(out, "Linux bbr", "tcpfsm-tun")
check("old csv: host drops NA", r is not None and h > 0 and r[h] == "NA / NA",
      repr(r[h] if r is not None and h > 0 else None))

print("bench_net_table_check: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
