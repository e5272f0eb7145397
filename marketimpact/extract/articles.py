"""Read articles: plain text, text/Markdown with YAML front matter.

Front matter is parsed with ``yaml.safe_load`` (never ``yaml.load``). Recognised keys:
``id, headline, publisher, published, timezone, dateline``; others are kept in
``Article.metadata`` (e.g. a test corpus's ``expected`` block).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..errors import ArticleFormatError, ArticleNotFoundError, ConfigurationError
from ..types import Article
from .dateline import find_dateline, split_headline

RE_YEAR_IN_DATELINE = re.compile(r"\b(?:19|20)\d\d\b")
#: Articles larger than this are refused (a news story is a few kB; 20 MB is a mistake).
MAX_BYTES = 20 * 1024 * 1024


@lru_cache(maxsize=256)
def _check_zone(name: str) -> None:
    ZoneInfo(name)


def parse_timezone(name: str | None) -> str | None:
    """Validate an IANA timezone name (``Europe/London``); ``None`` passes through."""
    if name is None or name == "":
        return None
    try:
        _check_zone(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"unknown timezone {name!r}; use an IANA name such as Europe/London") from None
    return str(name)


def parse_published(value: Any) -> dt.datetime | dt.date | None:
    """Parse a publication timestamp: ISO-8601 datetime (with offset) or a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigurationError(f"published {value!r} is not an ISO-8601 date or datetime (e.g. 2025-02-12T18:30+00:00)") from None


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """Split ``---``-delimited YAML front matter from the body."""
    if not raw.startswith("---"):
        return {}, raw
    lines = raw.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            header = "\n".join(lines[1:i])
            try:
                meta = yaml.safe_load(header) or {}
            except yaml.YAMLError as exc:
                raise ArticleFormatError(f"malformed front matter: {str(exc).splitlines()[0]}") from None
            if not isinstance(meta, dict):
                raise ArticleFormatError("front matter must be a mapping of keys to values")
            return meta, "\n".join(lines[i + 1 :]).lstrip("\n")
    raise ArticleFormatError("front matter opened with '---' but never closed")


def article_from_text(
    raw: str,
    article_id: str = "article",
    published: Any = None,
    timezone: str | None = None,
    headline: str | None = None,
    publisher: str | None = None,
    dateline: str | None = None,
    source_path: str | None = None,
) -> Article:
    """Build an :class:`Article` from text (with optional front matter); arguments win over it."""
    meta, body = split_front_matter(raw.replace("\r\n", "\n"))
    if not body.strip():
        raise ArticleFormatError(f"article {article_id!r} has no text")
    if not meta:
        first_line, rest = split_headline(body)
        if first_line is not None and rest.strip():
            headline = headline or first_line
            body = rest
    pub = parse_published(published if published is not None else meta.get("published"))
    year = pub.year if pub is not None else None
    line = find_dateline(body, year)
    if line is not None:
        dateline = dateline or meta.get("dateline") or line.city
        publisher = publisher or meta.get("publisher") or line.publisher
        if pub is None and line.date is not None and RE_YEAR_IN_DATELINE.search(body[line.span[0] : line.span[1]]):
            pub = line.date
    tz = parse_timezone(timezone or meta.get("timezone"))
    if tz is None and isinstance(pub, dt.datetime) and pub.tzinfo is not None:
        tz = "UTC" if pub.utcoffset() == dt.timedelta(0) else None
    return Article(
        text=body,
        article_id=str(meta.get("id") or article_id),
        headline=headline or meta.get("headline"),
        publisher=publisher or meta.get("publisher"),
        published=pub,
        timezone=tz,
        dateline=dateline or meta.get("dateline"),
        source_path=source_path,
        metadata=meta,
    )


def read_article(path: str | Path, **overrides: Any) -> Article:
    """Read an article file (``.txt`` or ``.md``, optional YAML front matter).

    Keyword overrides (``published``, ``timezone``, ``headline``, ``publisher``,
    ``dateline``) take precedence over the front matter.

    Raises
    ------
    ArticleNotFoundError, ArticleFormatError
    """
    p = Path(path)
    if not p.exists():
        raise ArticleNotFoundError(f"article file not found: {p}")
    if p.is_dir():
        raise ArticleFormatError(f"{p} is a directory, not an article file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ArticleFormatError(f"{p.name} is {size / 1e6:.0f} MB; articles above {MAX_BYTES // 2**20} MB are refused")
    data = p.read_bytes()
    if b"\x00" in data[:8192]:
        raise ArticleFormatError(f"{p.name} looks binary (NUL bytes), not a text article")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleFormatError(f"{p.name} is not UTF-8 text") from None
    if p.suffix.lower() in {".html", ".htm"} or raw.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        from .html import html_to_text

        raw = html_to_text(raw)
    return article_from_text(raw, article_id=p.stem, source_path=str(p), **overrides)


#: file types read from a directory of articles
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}


def read_articles(path: str | Path, **overrides: Any) -> list[Article]:
    """Every article in ``path``: one article file, an RSS/Atom feed, or a directory of them.

    A directory is read non-recursively in name order (``README*`` files are skipped);
    feeds inside it are expanded. Keyword overrides apply to every article.

    Raises
    ------
    ArticleNotFoundError, ArticleFormatError
    """
    from .feeds import looks_like_feed, parse_feed

    p = Path(path)
    if not p.exists():
        raise ArticleNotFoundError(f"article path not found: {p}")
    if p.is_dir():
        out: list[Article] = []
        for child in sorted(p.iterdir()):
            if not child.is_file() or child.name.lower().startswith("readme") or child.name.startswith("."):
                continue
            if child.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES:
                out.extend(read_articles(child, **overrides))
        return out
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise ArticleFormatError(f"{p.name} is {size / 1e6:.0f} MB; articles above {MAX_BYTES // 2**20} MB are refused")
    head = p.read_bytes() if p.suffix.lower() in FEED_SUFFIXES else p.open("rb").read(4096)
    if p.suffix.lower() in FEED_SUFFIXES or looks_like_feed(head):
        data = p.read_bytes()
        arts = parse_feed(data, source=p.name)
        if overrides:
            arts = [article_from_text(a.text, article_id=a.article_id, published=overrides.get("published") or a.published,
                                      timezone=overrides.get("timezone"), headline=overrides.get("headline") or a.headline,
                                      publisher=overrides.get("publisher"), dateline=overrides.get("dateline"),
                                      source_path=a.source_path) for a in arts]
        return arts
    return [read_article(p, **overrides)]
