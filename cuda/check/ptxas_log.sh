#!/usr/bin/env bash
# CUDA compiler launcher for ts_cuda: runs one nvcc compile (built with
# -Xptxas=-v) and keeps ptxas' resource report of every kernel in
# LOGDIR/<object>.ptxas.log for check_registers.py; every other message of
# the compiler still reaches the terminal.
# usage: ptxas_log.sh LOGDIR COMPILER ARGS...
set -uo pipefail
logdir=$1; shift
out="" prev=""
for a in "$@"; do
  [ "$prev" = "-o" ] && out=$a
  prev=$a
done
mkdir -p "$logdir"
log="$logdir/$(basename "${out:-unnamed}").ptxas.log"
"$@" 2> "$log.tmp"
rc=$?
grep -v -E '^ptxas info|^ +[0-9]+ bytes stack frame' "$log.tmp" >&2
mv "$log.tmp" "$log"
exit $rc
