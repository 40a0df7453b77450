#!/usr/bin/env bash
# Ten (N) uploads of 20 MB tables at once against one server: the server's
# peak memory (VmHWM), how many uploads were asked to come back (503 with
# Retry-After) before they were stored, and whether /healthz kept answering.
#
#   scripts/upload-load.sh [N] [INDICATORS]
#
# The tables are made by `jixiao gen --one` (our demo generator), one seed
# each, INDICATORS (default 108000) giving a file just under the 20 MB upload
# limit. Needs curl and python3; builds the release binary when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
indicators=${2:-108000}
bin=target/release/jixiao
[ -x "$bin" ] || cargo build --release -q -p jixiao
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

for k in $(seq "$n"); do
  "$bin" gen "$work/gen$k" --indicators "$indicators" --one --seed "$k" 2>/dev/null
  mv "$work/gen$k"/*.csv "$work/upload$k.csv"
done
sizes=$(stat -c %s "$work"/upload*.csv | sort -n)
echo "files: $n, $(head -1 <<<"$sizes") to $(tail -1 <<<"$sizes") bytes"

db=$work/load.db
echo 'upload-load-password' | "$bin" user add loadadmin --role admin --db "$db" >/dev/null
port=18097
"$bin" serve --db "$db" --addr 127.0.0.1:$port 2>"$work/serve.log" &
pid=$!
for _ in $(seq 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
base=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
token=$(curl -fs -H 'Content-Type: application/json' -d '{"name":"loadadmin","password":"upload-load-password"}' \
  http://127.0.0.1:$port/api/session | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# /healthz every 100 ms while the uploads run: the slowest answer.
( worst=0; fails=0
  while [ ! -e "$work/done" ]; do
    t=$(curl -s -o /dev/null -m 10 -w '%{http_code} %{time_total}' http://127.0.0.1:$port/healthz || echo "000 10")
    [ "${t% *}" = 200 ] || fails=$((fails + 1))
    worst=$(python3 -c "print(max($worst, ${t#* }))")
    sleep 0.1
  done
  echo "$worst $fails" > "$work/health" ) &
health=$!

upload() {
  local k=$1 tries=0 busy=0 code
  while :; do
    tries=$((tries + 1))
    code=$(curl -s -o "$work/out$k" -w '%{http_code}' -H "Authorization: Bearer $token" \
      --data-binary "@$work/upload$k.csv" "http://127.0.0.1:$port/api/import?name=upload$k.csv")
    if [ "$code" = 503 ]; then busy=$((busy + 1)); sleep 5; continue; fi
    echo "$k $code $busy" > "$work/result$k"
    return
  done
}
started=$(date +%s.%N)
uploads=()
for k in $(seq "$n"); do upload "$k" & uploads+=($!); done
wait "${uploads[@]}"
touch "$work/done"
wait $health
elapsed=$(python3 -c "import time; print(round(time.time() - $started, 1))")

stored=0; busy=0; other=""
for k in $(seq "$n"); do
  read -r _ code b < "$work/result$k"
  busy=$((busy + b))
  if [ "$code" = 201 ]; then stored=$((stored + 1)); else other="$other upload$k:$code($(head -c 200 "$work/out$k"))"; fi
done
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
read -r worst fails < "$work/health"
echo "| uploads at once | stored | answered 503 first | server RSS before | peak server RSS | RSS after | slowest /healthz | /healthz failures | wall |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| $n × ~20 MB | $stored | $busy | $((base / 1024)) MB | **$((hwm / 1024)) MB** | $((rss / 1024)) MB | ${worst} s | $fails | ${elapsed} s |"
[ -z "$other" ] || { echo "not stored:$other" >&2; exit 1; }
[ "$fails" = 0 ] || exit 1
[ "$hwm" -lt $((1024 * 1024)) ] || { echo "peak RSS above 1 GB" >&2; exit 1; }
