#!/usr/bin/env bash
# Page and API latency under wrk (50 connections), for BENCHMARKS.md.
#
#   scripts/bench-web.sh [DB] [CACHE_MB]
#
# DB: a database to serve (default: a fresh one holding the five published
# tables from ../shared/seeds); CACHE_MB: the server's response cache (default
# 64; 0 turns it off). Needs wrk (Debian package `wrk`) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/jixiao
[ -x "$bin" ] || cargo build --release -q
db=${1:-}
cache=${2:-64}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -z "$db" ]; then
  db=$work/seeds.db
  "$bin" import --db "$db" ../shared/seeds/* >/dev/null 2>&1
fi
port=18089
"$bin" serve --db "$db" --addr 127.0.0.1:$port --cache-mb "$cache" 2>"$work/serve.log" &
pid=$!
for _ in $(seq 50); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
doc=$(curl -fs http://127.0.0.1:$port/api/documents | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
q=%E6%BB%A1%E6%84%8F%E5%BA%A6  # 满意度
echo "| route | req/s | p50 | p99 |"
echo "|---|---|---|---|"
for route in /healthz / /documents/$doc "/search?q=$q" "/api/search?q=$q" /api/documents "/api/documents/$doc"; do
  out=$(wrk -t2 -c50 -d${WRK_SECONDS:-8}s --latency "http://127.0.0.1:$port$route")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  echo "| \`$route\` | $rps | $p50 | $p99 |"
done
