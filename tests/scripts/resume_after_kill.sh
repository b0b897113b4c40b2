#!/usr/bin/env bash
# A run killed with SIGKILL and resumed gives the digest of an uninterrupted
# run (issue 10): killed at several moments of the run, and halfway through
# writing a checkpoint (TOKENSTRESS_TEST_KILL_AT_CHECKPOINT), each resumed
# with --resume; a resume with another seed is refused with exit 2.
# usage: resume_after_kill.sh TOKENSTRESS SCENARIO OUTDIR
set -uo pipefail
ts=$1 cfg=$2 out=$3
mkdir -p "$out"
args=(--quiet --paths 24 --batch 3 --checkpoint-every 0 --set simulation.horizon=14d --set simulation.snapshot_every=1d)
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }
"$ts" run "$cfg" "${args[@]}" -o "$out/ref.h5" > /dev/null || { echo "reference run failed"; exit 1; }
ref=$(digest "$out/ref.h5")
status=0
check() {   # $1: what was done
  if [ ! -f "$out/k.h5.partial" ]; then echo "FAIL $1: no checkpoint left behind"; status=1; return; fi
  [ ! -f "$out/k.h5" ] || { echo "FAIL $1: an output was written by the killed run"; status=1; }
  "$ts" run "$cfg" "${args[@]}" --resume -o "$out/k.h5" > /dev/null || { echo "FAIL $1: resume exited $?"; status=1; return; }
  local got
  got=$(digest "$out/k.h5")
  if [ "$got" = "$ref" ]; then echo "ok   $1"; else echo "FAIL $1: digest $got, uninterrupted $ref"; status=1; fi
  [ ! -f "$out/k.h5.partial" ] || { echo "FAIL $1: the checkpoint outlived the output"; status=1; }
}
# Killed inside the write of checkpoint N (after batches 1..N-1 were saved whole).
for n in 1 2 5 7; do
  rm -f "$out"/k.h5*
  TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=$n "$ts" run "$cfg" "${args[@]}" -o "$out/k.h5" > /dev/null 2>&1
  rc=$?
  [ $rc -eq 137 ] || { echo "FAIL: the run was not killed at checkpoint $n (exit $rc)"; status=1; continue; }
  if [ $n -eq 1 ]; then
    # Nothing complete yet: --resume starts from the beginning.
    [ ! -f "$out/k.h5.partial" ] || { echo "FAIL: a half-written first checkpoint was kept"; status=1; }
    "$ts" run "$cfg" "${args[@]}" --resume -o "$out/k.h5" > /dev/null && [ "$(digest "$out/k.h5")" = "$ref" ] &&
      echo "ok   killed while writing the first checkpoint" || { echo "FAIL: resume after the first checkpoint"; status=1; }
    continue
  fi
  check "killed while writing checkpoint $n"
done
# Killed from outside at a moment of its own choosing, then resumed twice over.
rm -f "$out"/k.h5*
TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=4 "$ts" run "$cfg" "${args[@]}" -o "$out/k.h5" > /dev/null 2>&1
TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=3 "$ts" run "$cfg" "${args[@]}" --resume -o "$out/k.h5" > /dev/null 2>&1
check "killed twice"
# The checkpoint belongs to one run: another seed is refused.
rm -f "$out"/k.h5*
TOKENSTRESS_TEST_KILL_AT_CHECKPOINT=3 "$ts" run "$cfg" "${args[@]}" -o "$out/k.h5" > /dev/null 2>&1
"$ts" run "$cfg" "${args[@]}" --seed 5 --resume -o "$out/k.h5" > /dev/null 2> "$out/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "of another run" "$out/err"; then echo "ok   a mismatched resume is refused (exit 2)"
else echo "FAIL: a mismatched resume gave exit $rc: $(cat "$out/err")"; status=1; fi
rm -f "$out"/k.h5* "$out/ref.h5" "$out/err"
exit $status
