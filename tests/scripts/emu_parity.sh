#!/usr/bin/env bash
# CPU vs emulated CUDA parity (DESIGN.md "Kernels without a GPU"): a scenario
# at a small size through the CPU backend and through tokenstress-emu's CUDA
# executor in forward and reverse thread order; compare --exact must call
# each pair equal.
# usage: emu_parity.sh TOKENSTRESS TOKENSTRESS_EMU SCENARIO OUTDIR
set -euo pipefail
ts=$1 emu=$2 cfg=$3 out=$4
name=$(basename "$cfg" .toml)
mkdir -p "$out"
args=(--quiet --paths 3 --batch 2 --set simulation.horizon=7d --set simulation.snapshot_every=1d)
"$ts" run "$cfg" "${args[@]}" --backend cpu -o "$out/$name.cpu.h5" > /dev/null
for order in forward reverse; do
  TOKENSTRESS_EMU_ORDER=$order "$emu" run "$cfg" "${args[@]}" --backend cuda -o "$out/$name.$order.h5" > /dev/null
  echo "$order: $("$ts" compare --exact "$out/$name.cpu.h5" "$out/$name.$order.h5")"
done
rm -f "$out/$name".*.h5
