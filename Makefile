# The two set-up commands (README): `make run` and `make test`. Both install missing Debian packages first.
SHELL := /bin/bash
SANITIZE ?=
BUILD_DIR ?= $(if $(SANITIZE),build-sanitize,build)
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test docs clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DSANITIZE=$(SANITIZE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@scripts/run-dev.sh $(BUILD_DIR)

test: build
	@rm -rf $(BUILD_DIR)/test-results
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS); status=$$?; \
	  scripts/test-summary.sh $(BUILD_DIR) $$status

# Regenerates docs/configuration.md from the configuration schema.
docs: build
	@$(BUILD_DIR)/server/akashi --print-config-docs > docs/configuration.md
	@$(BUILD_DIR)/server/akashi --print-properties > etc/akashi.properties

clean:
	@rm -rf build build-sanitize
