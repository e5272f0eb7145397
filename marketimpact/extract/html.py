"""Main text of an HTML page, extracted with trafilatura (no network, no JavaScript).

Why trafilatura: it is the maintained main-content extractor used to build web text
corpora (boilerplate removal with readability/jusText fallbacks, metadata via htmldate),
so menus, teasers, "most read" boxes, scripts and styles stay out of the text the
extractor reads. It is called with ``favor_precision=True``: a stray price line from a
teaser is worse for us than a lost caption. A paragraph repeated verbatim many times on one
page is treated as boilerplate by trafilatura and dropped. Speed: about 1 MB of HTML per second
here (a 5 MB page of 40,000 distinct paragraphs in 4.6 s).

Metadata travels as YAML front matter so the rest of the pipeline sees one format:

* ``published`` — the page's own ``<meta property="article:published_time">`` (or
  ``name="date"`` / ``itemprop="datePublished"``) verbatim, keeping its time and UTC
  offset; only when there is none, trafilatura's date (day precision, never a made-up
  midnight).
* ``headline`` — trafilatura's title (``og:title``, ``<title>``, ``<h1>``).
* ``publisher`` — trafilatura's site name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import ArticleFormatError, ConfigurationError

#: meta keys (property/name/itemprop) that carry the publication time, best first
_PUBLISHED_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "dc.date")


class _MetaTimes(HTMLParser):
    """Collects publication-time ``<meta>`` values (fed only the page's head: metadata lives there)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        a = {k: (v or "") for k, v in attrs}
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key in _PUBLISHED_KEYS and a.get("content", "").strip():
            self.found.setdefault(key, a["content"].strip())


def _published_meta(html: str, source: str = "page", strict: bool = True) -> str | None:
    """The first ISO-8601 publication time in the head's ``<meta>`` tags.

    A value that is not ISO-8601 ("Feb 12, 2025") is passed over (trafilatura's normalised
    date is used instead); one that is ISO-shaped but does not exist (2025-02-31, an offset
    of +25:00) is an :class:`ArticleFormatError` when ``strict`` — replacing it with another
    date would move the event without a word. ``strict=False`` (the user gave ``--published``)
    passes over it too.
    """
    end = html.lower().find("<body")
    parser = _MetaTimes()
    parser.feed(html[: end if end > 0 else 200_000])
    parser.close()
    from .articles import _RE_ISO_SHAPED, parse_published

    for key in _PUBLISHED_KEYS:
        value = parser.found.get(key)
        if value:
            try:
                parse_published(value)  # the parser the front matter goes through later
            except ConfigurationError as exc:
                if strict and _RE_ISO_SHAPED.match(value):
                    raise ArticleFormatError(f"{source}: <meta {key}> {str(exc).removeprefix('published ')}; "
                                             "fix the page or pass --published") from None
                continue  # "Feb 12, 2025" and the like: trafilatura's normalised date is used instead
            return value
    return None


#: most attributes one tag may carry; real pages stay far below (libxml2 takes minutes on 200,000)
MAX_ATTRIBUTES = 1000
_RE_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")


def check_attribute_counts(html: str, source: str = "page") -> None:
    """Refuse a page with a tag of more than :data:`MAX_ATTRIBUTES` attributes, before any parser
    sees it (one linear pass: the text between each ``<`` and the next ``>``, quoted values removed)."""
    for chunk in html.split("<")[1:]:
        if chunk.count("=") <= MAX_ATTRIBUTES and len(chunk) <= 20 * MAX_ATTRIBUTES:
            continue  # cheap bound: cannot hold that many attributes
        end = chunk.find(">")
        tag = _RE_QUOTED.sub(" ", chunk if end < 0 else chunk[:end])
        n = len(tag.split()) - 1
        if n > MAX_ATTRIBUTES:
            raise ArticleFormatError(
                f"{source}: a <{tag.split()[0][:20]}> tag has {n:,} attributes (more than {MAX_ATTRIBUTES:,}); "
                "not a news page"
            )


class _Fragment(HTMLParser):
    """Text of an HTML fragment: block elements end lines; script/style content is dropped."""

    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"})
    _SKIP = frozenset({"script", "style", "template", "noscript", "svg", "iframe", "object"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def fragment_to_text(fragment: str) -> str:
    """Text of an HTML *fragment* such as a feed item's body (no boilerplate to remove).

    trafilatura needs a page to judge what is boilerplate and returns nothing for a
    one-paragraph fragment, so feed bodies (already sanitised by feedparser) are only
    reduced to their text here: one line per block element.
    """
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    return _tidy_lines("".join(parser.parts))


def _tidy_lines(text: str) -> str:
    """One line per paragraph: runs of whitespace collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extract_html(html: str, source: str = "page", published_given: bool = False) -> tuple[dict[str, str], str]:
    """``(metadata, main_text)`` of an HTML page; the text is ``""`` when the page has none.

    Paragraphs come out one per line; ``metadata`` has ``published``, ``headline`` and
    ``publisher`` where the page states them.

    Raises
    ------
    ArticleFormatError
        A tag with more than :data:`MAX_ATTRIBUTES` attributes, or (unless ``published_given``)
        a publication ``<meta>`` date that does not exist.
    """
    import trafilatura

    check_attribute_counts(html, source)
    precise = _published_meta(html, source, strict=not published_given)

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta: dict[str, str] = {}
    text = ""
    if doc is not None:
        text = (doc.text or "").strip()
        if doc.title:
            meta["headline"] = " ".join(doc.title.split())
        if doc.sitename:
            meta["publisher"] = doc.sitename.strip()
        if doc.date:
            meta["published"] = doc.date
    if precise:
        meta["published"] = precise
    first, _, rest = text.partition("\n")
    if meta.get("headline") and " ".join(first.split()) == meta["headline"] and rest.strip():
        text = rest  # the page repeats its title as the first line: the headline is metadata, not body
    return meta, _tidy_lines(text)


def html_to_text(html: str, source: str = "page", published_given: bool = False) -> str:
    """Visible article text, with a YAML front matter built from the page's metadata
    (``source`` names the page in errors; see :func:`extract_html`)."""
    import yaml

    meta, body = extract_html(html, source, published_given)
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
