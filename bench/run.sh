#!/usr/bin/env bash
# Builds, checks and times tokenstress in one call; records the result in
# bench/results/ with device, date and commit.
#   bench/run.sh            build, run the test suite, measure CPU throughput
#   bench/run.sh --no-tests skip the test suite
# It also runs every shipped scenario at full size and checks the ledger
# (bench/check_scenarios.py) unless --no-scenarios is given.
# Throughput is agent-steps per second (agent slots x steps x paths / time
# in the executor) on the IO.net preset with 256 providers per path.
set -euo pipefail
cd "$(dirname "$0")/.."
run_tests=1
run_scenarios=1
for a in "$@"; do
  case "$a" in
    --no-tests) run_tests=0 ;;
    --no-scenarios) run_scenarios=0 ;;
  esac
done

bash scripts/build.sh >/dev/null
if [ $run_tests = 1 ]; then
  ctest --test-dir build --output-on-failure -j "${TOKENSTRESS_JOBS:-2}" | tail -3
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$([ -n "$(git status --porcelain 2>/dev/null)" ] && echo "+dirty" || true)
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
cores=$(nproc)
mkdir -p bench/results
out=bench/results/$(date -u +%Y%m%d-%H%M%S)-cpu-${commit}${dirty}.md
{
  echo "# CPU throughput, IO.net preset, 256 providers per path"
  echo
  echo "- date: $date"
  echo "- commit: ${commit}${dirty}"
  echo "- device: $cpu, $cores hardware threads"
  echo "- scenario: bench/ionet-256.toml (90 days hourly, 16 paths)"
  echo
  echo "| threads | agent-steps/s | per thread | wall s |"
  echo "|---|---|---|---|"
} > "$out"
for threads in 1 $cores; do
  line=$(./build/tokenstress run bench/ionet-256.toml --quiet --threads "$threads" -o /tmp/tokenstress-bench.h5 | grep '^wrote')
  rate=$(echo "$line" | sed -E 's/.* ([0-9.e+]+) agent-steps\/s.*/\1/')
  wall=$(echo "$line" | sed -E 's/.*backend, ([0-9.]+) s,.*/\1/')
  per=$(python3 -c "print(f'{$rate/$threads:.3g}')")
  echo "| $threads | $rate | $per | $wall |" >> "$out"
  [ "$threads" = "$cores" ] && break
done
# Every protocol's preset (configs/<protocol>.toml), 30 days, 8 paths, all
# threads: agent-steps per second (agent slots x steps x paths / executor time).
{
  echo
  echo "## Every preset: 30 days, 8 paths, $cores threads"
  echo
  echo "| preset | agent-steps/s | wall s |"
  echo "|---|---|---|"
} >> "$out"
for cfg in configs/*.toml; do
  name=$(basename "$cfg" .toml)
  case "$name" in *-*) continue ;; esac
  line=$(./build/tokenstress run "$cfg" --quiet --paths 8 --set simulation.horizon=30d --set simulation.snapshot_every=1d \
         -o /tmp/tokenstress-bench.h5 | grep '^wrote')
  rate=$(echo "$line" | sed -E 's/.* ([0-9.e+]+) agent-steps\/s.*/\1/')
  wall=$(echo "$line" | sed -E 's/.*backend, ([0-9.]+) s,.*/\1/')
  echo "| $name | $rate | $wall |" >> "$out"
done
if [ $run_scenarios = 1 ]; then
  {
    echo
    echo "## Every shipped scenario at full size: conservation and supply cap"
    echo
    echo '```'
    /usr/bin/python3 bench/check_scenarios.py build
    echo '```'
  } >> "$out"
fi
cat "$out"
echo "recorded in $out"
