#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check a capture of one TCP connection (pcap, as tcpdump -w writes it):

  pcapcheck.py FILE PORT

  handshake     SYN seq=x; SYN,ACK seq=y ack=x+1; ACK seq=x+1 ack=y+1
  no retransmission   no segment that occupies sequence space (data, SYN,
                FIN) starts below the highest sequence number its side sent
  four-way close      FIN from one side (seq f1), the other's ACK of it
                (ack f1+1) in a segment before that side's FIN (seq f2), the
                first side's ACK of the second FIN (ack f2+1), in that order
Prints one line per check and the segments it used; exit 1 on any failure.
"""
import struct
import sys


def packets(path):
    raw = open(path, "rb").read()
    magic = struct.unpack("<I", raw[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        end = ">"
    else:
        sys.exit("pcapcheck: %s is not a pcap file" % path)
    linktype = struct.unpack(end + "I", raw[20:24])[0]
    off = 24
    while off + 16 <= len(raw):
        ts, tfrac, caplen, _ = struct.unpack(end + "IIII", raw[off:off + 16])
        frame = raw[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if linktype in (101, 12, 228):      # raw IP
            ip = frame
        elif linktype == 113:               # Linux cooked
            ip = frame[16:]
        elif linktype == 276:               # Linux cooked v2
            ip = frame[20:]
        elif linktype == 1:                 # Ethernet
            ip = frame[14:]
        else:
            sys.exit("pcapcheck: link type %d not handled" % linktype)
        if len(ip) < 20 or ip[0] >> 4 != 4 or ip[9] != 6:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        tcp = ip[ihl:]
        sport, dport, seq, ack, offflags = struct.unpack(">HHIIH", tcp[:14])
        hlen = (offflags >> 12) * 4
        flags = offflags & 0xFF
        plen = total - ihl - hlen
        src = "%d.%d.%d.%d:%d" % (*ip[12:16], sport)
        dst = "%d.%d.%d.%d:%d" % (*ip[16:20], dport)
        yield {"t": ts + tfrac / 1e6, "src": src, "dst": dst, "sport": sport, "dport": dport,
               "seq": seq, "ack": ack, "flags": flags, "len": plen}


FIN, SYN, RST, ACK = 1, 2, 4, 16


def fl(p):
    f = p["flags"]
    return "".join(c for b, c in ((SYN, "S"), (FIN, "F"), (RST, "R"), (8, "P"), (ACK, ".")) if f & b)


def show(p):
    return "%s > %s %-3s seq=%u ack=%u len=%u" % (p["src"], p["dst"], fl(p), p["seq"],
                                                   p["ack"] if p["flags"] & ACK else 0, p["len"])


def before(a, b):
    return a != b and ((b - a) & 0xFFFFFFFF) < 0x80000000


def main():
    path, port = sys.argv[1], int(sys.argv[2])
    segs = [p for p in packets(path) if port in (p["sport"], p["dport"])]
    ok = True

    def check(name, good, detail):
        nonlocal ok
        ok = ok and good
        print("capture: %-17s %s  %s" % (name, "PASS" if good else "FAIL", detail))

    print("capture: %d segments on port %d" % (len(segs), port))
    # handshake
    good, detail = False, "no SYN"
    if len(segs) >= 3:
        s, sa, a = segs[0], segs[1], segs[2]
        x, y = s["seq"], sa["seq"]
        good = (s["flags"] & (SYN | ACK)) == SYN and (sa["flags"] & (SYN | ACK)) == SYN | ACK \
            and sa["ack"] == (x + 1) & 0xFFFFFFFF and sa["src"] == s["dst"] \
            and (a["flags"] & (SYN | ACK | RST)) == ACK and a["src"] == s["src"] \
            and a["seq"] == (x + 1) & 0xFFFFFFFF and a["ack"] == (y + 1) & 0xFFFFFFFF
        detail = "x=%u y=%u | %s | %s | %s" % (x, y, show(s), show(sa), show(a))
    check("handshake", good, detail)
    # retransmissions
    high, rtx = {}, []
    for p in segs:
        occ = p["len"] + (1 if p["flags"] & SYN else 0) + (1 if p["flags"] & FIN else 0)
        if occ == 0:
            continue
        end = (p["seq"] + occ) & 0xFFFFFFFF
        h = high.get(p["src"])
        if h is not None and before(p["seq"], h):
            rtx.append(p)
        if h is None or before(h, end):
            high[p["src"]] = end
    check("no retransmission", not rtx,
          "%d retransmitted%s" % (len(rtx), "".join("\n    " + show(p) for p in rtx[:5])))
    # four-way close
    fins = [i for i, p in enumerate(segs) if p["flags"] & FIN]
    good, detail = False, "%d FIN(s)" % len(fins)
    firsts = {}
    for i in fins:
        firsts.setdefault(segs[i]["src"], i)
    if len(firsts) == 2:
        i1, i2 = sorted(firsts.values())
        f1, f2 = segs[i1], segs[i2]
        e1 = (f1["seq"] + f1["len"] + 1) & 0xFFFFFFFF
        e2 = (f2["seq"] + f2["len"] + 1) & 0xFFFFFFFF
        ack1 = next((j for j in range(i1 + 1, len(segs)) if segs[j]["src"] == f1["dst"]
                     and segs[j]["flags"] & ACK and not before(segs[j]["ack"], e1)), None)
        ack2 = next((j for j in range(i2 + 1, len(segs)) if segs[j]["src"] == f1["src"]
                     and segs[j]["flags"] & ACK and segs[j]["ack"] == e2), None)
        good = ack1 is not None and ack2 is not None and ack1 < i2 < ack2 \
            and not any(p["flags"] & RST for p in segs)
        detail = "| " + " | ".join(show(segs[j]) for j in (i1, ack1, i2, ack2) if j is not None)
    check("four-way close", good, detail)
    sys.exit(0 if ok else 1)


main()
