#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Worst stack use of each public call of tcpfsm (`make bench`).

gcc's -fstack-usage gives each function's own frame and -fcallgraph-info=su
its direct calls; src/ has no recursion and no calls through pointers, so
the deepest path from a public function is its frame plus the deepest of
its callees', computed here over the .ci files of one build of src/*.c.
A call through a pointer or an unbounded frame makes the figure unknown,
and this script fail, rather than print a bound that is not one.  Calls
the compiler makes to the C or compiler runtime (memset, memcpy for struct
copies, __aeabi_uldivmod for 64-bit division on Cortex-M) are outside the
build: they count 0 bytes here and are named next to the figure.

Usage: stack.py CI_DIR HEADER...
prints "stack <function> <bytes> <runtime functions on its paths|-> <deepest path>"
"""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
FRAME = re.compile(r'\\n(\d+) bytes \(([a-z,]+)\)')
PUBLIC = re.compile(r'^(?:TCPFSM_API\s+)?(?:const\s+)?\w+[\s*]+(tcpfsm_\w+)\s*\(', re.M)


def main():
    ci_dir, headers = sys.argv[1], sys.argv[2:]
    frames = {}      # (file, name) -> bytes
    calls = {}       # (file, name) -> [callee names]
    where = {}       # name -> [(file, name)] defined
    for path in sorted(glob.glob(os.path.join(ci_dir, "*.ci"))):
        text = open(path).read()
        for name, label in NODE.findall(text):
            m = FRAME.search(label)
            if m is None:
                continue  # declared here, defined elsewhere
            # "dynamic,bounded": the number is still the bound
            if m.group(2) not in ("static", "dynamic,bounded"):
                sys.exit("stack: %s has a %s frame" % (name, m.group(2)))
            key = (path, name)
            frames[key] = int(m.group(1))
            calls.setdefault(key, [])
            where.setdefault(name, []).append(key)
        for src, dst in EDGE.findall(text):
            calls.setdefault((path, src), []).append(dst)

    def resolve(path, name):
        if (path, name) in frames:
            return (path, name)           # a static one of the same file first
        found = where.get(name, [])
        if not found and not name.startswith("tcpfsm_") and "indirect" not in name:
            return (None, name)           # the C or compiler runtime
        if len(found) != 1:
            sys.exit("stack: call to %s: %d definitions in src/" % (name, len(found)))
        return found[0]

    worst = {}   # key -> (bytes, runtime functions on its paths)

    def depth(key, seen=()):
        if key[0] is None:
            return 0, {key[1]}, []
        if key in seen:
            sys.exit("stack: recursion through %s" % key[1])
        if key not in worst:
            deepest, runtime, path = 0, set(), []
            for callee in calls.get(key, []):
                d, r, p = depth(resolve(key[0], callee), seen + (key,))
                if d > deepest:
                    deepest, path = d, p
                runtime |= r
            worst[key] = (frames[key] + deepest, runtime, ["%s %d" % (key[1], frames[key])] + path)
        return worst[key]

    public = []
    for h in headers:
        public += PUBLIC.findall(open(h).read())
    for name in public:
        if name not in where:
            sys.exit("stack: %s is not defined in src/" % name)
        bytes_, runtime, path = depth(where[name][0])
        print("stack\t%s\t%d\t%s\t%s" % (name, bytes_, ",".join(sorted(runtime)) or "-",
                                          " > ".join(path)))


if __name__ == "__main__":
    main()
