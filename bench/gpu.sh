#!/usr/bin/env bash
# First contact with a GPU in one call of at most 10 minutes: staged, each
# step under its own timeout, everything logged to $OUT as it goes, so a
# crash or a kill still returns what ran.
#   here:   bash bench/pack-device.sh
#   device: bash bench/gpu.sh            (carry: .device)
#   here:   bash bench/gpu.sh --plan     (the steps and their time budget; runs nothing)
# Steps: nvidia-smi and `tokenstress info`; per protocol a tiny CPU vs CUDA
# `compare --exact`; the GPU tests (label gpu, TOKENSTRESS_REQUIRE_GPU=1);
# compute-sanitizer memcheck and racecheck on tiny runs; throughput points
# sized to finish (IO.net, 256 providers, 30 days hourly). Files in $OUT (the
# device tool returns at most 8): gpu-record.md (the record for
# bench/results/), gpu.log (every step's output), registers.tsv (ptxas).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# ---- the plan: step name, timeout (s), command ------------------------------
protocols=(ionet akash bittensor clore hanzo phala secret_ai twopm)
tiny=(--quiet --paths 8 --batch 4 --set simulation.horizon=3d --set simulation.snapshot_every=1d)
plan=()
add() { plan+=("$1|$2|$3"); }
add nvidia-smi 10 "nvidia-smi"
add info 30 "\$ts info"
for p in "${protocols[@]}"; do
  add "parity-$p" 12 "parity configs/$p.toml"
done
# The device reduction past exact_paths with a baseline (bucket runs only, differences on the device).
add parity-digest 12 "parity configs/akash-fee-proposal.toml --set stats.exact_paths=2 --set stats.bucket_bits=6"
add gpu-tests 90 "TOKENSTRESS_REQUIRE_GPU=1 ctest --test-dir build -L gpu --output-on-failure -j 4"
add memcheck 50 "sanitize memcheck"
add racecheck 70 "sanitize racecheck"
for paths in 4096 32768 131072; do
  add "throughput-$paths" 40 "throughput $paths"
done
budget=0
for s in "${plan[@]}"; do budget=$((budget + $(cut -d'|' -f2 <<< "$s"))); done

if [ "${1:-}" = "--plan" ]; then
  printf '%-20s %8s  %s\n' step timeout command
  for s in "${plan[@]}"; do IFS='|' read -r n t c <<< "$s"; printf '%-20s %7ss  %s\n' "$n" "$t" "$c"; done
  echo "budget: ${budget} s ($(awk "BEGIN{printf \"%.1f\", $budget/60}") min), plus unpacking"
  [ "$budget" -le 480 ] || { echo "gpu.sh: the plan is over 8 minutes"; exit 1; }
  exit 0
fi

# ---- the packed build (bench/pack-device.sh) -------------------------------
out=${OUT:-$root/bench/results}
mkdir -p "$out"
log=$out/gpu.log
rec=$out/gpu-record.md
[ -d .device/build ] || { echo "gpu.sh: no .device/ (run bench/pack-device.sh here and carry .device)" | tee "$log"; exit 2; }
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' .device/build/CMakeCache.txt)
if [ "$src" != "$root" ]; then
  # The build was configured at the source root it was packed from; map it.
  if [ -e "$src" ] && [ "$(readlink -f "$src")" != "$(readlink -f "$root")" ]; then
    echo "gpu.sh: the build's source root $src exists and is another tree" | tee "$log"; exit 2
  fi
  [ -e "$src" ] || { mkdir -p "$(dirname "$src")"; ln -s "$root" "$src"; }
fi
rm -rf build && mv .device/build build && mkdir -p build/test-output
export LD_LIBRARY_PATH=$root/.device/lib:${LD_LIBRARY_PATH:-}
ts=$root/build/tokenstress
tmp=build/test-output
[ -f build/ptxas/registers.tsv ] && cp build/ptxas/registers.tsv "$out/registers.tsv"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# GPU record (bench/gpu.sh)"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- commit: $commit"
  echo "- device: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1)"
  echo "- host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) threads"
  echo "- plan: ${#plan[@]} steps, ${budget} s budget"
  echo
  echo "| step | result | seconds |"
  echo "|---|---|---|"
} > "$rec"

# ---- what the steps do -----------------------------------------------------
parity() {
  local cfg=$1 n
  shift
  n=$(basename "$cfg" .toml)
  "$ts" run "$cfg" "${tiny[@]}" "$@" --backend cpu -o "$tmp/$n.cpu.h5" > /dev/null &&
    "$ts" run "$cfg" "${tiny[@]}" "$@" --backend cuda -o "$tmp/$n.cuda.h5" > /dev/null &&
    "$ts" compare --exact "$tmp/$n.cpu.h5" "$tmp/$n.cuda.h5"
}
sanitize() {
  local tool=$1 cs
  cs=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
  [ -x "$cs" ] || { echo "compute-sanitizer not found"; return 3; }
  "$cs" --tool "$tool" --error-exitcode 9 "$ts" run configs/ionet.toml --quiet --backend cuda --paths 2 --batch 2 \
    --set simulation.horizon=1d --set simulation.snapshot_every=1d -o "$tmp/san-$tool.h5"
}
throughput() {
  "$ts" run bench/ionet-256.toml --backend cuda --paths "$1" --set simulation.horizon=30d \
    --set simulation.snapshot_every=1d -o "$tmp/t.h5"
}

status=0
for s in "${plan[@]}"; do
  IFS='|' read -r name limit cmd <<< "$s"
  echo "== $name (timeout ${limit}s): $cmd" >> "$log"
  start=$(date +%s.%N)
  timeout --kill-after=5 "$limit" bash -c "ts=$ts; tiny=(${tiny[*]}); tmp=$tmp; $(declare -f parity sanitize throughput); $cmd" >> "$log" 2>&1
  rc=$?
  secs=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $start}")
  case $rc in
    0) result=ok ;;
    124|137) result="timeout"; status=1 ;;
    *) result="exit $rc"; status=1 ;;
  esac
  case $name in
    parity-*) detail=$(grep -E 'equal|differ|digest' "$log" | tail -1 | cut -c1-120); result="$result: $detail" ;;
    throughput-*) result="$result: $(grep -Eo '[0-9.e+]+ agent-steps/s' "$log" | tail -1)" ;;
    gpu-tests) result="$result: $(grep -E 'tests passed|tests failed' "$log" | tail -1)" ;;
    memcheck|racecheck) result="$result: $(grep -E 'ERROR SUMMARY' "$log" | tail -1)" ;;
  esac
  echo "| $name | $result | $secs |" >> "$rec"
  echo "-- $name: $result (${secs}s)" >> "$log"
done
echo >> "$rec"
echo "Full output: gpu.log. Registers and occupancy: registers.tsv." >> "$rec"
cat "$rec"
exit $status
