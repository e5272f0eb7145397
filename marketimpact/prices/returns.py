"""Returns from prices, with the kind (log or simple) always explicit.

Convention: the return on session *t* is computed from the previous row of the same
series (the previous session on which that series has a price), so a return after a
holiday spans the holiday. Non-positive or non-finite prices are refused, never
turned into NaN (WTI settled at −37.63 USD/bbl on 2020-04-20: a log return does not
exist there).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._typing import ReturnKind
from ..errors import BadPriceError, ConfigurationError


def check_prices(prices: pd.Series | pd.DataFrame, name: str = "prices") -> None:
    """Raise :class:`BadPriceError` on non-finite, non-positive or duplicated sessions."""
    obj = prices.to_frame() if isinstance(prices, pd.Series) else prices
    if obj.index.has_duplicates:
        dups = obj.index[obj.index.duplicated()].unique()[:3]
        raise BadPriceError(f"{name}: duplicate sessions {', '.join(map(str, dups))}")
    if not obj.index.is_monotonic_increasing:
        raise BadPriceError(f"{name}: sessions are not sorted in increasing order")
    vals = obj.to_numpy(dtype="float64")
    bad = ~np.isfinite(vals) | (vals <= 0)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise BadPriceError(
            f"{name}: price {vals[r, c]!r} for {obj.columns[c]} on {obj.index[r]:%Y-%m-%d} is not a positive "
            "finite number; drop or repair that row (returns of non-positive prices are undefined)"
        )


def to_returns(prices: pd.Series | pd.DataFrame, kind: ReturnKind = "log") -> pd.Series | pd.DataFrame:
    """Close-to-close returns as decimals; the first row (no previous price) is dropped."""
    if kind not in ("log", "simple"):
        raise ConfigurationError(f"return kind must be 'log' or 'simple', got {kind!r}")
    check_prices(prices)
    if kind == "log":
        out = np.log(prices).diff()
    else:
        out = prices.pct_change(fill_method=None)
    return out.iloc[1:]


def log_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """ln(P_t / P_{t−1}) as decimals."""
    return to_returns(prices, "log")


def simple_returns(prices: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """P_t / P_{t−1} − 1 as decimals."""
    return to_returns(prices, "simple")
