"""Bundled prices: checksums, values, ranges, returns."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import marketimpact as mi
from marketimpact.errors import (
    BadPriceError,
    ChecksumMismatchError,
    DataRangeError,
    InvalidTickerError,
    UnknownTickerError,
)
from marketimpact.prices import bundled_tickers, log_returns, simple_returns


def test_seed_values_are_the_real_settlements():
    p = mi.load_prices(["BZ=F", "^GSPC"], "2025-02-10", "2025-02-14")
    bz = p["BZ=F"]
    assert bz.loc["2025-02-12", "close"] == pytest.approx(75.18, abs=1e-4)
    assert bz.loc["2025-02-11", "close"] == pytest.approx(77.00, abs=1e-4)
    assert (bz.loc["2025-02-12", "low"], bz.loc["2025-02-12", "high"]) == pytest.approx((74.95, 76.89), abs=1e-4)
    assert p["^GSPC"].loc["2025-02-12", "close"] == pytest.approx(6051.97, abs=1e-2)
    assert p.provenance["BZ=F"]["source"] == "bundled"


def test_required_series_are_bundled():
    assert {"BZ=F", "RBRTE", "CL=F", "^GSPC", "ACWI", "DX-Y.NYB"} <= set(bundled_tickers())


@pytest.mark.parametrize("ticker", ["../x", "a/b", "", "a b", "..", "x" * 40])
def test_path_like_tickers_never_reach_the_file_system(ticker):
    with pytest.raises(InvalidTickerError):
        mi.load_prices(ticker, "2025-01-01", "2025-01-10")


def test_unknown_ticker_offline_is_a_clear_error():
    with pytest.raises(DataRangeError, match="offline"):
        mi.load_prices("NOPE", "2025-01-01", "2025-01-10")
    with pytest.raises(UnknownTickerError, match="not bundled"):
        mi.load_prices("NOPE", source="bundled")


def test_range_outside_bundled_data_offline():
    with pytest.raises(DataRangeError, match="2026-01-07"):
        mi.load_prices("BZ=F", "2025-12-01", "2026-03-01")


def test_start_after_end():
    with pytest.raises(mi.MarketImpactError, match="after end"):
        mi.load_prices("BZ=F", "2025-02-14", "2025-02-10")


def test_tampered_bundled_file_is_refused(tmp_path, monkeypatch, root):
    shutil.copytree(root / "data" / "prices", tmp_path / "prices", ignore=shutil.ignore_patterns("raw"))
    f = tmp_path / "prices" / "brent_futures_yahoo_bzf.csv"
    f.write_text(f.read_text().replace("75.18000030517578", "85.18000030517578"))
    monkeypatch.setenv("MARKETIMPACT_DATA_DIR", str(tmp_path))
    with pytest.raises(ChecksumMismatchError, match="checksum"):
        mi.load_prices("BZ=F")


def test_returns_by_hand():
    s = pd.Series([77.0, 75.18], index=pd.to_datetime(["2025-02-11", "2025-02-12"]))
    assert log_returns(s).iloc[0] == pytest.approx(np.log(75.18 / 77.0))  # −2.3919 %
    assert simple_returns(s).iloc[0] == pytest.approx(75.18 / 77.0 - 1)  # −2.3636 %


def test_negative_wti_settle_is_refused_not_nan():
    s = pd.Series([10.01, -37.63], index=pd.to_datetime(["2020-04-17", "2020-04-20"]))
    with pytest.raises(BadPriceError, match=r"-37\.63"):
        log_returns(s)


def test_duplicate_sessions_are_refused():
    s = pd.Series([1.0, 2.0], index=pd.to_datetime(["2020-04-17", "2020-04-17"]))
    with pytest.raises(BadPriceError, match="duplicate"):
        log_returns(s)
