#!/usr/bin/env bash
# Load test of `hotline serve` on loopback: the demo district (30,000 tickets
# a month over three months) ingested and October computed, then
# GET /v1/months/2026-10/ranking with wrk (Debian package wrk). Bounded in
# time, loopback only.
#
#   scripts/load.sh         wrk at a few connection counts (HOTLINE_LOAD_CONNECTIONS, "2 4 8"), 10 s each
#   scripts/load.sh nginx   beside nginx (Debian package nginx) serving the very same bytes as static files
#                           (sendfile, gzip_static): 2 threads, 4 connections, plain and
#                           Accept-Encoding: gzip, hotline and nginx alternated, HOTLINE_LOAD_ROUNDS
#                           rounds (2), each starting with the next server; prints requests/s,
#                           p99 and the ratio hotline/nginx of each round, and the medians;
#                           HOTLINE_LOAD_BEFORE=BIN adds that build of hotline to each round;
#                           HOTLINE_LOAD_NGINX_LOG=1 has nginx write an access log line a request
#                           through a buffer (buffer=64k flush=100ms), as hotline writes its
#                           request log, instead of access_log off
#
# HOTLINE_LOAD_SECONDS (10) is the length of one wrk run.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-connections}
case $mode in connections | nginx) ;; *) echo "usage: $0 [nginx]" >&2; exit 2 ;; esac
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
if [ "$mode" = nginx ]; then
  PATH=$PATH:/usr/sbin
  command -v nginx >/dev/null || { echo "nginx not found: apt-get install nginx" >&2; exit 1; }
fi
secs=${HOTLINE_LOAD_SECONDS:-10}
go build -trimpath -o bin/hotline ./cmd/hotline
dir=$(mktemp -d)
pid= npid=
trap 'kill $pid $npid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"' EXIT
bin/hotline gen --out "$dir/district" --tickets 30000 --months 3 --month 2026-10 --seed 7 --quiet >/dev/null
bin/hotline ingest --quiet --data "$dir/data" --units "$dir/district/units.yaml" "$dir/district/events.jsonl" >/dev/null
bin/hotline compute --data "$dir/data" --month 2026-10 >/dev/null
freeport() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(freeport)
bin/hotline serve --data "$dir/data" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
url=http://127.0.0.1:$port/v1/months/2026-10/ranking
for _ in $(seq 50); do curl -sf -o /dev/null "$url" && break; sleep 0.1; done
echo "$(date -u +%Y-%m-%d) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); body $(curl -s "$url" | wc -c) bytes"

if [ "$mode" = connections ]; then
  for c in ${HOTLINE_LOAD_CONNECTIONS:-2 4 8}; do
    echo "== $c connections"
    wrk -t2 -c"$c" -d"${secs}s" --latency "$url" | grep -E 'Requests/sec|50%|90%|99%'
  done
  exit 0
fi

# nginx in its own prefix, in the foreground of this script: the body as
# hotline sends it (ranking.json) and gzip-compressed as hotline sends it
# (ranking.json.gz, served by gzip_static to a client that accepts gzip).
web=$dir/nginx
mkdir -p "$web/html" "$web/logs" "$web/tmp"
curl -sf -o "$web/html/ranking.json" "$url"
curl -sf -H 'Accept-Encoding: gzip' -o "$web/html/ranking.json.gz" "$url"
user=
if [ "$(id -u)" = 0 ]; then # workers of a root master run as nobody: let them read the files
  user="user nobody nogroup;"
  chmod 755 "$dir" "$web" "$web/html" && chmod 644 "$web/html"/*
fi
nport=$(freeport)
access_log="access_log off;"
[ -n "${HOTLINE_LOAD_NGINX_LOG:-}" ] && access_log="access_log $web/logs/access.log combined buffer=64k flush=100ms;"
cat >"$web/nginx.conf" <<EOF
$user
daemon off;
worker_processes auto;
pid $web/nginx.pid;
error_log $web/logs/error.log;
events { worker_connections 1024; }
http {
  $access_log
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  types {}
  client_body_temp_path $web/tmp/body;
  proxy_temp_path $web/tmp/proxy;
  fastcgi_temp_path $web/tmp/fastcgi;
  uwsgi_temp_path $web/tmp/uwsgi;
  scgi_temp_path $web/tmp/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $web/html;
    gzip_static on;
    gzip_vary on;
  }
}
EOF
nginx -p "$web" -c "$web/nginx.conf" &
npid=$!
nurl=http://127.0.0.1:$nport/ranking.json
for _ in $(seq 50); do curl -sf -o /dev/null "$nurl" && break; sleep 0.1; done
cmp -s <(curl -sf "$url") <(curl -sf "$nurl") || { echo "nginx does not send hotline's plain body" >&2; exit 1; }
cmp -s <(curl -sf -H 'Accept-Encoding: gzip' "$url") <(curl -sf -H 'Accept-Encoding: gzip' "$nurl") ||
  { echo "nginx does not send hotline's gzip body" >&2; exit 1; }
echo "nginx $(nginx -v 2>&1 | cut -d/ -f2), sendfile on, gzip_static on, $access_log gzip body $(wc -c <"$web/html/ranking.json.gz") bytes"
echo "wrk -t2 -c4 -d${secs}s --latency, hotline and nginx alternated, ${HOTLINE_LOAD_ROUNDS:-2} rounds"

# ticks PID... prints the CPU time the processes have used, in clock ticks.
ticks() { for p in "$@"; do cut -d' ' -f14,15 "/proc/$p/stat"; done | awk '{ t += $1 + $2 } END { print t }'; }
hz=$(getconf CLK_TCK)
# run URL "PID..." [HEADER...] prints "requests/s p99_ms cpu_us" of one wrk
# run: cpu_us is the server's CPU time (user and system) per request, a
# figure the other load of the machine moves less than requests/s.
run() {
  local u=$1 ps=$2 t0 t1 out
  shift 2
  t0=$(ticks $ps)
  out=$(wrk -t2 -c4 -d"${secs}s" --latency "$@" "$u")
  t1=$(ticks $ps)
  awk -v t=$((t1 - t0)) -v hz="$hz" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; ms = v + 0
      if (v ~ /us$/) ms /= 1000; else if (v ~ /ms$/) ms += 0; else if (v ~ /s$/) ms *= 1000
      p99 = ms }
    END { printf "%.0f %.2f %.1f\n", rps, p99, t / hz * 1e6 / n }' <<<"$out"
}
# The servers in the order of each round: hotline, the build of
# HOTLINE_LOAD_BEFORE if given (another binary of hotline serving a copy of
# the same store: before and after in one run), nginx.
names=(hotline) urls=("$url") pids=("$pid")
if [ -n "${HOTLINE_LOAD_BEFORE:-}" ]; then
  cp -r "$dir/data" "$dir/data-before"
  bport=$(freeport)
  "$HOTLINE_LOAD_BEFORE" serve --data "$dir/data-before" --addr "127.0.0.1:$bport" --month-end=false >/dev/null 2>&1 &
  bpid=$!
  pid="$pid $bpid"
  burl=http://127.0.0.1:$bport/v1/months/2026-10/ranking
  for _ in $(seq 50); do curl -sf -o /dev/null "$burl" && break; sleep 0.1; done
  cmp -s <(curl -sf "$url") <(curl -sf "$burl") || { echo "$HOTLINE_LOAD_BEFORE does not send the same body" >&2; exit 1; }
  names+=(before) urls+=("$burl") pids+=("$bpid")
fi
names+=(nginx) urls+=("$nurl") pids+=("$npid $(pgrep -P "$npid" | xargs)")
last=$((${#names[@]} - 1))
printf '%-6s %-5s %-8s %11s %9s %9s %11s\n' round body server requests/s p99_ms /nginx cpu_us/req
declare -A all allcpu allratio lat cpu rps
k=${#names[@]}
for round in $(seq "${HOTLINE_LOAD_ROUNDS:-2}"); do
  for enc in plain gzip; do
    hdr=()
    [ "$enc" = gzip ] && hdr=(-H 'Accept-Encoding: gzip')
    # Each round starts with the next server, so that none is always
    # first after a pause or always last.
    for s in $(seq 0 $((k - 1))); do
      i=$(((s + round - 1) % k))
      read -r r p c < <(run "${urls[$i]}" "${pids[$i]}" "${hdr[@]}")
      rps[$i]=$r lat[$i]=$p cpu[$i]=$c
      all[$enc,$i]="${all[$enc,$i]:-} $r"
    done
    for i in "${!names[@]}"; do
      ratio=$(awk -v a="${rps[$i]}" -v b="${rps[$last]}" 'BEGIN { printf "%.2f", a / b }')
      printf '%-6s %-5s %-8s %11s %9s %8s× %11s\n' "$round" "$enc" "${names[$i]}" "${rps[$i]}" "${lat[$i]}" "$ratio" "${cpu[$i]}"
      allcpu[$enc,$i]="${allcpu[$enc,$i]:-} ${cpu[$i]}"
      allratio[$enc,$i]="${allratio[$enc,$i]:-} $ratio"
    done
  done
done
# median WORDS... prints the median of numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
for enc in plain gzip; do
  n=$(median ${all[$enc,$last]})
  line="$enc, median of the rounds:"
  for i in "${!names[@]}"; do
    m=$(median ${all[$enc,$i]})
    line+=" ${names[$i]} $m req/s ($(awk -v a="$m" -v b="$n" 'BEGIN { printf "%.2f", a / b }')×; a round's ratio, median $(median ${allratio[$enc,$i]})×; $(median ${allcpu[$enc,$i]}) µs CPU/req)"
  done
  echo "$line"
done
