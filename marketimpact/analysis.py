"""`analyze`: the whole story in one call — article → event → prices → study → claim checks.

This is the layer the CLI and the notebooks use; every step is also public on its own.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ConfigurationError, MarketImpactError, PriceDataError
from .extract import article_from_text, attach_sessions, extract_claims, extract_event, read_article
from .extract.articles import parse_published
from .instruments import find_instrument
from .prices import Prices, load_prices
from .study import ClaimCheck, EventStudy, EventStudyResult, check_claim, event_session
from .types import Article, Event, MarketClaim

if TYPE_CHECKING:
    from ._io import OutputSet

DEFAULT_BENCHMARK = "^GSPC"
DEFAULT_TICKER = "BZ=F"
#: CAR windows tested by default (those that fit inside the event window)
DEFAULT_CAR_WINDOWS = [(-1, 1), (0, 1), (0, 5)]


def check_claims(claims: list[MarketClaim], event: Event, prices: Prices | None = None, **tol: float) -> list[ClaimCheck]:
    """Check each claim on the session it refers to: the day its sentence names
    (``session_source="text"``), else day 0 of ``event`` for that ticker.

    Tickers missing from ``prices`` are loaded from the bundled data; a claim whose
    instrument has no data gets the verdict "cannot check".
    """
    out = []
    for c in claims:
        bars = None
        reason = None
        if c.ticker:
            try:
                bars = prices[c.ticker] if prices is not None and c.ticker in prices else load_prices(c.ticker)[c.ticker]
            except (PriceDataError, ConfigurationError) as exc:
                reason = str(exc)
        if bars is None or bars.empty:
            out.append(ClaimCheck(c, "cannot check", reasons=(reason or "no ticker for this instrument",)))
            continue
        if c.session_source == "text" and c.session is not None:
            session = pd.Timestamp(c.session)  # the day the claim's own sentence names
        else:  # about the event: its trading session for this instrument (after the close → next session)
            session = event_session(event, pd.DatetimeIndex(bars.index), find_instrument(c.ticker or "")).day0
        out.append(check_claim(c, bars, session, **tol))
    return out


@dataclass
class Analysis:
    """Everything marketimpact found for one article.

    Attributes: ``article``, ``event``, ``claims``, ``prices``, ``study``
    (:class:`~marketimpact.study.EventStudyResult`) and ``claim_checks``.
    """

    article: Article
    event: Event
    claims: list[MarketClaim]
    prices: Prices
    study: EventStudyResult
    claim_checks: list[ClaimCheck] = field(default_factory=list)

    def summary(self) -> str:
        head = [
            f"Article:  {self.article.headline or self.article.article_id}",
            f"Event:    {self.event.local_date} (precision: {self.event.precision}, timezone {self.event.timezone})",
            f"Evidence: \"{self.event.evidence}\"",
            f"Claims:   {len(self.claims)} found",
            "",
        ]
        return "\n".join(head) + self.study.summary()

    def __str__(self) -> str:
        return self.summary()

    def to_dict(self) -> dict[str, Any]:
        d = self.study.to_dict()
        d["article"] = {
            "id": self.article.article_id, "headline": self.article.headline, "publisher": self.article.publisher,
            "published": str(self.article.published) if self.article.published else None,
        }
        d["claims"] = [c.to_dict() for c in self.claims]
        d["prices"] = self.prices.provenance
        return d

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_frame(self) -> pd.DataFrame:
        return self.study.to_frame()

    def _repr_html_(self) -> str:
        from html import escape

        return (
            f"<p><b>{escape(self.article.headline or self.article.article_id)}</b><br>"
            f"Event {self.event.local_date} ({self.event.precision}); evidence: <i>{escape(self.event.evidence)}</i></p>"
            + self.study._repr_html_()
        )

    def plot(self, kind: str = "price", **kwargs: Any):  # -> matplotlib Figure
        """FT-style chart of the result: ``kind`` is "price", "ar" or "car".

        Keyword arguments (title, subtitle, source, event_label, frame …) override the
        defaults and pass through to :mod:`marketimpact.charts`.
        """
        from .report import figure_for

        return figure_for(self, kind, **kwargs)

    def save(self, out_dir: str | Path, formats: tuple[str, ...] = ("png", "svg"), *,
             outputs: OutputSet | None = None) -> list[Path]:
        """Write the price chart (PNG, SVG) and the JSON result into ``out_dir`` as one output set.

        Either every file replaces its previous version or (on any error) none does; pass
        ``outputs`` to stage them in a larger set committed by the caller (e.g. with the report).
        """
        from ._io import OutputSet
        from .charts import save as save_figure

        out = Path(out_dir)
        stem = safe_stem(f"{self.event.event_id}_{self.study.ticker}")
        fig = self.plot("price")
        with contextlib.nullcontext(outputs) if outputs is not None else OutputSet() as files:
            written = list(save_figure(fig, out / f"{stem}_price", formats=formats, outputs=files).values())
            written.append(files.write(out / f"{stem}.json", self.to_json()))
        return written


def safe_stem(name: str) -> str:
    """A file-name stem from an event id/ticker that cannot leave the output folder.

    ``=`` and ``^`` are dropped (``BZ=F`` → ``BZF``); anything but letters, digits, ``.``, ``_``
    and ``-`` becomes ``_``, so an article id such as ``../../x`` stays inside ``--out``.
    """
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name.replace("=", "").replace("^", "")).strip("._-")[:150]
    return stem or "marketimpact"


def analyze(
    article: str | Path | Article,
    ticker: str | None = None,
    benchmark: str | None = DEFAULT_BENCHMARK,
    *,
    model: str = "market",
    factors: list[str] | None = None,
    estimation: tuple[int, int] = (-250, -11),
    window: tuple[int, int] = (-5, 5),
    car_windows: list[tuple[int, int]] | None = None,
    return_kind: str = "log",
    nontrading: str = "next",
    published: Any = None,
    timezone: str | None = None,
    prices: Prices | pd.DataFrame | None = None,
) -> Analysis:
    """Run the whole story for one article.

    Parameters
    ----------
    article : path, text or Article
        A file path (``.txt``/``.md`` with optional YAML front matter, ``.html``), raw
        text, or an :class:`Article`.
    ticker : str, optional
        The asset to study; default the ticker of the article's first market claim,
        else BZ=F.
    benchmark : str
        Market index for the market model (default ^GSPC).
    published, timezone : optional
        Publication timestamp and publisher timezone when the file has none.
    prices : Prices or DataFrame, optional
        Your own prices (wide closes or :class:`Prices`); default: bundled/yfinance.

    Returns
    -------
    Analysis
    """
    art = _as_article(article, published, timezone)
    event = extract_event(art)
    claims = attach_sessions(extract_claims(art.text, event.event_id), art, event)
    tick = ticker or next((c.ticker for c in claims if c.ticker), None) or DEFAULT_TICKER
    if car_windows is None:
        w0, w1 = window
        car_windows = [w for w in DEFAULT_CAR_WINDOWS if w0 <= w[0] and w[1] <= w1] or [(w0, w1)]
    spec = EventStudy(
        model=model, estimation=estimation, window=window, car_windows=car_windows,
        return_kind=return_kind,  # type: ignore[arg-type]
        nontrading=nontrading,  # type: ignore[arg-type]
        factors=factors,
    )
    regs = [benchmark] if spec.model.uses_market and benchmark else list(spec.model.regressors)
    if spec.model.uses_market and not benchmark:
        raise ConfigurationError(f"model {model!r} needs a benchmark")
    if prices is None:
        prices = load_prices([tick, *regs])
    elif isinstance(prices, pd.DataFrame):
        prices = Prices.from_frame(prices)
    elif isinstance(prices, Prices):
        prices = prices.validated()  # newest first, tz-aware or duplicated sessions: sorted or refused
    result = spec.run(event, prices, tick, benchmark if spec.model.uses_market else None)
    checks = check_claims(claims, event, prices)
    result.claim_checks = checks
    return Analysis(art, event, claims, prices, result, checks)


def _as_article(article: str | Path | Article, published: Any, timezone: str | None) -> Article:
    if isinstance(article, Article):
        if published is None and timezone is None:
            parse_published(article.published)  # a hand-built Article: years 1/9999 named, not OverflowError
            return article
        return article_from_text(
            article.text, article.article_id, published or article.published, timezone or article.timezone,
            article.headline, article.publisher, article.dateline,
        )
    overrides = {k: v for k, v in {"published": published, "timezone": timezone}.items() if v is not None}
    if isinstance(article, Path) or (isinstance(article, str) and "\n" not in article and len(article) < 4096):
        return read_article(article, **overrides)
    return article_from_text(str(article), **overrides)




@dataclass
class CrossAssetResult:
    """One event, many assets: one single-event study per ticker (each with its own day 0)."""

    event: Event
    results: dict[str, EventStudyResult]
    skipped: dict[str, str]
    prices: Prices

    def to_frame(self, car_window: tuple[int, int] = (0, 1)) -> pd.DataFrame:
        """One row per asset: day 0, return, AR(0) and CAR with t and two-sided p (percent)."""
        rows = []
        for t, r in self.results.items():
            ar0, car = r.car_test(0, 0), r.car_test(*car_window)
            inst = find_instrument(t)
            rows.append({
                "ticker": t, "name": inst.name if inst else t, "day0": f"{r.event_time.day0:%Y-%m-%d}",
                "day0_rule": r.event_time.rule, "return_pct": 100 * float(r.frame.set_index("rel_day").loc[0, "ret"]),
                "ar0_pct": 100 * ar0.estimate, "ar0_t": ar0.stat, "ar0_p": ar0.pvalue,
                f"car{car_window}_pct": 100 * car.estimate, "car_t": car.stat, "car_p": car.pvalue,
                "significant_5pct": bool(ar0.pvalue < 0.05 or car.pvalue < 0.05),
            })
        return pd.DataFrame(rows)

    def cumulative_moves(self, before: int = 5, after: int = 5) -> dict[str, pd.Series]:
        """Per asset, % change of the close since the session before day 0, over ±sessions."""
        out = {}
        for t, r in self.results.items():
            close = self.prices[t]["close"]
            i = close.index.get_loc(r.event_time.day0)
            base = close.iloc[i - 1]
            seg = close.iloc[max(i - before, 0) : i + after + 1]
            out[t] = 100 * (seg / base - 1)
        return out

    def summary(self) -> str:
        df = self.to_frame()
        return df.to_string(index=False, float_format=lambda x: f"{x:,.3f}")

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, float_format=lambda x: f"{x:,.3f}")


def cross_asset_study(
    event: Event,
    tickers: list[str],
    benchmark: str | None = "ACWI",
    *,
    model: str = "market",
    estimation: tuple[int, int] = (-250, -11),
    window: tuple[int, int] = (-5, 5),
    prices: Prices | None = None,
) -> CrossAssetResult:
    """Run the same event study on several assets (who moved on the news?).

    Each asset gets its own day 0 from its own price time: a call public at 12:07 New
    York is before the 14:30 Brent settlement (day 0 = that day) but after the 17:30 CET
    TTF settlement (day 0 = next session). The benchmark itself is studied with the
    constant-mean model.
    """
    spec = EventStudy(model=model, estimation=estimation, window=window, car_windows=[(0, 1)])
    const = EventStudy(model="constant-mean", estimation=estimation, window=window, car_windows=[(0, 1)])
    if prices is None:
        prices = load_prices(sorted(set(tickers) | ({benchmark} if benchmark else set())))
    results: dict[str, EventStudyResult] = {}
    skipped: dict[str, str] = {}
    for t in tickers:
        try:
            if t == benchmark or not spec.model.uses_market:
                results[t] = const.run(event, prices, t)
            else:
                results[t] = spec.run(event, prices, t, benchmark)
        except MarketImpactError as exc:
            skipped[t] = str(exc)
    return CrossAssetResult(event, results, skipped, prices)


__all__ = ["Analysis", "CrossAssetResult", "MarketImpactError", "analyze", "check_claims", "cross_asset_study"]
