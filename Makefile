# The hotline assessment: build, demo, test, benchmark.
# Every target runs offline on the embedded default: no AWS, no credentials.

GO      ?= go
HOTLINE := bin/hotline
DEMO    := .demo
BENCH   := .bench

.PHONY: all build demo test vet fmt-check bench clean

all: test

build:
	$(GO) build -trimpath -o $(HOTLINE) ./cmd/hotline

## demo: generate a district of 30,000 tickets a month over three months, score October 2026, print the ranking.
demo: build
	$(HOTLINE) gen --out $(DEMO) --tickets 30000 --months 3 --month 2026-10 --seed 7 --quiet
	$(HOTLINE) score --month 2026-10 --units $(DEMO)/units.yaml --events $(DEMO)/events.jsonl \
		--as-of 2026-11-01T00:00:00+08:00 --format table

## test: formatting, vet and every test, with a local DynamoDB server (moto)
## started for the run and stopped after it. Without moto_server the tests
## that need it skip, except under CI=true, where they fail.
test: fmt-check vet
	@eval "$$(./scripts/moto.sh || echo 'echo "moto_server did not start: the DynamoDB tests will skip (or fail under CI=true)" >&2')"; \
	trap './scripts/moto.sh stop' EXIT; \
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-ed:"; echo "$$out"; exit 1; fi

## bench: Go benchmarks and the Beijing-scale end-to-end run, written to docs/performance.md.
bench: build
	./scripts/bench.sh

clean:
	rm -rf bin $(DEMO) $(BENCH)
