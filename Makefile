# Omnilane — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
GO ?= go
BIN := bin
STATICCHECK_VERSION := v0.8.2
# Packages where concurrency matters: run them under the race detector too.
RACE_PKGS := ./pos ./pos/sqlite ./pos/promo ./sync/... ./devices/... ./ui/... ./cmd/omnilane/...

.PHONY: all setup build test vet lint demo bench screenshots fuzz clean

all: build

setup:
	@.ci/setup

build: setup
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ ./cmd/...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

lint:
	@command -v staticcheck >/dev/null || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	staticcheck ./...

# make test: set-up, vet, staticcheck, every test, and the race detector on
# the packages that run goroutines.
test: setup vet lint
	$(GO) test -count=1 -timeout 20m ./...
	$(GO) test -count=1 -race -timeout 20m $(RACE_PKGS)

# make demo: central, the device simulators and the lane window (HEADLESS=1: a
# scripted sale, no window).
demo: build
	@$(BIN)/omnilane-demo $(if $(HEADLESS),-headless,) -bin $(BIN) -dir demo-data

# make bench: the performance table (PRODUCTS=1000000 by default), then the
# Go benchmarks, each sync figure printed beside the bare loopback round trip.
PRODUCTS ?= 1000000
BENCH_FILTER := '^(Benchmark|ok|FAIL|---)'
bench: build
	@$(BIN)/omnilane-bench -products $(PRODUCTS)
	@echo
	@echo "== sync and central (OMNILANE_BENCH_PRODUCTS=$(PRODUCTS))"
	@OMNILANE_BENCH_PRODUCTS=$(PRODUCTS) $(GO) test -run '^$$' -benchtime=1x \
		-bench 'LoopbackRoundTrip|Drain10000Sales|Bootstrap|PriceChangeToLane' ./sync/... | grep -E $(BENCH_FILTER)
	@echo
	@echo "== central ingest from 100 lanes, SQLite and PostgreSQL (started by the benchmark)"
	@$(GO) test -run '^$$' -bench 'Ingest100Lanes|LoopbackRoundTrip' -benchtime 3x ./sync/central/ ./sync/central/pgstore/ | grep -E $(BENCH_FILTER)
	@echo
	@echo "== devices, promotions, scan path"
	@$(GO) test -run '^$$' -bench 'Encode40LineReceipt|DecodeResponse|Apply50Lines20Promotions|ScanPriced|Reprice50Lines' \
		./devices/escpos ./devices/terminal/nexo ./pos/promo ./pos/sqlite | grep -E $(BENCH_FILTER)

# make screenshots: every screen in es and en at 1024x768 and 1920x1080 into
# screenshots/out; the README's curated set is refreshed with -curated.
screenshots: setup
	$(GO) run ./ui/cmd/screenshots -out screenshots/out
	$(GO) run ./ui/cmd/screenshots -curated

fuzz:
	@for t in $$(grep -rl 'func Fuzz' --include=*_test.go . | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -ho 'func Fuzz[A-Za-z0-9_]*' $$t/*_test.go | cut -c6-); do \
			echo "fuzz $$t $$f"; $(GO) test -run=^$$ -fuzz=^$$f$$ -fuzztime=$${FUZZTIME:-10s} $$t || exit 1; \
		done; done

clean:
	rm -rf $(BIN) demo-data
