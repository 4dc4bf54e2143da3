#!/bin/bash -eu
# SPDX-License-Identifier: BSD-2-Clause
# OSS-Fuzz build (projects/tcpfsm/build.sh): the base image sets $CC, $CXX,
# $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE and $OUT; fuzz/build.sh puts the
# three harnesses into $OUT with their dictionaries, seed corpora and
# options.  The same as .clusterfuzzlite/build.sh.
cd "$SRC/tcpfsm"
sh fuzz/build.sh
