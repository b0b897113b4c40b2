#!/usr/bin/env bash
# The bad-input corpus through the command line (issue 11): every file under
# tests/bad_configs has one defect and a line
#   # expect: line=N key=K [file=F] message=M
# and `tokenstress run FILE -o OUT` must exit 2 with a first error line
# that points at F (default: the file itself) and line N (N = 0: the file as
# a whole) and names K, M somewhere in its message, and leave no output
# file and no temporary behind.
# usage: bad_config_corpus.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
fail=0 n=0
while IFS= read -r -d '' cfg; do
  n=$((n + 1))
  name=${cfg#"$src"/tests/bad_configs/}
  expect=$(grep -m1 '^# expect: ' "$cfg")
  if [ -z "$expect" ]; then echo "FAIL $name: no '# expect:' line"; fail=1; continue; fi
  line=$(sed -E 's/.* line=([0-9]+).*/\1/' <<< "$expect")
  key=$(sed -E 's/.* key=([^ ]*).*/\1/' <<< "$expect")
  file=$(sed -nE 's/.* file=([^ ]+).*/\1/p' <<< "$expect")
  message=${expect#*message=}
  "$ts" run "$cfg" --quiet --paths 1 -o "$out/r.h5" > /dev/null 2> "$out/err"
  rc=$?
  first=$(head -1 "$out/err")
  where=$(basename "${file:-$cfg}")
  if [ "$line" -gt 0 ]; then prefix="$where:$line:"; else prefix="$where: error: "; fi
  problem=""
  if [ "$rc" -ne 2 ]; then problem="exit $rc, expected 2"
  elif [[ "$first" != *"/$prefix"* && "$first" != "$prefix"* ]]; then problem="does not point at $prefix"
  elif [ -n "$key" ] && [[ "$first" != *"$key"* ]] &&
       ! [[ "$key" == *"]."* && "$first" == *"${key%%.*}"* && "$first" == *"'${key#*].}'"* ]]; then
    problem="does not name '$key'"   # a row's field may be named as "hardware[1] ... 'capex_usd'"
  elif ! grep -qF -- "$message" "$out/err"; then problem="lacks \"$message\""
  elif [ -e "$out/r.h5" ] || compgen -G "$out/.r.h5.tmp-*" > /dev/null; then problem="left an output file"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $name: $problem: $(cut -c1-240 "$out/err" | head -3)"
    fail=1
  fi
  rm -f "$out/r.h5" "$out"/.r.h5.tmp-*
done < <(find "$src/tests/bad_configs" -name '*.toml' -print0 | sort -z)
echo "$n bad scenario files: exit 2, file:line, key and message, no output"
[ "$n" -ge 200 ] || { echo "FAIL: the corpus has $n files, fewer than 200"; fail=1; }
exit $fail
