# The README's two set-up commands are `make run` and `make test`. Both install missing Debian packages
# first (apt-get, as root or through sudo), then configure and build.
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
SANITIZE ?=
BUILD_DIR ?= $(if $(SANITIZE),build-sanitize,build)
JOBS ?= $(shell nproc)

# Debian 12 packages the build, the tests and `make run` need (prometheus for promtool, which checks GET /metrics;
# its service is not started by the tests).
PACKAGES := g++ cmake make pkg-config binutils libpoco-dev libpq-dev libssl-dev libsystemd-dev \
            libcppunit-dev libargon2-dev libhnswlib-dev postgresql-15 curl prometheus
# `make package` (dpkg-shlibdeps) and its test (systemd-analyze; docker-compose validates docker/).
PACKAGES += dpkg-dev systemd docker-compose
# The redis rate limiter's tests start a private redis-server (never the system service).
PACKAGES += redis-server

# The MCP client test runs the official TypeScript SDK: Node.js and npm, from Debian unless a node with
# its own npm (e.g. NodeSource's, which conflicts with Debian's npm package) is already installed.
NODE_PACKAGES := nodejs npm

# `make run` seeds the first admin with this key unless AKASHI_ADMIN_API_KEY is set. Development only.
DEV_ADMIN_API_KEY := akashi-dev-admin-key

.PHONY: all deps configure build run test bench docs package clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done; \
	  command -v node >/dev/null && command -v npm >/dev/null || echo $(NODE_PACKAGES)); \
	if [ -n "$$missing" ]; then \
	  echo "installing missing packages:" $$missing; \
	  sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DSANITIZE=$(SANITIZE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The server in the foreground on the embedded default: a private PostgreSQL cluster under ./var, the
# build's plugins, port 8080. Every variable the server reads passes through; one already set wins.
# As root the cluster runs as the postgres user, which must be able to reach the state directory; when
# it cannot (a clone under /root, say), the state moves to /var/lib/akashi-dev/<path of this clone>.
run: build
	@state=$${AKASHI_STATE_DIR:-$(CURDIR)/var}; \
	if [ -z "$${AKASHI_STATE_DIR:-}" ] && [ -z "$${DATABASE_URL:-}" ] && [ "$$(id -u)" -eq 0 ] && \
	   ! runuser -u postgres -- test -x "$(CURDIR)"; then state=/var/lib/akashi-dev$(CURDIR); fi; \
	mkdir -p "$$state" && chmod 755 "$$state"; \
	port=$${AKASHI_PORT:-8080}; \
	admin_key=$${AKASHI_ADMIN_API_KEY:-$(DEV_ADMIN_API_KEY)}; \
	echo "akashi: starting on http://localhost:$$port (state: $$state; database: $${DATABASE_URL:+DATABASE_URL}$${DATABASE_URL:-embedded cluster under the state dir})"; \
	echo "akashi: try   curl -s http://localhost:$$port/health"; \
	if [ -z "$${AKASHI_ADMIN_API_KEY:-}" ]; then \
	  echo "akashi: development admin key (AKASHI_ADMIN_API_KEY unset): $$admin_key — seeded as agent 'admin' on first start only"; fi; \
	echo "akashi: token curl -s -X POST http://localhost:$$port/auth/token -H 'Content-Type: application/json' -d '{\"agent_id\":\"admin\",\"api_key\":\"$$admin_key\"}'"; \
	echo "akashi: stop with Ctrl-C or SIGTERM"; \
	AKASHI_STATE_DIR=$$state AKASHI_PORT=$$port AKASHI_ADMIN_API_KEY=$$admin_key \
	AKASHI_PLUGINS_DIR=$${AKASHI_PLUGINS_DIR:-$(CURDIR)/$(BUILD_DIR)/plugins} \
	  exec $(BUILD_DIR)/server/akashi $${AKASHI_CONFIG_FILE:+--config-file=$$AKASHI_CONFIG_FILE}

test: build
	@rm -rf $(BUILD_DIR)/test-results
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS); status=$$?; \
	  tests/summary.sh $(BUILD_DIR) $$status

# Benchmarks on the embedded default (tests/bench/run.sh): raw COPY and pgbench baselines, then event
# ingestion, trace and query over HTTP, SSE fan-out to 10,000 subscribers (BENCH_SSE_ONLY=1: that step alone),
# vector search; prints the ratios and writes docs/benchmarks.md. BENCH_DURATION=<s>.
bench: build
	@BUILD_DIR=$(BUILD_DIR) JOBS=$(JOBS) tests/bench/run.sh

# Regenerates docs/configuration.md and etc/akashi.properties from the configuration schema.
docs: build
	@$(BUILD_DIR)/server/akashi --print-config-docs > docs/configuration.md
	@$(BUILD_DIR)/server/akashi --print-properties > etc/akashi.properties

# Debian packages akashi_<version>_<arch>.deb (server) and akashi-dev_<version>_<arch>.deb (plugin SDK) in
# $(BUILD_DIR); see docs/install.md.
package: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	@rm -rf build build-sanitize
