# indicatord: plain Makefile. See README.md.
VERSION	 = 0.1.0
SHELL	 = /bin/bash
CC	?= cc
PREFIX	?= /usr/local
DESTDIR	?=

WARN	 = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror
CFLAGS	?= -O2 -g
# Project flags stay even when CFLAGS is given on the command line.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) -iquote daemon -iquote collectors \
	   -iquote graphs -DINDICATORD_VERSION='"$(VERSION)"' $(CFLAGS)
# No -lcurl: collectors/curlso.c loads libcurl when a feed or hook needs it
# (libcurl4-openssl-dev is still needed for its header).
LDLIBS	 = -lmicrohttpd -lrrd -lconfig -ljansson -lyaml -lcrypt -lgnutls -lz -lm -pthread

B	 = build
# Every module but main.c goes into a static library the daemon, the unit
# tests and the fuzzers link against.
LIB_SRCS = $(filter-out daemon/main.c,$(wildcard daemon/*.c)) \
	   $(wildcard collectors/*.c) $(wildcard graphs/*.c)
LIB_OBJS = $(LIB_SRCS:%.c=$(B)/obj/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRCS = $(wildcard tests/fuzz/fuzz_*.c)

DEB_PKGS = gcc make libmicrohttpd-dev librrd-dev rrdtool rrdcached libconfig-dev libyaml-dev libgnutls28-dev libcrypt-dev \
	   libcurl4-openssl-dev libjansson-dev zlib1g-dev libcmocka-dev \
	   prometheus prometheus-alertmanager curl jq chromium iproute2
# make asan, make fuzz and make valgrind need these too.
DEV_PKGS = clang libclang-rt-dev valgrind
SUDO	:= $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps run check unit asan valgrind fuzz clean install uninstall
all: $(B)/indicatord

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libindicatord.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/indicatord: $(B)/obj/daemon/main.o $(B)/libindicatord.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# Test tools: small servers the tests start on 127.0.0.1.
TOOLS	 = $(B)/tests/fixture_server
$(B)/tests/fixture_server: tests/tools/fixture_server.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lmicrohttpd -pthread
TOOLS	+= $(B)/tests/flood
$(B)/tests/flood: tests/tools/flood.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<
TOOLS	+= $(B)/tests/http_sink
$(B)/tests/http_sink: tests/tools/http_sink.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lmicrohttpd -pthread
# Without the sanitizers of make asan: nothing in it is ever called.
TOOLS	+= $(B)/tests/nocurl/libcurl.so.4
$(B)/tests/nocurl/libcurl.so.4: tests/tools/nocurl.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) -O2 -fPIC -shared -Wl,-soname,libcurl.so.4 -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libindicatord.a $(LDLIBS) -lcmocka

# Install only the Debian packages that are missing.
deps:
	@missing=""; for p in $(DEB_PKGS) $(DEV_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	else echo "all Debian packages present"; fi

run: deps all
	./$(B)/indicatord -c conf/indicatord.conf

unit: $(UNIT_BINS) $(TOOLS)

check: deps all unit
	bash tests/run.sh

ASAN_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
asan:
	$(MAKE) B=build-asan CC=clang CFLAGS="$(ASAN_CFLAGS)" all unit
	INDICATORD_BUILD=build-asan INDICATORD_CC=clang INDICATORD_CFLAGS="$(ASAN_CFLAGS)" \
	    ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/run.sh

# The daemon's integration tests with the daemon under valgrind memcheck.
VALGRIND_TESTS = tests/integration/t_foundation.sh tests/integration/t_push.sh \
	tests/integration/t_api.sh tests/integration/t_reload.sh
valgrind: all unit
	INDICATORD_VALGRIND=1 bash tests/run.sh $(VALGRIND_TESTS)

FUZZ_SECONDS ?= 60
FUZZ_BINS = $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/%)
build-fuzz/%: tests/fuzz/%.c FORCE
	@$(MAKE) -s --no-print-directory B=build-fuzz CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libindicatord.a
	clang -std=c11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined \
	    -iquote daemon -iquote collectors -iquote graphs -o $@ $< build-fuzz/libindicatord.a $(LDLIBS)
FORCE:
fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do \
	  n=$$(basename $$f); mkdir -p build-fuzz/corpus/$$n; \
	  seeds=""; [ -d tests/fuzz/corpus/$$n ] && seeds=tests/fuzz/corpus/$$n; \
	  echo "== $$n for $(FUZZ_SECONDS)s"; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=build-fuzz/ \
	      build-fuzz/corpus/$$n $$seeds 2>&1 | tee build-fuzz/$$n.log | grep -E '^(#[0-9]+[[:space:]]+DONE|==[0-9]+==ERROR|SUMMARY)'; \
	  [ $${PIPESTATUS[0]} -eq 0 ] || { echo "$$n: FAILED, see build-fuzz/$$n.log"; exit 1; }; \
	done

SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
BINDIR	 = $(PREFIX)/bin
DATADIR	 = $(PREFIX)/share/indicatord
MANDIR	 = $(PREFIX)/share/man
UNITDIR	?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)

# The installed config keeps its state in /var/lib/indicatord (the unit's
# StateDirectory) and reads the demo data from $(DATADIR).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/indicatord \
	    $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/prometheus
	install -m 0755 $(B)/indicatord $(DESTDIR)$(BINDIR)/indicatord
	install -m 0644 conf/data/shenzhen.csv $(DESTDIR)$(DATADIR)/data/shenzhen.csv
	sed -e 's|^data_dir *=.*|data_dir = "/var/lib/indicatord";|' \
	    -e 's|"conf/data/|"$(DATADIR)/data/|' conf/indicatord.conf \
	    > $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf.new
	@if [ -f $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf ]; then \
	  echo "keeping $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf; new one is indicatord.conf.new"; \
	else mv $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf.new \
	  $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf; fi
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    conf/systemd/indicatord.service.in > $(DESTDIR)$(UNITDIR)/indicatord.service
	install -m 0644 daemon/indicatord.8 $(DESTDIR)$(MANDIR)/man8/indicatord.8
	install -m 0644 daemon/indicatord.conf.5 $(DESTDIR)$(MANDIR)/man5/indicatord.conf.5
	if [ -d conf/prometheus ]; then install -m 0644 conf/prometheus/* $(DESTDIR)$(DATADIR)/prometheus/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/indicatord $(DESTDIR)$(UNITDIR)/indicatord.service \
	    $(DESTDIR)$(MANDIR)/man8/indicatord.8 $(DESTDIR)$(MANDIR)/man5/indicatord.conf.5
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz

# Benchmarks (bench/README.md): indicatord against its peers and the limit
# of its own stack; prints a table and writes bench/results.md.
# make bench BENCH_SECTIONS="scrape graph" runs only those sections.
BENCH_PKGS = wrk prometheus-node-exporter prometheus rrdtool rrdcached curl iproute2
BENCH_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) -O2 -g
BENCH_BINS = $(B)/bench/static_server $(B)/bench/rrd_anchor \
	     $(B)/bench/graph_anchor $(B)/bench/graph_argv.so $(B)/bench/render_time
BENCH_SECTIONS ?=

.PHONY: bench bench-deps bench-bins
bench: deps bench-deps all $(BENCH_BINS)
	INDICATORD_BUILD=$(B) bash bench/run.sh $(BENCH_SECTIONS)

# The bench programs alone (no packages, no runs): CI builds them so that a
# change to the daemon's sources cannot break make bench unseen.
bench-bins: $(BENCH_BINS)

bench-deps:
	@missing=""; for p in $(BENCH_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(B)/bench/static_server: bench/static_server.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lmicrohttpd -pthread

# The anchor formats its updates with daemon/num.c, as daemon/store.c does.
$(B)/bench/rrd_anchor: bench/rrd_anchor.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -iquote daemon -o $@ $< $(B)/libindicatord.a \
	    $(LDLIBS)

$(B)/bench/graph_anchor: bench/graph_anchor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lrrd

$(B)/bench/graph_argv.so: bench/graph_argv.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -fPIC -shared -o $@ $< -ldl

$(B)/bench/render_time: bench/render_time.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -iquote daemon -iquote collectors -iquote graphs \
	    -o $@ $< $(B)/libindicatord.a $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(B)/obj/daemon/main.d
