"""From article text to an Event and its MarketClaims (rule-based, offline)."""

from .articles import article_from_text, read_article, read_articles
from .claim_sessions import attach_sessions
from .claims import extract_claims
from .events import extract_event
from .infer import SessionCandidate, infer_date_from_claims

__all__ = [
    "SessionCandidate",
    "article_from_text",
    "attach_sessions",
    "extract_claims",
    "extract_event",
    "infer_date_from_claims",
    "read_article",
    "read_articles",
]
