#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Keep one copy of each distinct seed in DIR, and none of the empty ones.
set -u
cd "$1" || exit 1
find . -type f -size -2c -delete
sha1sum -- * | sort | awk 'seen[$1]++ { print $2 }' | xargs -r rm --
echo "fuzz seeds: $(ls | wc -l) in $1"
