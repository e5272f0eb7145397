"""Benchmark: `marketimpact batch` whole process against the `eventstudy` PyPI package, same run.

The issue-14 target: through the CLI at 100k events (market model, AR/CAR, ts_t/cs_t/Patell/BMP,
prices from a pandas-written Parquet) ≥ 30× faster per event than ``eventstudy``.

Data: ``bench_batch.make_data`` (1,000 securities × 2,000 sessions, fixed seed) as closes saved with
``df.to_parquet()`` (the dates as the index); events as Parquet. Event window (−10, +10), estimation
(−250, −11), CAR windows (−1, +1), (0, +1), (−10, +10) as in ``bench_batch.py``.

* ``marketimpact`` rows: a fresh ``python -m marketimpact.cli batch`` per run (import, reading the
  Parquet files, the study, writing the results Parquet): wall clock around the process. The
  marginal cost per event is the difference between the large and the small size over the
  difference in events (start-up and reading the prices cancel out). Bytecode is cached in a
  temporary ``PYTHONPYCACHEPREFIX`` and one untimed run per checkout comes first, so that the
  package's modules are read from bytecode as after ``pip install`` (a ``PYTHONDONTWRITEBYTECODE``
  in the caller's environment would otherwise recompile the checkout's sources in every run:
  about 0.1 s). ``--root`` (repeatable) times several checkouts in the same rounds.
* ``eventstudy`` rows: ``eventstudy.Multiple.from_list`` + ``results()`` timed inside its own
  interpreter (``--peer-python``, a separate venv), on ``--peer-events`` events; its µs/event is
  per event (its import and CSV reading are not counted, in its favour).

Usage::

    python -m venv peer-venv && peer-venv/bin/pip install eventstudy pandas numpy
    python benchmarks/bench_cli_vs_peer.py --peer-python peer-venv/bin/python --repeat 3
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_data, make_events, run_peer, write_closes_parquet

ROOT = Path(__file__).resolve().parent.parent


#: CPU seconds (user + system) of each CLI process run by :func:`run_cli`, in order
CPU_SECONDS: list[float] = []


def run_cli(args: list[str], root: Path = ROOT, pycache: str | None = None) -> float:
    """Wall seconds of one CLI process of the checkout ``root`` (it must succeed); bytecode read and
    written under ``pycache`` when given. Its CPU seconds (user + system) are appended to CPU_SECONDS."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "marketimpact.cli", *args], cwd=root, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sec = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    if proc.returncode:
        raise SystemExit(f"marketimpact batch failed: {proc.stderr.strip()[-400:]}")
    return sec


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--peer-events", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer-python", default=os.environ.get("PEER_PYTHON", "peer-venv/bin/python"))
    ap.add_argument("--root", action="append", type=Path,
                    help="a marketimpact checkout to time (repeatable; default this one)")
    args = ap.parse_args(argv)
    roots = [r.resolve() for r in args.root] if args.root else [ROOT]
    tmp = Path(tempfile.mkdtemp(prefix="mi-bench-cli-"))
    pycache = str(tmp / "pycache")
    rets = make_data()
    write_closes_parquet(rets, tmp / "prices.parquet")  # the pandas way: the dates are the index
    sizes = (args.small, args.large)
    for n in sizes:
        make_events(rets, n).to_parquet(tmp / f"events_{n}.parquet")
    peer_events = make_events(rets, args.peer_events)

    def cli(n: int, root: Path) -> float:
        return run_cli(["batch", str(tmp / f"events_{n}.parquet"), "--prices", str(tmp / "prices.parquet"),
                        "--benchmark", "MKT", "--window", "-10", "10", "--car-window", "-1", "1",
                        "--car-window", "0", "1", "--car-window", "-10", "10",
                        "--tests", "ts_t", "cs_t", "patell", "bmp", "--out", str(tmp / "res.parquet")],
                       root, pycache)

    for root in roots:  # warm-up, untimed: bytecode, file cache
        cli(args.small, root)
    times: dict[tuple[Path, int], list[float]] = {(r, n): [] for r in roots for n in sizes}
    cpu: dict[tuple[Path, int], list[float]] = {(r, n): [] for r in roots for n in sizes}
    peer_us: list[float] = []
    for _ in range(args.repeat):  # interleaved, so that the ratios of a round share the machine's load
        for root in roots:
            for n in sizes:
                times[root, n].append(cli(n, root))
                cpu[root, n].append(CPU_SECONDS[-1])
        p = run_peer(args.peer_python, "eventstudy", rets, peer_events, tmp)
        if "error" in p:
            raise SystemExit(f"eventstudy failed: {p['error']}")
        peer_us.append(1e6 * p["seconds"] / p["computed"])
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"| checkout | round | CLI {args.small:,} s | CLI {args.large:,} s | CLI µs/event (whole process, "
          f"{args.large:,}) | CLI marginal µs/event | eventstudy µs/event | × whole process | × marginal |")
    print("|---|---|---|---|---|---|---|---|---|")
    for root in roots:
        for k in range(args.repeat):
            small, large, pe = times[root, args.small][k], times[root, args.large][k], peer_us[k]
            whole = 1e6 * large / args.large
            marg = 1e6 * (large - small) / (args.large - args.small)
            print(f"| {root.name} | {k + 1} | {small:.2f} | {large:.2f} | {whole:.1f} | {marg:.1f} | {pe:.0f} | "
                  f"{pe / whole:.1f}× | {pe / marg:.1f}× |")
    med = statistics.median
    for root in roots:
        whole_m = 1e6 * med(times[root, args.large]) / args.large
        print(f"median {root.name}: CLI {args.large:,} events {med(times[root, args.large]):.2f} s "
              f"(CPU {med(cpu[root, args.large]):.2f} s, user + system), eventstudy {med(peer_us):.0f} "
              f"µs/event, × whole process {med(peer_us) / whole_m:.1f}")


if __name__ == "__main__":
    main()
