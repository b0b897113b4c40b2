#!/usr/bin/env python3
"""Registers, spills and occupancy of every kernel, from ptxas' reports.

Reads the ptxas -v logs ptxas_log.sh kept for each kernel object, writes one
table (kernel, registers, spill bytes, stack, shared memory, blocks and warps
per SM on sm_90 at the launch's block size), and exits 1 when a kernel spills
more than its budget in register_budget.txt, or when a kernel has no budget.

usage: check_registers.py LOGDIR BUDGET OUT.tsv
"""
import fnmatch
import glob
import os
import re
import subprocess
import sys

# sm_90 (H100/H200) limits: CUDA C++ Programming Guide, "Compute
# Capabilities", table of technical specifications for 9.0.
REGS_PER_SM = 65536
REG_ALLOC_UNIT = 256          # registers are allocated per warp in units of 256
MAX_REGS_PER_THREAD = 255
SMEM_PER_SM = 228 * 1024
SMEM_RESERVED_PER_BLOCK = 1024
MAX_BLOCKS_PER_SM = 32
MAX_WARPS_PER_SM = 64

# Threads per block of each kernel (cuda/kernels.cuh launch_init, launch_steps, launch_snapshot).
THREADS = {"steps_kernel": 128, "init_kernel": 64, "snapshot_kernel": 64}

ENTRY = re.compile(r"Compiling entry function '([^']+)' for '(sm_\d+)'")
SPILL = re.compile(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")
USED = re.compile(r"Used (\d+) registers.*?(?:(\d+) bytes smem)?$")


def demangle(names):
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True).stdout
        return out.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return names


def short_name(demangled):
    """'void ts::cuda::detail::steps_kernel<ts::akash::AkashModel, 128>(...)' -> 'steps_kernel<akash>'."""
    m = re.search(r"(\w+_kernel)<ts::(\w+)::", demangled)
    return f"{m.group(1)}<{m.group(2)}>" if m else demangled


def occupancy(kind, regs, smem):
    threads = THREADS.get(kind, 128)
    warps = (threads + 31) // 32
    regs_per_warp = -(-max(regs, 1) * 32 // REG_ALLOC_UNIT) * REG_ALLOC_UNIT
    by_regs = REGS_PER_SM // (regs_per_warp * warps)
    by_smem = SMEM_PER_SM // (smem + SMEM_RESERVED_PER_BLOCK)
    blocks = min(by_regs, by_smem, MAX_BLOCKS_PER_SM, MAX_WARPS_PER_SM // warps)
    return threads, blocks, blocks * warps


def read_logs(logdir):
    rows = []
    for path in sorted(glob.glob(os.path.join(logdir, "*.ptxas.log"))):
        current = None
        with open(path) as f:
            for line in f:
                if m := ENTRY.search(line):
                    current = {"mangled": m.group(1), "arch": m.group(2), "stack": 0, "spill_st": 0, "spill_ld": 0}
                elif current and (m := SPILL.search(line)):
                    current["stack"], current["spill_st"], current["spill_ld"] = map(int, m.groups())
                elif current and (m := USED.search(line.strip())):
                    current["regs"] = int(m.group(1))
                    current["smem"] = int(m.group(2) or 0)
                    rows.append(current)
                    current = None
    for row, name in zip(rows, demangle([r["mangled"] for r in rows])):
        row["name"] = short_name(name)
    return rows


def read_budget(path):
    budget = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit():
                sys.exit(f"{path}:{n}: expected 'KERNEL SPILL_BYTES', got '{line}'")
            budget.append((parts[0], int(parts[1])))
    return budget


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    logdir, budget_path, out = sys.argv[1:]
    rows = read_logs(logdir)
    if not rows:
        sys.exit(f"check_registers: no ptxas reports in {logdir}")
    budget = read_budget(budget_path)
    failures = []
    lines = ["kernel\tarch\tregisters\tspill_stores\tspill_loads\tstack\tsmem\tthreads\tblocks_per_sm\twarps_per_sm\toccupancy"]
    for r in sorted(rows, key=lambda r: r["name"]):
        kind = r["name"].split("<")[0]
        threads, blocks, warps = occupancy(kind, r["regs"], r["smem"])
        lines.append(f"{r['name']}\t{r['arch']}\t{r['regs']}\t{r['spill_st']}\t{r['spill_ld']}\t{r['stack']}\t"
                     f"{r['smem']}\t{threads}\t{blocks}\t{warps}\t{warps / MAX_WARPS_PER_SM:.3f}")
        allowed = next((b for pattern, b in budget if fnmatch.fnmatchcase(r["name"], pattern)), None)
        if allowed is None:
            failures.append(f"{r['name']}: no spill budget in {budget_path}")
        elif r["spill_st"] > allowed:
            failures.append(f"{r['name']} ({r['arch']}): {r['spill_st']} bytes of spill stores, budget {allowed} "
                            f"({r['regs']} registers)")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    if failures:
        print("check_registers: kernels over their spill budget (cuda/check/register_budget.txt):", file=sys.stderr)
        for msg in failures:
            print("  " + msg, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
