"""RSS 0.9x/1.0/2.0 and Atom feeds → articles, parsed with feedparser.

Why feedparser: it is the maintained reference parser for the feed dialects met in
the wild (RSS 0.9x–2.0, RDF, Atom 0.3/1.0, ``content:encoded``, Dublin Core dates) and
it sanitises item HTML (scripts, styles and event handlers removed) before we see it.

Safety: feedparser is only ever given **bytes**, never a string that could be read as a
URL or a path (it would fetch or open it). Documents with a ``<!DOCTYPE`` or
``<!ENTITY`` declaration are refused before parsing (as ``defusedxml`` does): a news
feed never needs one, and entity expansion is the classic XML attack ("billion
laughs", external entities reading local files). The declarations are looked for in the
*decoded* text — in every encoding an XML parser could read the bytes as (UTF-8, UTF-16 and
UTF-32 of both byte orders, EBCDIC, and the encoding the document declares) — so a UTF-16 or
UTF-7 feed cannot hide one from a byte search.

Publication times keep the feed's own text (RFC 822 for RSS, ISO 8601 for Atom) with
its UTC offset; feedparser's ``*_parsed`` fields are UTC ``struct_time`` and would lose
the publisher's offset, which the weekday rules need.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import ArticleFormatError, ConfigurationError
from ..types import Article

RE_FORBIDDEN = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_RE_DECLARED = re.compile(r"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
#: encodings an XML parser may detect without a declaration (XML 1.0, appendix F), plus EBCDIC
_XML_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp037")


def has_declarations(data: bytes) -> bool:
    """True when ``data`` carries a DOCTYPE or ENTITY declaration in any encoding it could be read in."""
    texts = [data.decode(enc, errors="ignore") for enc in _XML_ENCODINGS]
    declared = {m.group(1).lower() for t in texts if (m := _RE_DECLARED.search(t[:1000]))}
    for enc in declared - set(_XML_ENCODINGS):
        try:
            texts.append(data.decode(enc, errors="ignore"))
        except LookupError:  # an unknown encoding: feedparser cannot use it either
            continue
    return any(RE_FORBIDDEN.search(t) for t in texts)


def looks_like_feed(data: bytes) -> bool:
    """True for RSS/Atom documents (by their root element)."""
    head = data[:2048].lstrip().lower()
    head = re.sub(rb"^<\?xml[^>]{0,200}\?>\s*", b"", head)
    head = re.sub(rb"^(?:<!--.{0,500}?-->\s*)+", b"", head, flags=re.S)
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<!doctype rss"))


def parse_feed(data: bytes, source: str = "feed") -> list[Article]:
    """Articles of an RSS or Atom feed, in document order.

    A feed with small XML errors is still read when feedparser recovers its items
    (real feeds often have them); one from which no item can be recovered is refused.

    Raises
    ------
    ArticleFormatError
        DOCTYPE/ENTITY declarations (refused), malformed XML with no recoverable item,
        or a document that is not a feed.
    """
    import feedparser

    if not isinstance(data, bytes | bytearray):
        raise TypeError("parse_feed takes the feed's bytes (a str could be fetched as a URL)")
    if has_declarations(bytes(data)):
        raise ArticleFormatError(f"{source}: DOCTYPE/ENTITY declarations are refused in feeds (XML entity attacks)")
    parsed = feedparser.parse(bytes(data), sanitize_html=True, resolve_relative_uris=False)
    articles = [a for i, entry in enumerate(parsed.entries) if (a := _article(entry, source, i)) is not None]
    if articles:
        return articles
    if parsed.bozo:
        raise ArticleFormatError(f"{source}: malformed XML ({parsed.bozo_exception}) and no readable item")
    if not parsed.version:
        raise ArticleFormatError(f"{source}: not an RSS or Atom feed")
    return []


def _body(entry: Any) -> str:
    from .html import fragment_to_text

    contents = entry.get("content") or []
    raw = next((c.get("value", "") for c in contents if c.get("value", "").strip()), "") or entry.get("summary", "")
    return fragment_to_text(raw) if "<" in raw else raw.strip()


_RE_RFC822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+(\d{1,4})\b")


def _published(entry: Any) -> dt.datetime | dt.date | None:
    """The entry's publication time; ``None`` when missing, unreadable or outside the years
    that can be studied (a date problem must not sink the other items)."""
    from .articles import parse_published

    value = (entry.get("published") or entry.get("updated") or "").strip()
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)  # RFC 822 (RSS), offset kept
    except (TypeError, ValueError, IndexError, OverflowError):
        when = None
    if when is not None:
        year = _RE_RFC822_YEAR.search(value)
        if year and len(year.group(1)) == 4 and int(year.group(1)) != when.year:
            return None  # "0001" read as 2001 by the two-digit-year rule: not a usable date
        try:
            return parse_published(when)
        except ConfigurationError:
            return None
    try:
        return parse_published(value)  # ISO 8601 (Atom, dc:date); a bare date stays a date
    except ConfigurationError:
        return None  # an unreadable date ("yesterday") must not sink the other items


def _article(entry: Any, source: str, i: int) -> Article | None:
    from .articles import article_from_text

    title = " ".join(str(entry.get("title", "")).split())
    body = _body(entry) or title
    if not body.strip():
        return None
    return article_from_text(body, article_id=f"{source}#{i + 1}", published=_published(entry), headline=title or None,
                             source_path=entry.get("link") or source)
