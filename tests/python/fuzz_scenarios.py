#!/usr/bin/python3
"""A bounded, seeded fuzz of the scenario reader and the model behind it.

    /usr/bin/python3 tests/python/fuzz_scenarios.py TOKENSTRESS SOURCE_DIR WORKDIR [--seed S] [--seconds T]

Mutates the shipped scenarios (configs/*.toml) a few edits at a time: values
replaced by extremes (0, -0.0, 1e-300, 1e300, -1, 2^63, nan, inf, a string,
a boolean, an array, a table), keys renamed, lines deleted, duplicated or cut
in the middle, bytes inserted, durations given odd units, table headers
changed, sweeps added. Every mutant goes through `validate`; one in four of
those it accepts also through a short `run` (2 paths, 14 days), so values
the reader lets through reach the model.

Asserted for every mutant: no signal (crash), no hang (30 s per command),
exit 0 or 2, exit 2 with an `error:` line, and no file left in the output
folder after a refused run (nor a temporary after any run). Stops after
--seconds (default 60) and prints how many mutants of each outcome it ran,
so a seed that finds a problem can be replayed.
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import time

TIMEOUT_S = 30
EXTREMES = ["0", "-0.0", "1e-300", "1e300", "-1", "-1e300", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", "nan", "inf", "-inf", "0.5", "2", "1_000_000", '"x"', '""', '"90d"', '"-3d"',
            '"1e400y"', "true", "false", "[]", "[1, 2]", "{}", "{ linspace = [0, 1, 3] }", '"\\u00e9"', "0x7fffffff"]
DURATIONS = ['"0h"', '"1h"', '"0.5h"', '"36h"', '"1000y"', '"1e9d"', '"-1d"', '"7"', '"1 w"', '"nand"', '"2y"']


def mutate(text, rng, keys):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        op = rng.randrange(10)
        i = rng.randrange(len(lines))
        line = lines[i]
        m = re.match(r"^(\s*[\"A-Za-z0-9_.]+\s*=\s*)(.*?)(\s*#.*)?$", line)
        if op <= 3 and m:  # a value replaced
            value = rng.choice(DURATIONS if m.group(2).startswith('"') and rng.random() < 0.5 else EXTREMES)
            lines[i] = m.group(1) + value
        elif op == 4 and m:  # a key renamed or moved to another table
            lines[i] = rng.choice(keys) + " = " + m.group(2) if rng.random() < 0.5 else "x" + line.lstrip()
        elif op == 5:
            del lines[i]
        elif op == 6:
            lines.insert(i, line)
        elif op == 7:
            lines[i] = line[: rng.randrange(len(line) + 1)]
        elif op == 8:
            junk = rng.choice(["[", "]", "=", '"', "'", "\\", "\x00", "\xff", "[[", "{", "\t", "#", "\u00e9"])
            at = rng.randrange(len(line) + 1)
            lines[i] = line[:at] + junk + line[at:]
        else:  # a table header changed or a sweep added
            if line.startswith("[") and rng.random() < 0.5:
                lines[i] = rng.choice(["[sweep]", "[baseline]", "[[shock]]", "[simulation]", "[x]", "[[hardware]]"])
            else:
                key = rng.choice(keys)
                lines += ["", "[sweep]", f'"{key}" = {rng.choice(["[0, 1]", "[1, 2, 3]", "[0.5]", "[-1, 1e300]"])}']
    return "\n".join(lines)


def keys_of(text):
    """Dotted keys written in a scenario, for renames and sweeps."""
    keys, table = [], ""
    for line in text.split("\n"):
        m = re.match(r"^\[([A-Za-z0-9_.]+)\]", line)
        if m:
            table = m.group(1)
            continue
        m = re.match(r"^([A-Za-z0-9_]+)\s*=", line)
        if m and table and not line.startswith("[["):
            keys.append(f"{table}.{m.group(1)}")
    return keys or ["simulation.paths"]


def run(cmd):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
        return p.returncode, p.stderr.decode("utf-8", "replace"), time.monotonic() - t0
    except subprocess.TimeoutExpired:
        return None, "", time.monotonic() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tool")
    parser.add_argument("src")
    parser.add_argument("work")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    configs = os.path.join(args.src, "configs")
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(configs, os.path.join(args.work, "configs"))
    out_dir = os.path.join(args.work, "out")
    os.makedirs(out_dir)
    scenarios = sorted(f for f in os.listdir(configs) if f.endswith(".toml"))
    texts = {f: open(os.path.join(configs, f), encoding="utf-8").read() for f in scenarios}

    counts = {"validate 0": 0, "validate 2": 0, "run 0": 0, "run 2": 0}
    failures = []
    deadline = time.monotonic() + args.seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        base = rng.choice(scenarios)
        mutant = mutate(texts[base], rng, keys_of(texts[base]))
        path = os.path.join(args.work, "configs", f"mutant-{base}")
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(mutant)
        commands = [("validate", [args.tool, "validate", path])]
        rc, err, _ = run(commands[0][1])
        if rc == 0 and rng.random() < 0.25:
            target = os.path.join(out_dir, "r.h5")
            commands.append(("run", [args.tool, "run", path, "--quiet", "--paths", "2", "--set",
                                     "simulation.horizon=14d", "--set", "simulation.snapshot_every=1d",
                                     "-o", target]))
        for what, cmd in commands:
            if what == "run":
                rc, err, _ = run(cmd)
            label = f"mutant {n} of {base} (seed {args.seed})"
            if rc is None:
                failures.append(f"{label}: {what} did not finish in {TIMEOUT_S} s")
            elif rc < 0 or rc not in (0, 2):
                failures.append(f"{label}: {what} exit {rc}: {err.strip()[-300:]}")
            elif rc == 2 and "error" not in err:
                failures.append(f"{label}: {what} exit 2 without an error message: {err.strip()[-300:]}")
            else:
                counts[f"{what} {rc}"] += 1
            left = os.listdir(out_dir)
            if what == "run" and (rc != 0 and left or any(".tmp-" in f for f in left)):
                failures.append(f"{label}: {what} exit {rc} left {left}")
            if failures and failures[-1].startswith(label):
                keep = os.path.join(args.work, f"failing-{n}-{base}")
                shutil.copyfile(path, keep)
                failures[-1] += f" (kept as {keep})"
            for f in left:
                os.remove(os.path.join(out_dir, f))
    print(f"{n} mutants in {args.seconds:g} s (seed {args.seed}): " +
          ", ".join(f"{k}: {v}" for k, v in counts.items()))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
