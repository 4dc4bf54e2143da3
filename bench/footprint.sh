#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Footprint of src/ from its object files (`make bench`, bench/README.md):
# for x86-64 at -O2 and -Os (gcc) and for Cortex-M4 (arm-none-eabi-gcc
# -mthumb -mcpu=cortex-m4 -Os -ffreestanding), each src/*/*.c compiled
# alone, as the library is built:
#   text <target> <core|codec> <bytes>     .text of the core (src/core/),
#                                          of the codec (src/wire/)
#   stack <target> <function> <bytes>     worst stack of each public call
#   extern <target> <symbols|none>         what the objects need from
#                                          outside src/: malloc and friends
#                                          would show here (zero heap)
# Usage: bench/footprint.sh OUTDIR
set -eu
out=$1
headers="include/tcpfsm/tcpfsm.h include/tcpfsm/wire.h"
for target in x86-64-O2 x86-64-Os cortex-m4-Os; do
    case $target in
        x86-64-O2)    cc="gcc -O2";                           size=size ;;
        x86-64-Os)    cc="gcc -Os";                           size=size ;;
        cortex-m4-Os) cc="arm-none-eabi-gcc -mthumb -mcpu=cortex-m4 -Os -ffreestanding";
                      size=arm-none-eabi-size ;;
    esac
    dir=$out/footprint/$target
    rm -rf "$dir"
    mkdir -p "$dir"
    for f in src/core/*.c src/wire/*.c; do
        part=$(basename "$(dirname "$f")")
        o=$dir/$part-$(basename "$f" .c).o
        # -fcallgraph-info names its .ci after the object
        $cc -std=c11 -Wall -Wextra -Werror -Iinclude -Isrc/core -Isrc/wire -fstack-usage \
            -fcallgraph-info=su -c "$f" -o "$o"
    done
    core=0
    codec=0
    for o in "$dir"/*.o; do
        t=$($size "$o" | awk 'NR == 2 { print $1 }')
        case $(basename "$o") in
            wire-*.o) codec=$((codec + t)) ;;
            *)        core=$((core + t)) ;;
        esac
    done
    printf 'text\t%s\tcore\t%d\n' "$target" "$core"
    printf 'text\t%s\tcodec\t%d\n' "$target" "$codec"
    python3 bench/stack.py "$dir" $headers | sed "s/^stack\t/stack\t$target\t/"
    # symbols the objects use and none of them defines
    nm "$dir"/*.o | awk '$1 == "U" { u[$2] = 1 } NF == 3 && $2 ~ /[TDBRC]/ { d[$3] = 1 }
        END { n = 0; for (s in u) if (!(s in d)) { printf "%s%s", n++ ? "," : "", s }
              if (n == 0) printf "none" }' > "$dir/extern.txt"
    printf 'extern\t%s\t%s\n' "$target" "$(cat "$dir/extern.txt")"
done
