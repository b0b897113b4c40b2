#!/usr/bin/env bash
# The register check can fail: cuda/check/check_registers.py on a ptxas
# report of a kernel over its budget must exit 1 and name it, one within
# budget must pass and give the occupancy, and a kernel without a budget
# line must fail.
# usage: register_check.sh SOURCE_DIR OUTDIR
set -euo pipefail
src=$1 out=$2
mkdir -p "$out/logs"
check=$src/cuda/check/check_registers.py
cat > "$out/logs/x.cu.o.ptxas.log" <<'LOG'
ptxas info    : 0 bytes gmem
ptxas info    : Compiling entry function '_ZN2ts4cuda6detail12steps_kernelINS_5akash10AkashModelELi128EEEvNS0_11DeviceBatchIT_EEii' for 'sm_90'
ptxas info    : Function properties for _ZN2ts4cuda6detail12steps_kernelINS_5akash10AkashModelELi128EEEvNS0_11DeviceBatchIT_EEii
    800 bytes stack frame, 412 bytes spill stores, 264 bytes spill loads
ptxas info    : Used 255 registers, used 1 barriers, 800 bytes cumulative stack size, 17760 bytes smem
LOG
printf 'steps_kernel<akash> 400\n' > "$out/tight.txt"
printf 'steps_kernel<akash> 412\n' > "$out/fits.txt"
printf 'steps_kernel<ionet> 0\n' > "$out/none.txt"
set +e
python3 "$check" "$out/logs" "$out/tight.txt" "$out/t.tsv" 2> "$out/err"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'steps_kernel<akash> (sm_90): 412 bytes of spill stores, budget 400' "$out/err" ||
  { echo "FAIL: over budget not reported (exit $rc)"; cat "$out/err"; exit 1; }
python3 "$check" "$out/logs" "$out/fits.txt" "$out/t.tsv"
grep -qP '^steps_kernel<akash>\tsm_90\t255\t412\t264\t800\t17760\t128\t2\t8\t0.125$' "$out/t.tsv" ||
  { echo "FAIL: unexpected table"; cat "$out/t.tsv"; exit 1; }
if python3 "$check" "$out/logs" "$out/none.txt" "$out/t.tsv" 2> "$out/err"; then
  echo "FAIL: a kernel without a budget passed"; exit 1
fi
grep -q 'no spill budget' "$out/err"
echo "ok: the register check fails over budget and without a budget, passes within it"
