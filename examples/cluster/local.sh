#!/usr/bin/env bash
# Runs one `ualign sweep` as N shards in parallel on this machine (xargs -P) and merges the shard
# summaries with `ualign sweep-merge` (the same steps as sweep.slurm, without a cluster).
#
# Usage: examples/cluster/local.sh N OUTDIR [sweep options, e.g. --family ties --count 100000]
# Writes OUTDIR/shard-I.json (one summary per shard), OUTDIR/violations/ (if any) and prints the
# merged summary, which equals the summary of the unsharded sweep. Exit code: that of sweep-merge
# (0 no violation, 1 violations, 2 bad or missing shards). UALIGN names the binary (default ualign);
# each shard uses all cores (set RAYON_NUM_THREADS to share them).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 N OUTDIR [sweep options]" >&2
  exit 2
fi
n=$1
out=$2
shift 2
UALIGN=${UALIGN:-ualign}
export UALIGN n out
mkdir -p "$out"
# A shard exits 1 when it finds violations (still a valid summary); anything else is an error.
seq 0 $((n - 1)) | xargs -P "$n" -I{} bash -c '
  rc=0
  "$UALIGN" sweep --json --shard "{}/$n" --out "$out/violations" "$@" > "$out/shard-{}.json" || rc=$?
  [ "$rc" -le 1 ]' _ "$@"
shards=()
for i in $(seq 0 $((n - 1))); do shards+=("$out/shard-$i.json"); done
exec "$UALIGN" sweep-merge "${shards[@]}"
