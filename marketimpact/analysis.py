"""`analyze`: the whole story in one call — article → event → prices → study → claim checks.

This is the layer the CLI and the notebooks use; every step is also public on its own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ConfigurationError, MarketImpactError, PriceDataError
from .extract import article_from_text, attach_sessions, extract_claims, extract_event, read_article
from .extract.articles import parse_published
from .instruments import find_instrument
from .prices import Prices, load_around
from .study import ClaimCheck, EventStudy, EventStudyResult, check_claim, event_session
from .study.results_base import ShowsSummary
from .types import Article, Event, MarketClaim

if TYPE_CHECKING:
    from ._io import OutputSet

DEFAULT_BENCHMARK = "^GSPC"
DEFAULT_TICKER = "BZ=F"
#: CAR windows tested by default (those that fit inside the event window)
DEFAULT_CAR_WINDOWS = [(-1, 1), (0, 1), (0, 5)]
#: Sessions loaded on each side of a claim's day to check it (the day, its previous close,
#: and room for day 0 moving to the next session).
CLAIM_SESSIONS = 5


def resolve_unknown(claims: list[MarketClaim]) -> list[MarketClaim]:
    """Claims whose instrument no offline table knows, resolved through Yahoo Finance's search
    when online (:func:`marketimpact.search_symbol`, cached; offline it answers from the cache
    or not at all). What stays unresolved keeps ``ticker=None`` ("cannot check: unknown instrument")."""
    out = []
    for c in claims:
        if c.ticker is None and c.instrument:
            from .prices.symbol_search import search_symbol  # only when a claim needs it

            try:
                match = search_symbol(c.instrument)
            except ConfigurationError:
                match = None
            if match is not None:
                c = dataclasses.replace(c, ticker=match.symbol)
        out.append(c)
    return out


def read_event(article: Article, prices: Prices | None = None) -> tuple[Event, list[MarketClaim]]:
    """The event and claims of ``article``, with the data's help: unknown instruments resolved
    online (:func:`resolve_unknown`) and close runner-up dates weighed by how well the claims
    fit each (:func:`marketimpact.witness.witness`; ``event.witness`` says what changed)."""
    from .witness import witness

    event = extract_event(article)
    claims = resolve_unknown(attach_sessions(extract_claims(article.text, event.event_id), article, event))

    def bars_for(ticker: str, days: list) -> pd.DataFrame | None:
        if prices is not None and ticker in prices:
            return prices[ticker]
        try:
            return load_around([ticker], days, CLAIM_SESSIONS, CLAIM_SESSIONS, what="weighing the event date")[ticker]
        except (PriceDataError, ConfigurationError):
            return None

    moved = witness(event, claims, bars_for)
    if moved.local_date != event.local_date:
        claims = attach_sessions(extract_claims(article.text, moved.event_id), article, moved)
        claims = resolve_unknown(claims)
    return moved, claims


def check_claims(claims: list[MarketClaim], event: Event, prices: Prices | None = None, **tol: float) -> list[ClaimCheck]:
    """Check each claim on the session it refers to: the day its sentence names
    (``session_source="text"``), else day 0 of ``event`` for that ticker.

    Tickers missing from ``prices`` are loaded around the claim's day (bundled, cached, or
    fetched from Yahoo Finance and cached); a claim whose instrument has no data gets the
    verdict "cannot check" with the reason.
    """
    out = []
    for c in claims:
        bars = None
        reason = None
        if c.ticker:
            try:
                if prices is not None and c.ticker in prices:
                    bars = prices[c.ticker]
                else:
                    day = c.session if c.session_source == "text" and c.session is not None else event.local_date
                    bars = load_around([c.ticker], [day], CLAIM_SESSIONS, CLAIM_SESSIONS,
                                       what=f"checking the {c.instrument} claim")[c.ticker]
            except (PriceDataError, ConfigurationError) as exc:
                reason = str(exc)
        if bars is None or bars.empty:
            out.append(ClaimCheck(c, "cannot check", reasons=(
                reason or f"unknown instrument: no ticker is known for {c.instrument!r} (register_instruments() adds one)",)))
            continue
        if c.session_source == "text" and c.session is not None:
            session = pd.Timestamp(c.session)  # the day the claim's own sentence names
        else:  # about the event: its trading session for this instrument (after the close → next session)
            session = event_session(event, pd.DatetimeIndex(bars.index), find_instrument(c.ticker or "")).day0
        out.append(check_claim(c, bars, session, **tol))
    return out


@dataclass(repr=False)
class Analysis(ShowsSummary):
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
        return "\n".join(head) + self.study.summary() + "\n" + textwrap.fill(
            "Conclusion: " + self.conclusion(), width=78, subsequent_indent="  ")

    def conclusion(self) -> str:
        """The result in one plain sentence: the day-0 move, whether the abnormal move is significant
        at 5 % (two-sided p of the day-0 t test), and each claim's verdict with its numbers.

        Example: "Brent fell 2.4 % on the day; after the market model the abnormal move of −2.3 % is
        not significant at 5 % (p = 0.17); Financial Times' −2.3 % to $75.25 is consistent with
        the data".
        """
        return conclusion_text(self.study, self.claim_checks, self.article.publisher)

    def __str__(self) -> str:
        return self.summary()

    def _short_repr(self) -> str:
        return (f"Analysis(article={self.article.article_id!r}, event={self.event.local_date}, "
                f"ticker={self.study.ticker!r}, claims={len(self.claims)})")

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


def _pct(x: float, signed: bool = True) -> str:
    """A percent for prose: one decimal, a real minus sign, a thin space before %: "−2.3 %"."""
    return (f"{x:+.1f}" if signed else f"{abs(x):.1f}").replace("-", "\u2212") + " %"


def _claim_words(check: ClaimCheck, who: str, ticker: str) -> str:
    from .report import money

    c = check.claim
    said = []
    if c.move_pct is not None:
        said.append(_pct(c.move_pct))
    if c.level is not None:
        said.append(f"to {money(c.unit, c.level)}")
    what = " ".join(said) or (f"{c.direction} move" if c.direction else "claim")
    subject = f"{who} {what}" + ("" if c.ticker == ticker else f" for {c.instrument}")
    if check.verdict == "cannot check":
        why = "futures roll: the continuous series' change spans two contracts" if check.roll_day else (
            check.reasons[0] if check.reasons else "no data")
        return f"{subject} cannot be checked ({why})"
    return f"{subject} is {check.verdict} with the data"


def conclusion_text(study: EventStudyResult, checks: list[ClaimCheck], publisher: str | None = None) -> str:
    """Plain-language verdict of a single-event study and its claim checks (see :meth:`Analysis.conclusion`)."""
    from .report import short_name

    inst = find_instrument(study.ticker)
    name = short_name(inst.name) if inst else study.ticker
    day0 = study.frame.set_index("rel_day").loc[0]
    r0 = float(day0["ret"])
    move = math.expm1(r0) if study.return_kind == "log" else r0
    roll = " across a futures roll" if bool(day0.get("roll_day", False)) else ""
    ar0 = study.car_test(0, 0)
    ar = math.expm1(ar0.estimate) if study.return_kind == "log" else ar0.estimate
    sig = "significant" if ar0.pvalue < 0.05 else "not significant"
    p = f"{ar0.pvalue:.2f}" if ar0.pvalue >= 0.01 else f"{ar0.pvalue:.1g}" if ar0.pvalue >= 1e-4 else "< 0.0001"
    parts = [
        f"{name} {'fell' if move < 0 else 'rose'} {_pct(100 * move, signed=False)}{roll} on the day "
        f"({study.event_time.day0:%-d %b %Y})",
        f"after the {study.fitted.name} model the abnormal move of {_pct(100 * ar)}{' (spliced)' if roll else ''} "
        f"is {sig} at 5 % "
        f"(p {p if p.startswith('<') else '= ' + p})",
    ]
    who = (f"{publisher}'" if publisher.endswith("s") else f"{publisher}'s") if publisher else "the article's"
    parts += [_claim_words(c, who, study.ticker) for c in checks]
    return "; ".join(parts)


#: The seed story's file in ``data/articles/`` (see the README).
SEED_ARTICLE = "2025-02-12_ft_trump_putin_brent.md"


def bundled_article(name: str = SEED_ARTICLE) -> Path:
    """Path of an article shipped with marketimpact (``data/articles/``), from any working directory.

    ``mi.analyze(mi.bundled_article())`` runs the seed story wherever your script or notebook
    lives. ``name`` is a file name in that folder (default: the seed story).

    Raises
    ------
    ArticleNotFoundError
        No such bundled article (the message lists the ones there are).
    """
    from .errors import ArticleNotFoundError
    from .prices.bundled import data_dir

    folder = data_dir() / "articles"
    path = folder / Path(name).name
    if not path.is_file():
        have = ", ".join(sorted(p.name for p in folder.glob("*.*") if p.suffix in (".md", ".txt", ".html")))
        raise ArticleNotFoundError(f"no bundled article {name!r} in {folder} (bundled: {have or 'none'})")
    return path


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
    min_obs: int = 30,
    published: Any = None,
    timezone: str | None = None,
    prices: Prices | pd.DataFrame | None = None,
    at: Any = None,
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
    model, factors, estimation, window, car_windows, return_kind, nontrading, min_obs
        The study's options (see :class:`~marketimpact.study.EventStudy`).
    published, timezone : optional
        Publication timestamp and publisher timezone when the file has none.
    prices : Prices or DataFrame, optional
        Your own prices (wide closes or :class:`Prices`); default: the range the study needs,
        from the bundled snapshot, the cache or Yahoo Finance (then cached).
    at : str or datetime, optional
        The announcement's clock time when the text has none (``"12:07 America/New_York"``);
        it sets day 0 by the price time instead of assuming "before the price".

    Returns
    -------
    Analysis
    """
    art = _as_article(article, published, timezone)
    event, claims = read_event(art, prices if isinstance(prices, Prices) else None)
    if at is not None:
        from .analysis_intraday import event_at

        event = event_at(event, at)
        claims = resolve_unknown(attach_sessions(extract_claims(art.text, event.event_id), art, event))
    tick = ticker or next((c.ticker for c in claims if c.ticker), None) or DEFAULT_TICKER
    if car_windows is None:
        w0, w1 = window
        car_windows = [w for w in DEFAULT_CAR_WINDOWS if w0 <= w[0] and w[1] <= w1] or [(w0, w1)]
    spec = EventStudy(
        model=model, estimation=estimation, window=window, car_windows=car_windows,
        return_kind=return_kind,  # type: ignore[arg-type]
        nontrading=nontrading,  # type: ignore[arg-type]
        factors=factors, min_obs=min_obs,
    )
    regs = [benchmark] if spec.model.uses_market and benchmark else list(spec.model.regressors)
    if spec.model.uses_market and not benchmark:
        raise ConfigurationError(f"model {model!r} needs a benchmark")
    if prices is None:
        prices = load_around([tick, *regs], [event.local_date], -spec.estimation.start, spec.window.end,
                             what=f"the {tick} study of {event.local_date}")
    elif isinstance(prices, pd.DataFrame):
        prices = Prices.from_frame(prices)
    elif isinstance(prices, Prices):
        prices = prices.validated()  # newest first, tz-aware or duplicated sessions: sorted or refused
    result = spec.run(event, prices, tick, benchmark if spec.model.uses_market else None)
    checks = check_claims(claims, event, prices)
    result.claim_checks = checks
    return Analysis(art, event, claims, prices, result, checks)


@dataclass(repr=False)
class ArticleStudies(ShowsSummary):
    """Every instrument an article makes a claim about, each studied with its own day 0.

    Attributes: ``article``, ``event``, ``claims``, ``analyses`` (ticker → :class:`Analysis`, in
    the order the article names them), ``skipped`` (ticker → why it could not be studied) and
    ``claim_checks`` (every claim, checked once).
    """

    article: Article
    event: Event
    claims: list[MarketClaim]
    analyses: dict[str, Analysis]
    skipped: dict[str, str]
    claim_checks: list[ClaimCheck]

    def cross_asset(self) -> CrossAssetResult:
        """The studies as a :class:`CrossAssetResult` (one row per asset, small multiples)."""
        bars = {t: an.prices[t] for t, an in self.analyses.items()}
        prov = {t: an.prices.provenance.get(t, {}) for t, an in self.analyses.items()}
        return CrossAssetResult(self.event, {t: an.study for t, an in self.analyses.items()}, dict(self.skipped),
                                Prices(bars, prov))

    def to_frame(self) -> pd.DataFrame:
        """One row per studied asset: day 0, return, AR(0), CAR(0,+1) with t and two-sided p (percent),
        and the verdicts of the claims about it."""
        df = self.cross_asset().to_frame()
        verdicts = {t: ", ".join(c.verdict for c in self.claim_checks if c.claim.ticker == t) for t in self.analyses}
        return df.assign(claims=df["ticker"].map(verdicts))

    def summary(self) -> str:
        w = 78
        out = [
            "=" * w,
            f"Article:  {self.article.headline or self.article.article_id}",
            f"Event:    {self.event.local_date} (precision: {self.event.precision}, timezone {self.event.timezone})",
            f"Evidence: \"{self.event.evidence}\"",
            f"Claims:   {len(self.claims)} about {len(self.analyses) + len(self.skipped)} instrument(s)",
        ]
        for t, an in self.analyses.items():
            st = an.study
            out += ["-" * w, f"{t}: day 0 {st.event_time.day0:%Y-%m-%d %a} [{st.event_time.rule}], "
                    f"model {st.fitted.name}" + (f" vs {st.benchmark}" if st.benchmark else "")]
            out += ["  " + c.describe() for c in an.claim_checks if c.claim.ticker == t]
            own = [c for c in self.claim_checks if c.claim.ticker == t]
            text = conclusion_text(st, own, self.article.publisher)
            out.append(textwrap.fill(text, width=w, initial_indent="  ", subsequent_indent="  "))
            out += [f"  [!] {m}" for m in st.warnings]
        for t, why in self.skipped.items():
            out += ["-" * w, f"{t}: not studied: {why}"]
        if self.analyses:
            out += ["-" * w, self.cross_asset().summary()]
        out.append("=" * w)
        return "\n".join(out)

    def _short_repr(self) -> str:
        return f"ArticleStudies(article={self.article.article_id!r}, assets={list(self.analyses)}, skipped={list(self.skipped)})"

    def _repr_html_(self) -> str:
        from html import escape

        head = (f"<p><b>{escape(self.article.headline or self.article.article_id)}</b><br>"
                f"Event {self.event.local_date} ({self.event.precision}); {len(self.analyses)} instrument(s) studied</p>")
        rows = "".join(
            f"<li>{escape(conclusion_text(an.study, [c for c in self.claim_checks if c.claim.ticker == t], self.article.publisher))}</li>"
            for t, an in self.analyses.items())
        skipped = "".join(f"<li>{escape(t)}: not studied ({escape(w)})</li>" for t, w in self.skipped.items())
        return head + self.to_frame().to_html(index=False, float_format=lambda x: f"{x:,.3f}") + f"<ul>{rows}{skipped}</ul>"

    def plot(self, kind: str = "small-multiples", **kwargs: Any):  # -> matplotlib Figure
        """Small multiples of every studied asset around its own day 0 (``kind="small-multiples"``)."""
        if kind != "small-multiples":
            raise ConfigurationError(f"unknown chart kind {kind!r} for every instrument of an article; use small-multiples")
        from .report import plot

        kwargs.setdefault("title", f"Who moved on the {_label(self.article)}?")
        kwargs.setdefault("subtitle", "% change in the close since the session before each asset's day 0")
        sources = sorted({_source_vendor(an.prices.provenance.get(t, {})) for t, an in self.analyses.items()})
        kwargs.setdefault("source", "; ".join(sources))
        return plot(self.cross_asset(), **kwargs)


def _label(article: Article) -> str:
    label = article.metadata.get("label") if article.metadata else None
    return str(label) if label else "news"


def _source_vendor(prov: dict) -> str:
    return {"bundled": "bundled snapshots", "yahoo": "Yahoo Finance", "cache": "Yahoo Finance"}.get(
        str(prov.get("source")), "user data")


def analyze_all(
    article: str | Path | Article,
    benchmark: str | None = DEFAULT_BENCHMARK,
    *,
    published: Any = None,
    timezone: str | None = None,
    prices: Prices | pd.DataFrame | None = None,
    **study: Any,
) -> ArticleStudies:
    """Study every instrument the article makes a claim about, each with its own day 0.

    Each ticker gets :func:`analyze` with the same options (``model``, ``estimation``, ``window``
    …); the benchmark itself, when the article makes a claim about it, is studied with the
    constant-mean model. A ticker that cannot be studied (no prices, too little history) is
    listed in ``skipped`` with the reason; every claim is still checked.
    """
    art = _as_article(article, published, timezone)
    event, claims = read_event(art, prices if isinstance(prices, Prices) else None)
    tickers = list(dict.fromkeys(c.ticker for c in claims if c.ticker))
    if not tickers:
        raise ConfigurationError(f"{art.article_id}: no claim about a known instrument; pass a ticker to study")
    analyses: dict[str, Analysis] = {}
    skipped: dict[str, str] = {}
    for t in tickers:
        opts = dict(study)
        if t == benchmark:
            opts["model"] = "constant-mean"
        try:
            analyses[t] = analyze(art, t, benchmark, prices=prices, **opts)
        except MarketImpactError as exc:
            skipped[t] = str(exc)
    if analyses:
        checks = next(iter(analyses.values())).claim_checks
    else:
        checks = check_claims(claims, event, prices if isinstance(prices, Prices) else None)
    return ArticleStudies(art, event, claims, analyses, skipped, checks)


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




@dataclass(repr=False)
class CrossAssetResult(ShowsSummary):
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

    def _short_repr(self) -> str:
        return f"CrossAssetResult(event={self.event.event_id!r}, assets={list(self.results)}, skipped={list(self.skipped)})"

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
        prices = load_around(sorted(set(tickers) | ({benchmark} if benchmark else set())), [event.local_date],
                             -spec.estimation.start, spec.window.end, what=f"the study of {event.local_date}")
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


__all__ = ["Analysis", "ArticleStudies", "CrossAssetResult", "MarketImpactError", "analyze", "analyze_all", "bundled_article",
           "check_claims", "cross_asset_study", "read_event", "resolve_unknown"]
