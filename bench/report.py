#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The table of `make bench`, from the lines the other parts printed
(main.c's ns, callgrind.py's ir, footprint.sh's text/stack/extern,
sizes.c's sizeof/conn).  Judges the issue's targets for the core, and fails
when the zero-heap check does: malloc or its kin among the symbols the
objects need, or a call from src/ to anything outside it during the
workloads.

Usage: report.py TSV... > build/bench.md
"""
import datetime
import os
import platform
import subprocess
import sys
from collections import defaultdict

HEAP = {"malloc", "calloc", "realloc", "free", "aligned_alloc", "posix_memalign",
        "memalign", "valloc", "sbrk", "brk", "mmap"}


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ns, ir, text, stack, extern, sizes, conn, calls_out = {}, {}, {}, defaultdict(dict), {}, {}, [], {}
    runs = {}
    parts = defaultdict(dict)
    paths = {}
    for path in sys.argv[1:]:
        for line in open(path):
            f = line.rstrip("\n").split("\t")
            if f[0] == "ns":
                ns[(f[1], f[2])] = float(f[3])
                runs[(f[1], f[2])] = int(f[4])
            elif f[0] == "ir":
                ir[(f[1], f[2])] = float(f[3])
                runs.setdefault(("ir", f[1]), int(f[4]))
            elif f[0] == "text":
                text[(f[1], f[2])] = int(f[3])
            elif f[0] == "stack":
                stack[f[2]][f[1]] = (int(f[3]), f[4])
                paths[(f[1], f[2])] = f[5]
            elif f[0] == "extern":
                extern[f[1]] = f[2]
            elif f[0] == "sizeof":
                sizes[f[1]] = int(f[2])
            elif f[0] == "conn":
                conn.append((f[1], int(f[2])))
            elif f[0] == "part":
                parts[(f[2], f[3])][f[1]] = float(f[4])
            elif f[0] == "calls_out":
                calls_out[(f[1], f[2])] = f[3]
    out = []
    p = out.append
    def version(cc):
        try:
            return subprocess.run([cc, "--version"], stdout=subprocess.PIPE,
                                  universal_newlines=True).stdout.split("\n")[0]
        except OSError:
            return cc + " (not found)"
    # the workloads are built by make's $(CC); code size and stack by gcc
    bench_cc = os.environ.get("BENCH_CC", "cc")
    p("Measured %s UTC on %s (%s, %d cores), Debian liblwip 2.1.3; workloads built by %s "
      "(%s), code size and stack by %s and %s; `make bench`."
      % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), platform.machine(), cpu(),
         len(os.sched_getaffinity(0)), bench_cc, version(bench_cc), version("gcc"),
         version("arm-none-eabi-gcc")))
    p("")
    p("Cost per segment: A = %s segments (connections of SYN, ACK, 10 x 100 bytes, FIN, ACK), "
      "B = %s in-order 100-byte segments, C = %s pure ACKs on a sending connection. "
      "ns: median of 5 runs, the stacks taking turns in one process; instructions: callgrind, "
      "%s / %s / %s segments, the library's own only."
      % (tuple("{:,}".format(runs.get((w, "core"), 0)) for w in "ABC")
         + tuple("{:,}".format(runs.get(("ir", w), 0)) for w in "ABC")))
    p("")
    p("| workload | tcpfsm core | tcpfsm core + codec | lwIP TCP layer (tcp_input) "
      "| lwIP whole path (pbuf + ip_input) | lwIP TCP / core, instr "
      "| lwIP whole / core + codec, instr; ns |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for w in "ABC":
        def cell(stack, fig):
            t = ns.get((w, stack))
            i = ir.get((w, fig))
            return "%s ns, %s instr" % ("%.0f" % t if t is not None else "-",
                                        "{:,.0f}".format(i) if i is not None else "-")
        ratio = lambda a, b: "%.1fx" % (a / b) if a and b else "-"
        p("| %s | %s | %s | %s instr | %s | %s | %s |" % (
            w, cell("core", "core"), cell("codec", "codec"),
            "{:,.0f}".format(ir.get((w, "lwip_tcp"), 0)), cell("lwip", "lwip_whole"),
            ratio(ir.get((w, "lwip_tcp")), ir.get((w, "core"))),
            ratio(ir.get((w, "lwip_whole")), ir.get((w, "codec")))
            + "; " + ratio(ns.get((w, "lwip")), ns.get((w, "codec")))))
    p("")
    p("(lwIP's time is its whole path; callgrind alone can split off its TCP layer. "
      "tcpfsm_on_segment alone, without the application's tcpfsm_receive: "
      + ", ".join("%s %s" % (w, "{:,.0f}".format(ir[(w, "core_on_segment")]))
                  for w in "ABC" if (w, "core_on_segment") in ir) + " instructions.)")
    if ("B", "core_lto") in ir:
        p("")
        p("The core alone with the library's objects built with -flto (bench_tcp_lto; "
          "cross-file inlining of its small functions): "
          + ", ".join("%s %s (tcpfsm_on_segment alone %s)"
                      % (w, "{:,.0f}".format(ir[(w, "core_lto")]),
                         "{:,.0f}".format(ir[(w, "core_on_segment_lto")]))
                      for w in "ABC") + " instructions per segment.")
    p("")
    p("Where the instructions go (per segment, A / B / C; the profile by function is in build/bench/profile.txt):")
    p("")
    p("| stack | kind of work | A | B | C |")
    p("|---|---|---:|---:|---:|")
    for (who, kind), by_w in sorted(parts.items(), key=lambda kv: (kv[0][0], -kv[1].get("A", 0))):
        p("| %s | %s | %s |" % ("tcpfsm core + codec" if who == "codec" else "lwIP whole path",
                               kind, " | ".join("{:,.0f}".format(by_w.get(w, 0)) for w in "ABC")))
    p("")
    p("| memory and code | tcpfsm | lwIP |")
    p("|---|---:|---:|")
    p("| connection block | tcpfsm_conn %d B | struct tcp_pcb %d B |"
      % (sizes.get("tcpfsm_conn", 0), sizes.get("tcp_pcb", 0)))
    p("| per call (caller's, not kept) | tcpfsm_output %d B, tcpfsm_segment %d B | - |"
      % (sizes.get("tcpfsm_output", 0), sizes.get("tcpfsm_segment", 0)))
    for target in ("x86-64-O2", "x86-64-Os", "cortex-m4-Os"):
        p("| .text %s: core / codec | %s / %s B | |" % (
            target, "{:,}".format(text.get((target, "core"), 0)),
            "{:,}".format(text.get((target, "codec"), 0))))
    worst = {t: max(((v[t][0], f) for f, v in stack.items() if t in v), default=(0, "-"))
             for t in ("x86-64-O2", "x86-64-Os", "cortex-m4-Os")}
    p("| worst stack of a public call, x86-64 -O2 / -Os / Cortex-M4 -Os | %s | |"
      % " / ".join("%d B (%s)" % worst[t] for t in ("x86-64-O2", "x86-64-Os", "cortex-m4-Os")))
    heap_bad = sorted({s for v in extern.values() for s in v.split(",") if s in HEAP})
    # any call out of src/ is shown; an allocator among them fails
    called = sorted({s for v in calls_out.values() if v != "none" for s in v.split(",")})
    out_bad = [s for s in called if s in HEAP]
    p("| heap | %s | malloc-backed pools in Debian's build |" % (
        "FAILED" if heap_bad or out_bad else
        "none: no allocator symbol in the objects, no call out of src/ in A-C"
        if not called else
        "none: no allocator symbol in the objects or called in A-C (src/ called %s)"
        % ", ".join(called)))
    p("")
    p("Stack, worst path of each public call in bytes (x86-64 -O2 / -Os / Cortex-M4 -Os; "
      "runtime calls the compiler inserts, counted 0, in brackets):")
    p("")
    p("| call | x86-64 -O2 | x86-64 -Os | Cortex-M4 -Os |")
    p("|---|---:|---:|---:|")
    for f in stack:
        cells = []
        for t in ("x86-64-O2", "x86-64-Os", "cortex-m4-Os"):
            b, rt = stack[f].get(t, (0, "-"))
            cells.append("%d%s" % (b, "" if rt == "-" else " (+%s)" % rt))
        p("| %s | %s |" % (f, " | ".join(cells)))
    p("")
    for x in ("x86-64-O2", "cortex-m4-Os"):
        p("Deepest path, %s (frames in bytes): %s" % (x, paths.get((x, worst[x][1]), "-")))
        p("")
    p("Where the %d bytes of tcpfsm_conn go:" % sizes.get("tcpfsm_conn", 0))
    p("")
    p("| part | bytes |")
    p("|---|---:|")
    for part, b in conn:
        p("| %s | %d |" % (part, b))
    p("")
    t = lambda ok: "met" if ok else "**missed**"
    p("| target (core) | measured | |")
    p("|---|---|---|")
    b = ir.get(("B", "core"), 0)
    p("| <= 120 instructions per in-order data segment (B) | %.0f (tcpfsm_on_segment alone %.0f; "
      "-flto %.0f and %.0f) | %s |"
      % (b, ir.get(("B", "core_on_segment"), 0), ir.get(("B", "core_lto"), 0),
         ir.get(("B", "core_on_segment_lto"), 0), t(b <= 120)))
    a = ir.get(("A", "core"), 0)
    p("| <= 150 instructions per segment over A | %.0f (-flto %.0f) | %s |"
      % (a, ir.get(("A", "core_lto"), 0), t(a <= 150)))
    p("| connection block <= 128 bytes | %d | %s |" % (sizes.get("tcpfsm_conn", 0),
                                                        t(sizes.get("tcpfsm_conn", 999) <= 128)))
    m4 = text.get(("cortex-m4-Os", "core"), 0)
    p("| Cortex-M4 .text <= 8 KB (8,192 B) | %s B | %s |" % ("{:,}".format(m4), t(m4 <= 8192)))
    worst_all = max(worst[x][0] for x in worst)
    p("| <= 256 bytes of stack per call | %s | %s |" % (
        ", ".join("%s: %d (%s)" % (x, worst[x][0], worst[x][1]) for x in worst),
        t(worst_all <= 256)))
    p("| zero heap | %s | %s |" % ("none found" if not heap_bad and not out_bad else
                                   "%s %s" % (heap_bad, out_bad),
                                   t(not heap_bad and not out_bad)))
    print("\n".join(out))
    if heap_bad or out_bad:
        sys.exit("bench: the zero-heap check failed: %s %s" % (heap_bad, out_bad))


if __name__ == "__main__":
    main()
