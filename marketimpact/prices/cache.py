"""On-disk price cache: one Parquet file per (ticker, interval), checksummed, atomically written.

Location: ``$MARKETIMPACT_CACHE_DIR`` or ``~/.cache/marketimpact``; files live in its
``prices/`` folder. File format (see :func:`write_entry`):

* Parquet (pyarrow), one row per bar. Index column ``session`` (``timestamp[ns]``,
  naive dates) for daily bars, ``timestamp`` (``timestamp[ns, UTC]``) for intraday bars;
  float64 columns among ``open, high, low, close, adj_close, volume``.
* Schema metadata key ``marketimpact`` = JSON: ``format``, ``ticker``, ``interval``,
  ``fetched_at`` (UTC ISO, last write), ``yfinance_version``, ``covered`` (list of
  inclusive ``[first_day, last_day]`` ranges fetched and found complete), ``first`` and
  ``last`` row, ``rows`` and ``sha256`` of the data payload (see :func:`payload_sha256`).

Why so careful: a cache that silently serves torn or edited data moves results without
anyone noticing. Reads verify schema, row count and checksum; writes go to a temporary
file in the same folder, are fsynced, then ``os.replace``\\ d over the entry while an
``fcntl.flock`` on ``<entry>.lock`` serialises concurrent writers (each merges what the
previous one wrote). A process killed mid-write leaves the old entry intact and at most
a stale temporary file, removed by the next writer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._io import fsync_dir
from ..errors import CacheReadError, CacheWriteError, ChecksumMismatchError, MarketImpactWarning, PriceDataError
from ..instruments import validate_ticker

FORMAT = 1
FIELDS = ("open", "high", "low", "close", "adj_close", "volume")
_META_KEY = b"marketimpact"
#: Characters kept verbatim in file names; everything else (``^ = .``) is hex-escaped.
_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

#: Test hook: called with the temporary path after it is written and fsynced, just
#: before ``os.replace`` (the fault tests sleep here and SIGKILL the writer).
before_replace: Callable[[Path], None] | None = None

Range = tuple[dt.date, dt.date]


def cache_root() -> Path:
    """Root of marketimpact's caches: ``$MARKETIMPACT_CACHE_DIR`` or ``~/.cache/marketimpact``."""
    root = os.environ.get("MARKETIMPACT_CACHE_DIR") or str(Path.home() / ".cache" / "marketimpact")
    return Path(root).expanduser()


def cache_dir() -> Path:
    """Folder of the price cache: ``$MARKETIMPACT_CACHE_DIR/prices`` or ``~/.cache/marketimpact/prices``."""
    return cache_root() / "prices"


def entry_name(ticker: str, interval: str) -> str:
    """File stem for a (ticker, interval) entry, derived from the *validated* ticker.

    Yahoo symbols are case-insensitive (yfinance upper-cases them), so the stem is too;
    ``^`` ``=`` ``.`` become ``~XX`` hex escapes: ``BZ=F`` → ``BZ~3DF__1d``. The raw
    string never reaches the file system (``../x`` is refused by :func:`validate_ticker`).
    """
    t = validate_ticker(ticker).upper()
    if interval not in {"1d", "1m", "2m", "5m", "15m", "30m", "1h", "90m"}:
        raise PriceDataError(f"no cache entries for interval {interval!r}")
    stem = "".join(c if c in _SAFE else f"~{ord(c):02X}" for c in t)
    return f"{stem}__{interval}"


def entry_path(ticker: str, interval: str) -> Path:
    """Parquet file of the (ticker, interval) entry (it may not exist)."""
    return cache_dir() / f"{entry_name(ticker, interval)}.parquet"


@dataclass
class CacheEntry:
    """A verified cache entry: the bars, the ranges known complete, and the metadata."""

    path: Path
    frame: pd.DataFrame
    covered: list[Range]
    meta: dict

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """True when ``start..end`` lies inside the recorded complete ranges."""
        return not missing_ranges(self.covered, start, end)


# --- ranges -------------------------------------------------------------------


def merge_ranges(ranges: list[Range]) -> list[Range]:
    """Union of inclusive date ranges; touching ranges (end + 1 day = start) are joined."""
    out: list[Range] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def missing_ranges(covered: list[Range], start: dt.date, end: dt.date) -> list[Range]:
    """Parts of ``start..end`` (inclusive) outside ``covered``."""
    gaps: list[Range] = []
    cur = start
    for a, b in merge_ranges(covered):
        if b < cur:
            continue
        if a > end:
            break
        if a > cur:
            gaps.append((cur, a - dt.timedelta(days=1)))
        cur = max(cur, b + dt.timedelta(days=1))
        if cur > end:
            return gaps
    if cur <= end:
        gaps.append((cur, end))
    return gaps


def format_ranges(ranges: list[Range]) -> str:
    """``2025-02-13..2025-02-14, 2025-03-01..2025-03-01`` (for error messages)."""
    return ", ".join(f"{a}..{b}" for a, b in ranges)


# --- payload ------------------------------------------------------------------


def _canonical(frame: pd.DataFrame, interval: str) -> pd.DataFrame:
    """Float64 columns in FIELDS order, index ``session`` (naive) or ``timestamp`` (UTC), ns unit."""
    keep = [c for c in FIELDS if c in frame.columns]
    out = frame[keep].astype("float64")
    idx = pd.DatetimeIndex(frame.index)
    if interval == "1d":
        if idx.tz is not None:
            idx = idx.tz_localize(None)
        idx = idx.as_unit("ns").rename("session")
    else:
        if idx.tz is None:
            raise PriceDataError("intraday bars need tz-aware timestamps")
        idx = idx.tz_convert("UTC").as_unit("ns").rename("timestamp")
    out.index = idx
    out = out[~out.index.duplicated(keep="last")].sort_index()
    return out


def payload_sha256(frame: pd.DataFrame) -> str:
    """sha256 of a canonical frame: index int64 ns, then each column name and float64 bytes.

    Independent of Parquet encoding/compression, so it checks the *values* read back.
    """
    h = hashlib.sha256()
    h.update(str(pd.DatetimeIndex(frame.index).tz).encode())
    h.update(np.ascontiguousarray(pd.DatetimeIndex(frame.index).as_unit("ns").asi8, dtype="<i8").tobytes())
    for col in frame.columns:
        h.update(b"\0" + str(col).encode() + b"\0")
        h.update(np.ascontiguousarray(frame[col].to_numpy(dtype="float64"), dtype="<f8").tobytes())
    return h.hexdigest()


def _yfinance_version() -> str:
    try:
        from importlib.metadata import version

        return version("yfinance")
    except Exception:  # not installed: the cache can still be written by tests/tools
        return "unknown"


# --- read ---------------------------------------------------------------------


def _corrupt(path: Path, why: str) -> ChecksumMismatchError:
    return ChecksumMismatchError(
        f"cached price file {path} is corrupt ({why}); it is not used. Delete it or refetch online "
        "(MARKETIMPACT_OFFLINE unset) to replace it"
    )


def _read(path: Path, interval: str) -> CacheEntry:
    import pyarrow.parquet as pq

    try:
        # One open, one read: pyarrow's path reader stats the file and reopens it, so an
        # ``os.replace`` by a concurrent writer between the two gave a size from one file
        # and bytes from the other (a torn read seen in CI). Bytes in memory are one inode.
        import pyarrow as pa

        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:  # permissions, I/O errors: the file may be fine, so it is not "corrupt"
        raise CacheReadError(
            f"cannot read price cache {path} ({exc.strerror or exc}); fix its permissions or delete it"
        ) from None
    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # ArrowInvalid, OSError on truncated footers, …
        raise _corrupt(path, f"unreadable Parquet: {exc}") from None
    raw = (table.schema.metadata or {}).get(_META_KEY)
    try:
        meta = json.loads(raw.decode()) if raw else None
    except (UnicodeDecodeError, ValueError):
        meta = None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("interval") != interval:
        raise _corrupt(path, "missing or foreign metadata")
    index_name = "session" if interval == "1d" else "timestamp"
    names = table.schema.names
    if index_name not in names or not set(names) - {index_name} <= set(FIELDS):
        raise _corrupt(path, f"unexpected columns {names}")
    try:
        df = table.to_pandas(ignore_metadata=True).set_index(index_name)
        frame = _canonical(df, interval)
    except Exception as exc:
        raise _corrupt(path, f"bad schema: {exc}") from None
    if len(frame) != meta.get("rows") or len(frame) != table.num_rows:
        raise _corrupt(path, f"{len(frame)} rows, metadata says {meta.get('rows')}")
    if payload_sha256(frame) != meta.get("sha256"):
        raise _corrupt(path, "sha256 of the data does not match the recorded checksum")
    try:
        covered = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in meta["covered"]]
    except (KeyError, TypeError, ValueError):
        raise _corrupt(path, "bad covered ranges") from None
    return CacheEntry(path, frame, merge_ranges(covered), meta)


def read_entry(ticker: str, interval: str = "1d") -> CacheEntry | None:
    """The verified entry for (ticker, interval), or ``None`` when there is none.

    Raises
    ------
    InvalidTickerError
        Path-like or malformed ticker.
    ChecksumMismatchError
        The file exists but is unreadable, truncated, edited or of a foreign schema;
        the message names the file. Corrupt data are never returned.
    """
    path = entry_path(ticker, interval)
    if not path.exists():
        return None
    return _read(path, interval)  # entries are only ever replaced, never removed


# --- write --------------------------------------------------------------------


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Exclusive ``flock`` on ``lock_path`` (created if needed; never deleted, so all writers share it)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _free_name(path: Path) -> Path:
    """``path``, or ``path.2``, ``path.3`` … : the first name not taken."""
    n, candidate = 1, path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


def _write_parquet(fh, frame: pd.DataFrame, meta: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=True)
    # only our own metadata: the file is read back by column name, not through pandas' record
    schema_meta = {_META_KEY: json.dumps(meta, sort_keys=True).encode()}
    pq.write_table(table.replace_schema_metadata(schema_meta), fh, compression="zstd")


def _atomic_write(path: Path, frame: pd.DataFrame, meta: dict) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_parquet(fh, frame, meta)
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def write_entry(
    ticker: str,
    interval: str,
    frame: pd.DataFrame,
    covered: list[Range],
    fetched_at: str | None = None,
) -> CacheEntry:
    """Merge ``frame`` into the (ticker, interval) entry and write it atomically.

    Union of rows, the new bars win where both have a session/timestamp ("newest
    wins"); ``covered`` is added to the recorded complete ranges. A corrupt existing
    file is not merged: it is renamed to ``<file>.corrupt`` with a warning.

    Parameters
    ----------
    frame
        Bars (float columns among FIELDS); daily: date index; intraday: tz-aware index.
    covered
        Inclusive date ranges this fetch is known to cover completely.
    fetched_at
        UTC ISO time of the fetch (default: now).

    Returns
    -------
    CacheEntry
        What is now on disk.

    Raises
    ------
    CacheWriteError
        The entry could not be written (disk full, permissions); the previous entry is
        left untouched.
    """
    path = entry_path(ticker, interval)
    new = _canonical(frame, interval)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.with_name(path.stem + ".lock")):
            for stale in path.parent.glob(f".{path.stem}.*.tmp"):  # left by a killed writer
                with contextlib.suppress(OSError):
                    stale.unlink()
            old: CacheEntry | None = None
            if path.exists():
                try:
                    old = _read(path, interval)
                except ChecksumMismatchError as exc:
                    quarantine = _free_name(path.with_name(path.name + ".corrupt"))  # never over an earlier one
                    os.replace(path, quarantine)
                    warnings.warn(f"{exc}; moved aside to {quarantine.name}", MarketImpactWarning, stacklevel=2)
            if old is not None and len(old.frame):
                merged = pd.concat([old.frame, new])
                merged = merged[~merged.index.duplicated(keep="last")].sort_index()
                ranges = merge_ranges([*old.covered, *covered])
            else:
                merged, ranges = new, merge_ranges(list(covered))
            meta = {
                "format": FORMAT,
                "ticker": validate_ticker(ticker).upper(),
                "interval": interval,
                "fetched_at": fetched_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "yfinance_version": _yfinance_version(),
                "covered": [[a.isoformat(), b.isoformat()] for a, b in ranges],
                "first": str(merged.index[0]) if len(merged) else None,
                "last": str(merged.index[-1]) if len(merged) else None,
                "rows": len(merged),
                "sha256": payload_sha256(merged),
            }
            _atomic_write(path, merged, meta)
    except CacheReadError:
        raise
    except OSError as exc:
        reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise CacheWriteError(
            f"cannot write price cache {path} ({reason}); the previous cache content is unchanged"
        ) from exc
    return CacheEntry(path, merged, ranges, meta)
