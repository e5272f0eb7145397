"""Start-up time: ``import marketimpact`` and ``marketimpact --help``, whole process, repeated.

hyperfine-like: each command runs ``--runs`` times in a fresh interpreter (after one warm-up run);
the table shows mean ± sd and min, next to ``python -c "import pandas"`` and ``python -c pass``,
the peers in the same run (the machine is shared; compare ratios, not seconds). ``--root`` points
at another checkout (e.g. ``git archive <commit> | tar -x -C /tmp/old``) to compare before/after
in one run. ``--importtime`` also prints the slowest imports of ``import marketimpact``
(``python -X importtime``).

Usage::

    python benchmarks/bench_startup.py --runs 10
    python benchmarks/bench_startup.py --root /tmp/old --root . --runs 10
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], root: Path, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(cmd, env=env, cwd=root, capture_output=True, check=True)  # warm-up (file cache)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, cwd=root, capture_output=True, check=True)
        out.append(time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--root", type=Path, action="append", help="checkout(s) to measure (default this one)")
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args(argv)
    roots = [r.resolve() for r in (args.root or [ROOT])]
    py = sys.executable
    cmds = {
        "python -c pass": [py, "-c", "pass"],
        'python -c "import pandas"': [py, "-c", "import pandas"],
        "import marketimpact": [py, "-c", "import marketimpact"],
        "marketimpact --help": [py, "-m", "marketimpact.cli", "--help"],
        "marketimpact batch --help": [py, "-m", "marketimpact.cli", "batch", "--help"],
    }
    print("| checkout | command | mean s | sd s | min s |\n|---|---|---|---|---|")
    for root in roots:
        for label, cmd in cmds.items():
            ts = timed(cmd, root, args.runs)
            print(f"| {root.name} | {label} | {statistics.mean(ts):.3f} | {statistics.stdev(ts):.3f} | {min(ts):.3f} |",
                  flush=True)
        if args.importtime:
            r = subprocess.run([py, "-X", "importtime", "-c", "import marketimpact"], cwd=root, capture_output=True,
                               text=True, env={**os.environ, "PYTHONPATH": str(root)})
            rows = [ln for ln in r.stderr.splitlines() if ln.startswith("import time:") and ln.split("|")[1].strip().isdigit()]
            rows.sort(key=lambda ln: int(ln.split("|")[1]), reverse=True)
            print(f"slowest cumulative imports ({root.name}):")
            print("\n".join(rows[:5]))


if __name__ == "__main__":
    main()
