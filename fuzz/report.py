#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The report of the last AFL++ campaign (make fuzz-report).

Per harness and instance, from BUILD_DIR/fuzz/out/<harness>/<instance>/
(fuzz/run.sh): executions, execs/s, cycles, edges found, stability,
crashes and hangs (fuzzer_stats); plots of coverage and speed over time
(plot_data, and the time and execs AFL++ writes into every queue entry's
name): afl-plot's PNGs when afl-plot and gnuplot are installed, SVGs drawn
here otherwise; and the line and branch coverage of src/ by the corpus
that `make fuzz-cov` measured into BUILD_DIR/fuzz-report/coverage.txt
(with gcovr's pages in coverage/).  Writes BUILD_DIR/fuzz-report/index.html
and index.md, and prints the figures.

Usage: fuzz/report.py BUILD_DIR HARNESS...
"""
import html
import math
import os
import re
import shutil
import subprocess
import sys

# plot_data's columns in AFL++ 4.04c, when its header line is missing
PLOT_COLUMNS = ["relative_time", "cycles_done", "cur_item", "corpus_count",
                "pending_total", "pending_favs", "map_size", "saved_crashes",
                "saved_hangs", "max_depth", "execs_per_sec", "total_execs",
                "edges_found"]
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def read_stats(path):
    stats = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep:
                stats[key.strip()] = value.strip()
    return stats


def number(text):
    try:
        return float(str(text).rstrip("%"))
    except ValueError:
        return 0.0


def read_plot(path):
    """plot_data's rows as dictionaries of numbers."""
    rows, columns = [], PLOT_COLUMNS
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                columns = [c.strip() for c in line.lstrip("# ").split(",")]
            elif line:
                values = [number(v) for v in line.split(",")]
                rows.append(dict(zip(columns, values)))
    return rows


def read_queue(path):
    """(seconds, executions) of every entry this instance found, in order:
    AFL++ names them id:N,src:...,time:MS,execs:N,..."""
    found = []
    if not os.path.isdir(path):
        return found
    for name in sorted(os.listdir(path)):
        t = re.search(r",time:(\d+)", name)
        e = re.search(r",execs:(\d+)", name)
        if t and e and ",orig:" not in name and ",sync:" not in name:
            found.append((int(t.group(1)) / 1000.0, int(e.group(1))))
    return sorted(found)


def nice_ticks(low, top, count=5):
    """Round tick values from 0 (or, when low is above half of top, from
    just under low, so that a slow rise shows) to at least top."""
    if top <= 0:
        return [0, 1]
    bottom = low if low > top / 2 else 0
    raw = (top - bottom) / count or top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    value = math.floor(bottom / step) * step
    ticks = [value]
    while value < top:
        value += step
        ticks.append(value)
    return ticks


def label(value):
    if value >= 10000:
        return "%gk" % (value / 1000)
    return "%g" % value


def svg_plot(path, title, xlabel, ylabel, series, note="", from_zero=True):
    """A line plot of series [(name, [(x, y)...], dashed)], points marked;
    the y axis from 0, or (not from_zero) from just under the lowest y."""
    width, height = 640, 360
    left, right, top, bottom = 70, 170, 40, 50
    pw, ph = width - left - right, height - top - bottom
    xs = [x for _, pts, _ in series for x, _ in pts]
    ys = [y for _, pts, _ in series for _, y in pts]
    xt = nice_ticks(0, max(xs, default=0))
    yt = nice_ticks(0 if from_zero else min(ys, default=0), max(ys, default=0))

    def px(x):
        return left + pw * (x - xt[0]) / (xt[-1] - xt[0])

    def py(y):
        return top + ph - ph * (y - yt[0]) / (yt[-1] - yt[0])

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="15">%s</text>' % (left, html.escape(title))]
    for y in yt:
        out.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>'
                   % (left, py(y), left + pw, py(y)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>'
                   % (left - 6, py(y) + 4, label(y)))
    for x in xt:
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>'
                   % (px(x), top, px(x), top + ph))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                   % (px(x), top + ph + 16, label(x)))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="black"/>'
               % (left, top, pw, ph))
    out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
               % (left + pw / 2, height - 12, html.escape(xlabel)))
    out.append('<text transform="translate(16,%.1f) rotate(-90)" text-anchor="middle">%s</text>'
               % (top + ph / 2, html.escape(ylabel)))
    for i, (name, pts, dashed) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        if len(pts) > 1:
            out.append('<polyline fill="none" stroke="%s" stroke-width="1.5"%s points="%s"/>'
                       % (colour, ' stroke-dasharray="5,3"' if dashed else "",
                          " ".join("%.1f,%.1f" % (px(x), py(y)) for x, y in pts)))
        if len(pts) <= 60:
            for x, y in pts:
                out.append('<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>'
                           % (px(x), py(y), colour))
        ly = top + 14 + 18 * i
        out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>'
                   % (left + pw + 10, ly - 4, left + pw + 30, ly - 4, colour,
                      ' stroke-dasharray="5,3"' if dashed else ""))
        out.append('<text x="%d" y="%d">%s</text>' % (left + pw + 35, ly, html.escape(name)))
    if not xs:
        out.append('<text x="%.1f" y="%.1f" text-anchor="middle">no data</text>'
                   % (left + pw / 2, top + ph / 2))
    if note:
        out.append('<text x="%d" y="%d" font-size="10" fill="#555">%s</text>'
                   % (left, top - 6, html.escape(note)))
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def read_coverage(path):
    """fuzz-cov's output: {harness: (what, lines, branches)}."""
    cov, current = {}, None
    if not os.path.exists(path):
        return cov
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"== (\S+): coverage of (.*)", line)
            if m:
                current = m.group(1)
                cov[current] = [m.group(2), "?", "?"]
            m = re.match(r"(lines|branches): (.*)", line.strip())
            if m and current:
                cov[current][1 if m.group(1) == "lines" else 2] = m.group(2)
    return cov


def main():
    build, harnesses = sys.argv[1], sys.argv[2:]
    report = os.path.join(build, "fuzz-report")
    os.makedirs(report, exist_ok=True)
    afl_plot = shutil.which("afl-plot") and shutil.which("gnuplot")
    coverage = read_coverage(os.path.join(report, "coverage.txt"))
    md = ["# Fuzzing report", "",
          "The last AFL++ campaign (`make fuzz`, %s/fuzz/out/), made by `make fuzz-report`." % build,
          "Execs/s: the mean over the run (`execs_per_sec`) and over its last minute "
          "(`execs_ps_last_min`, 0 in a run of a minute or less).", ""]
    header = ("| harness | instance | run time (s) | execs | execs/s | last min | cycles "
              "| edges found | bitmap | stability | corpus | crashes | hangs |")
    md += [header, "|" + "---|" * 13]
    plots = []
    print("%-14s %-5s %6s %11s %9s %8s %7s %13s %9s %7s %7s %6s" % (
        "harness", "inst", "time", "execs", "execs/s", "last-min", "cycles",
        "edges", "stability", "corpus", "crashes", "hangs"))
    for h in harnesses:
        base = os.path.join(build, "fuzz", "out", h)
        if not os.path.isdir(base):
            print("%-14s no campaign in %s" % (h, base))
            continue
        names = sorted((n for n in os.listdir(base)
                        if os.path.exists(os.path.join(base, n, "fuzzer_stats"))),
                       key=lambda n: (n != "main", n))
        edges, speed, queue = [], [], []
        rows_note = []
        for name in names:
            s = read_stats(os.path.join(base, name, "fuzzer_stats"))
            edges_text = "%s / %s" % (s.get("edges_found", "?"), s.get("total_edges", "?"))
            print("%-14s %-5s %6s %11s %9.0f %8.0f %7s %13s %9s %7s %7s %6s" % (
                h, name, s.get("run_time", "?"), s.get("execs_done", "?"),
                number(s.get("execs_per_sec", 0)), number(s.get("execs_ps_last_min", 0)),
                s.get("cycles_done", "?"), edges_text, s.get("stability", "?"),
                s.get("corpus_count", "?"), s.get("saved_crashes", "?"),
                s.get("saved_hangs", "?")))
            md.append("| %s | %s | %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s |" % (
                h, name, s.get("run_time", "?"), s.get("execs_done", "?"),
                number(s.get("execs_per_sec", 0)), number(s.get("execs_ps_last_min", 0)),
                s.get("cycles_done", "?"), edges_text, s.get("bitmap_cvg", "?"),
                s.get("stability", "?"), s.get("corpus_count", "?"),
                s.get("saved_crashes", "?"), s.get("saved_hangs", "?")))
            rows = read_plot(os.path.join(base, name, "plot_data"))
            rows_note.append("%s %d" % (name, len(rows)))
            edges.append((name, [(r["relative_time"], r.get("edges_found", 0)) for r in rows], False))
            speed.append((name, [(r["relative_time"], r.get("execs_per_sec", 0)) for r in rows], False))
            found = read_queue(os.path.join(base, name, "queue"))
            queue.append((name, [(t, i + 1) for i, (t, _) in enumerate(found)], False))
            speed.append((name + " (queue)", [(t, e / t) for t, e in found if t >= 1], True))
        files = []
        if afl_plot:
            target = os.path.join(report, h + "-afl-plot")
            subprocess.run(["afl-plot", os.path.join(base, "main"), target],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            files = [os.path.join(h + "-afl-plot", f)
                     for f in sorted(os.listdir(target)) if f.endswith(".png")] \
                if os.path.isdir(target) else []
        note = "plot_data rows: " + ", ".join(rows_note) + \
            " (AFL++ 4.04c writes none in the first minute)"
        svg_plot(os.path.join(report, h + "-edges.svg"), h + ": coverage",
                 "seconds", "edges found (plot_data)", edges, note, from_zero=False)
        svg_plot(os.path.join(report, h + "-speed.svg"), h + ": speed", "seconds",
                 "execs/s", speed, "solid: plot_data; dashed: mean to each queue entry's find")
        svg_plot(os.path.join(report, h + "-queue.svg"), h + ": inputs found", "seconds",
                 "queue entries found (names' time:)", queue)
        files += [h + "-edges.svg", h + "-speed.svg", h + "-queue.svg"]
        plots.append((h, files, note))
    md += ["", "## Coverage of src/ by the corpus", "",
           "`make fuzz-cov` on every instance's queue (gcov; gcovr's pages linked).", "",
           "| harness | of | lines | branches |", "|---|---|---|---|"]
    print()
    for h in harnesses:
        what, lines, branches = coverage.get(h, ["?", "?", "?"])
        page = os.path.join("coverage", h + ".html")
        link = "[%s](%s)" % (h, page) if os.path.exists(os.path.join(report, page)) else h
        md.append("| %s | %s | %s | %s |" % (link, what, lines, branches))
        print("%-14s coverage of %s: lines %s, branches %s" % (h, what, lines, branches))
    md += ["", "## Plots", ""]
    for h, files, note in plots:
        md += ["### " + h, "", note + ".", ""]
        md += ["![%s](%s)" % (f, f) for f in files] + [""]
    with open(os.path.join(report, "index.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")
    with open(os.path.join(report, "index.html"), "w", encoding="utf-8") as f:
        f.write(markdown_to_html(md))
    print("\nreport: %s (and index.md)" % os.path.join(report, "index.html"))


def markdown_to_html(md):
    """Just enough of the markdown above: headings, tables, images, links, code."""
    def inline(text):
        text = html.escape(text)
        text = re.sub(r"!\[([^\]]*)\]\(([^)]*)\)", r'<img alt="\1" src="\2">', text)
        text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r'<a href="\2">\1</a>', text)
        return re.sub(r"`([^`]*)`", r"<code>\1</code>", text)
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Fuzzing report</title>',
           "<style>body{font-family:sans-serif;max-width:1100px}td,th{border:1px solid #ccc;"
           "padding:2px 6px;text-align:right}table{border-collapse:collapse}</style></head><body>"]
    in_table = False
    for line in md:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(set(c) <= {"-"} for c in cells):
                continue
            if not in_table:
                out.append("<table>")
                in_table = True
                out.append("<tr>" + "".join("<th>%s</th>" % inline(c) for c in cells) + "</tr>")
            else:
                out.append("<tr>" + "".join("<td>%s</td>" % inline(c) for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        m = re.match(r"(#+) (.*)", line)
        if m:
            n = len(m.group(1))
            out.append("<h%d>%s</h%d>" % (n, inline(m.group(2)), n))
        elif line:
            out.append("<p>%s</p>" % inline(line))
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
