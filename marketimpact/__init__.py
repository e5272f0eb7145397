"""marketimpact: from a news story to a market-impact event study.

    >>> import marketimpact as mi
    >>> an = mi.analyze("data/articles/2025-02-12_ft_trump_putin_brent.md")  # doctest: +SKIP
    >>> print(an.summary())                                                  # doctest: +SKIP

The public API is what ``__all__`` lists; everything else may change.
"""

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
from .errors import MarketImpactError
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
    IntradayClaimCheck,
    IntradayEventStudy,
    IntradayStudyResult,
    MarketAdjustedModel,
    MarketModel,
    TestResult,
    check_claim,
    check_claim_at,
    event_session,
)
from .study.batch import BatchResult, batch_event_study
from .study.multi import MultiEventResult, event_study
from .types import Article, EstimationWindow, Event, EventWindow, MarketClaim

__version__ = "0.1.0"

__all__ = [
    "Analysis", "ArticleStudies", "analyze_all", "bundled_article", "Article", "BatchResult", "batch_event_study", "CrossAssetResult", "MultiEventResult", "cross_asset_study", "event_study", "plot", "ClaimCheck", "ConstantMeanModel", "EstimationWindow", "Event", "EventStudy",
    "EventStudyResult", "EventWindow", "FactorModel", "MarketAdjustedModel", "MarketClaim", "MarketImpactError",
    "MarketModel", "Prices", "TestResult", "__version__", "analyze", "article_from_text", "check_claim",
    "check_claims", "event_session", "extract_claims", "extract_event", "get_instrument", "load_prices",
    "read_article", "read_event", "register_instruments", "resolve_unknown", "search_symbol", "SymbolMatch", "ticker_for",
    "IntradayAnalysis", "IntradayClaimCheck", "IntradayEventStudy", "IntradayStudyResult", "analyze_intraday",
    "check_claim_at",
]
