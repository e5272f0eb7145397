"""Benchmark: `marketimpact batch` whole process against the `eventstudy` PyPI package, same run.

The issue-14 target: through the CLI at 100k events (market model, AR/CAR, ts_t/cs_t/Patell/BMP,
prices from a pandas-written Parquet) ≥ 30× faster per event than ``eventstudy``.

Data: ``bench_batch.make_data`` (1,000 securities × 2,000 sessions, fixed seed) as closes saved with
``df.to_parquet()`` (the dates as the index); events as Parquet. Event window (−10, +10), estimation
(−250, −11), CAR windows (−1, +1), (0, +1), (−10, +10) as in ``bench_batch.py``.

* ``marketimpact`` rows: a fresh ``python -m marketimpact.cli batch`` per run (import, reading the
  Parquet files, the study, writing the results Parquet): wall clock around the process. The
  marginal cost per event is the difference between the large and the small size over the
  difference in events (start-up and reading the prices cancel out).
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_data, make_events, run_peer, write_closes_parquet

ROOT = Path(__file__).resolve().parent.parent


def run_cli(args: list[str]) -> float:
    """Wall seconds of one CLI process (it must succeed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "marketimpact.cli", *args], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sec = time.perf_counter() - t
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
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="mi-bench-cli-"))
    rets = make_data()
    write_closes_parquet(rets, tmp / "prices.parquet")  # the pandas way: the dates are the index
    sizes = (args.small, args.large)
    for n in sizes:
        make_events(rets, n).to_parquet(tmp / f"events_{n}.parquet")
    peer_events = make_events(rets, args.peer_events)

    def cli(n: int) -> float:
        return run_cli(["batch", str(tmp / f"events_{n}.parquet"), "--prices", str(tmp / "prices.parquet"),
                        "--benchmark", "MKT", "--window", "-10", "10", "--car-window", "-1", "1",
                        "--car-window", "0", "1", "--car-window", "-10", "10",
                        "--tests", "ts_t", "cs_t", "patell", "bmp", "--out", str(tmp / "res.parquet")])

    times: dict[int, list[float]] = {n: [] for n in sizes}
    peer_us: list[float] = []
    for _ in range(args.repeat):  # interleaved, so that the ratios of a round share the machine's load
        for n in sizes:
            times[n].append(cli(n))
        p = run_peer(args.peer_python, "eventstudy", rets, peer_events, tmp)
        if "error" in p:
            raise SystemExit(f"eventstudy failed: {p['error']}")
        peer_us.append(1e6 * p["seconds"] / p["computed"])
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("| round | CLI 1k s | CLI 100k s | CLI µs/event (whole process, 100k) | CLI marginal µs/event | "
          "eventstudy µs/event | × whole process | × marginal |")
    print("|---|---|---|---|---|---|---|---|")
    for k in range(args.repeat):
        small, large, pe = times[args.small][k], times[args.large][k], peer_us[k]
        whole = 1e6 * large / args.large
        marg = 1e6 * (large - small) / (args.large - args.small)
        print(f"| {k + 1} | {small:.2f} | {large:.2f} | {whole:.1f} | {marg:.1f} | {pe:.0f} | "
              f"{pe / whole:.1f}× | {pe / marg:.1f}× |")
    med = statistics.median
    whole_m = 1e6 * med(times[args.large]) / args.large
    print(f"median: CLI 100k {med(times[args.large]):.2f} s, eventstudy {med(peer_us):.0f} µs/event, "
          f"× whole process {med(peer_us) / whole_m:.1f}")


if __name__ == "__main__":
    main()
