"""Columns of the user's own tables (events, prices): dates and numbers read one way.

Used by ``batch``/``event_study`` (events' ``date`` column) and the CLI's prices files, so
that every engine reads a column the same way and a mistake gets a message naming the value,
where it is and what to write instead:

* dates: ISO-8601 (``2025-02-12``), one consistent other format pandas recognises, or
  8-digit numbers ``20250212`` (read as ``YYYYMMDD``; pandas reads such a CSV column as
  integers, and taking them as nanoseconds since 1970 was the old silent result). Other
  numbers, values that are not dates and columns mixing formats are refused;
* numbers: cells such as ``$75.25`` or ``1,234.5`` are refused (they used to become NaN
  silently), empty cells and pandas' missing-value markers stay missing.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from pandas.errors import OutOfBoundsDatetime

from .errors import BadPriceError, ConfigurationError

_PARSE_ERRORS = (ValueError, TypeError, OverflowError, OutOfBoundsDatetime)


def parse_dates(values: pd.Series, where: Callable[[int], str]) -> pd.Series:
    """``values`` as datetimes (NaT where missing), or a :class:`ConfigurationError`.

    ``where(i)`` names row ``i`` (by position) in messages, e.g. ``"event e2: date"``.
    """
    s = pd.Series(values).reset_index(drop=True)
    present = s.notna()
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    if pd.api.types.is_bool_dtype(s):
        raise ConfigurationError(f"{where(0)} {s.iloc[0]!r} is not a date (write YYYY-MM-DD)")
    if pd.api.types.is_numeric_dtype(s):
        return _yyyymmdd(s, present, where)
    with warnings.catch_warnings():  # pandas' "could not infer format" note would be a second stderr line
        warnings.simplefilter("ignore", UserWarning)
        if len(s) > 64:  # a long table repeats its dates: ISO text parsed once per distinct value
            codes, uniq = pd.factorize(s)
            if 2 * len(uniq) < len(s):
                try:
                    parsed = pd.to_datetime(pd.Series(uniq, dtype=s.dtype), format="ISO8601")
                except _PARSE_ERRORS:
                    pass  # the value by value path below finds and names the culprit
                else:
                    return pd.Series(parsed.array.take(codes, allow_fill=True), name=s.name)
        for fmt in ("ISO8601", None):  # ISO first; else one format inferred from the first value
            try:
                return pd.to_datetime(s, format=fmt)
            except _PARSE_ERRORS:
                continue
        nonnull = s[present]
        for i, v in nonnull.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                raise ConfigurationError(f"{where(int(i))} {v!r} is a number among dates; write every date as YYYY-MM-DD")
            try:
                pd.Timestamp(v)
            except _PARSE_ERRORS:
                raise ConfigurationError(f"{where(int(i))} {v!r} is not a date (write YYYY-MM-DD)") from None
        first = str(nonnull.iloc[0])
        fmt = pd.tseries.api.guess_datetime_format(first)
        for i, v in nonnull.items():
            if fmt is None or pd.to_datetime(str(v), format=fmt, errors="coerce") is pd.NaT:
                raise ConfigurationError(
                    f"{where(int(i))} {v!r} is written in another format than {first!r} ({where(int(nonnull.index[0]))}); "
                    "write every date as YYYY-MM-DD"
                )
    raise ConfigurationError(f"{where(0)}: the column mixes date formats; write every date as YYYY-MM-DD")


def _yyyymmdd(s: pd.Series, present: pd.Series, where: Callable[[int], str]) -> pd.Series:
    nums = s[present]
    whole = nums == nums.round()
    ok = whole & nums.between(10000101, 99991231)
    if not ok.all():
        i = int(ok[~ok].index[0])
        raise ConfigurationError(f"{where(i)} {s.iloc[i]!r} is a number, not a date; write it as YYYY-MM-DD "
                                 "(or as YYYYMMDD, e.g. 20250212)")
    text = nums.astype("int64").astype(str)
    out = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    if out.isna().any():
        i = int(out[out.isna()].index[0])
        raise ConfigurationError(f"{where(i)} {s.iloc[i]!r} read as YYYYMMDD is not a date that exists")
    return out.reindex(s.index)


_CURRENCY = re.compile(r"^\s*[-+]?\s*[$€£¥]|[$€£¥]\s*$")


def parse_numbers(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    """Every column of ``frame`` as float; a cell that is text but not a number is a
    :class:`BadPriceError` naming the column, the row label and what to write instead."""
    if frame.columns.is_unique and all(isinstance(d, np.dtype) and d.kind in "fiu" for d in frame.dtypes):
        # every column already numbers (a Parquet of closes): one float64 block, not one Series per column
        return pd.DataFrame(frame.to_numpy(dtype="float64"), index=frame.index, columns=list(frame.columns))
    out = {}
    for c in frame.columns:
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            out[c] = col.astype("float64")
            continue
        num = pd.to_numeric(col, errors="coerce")
        text = col.astype("string").str.strip()
        bad = num.isna() & col.notna() & text.ne("").fillna(False)
        if bad.any():
            v = col[bad].iloc[0]
            label = frame.index[bad.to_numpy()][0]
            at = f"{label:%Y-%m-%d}" if isinstance(label, pd.Timestamp) else repr(label)
            hint = ("remove the currency sign" if _CURRENCY.search(str(v))
                    else "remove the thousands separators" if re.search(r"\d,\d", str(v))
                    else "write a plain number, or leave the cell empty for a missing price")
            raise BadPriceError(f"{what}: column {c!r} has {v!r} on {at}, which is not a number; {hint}")
        out[c] = num.astype("float64")
    return pd.DataFrame(out, index=frame.index)
