# ocop-pos - one hand-written Makefile.
#
#   make            build ./ocop-pos
#   make run        install missing packages, build, make a demo database, open the POS
#   make test       install missing packages, build, run every test (ends "N passed, N failed")
#   make deps       install the Debian packages that are missing (root), else print the command
#   make bench      run the benchmarks in tests/bench (ratios to a baseline of the same run)
#   make fuzz       build the libFuzzer targets (clang) and run each for FUZZ_SECONDS
#   make install    install under PREFIX (default /usr/local)
#
# Knobs: DEV=1 (-Werror and more warnings), SANITIZE=address,undefined,
#        V=1 (show commands), PREFIX=/usr/local, CC=clang,
#        STATIC_PKGS= (link SQLite and libsodium as shared objects).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/ocop-pos
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
PKG_CONFIG ?= pkg-config
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

# Debian packages: build + run, then test-only.  libcurl4-openssl-dev gives
# the curl headers; libcurl itself is loaded at run time (dlopen) when an
# e-invoice is sent, so it costs nothing at start-up (src/core/einvoice_viettel.c).
DEB_BUILD = make gcc pkg-config libncurses-dev libsqlite3-dev libusb-1.0-0-dev libcjson-dev \
            libsodium-dev libfreetype-dev fonts-dejavu-core libqrencode-dev libpng-dev \
            libxlsxwriter-dev libxml2-dev libcurl4-openssl-dev libpq-dev
DEB_TEST  = libcmocka-dev tmux umockdev libumockdev-dev sqlite3 unzip zbar-tools python3 openssl \
            postgresql

# Linked: what nearly every command uses.  Loaded with dlopen() at their
# first use (src/lib/dynlib.h): the others, whose headers are still
# needed.  Linked, they cost about 15 ms of the dynamic loader's time at
# every start of the program (docs/architecture.md, "Start-up").
PKGS_LINKED = sqlite3 libcjson libsodium
PKGS_LOADED = ncursesw libusb-1.0 freetype2 libpng libqrencode xlsxwriter libxml-2.0 libpq
PKGS      = $(PKGS_LINKED) $(PKGS_LOADED)
# Of the linked packages, those whose -dev package ships a static archive
# (libsqlite3-dev and libsodium-dev do, libcjson-dev does not) are linked
# into ocop-pos itself: the dynamic loader then maps 3 shared objects, not
# 5, and binds some 1,600 fewer symbols at every start (about 1.4 million
# instructions, 0.3-0.4 ms of CPU: docs/architecture.md, "Start-up").  A
# security fix to SQLite or libsodium then needs ocop-pos rebuilt; `make
# STATIC_PKGS=` links them as shared objects, as a distribution would.
# Only the program and its test build: the unit tests, benchmarks and fuzz
# targets link the shared objects (test_fault wraps sqlite3_step at link
# time, which must not reach SQLite's own calls to it).
STATIC_PKGS ?= sqlite3 libsodium
TEST_PKGS = cmocka
USB_PKGS  = umockdev-1.0

ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-7s %s\n'
endif

ifneq ($(SANITIZE),)
BUILD ?= build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build/out
SANFLAGS =
endif

WARN = -Wall -Wextra
ifeq ($(DEV),1)
WARN += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
        -Wpointer-arith -Wundef -Wvla -Wno-unused-parameter
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS_LINKED) 2>/dev/null)
comma := ,
# static_a PKG: the package's static archive (libdir/libNAME.a for its
# first -lNAME), or nothing when the -dev package ships none.
static_a = $(wildcard $(shell $(PKG_CONFIG) --variable=libdir $(1) 2>/dev/null)/lib$(patsubst \
	-l%,%,$(firstword $(shell $(PKG_CONFIG) --libs-only-l $(1) 2>/dev/null))).a)
STATIC_FOUND := $(foreach p,$(filter $(PKGS_LINKED),$(STATIC_PKGS)),$(if $(call static_a,$(p)),$(p)))
STATIC_ARCHIVES := $(foreach p,$(STATIC_FOUND),$(call static_a,$(p)))
# The archives' own dependencies (Libs.private), recorded only if used.
STATIC_DEPS := $(filter-out $(patsubst %.a,-l%,$(patsubst lib%,%,$(notdir $(STATIC_ARCHIVES)))), \
	$(shell $(PKG_CONFIG) --static --libs-only-l $(STATIC_FOUND) 2>/dev/null))
PROG_LIBS  := $(shell $(PKG_CONFIG) --libs $(filter-out $(STATIC_FOUND),$(PKGS_LINKED)) 2>/dev/null) \
	$(STATIC_ARCHIVES) $(if $(STATIC_DEPS),-Wl$(comma)--as-needed $(STATIC_DEPS) -Wl$(comma)--no-as-needed)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   := $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

# What the build needs (ALL_*) is kept apart from the user's CFLAGS,
# CPPFLAGS and LDFLAGS (git's ALL_CFLAGS), so `make CFLAGS=-O0` only
# changes the optimisation.
CFLAGS   ?= -O2 -g
ALL_CPPFLAGS = -Isrc -I. -I$(BUILD)/gen -D_DEFAULT_SOURCE -D_GNU_SOURCE \
               -DOCOP_DATADIR='"$(DATADIR)"' -include src/lib/banned.h $(CPPFLAGS)
ALL_CFLAGS   = -std=c11 $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(SANFLAGS) $(LDFLAGS)
LDLIBS   += $(PKG_LIBS) -lm -ldl
PROG_LDLIBS = $(PROG_LIBS) -lm -ldl $(filter-out $(PKG_LIBS) -lm -ldl,$(LDLIBS))

# Layers (docs/architecture.md): lib <- (core, drivers) <- app <- (cli, ui) <- main.
# Each layer is its own archive, linked in that order, so a call that points
# up fails to link; `make check-layers` also checks every #include.
LIB_SRC  = $(sort $(wildcard src/lib/*.c))
CORE_SRC = $(sort $(wildcard src/core/*.c))
DRV_SRC  = $(sort $(wildcard drivers/*.c drivers/*/*.c))
APP_SRC  = $(sort $(wildcard src/app/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
UI_SRC   = $(sort $(wildcard src/ui/*.c))
GEN_SRC  = $(BUILD)/gen/embedded.c
EMBED    = $(sort $(wildcard config/*.json config/locale/*.json config/printers/*.json receipts/*.tpl))

LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o $(BUILD)/gen/i18n_table.o \
           $(BUILD)/gen/refdata_table.o
DRV_OBJ  = $(DRV_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  = $(APP_SRC:%.c=$(BUILD)/%.o)
FRONT_OBJ = $(BUILD)/src/main.o $(CLI_SRC:%.c=$(BUILD)/%.o) $(UI_SRC:%.c=$(BUILD)/%.o)
LIB_A    = $(BUILD)/libocoplib.a
CORE_A   = $(BUILD)/libocopcore.a
DRV_A    = $(BUILD)/libocopdrv.a
APP_A    = $(BUILD)/libocopapp.a
# What tests, benchmarks and fuzz targets link: core and drivers on lib.
CORE_LIB = $(CORE_A) $(DRV_A) $(LIB_A)
# Test builds: the same core with the test clock (OCOP_POS_NOW honoured,
# src/core/clock.h), for the test programs and $(TEST_PROG), which the
# scenario suites run.  The installed ocop-pos never has it.
TEST_CLOCK_OBJ = $(BUILD)/test/clock.o
CORE_TEST_A = $(BUILD)/libocopcore-test.a
CORE_TEST_LIB = $(CORE_TEST_A) $(DRV_A) $(LIB_A)
TEST_PROG = $(BUILD)/test/ocop-pos

UNIT_SRC  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
BENCH_SRC = $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/tests/bench/%)
FUZZ_SRC  = $(sort $(wildcard tests/fuzz/fuzz_*.c))
USB_SRC   = $(sort $(wildcard tests/usb/test_*.c))
USB_BIN   = $(USB_SRC:tests/usb/%.c=$(BUILD)/tests/usb/%)
FUZZ_REPLAY = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%-replay)

ifneq ($(SANITIZE),)
PROG = $(BUILD)/ocop-pos
else
PROG = ocop-pos
endif

.PHONY: print-pkgs
.PHONY: all deps run test unit-test bench fuzz install uninstall clean hdr-check tests-build check-layers
all: $(PROG)

$(PROG): $(FRONT_OBJ) $(APP_A) $(CORE_LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(FRONT_OBJ) $(APP_A) $(CORE_LIB) $(PROG_LDLIBS)

$(LIB_A): $(LIB_OBJ)
$(CORE_A): $(CORE_OBJ)
$(DRV_A): $(DRV_OBJ)
$(APP_A): $(APP_OBJ)
$(LIB_A) $(CORE_A) $(DRV_A) $(APP_A):
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(TEST_PROG): $(FRONT_OBJ) $(APP_A) $(CORE_TEST_LIB)
	$(say) LINK $@
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(FRONT_OBJ) $(APP_A) $(CORE_TEST_LIB) $(PROG_LDLIBS)

$(CORE_TEST_A): $(filter-out $(BUILD)/src/core/clock.o,$(CORE_OBJ)) $(TEST_CLOCK_OBJ)
	$(say) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(TEST_CLOCK_OBJ): src/core/clock.c
	@mkdir -p $(dir $@)
	$(say) CC "$< (test clock)"
	$(Q)$(CC) $(ALL_CPPFLAGS) -DOCOP_TEST_CLOCK $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Config data, translations, printer profiles and receipt templates are
# embedded in the binary so it runs from anywhere; files on disk override.
$(GEN_SRC): $(EMBED) src/gen-embed.sh
	@mkdir -p $(dir $@)
	$(say) GEN $@
	$(Q)sh src/gen-embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/embedded.o: $(GEN_SRC)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The Vietnamese catalogue as a sorted index (src/gen-i18n.c, a tool
# run at build time; core/i18n_table.h): nothing to parse at run time.
LOCALE_VI = $(sort $(wildcard config/locale/vi*.json))
$(BUILD)/gen/gen-i18n: src/gen-i18n.c
	@mkdir -p $(dir $@)
	$(say) CC "$< (build tool)"
	$(Q)$(CC) $(ALL_CPPFLAGS) -std=c11 $(WARN) -O1 -o $@ $<

$(BUILD)/gen/i18n_table.c: $(LOCALE_VI) $(BUILD)/gen/gen-i18n
	$(say) GEN $@
	$(Q)$(BUILD)/gen/gen-i18n $(LOCALE_VI) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/i18n_table.o: $(BUILD)/gen/i18n_table.c
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The provinces and OCOP groups as C tables (src/gen-refdata.c, run at
# build time; core/refdata_table.h): the tool links refdata's own loader
# and checks, so data the program would refuse stops the build, and the
# program parses nothing unless a data directory replaces the files.
REFDATA_JSON = config/provinces.json config/ocop-groups.json
GEN_REFDATA_SRC = src/gen-refdata.c src/core/refdata.c src/core/vntext.c src/core/fileio.c \
	src/core/i18n.c src/core/embedded.c src/lib/err.c src/lib/utf8.c $(BUILD)/gen/i18n_table.c $(GEN_SRC)
$(BUILD)/gen/gen-refdata: $(GEN_REFDATA_SRC) $(wildcard src/core/refdata*.h src/core/vntext.h \
	src/core/fileio.h src/core/i18n*.h src/core/embedded.h src/lib/err.h src/lib/utf8.h src/lib/banned.h)
	@mkdir -p $(dir $@)
	$(say) CC "$< (build tool)"
	$(Q)$(CC) $(ALL_CPPFLAGS) -std=c11 $(WARN) $(PKG_CFLAGS) -O1 -o $@ $(GEN_REFDATA_SRC) \
		$(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null)

$(BUILD)/gen/refdata_table.c: $(REFDATA_JSON) $(BUILD)/gen/gen-refdata
	$(say) GEN $@
	$(Q)$(BUILD)/gen/gen-refdata $(REFDATA_JSON) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/refdata_table.o: $(BUILD)/gen/refdata_table.c
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/unit/%: tests/unit/%.c $(CORE_TEST_LIB)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST_LIB) $(ALL_LDFLAGS) $(TEST_LIBS) $(LDLIBS)

# The fault-injection test fails the Nth allocation of our code: it wraps
# the allocator (and sqlite3_step, to fail a read half-way) at link time.
FAULT_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=sqlite3_step
$(BUILD)/tests/unit/test_fault: LDFLAGS += $(FAULT_WRAP)

$(BUILD)/tests/bench/%: tests/bench/%.c tests/bench/bench.h $(CORE_TEST_LIB)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(CORE_TEST_LIB) $(ALL_LDFLAGS) $(LDLIBS)

# Fuzz targets double as corpus-replay tests with any compiler.
$(BUILD)/tests/fuzz/%-replay: tests/fuzz/%.c tests/fuzz/replay_main.c $(CORE_TEST_LIB)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(CORE_TEST_LIB) $(ALL_LDFLAGS) $(LDLIBS)

# USB tests run against umockdev's emulated devices (tests/run.sh runs them
# under umockdev-wrapper, which preloads the emulation).
$(BUILD)/tests/usb/%: tests/usb/%.c $(CORE_TEST_LIB)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(TEST_CFLAGS) $$($(PKG_CONFIG) --cflags $(USB_PKGS)) -o $@ $< \
		$(CORE_TEST_LIB) $(ALL_LDFLAGS) $(TEST_LIBS) $$($(PKG_CONFIG) --libs $(USB_PKGS)) $(LDLIBS)

# The process the crash test kills (tests/crash/crash_sales.sh): plain POSIX.
$(BUILD)/tests/crash/crash_driver: tests/crash/crash_driver.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

tests-build: $(PROG) $(TEST_PROG) $(UNIT_BIN) $(FUZZ_REPLAY) $(USB_BIN) $(BUILD)/tests/crash/crash_driver

test: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) tests-build
	$(Q)$(MAKE) --no-print-directory check-layers
	$(Q)OCOP_POS=$(abspath $(TEST_PROG)) OCOP_POS_RELEASE=$(abspath $(PROG)) BUILD=$(BUILD) bash tests/run.sh

# Unit tests and fuzz-corpus replays only (used under SANITIZE in CI).
unit-test: tests-build
	$(Q)OCOP_POS=$(abspath $(TEST_PROG)) OCOP_POS_RELEASE=$(abspath $(PROG)) BUILD=$(BUILD) bash tests/run.sh unit fuzz

bench: $(PROG) $(TEST_PROG) $(BENCH_BIN)
	$(Q)for b in $(BENCH_BIN); do OCOP_POS=$(abspath $(PROG)) $$b || exit 1; done
	$(Q)OCOP_POS=$(abspath $(PROG)) bash tests/bench/bench_tui.sh
	$(Q)OCOP_POS=$(abspath $(PROG)) BENCH_PIN=$(BUILD)/tests/bench/bench_pin bash tests/bench/bench_cli.sh
	$(Q)BUILD=$(BUILD) bash tests/bench/bench_pghub.sh
	$(Q)BUILD=$(BUILD) bash tests/bench/bench_pgnational.sh

FUZZ_SECONDS ?= 20
fuzz:
	$(Q)bash tests/fuzz/run.sh $(FUZZ_SECONDS)

DEMO_DB ?= demo.db
run: deps
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) $(PROG)
	$(Q)test -f $(DEMO_DB) || ./$(PROG) --db $(DEMO_DB) demo
	$(Q)./$(PROG) --db $(DEMO_DB)

deps:
	$(Q)missing=""; for p in $(DEB_BUILD) $(DEB_TEST); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing || exit 1; \
	  else \
	    echo "Missing Debian packages. Run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# The pkg-config packages the core library is built with (tests/fuzz/run.sh;
# linking PKGS_LOADED there too is harmless: the forwarders find them).
print-pkgs:
	@echo $(PKGS)

# The layers hold: includes point down, and each archive calls only the
# layers below it (tests/check-layers.sh).
check-layers: $(LIB_A) $(CORE_A) $(DRV_A) $(APP_A)
	$(Q)bash tests/check-layers.sh $(BUILD)

# Every header compiles on its own.
hdr-check:
	$(Q)for h in $$(find src drivers -name '*.h'); do \
	  printf '#include "%s"\n' "$$h" | $(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fsyntax-only -x c - || exit 1; done
	@echo "headers OK"

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/ocop-pos
	cp -r config receipts $(DESTDIR)$(DATADIR)/
	install -m 644 docs/ocop-pos.1 $(DESTDIR)$(MANDIR)/man1/ocop-pos.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ocop-pos $(DESTDIR)$(MANDIR)/man1/ocop-pos.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build ocop-pos

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
