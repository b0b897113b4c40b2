#!/usr/bin/env bash
# Scale-out measurements (issue 13), recorded in bench/results/ with the
# machine, date and commit:
#  - strong scaling of a CPU sweep: the same run as one process (1 and all
#    threads) and as mpirun -np 1 / 2 (cores shared among ranks), wall time
#    from start to the written file, and every digest equal;
#  - the cost of merging: shard files' bytes (the accumulators) and the
#    seconds `merge` takes, as seconds per GB.
# usage: bench/scaleout.sh [SCENARIO] [PATHS]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-configs/ionet-fee-sweep.toml}
paths=${2:-256}
ts=build/tokenstress
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --oversubscribe --bind-to none)   # threads then follow the ranks per node
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
args=(-q --paths "$paths" --batch $(( (paths + 7) / 8 )) --set simulation.horizon=30d)
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]{12}).*/\1/p'; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

commit=$(git rev-parse --short HEAD)$([ -n "$(git status --porcelain)" ] && echo "+dirty" || true)
stamp=$(date -u +%Y%m%d-%H%M%S)
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
out=bench/results/${stamp}-scaleout-${commit}.md
{
  echo "# Scale-out: $(basename "$scenario") x $paths paths, 30 d"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $commit, $cpu, $(nproc) cores, $("$ts" info | grep '^MPI:')"
  echo "- units of $(( (paths + 7) / 8 )) paths (--batch); wall time from start to the written file (median of 3)"
  echo
  echo "| how | wall s | speed-up vs 1 thread | digest |"
  echo "|---|---:|---:|---|"
  median() { sort -n | sed -n 2p; }
  base=$(for r in 1 2 3; do timed "$ts" run "$scenario" "${args[@]}" --threads 1 -o "$work/t1.h5"; done | median)
  echo "| 1 process, 1 thread | $base | 1.00 | $(digest "$work/t1.h5") |"
  for t in $(nproc); do
    w=$(for r in 1 2 3; do timed "$ts" run "$scenario" "${args[@]}" --threads "$t" -o "$work/tn.h5"; done | median)
    echo "| 1 process, $t threads | $w | $(echo "scale=2; $base / $w" | bc) | $(digest "$work/tn.h5") |"
  done
  for k in 1 2; do
    w=$(for r in 1 2 3; do timed "${mpi[@]}" -np $k "$ts" run "$scenario" "${args[@]}" -o "$work/np$k.h5"; done | median)
    echo "| mpirun -np $k ($(( $(nproc) / k > 0 ? $(nproc) / k : 1 )) threads each) | $w | $(echo "scale=2; $base / $w" | bc) | $(digest "$work/np$k.h5") |"
  done
  echo
  echo "## Merge"
  echo
  echo "| shards | shard bytes | merge s | s per GB |"
  echo "|---:|---:|---:|---:|"
  for n in 2 8; do
    for ((i = 0; i < n; i++)); do "$ts" run "$scenario" "${args[@]}" --shard "$i/$n" -o "$work/s$i-$n.h5" > /dev/null; done
    bytes=$(cat "$work"/s*-$n.h5 | wc -c)
    files=("$work"/s*-$n.h5)
    w=$(timed "$ts" merge "${files[@]}" -q -o "$work/m$n.h5")
    echo "| $n | $bytes | $w | $(echo "scale=2; $w / ($bytes / 1000000000)" | bc) |"
    [ "$(digest "$work/m$n.h5")" = "$(digest "$work/t1.h5")" ] || echo "**merged digest differs**"
  done
} | tee "$out"
echo "recorded $out"
