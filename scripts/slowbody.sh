#!/usr/bin/env bash
# The stalled-body probe of issue 10 (D5) against `hotline serve` on
# loopback: the demo district (30,000 tickets a month over three months)
# ingested and October computed, the server started with the sample keys,
# then tools/slowbody: 200 connections at once, each a POST /v1/events
# declaring 1,048,000 body bytes and sending 1,047,999, with the server's
# resident memory sampled and GET /v1/units asked once a second. Bounded:
# each connection is given up after 5 minutes.
#
#   scripts/slowbody.sh                       # the server of this checkout
#   HOTLINE_BIN=/tmp/old/hotline scripts/slowbody.sh   # another build
#   scripts/slowbody.sh -trickle 1s           # more flags for tools/slowbody
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HOTLINE_BIN:-}
if [ -z "$bin" ]; then
  go build -trimpath -o bin/hotline ./cmd/hotline
  bin=bin/hotline
fi
go build -trimpath -o bin/slowbody ./tools/slowbody
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
"$bin" gen --out "$dir/district" --tickets 30000 --months 3 --month 2026-10 --seed 7 --quiet >/dev/null
"$bin" ingest --quiet --data "$dir/data" --units "$dir/district/units.yaml" "$dir/district/events.jsonl" >/dev/null
"$bin" compute --data "$dir/data" --month 2026-10 >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --data "$dir/data" --addr "127.0.0.1:$port" --keys events/keys.sample.yaml >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/v1/units" && break; sleep 0.1; done
# The server computes the month that ended when it starts: wait for it, so
# that the memory measured is the attack's.
for _ in $(seq 600); do grep -q 'month end' "$dir/serve.log" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$port/v1/months/2026-10/ranking"   # the server as it is once read
sleep 2
echo "$(date -u +%Y-%m-%d) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3); server $bin"
bin/slowbody -addr "127.0.0.1:$port" -pid "$pid" "$@"
