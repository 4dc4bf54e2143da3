# SPDX-License-Identifier: BSD-2-Clause
# tcpfsm — see README.md.  `make test` installs what it needs (Debian, root).

CC       ?= cc
AR       ?= ar
PREFIX   ?= /usr/local
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR  ?=
VERSION  := $(shell sed -n 's/^\#define TCPFSM_VERSION_STRING "\(.*\)"/\1/p' include/tcpfsm/tcpfsm.h)
SOVERSION := 0

WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
CSTD     := -std=c11
CFLAGS   ?= -O2 -g
CPPFLAGS ?=
LDFLAGS  ?=
# The library's own headers: the public ones (include/tcpfsm/), each
# part's internal ones, and spec/ (read by Frama-C only)
INC      := -Iinclude -Isrc/core -Isrc/wire -Ispec
# The congestion-control algorithm (src/core/internal.h TCPFSM_CC): cubic,
# RFC 9438, the default, or newreno; the layout of tcpfsm_conn is the same
CONGESTION ?= cubic
ifeq ($(CONGESTION),newreno)
CC_DEFINE := -DTCPFSM_CC=1
else ifeq ($(CONGESTION),cubic)
CC_DEFINE :=
else
$(error CONGESTION is cubic or newreno, not $(CONGESTION))
endif
ALL_CFLAGS := $(CSTD) $(WARN) $(CC_DEFINE) $(CPPFLAGS) $(CFLAGS)

# Quiet build lines; V=1 shows the commands.
V ?= 0
ifeq ($(V),0)
say = @printf '  %-7s %s\n' $(1) $(2);
else
say =
endif

# The core (the state machine) and the wire codec (bytes to and from
# segments): two parts, neither reaching into the other's files.
CORE_SRCS := $(wildcard src/core/*.c)
WIRE_SRCS := $(wildcard src/wire/*.c)
SRCS     := $(CORE_SRCS) $(WIRE_SRCS)
PUB_HDRS := $(wildcard include/tcpfsm/*.h)
HDRS     := $(PUB_HDRS) $(wildcard src/core/*.h src/wire/*.h)
ACSL_HDRS := spec/tcpfsm_logic.h spec/tcpfsm_transitions.h spec/tcpfsm_kinds.h \
             spec/tcpfsm_wire_logic.h
B        := build
OBJS     := $(SRCS:src/%.c=$(B)/obj/%.o)
PIC_OBJS := $(SRCS:src/%.c=$(B)/pic/%.o)

TEST_SRCS := $(wildcard tests/*.c) fuzz/oracle.c fuzz/records.c
TEST_HDRS := $(wildcard tests/*.h) fuzz/oracle.h fuzz/records.h spec/transitions.def spec/user_calls.def spec/tcpfsm_kinds.h

.PHONY: all lib shared build-deps test release-checks buildsystems-check deb cross coverage install uninstall clean deps freestanding diagram \
        spec prove prove-smoke prove-mutants bench fuzz fuzz-build fuzz-seeds fuzz-replay fuzz-cov \
        fuzz-afl fuzz-libfuzzer fuzz-engine-unknown fuzz-report

all: build-deps
	$(MAKE) --no-print-directory lib shared

# The static library alone: all a bare-metal target needs
# (e.g. make lib CC=arm-none-eabi-gcc AR=arm-none-eabi-ar).
lib: $(B)/libtcpfsm.a
shared: $(B)/libtcpfsm.so

build-deps:
	@scripts/need gcc make

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) $(INC) -c $< -o $@

# Only the public API leaves the shared library: every other function is
# hidden (TCPFSM_API in include/tcpfsm/tcpfsm.h marks the exported ones).
$(B)/pic/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) $(INC) -fPIC -fvisibility=hidden -DTCPFSM_BUILD_SHARED \
	    -c $< -o $@

$(B)/libtcpfsm.a: $(OBJS)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(B)/libtcpfsm.so: $(PIC_OBJS)
	$(call say,LD,$@)$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libtcpfsm.so.$(SOVERSION) \
	    -o $@ $^

# The core needs nothing from a C library but memcpy and memset
# (tests/release/freestanding.sh): checked on the host with gcc -O2 and
# clang -O0, and on Cortex-M0 and M4 at -Os, each linked -nostdlib with
# libgcc alone.  `make test` checks the host (make release-checks).
freestanding: build-deps
	@scripts/need clang binutils gcc-arm-none-eabi
	@sh tests/release/freestanding.sh $(B) all
	@# the static library alone, as a bare-metal build makes it
	$(MAKE) --no-print-directory lib B=$(B)/lib-cortex-m4 CC=arm-none-eabi-gcc \
	    AR=arm-none-eabi-ar CFLAGS='-Os -mthumb -mcpu=cortex-m4'

deps:
	@scripts/need gcc clang make pkg-config check python3 binutils

# Test binary, built by one compiler with one set of flags.
#   $(1) name, $(2) compiler, $(3) extra flags
define test_binary
$(B)/$(1)/tcpfsm_tests: $(SRCS) $(HDRS) $(TEST_SRCS) $(TEST_HDRS)
	@mkdir -p $$(@D)
	$(call say,CC,$$@)$(2) $(CSTD) $(WARN) -O1 -g $(3) $(INC) -Ifuzz $(SRCS) $(TEST_SRCS) \
	    $$$$(pkg-config --cflags --libs check) -o $$@
endef
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
$(eval $(call test_binary,test-gcc,gcc,))
$(eval $(call test_binary,test-clang-san,clang,$(SAN)))
$(eval $(call test_binary,test-cov,gcc,--coverage -O0))
# the congestion-control algorithm that is not the default (internal.h TCPFSM_CC)
$(eval $(call test_binary,test-newreno,gcc,-DTCPFSM_CC=1))

test: deps
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory $(B)/test-gcc/tcpfsm_tests $(B)/test-clang-san/tcpfsm_tests \
	    $(B)/test-newreno/tcpfsm_tests \
	    $(B)/gen_dot $(B)/gen_acsl $(B)/pd_replay $(addprefix $(B)/fuzz-replay/,$(FUZZ_HARNESSES)) \
	    $(B)/impair_check
	@mkdir -p $(B)/release
	@sh tests/run.sh $(B) "$(CC)"

# What an embedder and a packager rely on (tests/release/run.sh): a block
# laid out otherwise refused by tcpfsm_init, only the public API exported,
# src/ layered without circles.
release-checks: deps
	$(MAKE) --no-print-directory lib shared
	@mkdir -p $(B)/release
	@sh tests/release/run.sh $(B) "$(CC)"

# CMakeLists.txt and meson.build as an embedder uses them
# (tests/release/buildsystems.sh): CMake find_package and add_subdirectory,
# a Meson subproject and install, tcpfsm.pc with cc.  Installs cmake, meson,
# ninja-build (Debian, root).
buildsystems-check: build-deps
	@sh tests/release/buildsystems.sh "$(CC)"

# The Debian packages libtcpfsm0 and libtcpfsm-dev (debian/,
# tests/release/debian.sh): dpkg-buildpackage in a copy of the tree,
# lintian, the files, a consumer built against them.
deb: build-deps
	@sh tests/release/debian.sh

# The Check suites on i386 and, under qemu-user, on big-endian s390x
# (tests/release/cross.sh): cross compilers, qemu-user and each
# architecture's own Check, fetched apart from the machine's dpkg.
cross: build-deps
	@sh tests/release/cross.sh all

coverage: deps
	@scripts/need gcovr
	rm -rf $(B)/test-cov
	$(MAKE) --no-print-directory $(B)/test-cov/tcpfsm_tests
	cd $(B)/test-cov && CK_FORK=no ./tcpfsm_tests
	gcovr --root . --filter 'src/' --branches --print-summary $(B)/test-cov

# Fuzzing (fuzz/README.md).  Each harness is built twice: for AFL++ in
# persistent mode (afl-clang-fast, libFuzzer entry point, ASan + UBSan), and
# as a plain replayer of files, which `make test` runs on the regressions.
FUZZ_HARNESSES := one_endpoint two_endpoints codec
FUZZ_COMMON    := fuzz/oracle.c fuzz/records.c
FUZZ_DEPS      := $(FUZZ_COMMON) fuzz/oracle.h fuzz/records.h spec/transitions.def spec/tcpfsm_kinds.h $(SRCS) $(HDRS)
FUZZ_SECONDS   ?= 60
# The engine of `make fuzz`: afl (AFL++, fuzz/run.sh) or libfuzzer
# (fuzz/libfuzzer.sh, which builds through fuzz/build.sh, the OSS-Fuzz script).
ENGINE         ?= afl

$(B)/fuzz/%: fuzz/%.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(call say,AFLCC,$@)AFL_QUIET=1 afl-clang-fast $(CSTD) -O1 -g $(INC) -Ifuzz \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $< $(FUZZ_COMMON) $(SRCS) -o $@

$(B)/fuzz-replay/%: fuzz/%.c fuzz/replay_main.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$@)clang $(CSTD) $(WARN) -O1 -g $(SAN) $(INC) -Ifuzz \
	    $< fuzz/replay_main.c $(FUZZ_COMMON) $(SRCS) -o $@

# Seeds: for one_endpoint every connection the Check suites drive (recorded
# by tests/harness.c into $(B)/fuzz/recorded), cut by seed_cut into the
# prefixes that reach each move; for two_endpoints their end-to-end
# scenarios; for codec the Linux captures.  `make fuzz-seeds` makes them
# and minimises them (fuzz/minimise.sh: afl-cmin, afl-tmin) into the
# committed corpora fuzz/corpus/<harness>/, from which `make fuzz` starts;
# without them it starts from the seeds (fuzz-raw-seeds).
$(B)/fuzz-seeds/%: fuzz/%.c tests/wire_vectors.c tests/wire_vectors.h $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -Iinclude -Itests $< tests/wire_vectors.c -o $@

$(B)/fuzz-seeds/seed_cut: fuzz/seed_cut.c fuzz/one_endpoint.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -O1 $(INC) -Ifuzz -DONE_ENDPOINT_OBSERVE \
	    fuzz/seed_cut.c fuzz/one_endpoint.c $(FUZZ_COMMON) $(SRCS) -o $@

.PHONY: fuzz-raw-seeds
fuzz-raw-seeds: deps
	$(MAKE) --no-print-directory $(B)/test-gcc/tcpfsm_tests $(B)/fuzz-seeds/seed_cut \
	    $(B)/fuzz-seeds/two_endpoints_seeds $(B)/fuzz-seeds/codec_seeds
	rm -rf $(B)/fuzz/seeds $(B)/fuzz/recorded
	mkdir -p $(addprefix $(B)/fuzz/seeds/,$(FUZZ_HARNESSES)) $(B)/fuzz/recorded
	TCPFSM_SEED_DIR=$(B)/fuzz/recorded CK_FORK=no $(B)/test-gcc/tcpfsm_tests >/dev/null
	sh fuzz/dedup.sh $(B)/fuzz/recorded
	$(B)/fuzz-seeds/seed_cut $(B)/fuzz/seeds/one_endpoint $(B)/fuzz/recorded/*
	$(B)/fuzz-seeds/two_endpoints_seeds $(B)/fuzz/seeds/two_endpoints
	$(B)/fuzz-seeds/codec_seeds $(B)/fuzz/seeds/codec

fuzz-seeds: fuzz-build fuzz-raw-seeds
	sh fuzz/minimise.sh $(B) $(FUZZ_HARNESSES)

fuzz-build: deps
	@scripts/need afl++
	$(MAKE) --no-print-directory $(addprefix $(B)/fuzz/,$(FUZZ_HARNESSES))

fuzz: $(if $(filter afl libfuzzer,$(ENGINE)),fuzz-$(ENGINE),fuzz-engine-unknown)

fuzz-engine-unknown:
	@echo "make fuzz: ENGINE=$(ENGINE) is neither afl (AFL++) nor libfuzzer" >&2; exit 1

fuzz-afl: fuzz-build
	@for h in $(FUZZ_HARNESSES); do \
	    [ -n "$$(ls fuzz/corpus/$$h 2>/dev/null)" ] || { $(MAKE) --no-print-directory fuzz-raw-seeds; break; }; \
	done
	sh fuzz/run.sh $(B) $(FUZZ_HARNESSES)

fuzz-libfuzzer: deps
	@for h in $(FUZZ_HARNESSES); do \
	    [ -n "$$(ls fuzz/corpus/$$h 2>/dev/null)" ] || { $(MAKE) --no-print-directory fuzz-raw-seeds; break; }; \
	done
	sh fuzz/libfuzzer.sh $(B) $(FUZZ_HARNESSES)

# Line and branch coverage of src/ by the corpora of the last `make fuzz`
# (AFL++); with FUZZ_COV_HTML=DIR also gcovr's pages, DIR/<harness>.html.
$(B)/fuzz-cov/%: fuzz/%.c fuzz/replay_main.c $(FUZZ_DEPS)
	@mkdir -p $(@D)
	$(call say,CC,$@)gcc $(CSTD) -O0 -g --coverage $(INC) -Ifuzz \
	    $< fuzz/replay_main.c $(FUZZ_COMMON) $(SRCS) -o $@

fuzz-cov: deps
	@scripts/need gcovr
	rm -rf $(B)/fuzz-cov
	$(MAKE) --no-print-directory $(addprefix $(B)/fuzz-cov/,$(FUZZ_HARNESSES))
	@for h in $(FUZZ_HARNESSES); do \
	    [ -d $(B)/fuzz/out/$$h/main/queue ] || { echo "no corpus for $$h: run make fuzz first"; exit 1; }; \
	    find $(B)/fuzz/out/$$h -path '*/queue/id:*' -type f -print0 \
	        | xargs -0 $(B)/fuzz-cov/$$h >/dev/null || exit 1; \
	    case $$h in codec) only="--filter src/wire/"; what="the codec" ;; \
	                *) only="--filter src/core/"; what="the core" ;; esac; \
	    echo "== $$h: coverage of $$what"; \
	    $(if $(FUZZ_COV_HTML),mkdir -p $(FUZZ_COV_HTML);) \
	    gcovr --root . $$only --branches --print-summary --object-directory $(B)/fuzz-cov \
	        $(if $(FUZZ_COV_HTML),--html-details $(FUZZ_COV_HTML)/$$h.html) \
	        $(B)/fuzz-cov | tail -n 3; \
	    find $(B)/fuzz-cov -name '*.gcda' -delete; \
	done

# Per harness, the last AFL++ campaign (fuzzer_stats, plot_data, queue) and
# the coverage of src/ by its corpus (fuzz-cov) in $(B)/fuzz-report/index.html
# and index.md (fuzz/report.py).
FUZZ_RAN = $(foreach h,$(FUZZ_HARNESSES),$(if $(wildcard $(B)/fuzz/out/$(h)/*/fuzzer_stats),$(h)))
fuzz-report:
	@if [ -z "$(strip $(FUZZ_RAN))" ]; then \
	    echo "fuzz-report: no AFL++ campaign in $(B)/fuzz/out/ (run make fuzz first)"; exit 0; fi; \
	rm -rf $(B)/fuzz-report && mkdir -p $(B)/fuzz-report && \
	$(MAKE) --no-print-directory fuzz-cov FUZZ_HARNESSES="$(FUZZ_RAN)" \
	    FUZZ_COV_HTML=$(B)/fuzz-report/coverage >$(B)/fuzz-report/coverage.txt \
	    || { cat $(B)/fuzz-report/coverage.txt; exit 1; }; \
	python3 fuzz/report.py $(B) $(FUZZ_RAN)

# The minimised crashes of past campaigns must stay fixed.
fuzz-replay: deps
	$(MAKE) --no-print-directory $(addprefix $(B)/fuzz-replay/,$(FUZZ_HARNESSES))
	@for h in $(FUZZ_HARNESSES); do \
	    set -- fuzz/regressions/$$h-*; [ -e "$$1" ] || continue; \
	    echo "== replaying fuzz/regressions/$$h-* ($$# inputs)"; \
	    $(B)/fuzz-replay/$$h "$$@" || exit 1; \
	done

# Benchmarks (bench/README.md): what the codec's checksum costs per call;
# then workloads A, B, C on tcpfsm (core, core + codec) and on lwIP side by
# side, in time (median of 5 runs) and in instructions (callgrind), with
# memory, code size, stack and heap.  The table also goes to $(B)/bench.md.
BENCH_SRCS := bench/main.c bench/core.c bench/codec.c bench/lwip.c bench/pkt.c bench/owed.c
BENCH_HDRS := bench/bench.h bench/pkt.h bench/owed.h
# lwIP's headers as system headers: our warnings are not theirs to meet
BENCH_LWIP  = -isystem $$(pkg-config --variable=includedir lwip)

$(B)/bench_checksum: bench/checksum.c $(SRCS) $(HDRS)
	@mkdir -p $(B)
	$(CC) $(CSTD) $(WARN) -O2 -Iinclude bench/checksum.c src/wire/checksum.c -o $@

# -gdwarf-4: callgrind needs the functions' files, and Debian's valgrind
# 3.19 cannot read clang 14's default DWARF 5
$(B)/bench/bench_tcp: $(BENCH_SRCS) $(BENCH_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -g -gdwarf-4 $(INC) $(BENCH_LWIP) $(BENCH_SRCS) $(SRCS) \
	    $$(pkg-config --libs lwip) -o $@

# The same with the library's objects built for link-time optimization, as
# an embedder may build them; the bench's own objects are not, so that the
# calls into the library stay calls and callgrind can count them.
$(B)/bench/bench_tcp_lto: $(BENCH_SRCS) $(BENCH_HDRS) $(SRCS) $(HDRS)
	@rm -rf $(B)/bench/lto && mkdir -p $(B)/bench/lto
	for f in $(SRCS); do $(CC) $(CSTD) $(WARN) -O2 -g -gdwarf-4 -flto $(INC) -c $$f \
	    -o $(B)/bench/lto/lib_$$(basename $$f .c).o || exit 1; done
	for f in $(BENCH_SRCS); do $(CC) $(CSTD) $(WARN) -O2 -g -gdwarf-4 -Iinclude $(BENCH_LWIP) -c $$f \
	    -o $(B)/bench/lto/bench_$$(basename $$f .c).o || exit 1; done
	$(CC) -O2 -g -flto $(B)/bench/lto/*.o $$(pkg-config --libs lwip) -o $@

$(B)/bench/sizes: bench/sizes.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -Iinclude $(BENCH_LWIP) bench/sizes.c -o $@

bench: build-deps
	@scripts/need liblwip-dev valgrind gcc-arm-none-eabi python3 pkg-config
	$(MAKE) --no-print-directory $(B)/bench_checksum $(B)/bench/bench_tcp $(B)/bench/bench_tcp_lto \
	    $(B)/bench/sizes
	$(B)/bench_checksum
	@echo "== workloads A, B, C on tcpfsm and lwIP: time, 5 runs"
	$(B)/bench/bench_tcp --runs 5 > $(B)/bench/ns.tsv
	@echo "== the same under callgrind, smaller"
	python3 bench/callgrind.py $(B)/bench/bench_tcp $(B)/bench $(B)/bench/bench_tcp_lto \
	    > $(B)/bench/ir.tsv
	@echo "== code size, stack, heap; memory"
	sh bench/footprint.sh $(B)/bench > $(B)/bench/footprint.tsv
	$(B)/bench/sizes > $(B)/bench/sizes.tsv
	BENCH_CC="$(CC)" python3 bench/report.py $(B)/bench/ns.tsv $(B)/bench/ir.tsv $(B)/bench/footprint.tsv \
	    $(B)/bench/sizes.tsv > $(B)/bench.md
	@cat $(B)/bench.md
	@echo "(also in $(B)/bench.md; the profile behind the instruction counts: $(B)/bench/profile.txt)"

diagram: spec/transitions.dot
	@scripts/need graphviz
	dot -Tsvg spec/transitions.dot -o spec/transitions.svg

$(B)/gen_dot: spec/transitions.def spec/gen_dot.c spec/state_ids.h include/tcpfsm/tcpfsm.h
	@mkdir -p $(B)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -Iinclude -Ispec spec/gen_dot.c -o $@

spec/transitions.dot: $(B)/gen_dot
	$(B)/gen_dot > $@

# The transition relation the proofs use, generated from the same table.
spec: spec/tcpfsm_transitions.h

$(B)/gen_acsl: spec/transitions.def spec/gen_acsl.c spec/state_ids.h include/tcpfsm/tcpfsm.h spec/tcpfsm_kinds.h
	@mkdir -p $(B)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -Iinclude -Ispec spec/gen_acsl.c -o $@

spec/tcpfsm_transitions.h: $(B)/gen_acsl
	$(B)/gen_acsl > $@

# make prove, make prove-smoke
include proofs/prove.mk

# A library built with -DTCPFSM_OOO_RANGES=n hands the define to its users
# through tcpfsm.pc: sizeof(tcpfsm_conn) depends on it (tcpfsm_init checks).
LAYOUT_DEFINE := $(filter -DTCPFSM_OOO_RANGES=%,$(CPPFLAGS) $(CFLAGS))

# Public headers in $(INCLUDEDIR)/tcpfsm/ (#include <tcpfsm/tcpfsm.h>); the
# ACSL logic they read under Frama-C in $(INCLUDEDIR)/tcpfsm/acsl/ (a proof
# adds -I$(INCLUDEDIR)/tcpfsm/acsl); the libraries and tcpfsm.pc in $(LIBDIR).
install: $(B)/libtcpfsm.a $(B)/libtcpfsm.so
	install -d $(DESTDIR)$(INCLUDEDIR)/tcpfsm/acsl $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 $(PUB_HDRS) $(DESTDIR)$(INCLUDEDIR)/tcpfsm/
	install -m 644 $(ACSL_HDRS) $(DESTDIR)$(INCLUDEDIR)/tcpfsm/acsl/
	install -m 644 $(B)/libtcpfsm.a $(DESTDIR)$(LIBDIR)/libtcpfsm.a
	install -m 755 $(B)/libtcpfsm.so $(DESTDIR)$(LIBDIR)/libtcpfsm.so.$(VERSION)
	ln -sf libtcpfsm.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libtcpfsm.so.$(SOVERSION)
	ln -sf libtcpfsm.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libtcpfsm.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|^Cflags: .*|& $(LAYOUT_DEFINE)|' \
	    tcpfsm.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/tcpfsm.pc

uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/tcpfsm/,$(notdir $(PUB_HDRS)))
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/tcpfsm/acsl/,$(notdir $(ACSL_HDRS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/tcpfsm/acsl $(DESTDIR)$(INCLUDEDIR)/tcpfsm
	rm -f $(DESTDIR)$(LIBDIR)/libtcpfsm.a $(DESTDIR)$(LIBDIR)/libtcpfsm.so \
	    $(DESTDIR)$(LIBDIR)/libtcpfsm.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libtcpfsm.so.$(VERSION) \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/tcpfsm.pc

clean:
	rm -rf $(B)

# ---- conformance: the packetdrill replayer (tests/conformance/README.md) ----
# `make conformance` replays every *.pkt of the shared FreeBSD suite and
# fails when fewer pass than tests/conformance/BASELINE; `make test` replays
# our own scripts (tests/conformance/scripts), which must all pass.
CONF_DIR   := tests/conformance
CONF_SRCS  := $(wildcard $(CONF_DIR)/*.c)
CONF_HDRS  := $(wildcard $(CONF_DIR)/*.h)
CONF_SUITE ?= ../shared/conformance

$(B)/pd_replay: $(CONF_SRCS) $(CONF_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -O1 -g $(INC) $(CONF_SRCS) $(SRCS) -o $@

.PHONY: conformance conformance-own
conformance: build-deps
	$(MAKE) --no-print-directory $(B)/pd_replay
	@if [ -d "$(CONF_SUITE)" ]; then \
	    $(B)/pd_replay --baseline $(CONF_DIR)/BASELINE "$(CONF_SUITE)"; \
	else \
	    echo "conformance: the suite is absent ($(CONF_SUITE) not found); nothing replayed"; \
	fi

conformance-own: build-deps
	$(MAKE) --no-print-directory $(B)/pd_replay
	$(B)/pd_replay --all-pass $(CONF_DIR)/scripts

# ---- end of conformance ----

# ---- examples, demo, interop (examples/README.md, tests/interop/README.md) ----
# `make demo`: two cores back to back in memory, the seed scenario as a
# timeline; as root, also one connection with the Linux kernel over TUN.
# `make interop`: tests/interop/run.sh against Linux's TCP (SKIP unless root
# with TUN and network namespaces).
EX_COMMON := examples/endpoint.c examples/trace.c examples/ip4.c examples/iss.c
EX_HDRS   := $(wildcard examples/*.h)
# tcpfsm-tun, and the pieces of it the relay of bench/net shares: the
# impaired link (impair.c), the TUN device, the clock
EX_LINK   := examples/tun.c examples/clock.c examples/impair.c
TUN_SRCS  := examples/tcpfsm_tun.c $(EX_LINK) $(EX_COMMON)
RELAY_SRCS := bench/net/relay.c $(EX_LINK)
EX_BINS   := $(B)/examples/tcpfsm-demo $(B)/examples/tcpfsm-tun $(B)/bench-net/relay

$(B)/examples/tcpfsm-demo: examples/demo.c $(EX_COMMON) $(EX_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) $(INC) examples/demo.c $(EX_COMMON) $(SRCS) -o $@

$(B)/examples/tcpfsm-tun: $(TUN_SRCS) $(EX_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) $(INC) $(TUN_SRCS) $(SRCS) -o $@

# The relay of bench/net needs no part of the library: examples/ alone.
$(B)/bench-net/relay: $(RELAY_SRCS) $(EX_HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) -Iexamples $(RELAY_SRCS) -o $@

# The impaired link's own checks (tests/examples/impair_check.c): run by
# make test, and under ASan and UBSan by make examples-san.
IMPAIR_CHECK := tests/examples/impair_check.c examples/impair.c
$(B)/impair_check: $(IMPAIR_CHECK) examples/impair.h
	@mkdir -p $(@D)
	$(call say,CC,$@)$(CC) $(CSTD) $(WARN) -O1 -g -Iexamples $(IMPAIR_CHECK) -o $@

$(B)/examples-san/impair_check: $(IMPAIR_CHECK) examples/impair.h
	@mkdir -p $(@D)
	$(call say,CC,$@)clang $(CSTD) $(WARN) -O1 -g $(SAN) -Iexamples $(IMPAIR_CHECK) -o $@

# The examples once more with clang, ASan and UBSan; runs the demo.
$(B)/examples-san/tcpfsm-demo: examples/demo.c $(EX_COMMON) $(EX_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)clang $(CSTD) $(WARN) -O1 -g $(SAN) $(INC) examples/demo.c $(EX_COMMON) $(SRCS) -o $@

$(B)/examples-san/tcpfsm-tun: $(TUN_SRCS) $(EX_HDRS) $(SRCS) $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)clang $(CSTD) $(WARN) -O1 -g $(SAN) $(INC) $(TUN_SRCS) $(SRCS) -o $@

$(B)/examples-san/relay: $(RELAY_SRCS) $(EX_HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)clang $(CSTD) $(WARN) -O1 -g $(SAN) -Iexamples $(RELAY_SRCS) -o $@

.PHONY: examples examples-san demo interop
examples: build-deps
	$(MAKE) --no-print-directory $(EX_BINS)

examples-san: deps
	$(MAKE) --no-print-directory $(B)/examples-san/tcpfsm-demo $(B)/examples-san/tcpfsm-tun \
	    $(B)/examples-san/relay $(B)/examples-san/impair_check
	$(B)/examples-san/tcpfsm-demo >/dev/null
	$(B)/examples-san/impair_check

demo: examples
	@$(B)/examples/tcpfsm-demo
	@sh tests/interop/demo.sh $(B)/examples/tcpfsm-tun

interop: examples
	sh tests/interop/run.sh $(B)/examples/tcpfsm-tun
# ---- end of examples, demo, interop ----

# ---- network benchmark (bench/net/README.md) ----
# `make bench-net`: tcpfsm-tun against Linux's TCP through the relay
# (bench/net/relay.c), impaired both ways: tcpfsm-tun receiving from Linux
# senders (BBR, CUBIC) and sending to a Linux receiver, with Linux to Linux
# over the same path as the baseline; a table of goodput as a share of
# Linux's.  As root (one SKIP line otherwise); SEEDS, CONDS, SIZE select the
# matrix (bench/net/README.md).  Its tcpfsm-tun is built apart, and again
# whenever the compiler or flags change, so that
# `make bench-net CFLAGS='-O2 -g -DTCPFSM_OOO_RANGES=8'` measures that build.
.PHONY: bench-net FORCE
FORCE:
BENCH_NET_CC := $(CC) $(ALL_CFLAGS)
$(B)/bench-net/tcpfsm-tun.cflags: FORCE
	@mkdir -p $(@D)
	@echo '$(BENCH_NET_CC)' | cmp -s - $@ || echo '$(BENCH_NET_CC)' > $@

$(B)/bench-net/tcpfsm-tun: $(B)/bench-net/tcpfsm-tun.cflags $(TUN_SRCS) $(EX_HDRS) $(SRCS) $(HDRS)
	$(call say,CC,$@)$(CC) $(ALL_CFLAGS) $(INC) $(TUN_SRCS) $(SRCS) -o $@

# not root: scripts/need cannot install, and run.sh says SKIP
bench-net: build-deps
	@scripts/need iproute2 python3 gcc || [ "$$(id -u)" -ne 0 ]
	$(MAKE) --no-print-directory $(B)/bench-net/tcpfsm-tun $(B)/bench-net/relay
	@sh bench/net/run.sh $(B)/bench-net/tcpfsm-tun $(B)/bench-net/relay
# ---- end of network benchmark ----
