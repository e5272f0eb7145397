"""Start-up time: ``import marketimpact``, ``marketimpact --help`` and the seed study, whole process, repeated.

hyperfine-like: each command runs ``--runs`` times in a fresh interpreter (after one warm-up run);
the table shows mean ± sd and min of the wall time and the mean CPU time (user + system of the
child: steadier than the wall time on a shared machine), next to ``python -c "import pandas"`` and
``python -c pass``, the peers in the same run (compare ratios, not seconds). ``--root`` points at
another checkout (e.g. ``git archive <commit> | tar -x -C /tmp/old``) to compare before/after in one
run; runs are interleaved (run 1 of every checkout and command, then run 2 …) so a change in the
machine's load touches all of them alike. The ``study`` row is the README's seed command
(``marketimpact study <seed article> --out DIR``: event, prices, market model, tests, claim check,
PNG + SVG chart and JSON). ``--only`` keeps the commands whose label contains one of the given
words. ``--importtime`` also prints the slowest imports of ``import marketimpact`` and of the study
(``python -X importtime``). Bytecode is cached in a temporary ``PYTHONPYCACHEPREFIX`` (warm, as
after ``pip install``), even when the caller's environment sets ``PYTHONDONTWRITEBYTECODE``.

Usage::

    python benchmarks/bench_startup.py --runs 10
    python benchmarks/bench_startup.py --root /tmp/old --root . --runs 10
    python benchmarks/bench_startup.py --root /tmp/old --root . --runs 8 --only study help
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "data/articles/2025-02-12_ft_trump_putin_brent.md"


def child_env(root: Path, pycache: str) -> dict[str, str]:
    """``root`` first on the path; bytecode written and read under ``pycache`` (not in the checkout),
    as a user's second run reads it (a PYTHONDONTWRITEBYTECODE in the caller's environment is dropped)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(root), "PYTHONPYCACHEPREFIX": pycache}


def run_once(cmd: list[str], root: Path, pycache: str) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh process of ``cmd`` in ``root``."""
    env = child_env(root, pycache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=root, capture_output=True, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def slowest_imports(cmd: list[str], root: Path, pycache: str, n: int = 5) -> list[str]:
    r = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=root, capture_output=True, text=True,
                       env=child_env(root, pycache))
    rows = [ln for ln in r.stderr.splitlines() if ln.startswith("import time:") and ln.split("|")[1].strip().isdigit()]
    rows.sort(key=lambda ln: int(ln.split("|")[1]), reverse=True)
    return rows[:n]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--root", type=Path, action="append", help="checkout(s) to measure (default this one)")
    ap.add_argument("--only", nargs="+", metavar="WORD", help="only the commands whose label contains a WORD")
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args(argv)
    roots = [r.resolve() for r in (args.root or [ROOT])]
    py = sys.executable
    out = tempfile.mkdtemp(prefix="bench_startup_")
    pycache = str(Path(out) / "pycache")
    cmds = {
        "python -c pass": [py, "-c", "pass"],
        'python -c "import pandas"': [py, "-c", "import pandas"],
        "import marketimpact": [py, "-c", "import marketimpact"],
        "marketimpact --help": [py, "-m", "marketimpact.cli", "--help"],
        "marketimpact batch --help": [py, "-m", "marketimpact.cli", "batch", "--help"],
        "marketimpact study (seed, --out)": [py, "-m", "marketimpact.cli", "study", SEED, "--out", out],
    }
    if args.only:
        cmds = {k: v for k, v in cmds.items() if any(w in k for w in args.only)}
    for root in roots:  # warm-up: file cache, bytecode, font cache
        for cmd in cmds.values():
            run_once(cmd, root, pycache)
    walls: dict[tuple[Path, str], list[float]] = {}
    cpus: dict[tuple[Path, str], list[float]] = {}
    for _ in range(args.runs):
        for label, cmd in cmds.items():
            for root in roots:
                w, c = run_once(cmd, root, pycache)
                walls.setdefault((root, label), []).append(w)
                cpus.setdefault((root, label), []).append(c)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after {args.runs} interleaved runs")
    print("| checkout | command | mean s | sd s | min s | CPU s |\n|---|---|---|---|---|---|")
    for root in roots:
        for label in cmds:
            ts, cs = walls[(root, label)], cpus[(root, label)]
            sd = statistics.stdev(ts) if len(ts) > 1 else float("nan")
            print(f"| {root.name} | {label} | {statistics.mean(ts):.3f} | {sd:.3f} | {min(ts):.3f} "
                  f"| {statistics.mean(cs):.3f} |", flush=True)
    if args.importtime:
        for root in roots:
            for label in ("import marketimpact", "marketimpact study (seed, --out)"):
                if label in cmds:
                    print(f"slowest cumulative imports of {label} ({root.name}):")
                    print("\n".join(slowest_imports(cmds[label], root, pycache)))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
