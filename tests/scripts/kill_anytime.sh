#!/usr/bin/env bash
# SIGKILL at any moment never leaves a half result (issue 11): 20 runs are
# killed at seeded random moments, a third of them in the last tenth of the
# run where the file is written; after each, the output path holds either
# nothing, the file that was there before (bitwise), or a file equal to an
# uninterrupted run's. A last run to the same path removes the killed runs'
# temporaries and says so.
# usage: kill_anytime.sh TOKENSTRESS SCENARIO OUTDIR [TRIALS] [SEED]
set -uo pipefail
ts=$1 cfg=$2 out=$3 trials=${4:-20}
RANDOM=${5:-20261203}
rm -rf "$out" && mkdir -p "$out"
args=(--quiet --paths 8 --set simulation.horizon=30d --set simulation.snapshot_every=1d)
digest() { "$ts" compare --exact "$1" "$1" 2> /dev/null | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }

start=$(date +%s%N)
"$ts" run "$cfg" "${args[@]}" -o "$out/ref.h5" > /dev/null || { echo "reference run failed"; exit 1; }
wall_ms=$(( ($(date +%s%N) - start) / 1000000 ))
ref=$(digest "$out/ref.h5")
"$ts" run "$cfg" "${args[@]}" --seed 7 -o "$out/old.h5" > /dev/null || { echo "second reference failed"; exit 1; }
old_sum=$(sha256sum < "$out/old.h5")

status=0 absent=0 old=0 new=0
for ((i = 1; i <= trials; i++)); do
  rm -f "$out/k.h5" "$out/k.h5.partial"
  # Half the trials start with an earlier result at the path.
  if ((i % 2 == 0)); then cp "$out/old.h5" "$out/k.h5"; fi
  if ((i % 3 == 0)); then at=$((wall_ms * (90 + RANDOM % 15) / 100)); else at=$((RANDOM % (wall_ms + 1))); fi
  "$ts" run "$cfg" "${args[@]}" -o "$out/k.h5" > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  if [ ! -e "$out/k.h5" ]; then
    absent=$((absent + 1))
  elif [ "$(sha256sum < "$out/k.h5")" = "$old_sum" ]; then
    old=$((old + 1))
  elif [ "$(digest "$out/k.h5")" = "$ref" ]; then
    new=$((new + 1))
  else
    echo "FAIL trial $i (killed at $at ms of ~$wall_ms): the output is neither absent, the old file nor the result"
    cp "$out/k.h5" "$out/broken-$i.h5"
    status=1
  fi
done
echo "$trials kills over a ${wall_ms} ms run: $absent absent, $old the earlier file, $new the complete result"

# The killed runs' temporaries are removed by the next run to the path.
"$ts" run "$cfg" "${args[@]}" -o "$out/k.h5" > /dev/null 2> "$out/err" || { echo "FAIL: the last run failed"; status=1; }
if compgen -G "$out/.k.h5.tmp-*" > /dev/null; then echo "FAIL: temporaries left: $(ls -a "$out")"; status=1; fi
[ "$(digest "$out/k.h5")" = "$ref" ] || { echo "FAIL: the last run differs from the reference"; status=1; }
[ $status -ne 0 ] || rm -rf "$out"
exit $status
