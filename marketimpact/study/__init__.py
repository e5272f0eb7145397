"""The event-study engine: event time, windows, normal-return models, AR/CAR and tests."""

from .claims import ClaimCheck, check_claim
from .claims_intraday import IntradayClaimCheck, check_claim_at
from .eventtime import EventTime, event_session
from .intraday import IntradayEventStudy, IntradayStudyResult
from .models import ConstantMeanModel, FactorModel, FittedModel, MarketAdjustedModel, MarketModel, NormalReturnModel
from .results_base import TestResult
from .single import EventStudy, EventStudyResult

__all__ = [
    "ClaimCheck", "ConstantMeanModel", "EventStudy", "EventStudyResult", "EventTime", "FactorModel",
    "FittedModel", "MarketAdjustedModel", "MarketModel", "NormalReturnModel", "TestResult",
    "check_claim", "event_session", "IntradayClaimCheck", "IntradayEventStudy", "IntradayStudyResult",
    "check_claim_at",
]
