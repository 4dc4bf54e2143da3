#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux side of the interop tests, with nothing but the standard library.

  peer.py client HOST PORT FILE      send FILE while reading the echo, shut down
                                     the write side, read until EOF; prints
                                     sent_sha256= echo_sha256= sent= echoed=
  peer.py reset HOST PORT N          send N bytes, read N back, then close with
                                     SO_LINGER 0: Linux sends a RST
  peer.py sink ADDR PORT OUT LINGER_MS [reply]
                                     accept one connection, write what arrives
                                     to OUT until EOF, send back "<sha256>\\n" when
                                     `reply` is given, wait LINGER_MS, close
  peer.py sswatch PORT OUT           until killed: poll `ss`, append
                                     "<local> <peer> <STATE>" to OUT at each state
                                     change of a socket with that port (not LISTEN);
                                     creates OUT.ready after its first poll
"""
import hashlib
import os
import selectors
import socket
import struct
import subprocess
import sys
import time


def client(host, port, path):
    data = open(path, "rb").read()
    s = socket.create_connection((host, int(port)), timeout=10)
    s.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
    sent, shut, got = 0, False, bytearray()
    deadline = time.monotonic() + 120
    while True:
        if time.monotonic() > deadline:
            sys.exit("peer client: timed out (sent %d, echoed %d)" % (sent, len(got)))
        for _, ev in sel.select(timeout=1):
            if ev & selectors.EVENT_READ:
                chunk = s.recv(1 << 20)
                if not chunk:
                    sel.close()
                    s.close()
                    print("sent_sha256=%s echo_sha256=%s sent=%d echoed=%d" % (
                        hashlib.sha256(data).hexdigest(), hashlib.sha256(got).hexdigest(),
                        sent, len(got)))
                    return
                got += chunk
            if ev & selectors.EVENT_WRITE and not shut:
                if sent < len(data):
                    try:
                        sent += s.send(data[sent:sent + (1 << 20)])
                    except BlockingIOError:
                        pass
                if sent == len(data):
                    s.shutdown(socket.SHUT_WR)
                    shut = True
                    sel.modify(s, selectors.EVENT_READ)


def reset(host, port, n):
    n = int(n)
    s = socket.create_connection((host, int(port)), timeout=10)
    s.sendall(b"r" * n)
    got = 0
    while got < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += len(chunk)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    print("sent=%d echoed=%d reset" % (n, got))


def sink(addr, port, out, linger_ms, reply=None):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(1)
    ls.settimeout(60)
    s, _ = ls.accept()
    s.settimeout(60)
    h = hashlib.sha256()
    n = 0
    with open(out, "wb") as f:
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            f.write(chunk)
            h.update(chunk)
            n += len(chunk)
    if reply:
        s.sendall((h.hexdigest() + "\n").encode())
    time.sleep(int(linger_ms) / 1000.0)  # CLOSE-WAIT, for ss to see
    s.close()
    ls.close()
    print("received=%d sha256=%s" % (n, h.hexdigest()))


def sswatch(port, out):
    suffix = ":" + port
    last = {}
    with open(out, "a") as f:
        while True:
            lines = subprocess.run(["ss", "-Htan"], capture_output=True, text=True).stdout
            now = {}
            for line in lines.splitlines():
                fields = line.split()
                if len(fields) < 5 or fields[0] == "LISTEN":
                    continue
                local, peer = fields[3], fields[4]
                if local.endswith(suffix) or peer.endswith(suffix):
                    now[(local, peer)] = fields[0]
            for key, state in now.items():
                if last.get(key) != state:
                    f.write("%s %s %s\n" % (key[0], key[1], state))
                    f.flush()
            for key in last:
                if key not in now:
                    f.write("%s %s GONE\n" % key)
                    f.flush()
            if not last and not os.path.exists(out + ".ready"):
                open(out + ".ready", "w").close()  # the first poll is done
            last = now
            time.sleep(0.002)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"client": client, "reset": reset, "sink": sink, "sswatch": sswatch}[cmd](*args)
