"""Replay recorded Yahoo chart-API responses instead of the network (offline demos and tests).

:func:`replay_yahoo` serves every ``/v8/finance/chart/<symbol>`` request that yfinance makes
from JSON bodies in a folder, at the HTTP boundary (``curl_cffi``'s ``Session.request``), so
yfinance's own parsing and the whole :func:`~marketimpact.prices.load_prices` path (limits,
cache, calendars) run unchanged. A request with no recording gets Yahoo's 404 body.

Recordings are files named ``chart_<SYMBOL>_<interval>_*.json`` (``=`` → ``~3D``, ``^`` →
``~5E``, as in the price cache) plus a ``manifest.json`` with ``recorded_on`` (the UTC date of
the recording: Yahoo's look-back limits are judged from it, since a 5-minute bar from
February 2025 is only servable in the 60 days after). The data go to a fresh temporary cache
by default, so replayed bars never mix with the user's real cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import ConfigurationError
from . import yahoo

#: folders whose recordings are being replayed right now (innermost last)
_ACTIVE: list[Path] = []


def active_replay() -> Path | None:
    """The folder being replayed by :func:`replay_yahoo`, or ``None`` (real network / cache)."""
    return _ACTIVE[-1] if _ACTIVE else None


_NOT_FOUND = json.dumps(
    {"chart": {"result": None, "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"}}}
).encode()


def _escape(symbol: str) -> str:
    return symbol.upper().replace("=", "~3D").replace("^", "~5E")


def _recordings(folder: Path) -> dict[tuple[str, str], Path]:
    out: dict[tuple[str, str], Path] = {}
    for f in sorted(folder.glob("chart_*_*.json")):
        parts = f.stem.split("_")
        if len(parts) >= 3:
            out.setdefault((parts[1], parts[2]), f)
    return out


def recorded_response(url: str, status: int, body: bytes):
    """A curl_cffi response carrying a recorded body, as the HTTP layer would hand it to yfinance."""
    from curl_cffi.requests.models import Response

    r = Response()
    r.url, r.status_code, r.content = url, status, body
    return r


@contextlib.contextmanager
def replay_yahoo(folder: str | Path, *, cache_dir: str | Path | None = None) -> Iterator[dict[tuple[str, str], Path]]:
    """Within the ``with`` block, Yahoo answers from the recordings in ``folder``.

    Parameters
    ----------
    folder
        Folder with ``chart_<SYMBOL>_<interval>_*.json`` files and ``manifest.json``.
    cache_dir
        Price cache to use meanwhile (default: a new temporary folder, removed afterwards).

    Yields
    ------
    dict
        ``(escaped symbol, interval) → file`` of the recordings found.

    Raises
    ------
    ConfigurationError
        ``folder`` has no recordings or no ``manifest.json`` with ``recorded_on``.
    """
    import curl_cffi.requests as cr
    import yfinance.cache as yfc
    from yfinance.data import YfData

    root = Path(folder)
    files = _recordings(root)
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        recorded_on = dt.date.fromisoformat(manifest["recorded_on"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ConfigurationError(f"{root}: no manifest.json with a 'recorded_on' date (YYYY-MM-DD)") from None
    if not files:
        raise ConfigurationError(f"{root}: no recorded chart_<SYMBOL>_<interval>_*.json files")

    def request(self, method, url, *args, params=None, **kwargs):
        url = str(url)
        if "fc.yahoo.com" in url:
            return recorded_response(url, 404, b"")
        if "getcrumb" in url:
            return recorded_response(url, 200, b"recorded")
        sym = yahoo._chart_symbol(url)
        interval = str((params or {}).get("interval", "1d")).replace("60m", "1h")
        path = files.get((_escape(sym or ""), interval)) or (
            files.get(next((k for k in files if k[0] == _escape(sym or "")), ("", "")))
            if "range" in (params or {}) else None  # yfinance's timezone probe: any recording of the symbol
        )
        if path is None:
            return recorded_response(url, 404, _NOT_FOUND)
        return recorded_response(url, 200, path.read_bytes())

    saved = {
        "request": cr.Session.request, "probe": yahoo._probe, "today": yahoo._today,
        "tz": yfc.get_tz_cache, "cookie": yfc.get_cookie_cache,
    }
    env = {k: os.environ.get(k) for k in ("MARKETIMPACT_OFFLINE", "MARKETIMPACT_CACHE_DIR")}
    tmp = tempfile.TemporaryDirectory(prefix="marketimpact-replay-") if cache_dir is None else None
    try:
        cr.Session.request = request
        yahoo._probe = lambda timeout: None
        yahoo._today = lambda: recorded_on
        yfc.get_tz_cache = lambda: yfc._TzCacheDummy()
        yfc.get_cookie_cache = lambda: yfc._CookieCacheDummy()
        YfData.cache_get.cache_clear()
        os.environ["MARKETIMPACT_OFFLINE"] = "0"
        os.environ["MARKETIMPACT_CACHE_DIR"] = str(cache_dir if cache_dir is not None else tmp.name)  # type: ignore[union-attr]
        _ACTIVE.append(root)
        yield files
    finally:
        if _ACTIVE and _ACTIVE[-1] is root:
            _ACTIVE.pop()
        cr.Session.request = saved["request"]
        yahoo._probe, yahoo._today = saved["probe"], saved["today"]
        yfc.get_tz_cache, yfc.get_cookie_cache = saved["tz"], saved["cookie"]
        YfData.cache_get.cache_clear()
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if tmp is not None:
            tmp.cleanup()
