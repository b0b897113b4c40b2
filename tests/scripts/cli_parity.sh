#!/usr/bin/env bash
# Runs a scenario on both backends and asserts `compare --exact` calls the
# files equal. Exit 77 (skipped) without a CUDA device, unless
# TOKENSTRESS_REQUIRE_GPU=1, which makes that a failure.
# usage: cli_parity.sh TOKENSTRESS SCENARIO OUTDIR
set -euo pipefail
ts=$1 cfg=$2 out=$3
if ! "$ts" info | grep -q "^device cuda:[0-9]"; then
  if [ "${TOKENSTRESS_REQUIRE_GPU:-0}" = 1 ]; then
    echo "TOKENSTRESS_REQUIRE_GPU=1 but no CUDA device:"; "$ts" info; exit 1
  fi
  echo "no CUDA device: skipped"; exit 77
fi
args=(--quiet --paths 5 --batch 2 --set simulation.horizon=30d --set simulation.snapshot_every=1d)
"$ts" run "$cfg" "${args[@]}" --backend cpu -o "$out/parity_cpu.h5"
"$ts" run "$cfg" "${args[@]}" --backend cuda -o "$out/parity_cuda.h5"
"$ts" compare --exact "$out/parity_cpu.h5" "$out/parity_cuda.h5"
