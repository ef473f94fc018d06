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
	   -iquote graphs -DINDICATORD_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS)
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

# Debian packages, listed in README.md ("The two commands"; t_deps.sh
# checks that the two agree). make deps installs what make run needs: the
# compiler, the build and runtime libraries, rrdtool to read the RRDs, and
# the graphs' fonts (DejaVu and Noto Sans CJK SC, the font list that
# graphs/plot.h names: Chinese titles and legends are drawn in Noto's
# Simplified Chinese glyphs, its mono face keeps the legend's columns).
RUN_PKGS = gcc make libmicrohttpd-dev librrd-dev rrdtool libconfig-dev \
	   libyaml-dev libgnutls28-dev libcrypt-dev libcurl4-openssl-dev \
	   libjansson-dev zlib1g-dev libxlsxwriter-dev fonts-dejavu-core \
	   fonts-noto-cjk
# make check-deps (run by make check) installs the test tools on top: the
# unit test library, the real servers the integration tests start
# (rrdcached, Prometheus, Alertmanager, Chromium), their clients, clang and
# valgrind for make asan, fuzz and valgrind, the tools of make deb, and
# tidy and pdftotext (poppler-utils) that check the pages.
CHECK_PKGS = libcmocka-dev rrdcached prometheus prometheus-alertmanager \
	   chromium curl jq iproute2 groff-base systemd clang libclang-rt-dev \
	   valgrind dpkg-dev debhelper fakeroot lintian tidy poppler-utils \
	   libreoffice-calc-nogui
SUDO	:= $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps check-deps run check unit asan valgrind fuzz clean install uninstall deb
all: $(B)/indicatord

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libindicatord.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/indicatord: $(B)/obj/daemon/main.o $(B)/libindicatord.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Test tools: small servers the tests start on 127.0.0.1.
TOOLS	 = $(B)/tests/fixture_server
$(B)/tests/fixture_server: tests/tools/fixture_server.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lmicrohttpd -pthread
TOOLS	+= $(B)/tests/flood
$(B)/tests/flood: tests/tools/flood.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<
TOOLS	+= $(B)/tests/abuse
$(B)/tests/abuse: tests/tools/abuse.c
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

# $(call apt_install,PACKAGES): apt-get install those of PACKAGES that are
# missing, and start nothing the user did not ask for: a policy-rc.d that
# denies every start stands during the install (one that is there already
# is left as it is), and every systemd unit that a package added by the
# install enabled is disabled, so that it does not start at the next boot
# either. Packages that were installed before are not touched.
POLICY_RC = /usr/sbin/policy-rc.d
define apt_install
@missing=""; for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
done; \
if [ -z "$$missing" ]; then echo "all Debian packages present"; exit 0; fi; \
echo "installing:$$missing"; \
pkgs() { dpkg-query -W -f='$${db:Status-Abbrev}$${binary:Package}\n' | sed -n 's/^ii *//p' | sort; }; \
before=$$(mktemp) && pkgs > "$$before" || exit 1; \
if [ -e $(POLICY_RC) ]; then trap 'rm -f "$$before"' EXIT; \
else trap '$(SUDO) rm -f $(POLICY_RC); rm -f "$$before"' EXIT; \
  printf '#!/bin/sh\n# make deps: no service starts while it installs.\nexit 101\n' | \
    $(SUDO) tee $(POLICY_RC) >/dev/null && $(SUDO) chmod 755 $(POLICY_RC) || exit 1; fi; \
$(SUDO) apt-get update -qq && \
DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing || exit 1; \
units=$$(pkgs | comm -13 "$$before" - | xargs -r dpkg -L 2>/dev/null | \
  sed -n 's,^\(/usr\)\?/lib/systemd/system/\([^/]*\.\(service\|socket\|timer\|path\)\)$$,\2,p' | sort -u); \
on=""; for u in $$units; do \
  [ "$$(systemctl is-enabled "$$u" 2>/dev/null)" = enabled ] && on="$$on $$u"; \
done; \
if [ -n "$$on" ]; then echo "disabling what these packages enabled:$$on"; \
  $(SUDO) systemctl disable --quiet $$on; fi
endef

deps:
	$(call apt_install,$(RUN_PKGS))

check-deps:
	$(call apt_install,$(RUN_PKGS) $(CHECK_PKGS))

run: deps all
	./$(B)/indicatord -c conf/indicatord.conf

unit: $(UNIT_BINS) $(TOOLS)

check: check-deps all unit
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
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
TMPFILESDIR = $(PREFIX)/lib/tmpfiles.d

# The installed config keeps its state in /var/lib/indicatord (the unit's
# StateDirectory), reads the demo data from $(DATADIR) and has no push
# token (pushes get 403 until the operator sets one). Without DESTDIR the
# user and /var/lib/indicatord are made at once; a package makes them in
# its postinst from the same sysusers.d and tmpfiles.d files.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SYSCONFDIR)/indicatord \
	    $(DESTDIR)$(DATADIR)/data $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)/prometheus \
	    $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR)
	install -m 0755 $(B)/indicatord $(DESTDIR)$(BINDIR)/indicatord
	install -m 0644 conf/data/shenzhen.csv $(DESTDIR)$(DATADIR)/data/shenzhen.csv
	sed -e 's|^data_dir *=.*|data_dir = "/var/lib/indicatord";|' \
	    -e 's|"conf/data/|"$(DATADIR)/data/|' \
	    -e 's|^\( *\)push_token *=.*|\1# push_token = "...";  # 8 characters or more; pushes get 403 without one|' \
	    conf/indicatord.conf > $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf.new
	@if [ -f $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf ]; then \
	  echo "keeping $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf; new one is indicatord.conf.new"; \
	else mv $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf.new \
	  $(DESTDIR)$(SYSCONFDIR)/indicatord/indicatord.conf; fi
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    conf/systemd/indicatord.service.in > $(DESTDIR)$(UNITDIR)/indicatord.service
	install -m 0644 conf/systemd/indicatord.sysusers $(DESTDIR)$(SYSUSERSDIR)/indicatord.conf
	install -m 0644 conf/systemd/indicatord.tmpfiles $(DESTDIR)$(TMPFILESDIR)/indicatord.conf
	install -m 0644 daemon/indicatord.8 $(DESTDIR)$(MANDIR)/man8/indicatord.8
	install -m 0644 daemon/indicatord.conf.5 $(DESTDIR)$(MANDIR)/man5/indicatord.conf.5
	if [ -d conf/prometheus ]; then install -m 0644 conf/prometheus/* $(DESTDIR)$(DATADIR)/prometheus/; fi
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
	  systemd-sysusers $(SYSUSERSDIR)/indicatord.conf && \
	  systemd-tmpfiles --create $(TMPFILESDIR)/indicatord.conf; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/indicatord $(DESTDIR)$(UNITDIR)/indicatord.service \
	    $(DESTDIR)$(MANDIR)/man8/indicatord.8 $(DESTDIR)$(MANDIR)/man5/indicatord.conf.5 \
	    $(DESTDIR)$(SYSUSERSDIR)/indicatord.conf $(DESTDIR)$(TMPFILESDIR)/indicatord.conf
	rm -rf $(DESTDIR)$(DATADIR)

# make deb: $(B)/deb/indicatord_$(VERSION)_ARCH.deb, built by
# dpkg-buildpackage from a copy of the sources in $(B)/deb so that the tree
# stays clean, with Debian's build flags (not those of this make).
DEB_SRCS = Makefile README.md daemon collectors graphs conf debian
DEB_DIR	 = $(B)/deb/indicatord-$(VERSION)
deb:
	@rm -rf $(B)/deb && mkdir -p $(DEB_DIR)
	@tar -cf - $(DEB_SRCS) | tar -xf - -C $(DEB_DIR)
	@cd $(DEB_DIR) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u CC \
	    dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
	    { tail -40 ../build.log; echo "make deb failed: $(B)/deb/build.log"; exit 1; }
	@ls $(B)/deb/indicatord_$(VERSION)_$$(dpkg --print-architecture).deb

clean:
	rm -rf build build-asan build-fuzz

# Benchmarks (bench/README.md): indicatord against its peers and the limit
# of its own stack; prints a table and writes bench/results.md.
# make bench BENCH_SECTIONS="scrape graph" runs only those sections.
BENCH_PKGS = wrk prometheus-node-exporter prometheus rrdtool rrdcached curl iproute2
BENCH_CFLAGS = -std=c11 -D_GNU_SOURCE -pthread $(WARN) -O2 -g
BENCH_BINS = $(B)/bench/static_server $(B)/bench/rrd_anchor \
	     $(B)/bench/graph_anchor $(B)/bench/graph_argv.so $(B)/bench/render_time \
	     $(B)/bench/publish_time $(B)/bench/overview_time $(B)/bench/incr_time
BENCH_SECTIONS ?=

.PHONY: bench bench-deps bench-bins
bench: deps bench-deps all $(BENCH_BINS)
	INDICATORD_BUILD=$(B) bash bench/run.sh $(BENCH_SECTIONS)

# The bench programs alone (no packages, no runs): CI builds them so that a
# change to the daemon's sources cannot break make bench unseen.
bench-bins: $(BENCH_BINS)

bench-deps:
	$(call apt_install,$(BENCH_PKGS))

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

$(B)/bench/publish_time: bench/publish_time.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -iquote daemon -iquote collectors -iquote graphs \
	    -o $@ $< $(B)/libindicatord.a $(LDLIBS)

$(B)/bench/overview_time: bench/overview_time.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -iquote daemon -iquote collectors -iquote graphs \
	    -o $@ $< $(B)/libindicatord.a $(LDLIBS)

$(B)/bench/incr_time: bench/incr_time.c $(B)/libindicatord.a
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -iquote daemon -iquote collectors -iquote graphs \
	    -o $@ $< $(B)/libindicatord.a $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(B)/obj/daemon/main.d
