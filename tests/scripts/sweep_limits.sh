#!/usr/bin/env bash
# Sweeps are counted before they are expanded (issue 11, item 3): a
# generator or a grid beyond 100,000 points is refused at once with its file,
# line and key (exit 2, no output), and the largest allowed axis validates
# in linear time.
# usage: sweep_limits.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -uo pipefail
ts=$1 src=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
cp "$src/configs/ionet.toml" "$out/base.toml"
sweep() { printf 'extends = "base.toml"\n[sweep]\n%s\n' "$2" > "$out/$1.toml"; }
sweep huge '"fees.buyback_share" = { linspace = [0, 0.5, 1_000_000_000] }'
sweep grid $'"fees.buyback_share" = { linspace = [0, 0.5, 1000] }\n"fees.payment_fee_usdc" = { linspace = [0.01, 0.04, 1000] }'
keys=""
for k in fees.buyback_share fees.payment_fee_usdc fees.reservation_fee_renter; do
  keys+="\"$k\" = { linspace = [0.001, 0.01, 10] }"$'\n'
done
sweep cube "$keys"   # 1000 points: allowed
sweep largest '"fees.buyback_share" = { linspace = [0, 0.5, 100000] }'
fail=0
refused() {   # file, expected message part
  local start end rc
  start=$(date +%s)
  "$ts" run "$out/$1.toml" --quiet --paths 1 -o "$out/$1.h5" > /dev/null 2> "$out/err"
  rc=$?
  end=$(date +%s)
  if [ "$rc" -ne 2 ] || ! grep -q "$1.toml:[0-9]*:[0-9]*: .*$2" "$out/err" || [ $((end - start)) -gt 5 ] ||
     [ -e "$out/$1.h5" ]; then
    echo "FAIL $1: exit $rc after $((end - start)) s: $(head -c 300 "$out/err")"; fail=1
  else
    echo "ok   $1: $(head -1 "$out/err" | cut -c1-140)"
  fi
}
refused huge "asks for 1000000000 values, more than the 100000 points"
refused grid "the sweep reaches 1000000 points at 'fees.payment_fee_usdc'"
"$ts" validate "$out/cube.toml" > /dev/null || { echo "FAIL a 1000-point grid was refused"; fail=1; }
start=$(date +%s)
"$ts" validate "$out/largest.toml" > /dev/null || { echo "FAIL 100,000 points were refused"; fail=1; }
end=$(date +%s)
[ $((end - start)) -le 60 ] || { echo "FAIL validating 100,000 points took $((end - start)) s"; fail=1; }
echo "100,000-point axis validated in $((end - start)) s"
exit $fail
