#!/usr/bin/env bash
# The Python examples of README.md and results/README.md run as written
# (issue 11): the files they open are made here at a small size (4 paths,
# 28 days), each document's ```python blocks are run in order as one script.
# usage: readme_python.sh TOKENSTRESS SOURCE_DIR OUTDIR
set -euo pipefail
ts=$1 src=$2 out=$3
py=/usr/bin/python3
"$py" -c "import xarray, h5py, h5netcdf" 2>/dev/null || { echo "python3-xarray, python3-h5py or h5netcdf missing"; exit 1; }
rm -rf "$out" && mkdir -p "$out/results"
small=(--quiet --paths 4 --set simulation.horizon=28d --set simulation.snapshot_every=7d)
"$ts" run "$src/configs/ionet.toml" "${small[@]}" -o "$out/results/ionet.h5" > /dev/null
"$ts" run "$src/configs/ionet-fee-sweep.toml" "${small[@]}" -o "$out/results/ionet-fee-sweep.h5" > /dev/null
for doc in README.md results/README.md; do
  script=$out/$(echo "$doc" | tr '/' '_').py
  awk '/^```python/{f=1;next}/^```/{f=0}f' "$src/$doc" > "$script"
  [ -s "$script" ] || { echo "FAIL $doc has no python example"; exit 1; }
  (cd "$out" && "$py" "$script") > "$out/log" 2>&1 || { echo "FAIL $doc:"; tail -20 "$out/log"; exit 1; }
  echo "ok   $doc: $(grep -c . "$script") lines of Python ran"
done
