#!/usr/bin/env bash
# Runs every fuzz target in turn, one process each (-jobs=1), SECONDS_PER_TARGET seconds
# (default 600), then minimises each corpus in place. Needs cargo-fuzz (`cargo install
# cargo-fuzz`); on stable Rust it sets RUSTC_BOOTSTRAP=1 for libFuzzer's sanitizer flags.
# Not part of CI. Usage: fuzz/run.sh [seconds] [target...]
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(number preflib json_instance policy_mixture certificate)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== $t: $(date -u +%H:%M:%S) start, $secs s"
  cargo fuzz run "$t" "corpus/$t" -- -jobs=1 -workers=1 -max_total_time="$secs" \
    -timeout=30 -rss_limit_mb=2048 -max_len=8192 -artifact_prefix="artifacts/$t/" \
    || echo "== $t: exit $? (see artifacts/$t/ and fuzz-0.log)"
  [ -f fuzz-0.log ] && tail -n 3 fuzz-0.log && mv fuzz-0.log "artifacts/$t.log"
  cargo fuzz cmin "$t" "corpus/$t" -- -rss_limit_mb=2048 >/dev/null 2>&1 || true
  echo "== $t: $(date -u +%H:%M:%S) done, corpus $(ls "corpus/$t" | wc -l) files, $(du -sk "corpus/$t" | cut -f1) KiB"
done
