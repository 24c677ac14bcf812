#!/usr/bin/env bash
# Load test of `hotline serve` on loopback: the demo district (30,000 tickets
# a month over three months) ingested and October computed, then
# GET /v1/months/2026-10/ranking with wrk (Debian package wrk) at a few
# connection counts, 10 s each. Bounded in time, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
go build -trimpath -o bin/hotline ./cmd/hotline
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
bin/hotline gen --out "$dir/district" --tickets 30000 --months 3 --month 2026-10 --seed 7 --quiet >/dev/null
bin/hotline ingest --quiet --data "$dir/data" --units "$dir/district/units.yaml" "$dir/district/events.jsonl" >/dev/null
bin/hotline compute --data "$dir/data" --month 2026-10 >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bin/hotline serve --data "$dir/data" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
url=http://127.0.0.1:$port/v1/months/2026-10/ranking
for _ in $(seq 50); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
echo "$(date -u +%Y-%m-%d) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); body $(curl -s "$url" | wc -c) bytes"
for c in ${HOTLINE_LOAD_CONNECTIONS:-2 4 8}; do
  echo "== $c connections"
  wrk -t2 -c"$c" -d10s --latency "$url" | grep -E 'Requests/sec|50%|90%|99%'
done
