#!/usr/bin/env bash
# CPU vs emulated CUDA parity (DESIGN.md "Kernels without a GPU"): a scenario
# at a small size through the CPU backend and through tokenstress-emu's CUDA
# executor in each thread order given (default: forward and reverse; e.g.
# shuffle:7 for a seeded shuffle); compare --exact must call each pair equal.
# usage: emu_parity.sh TOKENSTRESS TOKENSTRESS_EMU SCENARIO OUTDIR [ORDER...]
set -euo pipefail
ts=$1 emu=$2 cfg=$3 out=$4
shift 4
orders=("$@")
[ ${#orders[@]} -gt 0 ] || orders=(forward reverse)
name=$(basename "$cfg" .toml)
mkdir -p "$out"
# EMU_PARITY_HORIZON / EMU_PARITY_EVERY change the schedule (e.g. a horizon
# that is not a multiple of the snapshot interval).
# EMU_PARITY_PATHS and EMU_PARITY_SET (space-separated key=value) reach
# other statistics (e.g. stats.exact_paths=2: the sketches' bucket form).
args=(--quiet --paths "${EMU_PARITY_PATHS:-3}" --batch 2 --set "simulation.horizon=${EMU_PARITY_HORIZON:-7d}"
      --set "simulation.snapshot_every=${EMU_PARITY_EVERY:-1d}")
for kv in ${EMU_PARITY_SET:-}; do args+=(--set "$kv"); done
"$ts" run "$cfg" "${args[@]}" --backend cpu -o "$out/$name.cpu.h5" > /dev/null
for order in "${orders[@]}"; do
  file=$out/$name.${order/:/-}.h5
  TOKENSTRESS_EMU_ORDER=$order "$emu" run "$cfg" "${args[@]}" --backend cuda -o "$file" > /dev/null
  echo "$order: $("$ts" compare --exact "$out/$name.cpu.h5" "$file")"
done
rm -f "$out/$name".*.h5
