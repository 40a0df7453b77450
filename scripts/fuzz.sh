#!/usr/bin/env bash
# Fuzzes the parsers with libFuzzer: scripts/fuzz.sh [TARGET] [SECONDS]
# TARGET is parse (default) or target; the seeds in ../shared/seeds start the corpus.
# The stable toolchain runs cargo-fuzz with RUSTC_BOOTSTRAP=1 (no nightly here).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
target=${1:-parse}
seconds=${2:-600}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/"$target"
if [ "$target" = parse ] && [ -d ../../shared/seeds ]; then cp -n ../../shared/seeds/*.txt corpus/parse/ 2>/dev/null || true; fi
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" corpus/"$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096
