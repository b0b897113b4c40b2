#!/usr/bin/python3
"""Copies a tokenstress output file and changes one value, to test that
`tokenstress compare` finds exactly that difference.

    /usr/bin/python3 tests/python/make_changed_copy.py IN.h5 OUT.h5
        [--variable NAME] [--index I,J,...] [--delta D | --value V]

Defaults: the first `<metric>_mean` variable in name order, index 0 on every
axis, and a change of max(|v| * 1e-3, 1e-3). Prints the changed element as
compare names it, e.g. `price_usd_mean[point=0, time=0]` (compare adds the
coordinate values in parentheses after each index). The copy keeps the
original `digest` attribute, so compare also notes that the copy's stored
digest no longer matches its content.
"""
import argparse
import shutil
import sys

import h5py


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--variable", help="dataset to change (default: first *_mean)")
    parser.add_argument("--index", help="comma-separated index, one per axis (default: all 0)")
    change = parser.add_mutually_exclusive_group()
    change.add_argument("--delta", type=float, help="added to the value")
    change.add_argument("--value", type=float, help="replaces the value")
    args = parser.parse_args()

    shutil.copyfile(args.source, args.target)
    with h5py.File(args.target, "r+") as f:
        name = args.variable
        if name is None:
            means = sorted(n for n in f if n.endswith("_mean"))
            if not means:
                sys.exit(f"{args.source}: no *_mean variable")
            name = means[0]
        if name not in f:
            sys.exit(f"{args.source}: no variable {name!r}")
        ds = f[name]
        index = tuple(int(i) for i in args.index.split(",")) if args.index else (0,) * ds.ndim
        if len(index) != ds.ndim or any(not 0 <= i < n for i, n in zip(index, ds.shape)):
            sys.exit(f"index {index} does not fit {name} of shape {ds.shape}")
        old = float(ds[index])
        if args.value is not None:
            new = args.value
        else:
            new = old + (args.delta if args.delta is not None else max(abs(old) * 1e-3, 1e-3))
        ds[index] = new
        dims = [ds.dims[a][0].name.rsplit("/", 1)[-1] if len(ds.dims[a]) else f"dim{a}" for a in range(ds.ndim)]
        print(f"{name}[" + ", ".join(f"{d}={i}" for d, i in zip(dims, index)) + "]")


if __name__ == "__main__":
    main()
