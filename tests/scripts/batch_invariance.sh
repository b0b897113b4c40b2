#!/usr/bin/env bash
# Statistics stream batch by batch into accumulators that merge exactly, so
# the digest of a run does not depend on the batch size or the thread count
# (issue 10): 1 vs 2 threads, batches of 1, 7, 64 and all paths, on a sweep
# with a baseline (paired differences formed inside each batch).
# usage: batch_invariance.sh TOKENSTRESS SCENARIO OUTDIR
set -euo pipefail
ts=$1 cfg=$2 out=$3
mkdir -p "$out"
name=$(basename "$cfg" .toml)
args=(--quiet --paths 20 --set simulation.horizon=7d --set simulation.snapshot_every=1d)
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }
"$ts" run "$cfg" "${args[@]}" --threads 2 -o "$out/$name.ref.h5" > /dev/null
ref=$(digest "$out/$name.ref.h5")
status=0
for variant in "--threads 1" "--batch 1" "--batch 7" "--batch 64" "--threads 1 --batch 3"; do
  # shellcheck disable=SC2086
  "$ts" run "$cfg" "${args[@]}" $variant -o "$out/$name.var.h5" > /dev/null
  got=$(digest "$out/$name.var.h5")
  if [ "$got" = "$ref" ]; then echo "ok   $variant"; else echo "FAIL $variant: digest $got, reference $ref"; status=1; fi
done
rm -f "$out/$name".*.h5
exit $status
