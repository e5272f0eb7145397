"""Read articles: plain text, text/Markdown with YAML front matter.

Front matter is parsed with a ``yaml.SafeLoader`` (never ``yaml.load``'s full loader). Recognised keys:
``id, headline, publisher, published, timezone, dateline``; others are kept in
``Article.metadata`` (e.g. a test corpus's ``expected`` block).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from ..errors import ArticleFormatError, ArticleNotFoundError, ArticleSkippedWarning, ConfigurationError
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


#: publication dates marketimpact can study: the range of a pandas (nanosecond) timestamp, whole years
MIN_YEAR, MAX_YEAR = 1678, 2261

_RE_ISO_SHAPED = re.compile(r"[+-]?\d{4}-?\d{2}-?\d{2}(?:[T ]|$)")


def _check_year(value: Any, d: dt.date) -> None:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise ConfigurationError(
            f"published {value!s} is outside the years marketimpact can study ({MIN_YEAR}–{MAX_YEAR})"
        )


def parse_published(value: Any) -> dt.datetime | dt.date | None:
    """Parse a publication timestamp: ISO-8601 datetime (with offset) or a date.

    Raises :class:`ConfigurationError` naming the mistake: not ISO-8601, a date or time that
    does not exist (2025-02-31, an offset of +25:00), a number (20250212) or a year outside
    ``MIN_YEAR``–``MAX_YEAR``.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):  # datetime included
        _check_year(value, value)
        return value
    if isinstance(value, bool | int | float):
        raise ConfigurationError(f"published {value!r} is a number, not a date; write it as YYYY-MM-DD")
    text = str(value).strip()
    try:
        parsed = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        if _RE_ISO_SHAPED.match(text):
            reason = str(exc).split(",")[0] if "offset" not in str(exc) else "the UTC offset must be within ±24 hours"
            raise ConfigurationError(f"published {value!r} is not a valid ISO-8601 date: it does not exist ({reason})") from None
        raise ConfigurationError(f"published {value!r} is not an ISO-8601 date or datetime (e.g. 2025-02-12T18:30+00:00)") from None
    _check_year(value, parsed)
    return parsed


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that keeps a timestamp which does not exist (2025-02-31) as its text,
    so that the key it belongs to gets a named error instead of YAML's bare ValueError."""

    def construct_yaml_timestamp(self, node):  # type: ignore[no-untyped-def]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


def _safe_load(text: str) -> Any:
    """``yaml.safe_load`` with :class:`_FrontMatterLoader` (a ``SafeLoader``: no Python objects)."""
    loader = _FrontMatterLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()

#: front-matter keys whose value must be text
TEXT_KEYS = ("headline", "publisher", "timezone", "dateline")


def _check_front_matter(meta: dict[str, Any], article_id: str) -> None:
    """Named errors for typed YAML values a typo produces (``headline: 123``, ``published: 2025-02-31``)."""
    for key in TEXT_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise ArticleFormatError(
                f"{article_id}: front matter {key}: {value!r} is {_kind(value)}, not text; put it in quotes"
            )
    if meta.get("id") is not None and not isinstance(meta["id"], str | int):
        raise ArticleFormatError(f"{article_id}: front matter id: {meta['id']!r} is not text; put it in quotes")
    try:
        parse_published(meta.get("published"))
    except ConfigurationError as exc:
        raise ArticleFormatError(f"{article_id}: front matter {exc} (or pass --published)") from None
    try:
        parse_timezone(meta.get("timezone"))
    except ConfigurationError as exc:
        raise ArticleFormatError(f"{article_id}: front matter {exc} (or pass --timezone)") from None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return {list: "a list", dict: "a mapping"}.get(type(value), f"a {type(value).__name__}")


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """Split ``---``-delimited YAML front matter from the body."""
    if not raw.startswith("---"):
        return {}, raw
    lines = raw.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            header = "\n".join(lines[1:i])
            try:
                meta = _safe_load(header) or {}
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
    meta, body = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"))  # CRLF and CR-only ends
    if not body.strip():
        raise ArticleFormatError(f"article {article_id!r} has no text")
    given = {"published": published is not None, "timezone": bool(timezone)}  # arguments win over the file
    _check_front_matter({k: v for k, v in meta.items() if not given.get(k)}, str(meta.get("id") or article_id))
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
    raw = decode_article(read_limited(p), p.name)
    if p.suffix.lower() in {".html", ".htm"} or raw.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        from .html import html_to_text

        raw = html_to_text(raw, source=p.name, published_given=overrides.get("published") is not None)
    return article_from_text(raw, article_id=p.stem, source_path=str(p), **overrides)


def _too_big(name: str, size: float | None = None) -> ArticleFormatError:
    what = f"{size / 1e6:.0f} MB" if size is not None else f"more than {MAX_BYTES // 2**20} MB"
    return ArticleFormatError(f"{name} is {what}; articles above {MAX_BYTES // 2**20} MB are refused")


def read_limited(p: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``p``, refusing more than ``limit`` of them by what is *read*, not by what
    ``stat`` says (``/dev/zero``, a pipe or a growing file report a size of 0).

    A start that is binary (NUL bytes that are not UTF-16/32 text) is refused after 8 KiB.
    """
    if p.is_file() and (size := p.stat().st_size) > limit:
        raise _too_big(p.name, size)
    with p.open("rb") as fh:
        head = fh.read(8192)
        if b"\x00" in head and _utf16_32(head) is None:
            raise ArticleFormatError(f"{p.name} looks binary (NUL bytes), not a text article")
        data = head + fh.read(limit + 1 - len(head))
    if len(data) > limit:
        raise _too_big(p.name)
    return data


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _utf16_32(head: bytes) -> str | None:
    """``"utf-16"``/``"utf-32"`` codec name when ``head`` is UTF-16/32 text (BOM, or the NUL
    pattern of mostly-ASCII text without one); else ``None``."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec if codec != "utf-8-sig" else None
    n = len(head) // 4 * 4
    if n < 8:
        return None
    cols = [head[i:n:4].count(0) / (n // 4) for i in range(4)]  # share of NUL bytes at each offset mod 4
    if cols[0] < 0.1 and min(cols[1:]) > 0.9:
        return "utf-32-le"
    if cols[3] < 0.1 and min(cols[:3]) > 0.9:
        return "utf-32-be"
    even, odd = (cols[0] + cols[2]) / 2, (cols[1] + cols[3]) / 2
    if even < 0.1 and odd > 0.9:
        return "utf-16-le"
    if odd < 0.1 and even > 0.9:
        return "utf-16-be"
    return None


def decode_article(data: bytes, name: str = "article") -> str:
    """Text of an article file: UTF-8 (BOM optional), or UTF-16/32 with or without a BOM.

    Raises
    ------
    ArticleFormatError
        Binary data, or bytes that are not valid in the encoding found.
    """
    codec = _utf16_32(data[:8192])
    if codec is None and b"\x00" in data[:8192]:
        raise ArticleFormatError(f"{name} looks binary (NUL bytes), not a text article")
    try:
        return data.decode(codec or "utf-8-sig")
    except UnicodeDecodeError as exc:
        enc = (codec or "UTF-8").upper().replace("-LE", "").replace("-BE", "")
        raise ArticleFormatError(
            f"{name} is not valid {enc} text (byte {exc.start}); save it as UTF-8"
        ) from None


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
        bad: list[tuple[str, str]] = []
        for child in sorted(p.iterdir()):
            if not child.is_file() or child.name.lower().startswith("readme") or child.name.startswith("."):
                continue
            if child.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES:
                try:
                    out.extend(read_articles(child, **overrides))
                except ArticleFormatError as exc:  # one bad file must not sink the folder
                    bad.append((child.name, str(exc)))
        if bad and not out:
            raise ArticleFormatError(f"no readable article in {p}: {len(bad)} bad file(s); {bad[0][0]}: {bad[0][1]}")
        for name, reason in bad:
            warnings.warn(ArticleSkippedWarning(name, reason), stacklevel=2)
        return out
    with p.open("rb") as fh:
        head = fh.read(4096)
    if p.suffix.lower() in FEED_SUFFIXES or looks_like_feed(head):
        data = read_limited(p)
        arts = parse_feed(data, source=p.name)
        if overrides:
            arts = [article_from_text(a.text, article_id=a.article_id, published=overrides.get("published") or a.published,
                                      timezone=overrides.get("timezone"), headline=overrides.get("headline") or a.headline,
                                      publisher=overrides.get("publisher"), dateline=overrides.get("dateline"),
                                      source_path=a.source_path) for a in arts]
        return arts
    return [read_article(p, **overrides)]
