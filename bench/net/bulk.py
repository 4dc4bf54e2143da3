#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux ends of bench/net/run_one.sh: bulk senders with a chosen
congestion control and plain receivers, as a client (the end that connects
and measures) or as a server.  Python's standard library only; run inside
the benchmark's network namespaces.

  bulk.py send HOST PORT FILE CC TIMEOUT_S
      connect with TCP_CONGESTION CC set before the SYN, send FILE,
      shutdown(SHUT_WR), read until EOF (the receiver closes once it has read
      everything).  The clock starts when connect() returns and stops at EOF.
      Polls TCP_INFO at least every 50 ms for the longest time with no new
      byte acked.  Prints one line of key=value.  Exit 0 done, 3 not done
      within TIMEOUT_S (a stall), 4 the kernel would not use CC.
  bulk.py sink ADDR PORT OUT
      accept one connection, write what arrives to OUT until EOF, close.
  bulk.py fetch HOST PORT OUT TIMEOUT_S
      connect, write what arrives to OUT until EOF, close.  The clock starts
      when connect() returns and stops at EOF.  Prints one line of
      key=value.  Exit 0 done, 3 not done within TIMEOUT_S.
  bulk.py source ADDR PORT FILE CC
      accept one connection with TCP_CONGESTION CC, send FILE,
      shutdown(SHUT_WR), read until EOF, close; prints the socket's
      retransmissions and send buffer.
Every end prints the buffer its socket reached (SO_RCVBUF, SO_SNDBUF: what
autotuning made of tcp_rmem and tcp_wmem).
"""
import hashlib
import selectors
import socket
import struct
import sys
import time

TCP_INFO_LEN = 232  # struct tcp_info up to snd_wnd (Linux 5.4 and later)


def tcp_info(s):
    """The fields of struct tcp_info (linux/tcp.h) the benchmark reports."""
    b = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, TCP_INFO_LEN)
    b = b + bytes(TCP_INFO_LEN - len(b))

    def u32(off):
        return struct.unpack_from("I", b, off)[0]

    def u64(off):
        return struct.unpack_from("Q", b, off)[0]

    return {
        "rtt_us": u32(8 + 15 * 4),
        "total_retrans": u32(8 + 23 * 4),
        "bytes_acked": u64(120),
        "min_rtt_us": u32(148),
        "busy_us": u64(168),
        "rwnd_limited_us": u64(176),
        "sndbuf_limited_us": u64(184),
        "bytes_retrans": u64(208),
        "dsack_dups": u32(216),
        "reord_seen": u32(220),
    }


def set_cc(s, cc):
    try:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, cc.encode())
    except OSError as e:
        print("bulk.py: TCP_CONGESTION %s refused: %s" % (cc, e))
        sys.exit(4)


def bufs(s):
    return {"rcvbuf": s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
            "sndbuf": s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)}


def send(host, port, path, cc, timeout_s):
    with open(path, "rb") as f:
        data = f.read()
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    set_cc(s, cc)
    s.settimeout(15)
    t_conn = time.monotonic()
    s.connect((host, int(port)))
    t0 = time.monotonic()
    got_cc = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).split(b"\0")[0].decode()
    if got_cc != cc:
        print("bulk.py: asked for %s, the socket uses %s" % (cc, got_cc))
        sys.exit(4)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    sent, shut, eof, extra = 0, False, False, 0
    last_acked, last_progress, max_gap = 0, t0, 0.0
    deadline = t0 + float(timeout_s)
    info = tcp_info(s)
    while not eof:
        now = time.monotonic()
        if now > deadline:
            break
        for _, ev in sel.select(timeout=0.05):
            if ev & selectors.EVENT_READ:
                try:
                    chunk = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    chunk = None
                if chunk == b"":
                    eof = True
                elif chunk:
                    extra += len(chunk)
            if ev & selectors.EVENT_WRITE and not shut:
                try:
                    sent += s.send(data[sent:sent + (1 << 20)])
                except BlockingIOError:
                    pass
                if sent == len(data):
                    s.shutdown(socket.SHUT_WR)
                    shut = True
                    sel.modify(s, selectors.EVENT_READ)
        info = tcp_info(s)
        now = time.monotonic()
        if info["bytes_acked"] != last_acked:
            last_acked = info["bytes_acked"]
            last_progress = now
        elif not eof:
            max_gap = max(max_gap, now - last_progress)
    secs = time.monotonic() - t0
    acked_data = max(0, min(info["bytes_acked"] - 1, len(data)))  # less the FIN
    out = {
        "cc": got_cc,
        "done": int(eof),
        "seconds": "%.3f" % secs,
        "connect_s": "%.3f" % (t0 - t_conn),
        "bytes": len(data),
        "sent": sent,
        "acked": acked_data,
        "goodput_mbit": "%.2f" % (8 * (len(data) if eof else acked_data) / secs / 1e6),
        "max_gap_s": "%.2f" % max_gap,
        "received_back": extra,
        "sha256_sent": hashlib.sha256(data).hexdigest(),
    }
    out.update(info)
    out.update(bufs(s))
    print(" ".join("%s=%s" % kv for kv in out.items()))
    sys.stdout.flush()
    s.close()
    sys.exit(0 if eof else 3)


def sink(addr, port, out):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(1)
    ls.settimeout(60)
    s, _ = ls.accept()
    s.settimeout(None)
    n = 0
    with open(out, "wb") as f:
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            f.write(chunk)
            n += len(chunk)
    b = bufs(s)
    s.close()
    ls.close()
    print("received=%d rcvbuf=%d" % (n, b["rcvbuf"]))


def fetch(host, port, out, timeout_s):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(15)
    s.connect((host, int(port)))
    t0 = time.monotonic()
    deadline = t0 + float(timeout_s)
    n, eof, last, max_gap = 0, False, t0, 0.0
    with open(out, "wb") as f:
        while True:
            now = time.monotonic()
            if now > deadline:
                break
            s.settimeout(max(0.01, min(1.0, deadline - now)))
            try:
                chunk = s.recv(1 << 20)
            except socket.timeout:
                max_gap = max(max_gap, time.monotonic() - last)
                continue
            now = time.monotonic()
            if not chunk:
                eof = True
                break
            max_gap = max(max_gap, now - last)
            last = now
            f.write(chunk)
            n += len(chunk)
    secs = time.monotonic() - t0
    out = {"done": int(eof), "seconds": "%.3f" % secs, "received": n,
           "goodput_mbit": "%.2f" % (8 * n / secs / 1e6), "max_gap_s": "%.2f" % max_gap}
    out.update(bufs(s))
    print(" ".join("%s=%s" % kv for kv in out.items()))
    sys.stdout.flush()
    s.close()
    sys.exit(0 if eof else 3)


def source(addr, port, path, cc):
    with open(path, "rb") as f:
        data = f.read()
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    set_cc(ls, cc)  # an accepted socket inherits it
    ls.bind((addr, int(port)))
    ls.listen(1)
    ls.settimeout(60)
    s, _ = ls.accept()
    s.settimeout(None)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    info = tcp_info(s)
    got_cc = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).split(b"\0")[0].decode()
    b = bufs(s)
    s.close()
    ls.close()
    print("cc=%s total_retrans=%d sndbuf=%d" % (got_cc, info["total_retrans"], b["sndbuf"]))


def main():
    cmds = {"send": (send, 5), "sink": (sink, 3), "fetch": (fetch, 4), "source": (source, 4)}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds or len(sys.argv) - 2 != cmds[sys.argv[1]][1]:
        sys.stderr.write(__doc__)
        sys.exit(2)
    fn, _ = cmds[sys.argv[1]]
    fn(*sys.argv[2:])


if __name__ == "__main__":
    main()
