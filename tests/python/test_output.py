#!/usr/bin/python3
"""Checks that a tokenstress output file reads as the schema in
results/README.md promises, with the readers analysts use: h5py, xarray with
the h5netcdf and netcdf4 engines, and ncdump when it is installed.

    /usr/bin/python3 tests/python/test_output.py FILE.h5 [--param KEY ...]

Generic on purpose: metrics are discovered from the `<metric>_mean`
variables and events from the `p_<event>` / `_lo` / `_hi` triples; nothing
here knows a metric by name. With --param KEY (e.g. fees.buyback_share) it
also checks that the metrics can be selected by that swept parameter's value.
Needs h5py, xarray, h5netcdf and netCDF4 (Debian: python3-h5py,
python3-xarray, python3-h5netcdf, python3-netcdf4).
"""
import argparse
import hashlib
import re
import shutil
import struct
import subprocess
import sys
import unittest

import h5py
import numpy as np
import xarray as xr

ARGS = None  # set in main(): path, params

STATISTICS = ("mean", "std", "sem", "min", "max")
DIMENSIONS = ("point", "time", "quantile", "path", "sample")
NETCDF_DIMENSION_ONLY = "This is a netCDF dimension but not a netCDF variable"


def param_variable(key):
    """The variable of a swept parameter: characters outside [A-Za-z0-9_] become '_'."""
    return "param_" + re.sub(r"[^A-Za-z0-9_]", "_", key)


def as_text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class Schema:
    """What the file should hold, discovered from its variable names."""

    def __init__(self, names):
        names = set(names)
        self.metrics = sorted(
            n[: -len("_mean")] for n in names if n.endswith("_mean") and not n.endswith("_diff_mean")
        )
        self.events = sorted(
            n[2:]
            for n in names
            if n.startswith("p_") and not n.endswith("_diff") and n + "_lo" in names and n + "_hi" in names
        )
        self.dims = {}
        for m in self.metrics:
            for s in STATISTICS:
                self.dims[f"{m}_{s}"] = ("point", "time")
            self.dims[f"{m}_q"] = ("point", "time", "quantile")
            if f"{m}_traj" in names:
                self.dims[f"{m}_traj"] = ("point", "path", "time")
            if f"final_{m}" in names:
                self.dims[f"final_{m}"] = ("point", "sample")
            if f"{m}_diff_mean" in names:  # a sweep with a [baseline]
                for s in ("diff_mean", "diff_lo", "diff_hi"):
                    self.dims[f"{m}_{s}"] = ("point", "time")
                self.dims[f"{m}_diff_q"] = ("point", "time", "quantile")
        for e in self.events:
            for v in (f"p_{e}", f"p_{e}_lo", f"p_{e}_hi"):
                self.dims[v] = ("point", "time")
            self.dims[f"time_to_{e}_q"] = ("point", "quantile")
            if f"first_{e}" in names:
                self.dims[f"first_{e}"] = ("point", "sample")
            if f"p_{e}_diff" in names:
                for v in (f"p_{e}_diff", f"p_{e}_diff_lo", f"p_{e}_diff_hi"):
                    self.dims[v] = ("point", "time")
        for n in names:
            if n in DIMENSIONS:
                self.dims[n] = (n,)
            elif n.startswith("param_"):
                self.dims[n] = ("point",)


def numeric_digest(h5file):
    """The `digest` attribute, recomputed as results/README.md describes it."""
    sha = hashlib.sha256(b"tokenstress-numeric-digest-v1\n")

    def text(s):
        b = s.encode("utf-8")
        sha.update(struct.pack("<Q", len(b)) + b)

    for name in sorted(h5file.keys()):
        obj = h5file[name]
        if not isinstance(obj, h5py.Dataset) or obj.dtype.kind not in "fiu":
            continue
        if as_text(obj.attrs.get("NAME", b"")).startswith(NETCDF_DIMENSION_ONLY):
            continue
        kind = "float64" if obj.dtype.kind == "f" else "int64"
        text(name)
        text(kind)
        sha.update(struct.pack("<Q", obj.ndim) + b"".join(struct.pack("<Q", n) for n in obj.shape))
        sha.update(np.ascontiguousarray(obj[()], dtype="<f8" if kind == "float64" else "<i8").tobytes())
    return sha.hexdigest()


class OutputFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h5 = h5py.File(ARGS.path, "r")
        cls.schema = Schema(cls.h5.keys())
        cls.datasets = {}
        for engine in ("h5netcdf", "netcdf4"):
            cls.datasets[engine] = xr.open_dataset(ARGS.path, engine=engine)

    @classmethod
    def tearDownClass(cls):
        for ds in cls.datasets.values():
            ds.close()
        cls.h5.close()

    # ---- h5py ---------------------------------------------------------------

    def test_h5py_finds_the_expected_variables(self):
        f, schema = self.h5, self.schema
        self.assertTrue(schema.metrics, "no <metric>_mean variable in the file")
        for name in ("point", "time", "quantile"):
            self.assertIn(name, f)
        for name in schema.dims:
            self.assertIn(name, f)
        for m in schema.metrics:
            for s in STATISTICS + ("q",):
                self.assertEqual(f[f"{m}_{s}"].dtype, np.float64, f"{m}_{s}")
        self.assertEqual(as_text(f.attrs["Conventions"]), "CF-1.8")
        self.assertRegex(as_text(f.attrs["digest"]), r"^[0-9a-f]{64}$")

    def test_every_axis_has_its_dimension_scale(self):
        for name, ds in self.h5.items():
            if h5py.h5ds.is_scale(ds.id):
                self.assertEqual(ds.ndim, 1, name)
                continue
            for axis in range(ds.ndim):
                scales = ds.dims[axis]
                self.assertEqual(len(scales), 1, f"{name} axis {axis}")
                dim = scales[0].name.rsplit("/", 1)[-1]
                # Variables this script does not know must still use the known dimensions.
                expected = self.schema.dims[name][axis] if name in self.schema.dims else dim
                self.assertIn(dim, DIMENSIONS, name)
                self.assertEqual(dim, expected, name)

    def test_every_variable_says_what_it_is(self):
        """Data variables carry description, statistic and metric or event;
        every variable has units; path indices are CF realizations; numeric
        provenance is stored as numbers (issue 11)."""
        for name, ds in self.h5.items():
            attrs = {k: as_text(v) if isinstance(v, (bytes, str)) else v for k, v in ds.attrs.items()}
            self.assertIn("units", attrs, name)
            self.assertNotEqual(attrs["units"], "d", f"{name}: days are 'day'")
            if h5py.h5ds.is_scale(ds.id) or name.startswith("param_"):
                if name in ("path", "sample"):
                    self.assertEqual(attrs.get("standard_name"), "realization", name)
                continue
            for key in ("long_name", "description", "statistic"):
                self.assertIn(key, attrs, name)
            self.assertTrue("metric" in attrs or "event" in attrs, name)
        for key in ("seed", "paths", "points", "layout_version", "agent_steps"):
            self.assertIsInstance(self.h5.attrs[key], np.unsignedinteger, key)
        for key in ("wall_time_s", "agent_steps_per_second"):
            self.assertIsInstance(self.h5.attrs[key], np.floating, key)
        if "baseline_point" in self.h5.attrs:
            self.assertIsInstance(self.h5.attrs["baseline_point"], np.unsignedinteger)

    def test_digest_matches_numeric_content(self):
        self.assertEqual(numeric_digest(self.h5), as_text(self.h5.attrs["digest"]))

    # ---- xarray -------------------------------------------------------------

    def check_xarray(self, engine):
        ds = self.datasets[engine]
        for dim in ("point", "time", "quantile"):
            self.assertIn(dim, ds.dims, engine)
        for name, dims in self.schema.dims.items():
            self.assertIn(name, ds.variables, f"{engine}: {name}")
            self.assertEqual(ds[name].dims, dims, f"{engine}: {name}")
        # Time stays float days (units "day" is not decoded to timedelta).
        self.assertEqual(ds["time"].dtype, np.float64, engine)
        np.testing.assert_array_equal(ds["time"].values, self.h5["time"][()])
        self.assertEqual(ds.attrs["Conventions"], "CF-1.8")
        self.assertIsInstance(ds.attrs["digest"], str)
        for m in self.schema.metrics:
            q = ds[f"{m}_q"]
            levels = ds["quantile"].values
            level = 0.5 if 0.5 in levels else levels[len(levels) // 2]
            index = int(np.nonzero(levels == level)[0][0])
            np.testing.assert_array_equal(q.sel(quantile=level).values, q.isel(quantile=index).values)
            np.testing.assert_array_equal(q.values, self.h5[f"{m}_q"][()])
            self.assertEqual(ds[f"{m}_mean"].attrs.get("units"), as_text(self.h5[f"{m}_mean"].attrs["units"]))

    def test_xarray_h5netcdf_engine(self):
        self.check_xarray("h5netcdf")

    def test_xarray_netcdf4_engine(self):
        self.check_xarray("netcdf4")
        a, b = self.datasets["h5netcdf"], self.datasets["netcdf4"]
        for name in self.schema.dims:
            np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=name)

    def test_select_by_swept_parameter(self):
        if not ARGS.params:
            self.skipTest("no --param given")
        for engine, ds in self.datasets.items():
            for key in ARGS.params:
                name = param_variable(key)
                self.assertIn(name, ds.variables, f"{engine}: no variable for --param {key}")
                self.assertEqual(ds[name].attrs["key"], key)
                indexed = ds.set_index(point=name)
                values = ds[name].values
                for value in np.unique(values):
                    where = np.nonzero(values == value)[0]
                    try:  # xarray < 2022.06 renames the coordinate to `point`
                        picked = indexed.sel(point=value)
                    except KeyError:
                        picked = indexed.sel({name: value})
                    expected = ds.isel(point=int(where[0]) if len(where) == 1 else where)
                    for m in self.schema.metrics:
                        np.testing.assert_array_equal(
                            picked[f"{m}_mean"].values,
                            expected[f"{m}_mean"].values,
                            err_msg=f"{engine}: {m}_mean at {key}={value}",
                        )

    # ---- ncdump -------------------------------------------------------------

    def test_ncdump_reads_header(self):
        ncdump = shutil.which("ncdump")
        if not ncdump:
            self.skipTest("ncdump not installed (Debian: netcdf-bin)")
        run = subprocess.run([ncdump, "-h", ARGS.path], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        for dim in ("point", "time", "quantile"):
            self.assertRegex(run.stdout, rf"\b{dim} = \d+ ;")


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a tokenstress output file (.h5)")
    parser.add_argument("--param", dest="params", action="append", default=[],
                        help="a swept parameter key, e.g. fees.buyback_share (repeatable)")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
