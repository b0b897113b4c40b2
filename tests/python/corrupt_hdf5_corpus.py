#!/usr/bin/python3
"""Crafted and damaged HDF5 files through `tokenstress compare`.

    /usr/bin/python3 tests/python/corrupt_hdf5_corpus.py TOKENSTRESS GOOD.h5 WORKDIR [--seed S] [--random N]

From one good output file this makes a corpus: files crafted to be what a
tokenstress result is not (empty, another tool's, a future layout, missing
coordinates, a 4 GB dataset declared in a few kB, thousands of variables,
extents that disagree with the coordinates, ...), copies that keep the
values but not the layout details (no dimension scales, compressed), and
damaged copies (truncated; bytes changed at seeded random places, blocks
zeroed). Each goes through `compare GOOD X` and `compare X GOOD`.

Asserted for every file: the tool is not killed by a signal, exits within
its time limit with 0, 1 or 2, and exit 2 comes with an `error:` message
that names the file. Crafted files also have their expected exit code and
message. The counts of each outcome are printed.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

import h5py
import numpy as np

TIMEOUT_S = 60


def copy_with(good, path, edit):
    shutil.copyfile(good, path)
    with h5py.File(path, "r+") as f:
        edit(f)


def rewrite(good, path, compression=None, keep_scales=False):
    """A copy made dataset by dataset with h5py: no dimension scales."""
    with h5py.File(good, "r") as f, h5py.File(path, "w") as g:
        for k, v in f.attrs.items():
            g.attrs[k] = v
        for name, ds in f.items():
            kw = {"compression": compression} if compression and ds.size > 1 else {}
            d = g.create_dataset(name, data=ds[...], **kw)
            for k, v in ds.attrs.items():
                if k not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "_Netcdf4Dimid"):
                    d.attrs[k] = v


def crafted(good, work):
    """(file, expected exit code, regex the output must match)."""
    cases = []

    def case(name, code, pattern, make):
        path = os.path.join(work, name + ".h5")
        make(path)
        cases.append((path, code, pattern))

    def empty(path):
        with h5py.File(path, "w"):
            pass

    case("empty", 2, r"not a tokenstress output file", empty)
    case("other_tool", 2, r'its global attribute tool is "xarray"',
         lambda p: copy_with(good, p, lambda f: f.attrs.modify("tool", "xarray")))
    case("future_layout", 2, r"layout version 99; this tokenstress reads layouts 1 to",
         lambda p: copy_with(good, p, lambda f: f.attrs.modify("layout_version", np.uint64(99))))
    case("layout_not_a_number", 2, r'layout_version "two" is not a positive integer',
         lambda p: copy_with(good, p, lambda f: f.attrs.__setitem__("layout_version", "two")))

    def no_time(f):
        for name in list(f.keys()):
            if name == "time" or ("DIMENSION_LIST" in f[name].attrs and f[name].ndim >= 2):
                del f[name]
    case("no_time", 2, r"has no variable 'time'", lambda p: copy_with(good, p, no_time))

    def time_2d(f):
        del f["time"]
        f.create_dataset("time", data=np.zeros((2, 2)))
    case("time_2d", 2, r"variable 'time' has rank 2, not 1", lambda p: copy_with(good, p, time_2d))

    # 2^14 x 2^15 doubles (4.3 GB) declared, nothing stored.
    case("declared_4gb", 2, r"variable 'bomb': declares 536870912 values \(4\.3 GB\) but stores",
         lambda p: copy_with(good, p, lambda f: f.create_dataset("bomb", shape=(2**14, 2**15), dtype="f8",
                                                                chunks=(256, 256))))
    # One chunk written, the rest left to the fill value.
    def mostly_unwritten(f):
        d = f.create_dataset("mostly_fill", shape=(2**13, 2**13), dtype="f8", chunks=(512, 512),
                             compression="gzip")
        d[0:512, 0:512] = 1.0
    case("mostly_unwritten", 2, r"variable 'mostly_fill': declares .* but stores",
         lambda p: copy_with(good, p, mostly_unwritten))

    def many_variables(f):
        g = np.zeros(1)
        for i in range(5000):
            f.create_dataset(f"extra_{i:05d}", data=g)
    case("many_variables", 2, r"objects at its root; a result has at most 4096",
         lambda p: copy_with(good, p, many_variables))

    def many_attributes(f):
        d = f["price_usd_mean"]
        for i in range(300):
            d.attrs[f"a{i:03d}"] = i
    case("many_attributes", 2, r"variable 'price_usd_mean': has more than 256 attributes",
         lambda p: copy_with(good, p, many_attributes))

    def wrong_extent(f):
        n_time = f["time"].shape[0]
        d = f.create_dataset("stretched", data=np.zeros((f["point"].shape[0], n_time + 5)))
        d.dims[0].attach_scale(f["point"])
        d.dims[1].attach_scale(f["time"])
    case("wrong_extent", 2, r"variable 'stretched': has \d+ values along 'time' but the coordinate 'time' has",
         lambda p: copy_with(good, p, wrong_extent))

    case("rank_9", 2, r"variable 'deep': has rank 9",
         lambda p: copy_with(good, p, lambda f: f.create_dataset("deep", data=np.zeros((1,) * 9))))

    # Same values, other layout details: equal.
    case("no_scales", 0, r"has axes without dimension scales.*\n.*equal", lambda p: rewrite(good, p))
    case("no_scales_gzip", 0, r"equal", lambda p: rewrite(good, p, compression="gzip"))
    case("extra_string_dataset", 0, r"equal",
         lambda p: copy_with(good, p, lambda f: f.create_dataset("notes", data=np.array([b"hello"]))))
    case("extra_group", 0, r"equal", lambda p: copy_with(good, p, lambda f: f.create_group("user")))
    # Same layout, one value changed: different.
    def changed(f):
        d = f["price_usd_mean"]
        v = d[...]
        v.flat[0] += 1.0
        d[...] = v
    case("one_value_changed", 1, r"price_usd_mean\[point=0, time=0", lambda p: copy_with(good, p, changed))

    def text_file(path):
        with open(path, "w") as f:
            f.write("not hdf5\n")
    case("text", 2, r"not an HDF5 file", text_file)
    case("zero_bytes", 2, r"not an HDF5 file", lambda p: open(p, "wb").close())
    return cases


def damaged(good, work, rng, n_random):
    data = open(good, "rb").read()
    size = len(data)
    files = []

    def put(name, blob):
        path = os.path.join(work, name + ".h5")
        with open(path, "wb") as f:
            f.write(blob)
        files.append(path)

    for cut in [8, 96, 512, 2048, size // 4, size // 2, size - 4096, size - 1]:
        if 0 < cut < size:
            put(f"truncated_{cut}", data[:cut])
    for i in range(n_random):
        blob = bytearray(data)
        # Most damage in the first 64 kB, where the superblock, the root
        # group and the object headers are; some anywhere.
        for _ in range(rng.randint(1, 16)):
            at = rng.randrange(min(size, 65536)) if rng.random() < 0.8 else rng.randrange(size)
            blob[at] = rng.randrange(256)
        put(f"flipped_{i:03d}", bytes(blob))
    for i in range(max(4, n_random // 4)):
        blob = bytearray(data)
        at = rng.randrange(size)
        n = rng.choice([16, 256, 4096])
        blob[at:at + n] = bytes(min(n, size - at))
        put(f"zeroed_{i:03d}", bytes(blob))
    return files


def run_compare(tool, a, b):
    t0 = time.monotonic()
    try:
        p = subprocess.run([tool, "compare", "--exact", a, b], capture_output=True, text=True, timeout=TIMEOUT_S,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT_S} s", time.monotonic() - t0
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool")
    parser.add_argument("good")
    parser.add_argument("work")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--random", type=int, default=120, help="files with random bytes changed")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    rng = random.Random(args.seed)

    failures = []
    outcomes = {}
    slowest = 0.0
    crashes_contained = 0

    slow = []

    def check(path, expected=None, pattern=None, both_ways=True):
        nonlocal slowest, crashes_contained
        name = os.path.basename(path)
        for a, b in ((args.good, path), (path, args.good))[:2 if both_ways else 1]:
            rc, out, err, dt = run_compare(args.tool, a, b)
            slowest = max(slowest, dt)
            if dt > 1.0:
                slow.append(f"{name} {dt:.1f} s: {err.strip()[-120:]}")
            outcomes[rc] = outcomes.get(rc, 0) + 1
            text = out + err
            if rc is None or rc < 0 or rc not in (0, 1, 2):
                failures.append(f"{name}: compare {os.path.basename(a)} {os.path.basename(b)}: "
                                f"exit {rc} ({err.strip()[:200]})")
                continue
            if rc == 2 and not re.search(r"error: '" + re.escape(path) + "'", err):
                failures.append(f"{name}: exit 2 without an error naming the file: {err.strip()[:300]}")
            if "HDF5 library crashed" in err:
                crashes_contained += 1
            if expected is not None and rc != expected:
                failures.append(f"{name}: exit {rc}, expected {expected}: {text.strip()[-300:]}")
            elif pattern is not None and not re.search(pattern, text):
                failures.append(f"{name}: output does not match /{pattern}/: {text.strip()[-300:]}")

    cases = crafted(args.good, args.work)
    for path, code, pattern in cases:
        check(path, code, pattern)
    broken = damaged(args.good, args.work, rng, args.random)
    for path in broken:  # the damaged file is read the same way as A or as B
        check(path, both_ways=False)

    total = len(cases) + len(broken)
    for s in slow:
        print("slow:", s)
    print(f"{total} files ({len(cases)} crafted, {len(broken)} damaged), {sum(outcomes.values())} compares: "
          f"exit 0: {outcomes.get(0, 0)}, 1: {outcomes.get(1, 0)}, 2: {outcomes.get(2, 0)}; "
          f"library crashes contained: {crashes_contained}; slowest compare {slowest:.2f} s")
    for f in failures:
        print("FAIL", f)
    if not failures:
        shutil.rmtree(args.work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
