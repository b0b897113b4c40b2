#!/usr/bin/env bash
# Shards without MPI (issue 13): `run --shard i/n` + `merge` give the digest
# of the single run for n = 1, 2, 5, shards given in any order, for a swept
# scenario with a [baseline] (Akash fee proposal, IO.net fee sweep: a unit
# covers every point) and one without (Secret AI fee sweep: a unit is one
# point's path range).
# Merge refuses, with exit 2 and a message naming the file: a shard of
# another run, a missing shard, a duplicate, a truncated file, a shard of
# another state layout, an incomplete shard. A failed unit is recorded in
# the checkpoint by point and path range and --resume runs it again.
# usage: shards_merge.sh TOKENSTRESS CONFIGS_DIR OUTDIR
set -uo pipefail
ts=$1 configs=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
py=/usr/bin/python3
status=0
digest() { "$ts" compare --exact "$1" "$1" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p'; }
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; status=1; }
# refuse WHAT PATTERN merge-args...: exit 2 and the message matches.
refuse() {
  local what=$1 pattern=$2; shift 2
  "$ts" merge "$@" -q -o "$out/refused.h5" > /dev/null 2> "$out/err"
  local rc=$?
  if [ $rc -eq 2 ] && grep -qE "$pattern" "$out/err" && [ ! -e "$out/refused.h5" ]; then ok "merge refuses $what"
  else fail "merge of $what: exit $rc, no match for '$pattern' in: $(cat "$out/err")"; fi
}

for scenario in akash-fee-proposal ionet-fee-sweep secret_ai-fee-sweep; do
  cfg="$configs/$scenario.toml"
  args=(--quiet --paths 12 --batch 4 --set simulation.horizon=7d --set simulation.snapshot_every=1d)
  "$ts" run "$cfg" "${args[@]}" -o "$out/$scenario.h5" > /dev/null || { fail "$scenario: single run"; continue; }
  ref=$(digest "$out/$scenario.h5")
  for n in 1 2 5; do
    files=()
    for ((i = n - 1; i >= 0; i--)); do   # written last to first, merged in that order
      "$ts" run "$cfg" "${args[@]}" --shard "$i/$n" -o "$out/$scenario.$i-$n.h5" > /dev/null ||
        fail "$scenario: shard $i/$n exited $?"
      files+=("$out/$scenario.$i-$n.h5")
    done
    "$ts" merge "${files[@]}" -q -o "$out/$scenario.merged-$n.h5" > /dev/null || fail "$scenario: merge of $n exited $?"
    got=$(digest "$out/$scenario.merged-$n.h5")
    [ "$got" = "$ref" ] && ok "$scenario: $n shards merged = single run" || fail "$scenario: $n shards: digest $got, single $ref"
  done
  # Another order of the five.
  "$ts" merge "$out/$scenario.2-5.h5" "$out/$scenario.0-5.h5" "$out/$scenario.4-5.h5" "$out/$scenario.1-5.h5" \
    "$out/$scenario.3-5.h5" -q -o "$out/$scenario.shuffled.h5" > /dev/null
  [ "$(digest "$out/$scenario.shuffled.h5")" = "$ref" ] && ok "$scenario: shards in another order" ||
    fail "$scenario: shards in another order"
done

s=$out/akash-fee-proposal
args=(--quiet --paths 12 --batch 4 --set simulation.horizon=7d --set simulation.snapshot_every=1d)
cfg="$configs/akash-fee-proposal.toml"
"$ts" run "$cfg" "${args[@]}" --seed 9 --shard 1/2 -o "$out/seed9.1-2.h5" > /dev/null
refuse "a shard of another run" "another run" "$s.0-2.h5" "$out/seed9.1-2.h5"
refuse "a missing shard" "shard\(s\) 1/5, 3/5 missing" "$s.0-5.h5" "$s.2-5.h5" "$s.4-5.h5"
refuse "a duplicated shard" "shard 0/2 is given twice" "$s.0-2.h5" "$s.1-2.h5" "$s.0-2.h5"
refuse "shards of different counts" "share their n" "$s.0-2.h5" "$s.1-5.h5"
head -c 20000 "$s.1-2.h5" > "$out/truncated.h5"
refuse "a truncated file" "truncated.h5" "$s.0-2.h5" "$out/truncated.h5"
cp "$s.1-2.h5" "$out/layout9.h5"
"$py" -c "import h5py, numpy; f = h5py.File('$out/layout9.h5', 'r+'); f.attrs['state_layout_version'] = numpy.uint64(9)"
refuse "another state layout" "state layout version 9" "$s.0-2.h5" "$out/layout9.h5"
refuse "an output file, not a shard" "not a tokenstress state file" "$s.0-2.h5" "$s.h5"

# A unit that fails: named by point and path range, recorded in the
# checkpoint, run again by --resume (shard and plain run alike).
rm -f "$out/f.h5"*
TOKENSTRESS_TEST_FAIL_UNIT=2 "$ts" run "$cfg" "${args[@]}" --checkpoint-every 0 -o "$out/f.h5" > /dev/null 2> "$out/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "every point, paths 8-11: injected failure" "$out/err" && [ ! -e "$out/f.h5" ]; then
  ok "a failed unit stops the run, named by its paths, with no output"
else fail "failed unit: exit $rc: $(cat "$out/err")"; fi
got=$("$py" -c "
import h5py; f = h5py.File('$out/f.h5.partial', 'r')
print(list(f['unit_status'][:]), f['unit_failure'][2].decode() if isinstance(f['unit_failure'][2], bytes) else f['unit_failure'][2])")
[ "$got" = "[1, 1, 2] injected failure (TOKENSTRESS_TEST_FAIL_UNIT)" ] && ok "the checkpoint marks the failed unit" ||
  fail "checkpoint plan: $got"
"$ts" run "$cfg" "${args[@]}" --resume -o "$out/f.h5" > /dev/null || fail "resume after a failed unit"
[ "$(digest "$out/f.h5")" = "$(digest "$s.h5")" ] && ok "resume after a failed unit = single run" ||
  fail "resume after a failed unit: digest differs"
# An incomplete shard (its checkpoint) is refused by name.
TOKENSTRESS_TEST_FAIL_UNIT=4 "$ts" run "$configs/secret_ai-fee-sweep.toml" "${args[@]}" --checkpoint-every 0 --shard 0/2 \
  -o "$out/inc.0-2.h5" > /dev/null 2>&1
refuse "an incomplete shard" "inc.0-2.h5.partial \(shard 0/2\) is incomplete: point 4, paths 0-3 is failed" \
  "$out/inc.0-2.h5.partial" "$out/secret_ai-fee-sweep.1-2.h5"
"$ts" run "$configs/secret_ai-fee-sweep.toml" "${args[@]}" --shard 0/2 --resume -o "$out/inc.0-2.h5" > /dev/null
"$ts" merge "$out/inc.0-2.h5" "$out/secret_ai-fee-sweep.1-2.h5" -q -o "$out/inc.h5" > /dev/null
[ "$(digest "$out/inc.h5")" = "$(digest "$out/secret_ai-fee-sweep.h5")" ] && ok "a shard resumed after a failure merges" ||
  fail "resumed shard: digest differs"
rm -rf "$out"
exit $status
