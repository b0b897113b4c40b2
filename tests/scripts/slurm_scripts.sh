#!/usr/bin/env bash
# The Slurm example (scripts/slurm) without Slurm: each array task run as
# Slurm would run it (SLURM_ARRAY_TASK_ID), then the merge script; the
# merged file has the digest of the single run (issue 13).
# usage: slurm_scripts.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out/build" && cd "$out" || exit 1
ln -s "$ts" build/tokenstress
ln -s "$src/configs" configs
n=3
for ((i = 0; i < n; i++)); do
  SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 bash "$src/scripts/slurm/sweep-array.sbatch" configs/akash-sobol.toml $n \
    --paths 4 --batch 2 -q > /dev/null || { echo "FAIL: array task $i"; exit 1; }
done
bash "$src/scripts/slurm/merge-shards.sbatch" configs/akash-sobol.toml $n > /dev/null 2>&1 || { echo "FAIL: merge script"; exit 1; }
"$ts" run configs/akash-sobol.toml --paths 4 --batch 2 -q -o single.h5 > /dev/null
if "$ts" compare --exact single.h5 results/akash-sobol.h5 > /dev/null; then echo "ok   Slurm array of $n + merge = single run"
else echo "FAIL: the merged file differs from the single run"; exit 1; fi
cd / && rm -rf "$out"
