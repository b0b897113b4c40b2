#!/usr/bin/python3
"""Runs every shipped scenario (configs/*.toml) at its own size and checks
that the conservation residual is 0 in every path at every snapshot
(ledger_residual_max == 0) and that no path ever violated the ledger or the
supply cap. Prints one line per scenario; exit 1 if any check fails.

usage: bench/check_scenarios.py [BUILD_DIR] [--paths N]
"""
import glob
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def main():
    args = sys.argv[1:]
    paths = None
    if "--paths" in args:
        i = args.index("--paths")
        paths = args[i + 1]
        del args[i:i + 2]
    build = args[0] if args else "build"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    exe = os.path.join(root, build, "tokenstress")
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for cfg in sorted(glob.glob(os.path.join(root, "configs", "*.toml"))):
            name = os.path.splitext(os.path.basename(cfg))[0]
            out = os.path.join(tmp, name + ".h5")
            cmd = [exe, "run", cfg, "--quiet", "-o", out] + (["--paths", paths] if paths else [])
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                print(f"FAIL {name}: exit {run.returncode}: {run.stderr.strip()}")
                failed += 1
                continue
            with h5py.File(out, "r") as f:
                residual = float(np.max(f["ledger_residual_max"][...]))
                violation = float(np.max(f["p_ledger_violation"][...]))
                breach = float(np.max(f["p_cap_breach"][...]))
                npaths = int(f.attrs["paths"])
                npoints = f["ledger_residual_max"].shape[0]
                rate = f.attrs["agent_steps_per_second"]
            ok = residual == 0.0 and violation == 0.0 and breach == 0.0
            failed += 0 if ok else 1
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {npoints} point(s) x {npaths} paths, "
                  f"max |residual| {residual:g}, P(ledger violation) {violation:g}, P(cap breach) {breach:g}, "
                  f"{rate} agent-steps/s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
