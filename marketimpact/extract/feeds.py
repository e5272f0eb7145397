"""RSS 2.0 / Atom feeds → articles, with the standard library only.

``xml.etree`` does not fetch external entities, but it does expand internal ones
("billion laughs"). Feeds are therefore refused outright when they contain a
``<!DOCTYPE`` or ``<!ENTITY`` declaration (as ``defusedxml`` does): a news feed never
needs one. Item bodies that carry HTML are reduced to text with
:func:`marketimpact.extract.html.html_to_text` (scripts dropped).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from ..errors import ArticleFormatError
from ..types import Article

RE_FORBIDDEN = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


def looks_like_feed(data: bytes) -> bool:
    """True for RSS/Atom documents (by their root element)."""
    head = data[:2048].lstrip().lower()
    head = re.sub(rb"^<\?xml[^>]{0,200}\?>\s*", b"", head)
    head = re.sub(rb"^(?:<!--.{0,500}?-->\s*)+", b"", head, flags=re.S)
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf", b"<!doctype rss"))


def parse_feed(data: bytes, source: str = "feed") -> list[Article]:
    """Articles of an RSS 2.0 or Atom feed, in document order.

    Raises
    ------
    ArticleFormatError
        DOCTYPE/ENTITY declarations (refused), malformed XML, or not a feed.
    """
    if RE_FORBIDDEN.search(data):
        raise ArticleFormatError(f"{source}: DOCTYPE/ENTITY declarations are refused in feeds (XML entity attacks)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ArticleFormatError(f"{source}: malformed XML ({exc})") from None
    tag = root.tag.lower()
    if tag == "rss" or tag.endswith("rdf"):
        items = root.iter("item")
        return [a for i, it in enumerate(items) if (a := _rss_item(it, source, i)) is not None]
    if tag == f"{_ATOM}feed".lower() or tag == "feed":
        return [a for i, it in enumerate(root.iter(f"{_ATOM}entry")) if (a := _atom_entry(it, source, i)) is not None]
    raise ArticleFormatError(f"{source}: not an RSS or Atom feed (root element <{root.tag}>)")


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _body(raw: str) -> str:
    if "<" in raw and ">" in raw:
        from .articles import split_front_matter
        from .html import html_to_text

        _meta, body = split_front_matter(html_to_text(raw))
        return body
    return raw


def _published(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()  # RFC 822 (RSS)
    except (TypeError, ValueError, IndexError):
        return value  # ISO 8601 (Atom, dc:date)


def _make(title: str, body: str, published: str | None, link: str, source: str, i: int) -> Article | None:
    from .articles import article_from_text

    if not body.strip():
        body = title
    if not body.strip():
        return None
    return article_from_text(body, article_id=f"{source}#{i + 1}", published=published, headline=title or None,
                             source_path=link or source)


def _rss_item(it: ET.Element, source: str, i: int) -> Article | None:
    title = _text(it.find("title"))
    body = _body(_text(it.find(_CONTENT)) or _text(it.find("description")))
    pub = _published(_text(it.find("pubDate")) or _text(it.find(_DC_DATE)))
    return _make(title, body, pub, _text(it.find("link")), source, i)


def _atom_entry(it: ET.Element, source: str, i: int) -> Article | None:
    title = _text(it.find(f"{_ATOM}title"))
    body = _body(_text(it.find(f"{_ATOM}content")) or _text(it.find(f"{_ATOM}summary")))
    pub = _published(_text(it.find(f"{_ATOM}published")) or _text(it.find(f"{_ATOM}updated")))
    link_el = it.find(f"{_ATOM}link")
    link = link_el.get("href", "") if link_el is not None else ""
    return _make(title, body, pub, link, source, i)
