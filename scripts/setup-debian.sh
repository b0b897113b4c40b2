#!/usr/bin/env bash
# Installs the Debian 12 packages tokenstress needs, only those missing.
# The CUDA toolkit is optional: when nvcc is present the CUDA executor is
# built as well (scripts/build.sh finds it); nothing here installs it.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  libtomlplusplus-dev libcli11-dev librandom123-dev libfmt-dev
  libhdf5-dev libssl-dev libgtest-dev libboost-context-dev libboost-dev
  libopenmpi-dev openmpi-bin
  python3 python3-numpy python3-h5py python3-xarray python3-netcdf4 python3-h5netcdf
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
