#!/usr/bin/env bash
# The CPU executor's instruction sets (issue 14, host/exec/cpu_path.hpp): a
# whole path is compiled for x86-64 baseline, v3 and v4 and phase 1's words
# are drawn in lanes (host/exec/cpu_executor.hpp, philox_lanes.hpp); every
# instruction set this CPU has gives the same digest, on every preset and on
# the attacks with their own code paths (sybil, Bittensor's cartel); an
# unknown or unavailable TOKENSTRESS_CPU_PATH is an error with exit 2.
# usage: cpu_paths.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
status=0
small=(--quiet --paths 4 --set simulation.horizon=20d --set simulation.snapshot_every=1d)
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }
has=$("$ts" info | sed -nE 's/^CPU path: .*this CPU has ([^;]*);.*/\1/p' | tr -d ',')
[ -n "$has" ] || { echo "FAIL: tokenstress info names no CPU path"; exit 1; }
echo "this CPU has: $has"
for cfg in ionet ionet-sybil akash bittensor bittensor-collusion clore hanzo phala secret_ai twopm; do
  ref=""
  for path in $has; do
    TOKENSTRESS_CPU_PATH=$path "$ts" run "$src/configs/$cfg.toml" "${small[@]}" -o "$out/$cfg-$path.h5" > /dev/null ||
      { echo "FAIL $cfg on $path: the run failed"; status=1; continue; }
    d=$(digest "$out/$cfg-$path.h5")
    if [ -z "$ref" ]; then ref=$d; echo "ok   $cfg $path $d"
    elif [ "$d" = "$ref" ]; then echo "ok   $cfg $path same digest"
    else echo "FAIL $cfg $path: digest $d, $ref on the first path"; status=1; fi
  done
done
TOKENSTRESS_CPU_PATH=x86-64-v9 "$ts" run "$src/configs/ionet.toml" "${small[@]}" -o "$out/bad.h5" > /dev/null 2> "$out/bad.err"
rc=$?
if [ $rc = 2 ] && grep -q "TOKENSTRESS_CPU_PATH=x86-64-v9: unknown" "$out/bad.err" && [ ! -e "$out/bad.h5" ]; then
  echo "ok   an unknown path is refused (exit 2, no file)"
else
  echo "FAIL an unknown path: exit $rc, $(cat "$out/bad.err")"; status=1
fi
exit $status
