#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Mutation check of the proofs (proofs/mutants/README.md): inject each bug
# of proofs/mutants/list into a copy of the committed tree, run
# proofs/prove.sh on the mutated file, and report it KILLED (the proof
# fails) or SURVIVED (every goal still proves: no contract says what the
# bug breaks).
#
# Usage: sh proofs/mutants/run.sh [--check] [--baseline] [id | src/file.c ...]
#   (no argument)  every mutant of the list, one at a time
#   id ...         only these mutants; src/PART/file.c: the mutants of that file
#   --check        only verify the list: each find text occurs exactly once
#                  in its file and each mutant compiles; no proof is run
#   --baseline     first prove every file to be proven, unmutated; a mutant
#                  whose file does not prove unmutated is not counted
# Environment:
#   MUTANTS=path         the list to read (default proofs/mutants/list)
#   MUTANTS_REV=rev      the commit to mutate (default HEAD)
#   MUTANTS_OUT=dir      where results go (default build/mutants)
#   MUTANTS_KEEP=1       keep the mutated trees (their paths are printed)
#   TCPFSM_WP_TIMEOUT, TCPFSM_WP_JOBS, ...  passed on to proofs/prove.sh
#
# The tree is `git archive $MUTANTS_REV` of this repository: committed code
# only, never the working tree (uncommitted edits neither help nor hurt a
# mutant).  Each mutant gets a fresh copy.  Results: $MUTANTS_OUT/results.txt
# (one line per mutant and the summary, rewritten by every run) and
# $MUTANTS_OUT/logs/ (prove.sh's output and Frama-C's log per mutant).
# Exit status: 0 when every mutant selected applied and compiled (survivors
# included), 1 on a bad list, a find text that does not match exactly once,
# a mutant that does not compile, or a baseline that does not prove.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
LIST=${MUTANTS:-$here/list}
REV=${MUTANTS_REV:-HEAD}
OUT=${MUTANTS_OUT:-$root/build/mutants}
CC=${CC:-cc}
# the Makefile's flags (WARN, CSTD, INC)
CFLAGS_M="-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror"
INC="-Iinclude -Isrc/core -Isrc/wire -Ispec"

check_only=0
baseline=0
while [ $# -gt 0 ]; do
    case $1 in
    --check) check_only=1; shift ;;
    --baseline) baseline=1; shift ;;
    --) shift; break ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done

[ -f "$LIST" ] || { echo "run.sh: no list $LIST" >&2; exit 2; }

# The list as records "id<TAB>file<TAB>prove", checked: every block has
# id, file, find, replace and why; ids are unique and plain.
records=$(awk '
    function flush() {
        if (nkeys == 0) return
        if (!("id" in b)) { err("a block without id near line " NR); return }
        if (b["id"] !~ /^[A-Za-z0-9._-]+$/) err("bad id \"" b["id"] "\"")
        if (b["id"] in seen) err("duplicate id " b["id"])
        seen[b["id"]] = 1
        split("file find replace why", need, " ")
        for (i = 1; i <= 4; i++)
            if (!(need[i] in b)) err(b["id"] ": no " need[i] ":")
        if (("find" in b) && b["find"] == "") err(b["id"] ": empty find:")
        print b["id"] "\t" b["file"] "\t" (("prove" in b) && b["prove"] != "" ? b["prove"] : b["file"])
        split("", b); nkeys = 0
    }
    function err(m) { print "run.sh: " FILENAME ": " m > "/dev/stderr"; bad = 1 }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    {
        k = $0; sub(/:.*/, "", k)
        if (k !~ /^(id|file|find|replace|prove|why)$/ || index($0, ":") == 0) {
            err("line " NR ": not a known key: " $0); next
        }
        v = substr($0, length(k) + 2); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
        if (k in b) err("line " NR ": " k ": given twice in a block")
        b[k] = v; nkeys++
    }
    END { flush(); exit bad }
' "$LIST") || exit 1

# One field of mutant $1's block.
field() {
    awk -v want="$1" -v key="$2" '
        function flush() { if (b["id"] == want && (key in b)) print b[key]; split("", b) }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        { k = $0; sub(/:.*/, "", k)
          v = substr($0, length(k) + 2); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
          b[k] = v }
        END { flush() }
    ' "$LIST"
}

# The selection: ids, or every mutant of a file.
selected=""
if [ $# -eq 0 ]; then
    selected=$(echo "$records" | cut -f1)
else
    for arg in "$@"; do
        case $arg in
        */*) ids=$(echo "$records" | awk -F '\t' -v f="$arg" '$2 == f { print $1 }') ;;
        *) ids=$(echo "$records" | awk -F '\t' -v i="$arg" '$1 == i { print $1 }') ;;
        esac
        [ -n "$ids" ] || { echo "run.sh: no mutant $arg in $LIST" >&2; exit 2; }
        selected="$selected${selected:+
}$ids"
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tcpfsm-mutants.XXXXXX") || exit 1
cleanup() { [ "${MUTANTS_KEEP:-0}" = 1 ] || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

rev_id=$(git -C "$root" rev-parse --short "$REV") || exit 1
mkdir -p "$tmp/base" "$OUT/logs"
git -C "$root" archive "$REV" | tar -x -C "$tmp/base" || exit 1

# Write $1 (a file of the tree at $2) with the find text of mutant $3
# replaced; 0 when it occurred exactly once, 2 never, 3 more than once.
mutate() {
    MUT_FIND=$(field "$3" find) MUT_REPLACE=$(field "$3" replace) awk '
        BEGIN { f = ENVIRON["MUT_FIND"]; r = ENVIRON["MUT_REPLACE"]; n = 0 }
        {
            line = $0; done = ""
            while (f != "" && (p = index(line, f)) > 0) {
                n++; done = done substr(line, 1, p - 1) r; line = substr(line, p + length(f))
            }
            print done line
        }
        END { exit n == 1 ? 0 : (n == 0 ? 2 : 3) }
    ' "$2/$1" >"$2/$1.mut"
    st=$?
    if [ "$st" -eq 0 ]; then mv "$2/$1.mut" "$2/$1"; else rm -f "$2/$1.mut"; fi
    return "$st"
}

# Compile the files of mutant tree $1 that $2 (mutated file) and $3
# (proven files) name; the error goes to $4.
compiles() {
    for c in $2 $3; do
        case $c in *.c) ;; *) continue ;; esac
        (cd "$1" && $CC $CFLAGS_M $INC -c "$c" -o /dev/null) >>"$4" 2>&1 || return 1
    done
    return 0
}

# Why a proof failed, from prove.sh's output $1: the unproven goals, by
# status and name (the first three), e.g. "1 unproven: Failed rtt_sample_ensures_2".
# A kill by Timeout alone may be the load of the machine: see --baseline.
reason() {
    awk '
        /^      \[wp\] \[(Failed|Timeout|Unknown)/ {
            s = $2; gsub(/[][]/, "", s); g = $4; sub(/^typed_(ref_)?/, "", g)
            total++
            if (total <= 3) names = names (names == "" ? "" : ", ") s " " g
        }
        /public functions with memory-model hypotheses/ { mm = 1 }
        END {
            if (total == 0) { print mm ? "memory-model hypothesis" : "no goal count (see log)"; exit }
            print total " unproven: " names (total > 3 ? ", ..." : "")
        }
    ' "$1"
}

if [ "$check_only" = 1 ]; then
    bad=0; count=0
    work="$tmp/check"
    cp -R "$tmp/base" "$work"
    for id in $selected; do
        count=$((count + 1))
        file=$(field "$id" file)
        prove=$(field "$id" prove); [ -n "$prove" ] || prove=$file
        if [ ! -f "$work/$file" ]; then
            echo "NOFILE    $id: $file is not in $rev_id"; bad=1; continue
        fi
        cp "$work/$file" "$tmp/saved"
        mutate "$file" "$work" "$id"
        st=$?
        if [ "$st" -ne 0 ]; then
            [ "$st" -eq 2 ] && echo "NOMATCH   $id: the find text is not in $file" \
                            || echo "MANY      $id: the find text occurs more than once in $file"
            bad=1; continue
        fi
        : >"$tmp/cc.err"
        if compiles "$work" "$file" "$prove" "$tmp/cc.err"; then
            echo "ok        $id ($file)"
        else
            echo "NOCOMPILE $id ($file)"; sed 's/^/          /' "$tmp/cc.err" | head -n 8; bad=1
        fi
        cp "$tmp/saved" "$work/$file"
    done
    files=$(for id in $selected; do field "$id" file; done | sort -u | wc -l)
    echo "checked $count mutants over $files files of $rev_id: $( [ $bad = 0 ] && echo all apply and compile || echo SOME DO NOT)"
    exit "$bad"
fi

results="$OUT/results.txt"
{
    echo "# tcpfsm mutation check, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "# tree: git archive $REV ($rev_id); list: $LIST"
    echo "# TCPFSM_WP_TIMEOUT=${TCPFSM_WP_TIMEOUT:-20} TCPFSM_WP_JOBS=${TCPFSM_WP_JOBS:-2}; $(nproc 2>/dev/null || echo '?') cores"
    echo "# verdict   seconds  id  file  (why killed)"
} >"$results"
say() { echo "$1"; echo "$1" >>"$results"; }

# --baseline: every file to be proven, unmutated, once.
base_failed=""
if [ "$baseline" = 1 ]; then
    targets=$(for id in $selected; do
                  p=$(field "$id" prove); [ -n "$p" ] || p=$(field "$id" file)
                  echo "$p"
              done | tr ' ' '\n' | sort -u)
    for t in $targets; do
        work="$tmp/baseline"
        rm -rf "$work"; cp -R "$tmp/base" "$work"
        log="$OUT/logs/baseline.$(basename "$t" .c).txt"
        start=$(date +%s)
        (cd "$work" && sh proofs/prove.sh "$t") >"$log" 2>&1
        st=$?
        secs=$(( $(date +%s) - start ))
        if [ "$st" -eq 0 ]; then
            say "$(printf '%-9s %5s  %s  %s' BASELINE "$secs" '(unmutated)' "$t")"
        else
            say "$(printf '%-9s %5s  %s  %s  (%s)' BASEFAIL "$secs" '(unmutated)' "$t" "$(reason "$log")")"
            base_failed="$base_failed $t"
        fi
    done
    rm -rf "$tmp/baseline"
fi

killed=0; survived=0; broken=0; skipped=0
for id in $selected; do
    file=$(field "$id" file)
    prove=$(field "$id" prove); [ -n "$prove" ] || prove=$file
    skip=0
    for t in $prove; do
        case " $base_failed " in *" $t "*) skip=1 ;; esac
    done
    if [ "$skip" = 1 ]; then
        say "$(printf '%-9s %5s  %s  %s  (%s)' SKIPPED - "$id" "$file" "does not prove unmutated")"
        skipped=$((skipped + 1)); continue
    fi
    work="$tmp/$id"
    rm -rf "$work"; cp -R "$tmp/base" "$work"
    log="$OUT/logs/$id.txt"
    : >"$log"
    if [ ! -f "$work/$file" ]; then
        say "$(printf '%-9s %5s  %s  %s' NOFILE - "$id" "$file")"; broken=$((broken + 1)); continue
    fi
    mutate "$file" "$work" "$id"
    st=$?
    if [ "$st" -ne 0 ]; then
        say "$(printf '%-9s %5s  %s  %s' "$( [ $st -eq 2 ] && echo NOMATCH || echo MANY)" - "$id" "$file")"
        broken=$((broken + 1)); continue
    fi
    if ! compiles "$work" "$file" "$prove" "$log"; then
        say "$(printf '%-9s %5s  %s  %s' NOCOMPILE - "$id" "$file")"
        broken=$((broken + 1)); continue
    fi
    start=$(date +%s)
    (cd "$work" && sh proofs/prove.sh $prove) >>"$log" 2>&1
    st=$?
    secs=$(( $(date +%s) - start ))
    for t in $prove; do
        n=$(basename "$t" .c)
        # one log per Frama-C run: the file's, and one per function proofs/split.list runs apart
        for l in "$work/proofs/results/$n.log" "$work/proofs/results/$n".*.log; do
            [ -f "$l" ] && cp "$l" "$OUT/logs/$id.$(basename "$l" .log).wp.log"
        done
    done
    if [ "$st" -ne 0 ]; then
        killed=$((killed + 1))
        say "$(printf '%-9s %5s  %s  %s  (%s)' KILLED "$secs" "$id" "$file" "$(reason "$log")")"
    else
        survived=$((survived + 1))
        say "$(printf '%-9s %5s  %s  %s' SURVIVED "$secs" "$id" "$file")"
    fi
    if [ "${MUTANTS_KEEP:-0}" = 1 ]; then echo "          kept: $work"; else rm -rf "$work"; fi
done

n=$((killed + survived))
pct=0; [ "$n" -gt 0 ] && pct=$((100 * killed / n))
say "mutants: $killed killed, $survived survived of $n ($pct%)"
[ $((broken + skipped)) -eq 0 ] || \
    say "not counted: $broken that did not apply or compile, $skipped whose file does not prove unmutated"
echo "results: $results"
[ "$broken" -eq 0 ] && [ -z "$base_failed" ]
