#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Instructions per segment from callgrind, the deterministic half of
`make bench` (bench/README.md).

For each stack and workload, runs the bench binary once under callgrind at a
reduced size (instruction counts do not depend on the run, so 2,000
connections tell what 200,000 would); the binary switches collection on
only inside its measured region.  From the call graph it counts what the
library costs and nothing else:

  library cost = inclusive cost of the calls the bench makes into the
                 library, minus what the library's callbacks into the bench
                 (lwIP's recv, sent, accept, netif output) cost, plus what
                 those callbacks call back in the library (tcp_recved,
                 tcp_close, tcp_write, pbuf_free ...)

so the driver's and the peer's own work (building packets, copying bytes)
counts for no one.  "The library" is src/ for tcpfsm (the core alone, or
core and codec), liblwip for lwIP's whole path (pbuf_alloc, ip_input and
everything under it), and tcp_input for lwIP's TCP layer alone (every
callback runs inside tcp_input in these workloads: no timer runs and the
application acts only from callbacks).

With a third argument, a binary whose src/ objects were built with -flto,
it also counts the core alone there (figures core_lto and
core_on_segment_lto).

Prints tab-separated lines for report.py:
  ir <workload> <figure> <instructions per segment> <segments>
  part <workload> <codec|lwip> <kind of work> <instructions per segment>
  calls_out <workload> <core|codec> <functions outside src/ that src/ called>
and writes the profile (self cost per function and segment) to
<outdir>/profile.txt.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

SIZES = ["--conns", "2000", "--segs", "20000", "--acks", "20000"]
CODEC_FILES = re.compile(r"(^|/)src/wire/[a-z_]+\.[ch]$")
SRC_FILE = re.compile(r"(^|/)src/(core|wire)/[a-z_]+\.[ch]$")
BENCH_FILE = re.compile(r"(^|/)bench/[a-z_]+\.c$")

SPEC = re.compile(r"^(ob|fl|fi|fe|fn|cob|cfi|cfl|cfn)=(?:\((\d+)\))?\s*(.*)$")
SPACE = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl",
         "cfl": "fl", "fn": "fn", "cfn": "fn"}


def parse(path):
    """Self cost per function and inclusive cost per call arc; a function
    is (object, file, name)."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    self_cost = defaultdict(int)
    arcs = defaultdict(int)
    calls = defaultdict(int)
    ob = fl = fn = None
    callee = {}
    pending_call = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = SPEC.match(line)
            if m:
                kind, num, name = m.groups()
                space = names[SPACE[kind]]
                if num is not None:
                    if name:
                        space[num] = name
                    name = space.get(num, "?")
                if kind == "ob":
                    ob = name
                elif kind == "fl":
                    fl = name
                elif kind == "fn":
                    fn = (ob, fl, name)
                    callee = {}
                elif kind in ("fi", "fe"):
                    pass  # inlined code: still the function's cost
                else:
                    callee[kind] = name
                continue
            if line.startswith("calls="):
                pending_call = (fn, (callee.get("cob", ob),
                                     callee.get("cfi", callee.get("cfl", fl)),
                                     callee.get("cfn", "?")),
                                int(line[6:].split()[0]))
                callee = {}
                continue
            if not line or not (line[0].isdigit() or line[0] in "+-*"):
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            cost = int(parts[1])
            if pending_call is not None:
                caller, target, count = pending_call
                arcs[(caller, target)] += cost
                calls[(caller, target)] += count
                pending_call = None
            elif fn is not None:
                self_cost[fn] += cost
    return self_cost, arcs, calls


def library_cost(arcs, is_lib, entry=None):
    """The rule of the module docstring; entry narrows the calls into the
    library that count (lwIP's TCP layer: those to tcp_input)."""
    is_bench = lambda f: f[1] is not None and BENCH_FILE.search(f[1]) is not None
    callbacks = {callee for (caller, callee) in arcs if is_lib(caller) and is_bench(callee)}
    total = 0
    for (caller, callee), cost in arcs.items():
        if entry is None:
            if is_bench(caller) and caller not in callbacks and is_lib(callee):
                total += cost
        elif callee[2] == entry and not is_bench(caller):
            total += cost
        if is_lib(caller) and is_bench(callee):
            total -= cost
        if caller in callbacks and is_lib(callee):
            total += cost
    return total


# Where lwIP's whole path goes, by the name of the function doing the work
# (self cost in liblwip, or the inclusive cost of its calls into libc).
LWIP_PARTS = [
    ("checksums", re.compile(r"chksum|cksum")),
    ("allocation (malloc/free, memp, mem, pbuf)", re.compile(r"^(malloc|free|calloc|memp_|mem_|pbuf_)")),
    ("locking (sys_arch_protect: a pthread mutex)", re.compile(r"^(sys_arch_|pthread_)")),
    ("memcpy", re.compile(r"memcpy|memmove")),
]


def lwip_parts(self_cost, arcs, lwip):
    parts = defaultdict(int)
    def part(name):
        for label, rx in LWIP_PARTS:
            if rx.search(name):
                return label
        return "the rest: TCP and IP logic, input and output"
    for f, c in self_cost.items():
        if lwip(f):
            parts[part(f[2])] += c
    stubs = set()
    for (a, b), c in arcs.items():
        if lwip(a) and b[0] is not None and "libc" in b[0]:
            parts[part(b[2])] += c          # libc calls no one back here
        elif lwip(a) and b[0] == "???" and b not in stubs:
            # a jump stub between two lwIP functions (memp_free to
            # mem_free): its own few instructions, as its caller's kind
            stubs.add(b)
            parts[part(a[2])] += self_cost.get(b, 0)
    return parts


def run(binary, outdir, stack, workload, tag=""):
    out = os.path.join(outdir, "callgrind.%s%s.%s" % (stack, tag, workload))
    env = dict(os.environ, LD_BIND_NOW="1")  # no lazy symbol binding in the counts
    res = subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                          "--callgrind-out-file=" + out, binary, "--runs", "1",
                          "--stack", stack, "--workload", workload] + SIZES,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         universal_newlines=True)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        sys.exit("callgrind: %s %s failed" % (stack, workload))
    segments = int(res.stdout.split("\t")[4])
    return out, segments


def core_lto(binary, outdir, src):
    """The core alone again, from a binary whose src/ objects were built
    for link-time optimization (its bench/ objects were not, so no call
    into the library is inlined into the driver)."""
    for w in "ABC":
        path, segs = run(binary, outdir, "core", w, "_lto")
        _, arcs, _ = parse(path)
        print("ir\t%s\tcore_lto\t%.1f\t%d" % (w, library_cost(arcs, src) / segs, segs))
        seg_only = sum(c for (a, b), c in arcs.items()
                       if b[2] == "tcpfsm_on_segment" and not src(a))
        print("ir\t%s\tcore_on_segment_lto\t%.1f\t%d" % (w, seg_only / segs, segs))


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    src = lambda f: f[1] is not None and SRC_FILE.search(f[1]) is not None
    core = lambda f: src(f) and not CODEC_FILES.search(f[1])
    lwip = lambda f: f[0] is not None and "liblwip" in f[0]
    profile = []
    if len(sys.argv) > 3:
        core_lto(sys.argv[3], outdir, src)
    for w in "ABC":
        for stack in ("core", "codec", "lwip"):
            path, segs = run(binary, outdir, stack, w)
            self_cost, arcs, calls = parse(path)
            if stack == "lwip":
                figures = [("lwip_tcp", library_cost(arcs, lwip, "tcp_input")),
                           ("lwip_whole", library_cost(arcs, lwip))]
                n_input = sum(n for (a, b), n in calls.items() if b[2] == "tcp_input")
                # callgrind counts calls even with collection off: the
                # handshake's two (B, C) may show, their cost does not
                if not segs <= n_input <= segs + 2:
                    sys.exit("callgrind: lwIP %s: %d tcp_input calls for %d segments"
                             % (w, n_input, segs))
                lib = lwip
            else:
                figures = [(stack, library_cost(arcs, src))]
                if stack == "core":
                    # the in-order data segment itself, without the
                    # application's tcpfsm_receive
                    seg_only = sum(c for (a, b), c in arcs.items()
                                   if b[2] == "tcpfsm_on_segment" and not src(a))
                    figures.append(("core_on_segment", seg_only))
                # zero heap, and nothing else either: the core and codec
                # call no function outside src/
                outside = sorted({b[2] for (a, b) in arcs if src(a) and not src(b)})
                print("calls_out\t%s\t%s\t%s" % (w, stack, ",".join(outside) or "none"))
                lib = core if stack == "core" else src
                if stack == "codec":
                    # src/ calls nothing outside: self costs add up to it
                    parts = defaultdict(int)
                    for f, c in self_cost.items():
                        if src(f):
                            kind = ("checksums" if re.search(r"csum|checksum", f[2])
                                    else "parse, convert, build" if CODEC_FILES.search(f[1])
                                    else "the core")
                            parts[kind] += c
                    for k, c in parts.items():
                        print("part\t%s\tcodec\t%s\t%.1f" % (w, k, c / segs))
            for name, cost in figures:
                print("ir\t%s\t%s\t%.1f\t%d" % (w, name, cost / segs, segs))
            top = sorted(((c, f) for f, c in self_cost.items() if lib(f)), reverse=True)[:10]
            profile.append("%s %s (%d segments): self instructions per segment" % (w, stack, segs))
            profile += ["  %8.1f  %s" % (c / segs, f[2]) for c, f in top]
            if stack == "lwip":
                parts = lwip_parts(self_cost, arcs, lwip)
                profile.append("  lwIP's whole path by kind, instructions per segment:")
                profile += ["  %8.1f  %s" % (c / segs, k)
                            for k, c in sorted(parts.items(), key=lambda kv: -kv[1])]
                for k, c in parts.items():
                    print("part\t%s\tlwip\t%s\t%.1f" % (w, k, c / segs))
                mallocs = sum(n for (a, b), n in calls.items()
                              if lwip(a) and b[2] in ("malloc", "calloc", "free"))
                profile.append("  lwIP's calls to malloc/calloc/free per segment: %.2f"
                               % (mallocs / segs))
            sys.stdout.flush()
    with open(os.path.join(outdir, "profile.txt"), "w") as f:
        f.write("\n".join(profile) + "\n")


if __name__ == "__main__":
    main()
