"""Prices: sources (bundled snapshots, cache, yfinance), calendars, futures rolls and returns."""

from .around import load_around, study_range
from .bundled import bundled_tickers, data_dir, load_bundled
from .cache import cache_dir, read_entry, write_entry
from .calendars import calendar_for, holidays, missing_sessions, sessions
from .frame import Prices
from .loader import load_prices
from .returns import log_returns, simple_returns
from .rolls import flag_rolls, roll_days, suspected_rolls

__all__ = [
    "Prices",
    "bundled_tickers",
    "cache_dir",
    "calendar_for",
    "data_dir",
    "flag_rolls",
    "holidays",
    "load_around",
    "load_bundled",
    "load_prices",
    "log_returns",
    "missing_sessions",
    "read_entry",
    "roll_days",
    "sessions",
    "simple_returns",
    "study_range",
    "suspected_rolls",
    "write_entry",
]
