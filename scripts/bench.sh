#!/usr/bin/env bash
# Measures the engine and writes the figures to docs/performance.md:
#  1. the Go benchmarks of the packages (go test -bench);
#  2. a Beijing-scale month (HOTLINE_BENCH_TICKETS, 2,000,000 tickets by
#     default) scored end to end from JSON Lines by the built binary, with
#     its wall time and peak memory (GNU time), and a CPU profile;
#  3. the same month beside the DuckDB peer (../shared/bench/duck_score.mjs,
#     SPEC v1 in SQL), run after each run of hotline score on the same file:
#     the ratio hotline/peer per run and its median, and a check that both
#     give every unit the same total and rank. The peer knows nothing of
#     v1.1, so both read the month without its v1.1 events (return_rejected,
#     deduction_waived, retracted): events-v1.jsonl.
# Only node and npm are needed beyond Go (.ci/run has them): the peer's
# @duckdb/node-api is installed once into .bench/duckpeer.
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

# The peer, from the repository's sibling ../shared/bench (of the main
# checkout, when this is a worktree), installed once.
main=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")
peer_src=${HOTLINE_PEER_SRC:-$main/../shared/bench}
peer=$root/duckpeer
if [ ! -d "$peer/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$peer"
  npm install --silent --no-audit --no-fund --prefix "$peer" @duckdb/node-api
fi
cp "$peer_src/duck_score.mjs" "$peer_src/calendar-cn.json" "$peer/"
v1=$dir/events-v1.jsonl
if [ ! -f "$v1" ]; then
  grep -v -E '"type":"(return_rejected|deduction_waived|retracted)"' "$dir/events.jsonl" > "$v1.tmp"
  mv "$v1.tmp" "$v1"
fi
v1events=$(wc -l < "$v1")
v1size=$(du -m "$v1" | cut -f1)

load=$(cut -d' ' -f1-3 /proc/loadavg)
runs=3
times=()
peers=()
ratios=()
for i in $(seq $runs); do
  sync
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" bin/hotline score --month 2026-10 --units "$dir/units.yaml" \
    --events "$dir/events.jsonl" --as-of 2026-11-01T00:00:00+08:00 --quiet --out "$dir/result.json"
  times+=("$(cat "$dir/time.txt")")
  echo "run $i: $(cat "$dir/time.txt") (seconds, peak KiB)" >&2
  # hotline score and the peer, one after the other on the same file.
  /usr/bin/time -f '%e %M' -o "$dir/time-v1.txt" bin/hotline score --month 2026-10 --units "$dir/units.yaml" \
    --events "$v1" --as-of 2026-11-01T00:00:00+08:00 --quiet --out "$dir/result-v1.json"
  /usr/bin/time -f '%e %M' -o "$dir/time-peer.txt" node "$peer/duck_score.mjs" "$dir/units.yaml" "$v1" 2026-10 > "$dir/duck.json"
  read -r hs hk < "$dir/time-v1.txt"
  read -r ps pk < "$dir/time-peer.txt"
  ratio=$(awk -v h="$hs" -v p="$ps" 'BEGIN{printf "%.2f", h/p}')
  peers+=("$hs $hk $ps $pk $ratio")
  ratios+=("$ratio")
  echo "run $i beside the peer: hotline $hs s, $((hk / 1024)) MB; peer $ps s, $((pk / 1024)) MB; ratio $ratio" >&2
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
echo "ratio hotline/peer: median $median of ${ratios[*]}" >&2
# Every unit's group, total and rank, in both results.
agree=$(node -e '
const fs = require("fs");
const h = JSON.parse(fs.readFileSync(process.argv[1])), d = JSON.parse(fs.readFileSync(process.argv[2]));
const mine = new Map(h.units.filter(u => u.assessed).map(u => [u.unit_id, u]));
const diff = [];
for (const u of d.units) {
  const x = mine.get(u.unit_id);
  if (!x || x.group !== u.group || x.total !== u.total || x.rank !== u.rank)
    diff.push(`${u.unit_id}: peer ${u.group} ${u.total} #${u.rank}, hotline ${x ? `${x.group} ${x.total} #${x.rank}` : "not assessed"}`);
}
if (mine.size !== d.units.length) diff.push(`${mine.size} units assessed, the peer ranks ${d.units.length}`);
console.log(diff.length === 0 ? `identical: group, total and rank of all ${d.units.length} units` : `DIFFERENT (${diff.length}): ${diff.slice(0, 5).join("; ")}`);
' "$dir/result-v1.json" "$dir/duck.json")
echo "totals and ranks: $agree" >&2
bin/hotline score --month 2026-10 --units "$dir/units.yaml" --events "$dir/events.jsonl" \
  --as-of 2026-11-01T00:00:00+08:00 --quiet --out "$dir/result.json" --cpuprofile "$dir/cpu.prof"
profile=$(go tool pprof -top -nodecount=25 bin/hotline "$dir/cpu.prof" 2>/dev/null | sed -n '1,32p')

gobench=$({ go test -run '^$' -bench . -benchmem ./shared/...; go test -run '^$' -bench IngestSQLite -benchmem ./cmd/hotline; } 2>&1 | grep -E '^(Benchmark|pkg)')
e2e=$(HOTLINE_BENCH_TICKETS=$tickets HOTLINE_BENCH_DIR=$root go test -run '^$' -bench ScoreMonth -benchtime 2x -benchmem ./cmd/hotline 2>&1 | grep -E '^Benchmark')

{
  echo "## Scoring a month end to end ($(date -u +%Y-%m-%d))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)."
  echo "Command: \`make bench\` (scripts/bench.sh), HOTLINE_BENCH_TICKETS=$tickets. Load average when it started: $load (the machine is shared: compare the ratios, not the seconds)."
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
  echo "### Against the DuckDB peer"
  echo
  echo "The same month without its v1.1 events (\`events-v1.jsonl\`: $v1events events, $v1size MB; the peer knows SPEC v1 only), scored by"
  echo "\`bin/hotline score --month 2026-10 --units units.yaml --events events-v1.jsonl --as-of 2026-11-01T00:00:00+08:00 --quiet --out result-v1.json\`"
  echo "and right after it by the peer, \`node duck_score.mjs units.yaml events-v1.jsonl 2026-10 > duck.json\` (../shared/bench), each under \`/usr/bin/time -f '%e %M'\`:"
  echo
  echo "| run | hotline (s) | hotline peak (MB) | peer (s) | peer peak (MB) | ratio hotline/peer |"
  echo "|---|---|---|---|---|---|"
  i=0
  for t in "${peers[@]}"; do
    i=$((i+1))
    set -- $t
    echo "| $i | $1 | $(( $2 / 1024 )) | $3 | $(( $4 / 1024 )) | $5 |"
  done
  echo
  echo "Median ratio: **$median**. Totals and ranks: $agree (compared: each unit's \`group\`, \`total\` and \`rank\`)."
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
