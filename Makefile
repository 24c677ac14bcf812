# The hotline assessment: build, demo, test, benchmark.
# Every target runs offline on the embedded default: no AWS, no credentials.

GO      ?= go
HOTLINE := bin/hotline
DEMO    := .demo
BENCH   := .bench

.PHONY: all build demo demo-import test vet fmt-check bench fuzz coldstart clean

all: test

build:
	$(GO) build -trimpath -o $(HOTLINE) ./cmd/hotline

## demo: generate a district of 30,000 tickets a month over three months, score October 2026, print the ranking.
demo: build
	$(HOTLINE) gen --out $(DEMO) --tickets 30000 --months 3 --month 2026-10 --seed 7 --quiet
	$(HOTLINE) score --month 2026-10 --units $(DEMO)/units.yaml --events $(DEMO)/events.jsonl \
		--as-of 2026-11-01T00:00:00+08:00 --format table

## demo-import: the same district written as the platform's export and the
## centre's workbook (xlsx), imported with its mapping into an embedded
## store, and October scored from it (docs/import.md).
demo-import: build
	rm -rf $(DEMO)-export $(DEMO)-store
	$(HOTLINE) gen --out $(DEMO)-export --tickets 30000 --months 3 --month 2026-10 --seed 7 --format xlsx --quiet
	$(HOTLINE) import --mapping $(DEMO)-export/mapping.yaml --units $(DEMO)-export/units.yaml --data $(DEMO)-store \
		$(DEMO)-export/平台导出.xlsx $(DEMO)-export/中心记录.xlsx
	$(HOTLINE) compute --data $(DEMO)-store --month 2026-10 --as-of 2026-11-01T00:00:00+08:00 --format table

## test: formatting, vet and every test, with a local DynamoDB server (moto)
## started for the run and stopped after it, then every fuzz target for a
## few seconds (CI_FUZZTIME), then the mini-program's tests. Without
## moto_server the tests that need it skip, except under CI=true, where
## they fail.
# The crash test under load (tools/loadcrash) runs after the other packages,
# alone: it checks that requests made during a DynamoDB outage are answered
# 503 within seconds, and moto serves one request at a time, so beside the
# month-end tests (64 reads in flight) its requests wait in moto's queue
# through the whole outage.
test: fmt-check vet
	@eval "$$(./scripts/moto.sh || echo 'echo "moto_server did not start: the DynamoDB tests will skip (or fail under CI=true)" >&2')"; \
	trap './scripts/moto.sh stop' EXIT; \
	status=0; \
	$(GO) test -count=1 $$($(GO) list ./... | grep -v '/tools/loadcrash$$') || status=1; \
	$(GO) test -count=1 ./tools/loadcrash || status=1; \
	exit $$status
	./scripts/fuzz.sh $(CI_FUZZTIME)
	$(MAKE) miniprogram-test

## miniprogram-test: the mini-program's jest tests (miniprogram/), installing
## its pinned packages first when node_modules is missing.
.PHONY: miniprogram-test
miniprogram-test:
	cd miniprogram && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-ed:"; echo "$$out"; exit 1; fi

## build-<LogicalId>: one target per function of template.yaml, which
## `sam build` (BuildMethod: makefile) runs with ARTIFACTS_DIR set: the
## function as deployed, a static linux/arm64 bootstrap (run by hand:
## bin/build-<LogicalId>/bootstrap).
ARTIFACTS_DIR ?= bin/$@
LAMBDA_BUILD = CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -tags lambda.norpc -trimpath -ldflags '-s -w' -o $(ARTIFACTS_DIR)/bootstrap

.PHONY: build-IngestEventsFunction build-IngestCallbacksFunction build-ApiFunction build-MonthlyScoresFunction template-check

build-IngestEventsFunction:
	$(LAMBDA_BUILD) ./functions/ingest-events

build-IngestCallbacksFunction:
	$(LAMBDA_BUILD) ./functions/ingest-callbacks

build-ApiFunction:
	$(LAMBDA_BUILD) ./functions/api

build-MonthlyScoresFunction:
	$(LAMBDA_BUILD) ./functions/monthly-scores

## template-check: cfn-lint and sam validate on template.yaml, then sam build
## offline into a temporary directory, one bootstrap per function (pip install
## cfn-lint aws-sam-cli). `make test` runs the same in functions/template_test.go.
template-check:
	./scripts/template-check.sh

## fuzz: every fuzz target (go test -fuzz) for FUZZTIME each, e.g.
## `make fuzz FUZZTIME=10m`; `make test` runs them for CI_FUZZTIME (3s).
FUZZTIME    ?= 1m
CI_FUZZTIME ?= 3s
fuzz:
	./scripts/fuzz.sh $(FUZZTIME)

## bench: Go benchmarks and the Beijing-scale end-to-end run, beside the DuckDB peer (../shared/bench;
## the ratio per run and its median, totals and ranks compared), written to docs/performance.md.
bench: build
	./scripts/bench.sh

## coldstart: the init duration of every function under the Lambda runtime
## emulator, median of COLDSTARTS cold starts, against a local moto server.
COLDSTARTS ?= 20
coldstart:
	./scripts/coldstart.sh $(COLDSTARTS)

clean:
	rm -rf bin $(DEMO) $(BENCH)
