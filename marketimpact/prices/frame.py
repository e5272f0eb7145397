"""`Prices`: price bars for several tickers with their provenance."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..errors import BadPriceError, UnknownTickerError


@dataclass
class Prices:
    """Daily bars per ticker, each indexed by ``session`` (a date label), plus provenance.

    Each ticker keeps its own sessions (a holiday on one exchange is not a NaN row of
    another). ``close()`` gives the familiar wide frame; ``to_frame()`` the tidy one.
    """

    bars: dict[str, pd.DataFrame]
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def tickers(self) -> list[str]:
        return list(self.bars)

    def __getitem__(self, ticker: str) -> pd.DataFrame:
        try:
            return self.bars[ticker]
        except KeyError:
            raise UnknownTickerError(f"{ticker!r} is not in these prices ({', '.join(self.bars)})") from None

    def __contains__(self, ticker: object) -> bool:
        return ticker in self.bars

    def close(self, tickers: list[str] | None = None) -> pd.DataFrame:
        """Wide frame of closes (sessions × tickers); NaN where a ticker did not trade."""
        cols = {t: self[t]["close"] for t in (tickers or self.tickers)}
        return pd.DataFrame(cols).sort_index().rename_axis("session")

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame: one row per (ticker, session) with the available fields."""
        parts = [b.assign(ticker=t).reset_index() for t, b in self.bars.items()]
        if not parts:
            return pd.DataFrame(columns=["ticker", "session", "close"])
        df = pd.concat(parts, ignore_index=True)
        cols = ["ticker", "session"] + [c for c in df.columns if c not in ("ticker", "session")]
        return df[cols]

    @classmethod
    def from_frame(cls, wide: pd.DataFrame, source: str = "user") -> Prices:
        """Build from a wide frame of closes (index: sessions, one column per ticker).

        Each ticker's sessions are the rows where it has a value. Rows may come in any order
        (newest first is sorted); a timezone-aware index is read as the sessions' local dates.

        Raises
        ------
        BadPriceError
            Index values that are not dates, a date that appears twice, or non-numeric values.
        """
        try:
            with warnings.catch_warnings():  # pandas' "could not infer format" warning on non-dates
                warnings.simplefilter("ignore", UserWarning)
                idx = pd.DatetimeIndex(pd.to_datetime(wide.index), name="session")
        except (ValueError, TypeError):
            raise BadPriceError("prices: the index has values that are not dates") from None
        if idx.tz is not None:  # a session is a local date: keep the wall-clock date, drop the zone
            idx = idx.tz_localize(None)
        if idx.has_duplicates:
            raise BadPriceError(
                f"prices: duplicate date {idx[idx.duplicated()][0]:%Y-%m-%d} (one row per session, please)"
            )
        if not idx.is_monotonic_increasing:  # newest first, or shuffled
            order = idx.argsort()
            wide, idx = wide.iloc[order], idx[order]
        bars = {}
        for t in wide.columns:
            try:
                vals = wide[t].to_numpy(dtype="float64")
            except (ValueError, TypeError):
                raise BadPriceError(f"prices: column {t!r} has values that are not numbers") from None
            s = pd.Series(vals, index=idx).dropna()
            bars[str(t)] = s.to_frame("close")
        return cls(bars, {str(t): {"source": source} for t in wide.columns})

    def validated(self) -> Prices:
        """These prices with every ticker's sessions in date order (newest-first input sorted,
        a timezone-aware index read as local dates), or a :class:`BadPriceError` for a date
        that appears twice. Used on prices a user hands to :func:`marketimpact.analyze`."""
        bars = {}
        for t, b in self.bars.items():
            idx = pd.DatetimeIndex(b.index)
            if idx.tz is not None:
                b = b.set_axis(idx.tz_localize(None).rename(idx.name or "session"))
            if b.index.has_duplicates:
                raise BadPriceError(f"prices: duplicate date {b.index[b.index.duplicated()][0]:%Y-%m-%d} for {t} "
                                    "(one row per session, please)")
            bars[t] = b if b.index.is_monotonic_increasing else b.sort_index()
        return Prices(bars, self.provenance)

    def __repr__(self) -> str:
        parts = []
        for t, b in self.bars.items():
            rng = f"{b.index[0]:%Y-%m-%d}..{b.index[-1]:%Y-%m-%d}" if len(b) else "empty"
            parts.append(f"{t} [{rng}, {len(b)} sessions, {self.provenance.get(t, {}).get('source', '?')}]")
        return "Prices(" + "; ".join(parts) + ")"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{t}</td><td>{len(b)}</td><td>{b.index[0]:%Y-%m-%d}</td><td>{b.index[-1]:%Y-%m-%d}</td>"
            f"<td>{self.provenance.get(t, {}).get('source', '')}</td></tr>"
            for t, b in self.bars.items()
            if len(b)
        )
        return (
            "<table><thead><tr><th>ticker</th><th>sessions</th><th>first</th><th>last</th><th>source</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
