"""marketimpact: from a news story to a market-impact event study.

    >>> import marketimpact as mi
    >>> an = mi.analyze("data/articles/2025-02-12_ft_trump_putin_brent.md")  # doctest: +SKIP
    >>> print(an.summary())                                                  # doctest: +SKIP

The public API is what ``__all__`` lists; everything else may change.

Attributes are imported on first use (PEP 562 ``__getattr__``): ``import marketimpact`` and
``marketimpact --help`` do not load pandas, scipy or statsmodels until a feature needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _hooks
from .errors import MarketImpactError

__version__ = "0.1.0"

#: public name → module that defines it (imported on first access)
_LAZY: dict[str, str] = {
    "Analysis": ".analysis", "CrossAssetResult": ".analysis", "analyze": ".analysis", "check_claims": ".analysis",
    "cross_asset_study": ".analysis",
    "article_from_text": ".extract", "extract_claims": ".extract", "extract_event": ".extract",
    "read_article": ".extract",
    "get_instrument": ".instruments", "register_instruments": ".instruments", "ticker_for": ".instruments",
    "Prices": ".prices.frame", "load_prices": ".prices.loader",
    "plot": ".report",
    "ClaimCheck": ".study.claims", "check_claim": ".study.claims", "event_session": ".study.eventtime",
    "ConstantMeanModel": ".study.models", "FactorModel": ".study.models", "MarketAdjustedModel": ".study.models",
    "MarketModel": ".study.models", "TestResult": ".study.results_base", "EventStudy": ".study.single",
    "EventStudyResult": ".study.single",
    "batch_event_study": ".study.batch",
    "MultiEventResult": ".study.result", "event_study": ".study.engine", "StudySpec": ".study.spec",
    "Article": ".types", "EstimationWindow": ".types", "Event": ".types", "EventWindow": ".types",
    "MarketClaim": ".types",
    "ArticleStudies": ".analysis", "analyze_all": ".analysis", "bundled_article": ".analysis",
    "read_event": ".analysis", "resolve_unknown": ".analysis",
    "IntradayAnalysis": ".analysis_intraday", "analyze_intraday": ".analysis_intraday",
    "IntradayClaimCheck": ".study.claims_intraday", "check_claim_at": ".study.claims_intraday",
    "IntradayEventStudy": ".study.intraday", "IntradayStudyResult": ".study.intraday",
    "SymbolMatch": ".prices.symbol_search", "search_symbol": ".prices.symbol_search",
}

__all__ = [
    "Analysis", "ArticleStudies", "analyze_all", "bundled_article", "Article", "batch_event_study", "CrossAssetResult", "MultiEventResult", "cross_asset_study", "event_study", "StudySpec", "plot", "ClaimCheck", "ConstantMeanModel", "EstimationWindow", "Event", "EventStudy",
    "EventStudyResult", "EventWindow", "FactorModel", "MarketAdjustedModel", "MarketClaim", "MarketImpactError",
    "MarketModel", "Prices", "TestResult", "__version__", "analyze", "article_from_text", "check_claim",
    "check_claims", "event_session", "extract_claims", "extract_event", "get_instrument", "load_prices",
    "read_article", "read_event", "register_instruments", "resolve_unknown", "search_symbol", "SymbolMatch", "ticker_for",
    "IntradayAnalysis", "IntradayClaimCheck", "IntradayEventStudy", "IntradayStudyResult", "analyze_intraday",
    "check_claim_at",
]


#: subpackages and modules reachable as attributes (``mi.prices``, ``mi.study`` …), imported on first access
_SUBMODULES = frozenset({"analysis", "analysis_intraday", "charts", "cli", "errors", "extract", "html_report",
                         "instruments", "prices", "report", "study", "types", "witness"})


def _plot_result(result: Any, kind: str | None = None, **kwargs: Any) -> Any:
    """:func:`marketimpact.report.plot`, loaded on first use (the study layer's ``plot()`` calls this)."""
    from .report import plot

    return plot(result, kind, **kwargs)


_hooks.plotter = _plot_result


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'marketimpact' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)


if TYPE_CHECKING:  # static analysers and IDEs see the eager imports
    from .analysis import (
        Analysis,
        ArticleStudies,
        CrossAssetResult,
        analyze,
        analyze_all,
        bundled_article,
        check_claims,
        cross_asset_study,
        read_event,
        resolve_unknown,
    )
    from .analysis_intraday import IntradayAnalysis, analyze_intraday
    from .extract import article_from_text, extract_claims, extract_event, read_article
    from .instruments import get_instrument, register_instruments, ticker_for
    from .prices import Prices, load_prices
    from .prices.symbol_search import SymbolMatch, search_symbol
    from .report import plot
    from .study import (
        ClaimCheck,
        ConstantMeanModel,
        EventStudy,
        EventStudyResult,
        FactorModel,
        MarketAdjustedModel,
        MarketModel,
        TestResult,
        check_claim,
        event_session,
    )
    from .study.batch import batch_event_study
    from .study.claims_intraday import IntradayClaimCheck, check_claim_at
    from .study.engine import event_study
    from .study.intraday import IntradayEventStudy, IntradayStudyResult
    from .study.result import MultiEventResult
    from .study.spec import StudySpec
    from .types import Article, EstimationWindow, Event, EventWindow, MarketClaim
