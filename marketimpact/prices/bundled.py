"""Real price snapshots shipped in ``data/prices`` (see its PROVENANCE.md).

Each file is verified against the sha256 in ``manifest.csv`` before use, so an
edited or truncated snapshot is refused instead of silently moving a result.
"""

from __future__ import annotations

import csv
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ChecksumMismatchError, UnknownTickerError
from ..instruments import validate_ticker

_FIELDS = ("open", "high", "low", "close", "adj_close", "volume")


def data_dir() -> Path:
    """The folder holding ``articles/``, ``prices/`` and ``events/``.

    Order: ``$MARKETIMPACT_DATA_DIR``; the copy installed inside the package (wheel);
    the repository's top-level ``data/`` (editable install / source checkout).
    """
    env = os.environ.get("MARKETIMPACT_DATA_DIR")
    if env:
        return Path(env)
    pkg = Path(__file__).resolve().parent.parent
    inside = pkg / "_data"
    if (inside / "prices" / "manifest.csv").exists():
        return inside
    return pkg.parent / "data"


def _prices_dir() -> Path:
    return data_dir() / "prices"


@lru_cache(maxsize=4)
def _ticker_rows(prices_dir: Path) -> dict[str, dict[str, str]]:
    path = prices_dir / "tickers.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["ticker"]: r for r in csv.DictReader(fh)}


def _ticker_files(prices_dir: Path) -> dict[str, str]:
    return {t: r["file"] for t, r in _ticker_rows(prices_dir).items()}


@lru_cache(maxsize=4)
def _manifest(prices_dir: Path) -> dict[str, dict[str, str]]:
    with (prices_dir / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


def bundled_tickers() -> list[str]:
    """Tickers available offline from the bundled snapshots."""
    return sorted(_ticker_files(_prices_dir()))


def bundled_info(ticker: str) -> dict[str, str]:
    """Manifest row (title, source repository, commit, range, sha256) for a bundled ticker."""
    t = validate_ticker(ticker)
    files = _ticker_files(_prices_dir())
    if t not in files:
        raise UnknownTickerError(f"ticker {t!r} is not bundled; bundled: {', '.join(sorted(files))}")
    info = dict(_manifest(_prices_dir())[files[t]])
    info["vendor"] = _ticker_rows(_prices_dir())[t].get("vendor") or ""
    return info


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@lru_cache(maxsize=64)
def _load_verified(path: Path, expected_sha: str, mtime_ns: int) -> pd.DataFrame:
    actual = _sha256(path)
    if actual != expected_sha:
        raise ChecksumMismatchError(
            f"bundled file {path.name} does not match its checksum in manifest.csv "
            f"(expected {expected_sha[:12]}…, got {actual[:12]}…); restore it with git checkout"
        )
    df = pd.read_csv(path, parse_dates=["date"])
    df = df.rename(columns={"date": "session"}).set_index("session").sort_index()
    keep = [c for c in _FIELDS if c in df.columns]
    out = df[keep].astype("float64")
    out.index = pd.DatetimeIndex(out.index, name="session")
    return out


def load_bundled(ticker: str) -> pd.DataFrame:
    """Whole bundled history of ``ticker``: session-indexed float columns
    (``open, high, low, close, adj_close, volume`` where the source has them).

    Raises
    ------
    UnknownTickerError
        The ticker has no bundled snapshot.
    ChecksumMismatchError
        The file was altered since it was recorded in ``manifest.csv``.
    """
    pdir = _prices_dir()
    info = bundled_info(ticker)
    path = pdir / info["file"]
    return _load_verified(path, info["sha256"], path.stat().st_mtime_ns).copy()
