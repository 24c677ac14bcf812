#!/usr/bin/env bash
# Measures the engine and writes the figures to docs/performance.md:
#  1. the Go benchmarks of the packages (go test -bench);
#  2. a Beijing-scale month (HOTLINE_BENCH_TICKETS, 2,000,000 tickets by
#     default) scored end to end from JSON Lines by the built binary, with
#     its wall time and peak memory (GNU time), and a CPU profile.
set -euo pipefail
cd "$(dirname "$0")/.."
tickets=${HOTLINE_BENCH_TICKETS:-2000000}
root=${HOTLINE_BENCH_DIR:-$PWD/.bench}
dir=$root/t$tickets
out=docs/performance.md
mkdir -p "$dir" docs
go build -trimpath -o bin/hotline ./cmd/hotline

if [ ! -f "$dir/done" ]; then
  echo "generating $tickets tickets into $dir" >&2
  bin/hotline gen --out "$dir" --tickets "$tickets" --month 2026-10 --seed 2026 --quiet > "$dir/done"
fi
cat "$dir/done" >&2
events=$(awk '{print $6}' "$dir/done")
size=$(du -m "$dir/events.jsonl" | cut -f1)

runs=3
times=()
for i in $(seq $runs); do
  sync
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" bin/hotline score --month 2026-10 --units "$dir/units.yaml" \
    --events "$dir/events.jsonl" --as-of 2026-11-01T00:00:00+08:00 --quiet --out "$dir/result.json"
  times+=("$(cat "$dir/time.txt")")
  echo "run $i: $(cat "$dir/time.txt") (seconds, peak KiB)" >&2
done
bin/hotline score --month 2026-10 --units "$dir/units.yaml" --events "$dir/events.jsonl" \
  --as-of 2026-11-01T00:00:00+08:00 --quiet --out "$dir/result.json" --cpuprofile "$dir/cpu.prof"
profile=$(go tool pprof -top -nodecount=25 bin/hotline "$dir/cpu.prof" 2>/dev/null | sed -n '1,32p')

gobench=$({ go test -run '^$' -bench . -benchmem ./shared/...; go test -run '^$' -bench IngestSQLite -benchmem ./cmd/hotline; } 2>&1 | grep -E '^(Benchmark|pkg)')
e2e=$(HOTLINE_BENCH_TICKETS=$tickets HOTLINE_BENCH_DIR=$root go test -run '^$' -bench ScoreMonth -benchtime 2x -benchmem ./cmd/hotline 2>&1 | grep -E '^Benchmark')

{
  echo "## Scoring a month end to end ($(date -u +%Y-%m-%d))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)."
  echo "Command: \`make bench\` (scripts/bench.sh), HOTLINE_BENCH_TICKETS=$tickets."
  echo
  echo "Input: \`hotline gen --tickets $tickets --month 2026-10 --seed 2026\`: $events events, $size MB of JSON Lines."
  echo
  echo "| run | wall time (s) | peak memory (MB) | events/s |"
  echo "|---|---|---|---|"
  i=0
  for t in "${times[@]}"; do
    i=$((i+1))
    set -- $t
    echo "| $i | $1 | $(( $2 / 1024 )) | $(awk -v e="$events" -v s="$1" 'BEGIN{printf "%.0f", e/s}') |"
  done
  echo
  echo "Where the time goes (CPU profile of one run, \`go tool pprof -top\`):"
  echo
  echo '```'
  echo "$profile"
  echo '```'
  echo
  echo "The same run as a Go benchmark (\`HOTLINE_BENCH_TICKETS=$tickets go test -bench ScoreMonth -benchtime 2x ./cmd/hotline\`):"
  echo
  echo '```'
  echo "$e2e"
  echo '```'
  echo
  echo "The parts, as Go benchmarks (\`go test -bench . -benchmem ./shared/...\`, and \`-bench IngestSQLite ./cmd/hotline\`):"
  echo
  echo '```'
  echo "$gobench"
  echo '```'
} > "$dir/section.md"

# Replace the measured block of docs/performance.md, keep the prose around it.
start='<!-- make bench: start -->'
end='<!-- make bench: end -->'
[ -f "$out" ] || printf '# Performance\n\n%s\n%s\n' "$start" "$end" > "$out"
awk -v start="$start" -v end="$end" -v section="$dir/section.md" '
  $0 == start { print; while ((getline line < section) > 0) print line; skip = 1; next }
  $0 == end { skip = 0 }
  !skip { print }
' "$out" > "$out.tmp" && mv "$out.tmp" "$out"
echo "wrote the measured block of $out" >&2
