"""`marketimpact batch --engine dask --scheduler ADDRESS` against a real dask scheduler and two workers.

The test starts ``dask scheduler`` and two ``dask worker`` processes on loopback (the network guard
allows 127.0.0.1), runs the batch CLI in-process against that address twice (the client is reused:
the second call opens no new connection), compares every number with the numpy engine, and stops
the processes it started.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _processes import stop_processes

from marketimpact import cli

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("distributed") is None or shutil.which("dask") is None,
                       reason="needs dask.distributed and its `dask` command"),
    pytest.mark.filterwarnings("ignore::marketimpact.errors.MarketImpactWarning"),
]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    sched_file = d / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(sched_file)], env=env, cwd=d,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        for _ in range(2):
            procs.append(subprocess.Popen(
                ["dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                 "--local-directory", str(d)], env=env, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="30s") as c:
            c.wait_for_workers(2, timeout=90)
        yield address
    finally:
        from marketimpact.study import batch

        batch._close_clients()
        stop_processes(reversed(procs), grace_s=20)  # only the processes this fixture started


def _files(tmp: Path) -> tuple[Path, Path]:
    rng = np.random.default_rng(12)
    days = pd.bdate_range("2021-01-04", periods=400)
    m = rng.normal(0, 0.01, len(days))
    wide = pd.DataFrame({"MKT": 100 * np.exp(np.cumsum(m))}, index=pd.DatetimeIndex(days, name="date"))
    for k in range(6):
        wide[f"S{k}"] = 40 * np.exp(np.cumsum(0.9 * m + rng.normal(0, 0.02, len(days))))
    wide.to_parquet(tmp / "prices.parquet")
    ev = pd.DataFrame({"event_id": [f"e{i}" for i in range(30)], "ticker": [f"S{i % 6}" for i in range(30)],
                       "date": [f"{days[270 + 4 * i]:%Y-%m-%d}" for i in range(30)]})
    ev.to_csv(tmp / "events.csv", index=False)
    return tmp / "events.csv", tmp / "prices.parquet"


def test_batch_cli_on_a_running_scheduler_equals_numpy(scheduler, tmp_path, capsys):
    from marketimpact.study import batch

    events, prices = _files(tmp_path)
    common = ["batch", str(events), "--prices", str(prices), "--benchmark", "MKT", "--chunk-size", "7",
              "--tests", "cs_t", "patell", "bmp", "kp_bmp", "corrado_rank"]
    outs = {}
    for name, extra in (("numpy", ["--engine", "numpy"]), ("dask1", ["--engine", "dask", "--scheduler", scheduler]),
                        ("dask2", ["--engine", "dask", "--scheduler", scheduler])):
        res, tests = tmp_path / f"{name}.parquet", tmp_path / f"{name}_tests.csv"
        assert cli.main([*common, *extra, "--out", str(res), "--tests-out", str(tests)]) == 0, capsys.readouterr().err
        outs[name] = (pd.read_parquet(res), pd.read_csv(tests))
        if name == "dask1":
            first_client = batch._CLIENTS[scheduler]
    assert batch._CLIENTS[scheduler] is first_client and first_client.status == "running"  # reused, not reopened
    assert len(first_client.scheduler_info()["workers"]) == 2
    for name in ("dask1", "dask2"):
        pd.testing.assert_frame_equal(outs["numpy"][0], outs[name][0], rtol=0, atol=1e-12)
        pd.testing.assert_frame_equal(outs["numpy"][1], outs[name][1], rtol=1e-12, atol=1e-12)


def test_unreachable_scheduler_is_one_line(tmp_path, capsys):
    events, prices = _files(tmp_path)
    code = cli.main(["batch", str(events), "--prices", str(prices), "--benchmark", "MKT", "--tests", "cs_t",
                     "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "r.csv")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "cannot reach the dask scheduler" in err[0], err
    assert not (tmp_path / "r.csv").exists()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
