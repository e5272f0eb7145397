"""Main text of an HTML page, with the standard library's parser (no network, no JS).

Paragraph-level elements become lines; script, style, nav, header, footer and aside
are dropped. ``<meta property="article:published_time">`` and ``<title>`` become front
matter so the publication time travels with the text.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "br", "article", "section"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
        elif tag == "meta":
            key = a.get("property") or a.get("name") or ""
            if key in ("article:published_time", "og:title", "og:site_name", "date"):
                self.meta[key] = a.get("content", "")
        elif tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible article text with a YAML front matter built from the page's metadata."""
    import yaml

    p = _Text()
    p.feed(html)
    lines = [" ".join(line.split()) for line in "".join(p.parts).split("\n")]
    body = "\n".join(line for line in lines if line)
    meta = {}
    if p.meta.get("article:published_time") or p.meta.get("date"):
        meta["published"] = p.meta.get("article:published_time") or p.meta.get("date")
    if p.meta.get("og:title") or p.title.strip():
        meta["headline"] = p.meta.get("og:title") or p.title.strip()
    if p.meta.get("og:site_name"):
        meta["publisher"] = p.meta["og:site_name"]
    if not meta:
        return body
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
