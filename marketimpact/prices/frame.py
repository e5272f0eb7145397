"""`Prices`: price bars for several tickers with their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import BadPriceError, ConfigurationError, UnknownTickerError

#: column names read as the session (date) column of a prices table, case-insensitive
DATE_COLUMNS = ("date", "session", "datetime", "timestamp", "time", "day")


def session_index(values: Any, what: str = "prices") -> pd.DatetimeIndex:
    """Session labels (naive midnight dates) from a column or index of dates.

    Dates written with a time of day (``2015-12-04 16:00:00``, a daily close stamped with its
    time) are normalised to their session date, as long as every date appears once (several rows
    on one date are intraday bars: left as they are). Timezone-aware stamps keep their local date.
    Raises :class:`BadPriceError` when the values are not dates.
    """
    if isinstance(values, pd.DatetimeIndex):
        idx = values
    else:
        from .._tables import parse_dates  # one reading of table dates (YYYYMMDD numbers, mixed formats named)
        from ..errors import ConfigurationError

        try:
            idx = pd.DatetimeIndex(parse_dates(pd.Series(values), lambda i: f"{what}, row {i + 1}: date"))
        except ConfigurationError as exc:
            raise BadPriceError(str(exc)) from None
        except (ValueError, TypeError, OverflowError):
            raise BadPriceError(f"{what}: the dates have values that are not dates") from None
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    if len(idx) and idx.isna().any():
        raise BadPriceError(f"{what}: a date is missing (row {int(idx.isna().argmax()) + 1})")
    day = idx.normalize()
    if not day.equals(idx) and not day.has_duplicates:
        idx = day
    return idx.rename("session")


from .._tables import parse_numbers  # noqa: E402


def wide_from_table(table: pd.DataFrame, what: str = "prices") -> pd.DataFrame:
    """A wide frame (sessions × tickers, float) from a prices or returns table as users save them.

    Accepted layouts:

    * a date column (``date``, ``session``, ``Date`` …; :data:`DATE_COLUMNS`) plus one column per ticker;
    * the dates as the index (``df.to_parquet()`` of a wide frame; ``df.to_csv()`` writes them as a
      first, unnamed column);
    * the long table that ``marketimpact prices --out`` writes (``ticker, session, close, …``).

    Sessions are normalised with :func:`session_index`; empty cells are missing prices and text
    that is not a number is refused (:func:`marketimpact._tables.parse_numbers`).
    Raises :class:`BadPriceError` for missing or non-date dates and duplicate sessions.
    """
    df = table
    lower = {str(c).lower(): c for c in df.columns}
    date_col = next((lower[n] for n in DATE_COLUMNS if n in lower), None)
    if date_col is None and len(df.columns) and str(df.columns[0]).startswith("Unnamed: 0"):
        date_col = df.columns[0]  # df.to_csv() with the dates as the (unnamed) index
    if "ticker" in lower and date_col is not None and "close" in lower:  # long table: ticker, session, close
        long = df[[lower["ticker"], date_col, lower["close"]]].copy()
        long.columns = ["ticker", "session", "close"]
        long["session"] = session_index(long["session"], what)
        if long.duplicated(["ticker", "session"]).any():
            r = long.loc[long.duplicated(["ticker", "session"])].iloc[0]
            raise BadPriceError(f"{what}: {r.ticker} has two rows on {r.session:%Y-%m-%d}")
        long["close"] = parse_numbers(long[["close"]], what)["close"].to_numpy()
        wide = long.pivot(index="session", columns="ticker", values="close")
        wide.columns = [str(c) for c in wide.columns]
        return wide.sort_index()
    if date_col is not None:
        idx = session_index(df[date_col], what)
        df = df.drop(columns=[date_col])
    elif isinstance(df.index, pd.DatetimeIndex) or (
            df.index.name is not None and str(df.index.name).lower() in DATE_COLUMNS):
        idx = session_index(df.index, what)
    else:
        raise BadPriceError(f"{what} file needs its dates: a 'date' column, or the dates as the index, "
                            "plus one column per ticker")
    df = df.set_axis(idx, axis=0)
    if idx.has_duplicates:
        raise BadPriceError(f"{what}: duplicate date {idx[idx.duplicated()][0]:%Y-%m-%d}")
    out = parse_numbers(df, what).astype("float64")  # "$75.25" or "1,234.5" are refused by name
    out.columns = [str(c) for c in out.columns]
    return out.sort_index()


def blank_sessions(wide: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per ticker, the sessions (sorted int64 ns) where its cell is blank between its first and last value.

    A blank inside a ticker's range is a data gap: the return across it spans more than one
    session (:func:`bridged_blanks`). Days that the ticker's exchange calendar (registry instruments)
    does not trade are holidays, not gaps, and are left out; for other tickers every blank counts.
    Tickers without blanks are absent from the result.
    """
    out: dict[str, np.ndarray] = {}
    if wide.shape[0] == 0:
        return out
    vals = wide.to_numpy(dtype="float64", na_value=np.nan)
    blank = np.isnan(vals)
    if not blank.any():
        return out
    sess = pd.DatetimeIndex(wide.index).as_unit("ns").asi8
    for j in np.nonzero(blank.any(axis=0))[0]:
        have = np.nonzero(~blank[:, j])[0]
        if have.size < 2:
            continue
        inner = np.nonzero(blank[have[0]:have[-1] + 1, j])[0] + have[0]
        if inner.size == 0:
            continue
        days = sess[inner]
        ticker = str(wide.columns[j])
        from ..instruments import find_instrument

        if find_instrument(ticker) is not None:  # a known exchange: its holidays are not gaps
            try:
                from .calendars import sessions as calendar_sessions

                open_days = calendar_sessions(ticker, pd.Timestamp(days[0]), pd.Timestamp(days[-1]))
                days = days[np.isin(days, open_days.as_unit("ns").asi8)]
            except (ConfigurationError, UnknownTickerError, ImportError, ValueError):
                pass
        if days.size:
            out[ticker] = np.sort(days)
    return out


def bridged_blanks(return_sessions: np.ndarray, blanks: np.ndarray) -> np.ndarray:
    """(R,) number of blank sessions each return bridges: strictly between its session and the previous one.

    ``return_sessions`` are the sorted sessions (int64 ns) of a return series; the first return is
    taken as not bridging (its previous session is not known here).
    """
    if blanks.size == 0 or return_sessions.size == 0:
        return np.zeros(return_sessions.size, dtype=np.int64)
    c = np.searchsorted(blanks, return_sessions, side="left")
    return np.diff(c, prepend=c[0]).astype(np.int64)


def check_value_kind(frame: pd.DataFrame, columns: list[str], returns_given: bool) -> None:
    """Refuse a prices table given as returns, or a returns table given as prices (a named error).

    Returns are decimals (0.01 = 1 %): a column whose median absolute value is above 1 (a daily
    move of 100 %) is prices. Closes are positive: a column with more than 10 % of its values at or
    below zero and a median absolute value below 1 is returns. Raises :class:`ConfigurationError`.
    """
    present = [c for c in columns if c in frame.columns]
    if not present:
        return
    med: dict[str, float] = {}
    if frame.columns.is_unique and frame.shape[0] >= 3:
        # the columns without a missing value in one block, one contiguous row per column (a median per row
        # is the 1-D median of each column: the same order statistics, the same mean of the middle two)
        block = frame[present].to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(block).all(axis=0)
        if whole.any():
            ab = np.abs(np.ascontiguousarray(block[:, whole].T))
            # a column whose every |value| is on the accepted side of 1 has its median there too: no median needed
            fine = (ab.max(axis=1) <= 1) if returns_given else (ab.min(axis=1) >= 1)
            names = np.asarray(present, dtype=object)[whole]
            clear = set(names[fine])
            meds = np.median(ab[~fine], axis=1) if not fine.all() else np.zeros(0)
            med = {c: float(v) for c, v in zip(names[~fine], meds)}
            present = [c for c in present if c not in clear]
    for c in present:
        x: np.ndarray | None = None
        if c in med:
            m = med[c]
        else:
            x = frame[c].to_numpy(dtype="float64", na_value=np.nan)
            x = x[np.isfinite(x)]
            if x.size < 3:
                continue
            m = float(np.median(np.abs(x)))
        if returns_given and m > 1:
            raise ConfigurationError(
                f"the returns of {c} look like prices (median |value| {m:,.4g}; returns are decimals such as "
                "0.01 for 1 %): give closes without --returns (from_prices=True in the API)")
        if not returns_given and m < 1:
            if x is None:
                x = frame[c].to_numpy(dtype="float64", na_value=np.nan)
            if float(np.mean(x <= 0)) <= 0.1:
                continue
            raise ConfigurationError(
                f"the prices of {c} look like returns ({np.mean(x <= 0):.0%} of them are zero or negative, "
                f"median |value| {m:.4g}): pass --returns (returns_given/from_prices=False in the API)")


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
        idx = session_index(wide.index, "prices: the index")
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
        prov: dict[str, dict[str, Any]] = {str(t): {"source": source} for t in wide.columns}
        for t, b in blank_sessions(wide.set_axis(idx, axis=0)).items():  # blank cells inside a ticker's range: data gaps (DataGapWarning)
            prov[t]["blank_sessions"] = b
        return cls(bars, prov)

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
