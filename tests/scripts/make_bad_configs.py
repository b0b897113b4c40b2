#!/usr/bin/python3
"""Made the one-defect scenario files of tests/bad_configs/<protocol>/.

    /usr/bin/python3 tests/scripts/make_bad_configs.py build/tokenstress .

For every protocol, from its resolved keys: misspelt keys, wrong types,
NaN, values far outside their range, fractions for integers, durations
without or with an unknown unit, bad choices, misspelt tables, and sweeps
of a misspelt key, repeated values, strings, nothing, a duration and too many
points. Each defect's key, line and message are set by construction and
written into the file's `# expect:` line; a candidate is kept only when
`tokenstress validate` refuses it with that line, key and message (those it
accepts are printed: a defect the tool misses, to be judged). The files are
committed; tests/scripts/bad_config_corpus.sh checks them through `run`.
"""
import os
import re
import subprocess
import sys

TS = sys.argv[1]
SRC = sys.argv[2]
OUT = os.path.join(SRC, "tests/bad_configs")
PROTOCOLS = ["akash", "bittensor", "clore", "hanzo", "ionet", "phala", "secret_ai", "twopm"]


def resolved(protocol):
    text = subprocess.run([TS, "validate", f"{SRC}/configs/{protocol}.toml"], capture_output=True, text=True).stdout
    keys = []  # (table, key, value_text, kind)
    table = None
    for line in text.splitlines():
        m = re.match(r"^\[([A-Za-z0-9_.]+)\]", line)
        if m:
            table = m.group(1)
            continue
        if line.startswith("[["):
            table = None
            continue
        m = re.match(r"^([A-Za-z0-9_]+) = (.*?)\s*(#.*)?$", line)
        if not m or table is None:
            continue
        key, value, comment = m.group(1), m.group(2), m.group(3) or ""
        if value.startswith('"'):
            kind = "duration" if re.search(r"\(\d+ h\)\s*$", comment) else "string"
        elif value in ("true", "false"):
            kind = "boolean"
        elif re.match(r"^-?\d+$", value):
            kind = "integer"
        else:
            kind = "number"
        keys.append((table, key, value, kind))
    return keys


def body(protocol, header, lines):
    return "\n".join([f"# Defect: {header[0]}", f"# expect: line={header[1]} key={header[2]} message={header[3]}",
                      f'extends = "../../../configs/{protocol}.toml"', ""] + lines) + "\n"


def candidates(protocol, keys):
    """(file stem, description, key, line, message, lines after the extends)."""
    out = []
    by_kind = {}
    for t, k, v, kind in keys:
        if t in ("simulation", "stats"):
            continue  # common to every protocol: covered by the ionet files
        by_kind.setdefault(kind, []).append((t, k, v))
    tables = []
    for t, k, v, kind in keys:
        if t not in tables and t not in ("simulation", "stats"):
            tables.append(t)

    def pick(kind, n, skip=0):
        return by_kind.get(kind, [])[skip:skip + n]

    # line 5 is the table header, line 6 the key (header, expect, extends, blank)
    for i, (t, k, v) in enumerate(pick("number", 3) + pick("integer", 1)):
        typo = k[:-1] if len(k) > 4 else k + "x"
        out.append((f"typo_{t}_{k}", f"'{t}.{k}' misspelt", f"{t}.{typo}", 6,
                    f"unknown key '{t}.{typo}' (did you mean '{t}.{k}'?)", [f"[{t}]", f"{typo} = {v}"]))
    for t, k, v in pick("number", 3, 3):
        out.append((f"string_for_{t}_{k}", f"'{t}.{k}' given a string", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be a number, got the string \"lots\"", [f"[{t}]", f'{k} = "lots"']))
    for t, k, v in pick("number", 2, 6):
        out.append((f"nan_{t}_{k}", f"'{t}.{k}' is NaN", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be a finite number, got the float nan", [f"[{t}]", f"{k} = nan"]))
    for t, k, v in pick("number", 4, 8):
        out.append((f"negative_{t}_{k}", f"'{t}.{k}' far below its range", f"{t}.{k}", 6,
                    f"'{t}.{k}' = -1e+300 is out of range", [f"[{t}]", f"{k} = -1e300"]))
    for t, k, v in pick("number", 4, 12):
        out.append((f"huge_{t}_{k}", f"'{t}.{k}' far above its range", f"{t}.{k}", 6,
                    f"'{t}.{k}' = 1e+300 is out of range", [f"[{t}]", f"{k} = 1e300"]))
    for t, k, v in pick("integer", 3):
        out.append((f"fraction_{t}_{k}", f"'{t}.{k}' given a fraction", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be an integer, got the float 2.5", [f"[{t}]", f"{k} = 2.5"]))
    for t, k, v in pick("integer", 2, 3):
        out.append((f"bool_for_{t}_{k}", f"'{t}.{k}' given a boolean", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be an integer, got the boolean true", [f"[{t}]", f"{k} = true"]))
    for t, k, v in pick("duration", 2):
        out.append((f"bare_number_{t}_{k}", f"'{t}.{k}' without a unit", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be a duration such as \"90d\", got the integer 12", [f"[{t}]", f"{k} = 12"]))
        out.append((f"unit_{t}_{k}", f"'{t}.{k}' in an unknown unit", f"{t}.{k}", 6,
                    "unknown duration unit 'fortnights'", [f"[{t}]", f'{k} = "2fortnights"']))
    for t, k, v in pick("string", 2):
        out.append((f"choice_{t}_{k}", f"'{t}.{k}' not one of its choices", f"{t}.{k}", 6,
                    "\"no_such_choice\" is not allowed", [f"[{t}]", f'{k} = "no_such_choice"']))
    for t, k, v in pick("boolean", 1):
        out.append((f"number_for_{t}_{k}", f"'{t}.{k}' given a number", f"{t}.{k}", 6,
                    f"'{t}.{k}' must be a boolean, got the integer 1", [f"[{t}]", f"{k} = 1"]))
    if tables:
        t = tables[1 % len(tables)]
        out.append((f"unknown_table_{t}", f"[{t}] misspelt", f"{t}s", 5, f"unknown table [{t}s]",
                    [f"[{t}s]", "x = 1"]))
        out.append((f"table_as_value_{t}", f"[{t}] written as a value", t, 5, f"'{t}' is a table: write [{t}]",
                    [f"{t} = 1"]))
    # sweeps: line 5 [sweep], line 6 the axis
    numbers = by_kind.get("number", [])
    if numbers:
        t, k, v = numbers[0]
        typo = k[:-1]
        out.append((f"sweep_typo_{t}_{k}", f"a swept key misspelt", f"{t}.{typo}", 6,
                    f"unknown key '{t}.{typo}' in [sweep] (did you mean '{t}.{k}'?)",
                    ["[sweep]", f'"{t}.{typo}" = [{v}, {v}]']))
        out.append((f"sweep_repeat_{t}_{k}", "a sweep value given twice", f"{t}.{k}", 6,
                    f"appears twice in the sweep of '{t}.{k}'", ["[sweep]", f'"{t}.{k}" = [{v}, {v}]']))
        out.append((f"sweep_text_{t}_{k}", "a sweep of strings", f"{t}.{k}", 6,
                    f"[sweep] value of '{t}.{k}' must be a number, got the string \"a\"",
                    ["[sweep]", f'"{t}.{k}" = ["a", "b"]']))
        out.append((f"sweep_empty_{t}_{k}", "an empty sweep", f"{t}.{k}", 6, f"empty sweep list for '{t}.{k}'",
                    ["[sweep]", f'"{t}.{k}" = []']))
        out.append((f"sweep_huge_{t}_{k}", "a sweep of more points than allowed", f"{t}.{k}", 6,
                    "more than the 100000 points a scenario may have", ["[sweep]", f'"{t}.{k}" = {{ linspace = [0, 1, 1_000_000_000] }}']))
    for t, k, v in pick("duration", 1):
        out.append((f"sweep_duration_{t}_{k}", "a swept duration", f"{t}.{k}", 6,
                    f"'{t}.{k}' cannot be swept: it is a duration", ["[sweep]", f'"{t}.{k}" = [1, 2]']))
    return out


def main():
    kept = rejected = 0
    for protocol in PROTOCOLS:
        folder = os.path.join(OUT, protocol)
        os.makedirs(folder, exist_ok=True)
        for stem, what, key, line, message, lines in candidates(protocol, resolved(protocol)):
            path = os.path.join(folder, stem + ".toml")
            with open(path, "w") as f:
                f.write(body(protocol, (what, line, key, message), lines))
            p = subprocess.run([TS, "validate", path], capture_output=True, text=True)
            first = (p.stderr.splitlines() or [""])[0]
            ok = p.returncode == 2 and first.startswith(f"{path}:{line}:") and message in first and key in first
            if ok:
                kept += 1
            else:
                rejected += 1
                os.remove(path)
                print(f"dropped {protocol}/{stem}: exit {p.returncode}: {first[:200]}")
    print(f"kept {kept}, dropped {rejected}")


main()
