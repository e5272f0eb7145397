"""Benchmark of the batch event-study engine against the per-event reference and PyPI peers.

Reproducible (fixed seed) synthetic-but-realistic data: 1,000 securities × 2,000 sessions of
fat-tailed returns (Student t, 4 df) with a market factor (betas 0.3–1.7, idiosyncratic vol 1–3 %
a day). Events: random (security, session) pairs; market model, estimation (−250, −11), event
window (−10, +10) = 21 days; AR, CAR, per-event t and the multi-event ts_t/cs_t/Patell/BMP tests.

Measured in one run:

* ``batch numpy``  — :func:`marketimpact.study.batch.batch_event_study`, numpy engine;
* ``batch dask``   — the same on a 2-worker dask.distributed LocalCluster (processes);
* ``reference``    — :func:`marketimpact.event_study` (statsmodels per event) on a subset;
* peers            — ``eventstudy`` (LemaireJB) and ``event-study-toolkit`` on a subset, run in a
  separate interpreter (``--peer-python``, a venv where they are installed), timing inside it.

Usage::

    python benchmarks/bench_batch.py                    # 1k, 10k, 100k events
    python benchmarks/bench_batch.py --sizes 1000 10000 --peer-python /tmp/peers_venv/bin/python

Peak memory: ``tracemalloc`` peak of a separate run of the same call (numpy allocations are
traced), and for dask the largest worker ``ru_maxrss``.

``--repeat K`` times each numpy size K times (interleaved: 10k, 100k, 10k, 100k …) and keeps the fastest
of each (hyperfine's "min"): on a shared machine one sample per size moves the marginal cost by
±1.5 µs/event; the default (1) is the single sample of the earlier runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20250212
N_SEC, N_SESS = 1000, 2000
EST, WIN = (-250, -11), (-10, 10)
TESTS = ("ts_t", "cs_t", "patell", "bmp")


def make_data(seed: int = SEED) -> pd.DataFrame:
    """Returns (decimals), sessions × (1,000 securities + "MKT")."""
    from pandas.tseries.holiday import USFederalHolidayCalendar

    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2012-01-03", "2022-12-30")
    days = days[~days.isin(USFederalHolidayCalendar().holidays("2012-01-01", "2022-12-31"))][:N_SESS]
    mkt = 0.0003 + 0.011 * rng.standard_t(4, N_SESS) / np.sqrt(2)
    beta = rng.uniform(0.3, 1.7, N_SEC)
    vol = rng.uniform(0.01, 0.03, N_SEC)
    eps = vol * rng.standard_t(4, (N_SESS, N_SEC)) / np.sqrt(2)
    frame = pd.DataFrame(beta * mkt[:, None] + eps, index=days, columns=[f"S{i:04d}" for i in range(N_SEC)])
    frame["MKT"] = mkt
    return frame


def write_closes_parquet(returns: pd.DataFrame, path: Path) -> None:
    """Closes built from ``returns`` (start 100), saved the pandas way: ``df.to_parquet()`` with the
    dates as the index named ``date`` — what the CLI benchmarks read with ``--prices``."""
    closes = 100 * np.exp(returns.cumsum())
    closes.index.name = "date"
    closes.to_parquet(path)


def make_events(frame: pd.DataFrame, n: int, seed: int = SEED, unique_securities: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed + n)
    sec = frame.columns[:-1].to_numpy()
    tick = rng.permutation(sec)[:n] if unique_securities else sec[rng.integers(0, len(sec), n)]
    pos = rng.integers(-EST[0] + 5, len(frame) + WIN[0] - 1 - WIN[1], n)
    return pd.DataFrame({"event_id": [f"ev{i}" for i in range(n)], "ticker": tick,
                         "date": frame.index[pos].strftime("%Y-%m-%d"), "benchmark": "MKT"})


def run_batch(frame: pd.DataFrame, events: pd.DataFrame, engine: str = "numpy", client=None) -> float:
    from marketimpact.study.batch import batch_event_study

    t = time.perf_counter()
    res = batch_event_study(events, frame, estimation=EST, window=WIN, car_windows=[(-1, 1), (0, 1), WIN],
                            tests=TESTS, engine=engine, client=client, progress=False)
    el = time.perf_counter() - t
    assert res.n_events == len(events), res.skipped.head()
    return el


def peak_tracemalloc(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def run_reference(frame: pd.DataFrame, events: pd.DataFrame) -> float:
    import marketimpact as mi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = time.perf_counter()
        mi.event_study(events, frame, returns_given=True, estimation=EST, window=WIN, tests=TESTS,
                       car_windows=[(-1, 1), (0, 1), WIN])
        return time.perf_counter() - t


PEER_SCRIPT = textwrap.dedent(r'''
    import json, sys, time, warnings, resource
    import numpy as np, pandas as pd
    warnings.simplefilter("ignore")
    peer, rets_path, events_path = sys.argv[1:4]
    rets = pd.read_parquet(rets_path) if rets_path.endswith(".parquet") else pd.read_pickle(rets_path)
    events = pd.read_pickle(events_path)
    out = {"peer": peer, "events": len(events)}
    if peer == "eventstudy":
        import eventstudy as es
        csv = rets_path + ".csv"
        rets.rename_axis("date").reset_index().assign(date=lambda d: d["date"].dt.strftime("%Y-%m-%d")).to_csv(csv, index=False)
        es.Single.import_returns(csv, date_format="%Y-%m-%d")
        lst = [{"event_date": np.datetime64(d), "security_ticker": t, "market_ticker": "MKT"}
               for t, d in zip(events["ticker"], events["date"])]
        t0 = time.perf_counter()
        agg = es.Multiple.from_list(lst, es.Single.market_model, event_window=(-10, 10), estimation_size=240,
                                    buffer_size=10)
        agg.results()
        out["seconds"] = time.perf_counter() - t0
        out["computed"] = len(agg.sample)
    elif peer == "event-study-toolkit":
        from event_study_toolkit.eventstudy import eventstudy
        ids = {t: i for i, t in enumerate(events["ticker"].unique())}
        cols = list(ids)
        long = rets[cols].stack().rename("ret_dlst_adj").reset_index()
        long.columns = ["date", "ticker", "ret_dlst_adj"]
        long["vwretd"] = rets["MKT"].reindex(long["date"]).to_numpy()
        long["subject_id"] = long["ticker"].map(ids)
        ev = pd.DataFrame({"subject_id": events["ticker"].map(ids), "EVT_DATE": pd.to_datetime(events["date"])})
        t0 = time.perf_counter()
        study = eventstudy(240, 10, -10, 10, long[["date", "subject_id", "ret_dlst_adj", "vwretd"]], ev,
                           unique_id="subject_id", calType="NYSE", groups=[])
        stats = study.getFullSampleTestStatistic("market")
        out["seconds"] = time.perf_counter() - t0
        out["computed"] = int(stats["evt_count"].iloc[0])
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
''')


def run_peer(python: str, peer: str, frame: pd.DataFrame, events: pd.DataFrame, tmp: Path) -> dict:
    rets_path, ev_path, script = tmp / "rets.pkl", tmp / f"events_{peer}.pkl", tmp / "peer.py"
    if not rets_path.exists():
        frame.to_pickle(rets_path)
    events.to_pickle(ev_path)
    script.write_text(PEER_SCRIPT)
    proc = subprocess.run([python, str(script), peer, str(rets_path), str(ev_path)], capture_output=True, text=True,
                          timeout=3600)
    if proc.returncode != 0:
        return {"peer": peer, "error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--reference-events", type=int, default=200)
    ap.add_argument("--peer-events", type=int, default=500)
    ap.add_argument("--peer-python", default=os.environ.get("PEER_PYTHON", "/tmp/peers_venv/bin/python"))
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="numpy runs per size, the fastest kept (default 1)")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    frame = make_data()
    print(f"data: {frame.shape[0]} sessions x {frame.shape[1] - 1} securities ({time.perf_counter() - t:.1f} s)")
    rows: list[dict] = []
    # warm-up (imports, timezone database)
    run_batch(frame, make_events(frame, 200))
    events = {n: make_events(frame, n) for n in args.sizes}
    best: dict[int, float] = {}
    for _ in range(max(1, args.repeat)):  # interleaved, so that every size sees the machine's moments alike
        for n in args.sizes:
            best[n] = min(best.get(n, float("inf")), run_batch(frame, events[n]))
    for n in args.sizes:
        ev = events[n]
        mem = peak_tracemalloc(lambda ev=ev: run_batch(frame, ev))
        rows.append({"engine": "batch numpy", "events": n, "seconds": best[n], "peak_mb": mem,
                     "runs": max(1, args.repeat)})
        print(rows[-1], flush=True)
    if not args.no_dask:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("dask.distributed not installed: dask rows skipped")
        else:
            # two LocalClusters of 2 workers: worker processes (data serialised to them) and worker
            # threads in this process (no serialisation; numpy releases the GIL in the heavy kernels)
            for processes, label in ((True, "batch dask (2 worker processes)"), (False, "batch dask (2 worker threads)")):
                with LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=None) as cl, \
                        Client(cl) as client:
                    run_batch(frame, make_events(frame, 200), "dask", client)
                    for n in args.sizes:
                        ev = make_events(frame, n)
                        s = run_batch(frame, ev, "dask", client)
                        wmem = max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values()) / 1024
                        rows.append({"engine": label, "events": n, "seconds": s, "peak_mb": wmem,
                                     "mem_note": "max worker maxrss"})
                        print(rows[-1], flush=True)
    ev = make_events(frame, args.reference_events)
    rows.append({"engine": "reference EventStudy (statsmodels)", "events": len(ev), "seconds": run_reference(frame, ev),
                 "peak_mb": float("nan")})
    print(rows[-1], flush=True)
    if args.peer_python and Path(args.peer_python).exists():
        with tempfile.TemporaryDirectory() as d:
            for peer in ("eventstudy", "event-study-toolkit"):
                ev = make_events(frame, args.peer_events, unique_securities=(peer == "event-study-toolkit"))
                r = run_peer(args.peer_python, peer, frame, ev, Path(d))
                if "error" in r:
                    print(f"{peer}: {r['error']}")
                    continue
                rows.append({"engine": f"peer {peer}", "events": r["events"], "computed": r["computed"],
                             "seconds": r["seconds"], "peak_mb": r["maxrss_mb"], "mem_note": "process maxrss"})
                print(rows[-1], flush=True)
    else:
        print(f"peer interpreter {args.peer_python!r} not found: peers skipped")

    for r in rows:
        r["us_per_event"] = 1e6 * r["seconds"] / r["events"]
    peers = {r["engine"]: r["us_per_event"] for r in rows if r["engine"].startswith(("peer", "reference"))}
    print()
    print(f"# {dt.date.today()}  {platform.machine()}  {os.cpu_count()} cores  Python {platform.python_version()}  "
          f"numpy {np.__version__}  pandas {pd.__version__}")
    head = f"| {'engine':<36} | {'events':>7} | {'total s':>8} | {'µs/event':>9} | {'peak MB':>8} |"
    head += "".join(f" × vs {k.replace('peer ', '').split(' ')[0]} |" for k in peers)
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for r in rows:
        line = (f"| {r['engine']:<36} | {r['events']:>7} | {r['seconds']:>8.3f} | {r['us_per_event']:>9.1f} | "
                f"{r['peak_mb']:>8.0f} |")
        for _k, v in peers.items():
            line += f" {v / r['us_per_event']:>8.1f}× |"
        print(line)
    num = {r["events"]: r["seconds"] for r in rows if r["engine"] == "batch numpy"}
    if len(num) >= 2:
        a, b = sorted(num)[-2:]
        print(f"\nmarginal numpy cost between {a} and {b} events: {1e6 * (num[b] - num[a]) / (b - a):.2f} µs/event")
    dsk = {r["events"]: r["seconds"] for r in rows if r["engine"].startswith("batch dask")}
    for n in sorted(set(num) & set(dsk)):
        print(f"dask / numpy at {n} events: {dsk[n] / num[n]:.2f}×")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, default=float))


if __name__ == "__main__":
    sys.exit(main())
