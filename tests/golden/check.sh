#!/usr/bin/env bash
# Golden-digest regression (OpenMC's regression suite in spirit): each line
# of digests.txt is "NAME DIGEST SCENARIO ARGS...": the scenario is run with
# those arguments and the SHA-256 of its numeric content must equal DIGEST.
# A model change that moves any number fails here; when the change is
# intended, regenerate with: tests/golden/check.sh BUILD --update
# usage: check.sh BUILD_DIR [NAME | --update]
set -euo pipefail
build=$1; what=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
list=$root/tests/golden/digests.txt
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0; updated=()
while read -r name digest scenario args; do
  [[ -z "$name" || "$name" == \#* ]] && { updated+=("$name $digest $scenario $args"); continue; }
  if [ -n "$what" ] && [ "$what" != "--update" ] && [ "$what" != "$name" ]; then updated+=("$name $digest $scenario $args"); continue; fi
  # shellcheck disable=SC2086
  "$build/tokenstress" run "$root/$scenario" --quiet $args -o "$tmp/$name.h5" > /dev/null
  got=$("$build/tokenstress" compare --exact "$tmp/$name.h5" "$tmp/$name.h5" | sed -nE 's/.*digest ([0-9a-f]+).*/\1/p')
  if [ "$what" = "--update" ]; then
    updated+=("$name $got $scenario $args"); echo "$name $got"
  elif [ "$got" != "$digest" ]; then
    echo "FAIL $name: digest $got, golden $digest"; status=1
  else
    echo "ok $name"
  fi
done < "$list"
if [ "$what" = "--update" ]; then printf '%s\n' "${updated[@]}" > "$list"; fi
exit $status
