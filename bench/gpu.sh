#!/usr/bin/env bash
# One call on a lent GPU: checks and times everything, and writes the record
# to $OUT (or bench/results when OUT is unset).
#   here:   bash bench/pack-device.sh
#   device: bash bench/gpu.sh            (carry: .device)
# Steps: (1) every test with TOKENSTRESS_REQUIRE_GPU=1 (the Python reader
# tests are left out: the device image lacks h5netcdf and netCDF4);
# (2) CPU/CUDA parity with `compare --exact` on every shipped scenario;
# (3) throughput against paths and agents per path, with the share of wall
# time spent in statistics and output; (4) the large run of issue 3,
# 1,000,000 paths x 256 providers x 1 year hourly, weekly snapshots.
set -uo pipefail
root=$(pwd)
out=${OUT:-$root/bench/results}
mkdir -p "$out"
[ -d .device/build ] || { echo "gpu.sh: no .device/ (run bench/pack-device.sh here and carry .device)"; exit 2; }
# The build was configured at the source root it was packed from; map it.
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' .device/build/CMakeCache.txt)
if [ "$src" != "$root" ]; then
  if [ -e "$src" ] && [ "$(readlink -f "$src")" != "$(readlink -f "$root")" ]; then
    echo "gpu.sh: the build's source root $src exists and is another tree; run from there"; exit 2
  fi
  [ -e "$src" ] || { mkdir -p "$(dirname "$src")"; ln -s "$root" "$src"; }
fi
rm -rf build && mv .device/build build && mkdir -p build/test-output
export LD_LIBRARY_PATH=$root/.device/lib:${LD_LIBRARY_PATH:-}
ts=build/tokenstress
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
gpu=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)
rec=$out/gpu-$(date -u +%Y%m%d-%H%M%S)-$commit.md
{
  echo "# GPU record"
  echo; echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "- commit: $commit"; echo "- device: $gpu"
  echo "- host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) threads"
} > "$rec"
$ts info | tee -a "$rec"

echo; echo "== 1. tests (TOKENSTRESS_REQUIRE_GPU=1)"
TOKENSTRESS_REQUIRE_GPU=1 ctest --test-dir build -E '^python\.' -j 8 --output-on-failure > "$out/tests.log" 2>&1
tests_rc=$?
{ echo; echo "## Tests (TOKENSTRESS_REQUIRE_GPU=1, python readers excluded)"; echo '```'; tail -4 "$out/tests.log"; echo '```'; } >> "$rec"
tail -4 "$out/tests.log"

echo; echo "== 2. parity on every shipped scenario"
{ echo; echo "## Parity: compare --exact, cpu vs cuda, 64 paths, 90 days"; echo '```'; } >> "$rec"
parity_rc=0
for cfg in configs/*.toml; do
  n=$(basename "$cfg" .toml)
  a=(--quiet --paths 64 --set simulation.horizon=90d)
  $ts run "$cfg" "${a[@]}" --backend cpu -o build/test-output/p_cpu.h5 > /dev/null &&
  $ts run "$cfg" "${a[@]}" --backend cuda -o build/test-output/p_cuda.h5 > /dev/null &&
  line=$($ts compare --exact build/test-output/p_cpu.h5 build/test-output/p_cuda.h5 | tail -1) || { line="DIFFERENT or failed"; parity_rc=1; }
  echo "$n: $line" | tee -a "$rec"
done
echo '```' >> "$rec"

echo; echo "== 3. throughput"
{ echo; echo "## Throughput: bench/ionet-256.toml (90 days hourly), cuda backend"; echo
  echo "| paths | providers/path | agent-steps/s | simulate s | statistics s | output s | stats+output share |"
  echo "|---|---|---|---|---|---|---|"; } >> "$rec"
for agents in 64 256 1024; do
  for paths in 4096 32768 131072; do
    res=$($ts run bench/ionet-256.toml --quiet --backend cuda --paths $paths \
          --set network.max_providers=$agents --set network.initial_providers=$agents -o build/test-output/t.h5 2>&1)
    rate=$(echo "$res" | sed -nE 's/.* ([0-9.e+]+) agent-steps\/s.*/\1/p')
    times=$(echo "$res" | sed -nE 's/^time: simulate ([0-9.]+) s, statistics ([0-9.]+) s, output ([0-9.]+) s \(([0-9.]+)%.*/\1 | \2 | \3 | \4%/p')
    echo "| $paths | $agents | $rate | $times |" | tee -a "$rec"
  done
done

echo; echo "== 4. 1,000,000 paths x 256 providers x 1 year"
res=$(timeout 420 $ts run configs/ionet.toml --quiet --backend cuda --paths 1000000 --set simulation.horizon=1y \
      --set network.max_providers=256 --set simulation.keep_paths=0 -o build/test-output/big.h5 2>&1); rc=$?
{ echo; echo "## 1,000,000 paths x 256 providers x 1 year hourly, weekly snapshots (exit $rc)"; echo '```'
  echo "$res" | tail -3; echo '```'; } >> "$rec"
echo "$res" | tail -3
echo; echo "recorded in $rec"
exit $(( tests_rc != 0 || parity_rc != 0 ))
