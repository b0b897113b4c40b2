#!/usr/bin/env bash
# `validate` refuses exactly what `run` refuses (issue 11, item 4): every
# file of tests/bad_configs and a list of defects only a point's parameter
# builder sees go through both; the exit codes and the first error line
# must be equal, and a refused run writes nothing.
# usage: validate_equals_run.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0 n=0
check() {   # description, scenario, --set args...
  local what=$1 cfg=$2
  shift 2
  "$ts" validate "$cfg" "$@" > /dev/null 2> "$out/v.err"
  local v=$?
  "$ts" run "$cfg" "$@" --quiet --paths 1 -o "$out/r.h5" > /dev/null 2> "$out/r.err"
  local r=$?
  n=$((n + 1))
  if [ "$v" -ne "$r" ] || [ "$(head -1 "$out/v.err")" != "$(head -1 "$out/r.err")" ]; then
    echo "FAIL $what: validate exit $v ($(head -1 "$out/v.err" | cut -c1-100)), run exit $r ($(head -1 "$out/r.err" | cut -c1-100))"
    fail=1
  elif [ "$r" -ne 0 ] && [ -e "$out/r.h5" ]; then
    echo "FAIL $what: a refused run wrote its output"; fail=1
  fi
  rm -f "$out/r.h5"
}
while IFS= read -r -d "" f; do check "${f#"$src"/tests/bad_configs/}" "$f"; done < <(find "$src/tests/bad_configs" -name "*.toml" -print0 | sort -z)
io=$src/configs/ionet.toml
check "initial providers above the maximum" "$io" --set network.initial_providers=400 --set network.max_providers=16
check "snapshot_every longer than the horizon" "$io" --set simulation.horizon=7d --set simulation.snapshot_every=14d
check "dt not dividing a day" "$io" --set simulation.dt_hours=5
ak=$src/configs/akash.toml
check "inflation floor above its ceiling" "$ak" --set inflation.min=0.5 --set inflation.max=0.1
check "unbonding not whole days" "$ak" --set staking.unbonding=36h
check "unknown hardware" "$src/configs/phala-stake-split.toml" --set split.hardware=no-such-gpu
for cfg in "$src"/configs/*.toml; do check "shipped $(basename "$cfg")" "$cfg" --set simulation.horizon=1d --set simulation.snapshot_every=1d; done
echo "$n scenarios through validate and run"
exit $fail
