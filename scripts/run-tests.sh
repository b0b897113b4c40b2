#!/usr/bin/env bash
# The whole test suite: set up, build, run every test through CTest.
# GPU tests skip without a device; TOKENSTRESS_REQUIRE_GPU=1 makes them fail.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "${TOKENSTRESS_JOBS:-2}"
