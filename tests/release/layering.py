#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The layout shows the design, and this keeps it so.

- src/core/ (the state machine) and src/wire/ (the codec) include nothing
  of each other's: each reaches the other only through include/tcpfsm/.
- No two files of src/ call each other in a circle: the functions a
  circle would share belong in one place below both.
- SEGMENT ARRIVES has its entry point in the file whose comment says so.

Prints one line and exits non-zero when any of these breaks."""
import glob
import os
import re
import sys

DEF = re.compile(r"^[a-z][a-z0-9_ *]*?\b(tcpfsm_[a-z0-9_]+)\s*\([^;{]*\)\s*\{", re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
INCLUDE = re.compile(r'^#include "([^"]+)"', re.M)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def part_includes(problems):
    for part, other in (("core", "wire"), ("wire", "core")):
        mine = {os.path.basename(p) for p in glob.glob("src/%s/*.h" % part)}
        theirs = {os.path.basename(p) for p in glob.glob("src/%s/*.h" % other)} - mine
        for path in sorted(glob.glob("src/%s/*.[ch]" % part)):
            for name in INCLUDE.findall(read(path)):
                if name in theirs:
                    problems.append("%s includes %s of src/%s/" % (path, name, other))


def call_graph():
    files = sorted(glob.glob("src/*/*.c"))
    defined = {}
    for path in files:
        for name in DEF.findall(read(path)):
            defined[name] = path
    calls = {path: {} for path in files}
    for path in files:
        text = COMMENT.sub("", read(path))
        for name, where in defined.items():
            if where != path and re.search(r"\b%s\s*\(" % name, text):
                calls[path].setdefault(where, name)
    return calls


def circles(calls, problems):
    # Tarjan's strongly connected components, written iteratively
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]
    for root in calls:
        if root in index:
            continue
        work = [(root, iter(calls[root]))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(calls[nxt])))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    for group in found:
        links = ["%s -> %s (%s)" % (a, b, calls[a][b])
                 for a in group for b in calls[a] if b in group]
        problems.append("files calling each other in a circle: " + "; ".join(links))


def entry_point(problems):
    for path in glob.glob("src/core/*.c"):
        text = read(path)
        if re.search(r"^tcpfsm_error tcpfsm_on_segment\(", text, re.M):
            opening = re.sub(r"^/\* SPDX-License-Identifier: [^*]*\*/\n", "", text)
            if "SEGMENT ARRIVES" not in opening.split("*/", 1)[0]:
                problems.append("tcpfsm_on_segment is defined in %s, whose opening comment "
                                "is not SEGMENT ARRIVES" % path)
            return
    problems.append("tcpfsm_on_segment is defined in no file of src/core/")


def main():
    problems = []
    part_includes(problems)
    calls = call_graph()
    circles(calls, problems)
    entry_point(problems)
    if problems:
        for p in problems:
            print("FAIL layering: " + p)
        return 1
    edges = sum(len(v) for v in calls.values())
    print("PASS layering: %d files of src/, %d calls between files, no circle; core and wire apart"
          % (len(calls), edges))
    return 0


if __name__ == "__main__":
    sys.exit(main())
