"""The event-study engine: event time, windows, normal-return models, AR/CAR and tests.

Names are imported on first use (PEP 562), so ``marketimpact.study.batch`` does not load
statsmodels through the per-event models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY: dict[str, str] = {
    "ClaimCheck": ".claims", "check_claim": ".claims", "EventTime": ".eventtime", "event_session": ".eventtime",
    "ConstantMeanModel": ".models", "FactorModel": ".models", "FittedModel": ".models",
    "MarketAdjustedModel": ".models", "MarketModel": ".models", "NormalReturnModel": ".models",
    "TestResult": ".results_base", "EventStudy": ".single", "EventStudyResult": ".single",
    "IntradayClaimCheck": ".claims_intraday", "check_claim_at": ".claims_intraday",
    "IntradayEventStudy": ".intraday", "IntradayStudyResult": ".intraday",
}

__all__ = [
    "ClaimCheck", "ConstantMeanModel", "EventStudy", "EventStudyResult", "EventTime", "FactorModel",
    "FittedModel", "MarketAdjustedModel", "MarketModel", "NormalReturnModel", "TestResult",
    "check_claim", "event_session", "IntradayClaimCheck", "IntradayEventStudy", "IntradayStudyResult",
    "check_claim_at",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'marketimpact.study' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:
    from .claims import ClaimCheck, check_claim
    from .claims_intraday import IntradayClaimCheck, check_claim_at
    from .eventtime import EventTime, event_session
    from .intraday import IntradayEventStudy, IntradayStudyResult
    from .models import ConstantMeanModel, FactorModel, FittedModel, MarketAdjustedModel, MarketModel, NormalReturnModel
    from .results_base import TestResult
    from .single import EventStudy, EventStudyResult
