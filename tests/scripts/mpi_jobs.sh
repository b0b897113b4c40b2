#!/usr/bin/env bash
# MPI ranks (issue 13): `mpirun -np K tokenstress run` gives the digest of
# the plain run for K = 1, 2, 3, 4 (oversubscribed on a 2-core machine),
# for a swept scenario with a [baseline] (Akash) and one without (Secret
# AI). A rank that throws stops the job: exit 2, the message names the rank
# and the unit, no output at its name, and --resume (with another K) ends
# with the plain digest; a rank killed with SIGKILL likewise. Exits 77
# (skipped) with the reason when this build has no MPI or mpirun is absent.
# usage: mpi_jobs.sh TOKENSTRESS CONFIGS_DIR OUTDIR
set -uo pipefail
ts=$1 configs=$2 out=$3
if ! "$ts" info | grep -q "^MPI: built"; then echo "SKIP: this build has no MPI ($("$ts" info | grep '^MPI:'))"; exit 77; fi
if ! command -v mpirun > /dev/null; then echo "SKIP: mpirun not found (Debian: openmpi-bin)"; exit 77; fi
rm -rf "$out" && mkdir -p "$out"
mpi=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
export OMPI_MCA_btl_vader_single_copy_mechanism=none   # containers without ptrace rights
status=0
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
args=(--quiet --paths 12 --batch 4 --checkpoint-every 0 --set simulation.horizon=7d --set simulation.snapshot_every=1d)

for scenario in akash-fee-proposal secret_ai-fee-sweep; do
  cfg="$configs/$scenario.toml"
  "$ts" run "$cfg" "${args[@]}" -o "$out/$scenario.h5" > /dev/null || { fail "$scenario: plain run"; continue; }
  ref=$(digest "$out/$scenario.h5")
  for k in 1 2 3 4; do
    timeout 300 "${mpi[@]}" -np $k "$ts" run "$cfg" "${args[@]}" -o "$out/$scenario.np$k.h5" > "$out/log" 2>&1 ||
      { fail "$scenario: mpirun -np $k exited $?: $(tail -5 "$out/log")"; continue; }
    got=$(digest "$out/$scenario.np$k.h5")
    [ "$got" = "$ref" ] && ok "$scenario: mpirun -np $k = plain run" || fail "$scenario: -np $k digest $got, plain $ref"
  done
done

cfg="$configs/secret_ai-fee-sweep.toml"
ref=$(digest "$out/secret_ai-fee-sweep.h5")
# A rank that throws (unit 5 is the second round's unit of rank 1 of 2).
rm -f "$out/f.h5"*
TOKENSTRESS_TEST_FAIL_UNIT=5 timeout 300 "${mpi[@]}" -np 2 "$ts" run "$cfg" "${args[@]}" -o "$out/f.h5" > "$out/log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "rank 1: point 5, paths 0-3: injected failure" "$out/log" && [ ! -e "$out/f.h5" ] &&
  [ -e "$out/f.h5.partial" ]; then ok "a failing rank stops the job, named with its unit, no output"
else fail "failing rank: exit $rc, output $(ls "$out")): $(grep -v '^-' "$out/log" | head -5)"; fi
timeout 300 "${mpi[@]}" -np 3 "$ts" run "$cfg" "${args[@]}" --resume -o "$out/f.h5" > "$out/log" 2>&1 || fail "resume after a failed rank"
[ "$(digest "$out/f.h5")" = "$ref" ] && ok "resume with 3 ranks after a failed rank = plain run" || fail "resume after a failed rank: digest"
# A rank killed from outside its control (SIGKILL in unit 9).
rm -f "$out/f.h5"*
TOKENSTRESS_TEST_KILL_UNIT=9 timeout 300 "${mpi[@]}" -np 2 "$ts" run "$cfg" "${args[@]}" -o "$out/f.h5" > "$out/log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "rank 1 .*signal 9" "$out/log" && [ ! -e "$out/f.h5" ]; then ok "a killed rank ends the job, no output"
else fail "killed rank: exit $rc: $(grep -v '^-' "$out/log" | head -5)"; fi
timeout 300 "${mpi[@]}" -np 2 "$ts" run "$cfg" "${args[@]}" --resume -o "$out/f.h5" > "$out/log" 2>&1 || fail "resume after a killed rank"
[ "$(digest "$out/f.h5")" = "$ref" ] && ok "resume after a killed rank = plain run" || fail "resume after a killed rank: digest"
# A shard and mpirun are not combined.
timeout 60 "${mpi[@]}" -np 2 "$ts" run "$cfg" "${args[@]}" --shard 0/2 -o "$out/x.h5" > "$out/log" 2>&1
grep -q "use one of them" "$out/log" && ok "--shard under mpirun is refused" || fail "--shard under mpirun: $(head -3 "$out/log")"
rm -rf "$out"
exit $status
