"""The price cache under faults: corruption, SIGKILL mid-write, concurrent writers, full disk."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import marketimpact as mi
from marketimpact.errors import (
    CacheWriteError,
    ChecksumMismatchError,
    ConfigurationError,
    DataRangeError,
    InvalidTickerError,
    MarketImpactWarning,
    UnknownTickerError,
)
from marketimpact.prices import cache, loader
from marketimpact.prices.yahoo import FetchResult

D = dt.date


@pytest.fixture(autouse=True)
def cache_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MARKETIMPACT_CACHE_DIR", str(tmp_path / "mi-cache"))
    return tmp_path / "mi-cache" / "prices"


def bars(first: str, n: int, level: float) -> pd.DataFrame:
    idx = pd.bdate_range(first, periods=n, name="session")
    close = [level + i / 100 for i in range(n)]
    return pd.DataFrame({"open": close, "high": close, "low": close, "close": close, "volume": 100.0}, index=idx)


def span(df: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    return [(df.index[0].date(), df.index[-1].date())]


# --- names and paths ------------------------------------------------------------


def test_file_names_are_derived_from_the_validated_ticker(cache_env):
    assert cache.entry_name("BZ=F", "1d") == "BZ~3DF__1d"
    assert cache.entry_name("^GSPC", "1h") == "~5EGSPC__1h"
    assert cache.entry_name("dx-y.nyb", "1d") == "DX-Y~2ENYB__1d"
    assert cache.entry_path("BZ=F", "1d").parent == cache_env


@pytest.mark.parametrize("ticker", ["../x", "a/b", "..", "", "a b", "x\\y", "/etc/passwd", "x" * 40])
def test_path_like_tickers_never_reach_the_file_system(ticker, cache_env):
    with pytest.raises(InvalidTickerError):
        cache.entry_path(ticker, "1d")
    with pytest.raises(InvalidTickerError):
        cache.write_entry(ticker, "1d", bars("2025-01-06", 3, 10), [])
    with pytest.raises(InvalidTickerError):
        mi.load_prices(ticker, "2025-01-01", "2025-01-10", source="cache")
    assert not cache_env.exists() or not any(cache_env.iterdir())


def test_start_after_end_is_refused_before_any_io():
    with pytest.raises(ConfigurationError, match="after end"):
        mi.load_prices("BZ=F", "2025-02-14", "2025-02-10", source="cache")


# --- format ---------------------------------------------------------------------


def test_round_trip_and_metadata_in_the_parquet_schema():
    df = bars("2025-01-06", 5, 70.0)
    entry = cache.write_entry("BZ=F", "1d", df, span(df), fetched_at="2025-02-01T00:00:00+00:00")
    meta = json.loads(pq.read_schema(entry.path).metadata[b"marketimpact"])
    assert meta["fetched_at"] == "2025-02-01T00:00:00+00:00"
    assert meta["yfinance_version"] and meta["rows"] == 5 and len(meta["sha256"]) == 64
    assert meta["covered"] == [["2025-01-06", "2025-01-10"]]
    back = cache.read_entry("BZ=F")
    expected = df[["open", "high", "low", "close", "volume"]]
    pd.testing.assert_frame_equal(back.frame, expected, check_freq=False, check_index_type=False)
    assert back.covers(D(2025, 1, 7), D(2025, 1, 9)) and not back.covers(D(2025, 1, 7), D(2025, 1, 13))


def test_new_ranges_merge_and_newest_wins():
    old = bars("2025-01-06", 5, 70.0)  # 6..10 Jan
    new = bars("2025-01-09", 5, 80.0)  # 9..15 Jan
    cache.write_entry("BZ=F", "1d", old, span(old))
    entry = cache.write_entry("BZ=F", "1d", new, span(new))
    f = entry.frame
    assert len(f) == 8
    assert f.loc["2025-01-08", "close"] == pytest.approx(70.02)  # old only
    assert f.loc["2025-01-09", "close"] == pytest.approx(80.00)  # overlap: newest
    assert entry.covered == [(D(2025, 1, 6), D(2025, 1, 15))]


def test_ranges_helpers():
    cov = [(D(2025, 1, 1), D(2025, 1, 10)), (D(2025, 1, 11), D(2025, 1, 12)), (D(2025, 2, 1), D(2025, 2, 5))]
    assert cache.merge_ranges(cov) == [(D(2025, 1, 1), D(2025, 1, 12)), (D(2025, 2, 1), D(2025, 2, 5))]
    assert cache.missing_ranges(cov, D(2025, 1, 5), D(2025, 2, 10)) == [
        (D(2025, 1, 13), D(2025, 1, 31)),
        (D(2025, 2, 6), D(2025, 2, 10)),
    ]
    assert cache.missing_ranges([], D(2025, 1, 1), D(2025, 1, 2)) == [(D(2025, 1, 1), D(2025, 1, 2))]


def test_cache_source_names_missing_ranges():
    with pytest.raises(UnknownTickerError, match="not in the price cache"):
        mi.load_prices("BZ=F", "2025-01-06", "2025-01-10", source="cache")
    df = bars("2025-01-06", 5, 70.0)
    cache.write_entry("BZ=F", "1d", df, span(df))
    with pytest.raises(DataRangeError, match=r"2025-01-11\.\.2025-01-20"):
        mi.load_prices("BZ=F", "2025-01-06", "2025-01-20", source="cache")
    p = mi.load_prices("BZ=F", "2025-01-07", "2025-01-08", source="cache")
    assert list(p["BZ=F"]["close"]) == pytest.approx([70.01, 70.02])
    assert p.provenance["BZ=F"]["source"] == "cache"


# --- corruption -----------------------------------------------------------------


def _flip(path: Path, where: float) -> None:
    data = bytearray(path.read_bytes())
    i = int(len(data) * where)
    data[i : i + 8] = bytes(b ^ 0xFF for b in data[i : i + 8])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["flip-early", "flip-middle", "flip-footer", "truncate", "empty"])
def test_corrupted_file_is_detected_and_named(damage):
    df = bars("2025-01-06", 50, 70.0)
    entry = cache.write_entry("BZ=F", "1d", df, span(df))
    if damage == "truncate":
        entry.path.write_bytes(entry.path.read_bytes()[: entry.path.stat().st_size // 2])
    elif damage == "empty":
        entry.path.write_bytes(b"")
    else:
        _flip(entry.path, {"flip-early": 0.1, "flip-middle": 0.4, "flip-footer": 0.97}[damage])
    with pytest.raises(ChecksumMismatchError, match=r"BZ~3DF__1d\.parquet"):
        cache.read_entry("BZ=F")
    with pytest.raises(ChecksumMismatchError, match="corrupt"):
        mi.load_prices("BZ=F", "2025-01-06", "2025-01-10", source="cache")


def test_edited_value_with_valid_parquet_fails_the_checksum():
    df = bars("2025-01-06", 5, 70.0)
    entry = cache.write_entry("BZ=F", "1d", df, span(df))
    table = pq.read_table(entry.path)
    close = table.column("close").to_pylist()
    close[2] = 99.0
    edited = table.set_column(table.schema.get_field_index("close"), "close", pa.array(close))
    pq.write_table(edited.replace_schema_metadata(table.schema.metadata), entry.path)
    with pytest.raises(ChecksumMismatchError, match="sha256"):
        cache.read_entry("BZ=F")


def test_corrupt_entry_offline_raises_and_online_is_refetched(monkeypatch):
    monkeypatch.setattr(loader, "bundled_tickers", lambda: [])
    df = bars("2025-01-06", 5, 70.0)
    entry = cache.write_entry("BZ=F", "1d", df, span(df))
    entry.path.write_bytes(entry.path.read_bytes()[:-20])  # torn tail
    # offline (the test default): never used, never deleted, named
    with pytest.raises(ChecksumMismatchError, match=r"BZ~3DF__1d\.parquet"):
        mi.load_prices("BZ=F", "2025-01-06", "2025-01-10")
    assert entry.path.exists()
    # online: treated as missing, refetched, the bad file moved aside with a warning
    monkeypatch.setenv("MARKETIMPACT_OFFLINE", "0")
    fresh = bars("2025-01-06", 5, 71.0)
    monkeypatch.setattr(loader, "download_frames", lambda t, s, e, i: FetchResult(frames={"BZ=F": fresh}))
    with pytest.warns(MarketImpactWarning, match="corrupt"):
        p = mi.load_prices("BZ=F", "2025-01-06", "2025-01-10")
    assert p["BZ=F"].loc["2025-01-06", "close"] == pytest.approx(71.0)
    assert entry.path.with_name(entry.path.name + ".corrupt").exists()
    assert cache.read_entry("BZ=F").frame["close"].iloc[0] == pytest.approx(71.0)


# --- crashes and concurrency ----------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time, pathlib
    import pandas as pd
    from marketimpact.prices import cache

    mode, level, first, n, reps = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    idx = pd.bdate_range(first, periods=n, name="session")
    df = pd.DataFrame({"close": [level] * n, "open": [level] * n}, index=idx)
    if mode == "hang":
        def hook(tmp):
            part = pathlib.Path(sys.argv[6] + ".part")  # written whole, then renamed: the test never reads it half-written
            part.write_text(str(tmp))
            part.replace(sys.argv[6])
            time.sleep(120)
        cache.before_replace = hook
    elif mode == "race":
        go = pathlib.Path(sys.argv[6])
        while not go.exists():
            time.sleep(0.005)
    for _ in range(reps):
        cache.write_entry("CL=F", "1d", df, [(idx[0].date(), idx[-1].date())])
    """
)


def _writer(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, *args], env=os.environ.copy())


def test_sigkill_between_temp_write_and_replace_keeps_the_old_entry(tmp_path, cache_env):
    old = bars("2025-01-06", 5, 70.0)[["close", "open"]]
    cache.write_entry("CL=F", "1d", old, span(old))
    before = cache.read_entry("CL=F")
    marker = tmp_path / "in-critical-section"
    proc = _writer("hang", "99", "2025-01-06", "10", "1", str(marker))
    # a hang guard only: the writer normally reaches the marker in about a second (its imports); five
    # minutes leaves a loaded CI machine every margin, and the test never waits that long unless it hangs
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, "writer exited early"
        assert time.monotonic() < deadline, "writer never reached os.replace"
        time.sleep(0.02)
    tmp = Path(marker.read_text())
    assert tmp.exists() and tmp.parent == cache_env  # temp file complete, not yet in place
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    after = cache.read_entry("CL=F")  # readable, consistent, old content
    pd.testing.assert_frame_equal(after.frame, before.frame)
    assert after.meta["sha256"] == before.meta["sha256"]
    # the lock died with the process; the next writer proceeds and sweeps the stale temp file
    cache.write_entry("CL=F", "1d", old, span(old))
    assert not tmp.exists()


def test_two_processes_writing_the_same_entry_never_tear_it(tmp_path):
    go = tmp_path / "go"
    a = _writer("race", "1", "2025-01-06", "10", "40", str(go))  # 6..17 Jan, 40 writes
    b = _writer("race", "2", "2025-01-13", "10", "40", str(go))  # 13..24 Jan, 40 writes
    time.sleep(1.0)  # let both import pandas and wait at the gate
    go.touch()
    reads = 0
    while a.poll() is None or b.poll() is None:
        entry = cache.read_entry("CL=F")  # every intermediate state must verify
        reads += entry is not None  # no sleep: read as often as possible to meet each replace
    assert a.returncode == 0 and b.returncode == 0
    f = cache.read_entry("CL=F").frame
    assert len(f) == 15  # union of both: 6..24 Jan business days
    only_a = f.loc[:"2025-01-10", "close"]
    only_b = f.loc["2025-01-20":, "close"]
    overlap = f.loc["2025-01-13":"2025-01-17", "close"]
    assert (only_a == 1).all() and (only_b == 2).all()
    assert overlap.nunique() == 1 and overlap.iloc[0] in (1.0, 2.0)  # one writer's version, never mixed
    assert (f["open"] == f["close"]).all()  # rows are whole
    assert cache.read_entry("CL=F").covered == [(D(2025, 1, 6), D(2025, 1, 24))]


def test_full_disk_is_a_clear_error_and_the_old_entry_survives(monkeypatch, cache_env):
    old = bars("2025-01-06", 5, 70.0)
    cache.write_entry("BZ=F", "1d", old, span(old))
    before = cache.read_entry("BZ=F")
    real = cache._write_parquet

    def half_then_enospc(fh, frame, meta):
        real(fh, frame.iloc[:1], meta)  # some bytes reached the temp file…
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache, "_write_parquet", half_then_enospc)
    new = bars("2025-01-13", 5, 80.0)
    with pytest.raises(CacheWriteError, match=r"disk full.*previous cache content is unchanged"):
        cache.write_entry("BZ=F", "1d", new, span(new))
    after = cache.read_entry("BZ=F")
    pd.testing.assert_frame_equal(after.frame, before.frame)
    assert not list(cache_env.glob("*.tmp")) and not list(cache_env.glob(".*.tmp"))


def test_enospc_on_fsync_also_keeps_the_old_entry(monkeypatch):
    old = bars("2025-01-06", 5, 70.0)
    cache.write_entry("BZ=F", "1d", old, span(old))
    real_fsync = os.fsync

    def failing_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(CacheWriteError, match="disk full"):
        cache.write_entry("BZ=F", "1d", bars("2025-01-13", 5, 80.0), [])
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(cache.read_entry("BZ=F").frame) == 5
