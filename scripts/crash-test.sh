#!/usr/bin/env bash
# Crash test: `jixiao import` killed with SIGKILL at random moments, COUNT times
# on SQLite and (with a URL) on PostgreSQL. After each kill: `jixiao check-db`
# is clean, and every stored document equals the file it came from (all of it
# or none of it).
#
#   scripts/crash-test.sh [COUNT] [postgres://…/postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20}
pg_admin=${2:-}
bin=${JIXIAO_BIN:-target/release/jixiao}
export PGOPTIONS='-c client_min_messages=warning'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The corpus: the demo's tables from our generator, as perf-targets/1 files.
"$bin" demo --db "$work/src.db" >/dev/null 2>&1
mkdir -p "$work/files"
n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM documents').fetchone()[0])" "$work/src.db")
for id in $(seq 1 "$n"); do
  "$bin" export --db "$work/src.db" --id "$id" --format json --out "$work/files/$id.json" >/dev/null
done
echo "corpus: $n documents"

# Database intact, and every stored document equal to the file it came from;
# prints how many documents are stored.
verify() {
  "$bin" check-db --db "$1" --against "$work/files" | sed -n 's/.*; \([0-9]*\) documents equal to their files.*/\1/p'
}

# Times one whole import, to place the kills within it.
span_ms() {
  local start end
  start=$(date +%s%N)
  "$bin" import --db "$1" "$work"/files/*.json >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

run() {
  local kind=$1 make=$2 span total=0
  span=$(span_ms "$($make probe)")
  echo "$kind: a whole import takes $span ms; killing at random moments within it"
  for i in $(seq 1 "$count"); do
    local db
    db=$($make "$i")
    local delay=$((RANDOM % (span + 1)))
    "$bin" import --db "$db" "$work"/files/*.json >/dev/null 2>&1 &
    local pid=$!
    sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    local kept
    kept=$(verify "$db")
    test -n "$kept"
    total=$((total + kept))
    # The next import completes what the killed one left.
    "$bin" import --db "$db" "$work"/files/*.json >/dev/null 2>&1
    test "$(verify "$db")" = "$n"
    echo "  kill $i at ${delay} ms: $kept of $n documents stored whole, database intact; re-import completes it"
  done
  echo "$kind: $count kills, 0 damaged databases, 0 partial documents ($total documents found whole after the kills)"
}

sqlite_db() { echo "$work/crash-$1.db"; }
run SQLite sqlite_db

if [ -n "$pg_admin" ]; then
  pg_db() {
    local name="jixiao_crash_$1"
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >/dev/null
    echo "${pg_admin%/*}/$name"
  }
  run PostgreSQL pg_db
  for i in probe $(seq 1 "$count"); do psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS jixiao_crash_$i WITH (FORCE)" >/dev/null; done
fi
echo "crash test passed"
