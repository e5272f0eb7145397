"""From article text to an Event and its MarketClaims (rule-based, offline)."""

from .articles import article_from_text, read_article
from .claims import extract_claims
from .events import extract_event

__all__ = ["article_from_text", "extract_claims", "extract_event", "read_article"]
