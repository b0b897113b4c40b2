#!/usr/bin/env bash
# The output path and the run's numeric options are checked before any path
# is simulated (issue 11, items 1, 2, 5, 6), and its inputs are regular files of
# bounded size (item 9): each bad case exits 2 at once,
# with a message naming the problem, and leaves every file as it was.
# usage: output_path.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out/adir"
cp "$src/configs/ionet.toml" "$out/base.toml"
printf 'extends = "base.toml"\nname = "child"\n' > "$out/child.toml"
# A sweep large enough that simulating it before the check would take minutes.
tiny=(--quiet --paths 20000 --set simulation.horizon=30d)
fail=0
expect_refused() {   # description, expected message part, args...
  local what=$1 message=$2
  shift 2
  local start end rc
  start=$(date +%s)
  "$ts" "$@" > "$out/stdout" 2> "$out/stderr"
  rc=$?
  end=$(date +%s)
  if [ "$rc" -ne 2 ]; then echo "FAIL $what: exit $rc, expected 2"; fail=1; return; fi
  if ! grep -q -- "$message" "$out/stderr"; then
    echo "FAIL $what: message lacks '$message': $(head -c 300 "$out/stderr")"; fail=1; return
  fi
  if [ $((end - start)) -gt 5 ]; then echo "FAIL $what: refused only after $((end - start)) s"; fail=1; return; fi
  echo "ok   $what: $(head -1 "$out/stderr" | cut -c1-120)"
}
# Inputs are regular files of bounded size (item 9): /dev/zero was read
# without end, directly and through extends.
printf 'extends = "/dev/zero"\n' > "$out/zero.toml"
head -c 5000000 /dev/zero | tr '\0' '#' > "$out/huge.toml"
expect_refused "validate /dev/zero" "not a regular file" validate /dev/zero
expect_refused "extends /dev/zero" "not a regular file" validate "$out/zero.toml"
printf 'this is not toml = =\n' > "$out/notes.txt"
printf 'extends = "notes.txt"\n' > "$out/ext.toml"
expect_refused "extends a file that is not TOML" "is the base scenario that .*ext.toml extends at line 1" validate "$out/ext.toml"
expect_refused "a 5 MB scenario" "more than a scenario's limit" validate "$out/huge.toml"
before=$(sha256sum "$out/base.toml" "$out/child.toml")
expect_refused "output is the scenario" "is an input of this run" run "$out/child.toml" "${tiny[@]}" -o "$out/child.toml"
expect_refused "output is a file it extends" "is an input of this run" run "$out/child.toml" "${tiny[@]}" -o "$out/base.toml"
expect_refused "output is /dev/null" "not a regular file" run "$out/base.toml" "${tiny[@]}" -o /dev/null
expect_refused "output is a directory" "is a directory" run "$out/base.toml" "${tiny[@]}" -o "$out/adir"
expect_refused "output under a file" "is not a directory" run "$out/base.toml" "${tiny[@]}" -o "$out/base.toml/out.h5"
expect_refused "output folder missing" "does not exist" run "$out/base.toml" "${tiny[@]}" -o "$out/missing/out.h5"
expect_refused "output path empty" "output path is empty" run "$out/base.toml" "${tiny[@]}" -o ""
if [ "$(id -u)" -ne 0 ]; then
  chmod 500 "$out/adir"
  expect_refused "output folder read-only" "cannot create a file" run "$out/base.toml" "${tiny[@]}" -o "$out/adir/out.h5"
  chmod 700 "$out/adir"
fi
expect_refused "seed -1" "must be an integer from 0 to 18446744073709551615" run "$out/base.toml" "${tiny[@]}" --seed -1 -o "$out/s.h5"
expect_refused "seed 2^64" "must be an integer from 0 to 18446744073709551615" run "$out/base.toml" "${tiny[@]}" --seed 18446744073709551616 -o "$out/s.h5"
expect_refused "seed 1e30" "must be an integer" run "$out/base.toml" "${tiny[@]}" --seed 1000000000000000000000000000000 -o "$out/s.h5"
expect_refused "seed 1.5" "must be an integer" run "$out/base.toml" "${tiny[@]}" --seed 1.5 -o "$out/s.h5"
expect_refused "threads 100000" "threads" run "$out/base.toml" "${tiny[@]}" --threads 100000 -o "$out/s.h5"
[ "$(sha256sum "$out/base.toml" "$out/child.toml")" = "$before" ] || { echo "FAIL an input changed"; fail=1; }
[ -c /dev/null ] || { echo "FAIL /dev/null is no longer a device"; fail=1; }
[ ! -e "$out/s.h5" ] || { echo "FAIL a refused run wrote its output"; fail=1; }
ls -A "$out" | grep -q tokenstress-probe && { echo "FAIL a probe file was left behind"; fail=1; }
# Stale temporaries of a killed run (item 8): a dead process's is removed
# with a note, a live one's kept.
sleep 0 & dead=$!; wait $dead
head -c 1000 /dev/zero > "$out/.max-seed.h5.tmp-$dead"
head -c 1000 /dev/zero > "$out/.max-seed.h5.tmp-$$"
# The largest seed is a seed: the run goes ahead.
"$ts" run "$out/base.toml" --quiet --paths 2 --set simulation.horizon=1d --set simulation.snapshot_every=1d --seed 18446744073709551615 \
  -o "$out/max-seed.h5" > /dev/null 2> "$out/stderr" || { echo "FAIL the largest seed was refused"; fail=1; }
[ ! -e "$out/.max-seed.h5.tmp-$dead" ] && grep -q "removed .*tmp-$dead" "$out/stderr" ||
  { echo "FAIL the stale temporary of process $dead was not removed with a note"; fail=1; }
[ -e "$out/.max-seed.h5.tmp-$$" ] || { echo "FAIL a live process's temporary was removed"; fail=1; }
# A 2 MB key gives a message of bounded size (item 10).
{ printf 'extends = "base.toml"\n'; head -c 2000000 /dev/zero | tr '\0' k; printf ' = 1\n'; } > "$out/long-key.toml"
"$ts" validate "$out/long-key.toml" > /dev/null 2> "$out/stderr"
[ $? -eq 2 ] && grep -q "message cut" "$out/stderr" && [ "$(wc -c < "$out/stderr")" -lt 3000 ] ||
  { echo "FAIL a 2 MB key gave a $(wc -c < "$out/stderr")-byte message"; fail=1; }
# A shock after the horizon is legal but said (item 10): once, with its line.
"$ts" validate "$src/configs/akash-demand-slump.toml" --set simulation.horizon=90d > /dev/null 2> "$out/stderr" &&
  [ "$(grep -c 'akash-demand-slump.toml:9: warning: .*never fires' "$out/stderr")" -eq 1 ] ||
  { echo "FAIL no warning for a shock after the horizon: $(head -c 300 "$out/stderr")"; fail=1; }
"$ts" validate "$src/configs/akash-demand-slump.toml" > /dev/null 2> "$out/stderr" && [ ! -s "$out/stderr" ] ||
  { echo "FAIL a warning for a shock inside the horizon"; fail=1; }
# Option bounds read as numbers, not as DBL_MAX in full (item 10).
expect_refused "batch 0" "not in range 1 to 1099511627776" run "$out/base.toml" "${tiny[@]}" --batch 0 -o "$out/s.h5"
[ "$(wc -c < "$out/stderr")" -lt 200 ] || { echo "FAIL the --batch message is $(wc -c < "$out/stderr") bytes"; fail=1; }
m=$out/max-seed.h5
expect_refused "compare --rtol 1e400" "must be a finite number" compare "$m" "$m" --rtol 1e400
expect_refused "compare --point-b 99" "has 1 point (0 .. 0)" compare "$m" "$m" --point-b 99
exit $fail
