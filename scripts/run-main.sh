#!/usr/bin/env bash
# The main job: set up, build, and run the IO.net preset on its default
# scenario (about a minute on 2 cores). Output: results/ionet.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
./build/tokenstress run configs/ionet.toml -o results/ionet.h5
