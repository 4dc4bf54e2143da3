#!/bin/bash -eu
# SPDX-License-Identifier: BSD-2-Clause
# ClusterFuzzLite / OSS-Fuzz build: the base image sets $CC, $CXX, $CFLAGS,
# $CXXFLAGS, $LIB_FUZZING_ENGINE and $OUT for the engine and sanitizer of
# the build; fuzz/build.sh puts the three harnesses into $OUT with their
# dictionaries, seed corpora and options (max_len).
cd "$SRC/tcpfsm"
sh fuzz/build.sh
