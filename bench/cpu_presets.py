#!/usr/bin/env python3
"""CPU throughput per preset (issue 14), recorded in bench/results/.

For each protocol's preset (configs/<protocol>.toml): occupied agent-steps
per second (slot-steps that held an agent; `agent_steps_per_second` counts
vacant slots too) at 1 and 2 threads, the median of --repeat runs, each run
long enough that statistics and output stay under 5% of wall (the share is
recorded); instructions per occupied agent-step from callgrind, as the
difference between two horizons so start-up and output cancel; and, with
--previous BIN (a build of an earlier commit), the same runs of that binary
and the ratio.

usage: bench/cpu_presets.py BUILD_DIR [--previous BIN] [--repeat 5] [--only ionet]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRESETS = ["ionet", "akash", "bittensor", "hanzo", "secret_ai", "phala", "clore", "twopm"]
TARGET_SIMULATE_S = 4.0   # long enough that statistics and output stay under 5% of wall
HORIZON = "90d"   # snapshots every 30 days: statistics and output well under 5% of wall


def run(binary, preset, threads, paths, horizon, out):
    cmd = [binary, "run", os.path.join(ROOT, "configs", preset + ".toml"), "--quiet", "--threads", str(threads),
           "--paths", str(paths), "--set", f"simulation.horizon={horizon}", "--set", "simulation.snapshot_every=30d",
           "-o", out]
    text = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    share = float(re.search(r"\(([0-9.]+)% of wall in statistics and output\)", text).group(1))
    with h5py.File(out, "r") as f:
        a = f.attrs
        sim = float(a["simulate_time_s"])
        occupied = int(a["occupied_agent_steps"]) if "occupied_agent_steps" in a else 0
        slots = int(a["agent_steps"])
    return {"simulate": sim, "share": share, "occupied": occupied, "slots": slots}


def callgrind_instructions(binary, preset, horizon, out):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", binary, "run",
               os.path.join(ROOT, "configs", preset + ".toml"), "--quiet", "--threads", "1", "--paths", "1",
               "--set", f"simulation.horizon={horizon}", "--set", f"simulation.snapshot_every={horizon}", "-o", out]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
                           env=dict(os.environ, OMP_NUM_THREADS="1"))
        m = re.search(r"Collected : (\d+)", r.stderr)
        with h5py.File(out, "r") as f:
            occupied = int(f.attrs["occupied_agent_steps"])
        return int(m.group(1)), occupied


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--previous", help="tokenstress binary of an earlier commit")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", nargs="*", default=PRESETS)
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()
    binary = os.path.join(args.build, "tokenstress")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = "+dirty" if subprocess.run(["git", "-C", ROOT, "status", "--porcelain"], capture_output=True,
                                       text=True).stdout.strip() else ""
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    cpu_path = subprocess.run([binary, "info"], capture_output=True, text=True).stdout
    cpu_path = next((l.split(":", 1)[1].strip() for l in cpu_path.splitlines() if l.startswith("CPU path")), "?")
    # callgrind runs the instruction set valgrind's CPU offers (no AVX-512)
    grind_path = "not run" if args.no_callgrind else subprocess.run(
        ["valgrind", "-q", binary, "info"], capture_output=True, text=True).stdout
    grind_path = next((l.split(":", 1)[1].split("(")[0].strip() for l in grind_path.splitlines()
                       if l.startswith("CPU path")), grind_path)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    out_md = os.path.join(ROOT, "bench", "results", f"{stamp}-cpu-presets-{commit}{dirty}.md")
    lines = [f"# CPU throughput per preset (occupied agent-steps/s)", "",
             f"- date: {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}",
             f"- commit: {commit}{dirty}", f"- device: {cpu}, {os.cpu_count()} hardware threads",
             f"- CPU path: {cpu_path}",
             f"- previous: {args.previous or 'none'}",
             f"- each figure: median of {args.repeat} runs of configs/<preset>.toml, {HORIZON} horizon, snapshots every 30 days, paths chosen "
             f"so one thread simulates about {TARGET_SIMULATE_S} s; occupied = slot-steps holding an agent "
             f"(the previous binary counts every slot: its figure is scaled by this build's occupied/slots ratio "
             f"of the same run, which is the same paths)",
             "- instructions per occupied agent-step: callgrind, (Ir(6 days) - Ir(2 days)) / (occupied steps "
             "difference), 1 path, one snapshot at the start and one at the horizon in both (start-up, "
             "statistics and output cancel), on the " + grind_path + " path (valgrind's CPU)", "",
             "| preset | paths | 1 thread | 2 threads | per core (2 thr) | stats+output % of wall (max) | instr/agent-step "
             "| previous 1 thread | ratio |",
             "|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "b.h5")
        for preset in args.only:
            pilot = run(binary, preset, 1, 2, HORIZON, out)
            paths = max(2, int(round(2 * TARGET_SIMULATE_S / max(pilot["simulate"], 1e-3))))
            rates, share = {}, []
            ratio_occ = None
            for threads in (1, 2):
                r = []
                for _ in range(args.repeat):
                    x = run(binary, preset, threads, paths, HORIZON, out)
                    r.append(x["occupied"] / x["simulate"])
                    share.append(x["share"])
                    ratio_occ = x["occupied"] / x["slots"]
                rates[threads] = statistics.median(r)
            prev = ""
            ratio = ""
            if args.previous:
                r = []
                for _ in range(args.repeat):
                    x = run(args.previous, preset, 1, paths, HORIZON, out)
                    r.append(x["slots"] * ratio_occ / x["simulate"])
                prev_rate = statistics.median(r)
                prev, ratio = f"{prev_rate:.3g}", f"{rates[1] / prev_rate:.2f}x"
            ipc = ""
            if not args.no_callgrind:
                i2, o2 = callgrind_instructions(binary, preset, "2d", out)
                i6, o6 = callgrind_instructions(binary, preset, "6d", out)
                ipc = f"{(i6 - i2) / max(o6 - o2, 1):.0f}"
            lines.append(f"| {preset} | {paths} | {rates[1]:.3g} | {rates[2]:.3g} | {rates[2] / 2:.3g} | "
                         f"{max(share):.1f} | {ipc} | {prev} | {ratio} |")
            print(lines[-1], flush=True)
    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", out_md)


if __name__ == "__main__":
    sys.exit(main())
