#!/usr/bin/env bash
# The load and crash runs behind docs/reliability.md, on loopback:
#   1. hotline serve on SQLite: 200 clients, 300,000 events, 3 SIGKILLs;
#   2. the ingest function on DynamoDB (moto, started here in a private
#      folder and stopped after), 20% of the calls failed by a proxy,
#      2 outages, 3 SIGKILLs: 50 clients, 50,000 events (about 10 minutes).
# Each prints its figures; the exit status is 1 if any check failed.
#   scripts/loadcrash.sh [serve|dynamo]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-both}
bin=$(mktemp -d)
moto_dir=$bin/moto
trap 'HOTLINE_MOTO_DIR=$moto_dir scripts/moto.sh stop; rm -rf "$bin"' EXIT
go build -trimpath -o "$bin/loadcrash" ./tools/loadcrash
if [ "$what" = both ] || [ "$what" = serve ]; then
  go build -trimpath -o "$bin/hotline" ./cmd/hotline
  "$bin/loadcrash" -hotline "$bin/hotline" -target serve -clients 200 -events 300000 -kills 3
fi
if [ "$what" = both ] || [ "$what" = dynamo ]; then
  go build -trimpath -o "$bin/ingest-events" ./functions/ingest-events
  eval "$(HOTLINE_MOTO_DIR=$moto_dir scripts/moto.sh)"
  "$bin/loadcrash" -function "$bin/ingest-events" -target dynamo -clients 50 -events 50000 -batch 100 \
    -kills 3 -outages 2 -faults 0.2 -month 2026-03 -timeout 20m
fi
