# The two set-up commands of README.md: `make run` and `make check`.

BUILD ?= build
DATA ?= $(CURDIR)/.rapport-data
LISTEN ?= 127.0.0.1:8443

# Debian 12 packages the build, the tests and `make run` need
DEPS = gcc libc6-dev meson ninja-build pkg-config gettext \
       libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libsoup-3.0-dev \
       libmariadb-dev libsodium-dev libicu-dev glib-networking \
       mariadb-server-core mariadb-client-core openssl curl ca-certificates \
       libgtk-4-dev libadwaita-1-dev xvfb xauth locales fonts-noto-cjk fonts-noto-core fonts-cantarell \
       x11-utils adwaita-icon-theme libcairo2-dev libpango1.0-dev poppler-utils qpdf libxtst-dev
BENCH_DEPS = wrk jq
# `make bench`: the numbers of accounts and the seconds of each measured run
BENCH_SIZES ?= 10000 1000000
BENCH_SECONDS ?= 10
# the AT-SPI flow test: the accessibility bus and registry, a session bus, pyatspi
DEPS += at-spi2-core dbus python3-pyatspi
# the second compiler, the sanitizers' symbolizer and libFuzzer
DEPS += clang llvm libclang-rt-14-dev
# tasks' recurrence rules (RFC 5545 RRULE)
DEPS += libical-dev
DEPS += libgsf-1-dev  # the import's Excel workbooks (XLSX): zip and XML
DEPS += libxlsxwriter-dev  # the export's Excel workbooks (XLSX)
DEPS += unzip  # test export-formats opens the exported workbook's zip
DEPS += gdb  # a rapportd that does not start in a test has its threads' backtraces in the report
DEPS += libpoppler-glib-dev  # the attachments' preview draws PDF pages
# mail for service cases: IMAP and SMTP (libcurl) and MIME (GMime 3.2); the
# tests' private Dovecot and Exim (not started by apt: see POLICY_RC)
DEPS += libcurl4-gnutls-dev libgmime-3.0-dev dovecot-imapd exim4-daemon-light
# encryption at rest (file_key_management) and `rapport-admin backup`
DEPS += mariadb-server mariadb-backup
DEPS += mariadb-client  # mariadb-binlog: restore --until replays the shipped binary logs
# test openapi-lint: Debian's nodejs and npm where no node is; then deps
# installs the pinned @redocly/cli of tests/openapi (npm ci) when its lock changed
DEPS += $(if $(shell command -v node),,nodejs npm)
OPENAPI_LINT = tests/openapi

# `make check` also builds everything with clang (see check-clang) and runs
# the unit and db suites under AddressSanitizer + UndefinedBehaviorSanitizer
CLANG_BUILD ?= build-clang
SANITIZE_BUILD ?= build-sanitize
FAILURES = python3 tests/failures.py
# each build's test run copies one first start of rapportd for its fresh
# starts, made in a directory of the run's own (tests/with-templates.sh)
TEMPLATES = tests/with-templates.sh
# `make fuzz`: every fuzzer for FUZZ_SECONDS on its corpus
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = json router request-head csv vcard condition workflow-definition render-template mail-parse

# `make packages` and `make check-packages`
PACKAGES_DIR ?= $(abspath $(CURDIR)/../rapport-packages)
PACKAGE_DEPS = debhelper dpkg-dev lintian appstream desktop-file-utils systemd mmdebstrap

# `make check-cluster`: three Galera nodes (state transfers by mariabackup, over socat) and two
# rapportd behind HAProxy on loopback ports (tests/cluster/)
CLUSTER_DEPS = galera-4 socat haproxy iproute2 lsof

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# mariadb-server's postinst starts a system MariaDB that Rapport never uses
# (rapportd runs its own): a policy-rc.d that denies it stands while apt runs
POLICY_RC = /usr/sbin/policy-rc.d

.PHONY: all deps build build-clang build-sanitize check check-clang check-sanitize check-cluster fuzz run bench packages check-packages clean

all: build

deps:
	@missing=$$(for p in $(DEPS) $(EXTRA_DEPS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  own_policy=; if [ ! -e $(POLICY_RC) ]; then \
	    printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee $(POLICY_RC) >/dev/null && \
	    $(SUDO) chmod 755 $(POLICY_RC) && own_policy=1; fi; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	  status=$$?; [ -z "$$own_policy" ] || $(SUDO) rm -f $(POLICY_RC); [ $$status = 0 ] || exit $$status; \
	fi
	@[ $(OPENAPI_LINT)/node_modules/.package-lock.json -nt $(OPENAPI_LINT)/package-lock.json ] || { \
	  echo "Installing the OpenAPI linter ($(OPENAPI_LINT)/package-lock.json)"; \
	  cd $(OPENAPI_LINT) && npm ci --ignore-scripts --no-audit --no-fund; }

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# a failed run ends with why each test failed (tests/failures.py): the
# last lines of a log are often all that is kept of it
check: build
	nice -n 19 $(MAKE) --no-print-directory build-clang build-sanitize >$(BUILD)/other-builds.log 2>&1 & others=$$!; \
	$(TEMPLATES) meson test -C $(BUILD) --print-errorlogs --num-processes 2 --no-suite zh_CN \
	  || { $(FAILURES) $(BUILD); wait $$others; exit 1; }; \
	wait $$others || { tail -50 $(BUILD)/other-builds.log; exit 1; }
	$(MAKE) check-clang check-sanitize

# the clang and sanitizer builds, made by `make check` at the lowest CPU
# priority while the tests of the gcc build run and leave a core idle
build-clang: deps
	test -f $(CLANG_BUILD)/build.ninja || CC=clang meson setup $(CLANG_BUILD)
	ninja -C $(CLANG_BUILD)

build-sanitize: deps
	test -f $(SANITIZE_BUILD)/build.ninja || meson setup $(SANITIZE_BUILD) \
	  -Db_sanitize=address,undefined -Dclient=false
	ninja -C $(SANITIZE_BUILD)

# everything built again by clang, which evaluates arguments in another
# order than gcc and warns about other things; it runs the unit tests and
# the client's tests, whose real rapportd (clang's too) serves every flow
# of the client: a flow run in both languages runs here in Chinese (suite
# zh_CN) and under gcc in English (suite en); the db suite runs under gcc
# and under the sanitizers
check-clang: build-clang
	$(TEMPLATES) meson test -C $(CLANG_BUILD) --print-errorlogs --num-processes 2 --suite unit --suite ui --no-suite en \
	  || { $(FAILURES) $(CLANG_BUILD); exit 1; }

# Built by gcc, whose sanitizer runtime links into the shared libcrm-common
# as it is (clang's leaves it undefined: -Db_lundef=false). Reports of
# rapportd and rapport-admin land in $(SANITIZE_BUILD)/sanitizer-logs;
# any report fails the target.
check-sanitize: build-sanitize
	rm -rf $(SANITIZE_BUILD)/sanitizer-logs
	$(TEMPLATES) meson test -C $(SANITIZE_BUILD) --print-errorlogs --num-processes 2 --timeout-multiplier 2 \
	  --suite unit --suite db; \
	status=$$?; \
	for report in $(SANITIZE_BUILD)/sanitizer-logs/*; do \
	  [ -s "$$report" ] || continue; echo "== $$report"; cat "$$report"; status=1; \
	done; \
	[ $$status = 0 ] || $(FAILURES) $(SANITIZE_BUILD); \
	exit $$status

fuzz:
	$(MAKE) deps
	test -f $(FUZZ_BUILD)/build.ninja || CC=clang meson setup $(FUZZ_BUILD) \
	  -Dfuzzing=true -Dclient=false -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(FUZZ_BUILD)
	for target in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$target && \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(FUZZ_BUILD)/tests/fuzz/fuzz-$$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_BUILD)/corpus/$$target tests/fuzz/corpus/$$target || exit 1; \
	done

run: build
	packaging/dev/run.sh $(BUILD) $(DATA) $(LISTEN)

bench:
	$(MAKE) build EXTRA_DEPS="$(BENCH_DEPS)"
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_SECONDS="$(BENCH_SECONDS)" tests/bench/run-bench.sh $(BUILD)

# `make packages`: the Debian packages of the last commit (packaging/debian/),
# built outside the tree in PACKAGES_DIR and checked (lintian, appstreamcli,
# desktop-file-validate, systemd-analyze); `make check-packages` then installs
# them in a clean Debian 12 root and starts rapportd from them
packages:
	$(MAKE) deps EXTRA_DEPS="$(PACKAGE_DEPS)"
	SUDO=$(SUDO) packaging/build-packages.sh $(PACKAGES_DIR)

check-packages: packages
	$(SUDO) tests/packaging/install-test.sh $(PACKAGES_DIR)

# not part of `make check`: it takes a few minutes (see README, Cluster deployment)
check-cluster:
	$(MAKE) build EXTRA_DEPS="$(CLUSTER_DEPS)"
	tests/cluster/check-cluster.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(CLANG_BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
