#!/usr/bin/env bash
# The emulation can fail: the kernel without the barrier between thread 0's
# network phase and the slots that read the network (the marked line of
# cuda/kernels.cuh, dropped at run time by TOKENSTRESS_EMU_DROP_BARRIER) must
# differ from the CPU in reverse thread order.
# usage: emu_mutation.sh TOKENSTRESS TOKENSTRESS_EMU SOURCE_DIR OUTDIR
set -euo pipefail
ts=$1 emu=$2 src=$3 out=$4
mkdir -p "$out"
line=$(grep -n 'emu_mutation.sh drops this one' "$src/cuda/kernels.cuh" | cut -d: -f1)
[ -n "$line" ] || { echo "no marked barrier in cuda/kernels.cuh"; exit 1; }
args=(--quiet --paths 3 --batch 2 --set simulation.horizon=7d --set simulation.snapshot_every=1d)
cfg=$src/configs/ionet.toml
"$ts" run "$cfg" "${args[@]}" --backend cpu -o "$out/mut.cpu.h5" > /dev/null
TOKENSTRESS_EMU_ORDER=reverse TOKENSTRESS_EMU_DROP_BARRIER=kernels.cuh:$line \
  "$emu" run "$cfg" "${args[@]}" --backend cuda -o "$out/mut.emu.h5" > /dev/null
set +e
"$ts" compare --exact "$out/mut.cpu.h5" "$out/mut.emu.h5"; rc=$?
set -e
rm -f "$out"/mut.*.h5
[ $rc -eq 1 ] || { echo "FAIL: without the barrier at kernels.cuh:$line parity still held (compare exit $rc)"; exit 1; }
echo "ok: without the barrier at kernels.cuh:$line the emulated CUDA run differs from the CPU"
