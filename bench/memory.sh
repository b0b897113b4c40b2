#!/usr/bin/env bash
# Peak host memory against paths (issue 10): a small IO.net point (16
# provider slots, 7 days, daily snapshots) at 1e3 .. 1e6 paths on the CPU.
# With streaming statistics the peak must stay flat beyond one batch.
# Writes bench/results/<date>-memory-<commit>.md.
#   bench/memory.sh [PATHS...]     (default: 1000 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/tokenstress ] || bash scripts/build.sh > /dev/null
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000 1000000)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$([ -n "$(git status --porcelain 2>/dev/null)" ] && echo "+dirty" || true)
mkdir -p bench/results
out=bench/results/$(date -u +%Y%m%d-%H%M%S)-memory-${commit}${dirty}.md
{
  echo "# Peak host memory against paths (CPU, streaming statistics)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- commit: ${commit}${dirty}"
  echo "- device: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) threads"
  echo "- scenario: configs/ionet.toml, 16 provider slots, 7 days hourly, daily snapshots"
  echo
  echo "| paths | peak RSS MiB | wall s | agent-steps/s | statistics+output share |"
  echo "|---|---|---|---|---|"
} > "$out"
for n in "${sizes[@]}"; do
  log=$(mktemp)
  /usr/bin/time -v build/tokenstress run configs/ionet.toml --paths "$n" --set simulation.horizon=7d \
    --set simulation.snapshot_every=1d --set network.max_providers=16 --set network.initial_providers=16 \
    -o build/test-output/memory.h5 > "$log.out" 2> "$log"
  rss=$(awk '/Maximum resident/ {printf "%.0f", $6/1024}' "$log")
  wall=$(sed -nE 's/^wrote .*\(cpu backend, ([0-9.]+) s, ([0-9.e+]+) agent-steps.*/\1/p' "$log.out")
  rate=$(sed -nE 's/^wrote .*\(cpu backend, ([0-9.]+) s, ([0-9.e+]+) agent-steps.*/\2/p' "$log.out")
  share=$(sed -nE 's/.*\(([0-9.]+)% of wall in statistics and output\).*/\1%/p' "$log.out")
  echo "| $n | $rss | $wall | $rate | $share |" | tee -a "$out"
  rm -f "$log" "$log.out"
done
echo "recorded in $out"
