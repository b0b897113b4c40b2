#!/usr/bin/env bash
# Prepares .device/ (ignored by git) for a lent GPU machine, which has nvcc,
# CMake and Python but none of the Debian libraries and no network: the
# build made here (with CUDA) without object files, and the shared libraries
# its programs need beyond the C/C++ runtime. Carry ".device" with the call
# and run bench/gpu.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
grep -q "^CMAKE_CUDA_COMPILER:[A-Z]*=/" build/CMakeCache.txt || {
  echo "pack-device: this build has no CUDA executor (nvcc not found)"; exit 2; }
rm -rf .device && mkdir -p .device/lib .device/build
tar -C build --exclude='*.o' --exclude='*.a' --exclude='CMakeFiles' --exclude='test-output' -cf - . | tar -C .device/build -xf -
ldd build/tokenstress build/tests/ts_unit_tests build/tests/ts_gpu_tests | awk '/=> \// {print $3}' | sort -u |
  grep -v -E '/(libc|libm|libstdc\+\+|libgcc_s|ld-linux.*|libpthread|libdl|librt|libresolv)\.so' |
  xargs -r cp -L -t .device/lib
echo "pack-device: $(du -sh .device | cut -f1) in .device (source root $(pwd))"
