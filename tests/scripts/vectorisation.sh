#!/usr/bin/env bash
# The compiler's vectorisation report of the CPU executors (issue 14): GCC
# writes one per protocol (-fopt-info-vec-optimized, host/CMakeLists.txt)
# into build/vectorisation/. Every loop in models/ whose `for` line carries
# the marker "[vectorises]" must appear there as vectorised with 32- or
# 64-byte vectors (the x86-64-v3 and v4 clones of cpu_executor.hpp), so a
# change that breaks a hot loop's vectorisation fails here. Then, per
# protocol, how many loops of its step.hpp vectorised at all.
# usage: vectorisation.sh REPORT_DIR SOURCE_DIR
set -uo pipefail
reports=$1 src=$2
shopt -s nullglob
files=("$reports"/*_run.txt)
if [ ${#files[@]} = 0 ]; then echo "no vectorisation reports in $reports (not built with GCC?)"; exit 77; fi
status=0
while IFS=: read -r file line _; do
  rel=${file#"$src"/}
  widths=$(grep -hE "/$rel:$line:[0-9]+: optimized: loop vectorized using [0-9]+ byte vectors" "${files[@]}" |
           sed -E 's/.*using ([0-9]+) byte.*/\1/' | sort -n | uniq | tr '\n' ' ')
  if echo " $widths" | grep -qE " (32|64) "; then echo "ok   $rel:$line vectorised with ${widths}byte vectors"
  else echo "FAIL $rel:$line is marked [vectorises] but the report has ${widths:-no} vector widths"; status=1; fi
done < <(grep -rn --include='*.hpp' '\[vectorises\]' "$src/models")
for f in "${files[@]}"; do
  proto=$(basename "$f" _run.txt)
  n=$(grep -cE "/models/protocols/$proto/step.hpp:[0-9]+:[0-9]+: optimized: loop vectorized" "$f")
  echo "     $proto: $n vectorised loop clones in models/protocols/$proto/step.hpp"
done
exit $status
