# The two set-up commands of README.md: `make run` and `make check`.

BUILD ?= build
DATA ?= $(CURDIR)/.rapport-data
LISTEN ?= 127.0.0.1:8443

# Debian 12 packages the build, the tests and `make run` need
DEPS = gcc libc6-dev meson ninja-build pkg-config gettext \
       libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libsoup-3.0-dev \
       libmariadb-dev libsodium-dev glib-networking \
       mariadb-server-core mariadb-client-core openssl curl ca-certificates \
       libgtk-4-dev libadwaita-1-dev xvfb xauth locales fonts-noto-cjk fonts-cantarell \
       adwaita-icon-theme libcairo2-dev libpango1.0-dev poppler-utils qpdf
BENCH_DEPS = wrk

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build check run bench clean

all: build

deps:
	@missing=$$(for p in $(DEPS) $(EXTRA_DEPS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

check: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

run: build
	packaging/dev/run.sh $(BUILD) $(DATA) $(LISTEN)

bench:
	$(MAKE) build EXTRA_DEPS="$(BENCH_DEPS)"
	$(BUILD)/tests/bench/bench-render schemas/templates/default.json
	tests/bench/run-bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
