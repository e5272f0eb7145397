"""Prices: sources (bundled snapshots, cache, yfinance), calendars and returns."""

from .bundled import bundled_tickers, data_dir, load_bundled
from .frame import Prices
from .loader import load_prices
from .returns import log_returns, simple_returns

__all__ = ["Prices", "bundled_tickers", "data_dir", "load_bundled", "load_prices", "log_returns", "simple_returns"]
