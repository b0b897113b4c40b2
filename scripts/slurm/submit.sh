#!/usr/bin/env bash
# Submits a scenario as N shards (a Slurm job array, one GPU each) and the
# merge that runs after all of them succeed.
# usage: scripts/slurm/submit.sh SCENARIO.toml N [tokenstress run options]
set -euo pipefail
cd "$(dirname "$0")/../.."
scenario=$1 shards=$2
shift 2
mkdir -p results
array=$(sbatch --parsable --array=0-$((shards - 1)) scripts/slurm/sweep-array.sbatch "$scenario" "$shards" "$@")
merge=$(sbatch --parsable --dependency=afterok:"$array" scripts/slurm/merge-shards.sbatch "$scenario" "$shards")
echo "submitted shards as job $array (array 0-$((shards - 1))) and the merge as job $merge"
