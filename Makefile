# Piste - build, run and test. `make help` lists the targets.
#
# Sources are discovered by wildcard: a new lib/*/x.c, cgi-bin/<area>/x.c,
# bin/cmd_x.c or tests/unit/test_x.c is built without editing this file.

SHELL := /bin/bash
.DEFAULT_GOAL := all

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
  BUILD ?= build-san
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDOPT := -fsanitize=address,undefined
else
  BUILD ?= build
  OPT := -O2 -g
  LDOPT :=
endif

CC ?= gcc
PKGS := fcgi libmariadb libqrencode libsodium jansson gmime-3.0 cairo pangocairo libcurl gumbo
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CS_CFLAGS := -I/usr/include/ClearSilver
CS_LIBS := -lneo_cgi -lneo_cs -lneo_utl -lz

CFLAGS := -std=gnu11 $(OPT) -Wall -Wextra -Werror -Wno-unused-parameter -pthread \
	-D_GNU_SOURCE -Ilib $(CS_CFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS := $(LDOPT) -pthread
LIBS := $(CS_LIBS) $(PKG_LIBS) -lzxcvbn -lm

LIB_SRC := $(sort $(wildcard lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBPISTE := $(BUILD)/libpiste.a

PROGRAMS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard cgi-bin/*/*.c)))))
PROG_BINS := $(PROGRAMS:%=$(BUILD)/fcgi/%)

CLI_SRC := $(sort $(wildcard bin/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
ifeq ($(SANITIZE),1)
  CLI_BIN := $(BUILD)/bin/piste
else
  CLI_BIN := bin/piste
endif

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
INTEG_SRC := $(sort $(wildcard tests/integration/test_*.c))
INTEG_BINS := $(INTEG_SRC:tests/integration/%.c=$(BUILD)/tests/integration/%)
TEST_HELPER_SRC := $(sort $(wildcard tests/support/*.c))
TEST_HELPER_OBJ := $(TEST_HELPER_SRC:%.c=$(BUILD)/%.o)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)

DEPS := $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

.PHONY: all help deps run start stop status test bench fuzz clean distclean format vendor print-flags print-libs tests-build

all: $(PROG_BINS) $(CLI_BIN) vendor

help:
	@echo "make run       install what is missing, build, start everything in the foreground (Ctrl-C stops)"
	@echo "make start     the same in the background; make stop / make status"
	@echo "make test      build and run every test on a throw-away MariaDB + nginx (SANITIZE=1: ASan+UBSan)"
	@echo "make bench     benchmarks (wrk), printing figures and ratios"
	@echo "make fuzz      run the libFuzzer targets for a short while (FUZZ_SECONDS=30)"
	@echo "make deps      install missing Debian packages and npm modules"
	@echo "make clean     remove build output (var/ keeps the data)"

deps:
	@bin/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIBPISTE): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@rm -f $@
	@ar rcs $@ $^

# One program per cgi-bin/<area>/ directory.
define program_rule
$(BUILD)/fcgi/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard cgi-bin/$(1)/*.c)) $(LIBPISTE)
	@mkdir -p $$(dir $$@)
	@echo "  LD $$@"
	@$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o,$$^) $(LIBPISTE) $$(LIBS)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

$(CLI_BIN): $(CLI_OBJ) $(LIBPISTE)
	@mkdir -p $(dir $@)
	@echo "  LD $@"
	@$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIBPISTE) $(LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(TEST_HELPER_OBJ) $(LIBPISTE)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBPISTE) $(LIBS) $(CHECK_LIBS)

$(BUILD)/tests/integration/%: tests/integration/%.c $(TEST_HELPER_OBJ) $(LIBPISTE)
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBPISTE) $(LIBS) $(CHECK_LIBS)

$(BUILD)/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -Itests -MMD -MP -c $< -o $@

tests-build: $(UNIT_BINS) $(INTEG_BINS)

# Front-end libraries from npm, copied next to our own static files.
VENDOR := htdocs/vendor/.stamp
vendor: $(VENDOR)
$(VENDOR): package.json
	@bin/install-deps --npm-only
	@mkdir -p htdocs/vendor
	@for f in sortablejs/Sortable.min.js signature_pad/dist/signature_pad.umd.min.js chart.js/dist/chart.umd.js; do \
	  if [ -f node_modules/$$f ]; then cp node_modules/$$f htdocs/vendor/; else echo "missing node_modules/$$f (run make deps)"; exit 1; fi; done
	@touch $@

run: deps all
	@bin/stack run

start: deps all
	@bin/stack start

stop:
	@bin/stack stop

status:
	@bin/stack status

test:
	@bin/install-deps --test
	@$(MAKE) --no-print-directory all tests-build SANITIZE=$(SANITIZE)
	@/usr/bin/python3 tests/run.py --build $(BUILD) $(if $(filter 1,$(SANITIZE)),--sanitize) $(TESTS)

bench:
	@bin/install-deps --bench
	@$(MAKE) --no-print-directory all
	@/usr/bin/python3 tests/bench/run.py --build $(BUILD)

FUZZ_SECONDS ?= 30
fuzz:
	@bin/install-deps --fuzz
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

print-flags:
	@echo $(CFLAGS)
print-libs:
	@echo $(LIBS)

# Formats the lines changed since the last commit (staged or not), never the
# whole tree: hand-aligned tables stay as written.
format:
	@git clang-format --force --style=file --extensions c,h $(if $(BASE),$(BASE),HEAD) || true

clean:
	rm -rf build build-san build-fuzz bin/piste htdocs/vendor

distclean: clean
	rm -rf node_modules

-include $(DEPS) $(wildcard $(BUILD)/cgi-bin/*/*.d) $(wildcard $(BUILD)/tests/*/*.d)
